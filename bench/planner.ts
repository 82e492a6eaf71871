// Planner benchmark: movement against the lower bound, balance reached, time and memory.
// Small cases (in this process): bytes moved <= 1.02 x lower bound, bytes per broker within 5 % of the mean.
// Large cases (each in a fresh process, so peak RSS is its own): Kafka's files for the layout (the current assignment
// as kafka-reassign-partitions.sh JSON, kafka-log-dirs.sh --describe output) are written to a temp dir, read back
// through the product's readers, planned, and the plan written as Kafka's JSON, as `kfp plan --assignment` does.
// Limits: 1.3M replicas over 270 -> 300 brokers (the size of Cruise Control issue #1592,
// https://github.com/linkedin/cruise-control/issues/1592): plan <= 10 s, end to end <= 15 s, peak RSS <= 1 GB;
// 300k replicas: end to end <= 2 s.
// Run: npm run bench:planner   (only the large cases: npm run bench:planner -- --large)
// Profiling one large case: node --cpu-prof out/bench/planner.js --measure 1 DIR (after --generate 1 DIR); with
// KFP_BENCH_STOP=read or =planned the process exits after that phase, so node --heap-prof shows what is live there.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseBrokerList,
  readAssignmentTable,
  readLogDirsTable,
  reassignmentJsonPieces,
  snapshotFromKafkaFiles,
} from '../src/core/kafkaFormats';
import { topicPartitionKey, type ClusterSnapshot } from '../src/core/model';
import { planReassignment, planToReassignment, type Plan, type PlanOptions } from '../src/core/planner/plan';
import { seededRandom } from '../src/core/random';
import type { PartitionTraffic, TrafficModel } from '../src/core/traffic';
import { formatBytes } from '../src/core/units';
import { heavyTailedScenario, largeSkewedScenario, talkScenario, addBrokersOnRacksAbc } from '../test/fixtures/scenarios';

function spread(plan: Plan): number {
  const bytes = plan.after.filter((b) => plan.brokers.includes(b.id)).map((b) => b.bytes);
  const mean = bytes.reduce((a, b) => a + b, 0) / bytes.length;
  return Math.max(...bytes.map((b) => Math.abs(b - mean) / mean));
}

/** Worst broker per goal after the plan: from the planner's goal reports, or (without them) from its totals. */
function worstPerGoal(plan: Plan): string[] {
  if (plan.goals.length) {
    return plan.goals.map((g) => {
      const ratio = (r: number | null) => (r === null ? '-' : `${r.toFixed(3)} x`);
      const worst = g.worstBroker === null ? '' : ` (broker ${g.worstBroker})`;
      return `${g.id.padEnd(22)} ${g.verdict.padEnd(15)} worst/target ${ratio(g.worstRatioBefore)} -> ${ratio(g.worstRatio)}${worst}`;
    });
  }
  const inPlan = plan.after.filter((b) => plan.brokers.includes(b.id));
  return (['bytes', 'replicas', 'leaders'] as const).map((key) => {
    const mean = inPlan.reduce((s, b) => s + b[key], 0) / inPlan.length;
    const worst = inPlan.reduce((w, b) => (b[key] > w[key] ? b : w));
    return `${key.padEnd(22)} worst/mean ${(worst[key] / mean).toFixed(3)} x (broker ${worst.id}; the planner gave no goal reports)`;
  });
}

function runSmall(name: string, snapshot: ClusterSnapshot, options: PlanOptions): void {
  if (global.gc) global.gc();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = process.hrtime.bigint();
  const plan = planReassignment(snapshot, options);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const ratio = plan.bytesMoved / plan.lowerBoundBytes;
  const partitions = snapshot.topics.reduce((s, t) => s + t.partitions.length, 0);
  console.log(`\n${name}`);
  console.log(
    `  partitions ${partitions}, brokers after ${plan.brokers.length}, moves ${plan.moves.length}, replicas moved ${plan.replicasMoved}, leaders changed ${plan.leadersChanged}`,
  );
  console.log(
    `  bytes moved ${(plan.bytesMoved / 1e12).toFixed(3)} TB, lower bound ${(plan.lowerBoundBytes / 1e12).toFixed(3)} TB, ratio ${ratio.toFixed(4)} (target <= 1.02)`,
  );
  console.log(`  worst broker vs mean bytes ${(spread(plan) * 100).toFixed(2)} % (target <= 5 %)`);
  console.log(
    `  time ${ms.toFixed(0)} ms, RSS ${(rssBefore / 1e6).toFixed(0)} -> peak ${(peak / 1e6).toFixed(0)} MB${plan.unmet.length ? `, unmet: ${plan.unmet.length}` : ''}`,
  );
}

// ---- large cases: Kafka's files of a generated layout ------------------------------------------------------------

interface LargeCase {
  name: string;
  brokersBefore: number;
  brokersAfter: number;
  replicas: number;
  limits: { planMs?: number; endToEndMs: number; rssBytes?: number };
}

const LARGE_CASES: LargeCase[] = [
  {
    name: '300k replicas: 90 -> 100 brokers',
    brokersBefore: 90,
    brokersAfter: 100,
    replicas: 300_000,
    limits: { endToEndMs: 2_000 },
  },
  {
    name: '1.3M replicas: 270 -> 300 brokers (Cruise Control issue #1592)',
    brokersBefore: 270,
    brokersAfter: 300,
    replicas: 1_300_000,
    limits: { planMs: 10_000, endToEndMs: 15_000, rssBytes: 1e9 },
  },
];

const RACKS = ['a', 'b', 'c'];
const rackOf = (id: number) => RACKS[(id - 1) % RACKS.length];
const PARTITIONS_PER_TOPIC = 128;

/**
 * The layout: RF 3 partitions with one replica per rack, placed with a bias towards the first third of the brokers,
 * log-normal sizes (median 1 GB) and log-normal produce rates (a few hot topics). Written as Kafka's files.
 */
function generate(c: LargeCase, dir: string): void {
  const random = seededRandom(1592);
  const partitions = Math.ceil(c.replicas / 3);
  const byRack = RACKS.map((r) => Array.from({ length: c.brokersBefore }, (_, i) => i + 1).filter((id) => rackOf(id) === r));
  const pick = (ids: number[]) => ids[Math.floor((random() < 0.4 ? random() / 3 : random()) * ids.length)];
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
  // replicas per broker for kafka-log-dirs: broker -> "t-p:size" rows
  const rows: string[][] = Array.from({ length: c.brokersBefore + 1 }, () => []);
  const assignment = openSync(join(dir, 'assignment.json'), 'w');
  const rates: string[] = [];
  writeSync(assignment, '{"version":1,"partitions":[');
  let chunk: string[] = [];
  for (let p = 0; p < partitions; p++) {
    const topic = `topic-${Math.floor(p / PARTITIONS_PER_TOPIC)}`;
    const partition = p % PARTITIONS_PER_TOPIC;
    const replicas = byRack.map(pick);
    for (let i = replicas.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [replicas[i], replicas[j]] = [replicas[j], replicas[i]];
    }
    const size = Math.round(1e9 * Math.exp(normal()));
    const name = `${topic}-${partition}`;
    for (const b of replicas) rows[b].push(`{"partition":"${name}","size":${size},"offsetLag":0,"isFuture":false}`);
    chunk.push(
      `${p ? ',' : ''}{"topic":"${topic}","partition":${partition},"replicas":[${replicas.join(',')}],"log_dirs":["any","any","any"]}`,
    );
    if (chunk.length === 10_000) {
      writeSync(assignment, chunk.join(''));
      chunk = [];
    }
    rates.push(`${topic} ${partition} ${Math.round(1e5 * Math.exp(1.5 * normal()))}`);
  }
  writeSync(assignment, chunk.join('') + ']}\n');
  closeSync(assignment);
  const logDirs = openSync(join(dir, 'log-dirs.txt'), 'w');
  const ids = Array.from({ length: c.brokersBefore }, (_, i) => i + 1);
  writeSync(
    logDirs,
    `Querying brokers for log directories information\nReceived log directory information from brokers ${ids.join(',')}\n`,
  );
  writeSync(logDirs, '{"version":1,"brokers":[');
  for (const b of ids) {
    // Kafka's LogDirsCommand writes partitions before error and logDir
    writeSync(
      logDirs,
      `${b > 1 ? ',' : ''}{"broker":${b},"logDirs":[{"partitions":[${rows[b].join(',')}],"error":null,"logDir":"/var/lib/kafka/data"}]}`,
    );
  }
  writeSync(logDirs, ']}\n');
  closeSync(logDirs);
  const brokers = Array.from({ length: c.brokersAfter }, (_, i) => `${i + 1}:${rackOf(i + 1)}`).join(',');
  writeFileSync(join(dir, 'brokers.txt'), brokers + '\n');
  writeFileSync(join(dir, 'rates.txt'), rates.join('\n') + '\n');
}

/** Synthetic produce rates (bytes/s per partition) for the traffic goals; one consumer group per topic. */
function readTraffic(file: string): TrafficModel {
  const partitions = new Map<string, PartitionTraffic>();
  const text = readFileSync(file, 'utf8');
  let topic = '';
  // "topic partition rate" lines, a topic's partitions together: one string per topic, not per line
  for (let at = 0; at < text.length;) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    const s1 = text.indexOf(' ', at);
    const s2 = text.indexOf(' ', s1 + 1);
    if (end > at) {
      if (topic.length !== s1 - at || !text.startsWith(topic, at)) topic = text.slice(at, s1);
      const partition = Number(text.slice(s1 + 1, s2));
      partitions.set(topicPartitionKey(topic, partition), {
        topic,
        partition,
        bytesInPerSec: Number(text.slice(s2 + 1, end)),
        consumerFanOut: 1,
      });
    }
    at = end + 1;
  }
  return { partitions, intervalSeconds: 60, fanOutSource: new Map(), defaultFanOut: 1 };
}

interface Measured {
  readMs: number;
  planMs: number;
  endToEndMs: number;
  /** CPU time of the same phases (user + system): what a loaded machine does not inflate. */
  readCpuMs: number;
  planCpuMs: number;
  endToEndCpuMs: number;
  peakRssBytes: number;
  /** process.memoryUsage() after each phase (MB): where the memory goes. */
  memory: string[];
  fileBytes: number;
  partitions: number;
  replicas: number;
  bytesMoved: number;
  lowerBoundBytes: number;
  moves: number;
  /** Bytes moved by the goal that first moved each partition (MoveReason). */
  bytesByReason: Record<string, number>;
  worst: string[];
  unmet: string[];
}

function measure(c: LargeCase, dir: string): Measured {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const memory: string[] = [];
  const mem = (phase: string) => {
    const u = process.memoryUsage();
    const mb = (n: number) => (n / 1e6).toFixed(0);
    memory.push(
      `${phase}: RSS ${mb(u.rss)} MB, heap used ${mb(u.heapUsed)} MB, external + array buffers ${mb(u.external + u.arrayBuffers)} MB`,
    );
  };
  const cpuStarted = cpu();
  const started = performance.now();
  const files = ['assignment.json', 'log-dirs.txt'].map((f) => join(dir, f));
  const fileBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  // as kfp plan --assignment reads them: each text is dropped once read into columns, the columns once the snapshot
  // is built (a function of its own, so nothing here keeps them alive)
  const readSnapshot = (): ClusterSnapshot => {
    const assignment = readAssignmentTable(readFileSync(files[0], 'utf8'), 'assignment.json');
    mem('assignment read');
    const logDirs = readLogDirsTable(readFileSync(files[1], 'utf8'), 'log-dirs.txt');
    mem('log dirs read');
    return snapshotFromKafkaFiles({
      assignment,
      logDirs,
      brokers: parseBrokerList(readFileSync(join(dir, 'brokers.txt'), 'utf8'), 'brokers.txt'),
      name: c.name,
    });
  };
  const snapshot = readSnapshot();
  const traffic = readTraffic(join(dir, 'rates.txt'));
  mem('read');
  if (process.env.KFP_BENCH_STOP === 'read') process.exit(0);
  const read = performance.now();
  const cpuRead = cpu();
  const added = Array.from({ length: c.brokersAfter - c.brokersBefore }, (_, i) => c.brokersBefore + i + 1);
  const plan = planReassignment(snapshot, {
    goal: { kind: 'add', brokers: added.map((id) => ({ id, rack: rackOf(id) })) },
    traffic,
  });
  mem('planned');
  const bytesByReason: Record<string, number> = {};
  for (const m of plan.moves) bytesByReason[m.reason] = (bytesByReason[m.reason] ?? 0) + m.bytes * m.added.length;
  if (process.env.KFP_BENCH_STOP === 'planned') process.exit(0);
  const planned = performance.now();
  const cpuPlanned = cpu();
  const out = openSync(join(dir, 'plan.json'), 'w');
  for (const piece of reassignmentJsonPieces(planToReassignment(plan))) writeSync(out, piece);
  closeSync(out);
  mem('written');
  const done = performance.now();
  const cpuDone = cpu();
  const partitions = snapshot.topics.reduce((s, t) => s + t.partitions.length, 0);
  return {
    readMs: read - started,
    planMs: planned - read,
    endToEndMs: done - started,
    readCpuMs: cpuRead - cpuStarted,
    planCpuMs: cpuPlanned - cpuRead,
    endToEndCpuMs: cpuDone - cpuStarted,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    memory,
    fileBytes,
    partitions,
    replicas: snapshot.topics.reduce((s, t) => s + t.partitions.reduce((n, p) => n + p.replicas.length, 0), 0),
    bytesMoved: plan.bytesMoved,
    lowerBoundBytes: plan.lowerBoundBytes,
    moves: plan.moves.length,
    bytesByReason,
    worst: worstPerGoal(plan),
    unmet: plan.unmet,
  };
}

function child(args: string[]): string {
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...args], {
    encoding: 'utf8',
    maxBuffer: 64e6,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed with ${r.status ?? r.signal}`);
  return r.stdout;
}

function runLarge(c: LargeCase, index: number): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'kfp-bench-'));
  try {
    child(['--generate', String(index), dir]);
    const m = JSON.parse(child(['--measure', String(index), dir])) as Measured;
    const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
    const checks: [string, boolean][] = [];
    console.log(`\n${c.name}`);
    console.log(
      `  files ${formatBytes(m.fileBytes)} (assignment + kafka-log-dirs), ${m.partitions} partitions, ${m.replicas} replicas; moves ${m.moves}`,
    );
    const secs = (wall: number, cpu: number) => `${(wall / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU`;
    // pass/fail on wall time; the CPU time says what a loaded machine (load average printed above) cost
    console.log(`  read ${secs(m.readMs, m.readCpuMs)} (Kafka's files into a snapshot)`);
    if (c.limits.planMs !== undefined) {
      const ok = m.planMs <= c.limits.planMs;
      checks.push(['plan', ok]);
      console.log(`  plan ${secs(m.planMs, m.planCpuMs)} (limit ${c.limits.planMs / 1000} s): ${verdict(ok)}`);
    } else console.log(`  plan ${secs(m.planMs, m.planCpuMs)}`);
    const e2e = m.endToEndMs <= c.limits.endToEndMs;
    checks.push(['end to end', e2e]);
    console.log(`  end to end ${secs(m.endToEndMs, m.endToEndCpuMs)} (limit ${c.limits.endToEndMs / 1000} s): ${verdict(e2e)}`);
    if (c.limits.rssBytes !== undefined) {
      const ok = m.peakRssBytes <= c.limits.rssBytes;
      checks.push(['RSS', ok]);
      console.log(`  peak RSS ${(m.peakRssBytes / 1e6).toFixed(0)} MB (limit ${c.limits.rssBytes / 1e6} MB): ${verdict(ok)}`);
    } else console.log(`  peak RSS ${(m.peakRssBytes / 1e6).toFixed(0)} MB`);
    for (const line of m.memory) console.log(`    after ${line}`);
    console.log(
      `  bytes moved ${formatBytes(m.bytesMoved)}, lower bound ${formatBytes(m.lowerBoundBytes)}, ratio ${(m.bytesMoved / m.lowerBoundBytes).toFixed(4)}`,
    );
    console.log(
      `  bytes moved per goal (the goal that first moved each partition): ${Object.entries(m.bytesByReason)
        .map(([reason, bytes]) => `${reason} ${formatBytes(bytes)} (${((bytes / m.lowerBoundBytes) * 100).toFixed(1)} % of the bound)`)
        .join(', ')}`,
    );
    console.log('  worst broker per goal after the plan:');
    for (const line of m.worst) console.log(`    ${line}`);
    if (m.unmet.length) console.log(`  unmet: ${m.unmet.join(' ')}`);
    return checks.every(([, ok]) => ok);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, caseIndex, dir] = process.argv.slice(2);
if (mode === '--generate') {
  generate(LARGE_CASES[Number(caseIndex)], dir);
} else if (mode === '--measure') {
  process.stdout.write(JSON.stringify(measure(LARGE_CASES[Number(caseIndex)], dir)));
} else {
  if (mode !== '--large') {
    runSmall('talk: 3 -> 6 brokers, 2,000 partitions RF 3, 4 TB per broker', talkScenario(), {
      goal: addBrokersOnRacksAbc(4),
      tolerance: 0.05,
    });
    runSmall('heavy-tailed, rack-aware: 6 -> 9 brokers, 400 topics', heavyTailedScenario({ brokerCount: 6, topicCount: 400 }), {
      goal: addBrokersOnRacksAbc(7),
      tolerance: 0.05,
    });
    runSmall('rebalance: 100,000 partitions RF 3 over 300 brokers', largeSkewedScenario({ brokerCount: 300, partitionCount: 100_000 }), {
      goal: { kind: 'rebalance' },
      tolerance: 0.05,
    });
  }
  console.log(
    `\nload average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores (wall times grow with it)`,
  );
  const passed = LARGE_CASES.map(runLarge);
  console.log(`\nlarge cases: ${passed.filter(Boolean).length} of ${passed.length} within every limit`);
}
