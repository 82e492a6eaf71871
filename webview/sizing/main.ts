// The sizing report's browser side. Kafka: the four states as stacked bars (live traffic + catch-up replication
// against the binding resource's capacity, with the utilization ceiling), storage per broker over time against the
// 60 / 80 % alert lines, the recommendation, every number with an expandable "why" (formula, inputs, source), and
// Express vs Standard. Flink: parallelism, KPUs, state per KPU against memory and running storage, monthly cost, the
// autoscaling range. Data comes only from the host (protocol.ts); the DOM is built with textContent.

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
} from 'chart.js';
import type { ComparisonColumn, FlinkSizingReport, KafkaSizingReport, ReportNumber } from '../../src/core/sizing/report';
import { recommendedHeading, todayHeading, topicRetentionText } from '../../src/core/sizing/reportText';
import type { PublicSource, Source } from '../../src/core/sources';
import { formatBytes, formatNumber, formatPercent, formatUsd, plural } from '../../src/core/units';
import { applyChartTheme, solid, themeColor, useCharts } from '../common/charts';
import { cssVar, el, onHostMessage, onThemeChange, startPanel, statCard, type Child } from '../common/dom';
import { isHostToWebview, type SizingPanelState, type WebviewToHost } from './protocol';
import css from './sizing.css';

useCharts(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
const { vscode, app } = startPanel<WebviewToHost, SizingPanelState>(css);

let charts: Chart[] = [];
let redraw: (() => void) | undefined;

function present(...children: Child[]): (Node | string)[] {
  return children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false);
}

/** A public source: a link for a page (VS Code opens it in the browser), a talk by its name. */
function publicSource(s: PublicSource): Node {
  const section = s.section ? `, ${s.section}` : '';
  if (s.kind === 'talk') return document.createTextNode(`${s.event} session ${s.session}, "${s.title}"${section}`);
  return el('a', { href: s.url, title: s.url }, `${s.title}${section}`);
}

function publicList(from: readonly PublicSource[]): Child[] {
  return from.length ? ['; from ', ...from.flatMap((f, i) => (i ? ['; ', publicSource(f)] : [publicSource(f)]))] : [];
}

/** The source of a number, as the Markdown shows it, with links. */
function sourceNodes(s: Source): Child[] {
  switch (s.kind) {
    case 'url':
    case 'talk':
      return [publicSource(s)];
    case 'derived':
      return [`derived (our model): ${s.formula}`, ...publicList(s.from)];
    case 'default':
      return [`product default: ${s.why}`, ...publicList(s.from)];
    case 'input':
      return [s.what ? `input (${s.what})` : 'input'];
  }
}

/** "unverified: secondary source" next to a number whose source is not confirmed by a primary one. */
function unverifiedBadge(n: ReportNumber): HTMLElement | null {
  return n.unverified
    ? el('span', { class: 'unverified', title: 'Confirm against the linked primary source before relying on it.' }, n.unverified)
    : null;
}

/** One number with its expandable "why": the formula, the inputs and the source. */
function why(n: ReportNumber): HTMLElement {
  const inputs = n.inputsText;
  return el(
    'details',
    { class: 'why', id: `n-${n.id.replace(/[^A-Za-z0-9_-]/g, '_')}` },
    el('summary', {}, el('span', { class: 'why-label' }, n.label), unverifiedBadge(n), el('span', { class: 'why-value' }, n.text)),
    el(
      'div',
      { class: 'why-body' },
      el('div', {}, el('b', {}, 'Formula: '), n.formula),
      el('div', {}, el('b', {}, 'Inputs: '), inputs || '(none)'),
      el('div', { class: 'why-source' }, el('b', {}, 'Source: '), ...sourceNodes(n.source)),
    ),
  );
}

function header(title: string, subtitle: string): HTMLElement {
  return el(
    'div',
    { class: 'title-row' },
    el('div', {}, el('h1', {}, title), el('div', { class: 'subtitle' }, subtitle)),
    el('div', { class: 'actions' }, button('Copy as Markdown', 'copyMarkdown'), button('Save Inputs…', 'saveInputs', true)),
  );
}

function button(label: string, type: 'copyMarkdown' | 'saveInputs', secondary = false): HTMLElement {
  const b = el('vscode-button', { id: `action-${type}`, ...(secondary ? { secondary: '' } : {}) }, label);
  b.addEventListener('click', () => vscode.postMessage({ type }));
  return b;
}

function list(items: string[], cls: string): HTMLElement | null {
  return items.length ? el('ul', { class: cls }, ...items.map((t) => el('li', {}, t))) : null;
}

// ----- Kafka

function inputsTable(r: KafkaSizingReport): HTMLElement {
  return el(
    'table',
    { id: 'inputs' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Input'), el('th', {}, 'Value'), el('th', {}, 'From'))),
    el(
      'tbody',
      {},
      ...r.inputs.map((i) =>
        el('tr', {}, el('th', {}, i.label), el('td', {}, i.text), el('td', { class: 'muted' }, i.origin ?? 'entered')),
      ),
    ),
  );
}

function derivationTable(r: KafkaSizingReport): HTMLElement | null {
  const d = r.derivation;
  if (!d) return null;
  return el(
    'details',
    { id: 'derivation', open: '' },
    el(
      'summary',
      {},
      `Per topic, from ${d.cluster}${d.intervalSeconds !== null ? ` (write rates over ${formatNumber(d.intervalSeconds, 1)} s)` : ''}`,
    ),
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['Topic', 'Partitions', 'RF', 'Write rate', 'Retention', 'On the volumes', 'On disk today', 'How'].map((h) => el('th', {}, h)),
        ),
      ),
      el(
        'tbody',
        {},
        ...d.topics.map((t) =>
          el(
            'tr',
            {},
            el('td', {}, t.topic),
            el('td', {}, String(t.partitions)),
            el('td', {}, String(t.replicationFactor)),
            el('td', {}, t.writeBytesPerSec === null ? 'not measured' : `${formatNumber(t.writeBytesPerSec / 1e6, 6)} MB/s`),
            el('td', {}, topicRetentionText(t)),
            el('td', {}, formatBytes(t.storedBytes)),
            el('td', {}, formatBytes(t.todayBytes)),
            el('td', { class: 'muted' }, t.how),
          ),
        ),
      ),
    ),
    list(d.notes, 'notes'),
  );
}

function renderKafka(r: KafkaSizingReport, origin: string): void {
  const rec = r.recommendation;
  const t = r.today;
  app.replaceChildren(
    ...present(
      header(r.title, `Inputs from ${origin} · ceiling ${formatPercent(r.utilizationCeiling)}`),
      r.errors.length
        ? el('div', { class: 'errors', id: 'errors', role: 'alert' }, ...r.errors.map((e) => el('p', {}, el('b', {}, 'Error: '), e)))
        : null,
      t
        ? el(
            'div',
            { class: `today ${t.fits ? 'ok' : 'bad'}`, id: 'today' },
            el('b', {}, `${todayHeading(t)}: `),
            t.summary,
            el(
              'ul',
              {},
              ...t.states.map((s) => el('li', {}, `${s.label}: ${s.verdict}`)),
              t.storage ? el('li', {}, `Storage: ${t.storage}`) : null,
            ),
          )
        : null,
      el(
        'div',
        { class: `recommendation ${rec.found ? 'ok' : 'bad'}`, id: 'recommendation' },
        el('b', {}, `${recommendedHeading(r)}. `),
        rec.found ? `Because: ${rec.reason}` : rec.reason,
      ),
      el('h2', {}, 'Inputs'),
      inputsTable(r),
      derivationTable(r),
      el('h2', {}, `Four states at ${plural(r.brokerCount, 'broker')}${t ? ' (your cluster today)' : ' (the recommended count)'}`),
      el(
        'div',
        { class: 'stats' },
        ...r.states.map((s) =>
          statCard(
            `stat-${s.state}`,
            s.label,
            s.utilization === null ? 'n/a' : formatPercent(s.utilization),
            s.applicable
              ? `${s.withinCeiling ? 'within' : 'ABOVE'} the ceiling${s.binding ? ` · ${s.binding}` : ''}`
              : (s.reason ?? 'not modelled'),
          ),
        ),
      ),
      el(
        'div',
        { class: 'chart-box' },
        el('canvas', { id: 'chart-states', 'aria-label': 'Utilization of the binding resource in four states' }),
      ),
      list(
        r.states.filter((s) => s.reason).map((s) => s.reason!),
        'reasons',
      ),
      el('h2', {}, 'Storage per broker over time'),
      r.storage
        ? el('div', { class: 'chart-box' }, el('canvas', { id: 'chart-storage', 'aria-label': 'Storage per broker over time' }))
        : el('p', { class: 'muted' }, 'Express brokers manage storage: nothing to size.'),
      el('h2', {}, 'Every number and why'),
      el('div', { class: 'numbers' }, ...r.numbers.map(why)),
      el('h2', {}, 'Express vs Standard'),
      r.comparison ? comparisonTable(r) : el('p', { class: 'muted' }, r.comparisonNote ?? ''),
      r.warnings.length ? el('h2', {}, 'Warnings') : null,
      list(r.warnings, 'warnings'),
      list(r.notes, 'notes'),
    ),
  );
  redraw = () => drawKafkaCharts(r);
  redraw();
}

function partitions(c: ComparisonColumn): HTMLElement {
  return el(
    'span',
    {},
    `${c.partitionsRecommended.text} recommended, ${c.partitionsMax.text} max `,
    unverifiedBadge(c.partitionsRecommended),
  );
}

function comparisonTable(r: KafkaSizingReport): HTMLElement {
  const { standard: s, express: e } = r.comparison!;
  const row = (label: string, a: Child, b: Child) => el('tr', {}, el('th', {}, label), el('td', {}, a), el('td', {}, b));
  const count = (n: number | null) => (n === null ? 'none fits' : `${n} brokers`);
  return el(
    'table',
    { id: 'comparison' },
    el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, s.brokerTypeId), el('th', {}, e.brokerTypeId))),
    el(
      'tbody',
      {},
      row('Ingress per broker', why(s.perBrokerIngress), why(e.perBrokerIngress)),
      row('Egress per broker', why(s.perBrokerEgress), why(e.perBrokerEgress)),
      row('Partitions per broker', partitions(s), partitions(e)),
      row('Storage', s.storageNote, e.storageNote),
      row('Brokers for this workload', count(s.recommendedBrokers), count(e.recommendedBrokers)),
    ),
  );
}

function drawKafkaCharts(r: KafkaSizingReport): void {
  applyChartTheme();
  const live = solid(themeColor('blue'));
  const catchUp = solid(themeColor('purple'));
  // muted grey in both themes (editorWidget-border is near-white in dark themes and would dominate the bars)
  const headroom = solid(cssVar('--vscode-badge-background', '#616161'));
  const ceiling = solid(themeColor('error'));
  const warn = solid(themeColor('warning'));
  const labels = r.states.map((s) => s.label);
  const pct = (x: number) => Math.round(x * 1000) / 10;
  charts.push(
    new Chart(document.getElementById('chart-states') as HTMLCanvasElement, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { type: 'bar', label: 'live traffic', data: r.states.map((s) => pct(s.liveRatio)), backgroundColor: live, stack: 'u', order: 1 },
          {
            type: 'bar',
            label: 'catch-up replication',
            data: r.states.map((s) => pct(s.catchUpRatio)),
            backgroundColor: catchUp,
            stack: 'u',
            order: 1,
          },
          {
            type: 'bar',
            label: 'headroom to capacity',
            data: r.states.map((s) => pct(s.applicable ? Math.max(0, 1 - s.liveRatio - s.catchUpRatio) : 0)),
            backgroundColor: headroom,
            stack: 'u',
            order: 1,
          },
          {
            type: 'line',
            label: `ceiling ${pct(r.utilizationCeiling)} %`,
            data: r.states.map(() => pct(r.utilizationCeiling)),
            borderColor: ceiling,
            backgroundColor: ceiling,
            borderDash: [6, 4],
            pointRadius: 0,
            borderWidth: 2,
            order: 0,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, min: 0, suggestedMax: 100, title: { display: true, text: "% of the binding resource's capacity" } },
        },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Number(c.raw).toFixed(1)} %` } } },
      },
    }),
  );
  const st = r.storage;
  if (!st) return;
  const volumeLabel = st.volumeGiven ? `volume ${st.volumeGiB} GiB` : `suggested volume ${st.volumeGiB} GiB`;
  charts.push(
    new Chart(document.getElementById('chart-storage') as HTMLCanvasElement, {
      type: 'line',
      data: {
        labels: st.hours.map((h) => `${h} h`),
        datasets: [
          { label: 'used per broker (GiB)', data: st.usedGiB, borderColor: live, backgroundColor: live, pointRadius: 0, borderWidth: 2 },
          {
            label: `60 % of ${volumeLabel} (MSK alert)`,
            data: st.hours.map(() => st.warnGiB),
            borderColor: warn,
            backgroundColor: warn,
            borderDash: [6, 4],
            pointRadius: 0,
            borderWidth: 2,
          },
          {
            label: `80 % (action required)`,
            data: st.hours.map(() => st.actionGiB),
            borderColor: ceiling,
            backgroundColor: ceiling,
            borderDash: [6, 4],
            pointRadius: 0,
            borderWidth: 2,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { title: { display: true, text: 'hours from empty, at average ingress' }, ticks: { maxTicksLimit: 12 } },
          y: { min: 0, title: { display: true, text: 'GiB per broker' } },
        },
      },
    }),
  );
}

// ----- Flink

function renderFlink(r: FlinkSizingReport, origin: string): void {
  const n = (id: string) => r.numbers.find((x) => x.id === id);
  const steps = r.autoscaling.steps;
  app.replaceChildren(
    ...present(
      header(`Flink sizing: parallelism ${r.parallelism}, ${r.kpus} KPUs`, `Inputs from ${origin}`),
      el(
        'div',
        { class: 'stats' },
        statCard('stat-parallelism', 'Parallelism', String(r.parallelism), n('parallelism')!.formula),
        statCard('stat-kpus', 'KPUs', String(r.kpus), n('kpus')!.formula),
        statCard('stat-cost', 'Monthly cost', n('monthlyCost')!.text, n('monthlyCost')!.formula),
        statCard(
          'stat-autoscaling',
          'Autoscaling range',
          `${steps[0].kpus} to ${steps[steps.length - 1].kpus} KPUs`,
          `parallelism ${steps.map((s) => s.parallelism).join(' → ')}`,
        ),
      ),
      el('h2', {}, 'Memory and running storage per KPU vs state'),
      el(
        'div',
        { class: 'chart-box short' },
        el('canvas', { id: 'chart-kpu', 'aria-label': 'Memory and running storage per KPU against the state per KPU' }),
      ),
      r.perKpu.stateGB === null ? el('p', { class: 'muted' }, 'No state size given.') : null,
      el('h2', {}, 'Autoscaling range'),
      el(
        'table',
        { id: 'autoscaling' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Parallelism'), el('th', {}, 'KPUs'), el('th', {}, 'Monthly KPU cost'))),
        el(
          'tbody',
          {},
          ...steps.map((s) =>
            el(
              'tr',
              {},
              el('td', {}, `${s.parallelism}${s.cappedAtLimit ? ' (limit)' : ''}`),
              el('td', {}, String(s.kpus)),
              el('td', {}, formatUsd(s.monthlyKpuCostUsd)),
            ),
          ),
        ),
      ),
      list([r.autoscaling.scaleUpRule, r.autoscaling.scaleDownRule], 'notes'),
      el('p', { class: 'pricing', id: 'pricing-reading' }, el('b', {}, 'Pricing: '), r.pricingReading),
      el('h2', {}, 'Every number and why'),
      el('div', { class: 'numbers' }, ...r.numbers.map(why)),
      r.warnings.length ? el('h2', {}, 'Warnings') : null,
      list(r.warnings, 'warnings'),
      list(r.notes, 'notes'),
    ),
  );
  redraw = () => drawFlinkChart(r);
  redraw();
}

function drawFlinkChart(r: FlinkSizingReport): void {
  applyChartTheme();
  const memory = solid(themeColor('blue'));
  const storage = solid(themeColor('green'));
  const state = solid(r.perKpu.level === 'ok' || r.perKpu.level === null ? themeColor('purple') : themeColor('error'));
  charts.push(
    new Chart(document.getElementById('chart-kpu') as HTMLCanvasElement, {
      type: 'bar',
      data: {
        labels: ['memory per KPU', 'running storage per KPU', 'state per worker KPU'],
        datasets: [
          {
            label: 'GB',
            data: [r.perKpu.memoryGB, r.perKpu.runningStorageGB, r.perKpu.stateGB ?? 0],
            backgroundColor: [memory, storage, state],
          },
        ],
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { min: 0, title: { display: true, text: 'GB' } } },
      },
    }),
  );
}

// ----- messages

function clearCharts(): void {
  for (const c of charts) c.destroy();
  charts = [];
}

onHostMessage(isHostToWebview, (message) => {
  clearCharts();
  app.setAttribute('aria-busy', 'false');
  switch (message.type) {
    case 'kafkaReport':
      vscode.setState({ request: { kind: 'kafka', inputs: message.report.request } });
      renderKafka(message.report, message.origin);
      return;
    case 'flinkReport':
      vscode.setState({ request: { kind: 'flink', inputs: message.report.request } });
      renderFlink(message.report, message.origin);
      return;
    case 'error':
      redraw = undefined;
      app.replaceChildren(el('h1', {}, 'Sizing'), el('div', { class: 'error', role: 'alert' }, message.message));
      return;
  }
});

onThemeChange(() => {
  if (!redraw) return;
  clearCharts();
  redraw();
});

vscode.postMessage({ type: 'ready' });
