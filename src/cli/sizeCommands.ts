// kfp size kafka|flink: the sizing wizards' report on the command line (the same numbers, with the formula and
// source per number; --json prints the report with stable field names). Ranges are checked by src/core/sizing,
// whose SizingInputError (exit 2) names the field and the allowed range.

import { SizingInputError } from '../core/sizing/explained';
import { buildFlinkReport, buildKafkaReport, flinkReportMarkdown, kafkaReportMarkdown, sizingReportToJson } from '../core/sizing/report';
import { flinkRequestFrom, kafkaRequestFrom, type FlinkSizingRequest, type KafkaSizingRequest } from '../core/sizing/request';
import { snapshotFromJson } from '../core/snapshotJson';
import { sizingDefaultsFromCluster, type ClusterSizingDefaults } from '../core/sizing/fromSnapshot';
import { UsageError, output, readText, type CliCommand, type Flags } from './io';

/** Flag -> request field, per subcommand. */
const KAFKA_FLAGS: Record<string, keyof KafkaSizingRequest> = {
  'ingress-mbps': 'ingressMbps',
  'peak-ingress-mbps': 'peakIngressMbps',
  'consumer-groups': 'consumerGroups',
  'egress-mbps': 'egressMbps',
  rf: 'rf',
  'retention-hours': 'retentionHours',
  'retention-bytes': 'retentionBytesPerPartition',
  'local-retention-hours': 'localRetentionHours',
  'stored-gib': 'storedGiB',
  'tiered-gib': 'tieredGiB',
  azs: 'azs',
  brokers: 'brokers',
  partitions: 'partitions',
  'volume-gib': 'volumeGiB',
  ceiling: 'utilizationCeiling',
  'downtime-minutes': 'downtimeMinutes',
  'throttle-mbps': 'replicationThrottleMbps',
};
const KAFKA_REQUIRED = ['ingress-mbps', 'rf', 'azs', 'broker-type'];
/** The order the usage line names the flags in (a missing-flags message follows it). */
const KAFKA_ORDER = ['ingress-mbps', 'rf', 'retention-hours', 'azs', 'broker-type'];
const FLINK_FLAGS: Record<string, keyof FlinkSizingRequest> = {
  'records-per-sec': 'recordsPerSec',
  'records-per-sec-per-subtask': 'recordsPerSecPerSubtask',
  'parallelism-per-kpu': 'parallelismPerKpu',
  'state-gb': 'stateGB',
  'hours-per-month': 'hoursPerMonth',
  'kpu-hour-price': 'kpuHourPriceUsd',
  'storage-gb-month-price': 'runningStorageGbMonthPriceUsd',
  'max-kpus': 'maxKpus',
  'target-utilization': 'targetUtilization',
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

/**
 * `--from LATER.json [--previous EARLIER.json]`: the defaults derived per topic from snapshot files (write rates
 * between the two); every flag given overrides its default.
 */
export function kafkaDefaultsFromFlags(flags: Flags): ClusterSizingDefaults | undefined {
  if (typeof flags.from !== 'string') {
    if (flags.previous !== undefined) throw new UsageError('--previous EARLIER.json needs --from LATER.json.');
    return undefined;
  }
  const later = snapshotFromJson(readText(flags.from, 'snapshot'), flags.from);
  const earlier =
    typeof flags.previous === 'string' ? snapshotFromJson(readText(flags.previous, 'previous snapshot'), flags.previous) : undefined;
  return sizingDefaultsFromCluster(later, earlier);
}

export function kafkaRequestFromFlags(flags: Flags, derived?: ClusterSizingDefaults): KafkaSizingRequest {
  const fromDefaults = new Set(
    Object.entries(KAFKA_FLAGS)
      .filter(([, field]) => derived?.defaults[field] !== undefined)
      .map(([flag]) => flag),
  );
  checkFlags(
    flags,
    'kafka',
    [...Object.keys(KAFKA_FLAGS), 'broker-type', 'from', 'previous'],
    [
      ...KAFKA_REQUIRED.filter((f) => !fromDefaults.has(f)),
      // storage needs a retention, or the bytes it keeps
      ...(['retention-hours', 'retention-bytes', 'stored-gib'].some((f) => flags[f] !== undefined || fromDefaults.has(f))
        ? []
        : ['retention-hours']),
    ].sort((a, b) => KAFKA_ORDER.indexOf(a) - KAFKA_ORDER.indexOf(b)),
  );
  if (flags['consumer-groups'] !== undefined && flags['egress-mbps'] !== undefined)
    throw new UsageError('Give --consumer-groups or --egress-mbps, not both.');
  if (typeof flags['broker-type'] !== 'string')
    throw new UsageError('--broker-type takes a catalog id, e.g. kafka.m5.large or express.m7g.large.');
  const request: Record<string, unknown> = { ...(derived?.defaults ?? {}), brokerType: flags['broker-type'] };
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
  retentionBytesPerPartition: 'retention-bytes',
  localRetentionHours: 'local-retention-hours',
  storedBytes: 'stored-gib',
  tieredBytes: 'tiered-gib',
  targetUtilization: 'target-utilization',
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

const options: CliCommand['options'] = {
  json: { type: 'boolean' },
  'broker-type': { type: 'string' },
  from: { type: 'string' },
  previous: { type: 'string' },
};
for (const flag of [...Object.keys(KAFKA_FLAGS), ...Object.keys(FLINK_FLAGS)]) options[flag] = { type: 'string' };

export const sizeCommands: CliCommand[] = [
  {
    name: 'size',
    usage:
      '  kfp size kafka --ingress-mbps N [--peak-ingress-mbps N] [--consumer-groups N | --egress-mbps N] --rf N\n' +
      '                 --retention-hours N [--retention-bytes N] [--local-retention-hours N] [--stored-gib N]\n' +
      '                 --azs N --broker-type NAME [--brokers N] [--partitions N] [--volume-gib N]\n' +
      '                 [--ceiling 0.8] [--downtime-minutes 30] [--throttle-mbps N] [--json]\n' +
      '  kfp size kafka --from LATER.json [--previous EARLIER.json] --broker-type NAME [any flag above to override]\n' +
      '                                             inputs derived per topic from snapshots (write rate x RF x retention)\n' +
      '                                             Kafka cluster sizing: four states, storage, partitions, recommendation\n' +
      '  kfp size flink --records-per-sec N --records-per-sec-per-subtask N [--parallelism-per-kpu N] [--state-gb N]\n' +
      '                 [--hours-per-month 720] [--kpu-hour-price 0.11] [--storage-gb-month-price 0.1] [--max-kpus 64]\n' +
      '                 [--target-utilization 0.75] [--json]\n' +
      '                                             Managed Flink sizing: parallelism, KPUs, cost, autoscaling range',
    options,
    async run(flags, positionals) {
      const [sub, ...extra] = positionals;
      if (extra.length) throw new UsageError(`kfp size takes one of kafka, flink, then flags; unexpected "${extra.join(' ')}".`);
      if (sub === 'kafka') {
        const derived = kafkaDefaultsFromFlags(flags);
        const clusterName = typeof flags.from === 'string' ? flags.from : undefined;
        const report = withFlagNames(() => buildKafkaReport(kafkaRequestFromFlags(flags, derived), { clusterName, derived }));
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
