// Kafka cluster sizing (pure): Equation 1 of the AWS right-sizing post, utilization in four states (normal, one
// broker lost, one AZ lost, catch-up after a broker returns), storage against MSK's 60 % / 80 % alerts,
// partitions per broker, rebalance time after adding brokers, and the smallest broker count that fits.
// Every number is an Explained (./explained.ts). The model and its limits: ./README.md.
//
// Units: rates in MB/s (10^6 B/s, as AWS quotes MSK and EC2 throughput), bytes in B, volumes in GiB (2^30 B),
// durations in s. The catalog's MiB/s, Mbps and Gbps are converted where they are read (perBrokerCapacity).

import { DISK_ACTION_RATIO, DISK_WARN_RATIO, diskLevel as brokerDiskLevel, type DiskLevel as BrokerDiskLevel } from '../brokerLoad';
import {
  BROKER_CATALOG,
  EC2_GENERAL_PURPOSE_SPECS_URL,
  FIELD_MSK_LIMITS,
  MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC,
  MSK_PROVISIONED_THROUGHPUT_URL,
  MSK_VOLUME_MAX_GIB,
  MSK_VOLUME_MIN_GIB,
  findBrokerType,
  matchingExpressType,
  type BrokerType,
  type CustomBrokerType,
} from './catalog';
import {
  DERIVED,
  SizingInputError,
  atOrBelow,
  checkNumber,
  checkOptional,
  explained,
  fmt,
  given,
  pct,
  type Explained,
} from './explained';

export const RIGHT_SIZING_BLOG_URL =
  'https://aws.amazon.com/blogs/big-data/best-practices-for-right-sizing-your-apache-kafka-clusters-to-optimize-performance-and-cost/';
const FIELD_KAFKA_SIZING = 'FIELD.md: Kafka sizing';
const EQUATION_1 = `${RIGHT_SIZING_BLOG_URL} (Equation 1); ${FIELD_KAFKA_SIZING}`;

/** FIELD.md: Kafka sizing: "expose it as a parameter, default 80% utilization ceiling". */
export const DEFAULT_UTILIZATION_CEILING = 0.8;
/** Issue 6 default for patching/failure downtime; a product default, not an AWS number. */
export const DEFAULT_BROKER_DOWNTIME_MINUTES = 30;
/** MSK's storage alerts, 60 % and 80 %: one definition for the whole product (src/core/brokerLoad.ts). */
export { DISK_ACTION_RATIO, DISK_WARN_RATIO };
/** Express: "15 MB/s per partition" (FIELD.md: Amazon MSK limits). */
export const EXPRESS_MB_PER_SEC_PER_PARTITION = 15;
/** How far the recommender searches; our bound, not an AWS quota. */
export const DEFAULT_MAX_BROKER_COUNT = 100;

const MB = 1e6;
const MB_PER_MIB = 1.048576;
const GIB = 1024 ** 3;

// ---------------------------------------------------------------------------------------------------------
// Inputs

export interface KafkaSizingInput {
  /** Average producer traffic into the cluster, before replication. Drives storage. */
  ingressAvgMbPerSec: number;
  /** Peak producer traffic; drives every utilization state. */
  ingressPeakMbPerSec: number;
  /** Consumer groups that each read everything. Give this or egressPeakMbPerSec, not both. */
  consumerGroups?: number;
  /** Consumer traffic out of the cluster at peak, when consumers do not read everything. */
  egressPeakMbPerSec?: number;
  replicationFactor: number;
  /** Topic retention (retention.ms / 3,600,000). At least one of the two retentions is required. */
  retentionHours?: number;
  /** retention.bytes, which Kafka applies per partition. */
  retentionBytesPerPartition?: number;
  /** Planned partitions (leaders, before replication). */
  partitions: number;
  numberOfAzs: number;
  /** A catalog id (e.g. "kafka.m5.large", "express.m7g.xlarge") or a custom type. */
  brokerType: string | CustomBrokerType;
  brokerCount: number | 'recommend';
  /** EBS volume per broker (Standard/custom); enables the 60 % / 80 % checks. */
  volumeSizeGiB?: number;
  /** Provisioned storage throughput per broker (Standard m5.4xlarge+ / m7g.2xlarge+); default 250 MiB/s. */
  provisionedStorageMiBPerSec?: number;
  /** Default 0.8. */
  utilizationCeiling?: number;
  /** Time a broker is away for patching or failure. Default 30 min. */
  brokerDowntimeMinutes?: number;
  /** follower.replication.throttled.rate on the returning broker, if set. */
  replicationThrottleMbPerSec?: number;
  /** Brokers to add, for the rebalance estimate. */
  addBrokers?: number;
  /** Per-broker throttle for the rebalance; defaults to replicationThrottleMbPerSec. */
  rebalanceThrottleMbPerSec?: number;
  /** The reassignment planner's bytes to move (a lower bound); replaces the even-spread estimate. */
  bytesToMoveLowerBound?: number;
  /** Search bound for 'recommend'. Default 100. */
  maxBrokerCount?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Outputs

export type ThroughputTermName = 'storage' | 'ebsNetwork' | 'ec2Network' | 'expressIngress' | 'expressEgress';
export type CatchUpTermName = 'storage' | 'ebsNetwork' | 'networkIn' | 'leadersNetworkOut';
export type KafkaStateName = 'normal' | 'oneBrokerLost' | 'oneAzLost' | 'catchUp';

export interface ThroughputTerm {
  term: ThroughputTermName;
  label: string;
  /** The cluster ingress at which this resource is saturated. */
  limitMbPerSec: Explained;
}

export interface ThroughputLimit {
  brokers: number;
  terms: ThroughputTerm[];
  binding: ThroughputTermName;
  bindingLabel: string;
  limitMbPerSec: Explained;
}

export interface CatchUpTerm {
  term: CatchUpTermName;
  label: string;
  capacityMbPerSec: number;
  loadMbPerSec: number;
}

export interface CatchUpDetail {
  backlogBytes: Explained;
  terms: CatchUpTerm[];
  /** The spare bandwidth under the ceiling: the throttle that keeps the binding resource exactly at it. */
  suggestedThrottleMbPerSec: Explained;
  throttled: boolean;
  catchUpRateMbPerSec: Explained;
  catchUpSeconds: Explained;
}

export interface KafkaState {
  state: KafkaStateName;
  label: string;
  applicable: boolean;
  /** Brokers serving leaders in this state. */
  servingBrokers: number;
  /** Present when applicable. */
  utilization?: Explained;
  binding?: string;
  withinCeiling: boolean;
  /** Why the state fails the ceiling, or why it is not modelled. */
  reason?: string;
  throughputLimit?: ThroughputLimit;
  catchUp?: CatchUpDetail;
}

/** A sized volume always has a known capacity, so its level is never 'unknown'. */
export type DiskLevel = Exclude<BrokerDiskLevel, 'unknown'>;

export interface StorageCrossing {
  /** 0.6, 0.8 or 1 (full). */
  ratio: number;
  label: string;
  /** From an empty cluster at average ingress; Infinity when the steady state stays below. */
  seconds: Explained;
}

export interface KafkaStorage {
  retainedBytes: Explained;
  perBrokerBytes: Explained;
  fillBytesPerSec: Explained;
  /** The volume that keeps the steady state below the 60 % alert. */
  volumeGiBBelowWarn: Explained;
  volumeBytes?: Explained;
  usedRatio?: Explained;
  level?: DiskLevel;
  crossings: StorageCrossing[];
}

export type PartitionLevel = 'ok' | 'overRecommended' | 'overMax';

export interface KafkaPartitions {
  replicasPerBroker: Explained;
  recommended: Explained;
  max: Explained;
  level: PartitionLevel;
  reason?: string;
}

export interface KafkaRebalance {
  brokersAfter: number;
  bytesToMove: Explained;
  throttleMbPerSec: Explained;
  parallelStreams: Explained;
  seconds: Explained;
}

export interface PerBrokerCapacity {
  storageMbPerSec?: Explained;
  ebsNetworkMbPerSec?: Explained;
  networkMbPerSec?: Explained;
  ingressMbPerSec?: Explained;
  egressMbPerSec?: Explained;
}

export interface KafkaSizingResult {
  brokerType: BrokerType;
  brokerTypeId: string;
  brokerCount: number;
  numberOfAzs: number;
  utilizationCeiling: number;
  perBroker: PerBrokerCapacity;
  /** Consumer traffic as a multiple of ingress (consumer groups reading everything). */
  readFanout: Explained;
  throughputLimit: ThroughputLimit;
  states: KafkaState[];
  /** Every state at or below the ceiling. */
  withinCeiling: boolean;
  storage?: KafkaStorage;
  partitions: KafkaPartitions;
  rebalance?: KafkaRebalance;
  warnings: string[];
  /** Present when brokerCount was 'recommend'. */
  recommendation?: KafkaRecommendation;
}

export interface KafkaRecommendation {
  brokerTypeId: string;
  found: boolean;
  /** The smallest count that fits, when found. */
  brokerCount?: number;
  reason: string;
  /** At the found count, or at the largest count tried when none fits. */
  result: KafkaSizingResult;
}

// ---------------------------------------------------------------------------------------------------------
// Validation

interface Workload {
  ingressAvgMbPerSec: number;
  ingressPeakMbPerSec: number;
  fanout: Explained;
  replicationFactor: number;
  retentionHours?: number;
  retentionBytesPerPartition?: number;
  partitions: number;
  numberOfAzs: number;
  type: BrokerType;
  typeId: string;
  volumeSizeGiB?: number;
  provisionedStorageMiBPerSec?: number;
  ceiling: number;
  downtimeMinutes: number;
  replicationThrottleMbPerSec?: number;
  addBrokers?: number;
  rebalanceThrottleMbPerSec?: number;
  bytesToMoveLowerBound?: number;
  maxBrokerCount: number;
}

const CATALOG_IDS = BROKER_CATALOG.map((t) => t.id);

function resolveBrokerType(value: unknown): BrokerType {
  if (typeof value === 'string') {
    const found = findBrokerType(value);
    if (!found) throw new SizingInputError('brokerType', value, `one of ${CATALOG_IDS.join(', ')}, or a custom type`);
    return found;
  }
  if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== 'custom') {
    throw new SizingInputError('brokerType', value, 'a catalog id (e.g. "kafka.m5.large") or { kind: "custom", ... }');
  }
  const c = value as CustomBrokerType;
  const storageMbPerSec = checkNumber('brokerType.storageMbPerSec', c.storageMbPerSec, { min: 0, minExclusive: true });
  const networkMbPerSec = checkNumber('brokerType.networkMbPerSec', c.networkMbPerSec, { min: 0, minExclusive: true });
  const ebsNetworkMbPerSec = checkOptional('brokerType.ebsNetworkMbPerSec', c.ebsNetworkMbPerSec, { min: 0, minExclusive: true });
  const partitionsRecommended = checkNumber('brokerType.partitionsRecommended', c.partitionsRecommended, { min: 1, integer: true });
  const partitionsMax =
    checkOptional('brokerType.partitionsMax', c.partitionsMax, {
      min: partitionsRecommended,
      integer: true,
      allowed: `a whole number >= brokerType.partitionsRecommended (${partitionsRecommended})`,
    }) ?? partitionsRecommended;
  const vcpus = checkOptional('brokerType.vcpus', c.vcpus, { min: 1, integer: true });
  return {
    kind: 'custom',
    id: c.id ?? 'custom',
    storageMbPerSec,
    networkMbPerSec,
    ...(ebsNetworkMbPerSec !== undefined ? { ebsNetworkMbPerSec } : {}),
    partitionsRecommended,
    partitionsMax,
    ...(vcpus !== undefined ? { vcpus } : {}),
  };
}

function typeIdOf(type: BrokerType): string {
  return type.kind === 'custom' ? (type.id ?? 'custom') : type.id;
}

/** Validates everything that does not depend on the broker count. */
function validateWorkload(input: KafkaSizingInput): Workload {
  const ingressAvgMbPerSec = checkNumber('ingressAvgMbPerSec', input.ingressAvgMbPerSec, { min: 0 });
  const ingressPeakMbPerSec = checkNumber('ingressPeakMbPerSec', input.ingressPeakMbPerSec, {
    min: Math.max(ingressAvgMbPerSec, 0),
    minExclusive: ingressAvgMbPerSec === 0,
    allowed: `a number > 0 and >= ingressAvgMbPerSec (${fmt(ingressAvgMbPerSec)})`,
  });
  const maxBrokerCount = checkOptional('maxBrokerCount', input.maxBrokerCount, { min: 1, max: 10000, integer: true }) ?? DEFAULT_MAX_BROKER_COUNT;
  const replicationFactor = checkNumber('replicationFactor', input.replicationFactor, { min: 1, max: maxBrokerCount, integer: true });

  if (input.consumerGroups !== undefined && input.egressPeakMbPerSec !== undefined) {
    throw new SizingInputError('egressPeakMbPerSec', input.egressPeakMbPerSec, 'nothing when consumerGroups is given (give one of the two)');
  }
  let fanout: Explained;
  if (input.consumerGroups !== undefined) {
    const groups = checkNumber('consumerGroups', input.consumerGroups, { min: 0, max: 10000, integer: true });
    fanout = explained(groups, 'x ingress', `${groups} consumer groups reading everything = ${groups} x ingress`, { consumerGroups: groups }, FIELD_KAFKA_SIZING);
  } else if (input.egressPeakMbPerSec !== undefined) {
    const egress = checkNumber('egressPeakMbPerSec', input.egressPeakMbPerSec, { min: 0 });
    const value = egress / ingressPeakMbPerSec;
    fanout = explained(
      value,
      'x ingress',
      `${fmt(egress)} MB/s egress ÷ ${fmt(ingressPeakMbPerSec)} MB/s peak ingress = ${fmt(value, 3)} x ingress`,
      { egressPeakMbPerSec: egress, ingressPeakMbPerSec },
      `${DERIVED} consumer groups reading everything, expressed from egress (Equation 1 counts egress per unit of ingress)`,
    );
  } else {
    throw new SizingInputError('consumerGroups', undefined, 'a whole number >= 0, or egressPeakMbPerSec instead');
  }

  const retentionHours = checkOptional('retentionHours', input.retentionHours, { min: 0, minExclusive: true });
  const retentionBytesPerPartition = checkOptional('retentionBytesPerPartition', input.retentionBytesPerPartition, { min: 0, minExclusive: true });
  const partitions = checkNumber('partitions', input.partitions, { min: 1, max: 10_000_000, integer: true });
  const numberOfAzs = checkNumber('numberOfAzs', input.numberOfAzs, { min: 1, max: 10, integer: true });
  const type = resolveBrokerType(input.brokerType);
  const typeId = typeIdOf(type);

  if (type.kind !== 'express' && retentionHours === undefined && retentionBytesPerPartition === undefined) {
    throw new SizingInputError('retentionHours', undefined, 'a number > 0 (or retentionBytesPerPartition): storage needs a retention');
  }

  let volumeSizeGiB: number | undefined;
  let provisionedStorageMiBPerSec: number | undefined;
  if (type.kind === 'express') {
    if (input.volumeSizeGiB !== undefined) {
      throw new SizingInputError('volumeSizeGiB', input.volumeSizeGiB, `nothing for ${typeId}: Express brokers have no storage to manage`);
    }
    if (input.provisionedStorageMiBPerSec !== undefined) {
      throw new SizingInputError('provisionedStorageMiBPerSec', input.provisionedStorageMiBPerSec, `nothing for ${typeId}: Express brokers have no storage to provision`);
    }
  } else if (type.kind === 'standard') {
    volumeSizeGiB = checkOptional('volumeSizeGiB', input.volumeSizeGiB, {
      min: MSK_VOLUME_MIN_GIB,
      max: MSK_VOLUME_MAX_GIB,
      allowed: `a number from ${MSK_VOLUME_MIN_GIB} to ${fmt(MSK_VOLUME_MAX_GIB)} GiB (MSK storage per broker)`,
    });
    if (input.provisionedStorageMiBPerSec !== undefined) {
      const ceiling = type.provisionedStorageMaxMiBPerSec;
      if (ceiling === null) {
        throw new SizingInputError(
          'provisionedStorageMiBPerSec',
          input.provisionedStorageMiBPerSec,
          `nothing for ${typeId}: MSK offers provisioned storage throughput on kafka.m5.4xlarge and larger, kafka.m7g.2xlarge and larger`,
        );
      }
      provisionedStorageMiBPerSec = checkNumber('provisionedStorageMiBPerSec', input.provisionedStorageMiBPerSec, {
        min: 0,
        max: ceiling,
        minExclusive: true,
        allowed: `a number > 0 and <= ${fmt(ceiling)} MiB/s (the ceiling for ${typeId})`,
      });
    }
  } else {
    volumeSizeGiB = checkOptional('volumeSizeGiB', input.volumeSizeGiB, { min: 0, minExclusive: true });
    if (input.provisionedStorageMiBPerSec !== undefined) {
      throw new SizingInputError('provisionedStorageMiBPerSec', input.provisionedStorageMiBPerSec, 'nothing for a custom type: give brokerType.storageMbPerSec');
    }
  }

  const ceiling = checkOptional('utilizationCeiling', input.utilizationCeiling, { min: 0, max: 1, minExclusive: true }) ?? DEFAULT_UTILIZATION_CEILING;
  const downtimeMinutes = checkOptional('brokerDowntimeMinutes', input.brokerDowntimeMinutes, { min: 0, max: 60 * 24 * 30 }) ?? DEFAULT_BROKER_DOWNTIME_MINUTES;
  const replicationThrottleMbPerSec = checkOptional('replicationThrottleMbPerSec', input.replicationThrottleMbPerSec, { min: 0, minExclusive: true });
  const addBrokers = checkOptional('addBrokers', input.addBrokers, { min: 1, max: 10000, integer: true });
  const rebalanceThrottleMbPerSec = checkOptional('rebalanceThrottleMbPerSec', input.rebalanceThrottleMbPerSec, { min: 0, minExclusive: true });
  const bytesToMoveLowerBound = checkOptional('bytesToMoveLowerBound', input.bytesToMoveLowerBound, { min: 0 });

  return {
    ingressAvgMbPerSec,
    ingressPeakMbPerSec,
    fanout,
    replicationFactor,
    retentionHours,
    retentionBytesPerPartition,
    partitions,
    numberOfAzs,
    type,
    typeId,
    volumeSizeGiB,
    provisionedStorageMiBPerSec,
    ceiling,
    downtimeMinutes,
    replicationThrottleMbPerSec,
    addBrokers,
    rebalanceThrottleMbPerSec,
    bytesToMoveLowerBound,
    maxBrokerCount,
  };
}

function validateCount(w: Workload, brokerCount: unknown): number {
  const count = checkNumber('brokerCount', brokerCount, { min: 1, max: 10000, integer: true, allowed: 'a whole number from 1 to 10000, or "recommend"' });
  if (w.replicationFactor > count) {
    throw new SizingInputError('replicationFactor', w.replicationFactor, `a whole number from 1 to brokerCount (${count})`);
  }
  if (w.numberOfAzs > count) {
    throw new SizingInputError('numberOfAzs', w.numberOfAzs, `a whole number from 1 to brokerCount (${count})`);
  }
  return count;
}

// ---------------------------------------------------------------------------------------------------------
// Per-broker capacity and Equation 1

function perBrokerCapacity(w: Workload): PerBrokerCapacity {
  const t = w.type;
  if (t.kind === 'standard') {
    const mib = w.provisionedStorageMiBPerSec ?? MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC;
    const storage = mib * MB_PER_MIB;
    const ebs = t.ebsBaselineMbps / 8;
    const network = t.networkBaselineGbps * 125;
    return {
      storageMbPerSec: explained(
        storage,
        'MB/s',
        `${fmt(mib)} MiB/s ${w.provisionedStorageMiBPerSec === undefined ? '(default, none provisioned) ' : '(provisioned) '}× 1.048576 MB/MiB = ${fmt(storage)} MB/s`,
        { storageThroughputMiBPerSec: mib },
        w.provisionedStorageMiBPerSec === undefined ? `${MSK_PROVISIONED_THROUGHPUT_URL}; ${FIELD_MSK_LIMITS} (default 250 MiB/s)` : MSK_PROVISIONED_THROUGHPUT_URL,
      ),
      ebsNetworkMbPerSec: explained(
        ebs,
        'MB/s',
        `${t.instance} EBS baseline ${fmt(t.ebsBaselineMbps)} Mbps ÷ 8 = ${fmt(ebs)} MB/s` +
          (t.ebsBurstMbps !== undefined ? ` (burst ${fmt(t.ebsBurstMbps)} Mbps not used: size to baseline)` : ''),
        { ebsBaselineMbps: t.ebsBaselineMbps },
        `${EC2_GENERAL_PURPOSE_SPECS_URL} (Amazon EBS specifications); ${FIELD_KAFKA_SIZING} (size to baseline)`,
      ),
      networkMbPerSec: explained(
        network,
        'MB/s',
        `${t.instance} network baseline ${fmt(t.networkBaselineGbps, 3)} Gbps × 125 = ${fmt(network)} MB/s` +
          (t.networkBurstGbps !== undefined ? ` (burst ${fmt(t.networkBurstGbps)} Gbps not used: size to baseline)` : ''),
        { networkBaselineGbps: t.networkBaselineGbps },
        `${EC2_GENERAL_PURPOSE_SPECS_URL} (Network specifications); ${FIELD_KAFKA_SIZING} (size to baseline)`,
      ),
    };
  }
  if (t.kind === 'custom') {
    return {
      storageMbPerSec: given(t.storageMbPerSec, 'MB/s', 'brokerType.storageMbPerSec', 'input (custom broker type)'),
      ...(t.ebsNetworkMbPerSec !== undefined
        ? { ebsNetworkMbPerSec: given(t.ebsNetworkMbPerSec, 'MB/s', 'brokerType.ebsNetworkMbPerSec', 'input (custom broker type)') }
        : {}),
      networkMbPerSec: given(t.networkMbPerSec, 'MB/s', 'brokerType.networkMbPerSec', 'input (custom broker type)'),
    };
  }
  return {
    ingressMbPerSec: given(t.ingressSustainedMbPerSec, 'MB/s', `${t.id} sustained ingress`, FIELD_MSK_LIMITS),
    egressMbPerSec: given(t.egressSustainedMbPerSec, 'MB/s', `${t.id} sustained egress`, FIELD_MSK_LIMITS),
  };
}

const TERM_LABELS: Record<ThroughputTermName | CatchUpTermName, string> = {
  storage: 'storage throughput',
  ebsNetwork: 'EBS network',
  ec2Network: 'EC2 network',
  expressIngress: 'Express ingress',
  expressEgress: 'Express egress',
  networkIn: 'EC2 network in (returning broker)',
  leadersNetworkOut: 'EC2 network out (leaders)',
};

/** Equation 1 for `brokers` serving brokers (standard/custom), or the Express per-broker limits times brokers. */
function throughputLimit(w: Workload, cap: PerBrokerCapacity, brokers: number, source: string): ThroughputLimit {
  const r = w.replicationFactor;
  const fanout = w.fanout.value;
  const terms: ThroughputTerm[] = [];
  const term = (name: ThroughputTermName, value: number, formula: string, inputs: Record<string, number>, src: string) =>
    terms.push({ term: name, label: TERM_LABELS[name], limitMbPerSec: explained(value, 'MB/s', formula, inputs, src) });

  if (cap.storageMbPerSec && cap.networkMbPerSec) {
    const s = cap.storageMbPerSec.value;
    term('storage', (s * brokers) / r, `${fmt(s)} MB/s × ${brokers} brokers ÷ RF ${r} = ${fmt((s * brokers) / r)} MB/s`, { storageMbPerSecPerBroker: s, brokers, replicationFactor: r }, source);
    if (cap.ebsNetworkMbPerSec) {
      const e = cap.ebsNetworkMbPerSec.value;
      term('ebsNetwork', (e * brokers) / r, `${fmt(e)} MB/s × ${brokers} brokers ÷ RF ${r} = ${fmt((e * brokers) / r)} MB/s`, { ebsNetworkMbPerSecPerBroker: e, brokers, replicationFactor: r }, source);
    }
    const n = cap.networkMbPerSec.value;
    const denominator = fanout + r - 1;
    const v = denominator > 0 ? (n * brokers) / denominator : Infinity;
    term(
      'ec2Network',
      v,
      `${fmt(n)} MB/s × ${brokers} brokers ÷ (${fmt(fanout, 3)} consumer groups + RF ${r} − 1) = ${fmt(v)} MB/s`,
      { networkMbPerSecPerBroker: n, brokers, readFanout: fanout, replicationFactor: r },
      source,
    );
  } else if (cap.ingressMbPerSec && cap.egressMbPerSec) {
    const i = cap.ingressMbPerSec.value;
    const e = cap.egressMbPerSec.value;
    const expressSource = `${DERIVED} ${FIELD_MSK_LIMITS}: Express per-broker sustained limits × brokers`;
    term('expressIngress', i * brokers, `${fmt(i)} MB/s × ${brokers} brokers = ${fmt(i * brokers)} MB/s`, { ingressMbPerSecPerBroker: i, brokers }, expressSource);
    const v = fanout > 0 ? (e * brokers) / fanout : Infinity;
    term(
      'expressEgress',
      v,
      `${fmt(e)} MB/s × ${brokers} brokers ÷ ${fmt(fanout, 3)} consumer groups = ${fmt(v)} MB/s of ingress`,
      { egressMbPerSecPerBroker: e, brokers, readFanout: fanout },
      expressSource,
    );
  }
  let binding = terms[0];
  for (const t of terms) if (t.limitMbPerSec.value < binding.limitMbPerSec.value) binding = t;
  const limit = binding.limitMbPerSec.value;
  const limitExplained = explained(
    limit,
    'MB/s',
    `min(${terms.map((t) => `${t.label} ${fmt(t.limitMbPerSec.value)}`).join(', ')}) = ${fmt(limit)} MB/s (binding: ${binding.label})`,
    Object.fromEntries(terms.map((t) => [`${t.term}MbPerSec`, t.limitMbPerSec.value])),
    source,
  );
  return { brokers, terms, binding: binding.term, bindingLabel: binding.label, limitMbPerSec: limitExplained };
}

function throughputState(
  w: Workload,
  state: KafkaStateName,
  label: string,
  limit: ThroughputLimit,
  utilizationSource: string,
  emptyReason?: string,
): KafkaState {
  const peak = w.ingressPeakMbPerSec;
  const l = limit.limitMbPerSec.value;
  const u = l > 0 ? peak / l : Infinity;
  const utilization = explained(
    u,
    'ratio',
    `${fmt(peak)} MB/s peak ingress ÷ ${fmt(l)} MB/s (${limit.brokers} brokers, ${limit.bindingLabel}) = ${pct(u)}`,
    { ingressPeakMbPerSec: peak, limitMbPerSec: l, servingBrokers: limit.brokers },
    utilizationSource,
  );
  const within = atOrBelow(u, w.ceiling);
  return {
    state,
    label,
    applicable: true,
    servingBrokers: limit.brokers,
    utilization,
    binding: limit.bindingLabel,
    withinCeiling: within,
    ...(within
      ? {}
      : {
          reason:
            limit.brokers === 0 && emptyReason
              ? `${label}: ${emptyReason}`
              : `${label}: ${pct(u)} of the ${limit.bindingLabel} limit (${fmt(l)} MB/s with ${limit.brokers} brokers), above the ${pct(w.ceiling)} ceiling`,
        }),
    throughputLimit: limit,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Catch-up after a broker returns (FIELD.md: Kafka sizing, derived)

function catchUpState(w: Workload, cap: PerBrokerCapacity, brokers: number, warnings: string[]): KafkaState {
  const label = 'Catch-up after a broker returns';
  const r = w.replicationFactor;
  const notApplicable = (reason: string): KafkaState => ({ state: 'catchUp', label, applicable: false, servingBrokers: brokers, withinCeiling: true, reason });
  if (w.type.kind === 'express') {
    return notApplicable('Not modelled for Express brokers: the service manages storage and recovery (FIELD.md: the talk, "up to 90% faster recovery").');
  }
  if (r === 1) {
    return notApplicable('replicationFactor 1: the partitions of a lost broker are offline while it is away, so there is no replica to catch up from.');
  }
  const peak = w.ingressPeakMbPerSec;
  const fanout = w.fanout.value;
  const downtimeSeconds = w.downtimeMinutes * 60;
  const backlogMb = (peak / brokers) * r * downtimeSeconds;
  const backlogBytes = explained(
    backlogMb * MB,
    'B',
    `${fmt(peak)} MB/s ÷ ${brokers} brokers × RF ${r} × ${fmt(w.downtimeMinutes)} min × 60 s = ${fmt(backlogMb)} MB`,
    { ingressPeakMbPerSec: peak, brokers, replicationFactor: r, brokerDowntimeMinutes: w.downtimeMinutes },
    `${DERIVED} ${FIELD_KAFKA_SIZING}: backlog = ingress per broker × r × downtime (the replicas it hosts)`,
  );

  // The returning broker writes its share (peak × r / brokers) plus the backlog; its leaders stay on the others
  // until it has caught up, so they send the backlog on top of the cluster's normal outbound traffic.
  const writeLoad = (peak * r) / brokers;
  const terms: CatchUpTerm[] = [];
  const add = (term: CatchUpTermName, capacityMbPerSec: number, loadMbPerSec: number) =>
    terms.push({ term, label: TERM_LABELS[term], capacityMbPerSec, loadMbPerSec });
  add('storage', cap.storageMbPerSec!.value, writeLoad);
  if (cap.ebsNetworkMbPerSec) add('ebsNetwork', cap.ebsNetworkMbPerSec.value, writeLoad);
  add('networkIn', cap.networkMbPerSec!.value, writeLoad);
  add('leadersNetworkOut', (brokers - 1) * cap.networkMbPerSec!.value, peak * (fanout + r - 1));

  const spareAtCeiling = terms.map((t) => w.ceiling * t.capacityMbPerSec - t.loadMbPerSec);
  const spareFull = terms.map((t) => t.capacityMbPerSec - t.loadMbPerSec);
  const minIndex = (values: number[]) => values.reduce((best, v, i) => (v < values[best] ? i : best), 0);
  const ceilIdx = minIndex(spareAtCeiling);
  const fullIdx = minIndex(spareFull);
  const suggested = Math.max(0, spareAtCeiling[ceilIdx]);
  const termText = (t: CatchUpTerm) => `${t.label} ${fmt(w.ceiling)} × ${fmt(t.capacityMbPerSec)} − ${fmt(t.loadMbPerSec)}`;
  const termSource = `${DERIVED} ${FIELD_KAFKA_SIZING}: catch-up time = backlog / spare per-broker bandwidth, capped by the replication throttle`;
  const suggestedThrottle = explained(
    suggested,
    'MB/s',
    `min(${terms.map(termText).join(', ')}) = ${fmt(suggested)} MB/s (binding: ${terms[ceilIdx].label})`,
    Object.fromEntries(terms.flatMap((t) => [[`${t.term}CapacityMbPerSec`, t.capacityMbPerSec], [`${t.term}LoadMbPerSec`, t.loadMbPerSec]])),
    termSource,
  );

  const throttle = w.replicationThrottleMbPerSec;
  const throttled = throttle !== undefined;
  const spare100 = Math.max(0, spareFull[fullIdx]);
  const rate = throttled ? Math.min(throttle, spare100) : suggested;
  const catchUpRate = throttled
    ? explained(
        rate,
        'MB/s',
        `min(throttle ${fmt(throttle)} MB/s, spare ${fmt(spare100)} MB/s on ${terms[fullIdx].label}) = ${fmt(rate)} MB/s`,
        { replicationThrottleMbPerSec: throttle, spareMbPerSec: spare100 },
        termSource,
      )
    : explained(
        rate,
        'MB/s',
        `no throttle given: assume the suggested throttle ${fmt(suggested)} MB/s (spare under the ${pct(w.ceiling)} ceiling) = ${fmt(rate)} MB/s`,
        { suggestedThrottleMbPerSec: suggested },
        termSource,
      );
  if (!throttled) {
    warnings.push(
      `No replicationThrottleMbPerSec: the catch-up estimate assumes follower.replication.throttled.rate = ${fmt(suggested)} MB/s on the returning broker. ` +
        `Kafka does not cap follower catch-up by itself; unthrottled, it would run ${terms[fullIdx].label} at 100 %.`,
    );
  }

  const seconds = backlogMb === 0 ? 0 : rate > 0 ? backlogMb / rate : Infinity;
  const catchUpSeconds = explained(
    seconds,
    's',
    `${fmt(backlogMb)} MB ÷ ${fmt(rate)} MB/s = ${fmt(seconds)} s`,
    { backlogMb, catchUpRateMbPerSec: rate },
    termSource,
  );

  const ratios = terms.map((t) => (t.capacityMbPerSec > 0 ? (t.loadMbPerSec + rate) / t.capacityMbPerSec : Infinity));
  const uIdx = ratios.reduce((best, v, i) => (v > ratios[best] ? i : best), 0);
  const u = ratios[uIdx];
  const bound = terms[uIdx];
  const utilization = explained(
    u,
    'ratio',
    `(${fmt(bound.loadMbPerSec)} MB/s live + ${fmt(rate)} MB/s catch-up) ÷ ${fmt(bound.capacityMbPerSec)} MB/s ${bound.label} = ${pct(u)}`,
    { loadMbPerSec: bound.loadMbPerSec, catchUpRateMbPerSec: rate, capacityMbPerSec: bound.capacityMbPerSec },
    termSource,
  );
  const canFinish = backlogMb === 0 || rate > 0;
  const within = canFinish && atOrBelow(u, w.ceiling);
  let reason: string | undefined;
  if (!canFinish) {
    reason = `${label}: no spare bandwidth under the ${pct(w.ceiling)} ceiling on ${terms[ceilIdx].label}, so the returning broker cannot catch up without exceeding it`;
  } else if (!within) {
    reason =
      `${label}: the replication throttle of ${fmt(throttle ?? rate)} MB/s brings ${bound.label} to ${pct(u)}, above the ${pct(w.ceiling)} ceiling` +
      (suggested > 0 ? `; a throttle of at most ${fmt(suggested)} MB/s stays within it` : '; no throttle fits under the ceiling');
  }
  return {
    state: 'catchUp',
    label,
    applicable: true,
    servingBrokers: brokers - 1,
    utilization,
    binding: bound.label,
    withinCeiling: within,
    ...(reason ? { reason } : {}),
    catchUp: { backlogBytes, terms, suggestedThrottleMbPerSec: suggestedThrottle, throttled, catchUpRateMbPerSec: catchUpRate, catchUpSeconds },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Storage, partitions, rebalance

function diskLevel(ratio: number): DiskLevel {
  return brokerDiskLevel(ratio) as DiskLevel;
}

function storage(w: Workload, brokers: number): KafkaStorage {
  const r = w.replicationFactor;
  const avg = w.ingressAvgMbPerSec;
  const byTime = w.retentionHours !== undefined ? avg * MB * w.retentionHours * 3600 : Infinity;
  const bySize = w.retentionBytesPerPartition !== undefined ? w.retentionBytesPerPartition * w.partitions : Infinity;
  const retained = Math.min(byTime, bySize);
  const parts: string[] = [];
  if (w.retentionHours !== undefined) parts.push(`${fmt(avg)} MB/s × ${fmt(w.retentionHours)} h × 3,600 s = ${fmt(byTime / MB)} MB`);
  if (w.retentionBytesPerPartition !== undefined) parts.push(`${fmt(w.retentionBytesPerPartition)} B × ${w.partitions} partitions = ${fmt(bySize / MB)} MB`);
  const retentionSource =
    `${DERIVED} ${FIELD_KAFKA_SIZING}: storage = ingress × r × retention / brokers; ` +
    'Kafka deletes old segments at whichever of retention.ms and retention.bytes (per partition) is reached first';
  const retainedBytes = explained(
    retained,
    'B',
    parts.length > 1 ? `min(${parts.join(', ')}) = ${fmt(retained / MB)} MB` : `${parts[0]}`,
    {
      ingressAvgMbPerSec: avg,
      ...(w.retentionHours !== undefined ? { retentionHours: w.retentionHours } : {}),
      ...(w.retentionBytesPerPartition !== undefined ? { retentionBytesPerPartition: w.retentionBytesPerPartition, partitions: w.partitions } : {}),
    },
    retentionSource,
  );
  const perBroker = (retained * r) / brokers;
  const perBrokerBytes = explained(
    perBroker,
    'B',
    `${fmt(retained / MB)} MB × RF ${r} ÷ ${brokers} brokers = ${fmt(perBroker / MB)} MB (${fmt(perBroker / GIB)} GiB)`,
    { retainedBytes: retained, replicationFactor: r, brokers },
    retentionSource,
  );
  const fill = (avg * MB * r) / brokers;
  const fillBytesPerSec = explained(
    fill,
    'B/s',
    `${fmt(avg)} MB/s × RF ${r} ÷ ${brokers} brokers = ${fmt(fill / MB)} MB/s per broker`,
    { ingressAvgMbPerSec: avg, replicationFactor: r, brokers },
    `${DERIVED} ${FIELD_KAFKA_SIZING}: each broker stores ingress × r / brokers`,
  );
  const belowWarn = perBroker / DISK_WARN_RATIO / GIB;
  const volumeGiBBelowWarn = explained(
    belowWarn,
    'GiB',
    `${fmt(perBroker / GIB)} GiB ÷ ${DISK_WARN_RATIO} = ${fmt(belowWarn)} GiB`,
    { perBrokerBytes: perBroker, warnRatio: DISK_WARN_RATIO },
    `${DERIVED} FIELD.md: the talk, MSK alerts at 60 % disk used`,
  );
  const result: KafkaStorage = { retainedBytes, perBrokerBytes, fillBytesPerSec, volumeGiBBelowWarn, crossings: [] };
  if (w.volumeSizeGiB !== undefined) {
    const volume = w.volumeSizeGiB * GIB;
    result.volumeBytes = explained(volume, 'B', `${fmt(w.volumeSizeGiB)} GiB × 2^30 = ${fmt(volume, 0)} B`, { volumeSizeGiB: w.volumeSizeGiB }, 'input');
    const ratio = perBroker / volume;
    result.usedRatio = explained(
      ratio,
      'ratio',
      `${fmt(perBroker / GIB)} GiB ÷ ${fmt(w.volumeSizeGiB)} GiB = ${pct(ratio)}`,
      { perBrokerBytes: perBroker, volumeSizeGiB: w.volumeSizeGiB },
      `${DERIVED} ${FIELD_KAFKA_SIZING}: compare with 60% / 80% alert levels`,
    );
    result.level = diskLevel(ratio);
    for (const [level, label] of [
      [DISK_WARN_RATIO, '60 % (MSK alert)'],
      [DISK_ACTION_RATIO, '80 % (MSK "action required")'],
      [1, 'full (MSK "critical")'],
    ] as const) {
      const threshold = level * volume;
      const reached = threshold <= perBroker && fill > 0;
      const seconds = reached ? threshold / fill : Infinity;
      result.crossings.push({
        ratio: level,
        label,
        seconds: explained(
          seconds,
          's',
          reached
            ? `${fmt(level)} × ${fmt(w.volumeSizeGiB)} GiB ÷ ${fmt(fill / MB)} MB/s = ${fmt(seconds)} s (${fmt(seconds / 3600)} h from empty)`
            : `never: the steady state ${fmt(perBroker / GIB)} GiB stays below ${fmt(level)} × ${fmt(w.volumeSizeGiB)} GiB = ${fmt(threshold / GIB)} GiB`,
          { thresholdBytes: threshold, fillBytesPerSec: fill, perBrokerBytes: perBroker },
          `${DERIVED} FIELD.md: the talk, MSK alerts at 60% and 80% disk used and when full; linear fill at average ingress until retention deletes`,
        ),
      });
    }
  }
  return result;
}

function partitionCheck(w: Workload, brokers: number): KafkaPartitions {
  const t = w.type;
  const r = w.replicationFactor;
  const perBroker = (w.partitions * r) / brokers;
  const recommended = t.partitionsRecommended;
  const max = t.kind === 'custom' ? (t.partitionsMax ?? t.partitionsRecommended) : t.partitionsMax;
  const limitSource = t.kind === 'custom' ? 'input (custom broker type)' : t.kind === 'standard' ? `${FIELD_MSK_LIMITS}; ${t.sources[0]}` : FIELD_MSK_LIMITS;
  const level: PartitionLevel = perBroker > max ? 'overMax' : perBroker > recommended ? 'overRecommended' : 'ok';
  return {
    replicasPerBroker: explained(
      perBroker,
      'partitions',
      `${w.partitions} partitions × RF ${r} ÷ ${brokers} brokers = ${fmt(perBroker)} per broker (leaders + followers)`,
      { partitions: w.partitions, replicationFactor: r, brokers },
      `${DERIVED} ${FIELD_MSK_LIMITS}: partitions per broker count leaders + followers`,
    ),
    recommended: given(recommended, 'partitions', `${w.typeId} recommended partitions per broker`, limitSource),
    max: given(max, 'partitions', `${w.typeId} maximum partitions per broker (still allows updates)`, limitSource),
    level,
    ...(level === 'ok'
      ? {}
      : {
          reason:
            level === 'overMax'
              ? `partitions: ${fmt(perBroker)} per broker exceeds the maximum ${max} for ${w.typeId} (updates are blocked above it)`
              : `partitions: ${fmt(perBroker)} per broker exceeds the recommended ${recommended} for ${w.typeId}`,
        }),
  };
}

function rebalance(w: Workload, brokers: number, perBrokerBytes: number, suggestedThrottle: number, warnings: string[]): KafkaRebalance | undefined {
  if (w.addBrokers === undefined) return undefined;
  const added = w.addBrokers;
  const after = brokers + added;
  const source = `${DERIVED} FIELD.md: the talk, horizontal scaling = moving partitions under a reserved (throttled) bandwidth; time = data to move / throttle`;
  const total = perBrokerBytes * brokers;
  const estimate = (total * added) / after;
  const bytesToMove =
    w.bytesToMoveLowerBound !== undefined
      ? explained(
          w.bytesToMoveLowerBound,
          'B',
          `the reassignment planner's bytes to move = ${fmt(w.bytesToMoveLowerBound / MB)} MB (the even-spread estimate ${fmt(estimate / MB)} MB is not used)`,
          { bytesToMoveLowerBound: w.bytesToMoveLowerBound },
          'input (reassignment planner)',
        )
      : explained(
          estimate,
          'B',
          `${fmt(total / MB)} MB stored × ${added} new ÷ ${after} brokers after = ${fmt(estimate / MB)} MB (the new brokers take an even share)`,
          { storedBytes: total, addBrokers: added, brokersAfter: after },
          source,
        );
  const givenThrottle = w.rebalanceThrottleMbPerSec ?? w.replicationThrottleMbPerSec;
  const throttleValue = givenThrottle ?? suggestedThrottle;
  const throttleMbPerSec =
    givenThrottle !== undefined
      ? given(givenThrottle, 'MB/s', w.rebalanceThrottleMbPerSec !== undefined ? 'rebalanceThrottleMbPerSec' : 'replicationThrottleMbPerSec', 'input')
      : explained(
          suggestedThrottle,
          'MB/s',
          `no throttle given: the catch-up suggestion (spare under the ${pct(w.ceiling)} ceiling) = ${fmt(suggestedThrottle)} MB/s`,
          { suggestedThrottleMbPerSec: suggestedThrottle },
          source,
        );
  if (givenThrottle === undefined) warnings.push(`No rebalance throttle given: the rebalance estimate assumes ${fmt(suggestedThrottle)} MB/s per broker.`);
  else if (givenThrottle > suggestedThrottle) {
    warnings.push(`The rebalance throttle ${fmt(givenThrottle)} MB/s exceeds the spare bandwidth under the ceiling (${fmt(suggestedThrottle)} MB/s): live traffic may suffer.`);
  }
  const streams = Math.min(added, brokers);
  const parallelStreams = explained(
    streams,
    'brokers',
    `min(${added} new brokers receiving, ${brokers} existing brokers sending) = ${streams} (the throttle is per broker)`,
    { addBrokers: added, brokers },
    `${DERIVED} Kafka's leader/follower.replication.throttled.rate is a per-broker rate (FIELD.md: rebalancing tools)`,
  );
  const seconds = bytesToMove.value === 0 ? 0 : throttleValue > 0 ? bytesToMove.value / (throttleValue * MB * streams) : Infinity;
  return {
    brokersAfter: after,
    bytesToMove,
    throttleMbPerSec,
    parallelStreams,
    seconds: explained(
      seconds,
      's',
      `${fmt(bytesToMove.value / MB)} MB ÷ (${fmt(throttleValue)} MB/s × ${streams}) = ${fmt(seconds)} s (${fmt(seconds / 3600)} h)`,
      { bytesToMove: bytesToMove.value, throttleMbPerSec: throttleValue, parallelStreams: streams },
      source,
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation at one broker count

function evaluate(w: Workload, brokers: number): KafkaSizingResult {
  const warnings: string[] = [];
  const cap = perBrokerCapacity(w);
  const n = w.numberOfAzs;
  const t = w.type;
  if (t.kind !== 'custom' && t.verify) warnings.push(`${t.id}: ${t.note ?? 'catalog numbers marked verify'}`);
  else if (t.kind === 'standard' && t.note) warnings.push(`${t.id}: ${t.note}`);
  if (brokers % n !== 0) {
    warnings.push(
      `brokerCount ${brokers} is not a multiple of numberOfAzs ${n}: brokers are not spread evenly; the AZ-lost state assumes the AZ with the most brokers (ceil(${brokers} / ${n}) = ${Math.ceil(brokers / n)}) is lost.`,
    );
  }
  if (w.replicationFactor === 1) warnings.push('replicationFactor 1: a lost broker takes its partitions offline.');
  if (t.kind === 'express' && w.ingressPeakMbPerSec / w.partitions > EXPRESS_MB_PER_SEC_PER_PARTITION) {
    warnings.push(
      `${fmt(w.ingressPeakMbPerSec)} MB/s over ${w.partitions} partitions is ${fmt(w.ingressPeakMbPerSec / w.partitions)} MB/s per partition, above the ` +
        `${EXPRESS_MB_PER_SEC_PER_PARTITION} MB/s per partition for Express (FIELD.md: Amazon MSK limits): plan at least ${Math.ceil(w.ingressPeakMbPerSec / EXPRESS_MB_PER_SEC_PER_PARTITION)} partitions.`,
    );
  }

  const normalSource = t.kind === 'express' ? `${DERIVED} ${FIELD_MSK_LIMITS}: Express per-broker sustained limits × brokers` : EQUATION_1;
  const normalLimit = throughputLimit(w, cap, brokers, normalSource);
  const lostSource = `${DERIVED} ${FIELD_KAFKA_SIZING}: one broker lost = the same equation with brokers − 1`;
  const lost = throughputLimit(w, cap, brokers - 1, lostSource);
  const azServing = brokers - Math.ceil(brokers / n);
  const azSource = `${DERIVED} ${FIELD_KAFKA_SIZING}: one AZ lost = brokers × (1 − 1/n) serving (here ${brokers} − ceil(${brokers} / ${n}) = ${azServing})`;
  const az = throughputLimit(w, cap, azServing, azSource);

  const states: KafkaState[] = [
    throughputState(w, 'normal', 'Normal', normalLimit, normalSource),
    throughputState(w, 'oneBrokerLost', 'One broker lost', lost, lostSource, 'no broker is left to serve'),
    throughputState(w, 'oneAzLost', 'One AZ lost', az, azSource, n === 1 ? 'a single-AZ cluster does not survive the loss of its AZ' : 'no broker is left to serve'),
    catchUpState(w, cap, brokers, warnings),
  ];

  const storageResult = t.kind === 'express' ? undefined : storage(w, brokers);
  if (t.kind === 'express') warnings.push(`${t.id}: no storage to size (Express manages storage); catch-up and rebalance are not modelled.`);
  const catchUp = states[3].catchUp;
  const rebalanceResult =
    t.kind === 'express' || !storageResult ? undefined : rebalance(w, brokers, storageResult.perBrokerBytes.value, catchUp?.suggestedThrottleMbPerSec.value ?? 0, warnings);

  return {
    brokerType: t,
    brokerTypeId: w.typeId,
    brokerCount: brokers,
    numberOfAzs: n,
    utilizationCeiling: w.ceiling,
    perBroker: cap,
    readFanout: w.fanout,
    throughputLimit: normalLimit,
    states,
    withinCeiling: states.every((s) => s.withinCeiling),
    ...(storageResult ? { storage: storageResult } : {}),
    partitions: partitionCheck(w, brokers),
    ...(rebalanceResult ? { rebalance: rebalanceResult } : {}),
    warnings,
  };
}

/**
 * With a fixed volume, retained data must stay below MSK's first disk alert (60 %) in steady state: a cluster
 * that is alerting on day one is not a fit. Without a volume the report gives the volume needed instead.
 */
function storageFits(result: KafkaSizingResult): boolean {
  const st = result.storage;
  if (!st) return true;
  if (st.level !== undefined) return st.level === 'ok';
  // No volume given: the volume this count needs below the 60 % alert must exist on MSK Standard (<= 16,384 GiB).
  return result.brokerType.kind !== 'standard' || st.volumeGiBBelowWarn.value <= MSK_VOLUME_MAX_GIB;
}

function fits(result: KafkaSizingResult): boolean {
  return result.withinCeiling && result.partitions.level === 'ok' && storageFits(result);
}

function failures(result: KafkaSizingResult): string {
  const reasons = result.states.filter((s) => !s.withinCeiling).map((s) => s.reason ?? s.label);
  if (result.partitions.reason) reasons.push(result.partitions.reason);
  if (!storageFits(result) && result.storage?.usedRatio) {
    reasons.push(`retained data fills ${pct(result.storage.usedRatio.value)} of each broker's volume, at or above the ${pct(DISK_WARN_RATIO)} alert`);
  } else if (!storageFits(result) && result.storage) {
    reasons.push(
      `each broker would need ${fmt(result.storage.volumeGiBBelowWarn.value)} GiB to keep retained data below the ${pct(DISK_WARN_RATIO)} alert, ` +
        `more than MSK's ${fmt(MSK_VOLUME_MAX_GIB)} GiB per broker (shorter retention, more brokers, or tiered storage)`,
    );
  }
  return reasons.join('; ');
}

function recommendFor(w: Workload): KafkaRecommendation {
  const n = w.numberOfAzs;
  const smallest = Math.max(n, Math.ceil(w.replicationFactor / n) * n);
  const ceilingText = pct(w.ceiling);
  let previous: KafkaSizingResult | undefined;
  let last: KafkaSizingResult | undefined;
  for (let count = smallest; count <= w.maxBrokerCount; count += n) {
    const result = evaluate(w, count);
    if (fits(result)) {
      const checked = result.states.filter((s) => s.applicable).map((s) => s.label.toLowerCase().replace(/\baz\b/, 'AZ'));
      const why =
        `${count} brokers of ${w.typeId}: the smallest multiple of ${n} AZs (and >= RF ${w.replicationFactor}) where ${checked.join(', ')} ` +
        `stay at or below ${ceilingText}, partitions per broker stay within the recommended ${fmt(result.partitions.recommended.value)}` +
        (result.storage?.usedRatio
          ? ` and retained data stays below the ${pct(DISK_WARN_RATIO)} disk alert (${pct(result.storage.usedRatio.value)})`
          : result.storage && result.brokerType.kind === 'standard'
            ? `, each broker needs ${fmt(result.storage.volumeGiBBelowWarn.value)} GiB to stay below the ${pct(DISK_WARN_RATIO)} alert (MSK allows ${fmt(MSK_VOLUME_MAX_GIB)})`
            : '') +
        (previous ? `. At ${previous.brokerCount}: ${failures(previous)}` : '');
      return { brokerTypeId: w.typeId, found: true, brokerCount: count, reason: why, result };
    }
    previous = result;
    last = result;
  }
  if (!last) {
    // Even the smallest count is beyond the search bound: show it anyway so the caller sees the numbers.
    const result = evaluate(w, smallest);
    return {
      brokerTypeId: w.typeId,
      found: false,
      reason: `No count fits: the smallest possible count (${smallest}, a multiple of ${n} AZs >= RF ${w.replicationFactor}) exceeds maxBrokerCount ${w.maxBrokerCount}`,
      result,
    };
  }
  return {
    brokerTypeId: w.typeId,
    found: false,
    reason: `No count of ${w.typeId} up to ${last.brokerCount} brokers (maxBrokerCount ${w.maxBrokerCount}, multiples of ${n} AZs) fits. At ${last.brokerCount}: ${failures(last)}`,
    result: last,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Public API

/**
 * Sizes one cluster: Equation 1, the four states, storage, partitions and (with addBrokers) the rebalance.
 * With brokerCount 'recommend', sizes at the smallest count that fits (see recommendBrokerCount).
 * Throws SizingInputError for nonsense input.
 */
export function sizeKafkaCluster(input: KafkaSizingInput): KafkaSizingResult {
  const w = validateWorkload(input);
  if (input.brokerCount === 'recommend') {
    const recommendation = recommendFor(w);
    return { ...recommendation.result, recommendation };
  }
  return evaluate(w, validateCount(w, input.brokerCount));
}

/** The smallest broker count of the input's type (a multiple of the AZ count) that fits in all four states. */
export function recommendBrokerCount(input: KafkaSizingInput): KafkaRecommendation {
  return recommendFor(validateWorkload(input));
}

export interface KafkaTypeRecommendation {
  /** The fitting candidate with the fewest total vCPUs (a cost proxy; the catalog has no prices). */
  best?: KafkaRecommendation;
  bestTotalVcpus?: Explained;
  candidates: KafkaRecommendation[];
  reason: string;
}

/** Drops the inputs a type cannot take (storage for Express, provisioning where not offered) for a type search. */
function inputForType(input: KafkaSizingInput, type: BrokerType): KafkaSizingInput {
  const adapted: KafkaSizingInput = { ...input, brokerType: type.kind === 'custom' ? type : type.id };
  if (type.kind !== 'standard' || type.provisionedStorageMaxMiBPerSec === null || (input.provisionedStorageMiBPerSec ?? 0) > type.provisionedStorageMaxMiBPerSec) {
    delete adapted.provisionedStorageMiBPerSec;
  }
  if (type.kind === 'express') delete adapted.volumeSizeGiB;
  return adapted;
}

/**
 * Recommends a broker type and count: the smallest fitting count for each candidate type, then the candidate with
 * the fewest total vCPUs (ties: fewer brokers, then catalog order). Default candidates: every Standard m5/m7g type.
 */
export function recommendKafkaCluster(input: KafkaSizingInput, brokerTypeIds?: string[]): KafkaTypeRecommendation {
  validateWorkload(input); // report input errors against the caller's own type first
  const ids = brokerTypeIds ?? BROKER_CATALOG.filter((t) => t.kind === 'standard' && t.id !== 'kafka.t3.small').map((t) => t.id);
  if (ids.length === 0) throw new SizingInputError('brokerTypeIds', ids, 'at least one catalog id');
  const candidates = ids.map((id) => {
    const type = findBrokerType(id);
    if (!type) throw new SizingInputError('brokerTypeIds', id, `one of ${CATALOG_IDS.join(', ')}`);
    return recommendBrokerCount(inputForType(input, type));
  });
  const vcpusOf = (c: KafkaRecommendation) => {
    const t = c.result.brokerType;
    return t.kind === 'custom' ? (t.vcpus ?? Infinity) : t.vcpus;
  };
  let best: KafkaRecommendation | undefined;
  for (const c of candidates) {
    if (!c.found || c.brokerCount === undefined) continue;
    if (!best || best.brokerCount === undefined) {
      best = c;
      continue;
    }
    const total = vcpusOf(c) * c.brokerCount;
    const bestTotal = vcpusOf(best) * best.brokerCount;
    if (total < bestTotal || (total === bestTotal && c.brokerCount < best.brokerCount)) best = c;
  }
  if (!best || best.brokerCount === undefined) {
    return { candidates, reason: `None of ${ids.join(', ')} fits: ${candidates.map((c) => c.reason).join(' | ')}` };
  }
  const vcpus = vcpusOf(best);
  const total = vcpus * best.brokerCount;
  const bestTotalVcpus = explained(
    total,
    'vCPU',
    `${best.brokerCount} brokers × ${vcpus} vCPUs (${best.brokerTypeId}) = ${total} vCPUs`,
    { brokerCount: best.brokerCount, vcpusPerBroker: vcpus },
    `${DERIVED} fewest total vCPUs among the types that fit, as a cost proxy; vCPUs from ${EC2_GENERAL_PURPOSE_SPECS_URL}`,
  );
  const others = candidates
    .filter((c) => c !== best)
    .map((c) => (c.found && c.brokerCount !== undefined ? `${c.brokerTypeId} × ${c.brokerCount} = ${vcpusOf(c) * c.brokerCount} vCPUs` : `${c.brokerTypeId}: none fits`));
  return {
    best,
    bestTotalVcpus,
    candidates,
    reason: `${best.brokerTypeId} × ${best.brokerCount} = ${total} vCPUs, the fewest among the types that fit` + (others.length ? ` (${others.join('; ')})` : ''),
  };
}

export interface BrokerTypeSummary {
  brokerTypeId: string;
  kind: 'standard' | 'express' | 'custom';
  /** The cluster ingress one broker adds (Equation 1 per broker for Standard; sustained ingress for Express). */
  perBrokerIngressMbPerSec: Explained;
  /** Consumer egress one broker can serve. */
  perBrokerEgressMbPerSec: Explained;
  partitionsRecommended: Explained;
  partitionsMax: Explained;
  storageManaged: boolean;
  storageNote: string;
  recommendation: KafkaRecommendation;
}

export interface ExpressStandardComparison {
  standard: BrokerTypeSummary;
  express: BrokerTypeSummary;
}

function summarize(input: KafkaSizingInput, type: BrokerType): BrokerTypeSummary {
  const adapted = inputForType({ ...input, brokerCount: 'recommend' }, type);
  const w = validateWorkload(adapted);
  const recommendation = recommendFor(w);
  const cap = perBrokerCapacity(w);
  const r = w.replicationFactor;
  const fanout = w.fanout.value;
  if (type.kind === 'express') {
    return {
      brokerTypeId: w.typeId,
      kind: 'express',
      perBrokerIngressMbPerSec: cap.ingressMbPerSec!,
      perBrokerEgressMbPerSec: cap.egressMbPerSec!,
      partitionsRecommended: recommendation.result.partitions.recommended,
      partitionsMax: recommendation.result.partitions.max,
      storageManaged: true,
      storageNote: 'No storage management: Express brokers manage storage (pay as you go); no volume, no 60 % / 80 % alerts to plan for.',
      recommendation,
    };
  }
  const one = throughputLimit(w, cap, 1, EQUATION_1);
  const ingress = one.limitMbPerSec.value;
  const network = cap.networkMbPerSec!.value;
  const egress = Math.max(0, network - ingress * (r - 1));
  return {
    brokerTypeId: w.typeId,
    kind: type.kind,
    perBrokerIngressMbPerSec: explained(
      ingress,
      'MB/s',
      `Equation 1 with 1 broker: ${one.limitMbPerSec.formula}`,
      one.limitMbPerSec.inputs,
      `${DERIVED} ${EQUATION_1}, divided by the broker count (every term is linear in brokers)`,
    ),
    perBrokerEgressMbPerSec: explained(
      egress,
      'MB/s',
      `${fmt(network)} MB/s network − ${fmt(ingress)} MB/s × (RF ${r} − 1) replication out = ${fmt(egress)} MB/s left for consumers`,
      { networkMbPerSecPerBroker: network, perBrokerIngressMbPerSec: ingress, replicationFactor: r, readFanout: fanout },
      `${DERIVED} ${EQUATION_1}: outbound per broker = consumer traffic + (r − 1) replication`,
    ),
    partitionsRecommended: recommendation.result.partitions.recommended,
    partitionsMax: recommendation.result.partitions.max,
    storageManaged: false,
    storageNote: 'You size and grow the EBS volume (1 to 16,384 GiB per broker): MSK alerts at 60 % and 80 % used; scaling storage down is not possible.',
    recommendation,
  };
}

/**
 * Express vs Standard for the same workload: per-broker ingress/egress limits, partition limits, storage, and the
 * recommended count of each. The Express size defaults to the one matching the Standard size.
 */
export function compareExpressStandard(input: KafkaSizingInput, standardTypeId: string, expressTypeId?: string): ExpressStandardComparison {
  const standardType = findBrokerType(standardTypeId);
  if (!standardType || standardType.kind !== 'standard') {
    throw new SizingInputError('standardTypeId', standardTypeId, `one of ${BROKER_CATALOG.filter((t) => t.kind === 'standard').map((t) => t.id).join(', ')}`);
  }
  const expressIds = BROKER_CATALOG.filter((t) => t.kind === 'express').map((t) => t.id);
  const expressType = expressTypeId !== undefined ? findBrokerType(expressTypeId) : matchingExpressType(standardTypeId);
  if (!expressType || expressType.kind !== 'express') {
    throw new SizingInputError('expressTypeId', expressTypeId ?? `(none matches ${standardTypeId})`, `one of ${expressIds.join(', ')}`);
  }
  return { standard: summarize(input, standardType), express: summarize(input, expressType) };
}
