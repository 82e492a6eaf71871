// Defaults for the Kafka sizing wizard from a known cluster, derived PER TOPIC (README.md, "Inputs from a cluster"):
// each topic's measured write rate (two snapshots) × its RF × its own retention (retention.ms or retention.bytes per
// partition, whichever binds first; compacted topics and infinite retention at their measured size), at least the
// bytes the topic has on disk today. With tiered storage the local retention sizes the brokers' volumes and the
// total retention the tier. Every derived input says how it was measured; the per-topic rows show the arithmetic.

import { partitionBytes, type ClusterSnapshot, type PartitionInfo, type TopicInfo } from '../model';
import { partitionWriteRates, type WriteRates } from '../skew/rates';
import { GiB, formatBytes, formatNumber as fmt, formatRetentionHours, plural } from '../units';
import { KAFKA_DEFAULT_RETENTION_HOURS } from './catalog';
import type { KafkaSizingRequest } from './request';

/** What bounds a topic's steady-state size. */
export type TopicRetentionBinding = 'time' | 'bytes' | 'compacted' | 'infinite' | 'today';

export interface TopicSizingRow {
  topic: string;
  partitions: number;
  /** Replicas per partition (the most common count over the topic's partitions). */
  replicationFactor: number;
  /** Measured write rate before replication, B/s; null when the cluster gave no second snapshot. */
  writeBytesPerSec: number | null;
  /** retention.ms in hours (-1 = infinite), as used; the Kafka default when the snapshot did not say. */
  retentionHours: number;
  /** retention.bytes per partition; -1 = none. */
  retentionBytesPerPartition: number;
  cleanupPolicy: string;
  /** Tiered storage (remote.storage.enable) is on: the local retention sizes the volumes. */
  tiered: boolean;
  localRetentionHours?: number;
  localRetentionBytesPerPartition?: number;
  binding: TopicRetentionBinding;
  /** Steady state on the brokers' volumes from rate × RF × retention (all replicas), before the floor. */
  derivedBytes: number;
  /** Bytes on disk today, all replicas (DescribeLogDirs). */
  todayBytes: number;
  /** max(derived, today): what the sizing uses. */
  storedBytes: number;
  /** With tiered storage: rate × total retention (one copy). */
  tieredBytes: number;
  /** How the row was derived, with the numbers (shown to the user). */
  how: string;
}

export interface ClusterSizingDefaults {
  defaults: Partial<KafkaSizingRequest>;
  /** Where each default came from, for the wizard's prompts and the report. */
  origins: Partial<Record<keyof KafkaSizingRequest, string>>;
  /** The per-topic breakdown behind storedGiB (user topics, largest first). */
  topics: TopicSizingRow[];
  /** The sampling interval of the write rates, or null without a second snapshot. */
  intervalSeconds: number | null;
  notes: string[];
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  for (const [v, c] of counts) if (best === undefined || c > counts.get(best)! || (c === counts.get(best)! && v > best)) best = v;
  return best;
}

/** Bytes of one partition on disk over all its replicas (a replica without a size counts the partition's size). */
function partitionDiskBytes(p: PartitionInfo): number {
  const size = partitionBytes(p);
  return p.replicas.reduce((a, b) => a + (p.sizes.find((s) => s.broker === b)?.bytes ?? size), 0);
}

const MS_PER_HOUR = 3_600_000;

/** Bytes one partition keeps at `rate` B/s under a time (h, <= 0 = none) and a size bound (B, <= 0 = none). */
function bounded(rate: number, hours: number, bytes: number): { bytes: number; binding: 'time' | 'bytes' | 'infinite' } {
  const byTime = hours > 0 ? rate * hours * 3600 : Infinity;
  const bySize = bytes > 0 ? bytes : Infinity;
  if (byTime === Infinity && bySize === Infinity) return { bytes: Infinity, binding: 'infinite' };
  return byTime <= bySize ? { bytes: byTime, binding: 'time' } : { bytes: bySize, binding: 'bytes' };
}

function topicRow(t: TopicInfo, rates: Map<number, number> | null, notes: string[]): TopicSizingRow {
  const c = t.configs;
  const rf = mostCommon(t.partitions.map((p) => p.replicas.length)) ?? 0;
  const policy = c.cleanupPolicy ?? 'delete';
  const compactOnly = policy
    .split(',')
    .map((x) => x.trim())
    .every((x) => x === 'compact');
  const retentionHours = c.retentionMs === undefined ? KAFKA_DEFAULT_RETENTION_HOURS : c.retentionMs < 0 ? -1 : c.retentionMs / MS_PER_HOUR;
  if (c.retentionMs === undefined) notes.push(`${t.name}: retention.ms not in the snapshot, assumed Kafka's default of 7 days.`);
  const retentionBytes = c.retentionBytes ?? -1;
  const tiered = c.remoteStorageEnable === true;
  // local.retention.* = -2 means "the same as retention.*" (MSK tiered storage topic-level configuration)
  const localHours = tiered
    ? c.localRetentionMs === undefined || c.localRetentionMs === -2
      ? retentionHours
      : c.localRetentionMs < 0
        ? -1
        : c.localRetentionMs / MS_PER_HOUR
    : undefined;
  const localBytes = tiered
    ? c.localRetentionBytes === undefined || c.localRetentionBytes === -2
      ? retentionBytes
      : c.localRetentionBytes
    : undefined;
  const todayBytes = t.partitions.reduce((a, p) => a + partitionDiskBytes(p), 0);
  const rate = rates ? t.partitions.reduce((a, p) => a + (rates.get(p.partition) ?? 0), 0) : null;

  let binding: TopicRetentionBinding;
  let derivedBytes = 0;
  let tieredBytes = 0;
  const bindings = new Set<string>();
  if (compactOnly) {
    binding = 'compacted';
    derivedBytes = todayBytes;
  } else if (!rates) {
    binding = 'today';
    derivedBytes = todayBytes;
  } else {
    let infinite = false;
    for (const p of t.partitions) {
      const r = rates.get(p.partition) ?? 0;
      const local = bounded(r, localHours ?? retentionHours, localBytes ?? retentionBytes);
      if (local.binding === 'infinite') infinite = true;
      else {
        bindings.add(local.binding);
        derivedBytes += local.bytes * p.replicas.length;
      }
      if (tiered) {
        const total = bounded(r, retentionHours, retentionBytes);
        tieredBytes += total.binding === 'infinite' ? partitionBytes(p) : total.bytes;
      }
    }
    if (infinite) {
      binding = 'infinite';
      derivedBytes = todayBytes;
    } else binding = bindings.has('bytes') && !bindings.has('time') ? 'bytes' : 'time';
  }
  const storedBytes = Math.max(derivedBytes, todayBytes);

  const rateText = rate === null ? '' : `${fmt(rate / 1e6, 6)} MB/s`;
  const retentionText = (hours: number, bytes: number, prefix: string) => {
    const time = `${prefix}retention.ms ${formatRetentionHours(hours)}`;
    return bytes > 0 ? `min(${time}, ${prefix}retention.bytes ${formatBytes(bytes)} per partition)` : time;
  };
  const floor = storedBytes > derivedBytes ? `; today's ${formatBytes(todayBytes)} on disk is larger and is used (the floor)` : '';
  let how: string;
  switch (binding) {
    case 'compacted':
      how = `cleanup.policy=compact: compaction keeps the latest record per key, so its size is measured, not derived: ${formatBytes(todayBytes)} on disk today (all replicas)`;
      break;
    case 'today':
      how = `no write rate (one snapshot): ${formatBytes(todayBytes)} on disk today (all replicas); sample two snapshots to derive the steady state`;
      break;
    case 'infinite':
      how = `retention -1 (infinite${tiered ? ' local retention' : ''}): the topic grows without bound at ${rateText} × RF ${rf}; its measured size is used: ${formatBytes(todayBytes)} on disk today (all replicas)`;
      break;
    default:
      how =
        `${rateText} × RF ${rf} × ${tiered ? retentionText(localHours!, localBytes!, 'local.') : retentionText(retentionHours, retentionBytes, '')}` +
        `${t.partitions.length > 1 && retentionBytes > 0 ? ', per partition' : ''} = ${formatBytes(derivedBytes)} (${binding === 'bytes' ? 'retention.bytes binds first' : 'time binds first'})${floor}` +
        (tiered
          ? `; tiered storage holds ${formatBytes(tieredBytes)} (one copy, ${retentionText(retentionHours, retentionBytes, '')})`
          : '');
  }
  return {
    topic: t.name,
    partitions: t.partitions.length,
    replicationFactor: rf,
    writeBytesPerSec: rate,
    retentionHours,
    retentionBytesPerPartition: retentionBytes,
    cleanupPolicy: policy,
    tiered,
    ...(localHours !== undefined ? { localRetentionHours: localHours } : {}),
    ...(localBytes !== undefined ? { localRetentionBytesPerPartition: localBytes } : {}),
    binding,
    derivedBytes,
    todayBytes,
    storedBytes,
    tieredBytes,
    how,
  };
}

/**
 * Sizing defaults from a cluster. `earlier`: a snapshot of the same cluster taken before `snapshot`: the write rates
 * are measured between the two (log growth per partition, src/core/skew/rates.ts). Without it, storage is today's
 * bytes on disk and the ingress is left to the user.
 */
export function sizingDefaultsFromCluster(snapshot: ClusterSnapshot, earlier?: ClusterSnapshot): ClusterSizingDefaults {
  const topics = snapshot.topics.filter((t) => !t.internal);
  const defaults: Partial<KafkaSizingRequest> = {};
  const origins: ClusterSizingDefaults['origins'] = {};
  const notes: string[] = [];
  const name = snapshot.name;
  if (snapshot.brokers.length) {
    defaults.brokers = snapshot.brokers.length;
    origins.brokers = `${name}: ${plural(snapshot.brokers.length, 'broker')} today`;
    const racks = new Set(snapshot.brokers.map((b) => b.rack).filter((r): r is string => r !== null));
    defaults.azs = Math.max(1, racks.size);
    origins.azs = racks.size ? `${name}: ${plural(racks.size, 'rack')} (broker.rack)` : `${name}: no broker.rack set`;
  }
  const rf = mostCommon(topics.flatMap((t) => t.partitions.map((p) => p.replicas.length)).filter((n) => n > 0));
  if (rf !== undefined) {
    defaults.rf = rf;
    origins.rf = `${name}: most common replication factor of its partitions (storage uses each topic's own)`;
  }
  const partitions = topics.reduce((a, t) => a + t.partitions.length, 0);
  if (partitions > 0) {
    defaults.partitions = partitions;
    origins.partitions = `${name}: ${plural(partitions, 'partition')} of its ${plural(topics.length, 'topic')}`;
  }

  let rates: WriteRates | undefined;
  if (earlier) {
    rates = partitionWriteRates(earlier, snapshot);
    notes.push(...rates.notes);
  }
  const byTopic = new Map<string, Map<number, number>>();
  for (const p of rates?.partitions ?? []) {
    const m = byTopic.get(p.topic) ?? new Map<number, number>();
    m.set(p.partition, p.bytesPerSec);
    byTopic.set(p.topic, m);
  }
  const rows = topics
    .map((t) => topicRow(t, rates ? (byTopic.get(t.name) ?? new Map()) : null, notes))
    .sort((a, b) => b.storedBytes - a.storedBytes || a.topic.localeCompare(b.topic));

  if (rates) {
    const bytesPerSec = rows.reduce((a, r) => a + (r.writeBytesPerSec ?? 0), 0);
    defaults.ingressMbps = Math.round(bytesPerSec) / 1e6; // whole bytes per second: no float noise in the request
    origins.ingressMbps = `${name}: measured write rate over ${fmt(rates.intervalSeconds, 1)} s (log growth of every partition between two snapshots); peak = this average unless you enter one`;
  }
  if (rows.length) {
    const stored = rows.reduce((a, r) => a + r.storedBytes, 0);
    defaults.storedGiB = stored / GiB;
    origins.storedGiB = rates
      ? `${name}: per topic, measured write rate × its RF × its own retention (time or retention.bytes per partition, whichever binds first; compacted and infinite-retention topics at their measured size), at least its bytes on disk today; ${plural(rows.length, 'topic')}`
      : `${name}: bytes on disk today over ${plural(rows.length, 'topic')} (no write rates: take two snapshots to derive the steady state)`;
    const tiered = rows.filter((r) => r.tiered);
    if (tiered.length) {
      defaults.tieredGiB = tiered.reduce((a, r) => a + r.tieredBytes, 0) / GiB;
      origins.tieredGiB = `${name}: ${plural(tiered.length, 'topic')} with tiered storage, measured write rate × total retention (one copy)`;
    }
  }
  return { defaults, origins, topics: rows, intervalSeconds: rates?.intervalSeconds ?? null, notes };
}
