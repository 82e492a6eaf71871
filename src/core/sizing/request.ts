// The sizing requests the wizards, the commands' input objects, the CLI flags and `*.sizing.json` files share:
// flat objects with stable field names (units in the names), read with JsonReader so every type error names its
// path, and turned into the core inputs (kafkaSizing.ts, flinkSizing.ts), which check the ranges.

import { GiB } from '../units';
import { JsonReader, ValidationError, parseJsonText } from '../validate';
import type { FlinkSizingInput } from './flinkSizing';
import type { KafkaSizingInput } from './kafkaSizing';

/** `kfp size kafka` flags, camelCased. Omitted brokers = recommend the smallest count that fits. */
export interface KafkaSizingRequest {
  /** Average producer traffic, MB/s (10^6 B/s), before replication. */
  ingressMbps: number;
  /** Peak producer traffic, MB/s; defaults to ingressMbps. */
  peakIngressMbps?: number;
  /** Consumer groups reading everything (default 1 when egressMbps is not given). */
  consumerGroups?: number;
  /** Peak consumer traffic, MB/s, instead of consumerGroups. */
  egressMbps?: number;
  rf: number;
  /** Retention, hours (retention.ms ÷ 3,600,000). Required unless storedGiB is given. */
  retentionHours?: number;
  /** retention.bytes per partition (Kafka applies it per partition), when it binds before the time. */
  retentionBytesPerPartition?: number;
  /**
   * MSK tiered storage: hours kept on the brokers' volumes (local.retention.ms ÷ 3,600,000), below retentionHours;
   * storage is sized on it, the rest of the retention is in tiered storage.
   */
  localRetentionHours?: number;
  /**
   * Data on the brokers' volumes in steady state, all replicas, GiB: replaces ingress × RF × retention (the
   * per-topic derivation from a cluster: each topic's write rate × its RF × its own retention, at least its bytes today).
   */
  storedGiB?: number;
  /** Data in tiered storage (one copy), GiB; shown, not on the brokers' volumes. */
  tieredGiB?: number;
  azs: number;
  /** Catalog id, e.g. "kafka.m5.large" or "express.m7g.large". */
  brokerType: string;
  brokers?: number;
  /** Planned partitions (leaders); default DEFAULT_PARTITIONS. */
  partitions?: number;
  /** EBS volume per broker, GiB. */
  volumeGiB?: number;
  /** 0..1, default 0.8. */
  utilizationCeiling?: number;
  /** Broker downtime for patching/failure, minutes (default 30). */
  downtimeMinutes?: number;
  /** follower.replication.throttled.rate, MB/s. */
  replicationThrottleMbps?: number;
}

/** `kfp size flink` flags, camelCased. Give recordsPerSec with recordsPerSecPerSubtask, or parallelism. */
export interface FlinkSizingRequest {
  recordsPerSec?: number;
  recordsPerSecPerSubtask?: number;
  /** The configured Parallelism, when the rates are unknown (the Flink lens passes it). */
  parallelism?: number;
  parallelismPerKpu?: number;
  stateGB?: number;
  hoursPerMonth?: number;
  kpuHourPriceUsd?: number;
  runningStorageGbMonthPriceUsd?: number;
  maxKpus?: number;
  /** Target utilization of a subtask at peak, 0..1 (default 0.75, the autoscaling scale-up level). */
  targetUtilization?: number;
}

/** Used when a Kafka request names no partition count: only partitions per broker depend on it (said in a note). */
export const DEFAULT_PARTITIONS = 100;

const KAFKA_NUMBERS = [
  'ingressMbps',
  'peakIngressMbps',
  'consumerGroups',
  'egressMbps',
  'rf',
  'retentionHours',
  'retentionBytesPerPartition',
  'localRetentionHours',
  'storedGiB',
  'tieredGiB',
  'azs',
  'brokers',
  'partitions',
  'volumeGiB',
  'utilizationCeiling',
  'downtimeMinutes',
  'replicationThrottleMbps',
] as const;
/** Field order of a normalized request (the report and the Markdown list the inputs in this order). */
export const KAFKA_FIELDS = [
  'ingressMbps',
  'peakIngressMbps',
  'consumerGroups',
  'egressMbps',
  'rf',
  'retentionHours',
  'retentionBytesPerPartition',
  'localRetentionHours',
  'storedGiB',
  'tieredGiB',
  'azs',
  'brokerType',
  'brokers',
  'partitions',
  'volumeGiB',
  'utilizationCeiling',
  'downtimeMinutes',
  'replicationThrottleMbps',
] as const;
const KAFKA_REQUIRED = new Set(['ingressMbps', 'rf', 'azs', 'brokerType']);
const FLINK_NUMBERS = [
  'recordsPerSec',
  'recordsPerSecPerSubtask',
  'parallelism',
  'parallelismPerKpu',
  'stateGB',
  'hoursPerMonth',
  'kpuHourPriceUsd',
  'runningStorageGbMonthPriceUsd',
  'maxKpus',
  'targetUtilization',
] as const;

function rejectUnknown(r: JsonReader, known: readonly string[]): void {
  for (const key of Object.keys(r.object())) {
    if (!known.includes(key)) throw new ValidationError(`${r.path}.${key}`, `unknown field (known: ${known.join(', ')})`, r.source);
  }
}

/** Reads a Kafka request from an untrusted value (a command argument, a file); errors name the path. */
export function kafkaRequestFrom(value: unknown, path = '$', source?: string): KafkaSizingRequest {
  const r = new JsonReader(value, path, source);
  rejectUnknown(r, [...KAFKA_NUMBERS, 'brokerType']);
  const out: Record<string, unknown> = {};
  for (const name of KAFKA_FIELDS) {
    if (name === 'brokerType') out[name] = r.field(name).nonEmptyString();
    else if (KAFKA_REQUIRED.has(name) || r.has(name)) out[name] = r.field(name).number();
  }
  // storage needs a retention, or the bytes it keeps (Express brokers have no storage to size, the core says so)
  if (out.retentionHours === undefined && out.retentionBytesPerPartition === undefined && out.storedGiB === undefined)
    out.retentionHours = r.field('retentionHours').number();
  return out as unknown as KafkaSizingRequest;
}

export function flinkRequestFrom(value: unknown, path = '$', source?: string): FlinkSizingRequest {
  const r = new JsonReader(value, path, source);
  rejectUnknown(r, FLINK_NUMBERS);
  const out: Record<string, number> = {};
  for (const name of FLINK_NUMBERS) if (r.has(name)) out[name] = r.field(name).number();
  if (out.parallelism === undefined && (out.recordsPerSec === undefined || out.recordsPerSecPerSubtask === undefined)) {
    throw new ValidationError(path, 'expected recordsPerSec and recordsPerSecPerSubtask (records/s), or parallelism', source);
  }
  return out as FlinkSizingRequest;
}

export function kafkaInputOf(req: KafkaSizingRequest): KafkaSizingInput {
  return {
    ingressAvgMbPerSec: req.ingressMbps,
    ingressPeakMbPerSec: req.peakIngressMbps ?? req.ingressMbps,
    ...(req.egressMbps !== undefined ? { egressPeakMbPerSec: req.egressMbps } : { consumerGroups: req.consumerGroups ?? 1 }),
    ...(req.egressMbps !== undefined && req.consumerGroups !== undefined ? { consumerGroups: req.consumerGroups } : {}),
    replicationFactor: req.rf,
    ...(req.retentionHours !== undefined ? { retentionHours: req.retentionHours } : {}),
    ...(req.retentionBytesPerPartition !== undefined ? { retentionBytesPerPartition: req.retentionBytesPerPartition } : {}),
    ...(req.localRetentionHours !== undefined ? { localRetentionHours: req.localRetentionHours } : {}),
    ...(req.storedGiB !== undefined ? { storedBytes: req.storedGiB * GiB } : {}),
    ...(req.tieredGiB !== undefined ? { tieredBytes: req.tieredGiB * GiB } : {}),
    partitions: req.partitions ?? DEFAULT_PARTITIONS,
    numberOfAzs: req.azs,
    brokerType: req.brokerType,
    brokerCount: req.brokers ?? 'recommend',
    ...(req.volumeGiB !== undefined ? { volumeSizeGiB: req.volumeGiB } : {}),
    ...(req.utilizationCeiling !== undefined ? { utilizationCeiling: req.utilizationCeiling } : {}),
    ...(req.downtimeMinutes !== undefined ? { brokerDowntimeMinutes: req.downtimeMinutes } : {}),
    ...(req.replicationThrottleMbps !== undefined ? { replicationThrottleMbPerSec: req.replicationThrottleMbps } : {}),
  };
}

export function flinkInputOf(req: FlinkSizingRequest): FlinkSizingInput {
  const rates = req.recordsPerSec !== undefined || req.recordsPerSecPerSubtask !== undefined;
  return {
    ...(rates || req.parallelism === undefined
      ? { peakRecordsPerSec: req.recordsPerSec, recordsPerSecPerSubtask: req.recordsPerSecPerSubtask }
      : {}),
    ...(req.parallelism !== undefined ? { parallelism: req.parallelism } : {}),
    ...(req.parallelismPerKpu !== undefined ? { parallelismPerKpu: req.parallelismPerKpu } : {}),
    ...(req.stateGB !== undefined ? { stateSizeGB: req.stateGB } : {}),
    ...(req.hoursPerMonth !== undefined ? { hoursPerMonth: req.hoursPerMonth } : {}),
    ...(req.kpuHourPriceUsd !== undefined ? { kpuHourPriceUsd: req.kpuHourPriceUsd } : {}),
    ...(req.runningStorageGbMonthPriceUsd !== undefined ? { runningStorageGbMonthPriceUsd: req.runningStorageGbMonthPriceUsd } : {}),
    ...(req.maxKpus !== undefined ? { maxKpus: req.maxKpus } : {}),
    ...(req.targetUtilization !== undefined ? { targetUtilization: req.targetUtilization } : {}),
  };
}

// ----- *.sizing.json: inputs kept in git

export const SIZING_FILE_VERSION = 1;
export { SIZING_FILE_SUFFIX } from '../documentKinds';

export type SizingDocument =
  { version: 1; kind: 'kafka'; inputs: KafkaSizingRequest } | { version: 1; kind: 'flink'; inputs: FlinkSizingRequest };

export function sizingDocumentToJson(doc: SizingDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Parses and validates a `*.sizing.json` text; every error names the file and the JSON path. */
export function readSizingDocument(text: string, source: string): SizingDocument {
  const r = new JsonReader(parseJsonText(text, source), '$', source);
  rejectUnknown(r, ['version', 'kind', 'inputs']);
  r.field('version').int(SIZING_FILE_VERSION, SIZING_FILE_VERSION);
  const kind = r.field('kind').oneOf(['kafka', 'flink'] as const);
  const inputs = r.field('inputs');
  return kind === 'kafka'
    ? { version: 1, kind, inputs: kafkaRequestFrom(inputs.value, inputs.path, source) }
    : { version: 1, kind, inputs: flinkRequestFrom(inputs.value, inputs.path, source) };
}
