// kfp demo | summary | snapshot

import { demoRateSamples } from '../core/demo';
import { recommendThrottle, scheduleExecution } from '../core/planner/execution';
import { planReassignment } from '../core/planner/plan';
import { formatPlanSummary, summarizePlan } from '../core/planner/summary';
import { buildSkewReport } from '../core/skew';
import { snapshotToJson } from '../core/snapshotJson';
import { formatClusterSummary } from '../core/summaryText';
import { SNAPSHOT_SOURCE_OPTIONS, UsageError, output, resolveSnapshot, type CliCommand } from './io';

export const snapshotCommands: CliCommand[] = [
  {
    name: 'demo',
    usage: '  kfp demo [--out FILE]                      the demo cluster: brokers, skew verdicts, and the plan onto its new brokers',
    options: {},
    async run(flags) {
      // The main job end to end on the embedded cluster: what is wrong (skew), and the plan that fixes it.
      const { previous, current: now } = demoRateSamples();
      const skew = buildSkewReport(now, { previous });
      const newBrokers = now.brokers.filter((b) => !now.topics.some((t) => t.partitions.some((p) => p.replicas.includes(b.id))));
      const plan = planReassignment(now, { goal: { kind: 'add', brokers: newBrokers.map((b) => ({ id: b.id, rack: b.rack })) } });
      const traffic = skew.brokers.map((b) => ({
        broker: b.broker,
        inBytesPerSec: (b.produceInBytesPerSec ?? 0) + (b.replicationInBytesPerSec ?? 0),
        outBytesPerSec: b.replicationOutBytesPerSec ?? 0,
      }));
      // MSK's default provisioned storage throughput per broker, 250 MiB/s (MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC, docs/SOURCES.md), as the capacity
      const throttle = recommendThrottle({ capacityBytesPerSec: 250 * 1024 ** 2, traffic });
      const schedule = scheduleExecution(plan.moves, { throttleBytesPerSec: throttle.throttleBytesPerSec });
      const text = [
        formatClusterSummary(now),
        'Skew (balanced = every broker within ±10 % of the mean, as Cruise Control):',
        ...skew.metrics.map((m) => `  ${m.verdict}`),
        '',
        `Plan: spread onto the new brokers ${newBrokers.map((b) => `${b.id} (rack ${b.rack})`).join(', ')} (kfp plan --demo --goal add-brokers --out plan.json):`,
        formatPlanSummary(summarizePlan(plan, schedule)).trimEnd(),
        `Throttle: ${throttle.formula}.`,
        '',
      ].join('\n');
      output(text, flags.out);
      return 0;
    },
  },
  {
    name: 'summary',
    usage: '  kfp summary SOURCE [--out FILE]            brokers with racks, replicas, leaders, bytes, disk % of any cluster',
    options: SNAPSHOT_SOURCE_OPTIONS,
    async run(flags, positionals) {
      output(formatClusterSummary(await resolveSnapshot(flags, positionals, 'summary')), flags.out);
      return 0;
    },
  },
  {
    name: 'snapshot',
    usage: '  kfp snapshot SOURCE [--out FILE]           the JSON snapshot of a live cluster, or one built offline',
    options: SNAPSHOT_SOURCE_OPTIONS,
    async run(flags, positionals) {
      if (positionals.length)
        throw new UsageError("snapshot reads a live cluster (--bootstrap) or Kafka's files (--assignment …), not a snapshot file.");
      const snapshot = await resolveSnapshot(flags, positionals, 'snapshot');
      output(snapshotToJson(snapshot), flags.out);
      for (const w of snapshot.warnings) process.stderr.write(`warning: ${w}\n`);
      return 0;
    },
  },
];
