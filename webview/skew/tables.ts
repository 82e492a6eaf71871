// The skew panel's "Tables" tab: the most skewed topics and the hottest partitions (by write rate, by size) in the
// shared sortable table, each row with a link that reveals its topic in the Clusters view.

import { topicSpreadStatus, topicsWorstFirst, type HotPartition, type TopicSkew } from '../../src/core/skew';
import { formatBytes, formatBytesPerSec, formatPercent, formatRatio } from '../../src/core/units';
import { el } from '../common/dom';
import { sortableTable, type SortableColumn } from '../common/sortableTable';
import type { SkewPanel } from './state';

function revealLink(panel: SkewPanel, topic: string): HTMLElement {
  const reveal = el('button', { type: 'button', class: 'link', title: `Reveal ${topic} in the Clusters view` }, 'Reveal');
  reveal.addEventListener('click', () => panel.post({ type: 'revealTopic', topic }));
  return reveal;
}

const ratio = (r: number | null) => formatRatio(r, '–');

const TOPIC_COLUMNS: SortableColumn<TopicSkew>[] = [
  { label: 'topic', key: (t) => t.topic, cell: (t) => t.topic },
  { label: 'partitions', key: (t) => t.partitions, cell: (t) => String(t.partitions), numeric: true },
  { label: 'RF', key: (t) => t.replicationFactor, cell: (t) => String(t.replicationFactor), numeric: true, title: 'replication factor' },
  { label: 'replicas max/mean', key: (t) => t.replicaSkew.maxOverMean, cell: (t) => ratio(t.replicaSkew.maxOverMean), numeric: true },
  {
    label: 'replicas CV',
    key: (t) => t.replicaSkew.cv,
    cell: (t) => ratio(t.replicaSkew.cv),
    numeric: true,
    title: 'coefficient of variation: standard deviation / mean',
  },
  { label: 'leaders max/mean', key: (t) => t.leaderSkew.maxOverMean, cell: (t) => ratio(t.leaderSkew.maxOverMean), numeric: true },
  { label: 'spread', key: topicSpreadStatus, cell: topicSpreadStatus },
  { label: 'racks', key: (t) => t.rackStatus, cell: (t) => t.rackStatus },
];

const HOT_COLUMNS: SortableColumn<HotPartition>[] = [
  { label: 'partition', key: (p) => [p.topic, p.partition], cell: (p) => `${p.topic}-${p.partition}` },
  { label: 'leader', key: (p) => p.leader, cell: (p) => (p.leader < 0 ? 'none' : String(p.leader)), numeric: true },
  { label: 'replicas', key: (p) => p.replicas.join(','), cell: (p) => p.replicas.join(', ') },
  {
    label: 'size',
    key: (p) => p.bytes,
    cell: (p) => formatBytes(p.bytes),
    numeric: true,
    title: "leader's log size (else the largest replica)",
  },
  {
    label: 'write rate',
    key: (p) => p.bytesPerSec,
    cell: (p) => (p.bytesPerSec === null ? '–' : formatBytesPerSec(p.bytesPerSec)),
    numeric: true,
  },
  {
    label: 'records/s',
    key: (p) => p.recordsPerSec,
    cell: (p) => (p.recordsPerSec === null ? '–' : p.recordsPerSec.toFixed(1)),
    numeric: true,
  },
  {
    label: 'of leader in',
    key: (p) => p.shareOfLeaderProduceIn,
    cell: (p) => (p.shareOfLeaderProduceIn === null ? '–' : formatPercent(p.shareOfLeaderProduceIn)),
    numeric: true,
    title: "share of its leader broker's produce-in: one partition should not take a broker's whole throughput",
  },
];
const HOT_SIZE_COLUMN = 3;
const HOT_RATE_COLUMN = 4;

export function tablesPanel(panel: SkewPanel): HTMLElement {
  const container = el('div', { class: 'panel', id: 'tables-panel' });
  const { report, ratesHint } = panel.current!;
  if (!report.topics.length) {
    container.append(el('p', { class: 'empty' }, 'This cluster has no topics.'));
    return container;
  }
  const topics = topicsWorstFirst(report.topics);
  const reveal = (row: { topic: string }) => revealLink(panel, row.topic);
  container.append(
    sortableTable({
      id: 'topics-table',
      caption: `Most skewed topics (${topics.length}; replicas max/mean = the topic's skew score)`,
      columns: TOPIC_COLUMNS,
      rows: topics,
      sortBy: { column: 3, descending: true },
      trailingCell: reveal,
    }),
  );
  if (report.hotPartitions.byWriteRate.length) {
    container.append(
      sortableTable({
        id: 'hot-rate-table',
        caption: `Hottest partitions by write rate (top ${report.hotPartitionCount})`,
        columns: HOT_COLUMNS,
        rows: report.hotPartitions.byWriteRate,
        sortBy: { column: HOT_RATE_COLUMN, descending: true },
        trailingCell: reveal,
      }),
    );
  } else {
    container.append(el('p', { class: 'empty' }, `Hottest partitions by write rate: ${ratesHint || 'no rates in this report.'}`));
  }
  container.append(
    sortableTable({
      id: 'hot-size-table',
      caption: `Largest partitions (top ${report.hotPartitionCount})`,
      columns: HOT_COLUMNS,
      rows: report.hotPartitions.bySize,
      sortBy: { column: HOT_SIZE_COLUMN, descending: true },
      trailingCell: reveal,
    }),
  );
  return container;
}
