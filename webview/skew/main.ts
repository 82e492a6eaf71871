// The skew panel's browser side: bar charts per broker (mean and balanced band drawn, bars colored by rack),
// a per-topic view, sortable tables of skewed topics and hot partitions, sampling and export actions.
// Data comes only from the host (protocol.ts); the DOM is built with textContent, never from HTML strings.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartType } from 'chart.js';
import type { HotPartition, MetricSkew, SkewReport, SkewScore, SkewUnit, TopicSkew } from '../../src/core/skew';
import { formatMetricValue } from '../../src/core/skew';
import { formatBytes, formatBytesPerSec, formatPercent } from '../../src/core/units';
import { applyChartTheme, meanBandPlugin, themeColor, useCharts, type MeanBandOptions, type ThemeColor } from '../shared/charts';
import { cssVar, el, onHostMessage, onThemeChange, startPanel, type Child } from '../shared/dom';
import { tolerancePercent } from '../shared/format';
import { isHostToWebview, isSkewPanelState, type ShowReportMessage, type SkewPanelState, type WebviewToHost } from './protocol';
import css from './skew.css';

useCharts(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
const { vscode, app } = startPanel<WebviewToHost, SkewPanelState & ViewState>(css);

interface ViewState {
  tab?: number;
  topic?: string;
  verdictsOpen?: boolean;
}

/** The band's options also carry the unit (read back by the e2e tests with the band). */
interface SkewBandOptions extends MeanBandOptions {
  unit: SkewUnit;
}
declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    skewBand?: SkewBandOptions;
  }
}

let current: ShowReportMessage | undefined;
let charts: Chart[] = [];
let sampling: { active: boolean; message: string } = { active: false, message: '' };
const saved = vscode.getState();
const view: ViewState = isSkewPanelState(saved) ? { tab: (saved as ViewState).tab, topic: (saved as ViewState).topic } : {};

// ---------------------------------------------------------------------------------------------------------------
// Number formatting

function ratio(r: number | null): string {
  return r === null ? '–' : String(Number(r.toFixed(2)));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Theme: rack colors and chart colors come from the theme's --vscode-charts-* variables.

// Red is left out: it marks brokers outside the band. Orange comes late: some themes define it translucent.
const RACK_COLORS: ThemeColor[] = ['blue', 'purple', 'green', 'yellow', 'orange'];

function rackColors(report: SkewReport): Map<string | null, string> {
  const racks = [...new Set(report.brokers.map((b) => b.rack))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  return new Map(racks.map((r, i) => [r, r === null ? cssVar('--vscode-disabledForeground', '#888888') : themeColor(RACK_COLORS[i % RACK_COLORS.length])]));
}

/** Brokers on the x axis grouped by rack, then by id. */
function brokerOrder(report: SkewReport): { broker: number; rack: string | null }[] {
  return report.brokers
    .filter((b) => b.counted)
    .map((b) => ({ broker: b.broker, rack: b.rack }))
    .sort((x, y) => (x.rack ?? '\uffff').localeCompare(y.rack ?? '\uffff') || x.broker - y.broker);
}

// The mean (dashed), the balanced band and its limits (dotted), as chart.options.plugins.skewBand says.
const bandPlugin = meanBandPlugin('skewBand', { edges: true });

interface BarSeries {
  title: string;
  metric: string;
  unit: SkewUnit;
  labels: string[];
  values: number[];
  colors: string[];
  /** Brokers outside the band get an outlined bar. */
  outside: boolean[];
  score: Pick<SkewScore, 'mean' | 'lowerLimit' | 'upperLimit'>;
}

function barChart(canvas: HTMLCanvasElement, s: BarSeries): Chart<'bar'> {
  const outline = themeColor('error');
  const suggestedMax = Math.max(s.score.upperLimit ?? 0, ...s.values) * 1.08 || 1;
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: s.labels,
      datasets: [
        {
          label: s.title,
          data: s.values,
          backgroundColor: s.colors,
          borderColor: s.outside.map((o, i) => (o ? outline : s.colors[i])),
          borderWidth: s.outside.map((o) => (o ? 2 : 0)),
          maxBarThickness: 48,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: 'broker (rack)' }, grid: { display: false } },
        y: {
          beginAtZero: true,
          suggestedMax,
          // whole steps for counts, bytes and bytes/s: no "0 B, 0 B, 1 B" ticks on small or all-zero values
          ticks: { callback: (v) => formatMetricValue(s.unit, Number(v)), precision: s.unit === 'ratio' ? undefined : 0 },
        },
      },
      plugins: {
        skewBand: { mean: s.score.mean, lower: s.score.lowerLimit, upper: s.score.upperLimit, unit: s.unit },
        tooltip: {
          callbacks: {
            label: (item) => {
              const v = Number(item.raw);
              const mean = s.score.mean;
              return `${formatMetricValue(s.unit, v)}${mean ? ` (${ratio(v / mean)}x the mean ${formatMetricValue(s.unit, mean)})` : ''}`;
            },
          },
        },
      },
    },
    plugins: [bandPlugin],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

function render(): void {
  for (const c of charts) c.destroy();
  charts = [];
  app.replaceChildren();
  app.removeAttribute('aria-busy');
  if (!current) return;
  applyChartTheme();
  const { report, cluster } = current;
  const colors = rackColors(report);

  app.append(header(current), verdicts(report));
  const tabs = el('vscode-tabs', { 'selected-index': String(view.tab ?? 0) });
  tabs.append(
    el('vscode-tab-header', { slot: 'header', 'data-tab': 'brokers' }, 'Brokers'),
    el('vscode-tab-panel', {}, brokersPanel(current, colors)),
    el('vscode-tab-header', { slot: 'header', 'data-tab': 'topic' }, 'Per topic'),
    el('vscode-tab-panel', {}, topicPanel(report, colors)),
    el('vscode-tab-header', { slot: 'header', 'data-tab': 'tables' }, 'Tables'),
    el('vscode-tab-panel', {}, tablesPanel(report)),
  );
  tabs.addEventListener('vsc-tabs-select', (e) => {
    view.tab = e.detail.selectedIndex;
    saveState(cluster.id);
  });
  app.append(tabs);
  if (report.notes.length) {
    app.append(el('section', { class: 'notes', 'aria-label': 'Notes' }, el('h2', {}, 'Notes'), el('ul', {}, ...report.notes.map((n) => el('li', {}, n)))));
  }
  saveState(cluster.id);
}

function saveState(clusterId: string): void {
  vscode.setState({ clusterId, tab: view.tab, topic: view.topic });
}

function header(msg: ShowReportMessage): HTMLElement {
  const { report, cluster } = msg;
  const rates = report.rates
    ? `rates over ${Number(report.rates.intervalSeconds.toFixed(1))} s since ${report.rates.fromTakenAt}`
    : 'no rates';
  const meta = `Snapshot ${report.takenAt} · ${plural(report.countedBrokers.length, 'broker')} · ${plural(report.topics.length, 'topic')} · ${rates} · balanced = every broker within ${tolerancePercent(report.balanceTolerance)} of the mean (Cruise Control's balance threshold)`;
  const actions = el('div', { class: 'actions' });
  if (msg.canSample) {
    const sample = el('vscode-button', { id: 'sample-rates', title: `Take two snapshots ${msg.sampleSeconds} s apart to measure write and replication rates` }, sampling.active ? 'Sampling…' : `Sample rates (${msg.sampleSeconds} s)`);
    if (sampling.active) sample.setAttribute('disabled', '');
    sample.addEventListener('click', () => vscode.postMessage({ type: 'sampleRates' }));
    actions.append(sample);
  }
  const csv = el('vscode-button', { id: 'export-csv', secondary: '' }, 'Export CSV…');
  csv.addEventListener('click', () => vscode.postMessage({ type: 'exportCsv' }));
  const png = el('vscode-button', { id: 'export-png', secondary: '', title: 'Save the charts of the open tab as a PNG image' }, 'Export PNG…');
  png.addEventListener('click', () => exportPng());
  actions.append(csv, png);
  const status = sampling.message ? el('p', { class: 'status', role: 'status' }, sampling.message) : null;
  return el('header', {}, el('div', { class: 'title-row' }, el('h1', {}, `Skew — ${cluster.label}`), actions), el('p', { class: 'meta' }, meta), status);
}

function statusBadge(status: string): HTMLElement {
  return el('span', { class: `badge ${status}` }, status);
}

/** One line per metric, folded by default (each chart card repeats its status and scores). */
function verdicts(report: SkewReport): HTMLElement {
  const count = (status: string) => report.metrics.filter((m) => m.status === status).length;
  const summary = `Verdicts: ${count('skewed')} skewed, ${count('balanced')} balanced${count('unavailable') ? `, ${count('unavailable')} not available` : ''}`;
  const details = el(
    'details',
    { class: 'verdicts', 'aria-label': 'Verdicts' },
    el('summary', {}, summary),
    el('ul', {}, ...report.metrics.map((m) => el('li', { 'data-metric': m.metric }, statusBadge(m.status), ' ', m.verdict))),
  );
  if (view.verdictsOpen) details.open = true;
  details.addEventListener('toggle', () => (view.verdictsOpen = details.open));
  return details;
}

function rackLegend(report: SkewReport, colors: Map<string | null, string>): HTMLElement {
  const legend = el('div', { class: 'legend', 'aria-label': 'Legend' });
  for (const [rack, color] of colors) {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = color;
    legend.append(el('span', { class: 'legend-item' }, swatch, rack === null ? 'no rack' : `rack ${rack}`));
  }
  const band = el('span', { class: 'swatch band' });
  band.style.background = themeColor('green');
  const mean = el('span', { class: 'swatch mean' });
  const outside = el('span', { class: 'swatch outside' });
  legend.append(
    el('span', { class: 'legend-item' }, mean, 'mean'),
    el('span', { class: 'legend-item' }, band, `balanced band (${tolerancePercent(report.balanceTolerance)})`),
    el('span', { class: 'legend-item' }, outside, 'outside the band'),
  );
  return legend;
}

function chartCard(series: BarSeries, subtitle: Child, status: string): HTMLElement {
  const canvas = el('canvas', { 'data-metric': series.metric, role: 'img', 'aria-label': `${series.title} per broker` });
  const card = el('figure', { class: 'card', 'data-metric': series.metric }, el('figcaption', {}, el('span', { class: 'card-title' }, series.title), ' ', statusBadge(status), el('span', { class: 'card-sub' }, subtitle)), el('div', { class: 'chart' }, canvas));
  queueMicrotask(() => charts.push(barChart(canvas, series)));
  return card;
}

function metricSeries(report: SkewReport, m: MetricSkew, colors: Map<string | null, string>): BarSeries {
  const order = brokerOrder(report);
  const row = new Map(report.brokers.map((b) => [b.broker, b]));
  const value = (id: number): number => {
    const b = row.get(id)!;
    switch (m.metric) {
      case 'replicas': return b.replicas;
      case 'leaders': return b.leaders;
      case 'bytes': return b.replicaBytes;
      case 'diskUsed': return b.diskUsedRatio ?? 0;
      case 'produceIn': return b.produceInBytesPerSec ?? 0;
      case 'replicationIn': return b.replicationInBytesPerSec ?? 0;
      case 'replicationOut': return b.replicationOutBytesPerSec ?? 0;
    }
  };
  return {
    title: m.label,
    metric: m.metric,
    unit: m.unit,
    labels: order.map((b) => `${b.broker} (${b.rack ?? '–'})`),
    values: order.map((b) => value(b.broker)),
    colors: order.map((b) => colors.get(b.rack)!),
    outside: order.map((b) => m.aboveUpper.includes(b.broker) || m.belowLower.includes(b.broker)),
    score: m,
  };
}

function brokersPanel(msg: ShowReportMessage, colors: Map<string | null, string>): HTMLElement {
  const { report } = msg;
  const panel = el('div', { class: 'panel', id: 'brokers-panel' }, rackLegend(report, colors));
  if (!report.countedBrokers.length) {
    panel.append(el('p', { class: 'empty' }, 'No broker can host data in this snapshot, so there is nothing to chart.'));
    return panel;
  }
  const grid = el('div', { class: 'grid' });
  for (const m of report.metrics) {
    if (m.status === 'unavailable') {
      const why = (m.unit === 'bytesPerSec' && msg.ratesHint) || m.verdict;
      grid.append(el('figure', { class: 'card unavailable', 'data-metric': m.metric }, el('figcaption', {}, el('span', { class: 'card-title' }, m.label), ' ', statusBadge('unavailable')), el('p', { class: 'empty' }, why)));
      continue;
    }
    grid.append(chartCard(metricSeries(report, m, colors), `max/mean ${ratio(m.maxOverMean)} · CV ${ratio(m.cv)} · mean ${m.mean === null ? '–' : formatMetricValue(m.unit, m.mean)}`, m.status));
  }
  panel.append(grid);
  return panel;
}

function topicOrder(report: SkewReport): TopicSkew[] {
  const flagged = (t: TopicSkew) => (t.replicaSkew.status === 'skewed' || t.leaderSkew.status === 'skewed' || t.rackStatus === 'shared' ? 1 : 0);
  return [...report.topics].sort((x, y) => flagged(y) - flagged(x) || (y.score ?? 0) - (x.score ?? 0) || x.topic.localeCompare(y.topic));
}

function topicPanel(report: SkewReport, colors: Map<string | null, string>): HTMLElement {
  const panel = el('div', { class: 'panel', id: 'topic-panel' });
  const topics = topicOrder(report);
  if (!topics.length) {
    panel.append(el('p', { class: 'empty' }, 'This cluster has no topics.'));
    return panel;
  }
  const selected = topics.find((t) => t.topic === view.topic) ?? topics[0];
  const select = el('vscode-single-select', { id: 'topic-select', combobox: '', 'aria-label': 'Topic' });
  for (const t of topics) select.append(el('vscode-option', { value: t.topic, description: `replicas max/mean ${ratio(t.score)}` }, t.topic));
  const body = el('div', { class: 'topic-body' });
  const show = (t: TopicSkew) => {
    for (const c of charts.filter((c) => c.canvas.closest('#topic-panel'))) c.destroy();
    charts = charts.filter((c) => !c.canvas.closest('#topic-panel') && c.canvas.isConnected);
    body.replaceChildren(topicDetails(report, t, colors));
  };
  select.addEventListener('change', () => {
    const t = topics.find((x) => x.topic === select.value);
    if (!t) return;
    view.topic = t.topic;
    if (current) saveState(current.cluster.id);
    show(t);
  });
  panel.append(el('div', { class: 'topic-pick' }, el('label', { for: 'topic-select' }, 'Topic (worst first)'), select), body);
  queueMicrotask(() => (select.value = selected.topic));
  show(selected);
  return panel;
}

function topicDetails(report: SkewReport, t: TopicSkew, colors: Map<string | null, string>): HTMLElement {
  const order = brokerOrder(report);
  const spread = new Map(t.brokers.map((b) => [b.broker, b]));
  const series = (what: 'replicas' | 'leaders', s: SkewScore): BarSeries => ({
    title: `${what} of ${t.topic}`,
    metric: `topic-${what}`,
    unit: 'count',
    labels: order.map((b) => `${b.broker} (${b.rack ?? '–'})`),
    values: order.map((b) => spread.get(b.broker)?.[what] ?? 0),
    colors: order.map((b) => colors.get(b.rack)!),
    outside: order.map((b) => s.aboveUpper.includes(b.broker) || s.belowLower.includes(b.broker)),
    score: s,
  });
  const rackTable = el(
    'table',
    { class: 'data small' },
    el('thead', {}, el('tr', {}, el('th', {}, 'rack'), el('th', { class: 'num' }, 'replicas'), el('th', { class: 'num' }, 'leaders'))),
    el('tbody', {}, ...t.racks.map((r) => el('tr', {}, el('td', {}, r.rack ?? 'no rack'), el('td', { class: 'num' }, String(r.replicas)), el('td', { class: 'num' }, String(r.leaders))))),
  );
  const shared = t.rackSharedPartitions.length
    ? el('ul', { class: 'shared' }, ...t.rackSharedPartitions.slice(0, 20).map((p) => el('li', {}, `partition ${p.partition}: replicas ${p.replicas.join(', ')} on racks ${p.racks.join(', ')}${p.avoidable ? '' : ' (unavoidable: RF > racks)'}`)))
    : null;
  return el(
    'div',
    {},
    el('p', { class: 'verdict' }, statusBadge(t.rackStatus === 'shared' ? 'skewed' : t.replicaSkew.status === 'skewed' || t.leaderSkew.status === 'skewed' ? 'skewed' : 'balanced'), ' ', t.verdict),
    el('p', { class: 'meta' }, `${t.partitions} partitions · replication factor ${t.replicationFactor}${t.offlinePartitions ? ` · ${t.offlinePartitions} offline` : ''}${t.replicasOnUncountedBrokers ? ` · ${t.replicasOnUncountedBrokers} replicas on brokers not counted` : ''}`),
    el(
      'div',
      { class: 'grid' },
      chartCard(series('replicas', t.replicaSkew), `max/mean ${ratio(t.replicaSkew.maxOverMean)} · CV ${ratio(t.replicaSkew.cv)}`, t.replicaSkew.status),
      chartCard(series('leaders', t.leaderSkew), `max/mean ${ratio(t.leaderSkew.maxOverMean)} · CV ${ratio(t.leaderSkew.cv)}`, t.leaderSkew.status),
    ),
    el('h2', {}, 'Per rack'),
    rackTable,
    shared,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Sortable tables

interface Column<T> {
  label: string;
  /** Sort key; null sorts last. */
  key: (row: T) => string | number | null;
  text: (row: T) => string;
  numeric?: boolean;
  title?: string;
}

function sortableTable<T>(id: string, caption: string, columns: Column<T>[], rows: T[], topicOf: (row: T) => string, initial: { column: number; descending: boolean }): HTMLElement {
  let sortBy = initial;
  const tbody = el('tbody');
  const headers = columns.map((c, i) => {
    const button = el('button', { type: 'button', class: 'sort', title: c.title ?? `Sort by ${c.label}` }, c.label);
    button.addEventListener('click', () => {
      sortBy = { column: i, descending: sortBy.column === i ? !sortBy.descending : !!c.numeric };
      fill();
    });
    return el('th', { class: c.numeric ? 'num' : '', scope: 'col' }, button);
  });
  const fill = () => {
    const col = columns[sortBy.column];
    const sorted = [...rows].sort((a, b) => {
      const x = col.key(a);
      const y = col.key(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sortBy.descending ? -cmp : cmp;
    });
    headers.forEach((h, i) => h.setAttribute('aria-sort', i === sortBy.column ? (sortBy.descending ? 'descending' : 'ascending') : 'none'));
    tbody.replaceChildren(
      ...sorted.map((row) => {
        const reveal = el('button', { type: 'button', class: 'link', title: `Reveal ${topicOf(row)} in the Clusters view` }, 'Reveal');
        reveal.addEventListener('click', () => vscode.postMessage({ type: 'revealTopic', topic: topicOf(row) }));
        return el('tr', {}, ...columns.map((c) => el('td', { class: c.numeric ? 'num' : '' }, c.text(row))), el('td', {}, reveal));
      }),
    );
  };
  fill();
  return el('table', { class: 'data', id }, el('caption', {}, caption), el('thead', {}, el('tr', {}, ...headers, el('th', { scope: 'col' }, ''))), tbody);
}

function tablesPanel(report: SkewReport): HTMLElement {
  const panel = el('div', { class: 'panel', id: 'tables-panel' });
  if (!report.topics.length) {
    panel.append(el('p', { class: 'empty' }, 'This cluster has no topics.'));
    return panel;
  }
  const topics = topicOrder(report);
  const status = (t: TopicSkew) => (t.replicaSkew.status === 'skewed' || t.leaderSkew.status === 'skewed' ? 'skewed' : t.replicaSkew.status);
  panel.append(
    sortableTable<TopicSkew>(
      'topics-table',
      `Most skewed topics (${topics.length}; replicas max/mean = the topic's skew score)`,
      [
        { label: 'topic', key: (t) => t.topic, text: (t) => t.topic },
        { label: 'partitions', key: (t) => t.partitions, text: (t) => String(t.partitions), numeric: true },
        { label: 'RF', key: (t) => t.replicationFactor, text: (t) => String(t.replicationFactor), numeric: true, title: 'replication factor' },
        { label: 'replicas max/mean', key: (t) => t.replicaSkew.maxOverMean, text: (t) => ratio(t.replicaSkew.maxOverMean), numeric: true },
        { label: 'replicas CV', key: (t) => t.replicaSkew.cv, text: (t) => ratio(t.replicaSkew.cv), numeric: true, title: 'coefficient of variation: standard deviation / mean' },
        { label: 'leaders max/mean', key: (t) => t.leaderSkew.maxOverMean, text: (t) => ratio(t.leaderSkew.maxOverMean), numeric: true },
        { label: 'spread', key: status, text: status },
        { label: 'racks', key: (t) => t.rackStatus, text: (t) => t.rackStatus },
      ],
      topics,
      (t) => t.topic,
      { column: 3, descending: true },
    ),
  );
  const hotColumns: Column<HotPartition>[] = [
    { label: 'partition', key: (p) => `${p.topic}-${String(p.partition).padStart(6, '0')}`, text: (p) => `${p.topic}-${p.partition}` },
    { label: 'leader', key: (p) => p.leader, text: (p) => (p.leader < 0 ? 'none' : String(p.leader)), numeric: true },
    { label: 'replicas', key: (p) => p.replicas.join(','), text: (p) => p.replicas.join(', ') },
    { label: 'size', key: (p) => p.bytes, text: (p) => formatBytes(p.bytes), numeric: true, title: "leader's log size (else the largest replica)" },
    { label: 'write rate', key: (p) => p.bytesPerSec, text: (p) => (p.bytesPerSec === null ? '–' : formatBytesPerSec(p.bytesPerSec)), numeric: true },
    { label: 'records/s', key: (p) => p.recordsPerSec, text: (p) => (p.recordsPerSec === null ? '–' : p.recordsPerSec.toFixed(1)), numeric: true },
    { label: 'of leader in', key: (p) => p.shareOfLeaderProduceIn, text: (p) => (p.shareOfLeaderProduceIn === null ? '–' : formatPercent(p.shareOfLeaderProduceIn)), numeric: true, title: "share of its leader broker's produce-in: one partition should not take a broker's whole throughput" },
  ];
  if (report.hotPartitions.byWriteRate.length) {
    panel.append(sortableTable('hot-rate-table', `Hottest partitions by write rate (top ${report.hotPartitionCount})`, hotColumns, report.hotPartitions.byWriteRate, (p) => p.topic, { column: 4, descending: true }));
  } else {
    panel.append(el('p', { class: 'empty' }, `Hottest partitions by write rate: ${current?.ratesHint || 'no rates in this report.'}`));
  }
  panel.append(sortableTable('hot-size-table', `Largest partitions (top ${report.hotPartitionCount})`, hotColumns, report.hotPartitions.bySize, (p) => p.topic, { column: 3, descending: true }));
  return panel;
}

// ---------------------------------------------------------------------------------------------------------------
// PNG export: the charts of the visible tab, drawn at their on-screen positions with their titles.

function exportPng(): void {
  const panels = [...document.querySelectorAll<HTMLElement>('vscode-tab-panel')].filter((p) => p.offsetParent !== null);
  const panel = panels[0];
  const cards = panel ? [...panel.querySelectorAll<HTMLElement>('figure.card')].filter((c) => c.querySelector('canvas')) : [];
  if (!panel || !cards.length || !current) return;
  const origin = panel.getBoundingClientRect();
  const scale = window.devicePixelRatio || 1;
  const rects = cards.map((c) => c.getBoundingClientRect());
  const width = Math.max(...rects.map((r) => r.right - origin.left)) + 8;
  const height = Math.max(...rects.map((r) => r.bottom - origin.top)) + 8;
  const out = document.createElement('canvas');
  out.width = Math.ceil(width * scale);
  out.height = Math.ceil(height * scale);
  const ctx = out.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = cssVar('--vscode-editor-background', '#1e1e1e');
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = themeColor('foreground');
  ctx.font = `13px ${cssVar('--vscode-font-family', 'sans-serif')}`;
  cards.forEach((card, i) => {
    const r = rects[i];
    // the caption's parts (title, status, max/mean · CV · mean) with spaces between, as they read on screen
    const caption = [...(card.querySelector('figcaption')?.children ?? [])].map((part) => part.textContent?.trim()).filter(Boolean).join('  ');
    ctx.fillText(caption, r.left - origin.left + 4, r.top - origin.top + 16);
    const canvas = card.querySelector('canvas')!;
    const cr = canvas.getBoundingClientRect();
    ctx.drawImage(canvas, cr.left - origin.left, cr.top - origin.top, cr.width, cr.height);
  });
  // name the file after the visible tab (brokers, topic): its header carries data-tab
  const headers = [...document.querySelectorAll<HTMLElement>('vscode-tab-header')];
  const tab = headers[view.tab ?? 0]?.dataset.tab ?? 'charts';
  vscode.postMessage({ type: 'exportPng', dataUrl: out.toDataURL('image/png'), name: `skew-${current.report.cluster}-${tab}` });
}

// ---------------------------------------------------------------------------------------------------------------
// Messages and theme changes

onHostMessage(isHostToWebview, (msg) => {
  switch (msg.type) {
    case 'report':
      current = msg;
      if (!sampling.active) sampling.message = '';
      render();
      break;
    case 'sampling':
      sampling = { active: msg.state === 'started', message: msg.message ?? '' };
      if (current) render();
      break;
    case 'error':
      app.removeAttribute('aria-busy');
      app.replaceChildren(el('div', { class: 'error', role: 'alert' }, msg.message));
      current = undefined;
      break;
  }
});

onThemeChange(() => {
  if (current) render();
});

vscode.postMessage({ type: 'ready' });
