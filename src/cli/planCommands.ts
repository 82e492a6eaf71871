// kfp plan | review: minimal-movement reassignment plans in Kafka's JSON, and review of any plan file (as text, JSON
// or a SARIF 2.1.0 log located in the plan file).

import { demoRateSamples, demoSnapshot } from '../core/demo';
import { lineColumn, jsonPositions, spanOf } from '../core/jsonPositions';
import {
  parseBrokerList,
  readAssignmentTable,
  readLogDirsTable,
  reassignmentJsonPieces,
  snapshotFromKafkaFiles,
} from '../core/kafkaFormats';
import type { ClusterSnapshot } from '../core/model';
import { recommendThrottle, scheduleExecution } from '../core/planner/execution';
import { checkDrain, drainCandidates, formatDrainProblems } from '../core/planner/drain';
import { planReassignment, planRollback, planToReassignment, type PlanGoal, type PlanOptions } from '../core/planner/plan';
import { parsePlanText, reviewParsedPlan } from '../core/planner/review';
import { checkPlanBinding, describeBinding, planBindingOf, type PlanBinding } from '../core/planBinding';
import { formatPlanSummary, summarizePlan } from '../core/planner/summary';
import { parseCapacity } from '../core/capacitySpec';
import { DEFAULT_GOALS, parseGoals } from '../core/planner/plan';
import { partitionWriteRates } from '../core/skew/rates';
import { DEFAULT_CONSUMER_FAN_OUT, brokerTraffic, snapshotPlacements, trafficModel, type TrafficModel } from '../core/traffic';
import { snapshotFromJson } from '../core/snapshotJson';
import { formatBytes, formatMBps } from '../core/units';
import { existsSync } from 'node:fs';
import { reviewSarifFindings, reviewSarifRules, sarifLevel } from '../core/sarif';
import { REPORT_OPTIONS, REPORT_USAGE, failOn, failsAt, reportFormat, sarifText } from './reportFormat';
import {
  CONNECTION_OPTIONS,
  UsageError,
  liveSnapshot,
  output,
  positiveNumber,
  readText,
  writePieces,
  type CliCommand,
  type Flags,
} from './io';

/** Fallback throttle for the duration estimate when neither --throttle nor --broker-capacity is given. */
const DEFAULT_THROTTLE_BYTES_PER_SEC = 50e6;

const PLAN_SOURCE_OPTIONS: CliCommand['options'] = {
  ...CONNECTION_OPTIONS,
  demo: { type: 'boolean' },
  snapshot: { type: 'string' },
  assignment: { type: 'string' },
  'log-dirs': { type: 'string' },
  racks: { type: 'string' },
  brokers: { type: 'string' },
};

/** "1,2,3" -> [1,2,3], naming the flag on junk. */
export function brokerIdList(value: string | boolean | undefined, flag: string): number[] | undefined {
  if (value === undefined) return undefined;
  const items = String(value)
    .split(/[,\s]+/)
    .filter(Boolean);
  const ids = items.map((s) => Number(s));
  const bad = items.find((_s, i) => !Number.isInteger(ids[i]) || ids[i] < 0);
  if (bad !== undefined || ids.length === 0) throw new UsageError(`${flag} takes broker ids such as 1,2,3; got "${String(value)}".`);
  return ids;
}

/** "50MB/s", "50e6", "40MiB" -> bytes/s. */
export function bytesPerSec(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*([\d.]+(?:e\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?(?:\/s)?\s*$/i.exec(String(value));
  const units: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
  const n = m ? Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()] : NaN;
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} takes bytes per second (e.g. 50000000, 50MB/s or 40MiB/s); got "${String(value)}".`);
  return n;
}

function sourceCount(flags: Flags, positionals: string[]): number {
  const file = typeof flags.snapshot === 'string' ? flags.snapshot : positionals[0];
  return [flags.demo === true, typeof flags.bootstrap === 'string', typeof flags.assignment === 'string', file !== undefined].filter(
    Boolean,
  ).length;
}

/**
 * Per-partition rates for the traffic goals: --sample SECONDS (two live snapshots that far apart), --rates-from
 * EARLIER.json (with --snapshot LATER.json), or the demo's own two samples. Returns the later snapshot to plan on.
 */
async function planSourceWithRates(
  flags: Flags,
  positionals: string[],
): Promise<{ snapshot: ClusterSnapshot; traffic?: TrafficModel; ratesText?: string }> {
  const ratesFrom = typeof flags['rates-from'] === 'string' ? flags['rates-from'] : undefined;
  if (flags.sample !== undefined && ratesFrom !== undefined)
    throw new UsageError('--sample and --rates-from both give rates: use --sample with --bootstrap, or --rates-from with --snapshot.');
  let earlier: ClusterSnapshot | undefined;
  let snapshot: ClusterSnapshot;
  if (flags.sample !== undefined) {
    if (typeof flags.bootstrap !== 'string')
      throw new UsageError('--sample DURATION takes two snapshots of a live cluster that far apart: it needs --bootstrap HOST:PORT.');
    const seconds = durationSeconds(flags.sample, '--sample');
    earlier = await planSource(flags, positionals, 'plan');
    process.stderr.write(`Sampling rates for ${seconds} s (a second snapshot then)…\n`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    snapshot = await planSource(flags, positionals, 'plan');
  } else if (ratesFrom !== undefined) {
    const file = typeof flags.snapshot === 'string' ? flags.snapshot : positionals[0];
    if (file === undefined)
      throw new UsageError('--rates-from EARLIER.json needs the later snapshot: --snapshot LATER.json (both written by kfp snapshot).');
    earlier = snapshotFromJson(readText(ratesFrom, '--rates-from snapshot'), ratesFrom);
    snapshot = await planSource(flags, positionals, 'plan');
  } else if (flags.demo === true) {
    // the demo carries two samples a minute apart, like --sample 60 on a live cluster
    const samples = demoRateSamples();
    earlier = samples.previous;
    snapshot = samples.current;
  } else {
    return { snapshot: await planSource(flags, positionals, 'plan') };
  }
  const rates = partitionWriteRates(earlier, snapshot);
  const traffic = trafficModel(rates, snapshot);
  const fromGroups = [...traffic.fanOutSource.values()].filter((s) => s === 'groups').length;
  const ratesText =
    `Rates: ${traffic.partitions.size} partitions measured over ${rates.intervalSeconds.toFixed(0)} s between two snapshots; ` +
    `consumer fan-out from committing consumer groups for ${fromGroups} topics, ${DEFAULT_CONSUMER_FAN_OUT} (the default) for ${traffic.fanOutSource.size - fromGroups}.\n`;
  return { snapshot, traffic, ratesText };
}

/** "30s", "2m", "90" (seconds) -> seconds, naming the flag on junk. */
export function durationSeconds(value: string | boolean | undefined, flag: string): number {
  const m = /^\s*([\d.]+)\s*(ms|s|m|min)?\s*$/i.exec(String(value));
  const unit = (m?.[2] ?? 's').toLowerCase();
  const n = m ? Number(m[1]) * (unit === 'ms' ? 0.001 : unit === 's' ? 1 : 60) : NaN;
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} takes a duration such as 30s, 2m or 45 (seconds); got "${String(value)}".`);
  return n;
}

async function planSource(flags: Flags, positionals: string[], command: string): Promise<ClusterSnapshot> {
  const file = typeof flags.snapshot === 'string' ? flags.snapshot : positionals[0];
  if (sourceCount(flags, positionals) !== 1)
    throw new UsageError(
      `${command} needs exactly one cluster: --demo, --snapshot FILE, --bootstrap HOST:PORT, or --assignment FILE [--log-dirs FILE] --racks 1:a,2:b,…`,
    );
  if (flags.demo === true) return demoSnapshot();
  if (typeof flags.bootstrap === 'string') return liveSnapshot(flags, flags.bootstrap);
  if (file !== undefined) return snapshotFromJson(readText(file, 'snapshot file'), file);
  const assignmentFile = String(flags.assignment);
  const assignment = readAssignmentTable(readText(assignmentFile, 'assignment file'), assignmentFile);
  const racks =
    typeof flags.racks === 'string'
      ? parseBrokerList(existsSync(flags.racks) ? readText(flags.racks, '--racks file') : flags.racks, '--racks')
      : [];
  const ids = new Set<number>([...racks.map((r) => r.id), ...(brokerIdList(flags.brokers, '--brokers') ?? []), ...assignment.replicas]);
  const rackOf = new Map(racks.map((r) => [r.id, r.rack]));
  const logDirsFile = typeof flags['log-dirs'] === 'string' ? flags['log-dirs'] : undefined;
  return snapshotFromKafkaFiles({
    assignment,
    logDirs: logDirsFile ? readLogDirsTable(readText(logDirsFile, 'kafka-log-dirs output'), logDirsFile) : undefined,
    brokers: [...ids].sort((a, b) => a - b).map((id) => ({ id, rack: rackOf.get(id) ?? null })),
    name: assignmentFile,
  });
}

/** The cluster a plan names (its plannedFor), for `kfp review PLAN` without a cluster option. */
async function boundSource(flags: Flags, planFile: string, binding: PlanBinding | undefined): Promise<ClusterSnapshot> {
  if (!binding)
    throw new UsageError(
      `review needs a cluster: ${planFile} names none (no "plannedFor"). Give --demo, --snapshot FILE, --bootstrap HOST:PORT or --assignment FILE.`,
    );
  const demo = demoSnapshot();
  if (binding.clusterId === demo.clusterId) return demo;
  if (!binding.bootstrap)
    throw new UsageError(
      `${planFile} was made for ${describeBinding(binding)} but names no bootstrap: give --bootstrap HOST:PORT or --snapshot FILE of that cluster.`,
    );
  process.stderr.write(`${planFile} was made for ${describeBinding(binding)}: connecting to ${binding.bootstrap.join(',')}.\n`);
  return liveSnapshot({ ...flags, name: binding.clusterName ?? binding.bootstrap[0], 'no-groups': true }, binding.bootstrap.join(','));
}

function goalOf(flags: Flags, snapshot: ClusterSnapshot): PlanGoal {
  const goal = String(flags.goal ?? 'rebalance');
  const racks =
    typeof flags.racks === 'string'
      ? new Map(
          parseBrokerList(existsSync(flags.racks) ? readText(flags.racks, '--racks file') : flags.racks, '--racks').map((r) => [
            r.id,
            r.rack,
          ]),
        )
      : new Map<number, string | null>();
  if (goal === 'add-brokers') {
    const hosting = new Set(snapshot.topics.flatMap((t) => t.partitions.flatMap((p) => p.replicas)));
    const target = brokerIdList(flags.brokers, '--brokers');
    const explicit = brokerIdList(flags.add, '--add');
    const added = explicit ?? (target ?? snapshot.brokers.map((b) => b.id)).filter((id) => !hosting.has(id));
    if (added.length === 0)
      throw new UsageError(
        'add-brokers found no new broker: give --add 4,5 (or --brokers with the new ids; brokers already holding replicas are not new).',
      );
    const known = new Map(snapshot.brokers.map((b) => [b.id, b.rack]));
    return { kind: 'add', brokers: added.map((id) => ({ id, rack: racks.get(id) ?? known.get(id) ?? null })) };
  }
  if (goal === 'remove-brokers') {
    const removed = brokerIdList(flags.remove, '--remove');
    if (!removed) {
      const candidates = drainCandidates(snapshot)
        .map((c) => `${c.id}${c.down ? ' (down)' : ''}`)
        .join(', ');
      throw new UsageError(`remove-brokers needs --remove 3[,4] (the brokers to drain; brokers: ${candidates || 'none'}).`);
    }
    return { kind: 'remove', brokers: removed };
  }
  if (goal === 'rebalance') return { kind: 'rebalance' };
  throw new UsageError(`--goal takes add-brokers, remove-brokers or rebalance; got "${goal}".`);
}

function replicationFactors(value: string | boolean | undefined): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const item of String(value).split(',').filter(Boolean)) {
    const m = /^(.+)=(\d+)$/.exec(item.trim());
    if (!m) throw new UsageError(`--rf takes topic=N pairs such as orders=3,clicks=2; got "${item}".`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

export const planCommands: CliCommand[] = [
  {
    name: 'plan',
    usage:
      '  kfp plan --goal add-brokers|remove-brokers|rebalance [--brokers 1,2,3,4] [--add 4] [--remove 3] [--racks 1:a,2:b,…]\n' +
      '           (--demo | --snapshot FILE | --bootstrap HOST:PORT | --assignment FILE [--log-dirs FILE])\n' +
      '           [--out plan.json] [--rollback rollback.json] [--tolerance 0.1] [--exclude t1,t2] [--include-internal | --exclude-internal]\n' +
      '           [--allow-partial]   (remove-brokers: internal topics are drained too; a drain that cannot finish is refused unless --allow-partial)\n' +
      '           [--rf topic=N,…] [--max-replicas-per-broker N] [--moves-per-broker 5] [--throttle BYTES/S | --broker-capacity BYTES/S]\n' +
      `           [--goals ${DEFAULT_GOALS.join(',')}]   soft goals in priority order (hard goals are always on)\n` +
      '           [--capacity kafka.m7g.large | disk=1TiB,nw-in=50MB/s,nw-out=100MB/s[,partitions=N][,ceiling=0.8]]  per broker\n' +
      '           [--sample 30s (with --bootstrap) | --rates-from EARLIER.json (with --snapshot LATER.json)]\n' +
      '                                             produce rates for the network goals (the demo has its own)\n' +
      "                                             a minimal-movement plan in Kafka's JSON (stdout without --out); summary on stderr",
    options: {
      ...PLAN_SOURCE_OPTIONS,
      goal: { type: 'string' },
      add: { type: 'string' },
      remove: { type: 'string' },
      rollback: { type: 'string' },
      tolerance: { type: 'string' },
      exclude: { type: 'string' },
      'include-internal': { type: 'boolean' },
      'exclude-internal': { type: 'boolean' },
      'allow-partial': { type: 'boolean' },
      rf: { type: 'string' },
      'max-replicas-per-broker': { type: 'string' },
      'moves-per-broker': { type: 'string' },
      throttle: { type: 'string' },
      'broker-capacity': { type: 'string' },
      goals: { type: 'string' },
      capacity: { type: 'string' },
      sample: { type: 'string' },
      'rates-from': { type: 'string' },
    },
    async run(flags, positionals) {
      const goals = typeof flags.goals === 'string' ? parseGoals(flags.goals) : undefined;
      const brokerCapacity = typeof flags.capacity === 'string' ? parseCapacity(flags.capacity) : undefined;
      const { snapshot, traffic, ratesText } = await planSourceWithRates(flags, positionals);
      const goal = goalOf(flags, snapshot);
      const target = brokerIdList(flags.brokers, '--brokers');
      if (flags['include-internal'] === true && flags['exclude-internal'] === true)
        throw new UsageError('--include-internal and --exclude-internal contradict each other: give one of them.');
      const options: PlanOptions = {
        goal,
        tolerance: positiveNumber(flags.tolerance, '--tolerance', 0.1, 'the fraction of the mean (0.1 = 10 %)'),
        excludedTopics:
          typeof flags.exclude === 'string'
            ? flags.exclude
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : [],
        // absent: a drain moves internal topics off the drained brokers, other goals leave them (internalTopicPolicy)
        includeInternalTopics: flags['include-internal'] === true ? true : flags['exclude-internal'] === true ? false : undefined,
        allowedBrokers: goal.kind === 'rebalance' ? target : undefined,
        maxReplicasPerBroker:
          flags['max-replicas-per-broker'] !== undefined
            ? positiveNumber(flags['max-replicas-per-broker'], '--max-replicas-per-broker', 0, 'replicas')
            : undefined,
        replicationFactor: replicationFactors(flags.rf),
        ...(goals ? { goals } : {}),
        ...(brokerCapacity ? { capacity: brokerCapacity.limits } : {}),
        ...(traffic ? { traffic } : {}),
      };
      // A drain that cannot finish is said before any plan is made: which partitions would stay, and why.
      const problems = goal.kind === 'remove' ? checkDrain(snapshot, options) : [];
      if (problems.length) {
        const text = formatDrainProblems(problems, goal.kind === 'remove' ? goal.brokers : []);
        if (flags['allow-partial'] !== true) {
          process.stderr.write(`${text}\nNo plan was made: fix the above, or plan what can move with --allow-partial.\n`);
          return 1;
        }
        process.stderr.write(`${text}\nPlanning what can move (--allow-partial).\n`);
      }
      const plan = planReassignment(snapshot, options);
      let throttle = bytesPerSec(flags.throttle, '--throttle');
      const capacity = bytesPerSec(flags['broker-capacity'], '--broker-capacity');
      let throttleNote = '';
      if (throttle === undefined && capacity !== undefined) {
        // today's traffic per broker from the measured rates (produce + replication in; replication out)
        const perBroker = traffic
          ? [...brokerTraffic(traffic, snapshotPlacements(snapshot), plan.brokers).values()].map((b) => ({
              broker: b.broker,
              inBytesPerSec: b.networkIn,
              outBytesPerSec: b.replicationOut,
            }))
          : [];
        const rec = recommendThrottle({ capacityBytesPerSec: capacity, traffic: perBroker });
        throttle = rec.throttleBytesPerSec;
        throttleNote = `Throttle ${formatMBps(throttle)} recommended: ${rec.formula}${perBroker.length ? '' : ' (no current rates known: give --sample 30s or --rates-from)'}.\n`;
      }
      if (throttle === undefined) {
        throttle = DEFAULT_THROTTLE_BYTES_PER_SEC;
        throttleNote = `Duration at a default ${formatMBps(throttle)} throttle: give --throttle or --broker-capacity for yours.\n`;
      }
      const schedule = scheduleExecution(plan.moves, {
        throttleBytesPerSec: throttle,
        maxMovesPerBroker:
          flags['moves-per-broker'] !== undefined ? positiveNumber(flags['moves-per-broker'], '--moves-per-broker', 5, 'moves') : undefined,
      });
      process.stderr.write(formatPlanSummary(summarizePlan(plan, schedule)) + throttleNote);
      if (ratesText) process.stderr.write(ratesText);
      if (brokerCapacity) process.stderr.write(`Capacity per broker: ${brokerCapacity.explained.join('; ')}.\n`);
      // the plan names its cluster, so kfp review and the editor review it against that one (planBinding.ts)
      const binding = planBindingOf(snapshot, snapshot.name, typeof flags.bootstrap === 'string' ? flags.bootstrap.split(',') : undefined);
      if (!binding)
        process.stderr.write('The plan names no cluster (its source has no cluster id): kfp review and the editor will ask for one.\n');
      if (typeof flags.rollback === 'string') {
        writePieces(flags.rollback, reassignmentJsonPieces(planRollback(plan), binding));
        process.stderr.write(
          `Wrote the rollback (current assignment of the ${plan.moves.length} partitions) to ${flags.rollback}; ` +
            `kfp execute --base ${flags.rollback} refuses the plan if any of them changes before it runs.\n`,
        );
      }
      output(reassignmentJsonPieces(planToReassignment(plan), binding), flags.out);
      return plan.unmet.length ? 1 : 0;
    },
  },
  {
    name: 'review',
    usage:
      '  kfp review PLAN.json [--demo | --snapshot FILE | --bootstrap HOST:PORT | --assignment FILE …] [--ignore-binding]\n' +
      `           [--throttle BYTES/S] ${REPORT_USAGE}\n` +
      '                                             checks any reassignment file against a cluster (without a cluster option:\n' +
      '                                             the one the plan names); refuses another cluster id;\n' +
      '                                             exit 1 when a finding reaches --fail-on (default error), else 0',
    options: { ...PLAN_SOURCE_OPTIONS, ...REPORT_OPTIONS, throttle: { type: 'string' }, 'ignore-binding': { type: 'boolean' } },
    async run(flags, positionals) {
      const format = reportFormat(flags);
      const threshold = failOn(flags, 'error');
      const [planFile, ...rest] = positionals;
      if (!planFile) throw new UsageError('review needs the plan file: kfp review plan.json --snapshot cluster.json');
      const text = readText(planFile, 'plan file');
      const parsed = parsePlanText(text, planFile);
      const snapshot =
        sourceCount(flags, rest) === 0 ? await boundSource(flags, planFile, parsed.binding) : await planSource(flags, rest, 'review');
      const warning = checkPlanBinding(planFile, parsed.binding, snapshot, {
        allowed: flags['ignore-binding'] === true,
        flag: '--ignore-binding',
      });
      if (warning) process.stderr.write(`warning: ${warning}\n`);
      const clusterText = `${snapshot.name}${snapshot.clusterId ? ` (cluster id ${snapshot.clusterId})` : ''}`;
      process.stderr.write(`Reviewing ${planFile} against ${clusterText}.\n`);
      const review = reviewParsedPlan(snapshot, parsed);
      const throttle = bytesPerSec(flags.throttle, '--throttle') ?? DEFAULT_THROTTLE_BYTES_PER_SEC;
      const schedule = scheduleExecution(review.moves, { throttleBytesPerSec: throttle });
      const spans = jsonPositions(text);
      const located = review.findings
        .map((f) => {
          const span = spanOf(spans, f.path);
          const pos = span ? lineColumn(text, span.start) : { line: 0, column: 0 };
          return { ...f, line: pos.line + 1, column: pos.column + 1 };
        })
        .sort((a, b) => a.line - b.line || a.column - b.column);
      const errors = located.filter((f) => f.severity === 'error').length;
      const fails = failsAt(
        located.map((f) => sarifLevel(f.severity)),
        threshold,
      );
      if (format === 'sarif') {
        output(sarifText(reviewSarifRules(), reviewSarifFindings(planFile, text, review.findings), 'kfp-review/'), flags.out);
      } else if (format === 'json') {
        output(
          JSON.stringify(
            {
              file: planFile,
              cluster: { name: snapshot.name, clusterId: snapshot.clusterId ?? null },
              plannedFor: parsed.binding ?? null,
              findings: located,
              readable: review.readable,
              replicasMoved: review.replicasMoved,
              bytesMoved: review.bytesMoved,
              leadersChanged: review.leadersChanged,
              estimatedSeconds: schedule.estimatedSeconds,
              throttleBytesPerSec: throttle,
            },
            null,
            2,
          ) + '\n',
          flags.out,
        );
      } else {
        const lines = located.map((f) => `${planFile}:${f.line}:${f.column}: ${f.severity} [${f.code}] ${f.message}`);
        const errorText = errors ? `${errors} error${errors === 1 ? '' : 's'}; ` : '';
        lines.push(
          review.readable
            ? `${errorText}moves ${review.replicasMoved} replicas, ${formatBytes(review.bytesMoved)}, ${schedule.estimateText}; ${review.leadersChanged} preferred leaders change`
            : `${errorText}not readable as a reassignment file, nothing reviewed`,
        );
        output(lines.join('\n') + '\n', flags.out);
      }
      return fails ? 1 : 0;
    },
  },
];
