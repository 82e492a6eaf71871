// The Kafka sizing model's types: the input, every output (each number an Explained), and the units the model
// works in. The model itself: kafkaInput.ts (validation), kafkaThroughput.ts (Equation 1 and the states),
// kafkaCatchUp.ts, kafkaStorage.ts, kafkaPartitions.ts, kafkaEvaluate.ts (one broker count), kafkaRecommend.ts;
// kafkaSizing.ts is the public entry. The model and its limits: ./README.md.
//
// Units: rates in MB/s (10^6 B/s, as AWS quotes MSK and EC2 throughput), bytes in B, volumes in GiB (2^30 B),
// durations in s. The catalog's MiB/s, Mbps and Gbps are converted where they are read (perBrokerCapacity).

import type { DiskLevel as BrokerDiskLevel } from '../brokerLoad';
import type { BrokerType, CustomBrokerType } from './catalog';
import type { Explained } from './explained';

export const MB = 1e6;
export const MB_PER_MIB = 1.048576;
export { GiB as GIB } from '../units';

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
  /**
   * MSK tiered storage (KIP-405): hours kept on the brokers' volumes (local.retention.ms), at most retentionHours.
   * Storage, catch-up and rebalance use the local bytes; the rest of the retention is in tiered storage.
   */
  localRetentionHours?: number;
  /**
   * Bytes on the brokers' volumes in steady state, all replicas (e.g. derived per topic from a cluster). Replaces
   * ingress × RF × retention for storage; the fill rate stays average ingress × RF ÷ brokers.
   */
  storedBytes?: number;
  /** Bytes in tiered storage (one copy), when known: reported, never on the brokers' volumes. */
  tieredBytes?: number;
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
  /** Retained data on the brokers' volumes, before replication (local retention with tiered storage). */
  retainedBytes: Explained;
  /** Data in tiered storage (one copy), when tiered storage is in use. */
  tieredBytes?: Explained;
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
  /** Error-level findings: the cluster cannot work as sized (e.g. a volume above the type's maximum), with the ways out. */
  errors: string[];
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

export interface KafkaTypeRecommendation {
  /** The fitting candidate with the fewest total vCPUs (a cost proxy; the catalog has no prices). */
  best?: KafkaRecommendation;
  bestTotalVcpus?: Explained;
  candidates: KafkaRecommendation[];
  reason: string;
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
