// The skew report's JSON shape: its options, per-broker rows, per-metric scores with verdicts, per-topic spread over
// brokers and racks, hot partitions. Only plain data (null, never NaN or Infinity), so it survives JSON.stringify.
// Also the order every surface lists topics in (worst first) and a topic's one-word spread status.

import type { DiskLevel } from '../brokerLoad';
import { InputError } from '../errors';
import type { ClusterSnapshot } from '../model';
import type { SkewScore, SkewStatus } from './score';

export const DEFAULT_HOT_PARTITION_COUNT = 10;
/** Bumped when the JSON form of SkewReport changes incompatibly. */
export const SKEW_REPORT_VERSION = 1;

/** Bad input to the skew metrics (snapshots in the wrong order, a bad option): the caller's mistake, not a bug. */
export class SkewInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'SkewInputError';
  }
}

export interface SkewOptions {
  /** An earlier snapshot of the same cluster: enables write and replication rates. */
  previous?: ClusterSnapshot;
  /** Balanced = every broker within ±tolerance of the mean (0.1 = ±10 %, Cruise Control's 1.10). */
  balanceTolerance?: number;
  /** How many hot partitions to list by write rate and by size. */
  hotPartitionCount?: number;
}

export type SkewMetricName = 'replicas' | 'leaders' | 'bytes' | 'diskUsed' | 'produceIn' | 'replicationIn' | 'replicationOut';
export type SkewUnit = 'count' | 'bytes' | 'bytesPerSec' | 'ratio';

export interface MetricSkew extends SkewScore {
  metric: SkewMetricName;
  label: string;
  unit: SkewUnit;
  /** One line for humans, naming the threshold, e.g. "leaders: skewed — broker 1 has 62 (1.9x the mean 32.7); …". */
  verdict: string;
}

export interface BrokerSkewRow {
  broker: number;
  rack: string | null;
  /** False when every log dir of the broker is offline: it cannot host data, so it is left out of the scores. */
  counted: boolean;
  replicas: number;
  leaders: number;
  /** Sum of the sizes of the replicas it hosts (DescribeLogDirs). */
  replicaBytes: number;
  diskUsedRatio: number | null;
  diskLevel: DiskLevel;
  /** Sum of the write rates of the partitions it leads (null without a previous snapshot). */
  produceInBytesPerSec: number | null;
  produceInRecordsPerSec: number | null;
  /** Sum of the write rates of the partitions it follows (in ISR or not; not for replicas whose log dir is offline). */
  replicationInBytesPerSec: number | null;
  /** Sum over the partitions it leads of write rate x followers fetching from it. */
  replicationOutBytesPerSec: number | null;
}

export interface TopicBrokerSpread {
  broker: number;
  replicas: number;
  leaders: number;
}

export interface TopicRackSpread {
  /** null gathers brokers with no broker.rack. */
  rack: string | null;
  replicas: number;
  leaders: number;
}

export interface RackSharedPartition {
  partition: number;
  replicas: number[];
  /** Rack of each replica, in replica order. */
  racks: string[];
  /** Racks holding more than one replica of this partition. */
  sharedRacks: string[];
  /** False when the replication factor exceeds the number of racks, so some sharing cannot be avoided. */
  avoidable: boolean;
}

/**
 * spread: every partition's replicas on distinct racks (or as many racks as exist);
 * shared: some partition has replicas sharing a rack that a better placement would avoid;
 * shared-unavoidable: sharing only where the replication factor exceeds the rack count;
 * unknown: some replica is on a broker with no rack (or not in the metadata), and nothing is shared elsewhere.
 */
export type TopicRackStatus = 'spread' | 'shared' | 'shared-unavoidable' | 'unknown';

export interface TopicSkew {
  topic: string;
  internal: boolean;
  partitions: number;
  /** The largest replica count of its partitions. */
  replicationFactor: number;
  offlinePartitions: number;
  /** Replicas and leaders per counted broker (zeros included). */
  brokers: TopicBrokerSpread[];
  racks: TopicRackSpread[];
  /** Replicas on brokers outside the counted set (missing from the metadata, or all log dirs offline). */
  replicasOnUncountedBrokers: number;
  replicaSkew: SkewScore;
  leaderSkew: SkewScore;
  /** The topic's skew score: replicaSkew.maxOverMean (1 = perfectly even). */
  score: number | null;
  rackStatus: TopicRackStatus;
  rackSharedPartitions: RackSharedPartition[];
  /** Partitions with a replica on a broker whose rack is unknown (rack null, or broker missing from the metadata). */
  partitionsWithUnknownRack: number;
  /** Brokers without a rack that host replicas of this topic. */
  brokersWithoutRack: number[];
  verdict: string;
}

export interface HotPartition {
  topic: string;
  partition: number;
  leader: number;
  replicas: number[];
  /** Leader's log size (else the largest replica). */
  bytes: number;
  bytesPerSec: number | null;
  recordsPerSec: number | null;
  /** This partition's write rate / its leader's produce-in: one partition should not take a broker's whole throughput. */
  shareOfLeaderProduceIn: number | null;
}

export interface SkewReport {
  version: typeof SKEW_REPORT_VERSION;
  cluster: string;
  clusterId: string | null;
  takenAt: string;
  /** The sampling interval of the rates, or null with a single snapshot. */
  rates: { fromTakenAt: string; intervalSeconds: number; partitions: number } | null;
  balanceTolerance: number;
  hotPartitionCount: number;
  /** Brokers the scores are over: every broker in the metadata, empty ones included, unless all its log dirs are offline. */
  countedBrokers: number[];
  brokers: BrokerSkewRow[];
  metrics: MetricSkew[];
  topics: TopicSkew[];
  hotPartitions: { byWriteRate: HotPartition[]; bySize: HotPartition[] };
  notes: string[];
}

/** A topic's spread over brokers: skewed when its replicas or its leaders are, else the replicas' status. */
export function topicSpreadStatus(t: TopicSkew): SkewStatus {
  return t.replicaSkew.status === 'skewed' || t.leaderSkew.status === 'skewed' ? 'skewed' : t.replicaSkew.status;
}

/** Topics worst first: flagged ones (skewed, or racks shared that need not be) first, then by score, then by name. */
export function topicsWorstFirst(topics: TopicSkew[]): TopicSkew[] {
  const flagged = (t: TopicSkew) =>
    t.replicaSkew.status === 'skewed' || t.leaderSkew.status === 'skewed' || t.rackStatus === 'shared' ? 1 : 0;
  return [...topics].sort((x, y) => flagged(y) - flagged(x) || (y.score ?? 0) - (x.score ?? 0) || x.topic.localeCompare(y.topic));
}
