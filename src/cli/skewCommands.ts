// kfp skew: skew across brokers from one snapshot, or rates from two (--previous FILE, or --sample SECONDS live).

import { buildSkewReport, formatSkewReport, skewReportToJson } from '../core/skew';
import { SNAPSHOT_SOURCE_OPTIONS, output, positiveNumber, resolveSnapshotPair, type CliCommand } from './io';

export const skewCommands: CliCommand[] = [
  {
    name: 'skew',
    usage:
      '  kfp skew SOURCE [--json] [--previous FILE | --sample SECONDS] [--tolerance 0.1] [--top 10]\n' +
      '                                             skew per metric, per topic and hot partitions; rates need two snapshots',
    options: {
      ...SNAPSHOT_SOURCE_OPTIONS,
      json: { type: 'boolean' },
      previous: { type: 'string' },
      sample: { type: 'string' },
      tolerance: { type: 'string' },
      top: { type: 'string' },
    },
    async run(flags, positionals) {
      const tolerance = positiveNumber(flags.tolerance, '--tolerance', 0.1, 'the fraction of the mean (0.1 = 10 %)');
      const top = positiveNumber(flags.top, '--top', 10, 'partitions');
      const { previous, current } = await resolveSnapshotPair(flags, positionals, 'skew');
      const report = buildSkewReport(current, { previous, balanceTolerance: tolerance, hotPartitionCount: Math.round(top) });
      output(flags.json ? skewReportToJson(report) : formatSkewReport(report), flags.out);
      return 0;
    },
  },
];
