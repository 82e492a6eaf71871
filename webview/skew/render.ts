// The skew panel's page: the header with its actions, the folded verdicts, and three tabs (per broker charts, one
// topic's spread over brokers and racks, the tables). Built with textContent from the report, never from HTML strings.

import { formatMetricValue, topicsWorstFirst, type SkewReport, type TopicSkew } from '../../src/core/skew';
import { formatRatio, formatTolerance } from '../../src/core/units';
import { applyChartTheme, themeColor } from '../common/charts';
import { el, type Child } from '../common/dom';
import { barChart, exportPng, metricSeries, rackColors, topicSeries, type BarSeries, type RackColors } from './charts';
import type { SkewPanel } from './state';
import { tablesPanel } from './tables';

const ratio = (r: number | null) => formatRatio(r, '–');

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Draws the whole page from panel.current (empty when there is no report). */
export function render(panel: SkewPanel): void {
  const { app } = panel;
  panel.destroyCharts();
  app.replaceChildren();
  app.removeAttribute('aria-busy');
  const current = panel.current;
  if (!current) return;
  applyChartTheme();
  const { report } = current;
  const colors = rackColors(report);

  app.append(header(panel), verdicts(panel, report));
  const tabs = el('vscode-tabs', { 'selected-index': String(panel.view.tab ?? 0) });
  tabs.append(
    el('vscode-tab-header', { slot: 'header', 'data-tab': 'brokers' }, 'Brokers'),
    el('vscode-tab-panel', {}, brokersPanel(panel, colors)),
    el('vscode-tab-header', { slot: 'header', 'data-tab': 'topic' }, 'Per topic'),
    el('vscode-tab-panel', {}, topicPanel(panel, colors)),
    el('vscode-tab-header', { slot: 'header', 'data-tab': 'tables' }, 'Tables'),
    el('vscode-tab-panel', {}, tablesPanel(panel)),
  );
  tabs.addEventListener('vsc-tabs-select', (e) => {
    panel.view.tab = e.detail.selectedIndex;
    panel.save();
  });
  app.append(tabs);
  if (report.notes.length) {
    app.append(
      el(
        'section',
        { class: 'notes', 'aria-label': 'Notes' },
        el('h2', {}, 'Notes'),
        el('ul', {}, ...report.notes.map((n) => el('li', {}, n))),
      ),
    );
  }
  panel.save();
}

function header(panel: SkewPanel): HTMLElement {
  const msg = panel.current!;
  const { report, cluster } = msg;
  const { sampling } = panel;
  const rates = report.rates
    ? `rates over ${Number(report.rates.intervalSeconds.toFixed(1))} s since ${report.rates.fromTakenAt}`
    : 'no rates';
  const meta = `Snapshot ${report.takenAt} · ${plural(report.countedBrokers.length, 'broker')} · ${plural(report.topics.length, 'topic')} · ${rates} · balanced = every broker within ${formatTolerance(report.balanceTolerance)} of the mean (Cruise Control's balance threshold)`;
  const actions = el('div', { class: 'actions' });
  if (msg.canSample) {
    const sample = el(
      'vscode-button',
      { id: 'sample-rates', title: `Take two snapshots ${msg.sampleSeconds} s apart to measure write and replication rates` },
      sampling.active ? 'Sampling…' : `Sample rates (${msg.sampleSeconds} s)`,
    );
    if (sampling.active) sample.setAttribute('disabled', '');
    sample.addEventListener('click', () => panel.post({ type: 'sampleRates' }));
    actions.append(sample);
  }
  const csv = el('vscode-button', { id: 'export-csv', secondary: '' }, 'Export CSV…');
  csv.addEventListener('click', () => panel.post({ type: 'exportCsv' }));
  const png = el(
    'vscode-button',
    { id: 'export-png', secondary: '', title: 'Save the charts of the open tab as a PNG image' },
    'Export PNG…',
  );
  png.addEventListener('click', () => exportPng(panel));
  actions.append(csv, png);
  const status = sampling.message ? el('p', { class: 'status', role: 'status' }, sampling.message) : null;
  return el(
    'header',
    {},
    el('div', { class: 'title-row' }, el('h1', {}, `Skew — ${cluster.label}`), actions),
    el('p', { class: 'meta' }, meta),
    status,
  );
}

function statusBadge(status: string): HTMLElement {
  return el('span', { class: `badge ${status}` }, status);
}

/** One line per metric, folded by default (each chart card repeats its status and scores). */
function verdicts(panel: SkewPanel, report: SkewReport): HTMLElement {
  const count = (status: string) => report.metrics.filter((m) => m.status === status).length;
  const summary = `Verdicts: ${count('skewed')} skewed, ${count('balanced')} balanced${count('unavailable') ? `, ${count('unavailable')} not available` : ''}`;
  const details = el(
    'details',
    { class: 'verdicts', 'aria-label': 'Verdicts' },
    el('summary', {}, summary),
    el('ul', {}, ...report.metrics.map((m) => el('li', { 'data-metric': m.metric }, statusBadge(m.status), ' ', m.verdict))),
  );
  if (panel.view.verdictsOpen) details.open = true;
  details.addEventListener('toggle', () => (panel.view.verdictsOpen = details.open));
  return details;
}

function rackLegend(report: SkewReport, colors: RackColors): HTMLElement {
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
    el('span', { class: 'legend-item' }, band, `balanced band (${formatTolerance(report.balanceTolerance)})`),
    el('span', { class: 'legend-item' }, outside, 'outside the band'),
  );
  return legend;
}

/** A chart in a card with its title, status and scores; the chart is drawn once the card is on the page. */
function chartCard(panel: SkewPanel, series: BarSeries, subtitle: Child, status: string): HTMLElement {
  const canvas = el('canvas', { 'data-metric': series.metric, role: 'img', 'aria-label': `${series.title} per broker` });
  const card = el(
    'figure',
    { class: 'card', 'data-metric': series.metric },
    el(
      'figcaption',
      {},
      el('span', { class: 'card-title' }, series.title),
      ' ',
      statusBadge(status),
      el('span', { class: 'card-sub' }, subtitle),
    ),
    el('div', { class: 'chart' }, canvas),
  );
  queueMicrotask(() => panel.addChart(barChart(canvas, series)));
  return card;
}

function brokersPanel(panel: SkewPanel, colors: RackColors): HTMLElement {
  const msg = panel.current!;
  const { report } = msg;
  const container = el('div', { class: 'panel', id: 'brokers-panel' }, rackLegend(report, colors));
  if (!report.countedBrokers.length) {
    container.append(el('p', { class: 'empty' }, 'No broker can host data in this snapshot, so there is nothing to chart.'));
    return container;
  }
  const grid = el('div', { class: 'grid' });
  for (const m of report.metrics) {
    if (m.status === 'unavailable') {
      const why = (m.unit === 'bytesPerSec' && msg.ratesHint) || m.verdict;
      grid.append(
        el(
          'figure',
          { class: 'card unavailable', 'data-metric': m.metric },
          el('figcaption', {}, el('span', { class: 'card-title' }, m.label), ' ', statusBadge('unavailable')),
          el('p', { class: 'empty' }, why),
        ),
      );
      continue;
    }
    grid.append(
      chartCard(
        panel,
        metricSeries(report, m, colors),
        `max/mean ${ratio(m.maxOverMean)} · CV ${ratio(m.cv)} · mean ${m.mean === null ? '–' : formatMetricValue(m.unit, m.mean)}`,
        m.status,
      ),
    );
  }
  container.append(grid);
  return container;
}

function topicPanel(panel: SkewPanel, colors: RackColors): HTMLElement {
  const { report } = panel.current!;
  const container = el('div', { class: 'panel', id: 'topic-panel' });
  const topics = topicsWorstFirst(report.topics);
  if (!topics.length) {
    container.append(el('p', { class: 'empty' }, 'This cluster has no topics.'));
    return container;
  }
  const selected = topics.find((t) => t.topic === panel.view.topic) ?? topics[0];
  const select = el('vscode-single-select', { id: 'topic-select', combobox: '', 'aria-label': 'Topic' });
  for (const t of topics)
    select.append(el('vscode-option', { value: t.topic, description: `replicas max/mean ${ratio(t.score)}` }, t.topic));
  const body = el('div', { class: 'topic-body' });
  const show = (t: TopicSkew) => {
    panel.destroyCharts((c) => c.canvas.closest('#topic-panel') !== null);
    body.replaceChildren(topicDetails(panel, report, t, colors));
  };
  select.addEventListener('change', () => {
    const t = topics.find((x) => x.topic === select.value);
    if (!t) return;
    panel.view.topic = t.topic;
    panel.save();
    show(t);
  });
  container.append(el('div', { class: 'topic-pick' }, el('label', { for: 'topic-select' }, 'Topic (worst first)'), select), body);
  queueMicrotask(() => (select.value = selected.topic));
  show(selected);
  return container;
}

function topicDetails(panel: SkewPanel, report: SkewReport, t: TopicSkew, colors: RackColors): HTMLElement {
  const rackTable = el(
    'table',
    { class: 'data small' },
    el('thead', {}, el('tr', {}, el('th', {}, 'rack'), el('th', { class: 'num' }, 'replicas'), el('th', { class: 'num' }, 'leaders'))),
    el(
      'tbody',
      {},
      ...t.racks.map((r) =>
        el(
          'tr',
          {},
          el('td', {}, r.rack ?? 'no rack'),
          el('td', { class: 'num' }, String(r.replicas)),
          el('td', { class: 'num' }, String(r.leaders)),
        ),
      ),
    ),
  );
  const shared = t.rackSharedPartitions.length
    ? el(
        'ul',
        { class: 'shared' },
        ...t.rackSharedPartitions
          .slice(0, 20)
          .map((p) =>
            el(
              'li',
              {},
              `partition ${p.partition}: replicas ${p.replicas.join(', ')} on racks ${p.racks.join(', ')}${p.avoidable ? '' : ' (unavoidable: RF > racks)'}`,
            ),
          ),
      )
    : null;
  return el(
    'div',
    {},
    el(
      'p',
      { class: 'verdict' },
      statusBadge(
        t.rackStatus === 'shared'
          ? 'skewed'
          : t.replicaSkew.status === 'skewed' || t.leaderSkew.status === 'skewed'
            ? 'skewed'
            : 'balanced',
      ),
      ' ',
      t.verdict,
    ),
    el(
      'p',
      { class: 'meta' },
      `${t.partitions} partitions · replication factor ${t.replicationFactor}${t.offlinePartitions ? ` · ${t.offlinePartitions} offline` : ''}${t.replicasOnUncountedBrokers ? ` · ${t.replicasOnUncountedBrokers} replicas on brokers not counted` : ''}`,
    ),
    el(
      'div',
      { class: 'grid' },
      chartCard(
        panel,
        topicSeries(report, t, 'replicas', colors),
        `max/mean ${ratio(t.replicaSkew.maxOverMean)} · CV ${ratio(t.replicaSkew.cv)}`,
        t.replicaSkew.status,
      ),
      chartCard(
        panel,
        topicSeries(report, t, 'leaders', colors),
        `max/mean ${ratio(t.leaderSkew.maxOverMean)} · CV ${ratio(t.leaderSkew.cv)}`,
        t.leaderSkew.status,
      ),
    ),
    el('h2', {}, 'Per rack'),
    rackTable,
    shared,
  );
}
