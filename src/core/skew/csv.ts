// The skew report as CSV (one table per file: brokers, topics, or hot partitions), for the skew panel's export.
// RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break are quoted, quotes doubled.
// Numbers are raw (bytes, bytes/s, ratios 0..1), never formatted, so a spreadsheet can compute with them;
// the unit is in each column name. An unknown value is an empty field.

import type { SkewReport } from './model';

export type SkewCsvTable = 'brokers' | 'topics' | 'hotPartitions';

type Cell = string | number | boolean | null;

function csvField(value: Cell): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function skewReportToCsv(report: SkewReport, table: SkewCsvTable): string {
  switch (table) {
    case 'brokers':
      return csv(
        [
          'broker',
          'rack',
          'counted',
          'replicas',
          'leaders',
          'replica_bytes',
          'disk_used_ratio',
          'disk_level',
          'produce_in_bytes_per_sec',
          'produce_in_records_per_sec',
          'replication_in_bytes_per_sec',
          'replication_out_bytes_per_sec',
        ],
        report.brokers.map((b) => [
          b.broker,
          b.rack,
          b.counted,
          b.replicas,
          b.leaders,
          b.replicaBytes,
          b.diskUsedRatio,
          b.diskLevel,
          b.produceInBytesPerSec,
          b.produceInRecordsPerSec,
          b.replicationInBytesPerSec,
          b.replicationOutBytesPerSec,
        ]),
      );
    case 'topics':
      return csv(
        [
          'topic',
          'internal',
          'partitions',
          'replication_factor',
          'offline_partitions',
          'replicas_max_over_mean',
          'replicas_cv',
          'replicas_status',
          'leaders_max_over_mean',
          'leaders_cv',
          'leaders_status',
          'rack_status',
          'rack_shared_partitions',
          'verdict',
        ],
        report.topics.map((t) => [
          t.topic,
          t.internal,
          t.partitions,
          t.replicationFactor,
          t.offlinePartitions,
          t.replicaSkew.maxOverMean,
          t.replicaSkew.cv,
          t.replicaSkew.status,
          t.leaderSkew.maxOverMean,
          t.leaderSkew.cv,
          t.leaderSkew.status,
          t.rackStatus,
          t.rackSharedPartitions.length,
          t.verdict,
        ]),
      );
    case 'hotPartitions': {
      const rows: Cell[][] = [];
      for (const [ranking, list] of [
        ['write_rate', report.hotPartitions.byWriteRate],
        ['size', report.hotPartitions.bySize],
      ] as const) {
        list.forEach((p, i) =>
          rows.push([
            ranking,
            i + 1,
            p.topic,
            p.partition,
            p.leader < 0 ? null : p.leader,
            p.replicas.join(' '),
            p.bytes,
            p.bytesPerSec,
            p.recordsPerSec,
            p.shareOfLeaderProduceIn,
          ]),
        );
      }
      return csv(
        [
          'ranked_by',
          'rank',
          'topic',
          'partition',
          'leader',
          'replicas',
          'bytes',
          'bytes_per_sec',
          'records_per_sec',
          'share_of_leader_produce_in',
        ],
        rows,
      );
    }
  }
}
