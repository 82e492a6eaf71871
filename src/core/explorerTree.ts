// The cluster explorer's tree model, pure: which children a node has (with paging), and how each node reads
// (label, description, tooltip that explains every number, icon, theme color, context value). The VS Code tree
// provider (src/features/explorer) only turns these views into TreeItems, so everything here is unit-tested in
// plain Node and benchmarked in bench/explorerTree.ts on a 50,000-partition snapshot.
//
// Numbers and their sources:
// - disk levels 60 % / 80 % / 100 %: MSK storage capacity alerts at 60 % and 80 % used (Amazon MSK Developer Guide, cluster-alerts), via
//   brokerLoad.ts diskLevel();
// - partitions per broker (leaders + followers) against the recommended / maximum of the cluster's broker type:
//   MSK best practices (partitions per Standard broker), from the broker catalog in sizing/catalog.ts;
// - under-replicated = ISR smaller than the replica list, offline = no leader (Kafka's UnderReplicatedPartitions and
//   OfflinePartitionsCount), from model.ts.

import { activeController } from './activeController';
import { brokerLoads, clusterHealth, type BrokerLoad, type ClusterHealth, type DiskLevel } from './brokerLoad';
import {
  isOffline,
  isUnderReplicated,
  partitionBytes,
  type ClusterSnapshot,
  type ConsumerGroupInfo,
  type PartitionInfo,
  type TopicInfo,
} from './model';
import { findBrokerType, MSK_BEST_PRACTICES_URL } from './sizing/catalog';
import { formatBytes, formatPercent } from './units';

/** Children shown before a "load more" node (topics, partitions of one topic, groups, a group's offsets). */
export const DEFAULT_PAGE_SIZE = 200;

export type ExplorerNode =
  | { kind: 'brokers' }
  | { kind: 'broker'; brokerId: number }
  | { kind: 'topics' }
  | { kind: 'topic'; topic: string }
  | { kind: 'partition'; topic: string; partition: number }
  | { kind: 'groups' }
  | { kind: 'group'; groupId: string }
  | { kind: 'groupOffset'; groupId: string; topic: string; partition: number }
  | { kind: 'warnings' }
  | { kind: 'warning'; index: number }
  /** "Load more": shown after `shown` children of the list identified by `listKey`, `remaining` not shown yet. */
  | { kind: 'loadMore'; listKey: string; shown: number; remaining: number }
  | { kind: 'empty'; message: string; key: string };

/** Theme colors the views use (ThemeColor ids of the workbench). */
export type NodeColor =
  | 'charts.green'
  | 'charts.yellow'
  | 'charts.orange'
  | 'charts.red'
  | 'list.warningForeground'
  | 'list.errorForeground'
  | 'descriptionForeground';

export interface NodeView {
  /** Unique within one cluster; the provider prefixes the cluster id. */
  key: string;
  label: string;
  description?: string;
  /** Plain text, one explanation per line. */
  tooltip?: string;
  /** A codicon id, e.g. "server". */
  icon: string;
  color?: NodeColor;
  collapsible: boolean;
  /** For context-menu `when` clauses: viewItem == ... */
  contextValue: string;
}

export interface TreeOptions {
  /** The broker type chosen for this cluster (catalog id such as "kafka.m5.large"), or undefined = unknown. */
  brokerType?: string;
  /** How many children each paged list shows, keyed by ExplorerNode key of the list (default DEFAULT_PAGE_SIZE). */
  pageLimits?: ReadonlyMap<string, number>;
  pageSize?: number;
}

/** Indexes built once per snapshot (a snapshot is immutable once taken), so 50,000 partitions stay cheap. */
interface SnapshotIndex {
  loads: Map<number, BrokerLoad>;
  health: ClusterHealth;
  topics: Map<string, TopicInfo>;
  groups: Map<string, ConsumerGroupInfo>;
  /** Topic name -> [under-replicated, offline, bytes]. */
  topicStats: Map<string, { underReplicated: number; offline: number; bytes: number; replicationFactor: number }>;
  missingBrokers: number[];
}

const indexes = new WeakMap<ClusterSnapshot, SnapshotIndex>();

function index(snapshot: ClusterSnapshot): SnapshotIndex {
  let idx = indexes.get(snapshot);
  if (idx) return idx;
  const present = new Set(snapshot.brokers.map((b) => b.id));
  const missing = new Set<number>();
  const topicStats: SnapshotIndex['topicStats'] = new Map();
  for (const t of snapshot.topics) {
    let underReplicated = 0;
    let offline = 0;
    let bytes = 0;
    let replicationFactor = 0;
    for (const p of t.partitions) {
      if (isUnderReplicated(p)) underReplicated++;
      if (isOffline(p)) offline++;
      bytes += partitionBytes(p);
      replicationFactor = Math.max(replicationFactor, p.replicas.length);
      for (const r of p.replicas) if (!present.has(r)) missing.add(r);
    }
    topicStats.set(t.name, { underReplicated, offline, bytes, replicationFactor });
  }
  idx = {
    loads: new Map(brokerLoads(snapshot).map((l) => [l.broker.id, l])),
    health: clusterHealth(snapshot),
    topics: new Map(snapshot.topics.map((t) => [t.name, t])),
    groups: new Map(snapshot.consumerGroups.map((g) => [g.groupId, g])),
    topicStats,
    missingBrokers: [...missing].sort((a, b) => a - b),
  };
  indexes.set(snapshot, idx);
  return idx;
}

export function nodeKey(node: ExplorerNode): string {
  switch (node.kind) {
    case 'brokers':
    case 'topics':
    case 'groups':
    case 'warnings':
      return node.kind;
    case 'broker':
      return `broker:${node.brokerId}`;
    case 'topic':
      return `topic:${node.topic}`;
    case 'partition':
      return `partition:${node.topic}:${node.partition}`;
    case 'group':
      return `group:${node.groupId}`;
    case 'groupOffset':
      return `groupOffset:${node.groupId}:${node.topic}:${node.partition}`;
    case 'warning':
      return `warning:${node.index}`;
    case 'loadMore':
      return `loadMore:${node.listKey}`;
    case 'empty':
      return `empty:${node.key}`;
  }
}

/** The sections under a cluster: brokers, topics, consumer groups, and the snapshot's warnings when it has any. */
export function clusterSections(snapshot: ClusterSnapshot): ExplorerNode[] {
  const sections: ExplorerNode[] = [{ kind: 'brokers' }, { kind: 'topics' }, { kind: 'groups' }];
  if (snapshot.warnings.length) sections.push({ kind: 'warnings' });
  return sections;
}

function paged<T>(items: readonly T[], listKey: string, options: TreeOptions, make: (item: T) => ExplorerNode): ExplorerNode[] {
  const limit = options.pageLimits?.get(listKey) ?? options.pageSize ?? DEFAULT_PAGE_SIZE;
  const shown = Math.min(limit, items.length);
  const out: ExplorerNode[] = new Array(shown);
  for (let i = 0; i < shown; i++) out[i] = make(items[i]);
  if (items.length > shown) out.push({ kind: 'loadMore', listKey, shown, remaining: items.length - shown });
  return out;
}

/** Children of a node (never undefined: an explicit empty node when there is nothing). */
export function childrenOf(snapshot: ClusterSnapshot, node: ExplorerNode, options: TreeOptions = {}): ExplorerNode[] {
  const idx = index(snapshot);
  switch (node.kind) {
    case 'brokers': {
      if (!snapshot.brokers.length && !idx.missingBrokers.length)
        return [{ kind: 'empty', key: 'brokers', message: 'No brokers in this snapshot' }];
      // Brokers named by replicas but absent from the metadata (down) are listed too, so a missing broker shows.
      const ids = [...snapshot.brokers.map((b) => b.id), ...idx.missingBrokers].sort((a, b) => a - b);
      return ids.map((brokerId) => ({ kind: 'broker', brokerId }));
    }
    case 'topics':
      if (!snapshot.topics.length) return [{ kind: 'empty', key: 'topics', message: 'No topics' }];
      return paged(snapshot.topics, 'topics', options, (t) => ({ kind: 'topic', topic: t.name }));
    case 'topic': {
      const topic = idx.topics.get(node.topic);
      if (!topic) return [{ kind: 'empty', key: `topic:${node.topic}`, message: 'Topic not in this snapshot' }];
      if (!topic.partitions.length) return [{ kind: 'empty', key: `topic:${node.topic}`, message: 'No partitions' }];
      return paged(topic.partitions, nodeKey(node), options, (p) => ({ kind: 'partition', topic: topic.name, partition: p.partition }));
    }
    case 'groups':
      if (!snapshot.consumerGroups.length) return [{ kind: 'empty', key: 'groups', message: 'No consumer groups' }];
      return paged(snapshot.consumerGroups, 'groups', options, (g) => ({ kind: 'group', groupId: g.groupId }));
    case 'group': {
      const group = idx.groups.get(node.groupId);
      if (!group?.offsets.length) return [{ kind: 'empty', key: `group:${node.groupId}`, message: 'No committed offsets' }];
      return paged(group.offsets, nodeKey(node), options, (o) => ({
        kind: 'groupOffset',
        groupId: group.groupId,
        topic: o.topic,
        partition: o.partition,
      }));
    }
    case 'warnings':
      return snapshot.warnings.map((_, i) => ({ kind: 'warning', index: i }));
    default:
      return [];
  }
}

/** The recommended and maximum partitions per broker for the cluster's broker type, when it is known. */
export function partitionLimits(brokerType: string | undefined): { recommended: number; max: number; id: string } | undefined {
  if (!brokerType) return undefined;
  const t = findBrokerType(brokerType);
  return t ? { recommended: t.partitionsRecommended, max: t.partitionsMax, id: t.id } : undefined;
}

const DISK_VIEW: Record<DiskLevel, { icon: string; color?: NodeColor; words: string }> = {
  ok: { icon: 'pass', color: 'charts.green', words: 'below 60 %' },
  warn: { icon: 'warning', color: 'charts.yellow', words: 'at or above 60 % (MSK first alert)' },
  action: { icon: 'warning', color: 'charts.orange', words: 'at or above 80 % (MSK "action required")' },
  critical: { icon: 'error', color: 'charts.red', words: 'full (MSK "critical")' },
  unknown: { icon: 'server', words: 'not reported by this broker (needs Kafka 3.3+, KIP-827)' },
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function topicStatus(stats: { underReplicated: number; offline: number }): { icon: string; color?: NodeColor } {
  if (stats.offline) return { icon: 'error', color: 'list.errorForeground' };
  if (stats.underReplicated) return { icon: 'warning', color: 'list.warningForeground' };
  // a neutral icon: Dark Modern paints symbol-event orange, which reads like a warning next to real ones
  return { icon: 'list-unordered' };
}

/** How a node reads in the tree. */
export function describeNode(snapshot: ClusterSnapshot, node: ExplorerNode, options: TreeOptions = {}): NodeView {
  const idx = index(snapshot);
  const key = nodeKey(node);
  switch (node.kind) {
    case 'brokers': {
      const missing = idx.missingBrokers.length;
      // A broker row carries the controller mark; the header names the controller when no row can (a controller-only
      // node, or unknown).
      const controller = activeController(snapshot);
      const count = missing ? `${snapshot.brokers.length} up, ${missing} missing` : String(snapshot.brokers.length);
      return {
        key,
        label: 'Brokers',
        description: controller.short ? `${count} · ${controller.short}` : count,
        tooltip:
          (missing
            ? `${snapshot.brokers.length} brokers answered the metadata request; ${plural(missing, 'broker')} (${idx.missingBrokers.join(', ')}) hold replicas but are not in the metadata: down or unreachable.`
            : `${snapshot.brokers.length} brokers in the metadata.`) + `\nActive controller: ${controller.text}`,
        icon: 'server',
        color: missing ? 'list.errorForeground' : undefined,
        collapsible: true,
        contextValue: 'brokers',
      };
    }
    case 'broker':
      return describeBroker(snapshot, idx, node.brokerId, options, key);
    case 'topics': {
      const h = idx.health;
      const bad = [
        h.underReplicated ? `${h.underReplicated.toLocaleString('en-US')} under-replicated` : '',
        h.offline ? `${h.offline.toLocaleString('en-US')} offline` : '',
      ].filter(Boolean);
      return {
        key,
        label: 'Topics',
        description: `${snapshot.topics.length.toLocaleString('en-US')} · ${plural(h.partitions, 'partition')}${bad.length ? ` · ${bad.join(' · ')}` : ''}`,
        tooltip:
          `${plural(snapshot.topics.length, 'topic')} with ${plural(h.partitions, 'partition')} and ${plural(h.replicas, 'replica')} in all.\n` +
          `Under-replicated: ISR smaller than the replica list (${h.underReplicated}). Offline: no leader (${h.offline}).`,
        icon: 'list-tree',
        color: h.offline ? 'list.errorForeground' : h.underReplicated ? 'list.warningForeground' : undefined,
        collapsible: true,
        contextValue: 'topics',
      };
    }
    case 'topic': {
      const topic = idx.topics.get(node.topic);
      const stats = idx.topicStats.get(node.topic);
      if (!topic || !stats)
        return {
          key,
          label: node.topic,
          description: 'not in this snapshot',
          icon: 'question',
          collapsible: false,
          contextValue: 'topic.missing',
        };
      const parts = [plural(topic.partitions.length, 'partition'), `RF ${stats.replicationFactor}`, formatBytes(stats.bytes)];
      if (stats.underReplicated) parts.push(`${stats.underReplicated} under-replicated`);
      if (stats.offline) parts.push(`${stats.offline} offline`);
      const status = topicStatus(stats);
      return {
        key,
        label: topic.name,
        description: parts.join(' · '),
        tooltip:
          `${topic.name}${topic.internal ? ' (internal)' : ''}\n` +
          `Partitions: ${topic.partitions.length}\n` +
          `Replication factor (RF): ${stats.replicationFactor}, the largest replica list of its partitions\n` +
          `Size: ${formatBytes(stats.bytes)}, the sum of each partition's leader replica (DescribeLogDirs), one copy\n` +
          `Under-replicated partitions (ISR < replicas): ${stats.underReplicated}\n` +
          `Offline partitions (no leader): ${stats.offline}` +
          (topic.configs.retentionMs !== undefined ? `\nretention.ms: ${topic.configs.retentionMs}` : '') +
          (topic.configs.minInsyncReplicas !== undefined ? `\nmin.insync.replicas: ${topic.configs.minInsyncReplicas}` : ''),
        ...status,
        collapsible: true,
        contextValue: topic.internal ? 'topic.internal' : 'topic',
      };
    }
    case 'partition': {
      const p = idx.topics.get(node.topic)?.partitions.find((x) => x.partition === node.partition);
      if (!p)
        return {
          key,
          label: `${node.topic}-${node.partition}`,
          description: 'not in this snapshot',
          icon: 'question',
          collapsible: false,
          contextValue: 'partition',
        };
      return describePartition(p, key);
    }
    case 'groups': {
      const total = snapshot.consumerGroups.reduce((s, g) => s + g.totalLag, 0);
      return {
        key,
        label: 'Consumer groups',
        description: snapshot.consumerGroups.length
          ? `${snapshot.consumerGroups.length.toLocaleString('en-US')} · lag ${total.toLocaleString('en-US')}`
          : '0',
        tooltip: `${plural(snapshot.consumerGroups.length, 'consumer group')}; total lag ${total.toLocaleString('en-US')} records (log end offset minus committed offset, summed).`,
        icon: 'organization',
        collapsible: true,
        contextValue: 'groups',
      };
    }
    case 'group': {
      const g = idx.groups.get(node.groupId);
      if (!g)
        return {
          key,
          label: node.groupId,
          description: 'not in this snapshot',
          icon: 'question',
          collapsible: false,
          contextValue: 'group',
        };
      const partitions = new Set(g.offsets.map((o) => `${o.topic}\u0000${o.partition}`)).size;
      return {
        key,
        label: g.groupId,
        description: `${g.state} · ${plural(g.members, 'member')} · lag ${g.totalLag.toLocaleString('en-US')}`,
        tooltip:
          `State: ${g.state} (Kafka's group state)\nMembers: ${g.members} consumers in the group now\n` +
          `Total lag: ${g.totalLag.toLocaleString('en-US')} records behind, summed over ${plural(partitions, 'partition')} with a committed offset ` +
          '(log end offset minus committed offset when the snapshot was taken)',
        icon: 'organization',
        color: g.state === 'Dead' ? 'list.errorForeground' : undefined,
        collapsible: true,
        contextValue: 'group',
      };
    }
    case 'groupOffset': {
      const o = idx.groups.get(node.groupId)?.offsets.find((x) => x.topic === node.topic && x.partition === node.partition);
      const lag = o?.lag;
      return {
        key,
        label: `${node.topic}-${node.partition}`,
        description: lag === undefined ? `committed ${o?.committedOffset ?? '?'} · lag unknown` : `lag ${lag.toLocaleString('en-US')}`,
        tooltip:
          `Committed offset: ${o?.committedOffset ?? 'unknown'}\nLog end offset: ${o?.endOffset ?? 'unknown'}\n` +
          `Lag: ${lag === undefined ? 'unknown (no end offset for this partition)' : `${lag.toLocaleString('en-US')} records (end offset minus committed offset)`}`,
        icon: 'symbol-number',
        color: lag ? 'list.warningForeground' : undefined,
        collapsible: false,
        contextValue: 'groupOffset',
      };
    }
    case 'warnings':
      return {
        key,
        label: 'Warnings',
        description: String(snapshot.warnings.length),
        tooltip: 'Parts of the snapshot that could not be read; the rest of the snapshot is still valid.',
        icon: 'warning',
        color: 'list.warningForeground',
        collapsible: true,
        contextValue: 'warnings',
      };
    case 'warning':
      return {
        key,
        label: snapshot.warnings[node.index] ?? '',
        tooltip: snapshot.warnings[node.index],
        icon: 'warning',
        collapsible: false,
        contextValue: 'warning',
      };
    case 'loadMore':
      return {
        key,
        label: `Load ${Math.min(node.remaining, options.pageSize ?? DEFAULT_PAGE_SIZE).toLocaleString('en-US')} more…`,
        description: `${node.shown.toLocaleString('en-US')} of ${(node.shown + node.remaining).toLocaleString('en-US')} shown`,
        tooltip: 'Long lists are shown page by page so that the tree stays responsive.',
        icon: 'ellipsis',
        collapsible: false,
        contextValue: 'loadMore',
      };
    case 'empty':
      return { key, label: node.message, icon: 'info', color: 'descriptionForeground', collapsible: false, contextValue: 'empty' };
  }
}

function describeBroker(snapshot: ClusterSnapshot, idx: SnapshotIndex, brokerId: number, options: TreeOptions, key: string): NodeView {
  const load = idx.loads.get(brokerId);
  if (!load) {
    // Named by replicas but not in the metadata.
    let hosted = 0;
    for (const t of snapshot.topics) for (const p of t.partitions) if (p.replicas.includes(brokerId)) hosted++;
    return {
      key,
      label: `${brokerId}`,
      description: `missing · ${plural(hosted, 'replica')} assigned`,
      tooltip: `Broker ${brokerId} is assigned ${plural(hosted, 'replica')} but did not answer: it is not in the cluster metadata (stopped, crashed or unreachable). Its partitions are under-replicated or offline.`,
      icon: 'error',
      color: 'list.errorForeground',
      collapsible: false,
      contextValue: 'broker.missing',
    };
  }
  const { broker, replicas, leaders, diskUsedBytes, diskTotalBytes, diskUsedRatio, diskLevel } = load;
  const limits = partitionLimits(options.brokerType);
  const disk = DISK_VIEW[diskLevel];
  const parts = [`rack ${broker.rack ?? '–'}`, plural(replicas, 'replica'), plural(leaders, 'leader')];
  if (diskUsedBytes !== undefined && diskTotalBytes !== undefined && diskUsedRatio !== undefined) {
    parts.push(`disk ${formatBytes(diskUsedBytes)} / ${formatBytes(diskTotalBytes)} (${formatPercent(diskUsedRatio, 0)})`);
  } else {
    parts.push(`data ${formatBytes(load.replicaBytes)}`);
  }
  let partitionsLine: string;
  let overLimit = false;
  if (limits) {
    parts.push(`${replicas.toLocaleString('en-US')}/${limits.recommended.toLocaleString('en-US')} partitions`);
    overLimit = replicas > limits.recommended;
    partitionsLine =
      `Partitions hosted: ${replicas} of ${limits.recommended} recommended for ${limits.id} (max ${limits.max} that still allows updates); ` +
      `leaders and followers count (MSK best practices, ${MSK_BEST_PRACTICES_URL})`;
  } else {
    partitionsLine = `Partitions hosted: ${replicas} (broker type unknown: choose one with "Set Broker Type" to compare with MSK's recommended limit)`;
  }
  const color = diskLevel === 'ok' && overLimit ? 'charts.orange' : disk.color;
  return {
    key,
    label: `${broker.id}${broker.isController ? ' ★ controller' : ''}`,
    description: parts.join(' · '),
    tooltip:
      `Broker ${broker.id} at ${broker.host}:${broker.port}${broker.isController ? ` (active controller${snapshot.controller?.source === 'metadataQuorum' ? ': the leader of the KRaft metadata quorum' : ''})` : ''}\n` +
      `Rack: ${broker.rack ?? 'none set (broker.rack)'}\n` +
      `Replicas hosted: ${replicas} (leaders and followers)\nLeaders: ${leaders} (partitions whose producers and consumers it serves)\n` +
      `Replica data: ${formatBytes(load.replicaBytes)} (sum of its replicas' log sizes, DescribeLogDirs)\n` +
      (diskUsedRatio !== undefined
        ? `Disk: ${formatBytes(diskUsedBytes ?? 0)} used of ${formatBytes(diskTotalBytes ?? 0)} (${formatPercent(diskUsedRatio)}), ${disk.words}; MSK alerts at 60 % and 80 % and when full\n`
        : `Disk: ${disk.words}\n`) +
      partitionsLine,
    icon: overLimit && diskLevel === 'ok' ? 'warning' : disk.icon,
    color,
    collapsible: false,
    contextValue: broker.isController ? 'broker.controller' : 'broker',
  };
}

function describePartition(p: PartitionInfo, key: string): NodeView {
  const offline = isOffline(p);
  const under = isUnderReplicated(p);
  const bytes = partitionBytes(p);
  const state = offline ? 'OFFLINE' : under ? 'UNDER-REPLICATED' : '';
  return {
    key,
    label: `${p.partition}`,
    description: `${state ? `${state} · ` : ''}leader ${offline ? 'none' : p.leader} · replicas [${p.replicas.join(',')}] · ISR [${p.isr.join(',')}] · ${formatBytes(bytes)}`,
    tooltip:
      `Partition ${p.partition}\nLeader: ${offline ? 'none: the partition is offline (no producer or consumer can use it)' : `broker ${p.leader}`}\n` +
      `Replicas: ${p.replicas.join(', ')} (the first is the preferred leader)\n` +
      `In-sync replicas (ISR): ${p.isr.join(', ') || 'none'}${under ? `; missing ${p.replicas.filter((r) => !p.isr.includes(r)).join(', ')}: under-replicated` : ''}\n` +
      `Size: ${formatBytes(bytes)} (leader replica, DescribeLogDirs)` +
      (p.endOffset !== undefined ? `\nLog end offset: ${p.endOffset}` : ''),
    icon: offline ? 'error' : under ? 'warning' : 'symbol-number',
    color: offline ? 'list.errorForeground' : under ? 'list.warningForeground' : undefined,
    collapsible: false,
    contextValue: offline ? 'partition.offline' : under ? 'partition.underReplicated' : 'partition',
  };
}

/** The status-bar line for a cluster: brokers up, under-replicated, offline, worst disk level. */
export interface HealthSummary {
  brokersUp: number;
  brokersExpected: number;
  underReplicated: number;
  offline: number;
  worstDisk: DiskLevel;
  text: string;
  tooltip: string;
  severity: 'ok' | 'warning' | 'error';
}

const DISK_ORDER: DiskLevel[] = ['unknown', 'ok', 'warn', 'action', 'critical'];

export function healthSummary(snapshot: ClusterSnapshot, label: string): HealthSummary {
  const idx = index(snapshot);
  const h = idx.health;
  let worstDisk: DiskLevel = 'unknown';
  for (const l of idx.loads.values()) if (DISK_ORDER.indexOf(l.diskLevel) > DISK_ORDER.indexOf(worstDisk)) worstDisk = l.diskLevel;
  const brokersUp = snapshot.brokers.length;
  const brokersExpected = brokersUp + idx.missingBrokers.length;
  const severity: HealthSummary['severity'] =
    h.offline > 0 || worstDisk === 'critical' || brokersUp < brokersExpected
      ? 'error'
      : h.underReplicated > 0 || worstDisk === 'action' || worstDisk === 'warn'
        ? 'warning'
        : 'ok';
  const diskWord = worstDisk === 'unknown' ? 'disk ?' : `disk ${worstDisk}`;
  return {
    brokersUp,
    brokersExpected,
    underReplicated: h.underReplicated,
    offline: h.offline,
    worstDisk,
    text: `${label}: ${brokersUp}/${brokersExpected} brokers · ${h.underReplicated} URP · ${h.offline} offline · ${diskWord}`,
    tooltip:
      `${label}, snapshot taken ${snapshot.takenAt}\n` +
      `Brokers up: ${brokersUp} of ${brokersExpected} (brokers in the metadata vs brokers that replicas are assigned to)\n` +
      `Under-replicated partitions (URP, ISR < replicas): ${h.underReplicated}\nOffline partitions (no leader): ${h.offline}\n` +
      `Worst disk level: ${DISK_VIEW[worstDisk].words}`,
    severity,
  };
}

/** Where a topic sits in the tree, so that a view can reveal it: the page limit it needs to be visible. */
export function topicPosition(snapshot: ClusterSnapshot, topic: string): number {
  return snapshot.topics.findIndex((t) => t.name === topic);
}

/**
 * Where the Clusters view puts the embedded demo cluster. It is a choice, not a fixture: hidden until the user opens
 * it (or the setting lists it always), never with `never`; listed at the top while it is the only cluster, and
 * inside a collapsed "Samples" node as soon as a cluster of the user's own (saved, or a snapshot file) is listed.
 */
export function demoPlacement(
  setting: 'whenOpened' | 'always' | 'never',
  openedByUser: boolean,
  ownClusters: number,
): 'hidden' | 'top' | 'samples' {
  if (setting === 'never' || (setting === 'whenOpened' && !openedByUser)) return 'hidden';
  return ownClusters > 0 ? 'samples' : 'top';
}
