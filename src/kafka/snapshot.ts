// Takes a ClusterSnapshot of a live cluster: Metadata (brokers, racks, controller, partitions), DescribeLogDirs
// on every broker in parallel (replica sizes; volume total/usable bytes, KIP-827), topic configs
// (DescribeConfigs), end offsets (ListOffsets latest) and consumer groups with committed offsets and lag.
// Every phase runs under a deadline; a phase that fails after Metadata becomes a warning in the snapshot
// rather than losing what was read.

import type { Admin } from '@platformatic/kafka';
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
import { KafkaConnectionError, classifyKafkaError, createAdmin, describeKafkaError, principalOf, withDeadline, type ConnectionSettings } from './connection';

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
const TOPIC_CONFIG_KEYS = ['retention.ms', 'retention.bytes', 'min.insync.replicas', 'cleanup.policy'];
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
  const topicNames = await withDeadline(admin.listTopics({ includeInternals: true }), budget, `Metadata from ${settings.bootstrap.join(', ')}`);
  checkCancelled();
  progress(`Reading metadata of ${topicNames.length} topics`);
  const metadata = await withDeadline(admin.metadata({ topics: topicNames, forceUpdate: true }), budget, 'Metadata');
  checkCancelled();

  const brokers: BrokerInfo[] = [...metadata.brokers.entries()]
    .map(([id, b]) => ({
      id,
      host: b.host,
      port: b.port,
      rack: b.rack ?? null,
      isController: id === metadata.controllerId,
      logDirs: [],
    }))
    .sort((a, b) => a.id - b.id);

  for (const [name, t] of metadata.topics.entries()) {
    if (!t?.partitions) warnings.push(`Topic ${name} returned no metadata (being created or deleted?); it is left out.`);
  }
  const topics: TopicInfo[] = [...metadata.topics.entries()]
    .filter(([, t]) => t?.partitions)
    .map(([name, t]) => ({
      name,
      internal: isInternalTopic(name),
      configs: {},
      partitions: t.partitions
        .map((p, index): PartitionInfo | undefined => p && ({
          partition: index,
          leader: p.leader,
          replicas: [...p.replicas],
          isr: [...p.isr],
          offlineReplicas: [...(p.offlineReplicas ?? [])],
          sizes: [],
        }))
        // the client indexes partitions by id; guard against holes
        .filter((p): p is PartitionInfo => p !== undefined && p.replicas.length > 0),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
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
            const size: ReplicaSize = { broker: result.broker, bytes: Number(p.partitionSize), logDir: dir.logDir, offsetLag: Number(p.offsetLag) };
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
        .map((t) => ({ name: t.name, partitions: t.partitions.filter((p) => p.leader >= 0).map((p) => ({ partitionIndex: p.partition, timestamp: LATEST_TIMESTAMP })) }))
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
      warnings.push(`End offsets unavailable (no write rates or lag): ${describeKafkaError(err, settings.bootstrap, principalOf(settings))}`);
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
    clusterId: metadata.id,
    source: 'live',
    takenAt,
    controllerId: metadata.controllerId >= 0 ? metadata.controllerId : null,
    brokers,
    topics,
    consumerGroups,
    warnings,
  };
}

function topicConfigs(entries: { name: string; value?: string | null }[]): TopicConfigs {
  const out: TopicConfigs = {};
  for (const { name, value } of entries) {
    if (value === null || value === undefined) continue;
    if (name === 'retention.ms') out.retentionMs = Number(value);
    else if (name === 'retention.bytes') out.retentionBytes = Number(value);
    else if (name === 'min.insync.replicas') out.minInsyncReplicas = Number(value);
    else if (name === 'cleanup.policy') out.cleanupPolicy = value;
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
