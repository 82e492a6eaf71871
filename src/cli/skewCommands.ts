// kfp skew: skew across brokers from one snapshot, or rates from two (--previous FILE, or --sample SECONDS live).

import { demoRateSamples } from '../core/demo';
import { buildSkewReport, formatSkewReport, skewReportToJson } from '../core/skew';
import { snapshotFromJson } from '../core/snapshotJson';
import {
  SNAPSHOT_SOURCE_OPTIONS,
  UsageError,
  liveSnapshot,
  output,
  positiveNumber,
  readText,
  resolveSnapshot,
  type CliCommand,
} from './io';

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
      let previous;
      let current;
      if (typeof flags.sample === 'string') {
        if (typeof flags.bootstrap !== 'string')
          throw new UsageError('--sample SECONDS takes two snapshots of a live cluster: it needs --bootstrap.');
        const seconds = positiveNumber(flags.sample, '--sample', 30, 'seconds');
        previous = await liveSnapshot(flags, flags.bootstrap);
        process.stderr.write(`Sampling for ${seconds} s…\n`);
        await new Promise((r) => setTimeout(r, seconds * 1000));
        current = await liveSnapshot(flags, flags.bootstrap);
      } else if (flags.demo === true && typeof flags.previous !== 'string') {
        // the demo carries write rates: two samples a minute apart, like --sample 60 on a live cluster
        ({ previous, current } = demoRateSamples());
      } else {
        current = await resolveSnapshot(flags, positionals, 'skew');
        if (typeof flags.previous === 'string') previous = snapshotFromJson(readText(flags.previous, 'previous snapshot'), flags.previous);
      }
      const report = buildSkewReport(current, { previous, balanceTolerance: tolerance, hotPartitionCount: Math.round(top) });
      output(flags.json ? skewReportToJson(report) : formatSkewReport(report), flags.out);
      return 0;
    },
  },
];
