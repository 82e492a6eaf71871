// Per-broker load as the explorer, the CLI summary and the planner see it: replicas, leaders, bytes, disk.

import { isOffline, isUnderReplicated, replicaBytes, type BrokerInfo, type ClusterSnapshot } from './model';

/**
 * MSK's storage capacity alerts: 60 % and 80 % used ("Action required"), full ("Critical action required").
 * Source: https://docs.aws.amazon.com/msk/latest/developerguide/cluster-alerts.html (docs/SOURCES.md).
 */
export const DISK_WARN_RATIO = 0.6;
export const DISK_ACTION_RATIO = 0.8;

export type DiskLevel = 'ok' | 'warn' | 'action' | 'critical' | 'unknown';

export interface BrokerLoad {
  broker: BrokerInfo;
  replicas: number;
  leaders: number;
  /** Sum of the sizes of the replicas this broker hosts (DescribeLogDirs). */
  replicaBytes: number;
  /** Capacity of its log dirs, when every dir reports one (KIP-827). */
  diskTotalBytes?: number;
  /** Used bytes of the volumes (total - usable), which includes files other than Kafka's logs. */
  diskUsedBytes?: number;
  diskUsedRatio?: number;
  diskLevel: DiskLevel;
}

export function diskLevel(usedRatio: number | undefined): DiskLevel {
  if (usedRatio === undefined || !Number.isFinite(usedRatio)) return 'unknown';
  if (usedRatio >= 1) return 'critical';
  if (usedRatio >= DISK_ACTION_RATIO) return 'action';
  if (usedRatio >= DISK_WARN_RATIO) return 'warn';
  return 'ok';
}

export function brokerLoads(snapshot: ClusterSnapshot): BrokerLoad[] {
  const loads = new Map<number, BrokerLoad>();
  for (const broker of snapshot.brokers) {
    let total = 0;
    let usable = 0;
    const known = broker.logDirs.length > 0 && broker.logDirs.every((d) => d.totalBytes !== undefined && d.usableBytes !== undefined);
    for (const d of broker.logDirs) {
      total += d.totalBytes ?? 0;
      usable += d.usableBytes ?? 0;
    }
    const load: BrokerLoad = { broker, replicas: 0, leaders: 0, replicaBytes: 0, diskLevel: 'unknown' };
    if (known && total > 0) {
      load.diskTotalBytes = total;
      load.diskUsedBytes = total - usable;
      load.diskUsedRatio = (total - usable) / total;
      load.diskLevel = diskLevel(load.diskUsedRatio);
    }
    loads.set(broker.id, load);
  }
  for (const topic of snapshot.topics) {
    for (const p of topic.partitions) {
      for (const id of p.replicas) {
        const load = loads.get(id);
        if (!load) continue; // a replica on a broker that is not in the metadata (down): counted as offline elsewhere
        load.replicas++;
        load.replicaBytes += replicaBytes(p, id) ?? 0;
        if (p.leader === id) load.leaders++;
      }
    }
  }
  return [...loads.values()].sort((a, b) => a.broker.id - b.broker.id);
}

export interface ClusterHealth {
  brokers: number;
  topics: number;
  partitions: number;
  replicas: number;
  underReplicated: number;
  offline: number;
  /** Replicas assigned to broker ids that are not in the snapshot's broker list. */
  replicasOnMissingBrokers: number;
  totalReplicaBytes: number;
}

export function clusterHealth(snapshot: ClusterSnapshot): ClusterHealth {
  const ids = new Set(snapshot.brokers.map((b) => b.id));
  const h: ClusterHealth = {
    brokers: snapshot.brokers.length,
    topics: snapshot.topics.length,
    partitions: 0,
    replicas: 0,
    underReplicated: 0,
    offline: 0,
    replicasOnMissingBrokers: 0,
    totalReplicaBytes: 0,
  };
  for (const t of snapshot.topics) {
    for (const p of t.partitions) {
      h.partitions++;
      h.replicas += p.replicas.length;
      if (isUnderReplicated(p)) h.underReplicated++;
      if (isOffline(p)) h.offline++;
      for (const r of p.replicas) if (!ids.has(r)) h.replicasOnMissingBrokers++;
      for (const s of p.sizes) h.totalReplicaBytes += s.bytes;
    }
  }
  return h;
}
