// Takes a ClusterSnapshot of a live cluster: Metadata (brokers, racks, partitions of every topic, internal ones
// included), the active controller (DescribeQuorum: the KRaft metadata quorum's leader), DescribeLogDirs
// on every broker in parallel (replica sizes; volume total/usable bytes, KIP-827), topic configs
// (DescribeConfigs), end offsets (ListOffsets latest) and consumer groups with committed offsets and lag.
// Every phase runs under a deadline; a phase that fails after Metadata becomes a warning in the snapshot
// rather than losing what was read.

import { protocolErrorsCodesById, type Admin } from '@platformatic/kafka';
import {
  SNAPSHOT_SCHEMA_VERSION,
  type BrokerInfo,
  type ClusterSnapshot,
  type ConsumerGroupInfo,
  type PartitionInfo,
  type ReplicaSize,
  type TopicConfigs,
  type TopicInfo,
} from '../core/model';
import { isInternalTopic } from '../core/kafkaFormats';
import { requestMetadata, type MetadataTopic } from './clusterMetadata';
import {
  KafkaConnectionError,
  classifyKafkaError,
  createAdmin,
  describeKafkaError,
  principalOf,
  readActiveController,
  withDeadline,
  type ConnectionSettings,
} from './connection';

export interface SnapshotOptions {
  /** Display name for the snapshot (the connection's name). */
  name?: string;
  /** Skip consumer groups (faster on clusters with thousands of groups). */
  skipGroups?: boolean;
  /** Progress lines ("Reading log dirs of 6 brokers"). */
  onProgress?: (message: string) => void;
  /** Checked between phases; when it returns true the snapshot stops with a cancellation error. */
  isCancelled?: () => boolean;
}

export class SnapshotCancelledError extends Error {
  constructor() {
    super('Snapshot cancelled.');
    this.name = 'SnapshotCancelledError';
  }
}

/** The topic configs the model keeps (see TopicConfigs). */
const TOPIC_CONFIG_KEYS = ['retention.ms', 'retention.bytes', 'min.insync.replicas', 'cleanup.policy', 'remote.storage.enable'];
/** DescribeConfigs resource type for topics (Kafka protocol ConfigResource.Type.TOPIC). */
const RESOURCE_TOPIC = 2;
/** ListOffsets timestamp meaning "latest" (the log end offset). */
const LATEST_TIMESTAMP = -1n;

export async function takeSnapshot(settings: ConnectionSettings, options: SnapshotOptions = {}): Promise<ClusterSnapshot> {
  const admin = createAdmin(settings);
  try {
    return await snapshotWith(admin, settings, options);
  } catch (err) {
    if (err instanceof SnapshotCancelledError) throw err;
    const c = classifyKafkaError(err, settings.bootstrap);
    throw new KafkaConnectionError(c.message, err, c.category);
  } finally {
    // close() can itself wait on a dead socket: never let it hold the caller.
    await withDeadline(admin.close(), 2_000, 'Closing the admin client').catch(() => undefined);
  }
}

async function snapshotWith(admin: Admin, settings: ConnectionSettings, options: SnapshotOptions): Promise<ClusterSnapshot> {
  const budget = settings.requestTimeoutMs + settings.connectTimeoutMs;
  const progress = options.onProgress ?? (() => undefined);
  const checkCancelled = () => {
    if (options.isCancelled?.()) throw new SnapshotCancelledError();
  };
  const takenAt = new Date().toISOString();
  const warnings: string[] = [];

  progress(`Connecting to ${settings.bootstrap.join(', ')}`);
  // One Metadata request for all topics, sent by clusterMetadata.ts: the client's metadata() drops internal topics.
  const metadata = await withDeadline(requestMetadata(admin), budget, `Metadata from ${settings.bootstrap.join(', ')}`);
  checkCancelled();
  progress('Reading the active controller (DescribeQuorum)');
  const controller = await readActiveController(admin, metadata.controllerId, settings, budget);
  if (controller.warning) warnings.push(controller.warning);
  checkCancelled();

  const brokers: BrokerInfo[] = metadata.brokers
    .map((b) => ({
      id: b.nodeId,
      host: b.host,
      port: b.port,
      rack: b.rack ?? null,
      isController: b.nodeId === controller.controllerId,
      logDirs: [],
    }))
    .sort((a, b) => a.id - b.id);

  const topics: TopicInfo[] = [];
  for (const t of metadata.topics) {
    const topic = topicFromMetadata(t, warnings);
    if (topic) topics.push(topic);
  }
  topics.sort((a, b) => a.name.localeCompare(b.name));
  // The client's own metadata cache never holds the topics flagged is_internal, and its listOffsets() looks their
  // leaders up there (it would fail on them): end offsets are read for the other topics only.
  const flaggedInternal = new Set(metadata.topics.filter((t) => t.isInternal && t.name).map((t) => t.name as string));
  const byName = new Map(topics.map((t) => [t.name, t]));

  // Log dirs: sizes per replica and per-volume capacity. Phases after Metadata degrade to warnings.
  progress(`Reading log dirs of ${brokers.length} brokers`);
  try {
    const request = topics.length
      ? topics.filter((t) => t.partitions.length).map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partition) }))
      : [{ name: '__consumer_offsets', partitions: [0] }]; // the API wants one topic; capacities come back regardless
    const described = await withDeadline(admin.describeLogDirs({ topics: request }), budget, 'DescribeLogDirs');
    const brokerById = new Map(brokers.map((b) => [b.id, b]));
    for (const result of described) {
      const broker = brokerById.get(result.broker);
      if (!broker) continue;
      for (const dir of result.results) {
        const total = Number(dir.totalBytes);
        const usable = Number(dir.usableBytes);
        broker.logDirs.push({
          path: dir.logDir,
          // -1 means "not reported" (brokers older than 3.3)
          ...(total >= 0 ? { totalBytes: total } : {}),
          ...(usable >= 0 ? { usableBytes: usable } : {}),
        });
        for (const t of dir.topics) {
          const topic = byName.get(t.name);
          if (!topic) continue;
          for (const p of t.partitions) {
            if (p.isFutureKey) continue; // an intra-broker copy in progress, not a placement
            const partition = topic.partitions.find((x) => x.partition === p.partitionIndex);
            if (!partition) continue;
            const size: ReplicaSize = {
              broker: result.broker,
              bytes: Number(p.partitionSize),
              logDir: dir.logDir,
              offsetLag: Number(p.offsetLag),
            };
            partition.sizes.push(size);
          }
        }
      }
    }
  } catch (err) {
    warnings.push(`Replica sizes and disk capacity unavailable: ${describeKafkaError(err, settings.bootstrap, principalOf(settings))}`);
    if (classifyKafkaError(err, settings.bootstrap).category === 'authorization') {
      warnings.push('Kafka lists only the topics this principal may describe: topics it may not see are missing from this snapshot.');
    }
  }
  checkCancelled();

  if (topics.length) {
    progress(`Reading configs of ${topics.length} topics`);
    try {
      const configs = await withDeadline(
        admin.describeConfigs({
          resources: topics.map((t) => ({ resourceType: RESOURCE_TOPIC, resourceName: t.name, configurationKeys: TOPIC_CONFIG_KEYS })),
        }),
        budget,
        'DescribeConfigs',
      );
      for (const c of configs) {
        const topic = byName.get(c.resourceName);
        if (topic) topic.configs = topicConfigs(c.configs);
      }
    } catch (err) {
      warnings.push(`Topic configs unavailable: ${describeKafkaError(err, settings.bootstrap, principalOf(settings))}`);
    }
    checkCancelled();

    progress('Reading end offsets');
    try {
      const online = topics
        .filter((t) => !flaggedInternal.has(t.name))
        .map((t) => ({
          name: t.name,
          partitions: t.partitions.filter((p) => p.leader >= 0).map((p) => ({ partitionIndex: p.partition, timestamp: LATEST_TIMESTAMP })),
        }))
        .filter((t) => t.partitions.length);
      if (online.length) {
        const listed = await withDeadline(admin.listOffsets({ topics: online }), budget, 'ListOffsets');
        for (const t of listed) {
          const topic = byName.get(t.name);
          if (!topic) continue;
          for (const p of t.partitions) {
            const partition = topic.partitions.find((x) => x.partition === p.partitionIndex);
            if (partition) partition.endOffset = Number(p.offset);
          }
        }
      }
    } catch (err) {
      warnings.push(
        `End offsets unavailable (no write rates or lag): ${describeKafkaError(err, settings.bootstrap, principalOf(settings))}`,
      );
    }
    checkCancelled();
  }

  let consumerGroups: ConsumerGroupInfo[] = [];
  if (!options.skipGroups) {
    progress('Reading consumer groups');
    try {
      consumerGroups = await readGroups(admin, byName, budget);
    } catch (err) {
      warnings.push(`Consumer groups unavailable: ${describeKafkaError(err, settings.bootstrap, principalOf(settings))}`);
    }
  }

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    name: options.name ?? settings.bootstrap[0],
    clusterId: metadata.clusterId ?? undefined,
    source: 'live',
    takenAt,
    controllerId: controller.controllerId,
    controller: controller.controller,
    brokers,
    topics,
    consumerGroups,
    warnings,
  };
}

function errorName(code: number): string {
  return protocolErrorsCodesById[code] ?? `error ${code}`;
}

/**
 * One topic of the Metadata response, or undefined (with a warning) when the broker sent an error instead of it.
 * Partition errors keep the partition: a partition without a live leader comes as LEADER_NOT_AVAILABLE with leader -1,
 * which is what an offline partition is.
 */
function topicFromMetadata(t: MetadataTopic, warnings: string[]): TopicInfo | undefined {
  const name = t.name;
  if (!name) return undefined; // topic ids without names are only sent for requests by id
  if (t.errorCode !== 0) {
    warnings.push(`Topic ${name} returned ${errorName(t.errorCode)} instead of its metadata (being created or deleted?); it is left out.`);
    return undefined;
  }
  const partitions: PartitionInfo[] = [];
  for (const p of [...t.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex)) {
    if (p.replicaNodes.length === 0) {
      warnings.push(`Partition ${name}-${p.partitionIndex} returned no replicas (${errorName(p.errorCode)}); it is left out.`);
      continue;
    }
    partitions.push({
      partition: p.partitionIndex,
      leader: p.leaderId,
      replicas: [...p.replicaNodes],
      isr: [...p.isrNodes],
      offlineReplicas: [...(p.offlineReplicas ?? [])],
      sizes: [],
    });
  }
  return { name, internal: t.isInternal || isInternalTopic(name), configs: {}, partitions };
}

function topicConfigs(entries: { name: string; value?: string | null }[]): TopicConfigs {
  const out: TopicConfigs = {};
  for (const { name, value } of entries) {
    if (value === null || value === undefined) continue;
    if (name === 'retention.ms') out.retentionMs = Number(value);
    else if (name === 'retention.bytes') out.retentionBytes = Number(value);
    else if (name === 'min.insync.replicas') out.minInsyncReplicas = Number(value);
    else if (name === 'cleanup.policy') out.cleanupPolicy = value;
    else if (name === 'remote.storage.enable') out.remoteStorageEnable = value === 'true';
  }
  return out;
}

async function readGroups(admin: Admin, topics: Map<string, TopicInfo>, budget: number): Promise<ConsumerGroupInfo[]> {
  const listed = await withDeadline(admin.listGroups(), budget, 'ListGroups');
  const consumerGroupIds = [...listed.values()].filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.id);
  if (consumerGroupIds.length === 0) return [];
  const described = await withDeadline(admin.describeGroups({ groups: consumerGroupIds }), budget, 'DescribeGroups');
  const offsets = await withDeadline(admin.listConsumerGroupOffsets({ groups: consumerGroupIds }), budget, 'OffsetFetch');
  const byGroup = new Map(offsets.map((g) => [g.groupId, g]));
  return consumerGroupIds.sort().map((groupId) => {
    const d = described.get(groupId);
    const entries: ConsumerGroupInfo['offsets'] = [];
    for (const t of byGroup.get(groupId)?.topics ?? []) {
      const topic = topics.get(t.name);
      for (const p of t.partitions) {
        const committed = Number(p.committedOffset);
        if (committed < 0) continue; // no commit for this partition
        const endOffset = topic?.partitions.find((x) => x.partition === p.partitionIndex)?.endOffset;
        const entry: ConsumerGroupInfo['offsets'][number] = { topic: t.name, partition: p.partitionIndex, committedOffset: committed };
        if (endOffset !== undefined) {
          entry.endOffset = endOffset;
          entry.lag = Math.max(0, endOffset - committed);
        }
        entries.push(entry);
      }
    }
    entries.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    return {
      groupId,
      state: d?.state ?? listed.get(groupId)?.state ?? 'Unknown',
      members: d?.members.size ?? 0,
      offsets: entries,
      totalLag: entries.reduce((s, o) => s + (o.lag ?? 0), 0),
    };
  });
}
