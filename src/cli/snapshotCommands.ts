// kfp demo | summary | snapshot

import { demoSnapshot } from '../core/demo';
import { snapshotToJson } from '../core/snapshotJson';
import { formatClusterSummary } from '../core/summaryText';
import { SNAPSHOT_SOURCE_OPTIONS, UsageError, output, resolveSnapshot, type CliCommand } from './io';

export const snapshotCommands: CliCommand[] = [
  {
    name: 'demo',
    usage: '  kfp demo [--out FILE]                      summary of the embedded demo cluster',
    options: {},
    async run(flags) {
      output(formatClusterSummary(demoSnapshot()), flags.out);
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
      if (positionals.length) throw new UsageError('snapshot reads a live cluster (--bootstrap) or Kafka\'s files (--assignment …), not a snapshot file.');
      const snapshot = await resolveSnapshot(flags, positionals, 'snapshot');
      output(snapshotToJson(snapshot), flags.out);
      for (const w of snapshot.warnings) process.stderr.write(`warning: ${w}\n`);
      return 0;
    },
  },
];
