// kfp size kafka|flink: the sizing wizards' report on the command line (the same numbers, with the formula and
// source per number; --json prints the report with stable field names). Ranges are checked by src/core/sizing,
// whose SizingInputError (exit 2) names the field and the allowed range.

import { SizingInputError } from '../core/sizing/explained';
import { buildFlinkReport, buildKafkaReport, flinkReportMarkdown, kafkaReportMarkdown, sizingReportToJson } from '../core/sizing/report';
import { flinkRequestFrom, kafkaRequestFrom, type FlinkSizingRequest, type KafkaSizingRequest } from '../core/sizing/request';
import { UsageError, output, type CliCommand, type Flags } from './io';

/** Flag -> request field, per subcommand. */
const KAFKA_FLAGS: Record<string, keyof KafkaSizingRequest> = {
  'ingress-mbps': 'ingressMbps',
  'peak-ingress-mbps': 'peakIngressMbps',
  'consumer-groups': 'consumerGroups',
  'egress-mbps': 'egressMbps',
  rf: 'rf',
  'retention-hours': 'retentionHours',
  azs: 'azs',
  brokers: 'brokers',
  partitions: 'partitions',
  'volume-gib': 'volumeGiB',
  ceiling: 'utilizationCeiling',
  'downtime-minutes': 'downtimeMinutes',
  'throttle-mbps': 'replicationThrottleMbps',
};
const KAFKA_REQUIRED = ['ingress-mbps', 'rf', 'retention-hours', 'azs', 'broker-type'];
const FLINK_FLAGS: Record<string, keyof FlinkSizingRequest> = {
  'records-per-sec': 'recordsPerSec',
  'records-per-sec-per-subtask': 'recordsPerSecPerSubtask',
  'parallelism-per-kpu': 'parallelismPerKpu',
  'state-gb': 'stateGB',
  'hours-per-month': 'hoursPerMonth',
  'kpu-hour-price': 'kpuHourPriceUsd',
  'storage-gb-month-price': 'runningStorageGbMonthPriceUsd',
  'max-kpus': 'maxKpus',
};
const FLINK_REQUIRED = ['records-per-sec', 'records-per-sec-per-subtask'];

function numberFlag(flags: Flags, flag: string): number | undefined {
  const value = flags[flag];
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} takes a number, got "${String(value)}".`);
  return n;
}

function checkFlags(flags: Flags, sub: string, allowed: string[], required: string[]): void {
  const own = new Set([...allowed, 'json', 'out', 'help']);
  const foreign = Object.keys(flags).filter((f) => flags[f] !== undefined && !own.has(f));
  if (foreign.length)
    throw new UsageError(`kfp size ${sub} does not take ${foreign.map((f) => `--${f}`).join(', ')}. Run kfp size --help.`);
  const missing = required.filter((f) => flags[f] === undefined);
  if (missing.length) throw new UsageError(`kfp size ${sub} needs ${missing.map((f) => `--${f}`).join(', ')}.`);
}

export function kafkaRequestFromFlags(flags: Flags): KafkaSizingRequest {
  checkFlags(flags, 'kafka', [...Object.keys(KAFKA_FLAGS), 'broker-type'], KAFKA_REQUIRED);
  if (flags['consumer-groups'] !== undefined && flags['egress-mbps'] !== undefined)
    throw new UsageError('Give --consumer-groups or --egress-mbps, not both.');
  if (typeof flags['broker-type'] !== 'string')
    throw new UsageError('--broker-type takes a catalog id, e.g. kafka.m5.large or express.m7g.large.');
  const request: Record<string, unknown> = { brokerType: flags['broker-type'] };
  for (const [flag, field] of Object.entries(KAFKA_FLAGS)) {
    const n = numberFlag(flags, flag);
    if (n !== undefined) request[field] = n;
  }
  return kafkaRequestFrom(request, '$', 'flags');
}

export function flinkRequestFromFlags(flags: Flags): FlinkSizingRequest {
  checkFlags(flags, 'flink', Object.keys(FLINK_FLAGS), FLINK_REQUIRED);
  const request: Record<string, number> = {};
  for (const [flag, field] of Object.entries(FLINK_FLAGS)) {
    const n = numberFlag(flags, flag);
    if (n !== undefined) request[field] = n;
  }
  return flinkRequestFrom(request, '$', 'flags');
}

/** The core's input names -> this command's flags, so a range error names the flag the user typed. */
const CORE_TO_FLAG: Record<string, string> = {
  ingressAvgMbPerSec: 'ingress-mbps',
  ingressPeakMbPerSec: 'peak-ingress-mbps',
  consumerGroups: 'consumer-groups',
  egressPeakMbPerSec: 'egress-mbps',
  replicationFactor: 'rf',
  retentionHours: 'retention-hours',
  numberOfAzs: 'azs',
  brokerType: 'broker-type',
  brokerCount: 'brokers',
  partitions: 'partitions',
  volumeSizeGiB: 'volume-gib',
  utilizationCeiling: 'ceiling',
  brokerDowntimeMinutes: 'downtime-minutes',
  replicationThrottleMbPerSec: 'throttle-mbps',
  peakRecordsPerSec: 'records-per-sec',
  recordsPerSecPerSubtask: 'records-per-sec-per-subtask',
  parallelismPerKpu: 'parallelism-per-kpu',
  stateSizeGB: 'state-gb',
  hoursPerMonth: 'hours-per-month',
  kpuHourPriceUsd: 'kpu-hour-price',
  runningStorageGbMonthPriceUsd: 'storage-gb-month-price',
  maxKpus: 'max-kpus',
};

function withFlagNames<T>(build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof SizingInputError && CORE_TO_FLAG[err.input])
      throw new SizingInputError(`--${CORE_TO_FLAG[err.input]} (${err.input})`, err.value, err.allowed);
    throw err;
  }
}

const options: CliCommand['options'] = { json: { type: 'boolean' }, 'broker-type': { type: 'string' } };
for (const flag of [...Object.keys(KAFKA_FLAGS), ...Object.keys(FLINK_FLAGS)]) options[flag] = { type: 'string' };

export const sizeCommands: CliCommand[] = [
  {
    name: 'size',
    usage:
      '  kfp size kafka --ingress-mbps N [--peak-ingress-mbps N] [--consumer-groups N | --egress-mbps N] --rf N\n' +
      '                 --retention-hours N --azs N --broker-type NAME [--brokers N] [--partitions N] [--volume-gib N]\n' +
      '                 [--ceiling 0.8] [--downtime-minutes 30] [--throttle-mbps N] [--json]\n' +
      '                                             Kafka cluster sizing: four states, storage, partitions, recommendation\n' +
      '  kfp size flink --records-per-sec N --records-per-sec-per-subtask N [--parallelism-per-kpu N] [--state-gb N]\n' +
      '                 [--hours-per-month 720] [--kpu-hour-price 0.11] [--storage-gb-month-price 0.1] [--max-kpus 64] [--json]\n' +
      '                                             Managed Flink sizing: parallelism, KPUs, cost, autoscaling range',
    options,
    async run(flags, positionals) {
      const [sub, ...extra] = positionals;
      if (extra.length) throw new UsageError(`kfp size takes one of kafka, flink, then flags; unexpected "${extra.join(' ')}".`);
      if (sub === 'kafka') {
        const report = withFlagNames(() => buildKafkaReport(kafkaRequestFromFlags(flags)));
        output(flags.json ? sizingReportToJson(report) : kafkaReportMarkdown(report), flags.out);
        return 0;
      }
      if (sub === 'flink') {
        const report = withFlagNames(() => buildFlinkReport(flinkRequestFromFlags(flags)));
        output(flags.json ? sizingReportToJson(report) : flinkReportMarkdown(report), flags.out);
        return 0;
      }
      throw new UsageError(`kfp size needs "kafka" or "flink"${sub ? `, got "${sub}"` : ''}. Run kfp size --help.`);
    },
  },
];
