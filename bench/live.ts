// Live benchmark: a REAL 3-broker KRaft cluster (the test harness's, or KAFKA_BOOTSTRAP's) with 20,000+ partitions
// (RF 1-3 mixed, data on a few hundred, consumer groups with lag), then:
//   - the snapshot's requests by API (counted from the client's diagnostics channel) against the protocol floor;
//   - wall time and peak memory of the snapshot, of the skew report and of a rebalance plan on it;
//   - the Clusters tree's first page and a topic expansion while a snapshot loads, and the longest event-loop block
//     during the snapshot (what the extension host's UI thread would feel);
//   - a 50,000-partition snapshot from a file: parse, tree first page, skew report (goal: under a second).
// Prints numbers; no assertions (the request counts are asserted in test/integration/snapshotRequests.test.ts).
// Run: npm run bench:live   (KFP_BENCH_PARTITIONS=20000 by default; KAFKA_BOOTSTRAP=host:port for an existing cluster)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Producer } from '@platformatic/kafka';
import { childrenOf, clusterSections, describeNode } from '../src/core/explorerTree';
import type { ClusterSnapshot } from '../src/core/model';
import { planReassignment } from '../src/core/planner/plan';
import { buildSkewReport } from '../src/core/skew/report';
import { snapshotFromJson, snapshotToJson } from '../src/core/snapshotJson';
import { RequestCounter, snapshotRequestFloor, totalRequests } from '../src/kafka/requests';
import { takeSnapshot, type SnapshotInstrument } from '../src/kafka/snapshot';
import { commitGroupOffsets, createTopics, startKafkaCluster, withAdmin, type TopicSpec } from '../test/integration/kafkaCluster';
import { bigSnapshot } from './bigSnapshot';

const PARTITIONS = Number(process.env.KFP_BENCH_PARTITIONS ?? 20_000);
const PREFIX = 'kfp-bench';
const PARTITION_COUNTS = [8, 16, 24, 32]; // mean 20
const DATA_PARTITIONS = 300;
const GROUPS = 60;

interface Measured<T> {
  value: T;
  ms: number;
  /** CPU time of this process (user + system, all threads): less inflated than wall time on a shared machine. */
  cpuMs: number;
  peakHeapMB: number;
  peakRssMB: number;
}

/** Wall time, and the peak heap above the start and peak RSS, sampled every 5 ms while `fn` runs. */
async function measure<T>(fn: () => T | Promise<T>): Promise<Measured<T>> {
  global.gc?.();
  const base = process.memoryUsage();
  let heap = base.heapUsed;
  let rss = base.rss;
  const sample = () => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed);
    rss = Math.max(rss, m.rss);
  };
  const timer = setInterval(sample, 5);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  sample();
  clearInterval(timer);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakHeapMB: (heap - base.heapUsed) / 2 ** 20, peakRssMB: rss / 2 ** 20 };
}

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
const mem = (m: Measured<unknown>) =>
  `CPU ${m.cpuMs.toFixed(0)} ms, heap +${m.peakHeapMB.toFixed(0)} MB, peak RSS ${m.peakRssMB.toFixed(0)} MB`;
const partitionsOf = (s: ClusterSnapshot) => s.topics.reduce((n, t) => n + t.partitions.length, 0);

/** The tree as a user opens it: the cluster's sections, the first page of Topics, the partitions of one topic. */
function treeFirstPageAndExpansion(s: ClusterSnapshot): number {
  const t0 = performance.now();
  for (const section of clusterSections(s)) describeNode(s, section);
  const topics = childrenOf(s, { kind: 'topics' });
  for (const n of topics) describeNode(s, n);
  const topic = s.topics[Math.floor(s.topics.length / 2)].name;
  for (const n of childrenOf(s, { kind: 'topic', topic })) describeNode(s, n);
  return performance.now() - t0;
}

async function offlineFromFile(): Promise<void> {
  console.log('\n== A 50,000-partition snapshot from a file (500 topics x 100 partitions, 12 brokers, RF 3)');
  const dir = mkdtempSync(join(tmpdir(), 'kfp-bench-'));
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, snapshotToJson(bigSnapshot(500, 100, 12)));
  try {
    const opened = await measure(() => {
      const t0 = performance.now();
      const s = snapshotFromJson(readFileSync(file, 'utf8'), file);
      const parsed = performance.now() - t0;
      const tree = treeFirstPageAndExpansion(s);
      const t1 = performance.now();
      const report = buildSkewReport(s);
      const posted = JSON.stringify(report).length; // what the skew view's webview is sent
      return { parsed, tree, skew: performance.now() - t1, posted, partitions: partitionsOf(s) };
    });
    const v = opened.value;
    console.log(`  ${v.partitions.toLocaleString('en-US')} partitions, file ${(readFileSync(file).length / 2 ** 20).toFixed(1)} MB`);
    console.log(`  read + parse + validate              ${fmt(v.parsed)}`);
    console.log(`  tree: sections, Topics page, a topic ${fmt(v.tree)}`);
    console.log(`  skew report (+ its JSON, ${(v.posted / 1024).toFixed(0)} KB)     ${fmt(v.skew)}`);
    console.log(`  total, file to tree and skew view    ${fmt(opened.ms)}  (goal < 1000 ms; ${mem(opened)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function topicSpecs(): TopicSpec[] {
  const specs: TopicSpec[] = [];
  let partitions = 0;
  for (let i = 0; partitions < PARTITIONS; i++) {
    const p = PARTITION_COUNTS[i % PARTITION_COUNTS.length];
    specs.push({ name: `${PREFIX}-${String(i).padStart(5, '0')}`, partitions: p, replicas: 1 + (i % 3) });
    partitions += p;
  }
  return specs;
}

/** Topics, data on DATA_PARTITIONS partitions and consumer groups with lag, unless an earlier run made them. */
async function prepare(bootstrap: string, log: (line: string) => void): Promise<void> {
  const specs = topicSpecs();
  const existing = new Set(await withAdmin(bootstrap, (admin) => admin.listTopics({ includeInternals: false })));
  const missing = specs.filter((t) => !existing.has(t.name));
  if (missing.length) {
    const t0 = performance.now();
    // leaders suffice for the snapshot; followers of 13,000 partitions per broker join the ISR later on a busy machine
    await createTopics(bootstrap, missing, { perRequest: 250, inSync: false, log });
    log(`created ${missing.length} topics in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const targets = specs.flatMap((t) => Array.from({ length: t.partitions }, (_, p) => ({ topic: t.name, partition: p })));
  const step = Math.floor(targets.length / DATA_PARTITIONS);
  const withData = Array.from({ length: DATA_PARTITIONS }, (_, i) => targets[i * step]);
  const producer = new Producer({ clientId: 'kfp-bench', bootstrapBrokers: bootstrap.split(','), timeout: 60_000, retries: 5 });
  try {
    const value = Buffer.alloc(1_000, 'b');
    for (let i = 0; i < withData.length; i += 20) {
      const messages = withData.slice(i, i + 20).flatMap((t) => Array.from({ length: 50 }, () => ({ ...t, value })));
      // leaders of just-created partitions may still be loading them: try a chunk again for a while
      for (let attempt = 1; ; attempt++) {
        try {
          await producer.send({ acks: -1, messages });
          break;
        } catch (err) {
          if (attempt >= 15) throw err;
          await new Promise((r) => setTimeout(r, 2_000));
        }
      }
    }
  } finally {
    await producer.close().catch(() => undefined);
  }
  log(`produced 50 records of 1 KB to each of ${withData.length} partitions`);
  for (let g = 0; g < GROUPS; g++) {
    const offsets = withData.slice(g * 5, g * 5 + 5).map((t) => ({ ...t, offset: 10 + g }));
    await commitGroupOffsets(bootstrap, `${PREFIX}-group-${g}`, offsets);
  }
  log(`committed offsets for ${GROUPS} consumer groups`);
}

async function live(): Promise<void> {
  const log = (line: string) => console.log(`  [cluster] ${line}`);
  console.log(`\n== A live 3-broker KRaft cluster with ${PARTITIONS.toLocaleString('en-US')}+ partitions`);
  const cluster = await startKafkaCluster({
    log,
    timeoutMs: 300_000,
    heap: '-Xmx1g',
    // 13,000+ replicas per broker: small preallocated index files (sparse, 10 MB each by default)
    brokerConfig: { 'log.index.size.max.bytes': 65_536, 'num.io.threads': 4, 'num.network.threads': 3 },
  });
  try {
    await prepare(cluster.bootstrap, log);
    const settings = { bootstrap: cluster.bootstrap.split(','), connectTimeoutMs: 10_000, requestTimeoutMs: 60_000 };

    const instrument: SnapshotInstrument = { counter: new RequestCounter() };
    const first = await measure(() => takeSnapshot(settings, { instrument }));
    const s = first.value;
    const counts = instrument.counter.byApi();
    const floor = snapshotRequestFloor(instrument.shape!);
    console.log(
      `  snapshot: ${s.brokers.length} brokers, ${s.topics.length.toLocaleString('en-US')} topics, ${partitionsOf(s).toLocaleString('en-US')} partitions, ` +
        `${s.consumerGroups.length} consumer groups, ${s.warnings.length} warnings`,
    );
    for (const w of s.warnings) console.log(`  warning: ${w}`);
    console.log('  requests by API        sent  floor');
    for (const api of [...new Set([...Object.keys(floor), ...Object.keys(counts)])].sort()) {
      console.log(`    ${api.padEnd(20)} ${String(counts[api] ?? 0).padStart(5)}  ${String(floor[api] ?? 0).padStart(5)}`);
    }
    const ratio = totalRequests(counts) / totalRequests(floor);
    console.log(
      `    ${'total'.padEnd(20)} ${String(totalRequests(counts)).padStart(5)}  ${String(totalRequests(floor)).padStart(5)}   ${ratio.toFixed(2)} x the floor (goal <= 1.5)`,
    );
    console.log(`  snapshot (first, connecting)         ${fmt(first.ms)}  (${mem(first)})`);

    // A second snapshot while the tree is used: a 20 ms timer opens the tree on the first snapshot, as a user
    // expanding Topics while the refresh runs; its worst latency includes any time the snapshot blocked the loop.
    const delay = monitorEventLoopDelay({ resolution: 5 });
    let worstTree = 0;
    let treeRuns = 0;
    const ticker = setInterval(() => {
      worstTree = Math.max(worstTree, treeFirstPageAndExpansion(s));
      treeRuns++;
    }, 20);
    delay.enable();
    const second = await measure(() => takeSnapshot(settings));
    delay.disable();
    clearInterval(ticker);
    console.log(`  snapshot (again, tree in use)        ${fmt(second.ms)}  (${mem(second)})`);
    console.log(
      `  tree first page + topic expansion during it: ${treeRuns} times, worst ${worstTree.toFixed(1)} ms; ` +
        `longest event-loop block ${(delay.max / 1e6).toFixed(1)} ms (p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms)`,
    );

    const skew = await measure(() => buildSkewReport(second.value));
    console.log(`  skew report                          ${fmt(skew.ms)}  (${mem(skew)})`);
    const plan = await measure(() => planReassignment(second.value, { goal: { kind: 'rebalance' } }));
    console.log(`  rebalance plan (${plan.value.moves.length} moves)              ${fmt(plan.ms)}  (${mem(plan)})`);
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(`Node ${process.version}, ${new Date().toISOString()}, ${cpus().length} cores, load average ${load.join(' ')}`);
  await offlineFromFile();
  if (process.env.KFP_BENCH_OFFLINE_ONLY !== '1') await live();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
