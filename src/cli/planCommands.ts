// kfp plan | review: minimal-movement reassignment plans in Kafka's JSON, and review of any plan file.

import { demoRateSamples, demoSnapshot } from '../core/demo';
import { lineColumn, jsonPositions, spanOf } from '../core/jsonPositions';
import { parseBrokerList, readAssignmentTable, readLogDirsTable, reassignmentToJson, snapshotFromKafkaFiles } from '../core/kafkaFormats';
import type { ClusterSnapshot } from '../core/model';
import { recommendThrottle, scheduleExecution } from '../core/planner/execution';
import { checkDrain, drainCandidates, formatDrainProblems } from '../core/planner/drain';
import { planReassignment, planRollback, planToReassignment, type PlanGoal, type PlanOptions } from '../core/planner/plan';
import { parsePlanText, reviewParsedPlan } from '../core/planner/review';
import { checkPlanBinding, describeBinding, planBindingOf, type PlanBinding } from '../core/planBinding';
import { formatPlanSummary, summarizePlan } from '../core/planner/summary';
import { buildSkewReport } from '../core/skew';
import { snapshotFromJson } from '../core/snapshotJson';
import { formatBytes, formatMBps } from '../core/units';
import { existsSync, writeFileSync } from 'node:fs';
import { CONNECTION_OPTIONS, UsageError, liveSnapshot, output, positiveNumber, readText, type CliCommand, type Flags } from './io';

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
    },
    async run(flags, positionals) {
      const snapshot = await planSource(flags, positionals, 'plan');
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
        const rates =
          flags.demo === true ? buildSkewReport(demoRateSamples().current, { previous: demoRateSamples().previous }) : undefined;
        const traffic =
          rates?.brokers.map((b) => ({
            broker: b.broker,
            inBytesPerSec: (b.produceInBytesPerSec ?? 0) + (b.replicationInBytesPerSec ?? 0),
            outBytesPerSec: b.replicationOutBytesPerSec ?? 0,
          })) ?? [];
        const rec = recommendThrottle({ capacityBytesPerSec: capacity, traffic });
        throttle = rec.throttleBytesPerSec;
        throttleNote = `Throttle ${formatMBps(throttle)} recommended: ${rec.formula}${traffic.length ? '' : ' (no current rates known: sample them with kfp skew --sample)'}.\n`;
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
      // the plan names its cluster, so kfp review and the editor review it against that one (planBinding.ts)
      const binding = planBindingOf(snapshot, snapshot.name, typeof flags.bootstrap === 'string' ? flags.bootstrap.split(',') : undefined);
      if (!binding)
        process.stderr.write('The plan names no cluster (its source has no cluster id): kfp review and the editor will ask for one.\n');
      if (typeof flags.rollback === 'string') {
        writeFileSync(flags.rollback, reassignmentToJson(planRollback(plan), binding));
        process.stderr.write(
          `Wrote the rollback (current assignment of the ${plan.moves.length} partitions) to ${flags.rollback}; ` +
            `kfp execute --base ${flags.rollback} refuses the plan if any of them changes before it runs.\n`,
        );
      }
      output(reassignmentToJson(planToReassignment(plan), binding), flags.out);
      return plan.unmet.length ? 1 : 0;
    },
  },
  {
    name: 'review',
    usage:
      '  kfp review PLAN.json [--demo | --snapshot FILE | --bootstrap HOST:PORT | --assignment FILE …] [--ignore-binding]\n' +
      '           [--throttle BYTES/S] [--json]\n' +
      '                                             checks any reassignment file against a cluster (without a cluster option:\n' +
      '                                             the one the plan names); refuses another cluster id; exit 1 on errors',
    options: { ...PLAN_SOURCE_OPTIONS, throttle: { type: 'string' }, json: { type: 'boolean' }, 'ignore-binding': { type: 'boolean' } },
    async run(flags, positionals) {
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
      if (flags.json) {
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
      return errors ? 1 : 0;
    },
  },
];
