// The plain-text cluster summary printed by `kfp demo` and `kfp summary`: one row per broker.

import { activeController } from './activeController';
import { brokerLoads, clusterHealth, type DiskLevel } from './brokerLoad';
import type { ClusterSnapshot } from './model';
import { formatBytes, formatPercent } from './units';
import { plural } from './units';

/** Renders rows as a left/right aligned text table (numbers right-aligned). */
export function textTable(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const LEVEL_NOTE: Record<DiskLevel, string> = {
  ok: '',
  warn: '>= 60 % alert',
  action: '>= 80 % action required',
  critical: 'FULL',
  unknown: 'capacity not reported',
};

export function formatClusterSummary(snapshot: ClusterSnapshot): string {
  const health = clusterHealth(snapshot);
  const loads = brokerLoads(snapshot);
  const racks = new Set(snapshot.brokers.map((b) => b.rack ?? '(none)'));
  const head = [
    `${snapshot.name} (${snapshot.source}${snapshot.clusterId ? `, id ${snapshot.clusterId}` : ''}) at ${snapshot.takenAt}`,
    `${health.brokers} brokers in ${plural(racks.size, 'rack')}, ${health.topics} topics, ${health.partitions} partitions, ` +
      `${health.replicas} replicas, ${formatBytes(health.totalReplicaBytes)} on disk`,
    `under-replicated partitions: ${health.underReplicated}, offline partitions: ${health.offline}` +
      (health.replicasOnMissingBrokers ? `, replicas on brokers missing from metadata: ${health.replicasOnMissingBrokers}` : ''),
  ];
  const controller = activeController(snapshot);
  // Offline snapshots built from Kafka's files know no controller: nothing to say then.
  if (controller.nodeId !== null || controller.source) head.push(`active controller: ${controller.text}`);
  head.push('');
  const rows = loads.map((l) => [
    String(l.broker.id) + (l.broker.isController ? '*' : ''),
    l.broker.rack ?? '-',
    `${l.broker.host}:${l.broker.port}`,
    String(l.replicas),
    String(l.leaders),
    formatBytes(l.replicaBytes),
    l.diskTotalBytes !== undefined ? formatBytes(l.diskTotalBytes) : '?',
    l.diskUsedRatio !== undefined ? formatPercent(l.diskUsedRatio) : '?',
    LEVEL_NOTE[l.diskLevel],
  ]);
  const table = textTable(['broker', 'rack', 'host', 'replicas', 'leaders', 'bytes', 'disk', 'used', 'disk alert'], rows, [
    true,
    false,
    false,
    true,
    true,
    true,
    true,
    true,
    false,
  ]);
  const foot = [
    '',
    '* active controller (when it is a broker). bytes = sum of replica log sizes (DescribeLogDirs); used = volume used / total (KIP-827).',
  ];
  if (snapshot.warnings.length) foot.push(...snapshot.warnings.map((w) => `warning: ${w}`));
  return [...head, table, ...foot].join('\n') + '\n';
}
