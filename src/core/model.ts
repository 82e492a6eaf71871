// The cluster model every feature works on: one point-in-time snapshot of a Kafka cluster.
// Pure data (JSON-safe), built from a live cluster (src/kafka), from Kafka's own tool output
// (kafkaFormats.ts), or from the embedded demo (demo.ts).

/** Bumped when the JSON form changes incompatibly; readers reject versions they do not know. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

export interface LogDirInfo {
  /** The directory on the broker, e.g. /var/lib/kafka/data. */
  path: string;
  /** Capacity of the volume; brokers report it since Kafka 3.3 (KIP-827), absent before. */
  totalBytes?: number;
  /** Free bytes on the volume (KIP-827). */
  usableBytes?: number;
  /** Kafka's error name when the directory is offline or unreadable (e.g. KAFKA_STORAGE_ERROR). */
  error?: string;
}

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
  /** broker.rack (the AZ on MSK); null when the broker has none. */
  rack: string | null;
  /**
   * True for the broker that is the active controller (ClusterSnapshot.controllerId). On KRaft that is the leader of
   * the metadata quorum; no broker is marked when the leader is a controller-only node or the controller is unknown.
   */
  isController: boolean;
  logDirs: LogDirInfo[];
}

/** The topic configs that planning and sizing depend on; absent when the source did not say. */
export interface TopicConfigs {
  /** retention.ms; -1 means keep forever. */
  retentionMs?: number;
  /** retention.bytes per partition; -1 means no size limit. */
  retentionBytes?: number;
  minInsyncReplicas?: number;
  /** cleanup.policy: "delete", "compact" or "compact,delete". */
  cleanupPolicy?: string;
  /**
   * remote.storage.enable (KIP-405 tiered storage): older segments live in remote storage, and a reassignment copies
   * only the local log (the size DescribeLogDirs reports).
   */
  remoteStorageEnable?: boolean;
}

export interface ReplicaSize {
  broker: number;
  /** Size of this replica's log on that broker, in bytes (DescribeLogDirs). */
  bytes: number;
  /** The log dir that holds it, when known. */
  logDir?: string;
  /** How far this replica is behind the log end offset (DescribeLogDirs offsetLag). */
  offsetLag?: number;
}

export interface PartitionInfo {
  partition: number;
  /** Broker id of the leader, or -1 when the partition has no leader (offline). */
  leader: number;
  /** Replica broker ids in assignment order; the first is the preferred leader. */
  replicas: number[];
  /** In-sync replicas. */
  isr: number[];
  /** Replicas whose log dir is offline. */
  offlineReplicas: number[];
  /** One entry per replica whose size is known. */
  sizes: ReplicaSize[];
  /** Log end offset (high watermark) of the leader, when known; used for write rates and lag. */
  endOffset?: number;
}

export interface TopicInfo {
  name: string;
  /** Kafka's internal topics (__consumer_offsets, __transaction_state, …). */
  internal: boolean;
  configs: TopicConfigs;
  partitions: PartitionInfo[];
}

export interface GroupPartitionOffset {
  topic: string;
  partition: number;
  committedOffset: number;
  /** Log end offset when the snapshot was taken; lag = endOffset - committedOffset. */
  endOffset?: number;
  lag?: number;
}

export interface ConsumerGroupInfo {
  groupId: string;
  /** Kafka's group state: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead, Unknown. */
  state: string;
  members: number;
  offsets: GroupPartitionOffset[];
  /** Sum of lag over the group's partitions with a known end offset. */
  totalLag: number;
}

export type SnapshotSource = 'live' | 'demo' | 'offline';

/**
 * Where a snapshot's controllerId comes from.
 * - 'metadataQuorum': the leader of the KRaft metadata quorum (__cluster_metadata), from DescribeQuorum (KIP-595,
 *   KIP-836). That is the active controller; it may be a controller-only node (process.roles=controller) that is not a
 *   broker and so not in `brokers`.
 * - 'metadataResponse': the controller id of the Metadata response. It names the active controller on ZooKeeper-based
 *   clusters, which have no metadata quorum (DescribeQuorum unsupported); on KRaft, brokers put a random live broker
 *   there instead (KIP-590), so it is never used for KRaft.
 * - 'unknown': the cluster did not say (DescribeQuorum refused, no quorum leader, no answer); `note` says why.
 */
export type ControllerSource = 'metadataQuorum' | 'metadataResponse' | 'unknown';

export interface ControllerInfo {
  source: ControllerSource;
  /** Why the quorum leader is not the source (the fallback and its reason), in words. */
  note?: string;
}

export interface ClusterSnapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  /** A human name: the connection name, "Demo cluster", or the file name. */
  name: string;
  clusterId?: string;
  source: SnapshotSource;
  /** ISO-8601 time at which the snapshot was taken. */
  takenAt: string;
  /**
   * node.id of the active controller, or null when unknown. On KRaft: the leader of the metadata quorum, possibly a
   * controller-only node absent from `brokers`. On ZooKeeper-based clusters: the controller broker. Files written
   * before `controller` existed hold the Metadata response's controller id (on KRaft a random broker, KIP-590).
   */
  controllerId: number | null;
  /** How controllerId was found; set by live snapshots, absent in older files and in demo and offline snapshots. */
  controller?: ControllerInfo;
  brokers: BrokerInfo[];
  topics: TopicInfo[];
  consumerGroups: ConsumerGroupInfo[];
  /** Things the snapshot could not read (a broker that did not answer DescribeLogDirs, …). */
  warnings: string[];
}

/** Bytes of one partition's replica on one broker, or undefined when unknown. */
export function replicaBytes(partition: PartitionInfo, broker: number): number | undefined {
  for (const s of partition.sizes) if (s.broker === broker) return s.bytes;
  return undefined;
}

/**
 * The best estimate of a partition's size: the leader's replica when known, else the largest replica.
 * Followers can be shorter while catching up, so the leader's size is the one a move must copy.
 */
export function partitionBytes(partition: PartitionInfo): number {
  const leader = replicaBytes(partition, partition.leader);
  if (leader !== undefined) return leader;
  let max = 0;
  for (const s of partition.sizes) if (s.bytes > max) max = s.bytes;
  return max;
}

/** Under-replicated: fewer in-sync replicas than assigned replicas (Kafka's UnderReplicatedPartitions). */
export function isUnderReplicated(partition: PartitionInfo): boolean {
  return partition.isr.length < partition.replicas.length;
}

/** Offline: no leader (Kafka's OfflinePartitionsCount). */
export function isOffline(partition: PartitionInfo): boolean {
  return partition.leader < 0;
}

export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/**
 * Brokers that are down: named by a partition's replicas but absent from the metadata. The Metadata response lists
 * only live brokers, while a partition keeps its assigned replicas (Replicas in kafka-topics.sh --describe) whether
 * or not their broker runs; a stopped or crashed broker shows only there. Sorted by id.
 */
export function downBrokers(snapshot: ClusterSnapshot): number[] {
  const live = new Set(snapshot.brokers.map((b) => b.id));
  const down = new Set<number>();
  for (const t of snapshot.topics) for (const p of t.partitions) for (const r of p.replicas) if (!live.has(r)) down.add(r);
  return [...down].sort((a, b) => a - b);
}
