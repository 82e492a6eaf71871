// The plan view's browser side: before/after per broker as grouped bars (bytes, replicas, leaders) with the mean
// and the tolerance band, the summary numbers, unmet constraints and notes, a sortable table of moves, and the
// actions. Data comes only from the host (protocol.ts); the DOM is built with textContent, never from HTML strings.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartType,
} from 'chart.js';
import type { BrokerTotals } from '../../src/core/planner/plan';
import type { MetricChange } from '../../src/core/planner/summary';
import { formatBytes, formatCount, formatDuration, formatMBps, formatPercent, formatTolerance } from '../../src/core/units';
import { applyChartTheme, meanBandPlugin, solid, themeColor, useCharts, type MeanBandOptions } from '../common/charts';
import { renderConnection } from '../common/connection';
import { el, onHostMessage, onThemeChange, startPanel, statCard } from '../common/dom';
import { sortableTable, type SortableColumn, type SortOrder } from '../common/sortableTable';
import {
  isHostToWebview,
  type ExecutionStatusMessage,
  type MoveRow,
  type PlanPanelState,
  type ShowPlanMessage,
  type WebviewToHost,
} from './protocol';
import { executionSection } from './execution';
import { goalsSection } from './goals';
import css from './plan.css';

useCharts(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
const { vscode, app } = startPanel<WebviewToHost, PlanPanelState>(css);

type Metric = 'bytes' | 'replicas' | 'leaders';

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    planBand?: MeanBandOptions;
  }
}

/** The moves table's "bytes copied" column (MOVES_COLUMNS below): the largest moves first by default. */
const MOVES_BYTES_COLUMN = 3;

/** The panel's state, in one object: the plan shown, the execution status, the charts drawn, the moves' order. */
const view: { current?: ShowPlanMessage; execution?: ExecutionStatusMessage; charts: Chart[]; movesOrder: SortOrder } = {
  charts: [],
  movesOrder: { column: MOVES_BYTES_COLUMN, descending: true },
};

function formatValue(metric: Metric, value: number): string {
  return metric === 'bytes' ? formatBytes(value) : formatCount(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Charts: grouped bars before/after per broker; the mean (dashed) and the tolerance band of the brokers balanced over

const bandPlugin = meanBandPlugin('planBand', { edges: false });

function band(values: number[], tolerance: number): MeanBandOptions {
  if (!values.length) return { mean: null, lower: null, upper: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, lower: mean * (1 - tolerance), upper: mean * (1 + tolerance) };
}

function metricChart(canvas: HTMLCanvasElement, plan: ShowPlanMessage, metric: Metric): Chart<'bar'> {
  const ids = [...new Set([...plan.before, ...plan.after].map((b) => b.id))].sort((a, b) => a - b);
  const by = (list: BrokerTotals[]) => new Map(list.map((b) => [b.id, b]));
  const before = by(plan.before);
  const after = by(plan.after);
  const rack = (id: number) => after.get(id)?.rack ?? before.get(id)?.rack ?? null;
  const balanced = new Set(plan.brokers);
  const afterValues = ids.map((id) => after.get(id)?.[metric] ?? 0);
  const b = band(
    plan.brokers.map((id) => after.get(id)?.[metric] ?? 0),
    plan.tolerance,
  );
  const beforeColor = solid(themeColor('blue'));
  const afterColor = solid(themeColor('purple'));
  const outline = themeColor('error');
  const outside = (v: number, id: number) => balanced.has(id) && b.lower !== null && b.upper !== null && (v < b.lower || v > b.upper);
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: ids.map((id) => `${id}${rack(id) ? ` (${rack(id)})` : ''}${balanced.has(id) ? '' : ' ✕'}`),
      datasets: [
        { label: 'before', data: ids.map((id) => before.get(id)?.[metric] ?? 0), backgroundColor: beforeColor, maxBarThickness: 36 },
        {
          label: 'after',
          data: afterValues,
          backgroundColor: afterColor,
          borderColor: ids.map((id, i) => (outside(afterValues[i], id) ? outline : afterColor)),
          borderWidth: ids.map((id, i) => (outside(afterValues[i], id) ? 2 : 0)),
          maxBarThickness: 36,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: {
          title: { display: true, text: plan.request.goal === 'remove' ? 'broker (rack); ✕ = being drained' : 'broker (rack)' },
          grid: { display: false },
        },
        y: { beginAtZero: true, ticks: { callback: (v) => formatValue(metric, Number(v)), precision: metric === 'bytes' ? undefined : 0 } },
      },
      plugins: {
        planBand: b,
        legend: { position: 'top', align: 'end', labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const v = Number(item.raw);
              return `${item.dataset.label}: ${formatValue(metric, v)}${b.mean ? ` (${(v / b.mean).toFixed(2)}x the mean after, ${formatValue(metric, b.mean)})` : ''}`;
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

function button(label: string, type: WebviewToHost['type'], attrs: Record<string, string> = {}): HTMLElement {
  const b = el('vscode-button', { id: `action-${type}`, ...attrs }, label);
  b.addEventListener('click', () => vscode.postMessage({ type } as WebviewToHost));
  return b;
}

function header(plan: ShowPlanMessage): HTMLElement {
  const actions = el(
    'div',
    { class: 'actions' },
    button('Save plan JSON', 'savePlan', { title: "The plan in kafka-reassign-partitions.sh's JSON (--execute reads it unchanged)" }),
    button('Save rollback JSON', 'saveRollback', { secondary: '', title: 'The current assignment of every partition the plan moves' }),
    button('Open in editor', 'openInEditor', {
      secondary: '',
      title: 'The plan JSON in an untitled editor, reviewed against this cluster',
    }),
    plan.canExecute &&
      button('Execute…', 'execute', {
        title:
          plan.movesTotal === 0
            ? 'Nothing to execute: the plan moves nothing'
            : `Check the plan against a fresh snapshot of ${plan.cluster.label}, then run it (asks first)`,
        ...(plan.movesTotal === 0 || view.execution?.state === 'running' || view.execution?.state === 'checking' ? { disabled: '' } : {}),
      }),
  );
  return el(
    'header',
    {},
    el('div', { class: 'title-row' }, el('h1', {}, `Plan: ${plan.goalText} · ${plan.cluster.label}`), actions),
    el(
      'p',
      { class: 'meta' },
      `${plan.cluster.kind === 'demo' ? 'Demo data' : plan.cluster.kind === 'live' ? 'Live cluster snapshot' : 'Snapshot file'} · balanced over brokers ${plan.brokers.join(', ')} · tolerance ${formatTolerance(plan.tolerance)} of the mean`,
    ),
  );
}

function summary(plan: ShowPlanMessage): HTMLElement {
  const s = plan.summary;
  const ratio =
    s.movementRatio === null
      ? 'no lower bound: nothing had to move'
      : `${s.movementRatio.toFixed(3)} x the lower bound ${formatBytes(s.lowerBoundBytes)}`;
  return el(
    'section',
    { class: 'stats', 'aria-label': 'Summary' },
    statCard('stat-replicas', 'Replicas moved', String(s.replicasMoved), `in ${s.partitionsMoved} partitions`),
    statCard('stat-leaders', 'Leaders changed', String(s.leadersChanged), 'preferred leader (first replica)'),
    statCard('stat-bytes', 'Bytes moved', formatBytes(s.bytesMoved), ratio),
    statCard(
      'stat-duration',
      'Duration',
      formatDuration(s.estimatedSeconds),
      `at ${formatMBps(plan.request.throttleBytesPerSec)} per broker, ${s.batches} batch${s.batches === 1 ? '' : 'es'}`,
    ),
  );
}

function skewRow(m: MetricChange): HTMLElement {
  const fmt = (v: number | null) => (v === null ? '–' : formatValue(m.metric, v));
  const cell = (score: MetricChange['before']) =>
    `${fmt(score.min)} … ${fmt(score.max)} · max/mean ${score.maxOverMean?.toFixed(2) ?? '–'} · CV ${score.cv !== null ? formatPercent(score.cv) : '–'}`;
  return el(
    'tr',
    {},
    el('th', { scope: 'row' }, m.metric),
    el('td', {}, cell(m.before)),
    el('td', {}, cell(m.after)),
    el('td', { class: `status ${m.after.status}` }, m.after.status),
  );
}

function problems(plan: ShowPlanMessage): HTMLElement | null {
  const { unmet, notes } = plan.summary;
  if (!unmet.length && !notes.length) return null;
  return el(
    'section',
    { class: 'problems' },
    unmet.length > 0 &&
      el(
        'div',
        { class: 'callout error', role: 'alert', id: 'unmet' },
        el('h2', {}, `Unmet constraints (${unmet.length})`),
        el('ul', {}, ...unmet.map((u) => el('li', {}, u))),
      ),
    notes.length > 0 &&
      el('div', { class: 'callout info', id: 'notes' }, el('h2', {}, 'Notes'), el('ul', {}, ...notes.map((n) => el('li', {}, n)))),
  );
}

function replicas(before: number[], after: number[], side: 'before' | 'after'): HTMLElement {
  const list = side === 'before' ? before : after;
  const other = new Set(side === 'before' ? after : before);
  return el(
    'span',
    {},
    ...list.flatMap((b, i) => [
      i ? ', ' : '',
      other.has(b) ? String(b) : el('span', { class: side === 'before' ? 'removed' : 'added' }, String(b)),
    ]),
  );
}

const MOVES_COLUMNS: SortableColumn<MoveRow>[] = [
  { label: 'topic-partition', key: (m) => [m.topic, m.partition], cell: (m) => `${m.topic}-${m.partition}` },
  { label: 'before', key: (m) => m.before.join(','), cell: (m) => replicas(m.before, m.after, 'before') },
  {
    label: 'after',
    key: (m) => m.after.join(','),
    cell: (m) => [
      replicas(m.before, m.after, 'after'),
      m.leaderChanged ? el('span', { class: 'leader', title: 'the preferred leader changes' }, ' ★') : null,
    ],
  },
  { label: 'bytes copied', key: (m) => m.bytesCopied, cell: (m) => (m.bytesCopied ? formatBytes(m.bytesCopied) : '–'), numeric: true },
  { label: 'reason', key: (m) => m.reason, cell: (m) => m.reason },
];

function movesTable(plan: ShowPlanMessage): HTMLElement {
  const shown =
    plan.moves.length < plan.movesTotal
      ? `the ${plan.moves.length} largest of ${plan.movesTotal} moves (save the plan JSON for all)`
      : `${plan.movesTotal} partitions`;
  if (plan.movesTotal === 0) {
    return el(
      'section',
      { 'aria-label': 'Moves' },
      el('h2', {}, `Moves: ${shown}`),
      // the planner's headline: "Nothing to move" with every goal met, or which goal stays unmet and what blocks it
      el('p', { class: 'empty', id: 'nothing-to-move' }, plan.summary.headline),
    );
  }
  const table = sortableTable({
    id: 'moves',
    columns: MOVES_COLUMNS,
    rows: plan.moves,
    sortBy: view.movesOrder,
    // equal keys: by topic, then partition, whichever the direction
    tieBreak: (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition,
    // kept for the next render (an execution status redraws the page)
    onSort: (order) => (view.movesOrder = order),
  });
  return el('section', { 'aria-label': 'Moves' }, el('h2', {}, `Moves: ${shown}`), el('div', { class: 'table-wrap' }, table));
}

function destroyCharts(): void {
  for (const c of view.charts) c.destroy();
  view.charts = [];
}

function render(): void {
  destroyCharts();
  app.replaceChildren();
  app.removeAttribute('aria-busy');
  const plan = view.current;
  if (!plan) return;
  applyChartTheme();
  app.append(header(plan));
  const { execution } = view;
  if (execution) app.append(executionSection(execution));
  const problemSection = problems(plan);
  if (problemSection) app.append(problemSection);
  app.append(summary(plan));
  app.append(el('p', { class: 'meta' }, plan.throttleSource));

  const grid = el('section', { class: 'charts', 'aria-label': 'Before and after per broker' });
  const titles: Record<Metric, string> = {
    bytes: 'Replica bytes per broker',
    replicas: 'Replicas per broker',
    leaders: 'Preferred leaders per broker',
  };
  const canvases: [Metric, HTMLCanvasElement][] = [];
  for (const metric of ['bytes', 'replicas', 'leaders'] as Metric[]) {
    const canvas = el('canvas', { id: `chart-${metric}`, role: 'img', 'aria-label': `${titles[metric]}, before and after` });
    canvases.push([metric, canvas]);
    grid.append(el('figure', { class: 'card' }, el('figcaption', {}, titles[metric]), el('div', { class: 'chart-box' }, canvas)));
  }
  app.append(grid);
  app.append(
    el(
      'section',
      { 'aria-label': 'Skew before and after' },
      el('h2', {}, 'Skew before → after'),
      el(
        'table',
        { class: 'data skew' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', {}, 'metric'),
            el('th', {}, 'before (min … max)'),
            el('th', {}, 'after (min … max)'),
            el('th', {}, 'after'),
          ),
        ),
        el('tbody', {}, ...plan.summary.metrics.map(skewRow)),
      ),
    ),
  );
  const goals = plan.goals.length ? goalsSection(plan.goals, plan.ratesText, plan.capacityText) : undefined;
  if (goals) app.append(goals.section);
  app.append(movesTable(plan));
  for (const [metric, canvas] of canvases) view.charts.push(metricChart(canvas, plan, metric));
  if (goals) view.charts.push(...goals.draw());
}

function showError(message: string): void {
  destroyCharts();
  app.removeAttribute('aria-busy');
  app.replaceChildren(el('div', { class: 'callout error', role: 'alert', id: 'error' }, el('h2', {}, 'No plan'), el('p', {}, message)));
}

onHostMessage(isHostToWebview, (message) => {
  switch (message.type) {
    case 'plan':
      view.current = message;
      // a refusal was about the plan before this one (re-planned on a new snapshot)
      if (view.execution?.state === 'refused') view.execution = undefined;
      vscode.setState({ request: message.request });
      render();
      return;
    case 'execution':
      view.execution = message;
      render();
      return;
    case 'connection':
      // a restored panel waiting for its saved cluster: keep the request for the next reload
      view.current = undefined;
      destroyCharts();
      vscode.setState({ request: message.request });
      renderConnection(app, message, () => vscode.postMessage({ type: 'retryConnection' }));
      return;
    case 'error':
      showError(message.message);
      return;
  }
});

onThemeChange(() => view.current && render());

vscode.postMessage({ type: 'ready' });
