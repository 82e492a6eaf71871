// The skew report for people and programs: metric values in their units, the plain-text report of `kfp skew`,
// and its JSON form.

import { topicPartitionKey } from '../model';
import { textTable } from '../summaryText';
import { formatBytes, formatBytesPerSec, formatCount, formatPercent, formatRatio, formatTolerance } from '../units';
import { topicSpreadStatus, topicsWorstFirst, type HotPartition, type SkewMetricName, type SkewReport, type SkewUnit } from './model';
import { plural } from '../units';

/** A metric value in its unit: counts as whole numbers (means with one decimal), bytes, B/s, %. */
export function formatMetricValue(unit: SkewUnit, value: number, isMean = false): string {
  switch (unit) {
    case 'count':
      return isMean ? value.toFixed(1) : formatCount(value);
    case 'bytes':
      return formatBytes(value);
    case 'bytesPerSec':
      return formatBytesPerSec(value);
    case 'ratio':
      return formatPercent(value);
  }
}

const TOPIC_ROWS_IN_TEXT = 30;

/** The skew report as plain text: verdicts, a broker table with max/mean and CV rows, topics worst first, hot partitions. */
export function formatSkewReport(report: SkewReport): string {
  const out: string[] = [];
  const rates = report.rates;
  out.push(
    `Skew of ${report.cluster}${report.clusterId ? ` (id ${report.clusterId})` : ''} at ${report.takenAt}` +
      (rates
        ? `; rates over ${Number(rates.intervalSeconds.toFixed(3))} s since ${rates.fromTakenAt}`
        : '; no rates (give an earlier snapshot for write and replication rates)'),
  );
  out.push(
    `Balanced = every broker within ${formatTolerance(report.balanceTolerance)} of the mean (Cruise Control's balance threshold); ` +
      `${plural(report.countedBrokers.length, 'broker')} counted, empty ones included.`,
  );
  out.push('', 'Verdicts:');
  for (const m of report.metrics) out.push(`  ${m.verdict}`);

  const metric = (name: SkewMetricName) => report.metrics.find((m) => m.metric === name)!;
  const showRates = rates !== null;
  const header = ['broker', 'rack', 'replicas', 'leaders', 'bytes', 'disk used', 'level'];
  const names: (SkewMetricName | null)[] = ['replicas', 'leaders', 'bytes', 'diskUsed', null];
  if (showRates) {
    header.push('produce in', 'replication in', 'replication out');
    names.push('produceIn', 'replicationIn', 'replicationOut');
  }
  const rows = report.brokers.map((b) => {
    const row = [
      String(b.broker) + (b.counted ? '' : ' (excluded)'),
      b.rack ?? '-',
      String(b.replicas),
      String(b.leaders),
      formatBytes(b.replicaBytes),
      b.diskUsedRatio === null ? '?' : formatPercent(b.diskUsedRatio),
      b.diskLevel,
    ];
    if (showRates)
      row.push(
        formatBytesPerSec(b.produceInBytesPerSec ?? 0),
        formatBytesPerSec(b.replicationInBytesPerSec ?? 0),
        formatBytesPerSec(b.replicationOutBytesPerSec ?? 0),
      );
    return row;
  });
  if (report.brokers.length) {
    rows.push(['max/mean', '', ...names.map((n) => (n ? formatRatio(metric(n).maxOverMean) : ''))]);
    rows.push(['CV', '', ...names.map((n) => (n ? formatRatio(metric(n).cv) : ''))]);
  }
  out.push(
    '',
    'Brokers:',
    textTable(
      header,
      rows,
      header.map((_, i) => i >= 2 && i !== 6),
    ),
  );

  const topics = topicsWorstFirst(report.topics);
  if (topics.length) {
    const shown = topics.slice(0, TOPIC_ROWS_IN_TEXT);
    const topicRows = shown.map((t) => [
      t.topic,
      String(t.partitions),
      String(t.replicationFactor),
      formatRatio(t.replicaSkew.maxOverMean),
      formatRatio(t.replicaSkew.cv),
      formatRatio(t.leaderSkew.maxOverMean),
      topicSpreadStatus(t),
      t.rackStatus,
    ]);
    out.push(
      '',
      'Topics (worst first):',
      textTable(['topic', 'partitions', 'rf', 'replicas max/mean', 'replicas CV', 'leaders max/mean', 'spread', 'racks'], topicRows, [
        false,
        true,
        true,
        true,
        true,
        true,
        false,
        false,
      ]),
    );
    if (topics.length > shown.length) out.push(`… ${plural(topics.length - shown.length, 'more topic')} in the JSON output.`);
    const flagged = topics.filter((t) => t.rackStatus === 'shared' || t.rackStatus === 'unknown' || t.rackStatus === 'shared-unavoidable');
    for (const t of flagged.slice(0, TOPIC_ROWS_IN_TEXT)) out.push(`  ${t.verdict}`);
  }

  const hotTable = (title: string, list: HotPartition[]) => {
    if (!list.length) return;
    out.push(
      '',
      title,
      textTable(
        ['#', 'partition', 'leader', 'replicas', 'size', 'write rate', 'records/s', 'of leader in'],
        list.map((p, i) => [
          String(i + 1),
          topicPartitionKey(p.topic, p.partition),
          p.leader < 0 ? 'none' : String(p.leader),
          p.replicas.join(','),
          formatBytes(p.bytes),
          p.bytesPerSec === null ? '-' : formatBytesPerSec(p.bytesPerSec),
          p.recordsPerSec === null ? '-' : p.recordsPerSec.toFixed(1),
          p.shareOfLeaderProduceIn === null ? '-' : formatPercent(p.shareOfLeaderProduceIn),
        ]),
        [true, false, true, false, true, true, true, true],
      ),
    );
  };
  hotTable(`Hot partitions by write rate (top ${report.hotPartitionCount}):`, report.hotPartitions.byWriteRate);
  hotTable(`Hot partitions by size (top ${report.hotPartitionCount}):`, report.hotPartitions.bySize);

  if (report.notes.length) {
    out.push('', 'Notes:');
    for (const n of report.notes) out.push(`  - ${n}`);
  }
  return out.join('\n') + '\n';
}

/** The report as JSON text (it holds only plain data: no Maps, NaN or Infinity). */
export function skewReportToJson(report: SkewReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
