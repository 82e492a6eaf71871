// The failure simulation panel's browser side: the scenario controls, the one-line verdict with its two actions, the
// per-broker bars before and after failover against the capacity line (the ceiling), the partitions that go offline or
// under min.insync.replicas (each with Reveal), the per-broker table, the catch-up timeline, notes and sources.
// Data comes only from the host (protocol.ts); the DOM is built with textContent, never from HTML strings.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartType } from 'chart.js';
import {
  RESOURCE_LABELS,
  formatDuration,
  type BrokerOutcome,
  type FailureSimulation,
  type PartitionOutcome,
  type Resource,
  type ResourceUse,
} from '../../src/core/simulation/failure';
import { sourceText } from '../../src/core/sources';
import { formatBytes, formatBytesPerSec, formatPercent, plural } from '../../src/core/units';
import { applyChartTheme, meanBandPlugin, solid, themeColor, useCharts, type MeanBandOptions } from '../common/charts';
import { cssVar, el, onHostMessage, onThemeChange, startPanel, statCard } from '../common/dom';
import {
  isHostToWebview,
  type ShowSimulationMessage,
  type SimulatePanelState,
  type SimulationInputs,
  type WebviewToHost,
} from './protocol';
import css from './simulate.css';

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    ceilingLine?: MeanBandOptions;
  }
}

useCharts(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
const { vscode, app } = startPanel<WebviewToHost, SimulatePanelState>(css);
const ceilingPlugin = meanBandPlugin('ceilingLine', { edges: false });
let chart: Chart<'bar'> | undefined;
let current: ShowSimulationMessage | undefined;

/** The resource each capacity limit bounds. */
const LIMIT_RESOURCE: Record<string, Resource> = {
  networkInBytesPerSec: 'networkIn',
  networkOutBytesPerSec: 'networkOut',
  storageWriteBytesPerSec: 'storageWrite',
};
const key = (o: { topic: string; partition: number }) => `${o.topic}-${o.partition}`;
const ids = (xs: number[]) => (xs.length ? xs.join(', ') : '–');

function peak(uses: ResourceUse[]): ResourceUse | undefined {
  return uses.reduce<ResourceUse | undefined>((m, u) => (!m || u.utilization > m.utilization ? u : m), undefined);
}

function scenarioValue(i: SimulationInputs): string {
  return i.scenario.kind === 'rack' ? `rack:${i.scenario.rack}` : `brokers:${i.scenario.brokers.join(',')}`;
}

function controls(msg: ShowSimulationMessage): HTMLElement {
  const scenario = el('vscode-single-select', { id: 'scenario', 'aria-label': 'What fails' });
  const options: [string, string][] = [
    ...msg.brokers.map((b): [string, string] => [`brokers:${b.id}`, `Broker ${b.id}${b.rack ? ` (rack ${b.rack})` : ''}`]),
    ...msg.racks.map((r): [string, string] => [`rack:${r}`, `Rack (AZ) ${r}`]),
  ];
  const value = scenarioValue(msg.inputs);
  if (!options.some(([v]) => v === value)) options.unshift([value, msg.simulation.scenarioText]);
  for (const [v, label] of options) scenario.append(el('vscode-option', { value: v, ...(v === value ? { selected: '' } : {}) }, label));
  const type = el('vscode-single-select', { id: 'broker-type', 'aria-label': 'Broker type' });
  for (const t of ['', ...msg.brokerTypes])
    type.append(el('vscode-option', { value: t, ...(t === msg.inputs.brokerType ? { selected: '' } : {}) }, t || 'unknown (no capacity)'));
  const downtime = el('vscode-textfield', {
    id: 'downtime',
    type: 'number',
    min: '1',
    value: String(msg.inputs.downtimeMinutes),
    'aria-label': 'Downtime in minutes',
  });
  const sample =
    msg.canSample &&
    el(
      'vscode-button',
      { id: 'sample-rates', secondary: '', ...(msg.sampling ? { disabled: '' } : {}) },
      msg.sampling ? 'Sampling…' : `Sample rates (${msg.sampleSeconds} s)`,
    );
  if (sample) sample.addEventListener('click', () => vscode.postMessage({ type: 'sampleRates' }));
  const run = el('vscode-button', { id: 'simulate' }, 'Simulate');
  run.addEventListener('click', () => {
    const s = (scenario as unknown as { value: string }).value;
    const minutes = Number((downtime as unknown as { value: string }).value);
    const inputs: SimulationInputs = {
      scenario: s.startsWith('rack:')
        ? { kind: 'rack', rack: s.slice(5) }
        : { kind: 'brokers', brokers: s.slice(8).split(',').map(Number) },
      downtimeMinutes: Number.isFinite(minutes) && minutes > 0 ? minutes : msg.inputs.downtimeMinutes,
      brokerType: (type as unknown as { value: string }).value,
    };
    vscode.postMessage({ type: 'simulate', inputs });
  });
  return el(
    'div',
    { class: 'controls' },
    el('label', {}, 'Fails ', scenario),
    el('label', {}, 'back after (min) ', downtime),
    el('label', {}, 'broker type ', type),
    run,
    sample,
  );
}

function verdict(sim: FailureSimulation): HTMLElement {
  const bad = sim.overCeiling.length > 0 || sim.offline.length > 0 || sim.underMinIsr.length > 0;
  const sizing = el('vscode-button', { id: 'open-sizing', secondary: '' }, 'Open sizing wizard prefilled');
  sizing.addEventListener('click', () => vscode.postMessage({ type: 'openSizing' }));
  const plan = el('vscode-button', { id: 'plan-fix', secondary: '' }, 'Plan to fix');
  plan.addEventListener('click', () => vscode.postMessage({ type: 'planFix' }));
  return el(
    'div',
    { class: `verdict ${bad ? 'bad' : 'ok'}`, id: 'verdict', role: 'status' },
    el('div', { class: 'verdict-text' }, sim.verdict),
    el('div', { class: 'actions' }, sizing, plan),
  );
}

function stats(sim: FailureSimulation): HTMLElement {
  return el(
    'div',
    { class: 'stats' },
    statCard(
      'stat-leaders',
      'Leaders that move',
      String(sim.leaderMoves),
      `of ${sim.affected.length} partitions with a replica on ${ids(sim.failed)}`,
    ),
    statCard('stat-offline', 'Offline', String(sim.offline.length), 'no live in-sync replica: no reads, no writes'),
    statCard('stat-underminisr', 'Under min.insync.replicas', String(sim.underMinIsr.length), 'acks=all producers get NOT_ENOUGH_REPLICAS'),
    statCard(
      'stat-over',
      `Over the ${formatPercent(sim.ceiling, 0)} ceiling`,
      sim.capacity ? String(sim.overCeiling.length) : '–',
      sim.capacity
        ? sim.overCeiling.length
          ? `${sim.overCeiling.length === 1 ? 'broker' : 'brokers'} ${ids(sim.overCeiling.map((b) => b.broker))}`
          : 'no broker'
        : 'no broker type: capacity unknown',
    ),
  );
}

/** Bars per live broker: peak utilization before and after failover against the ceiling line; or MB/s, or leaders. */
function brokerChart(sim: FailureSimulation): HTMLElement {
  const canvas = el('canvas', { id: 'broker-chart', role: 'img', 'aria-label': 'Per-broker load before and after failover' });
  const live = sim.brokers.filter((b) => !b.down);
  const labels = live.map((b) => `${b.broker}${b.rack ? ` (${b.rack})` : ''}`);
  const mode: 'utilization' | 'traffic' | 'leaders' =
    sim.capacity && sim.rates === 'measured' ? 'utilization' : sim.rates === 'measured' ? 'traffic' : 'leaders';
  const value = (b: BrokerOutcome, when: 'before' | 'after'): number => {
    if (mode === 'leaders') return when === 'before' ? b.leadersBefore : b.leadersAfter;
    if (mode === 'traffic') {
      const t = when === 'before' ? b.before : b.after;
      return t ? Math.max(t.networkIn, t.networkOut) / 1e6 : 0;
    }
    return (peak(when === 'before' ? b.usesBefore : b.usesAfter)?.utilization ?? 0) * 100;
  };
  const over = live.map((b) => b.overCeilingAfter.length > 0);
  const after = solid(themeColor('blue'));
  const hot = solid(themeColor('error'));
  applyChartTheme();
  chart?.destroy();
  const caption =
    mode === 'utilization'
      ? `Peak utilization per broker (network in, network out, storage writes), before and after failover; dashed line: the ${formatPercent(sim.ceiling, 0)} ceiling of ${sim.capacity!.typeId}`
      : mode === 'traffic'
        ? 'Network in or out (the larger) per broker, MB/s, before and after failover (no broker type: no capacity line)'
        : 'Leaders per broker before and after failover (no write rates sampled: no load)';
  const card = el(
    'figure',
    { class: 'card chart-card' },
    el('div', { class: 'chart-box' }, canvas),
    el('figcaption', { class: 'meta' }, caption),
  );
  queueMicrotask(() => {
    chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: 'before',
            data: live.map((b) => value(b, 'before')),
            backgroundColor: solid(cssVar('--vscode-disabledForeground', '#888888')),
            maxBarThickness: 36,
          },
          {
            label: 'after failover',
            data: live.map((b) => value(b, 'after')),
            backgroundColor: over.map((o) => (o ? hot : after)),
            maxBarThickness: 36,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: {
            beginAtZero: true,
            ...(mode === 'leaders' ? { ticks: { precision: 0 } } : {}),
            ...(mode === 'utilization' ? { suggestedMax: Math.max(100, sim.ceiling * 100 + 10) } : {}),
            title: { display: true, text: mode === 'utilization' ? '% of capacity' : mode === 'traffic' ? 'MB/s' : 'leaders' },
          },
          x: { title: { display: true, text: 'broker (rack)' } },
        },
        plugins: {
          ceilingLine: { mean: mode === 'utilization' ? sim.ceiling * 100 : null, lower: null, upper: null },
          // the "after" bars are colored per broker (red over the ceiling): its legend swatch is the ordinary color
          legend: {
            labels: {
              generateLabels: (c) =>
                Chart.defaults.plugins.legend.labels
                  .generateLabels(c)
                  .map((l, i) => (i === 1 ? { ...l, fillStyle: after, strokeStyle: after } : l)),
            },
          },
          tooltip: {
            callbacks: {
              afterLabel: (ctx) => {
                const b = live[ctx.dataIndex];
                const uses = ctx.datasetIndex === 0 ? b.usesBefore : b.usesAfter;
                return uses
                  .map(
                    (u) => `${RESOURCE_LABELS[u.resource]}: ${formatBytesPerSec(u.loadBytesPerSec)} = ${formatPercent(u.utilization, 0)}`,
                  )
                  .join('\n');
              },
            },
          },
        },
      },
      plugins: [ceilingPlugin],
    });
  });
  return card;
}

function partitionTable(list: PartitionOutcome[]): HTMLElement {
  if (list.length === 0) return el('p', { class: 'empty' }, 'No partition goes offline or under min.insync.replicas.');
  const rows = list.map((o) => {
    const reveal = el('vscode-button', { secondary: '', class: 'reveal', 'data-partition': key(o) }, 'Reveal');
    reveal.addEventListener('click', () => vscode.postMessage({ type: 'revealPartition', topic: o.topic, partition: o.partition }));
    return el(
      'tr',
      { class: o.offline ? 'offline' : 'under' },
      el('td', {}, key(o)),
      el(
        'td',
        {},
        o.offline
          ? 'offline'
          : `under min.insync.replicas ${o.minInsyncReplicas}${o.minInsyncFrom === 'kafka-default' ? ' (Kafka default)' : ''}`,
      ),
      el('td', {}, ids(o.replicas)),
      el('td', {}, `${o.leaderBefore} → ${o.leaderAfter < 0 ? 'none' : o.leaderAfter}`),
      el('td', {}, `${ids(o.isrBefore)} → ${ids(o.isrAfter)}`),
      el('td', {}, o.uncleanEnabled ? 'on' : 'off'),
      el('td', {}, reveal),
    );
  });
  return el(
    'table',
    { class: 'data', id: 'partition-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['partition', 'what happens', 'replicas', 'leader', 'ISR', 'unclean.leader.election.enable', ''].map((h) => el('th', {}, h)),
      ),
    ),
    el('tbody', {}, ...rows),
  );
}

function brokerTable(sim: FailureSimulation): HTMLElement {
  const rows = sim.brokers.map((b) => {
    const p = peak(b.usesAfter);
    return el(
      'tr',
      { class: b.down ? 'down' : b.overCeilingAfter.length ? 'hot' : '' },
      el('td', {}, String(b.broker)),
      el('td', {}, b.rack ?? '–'),
      el(
        'td',
        {},
        b.down
          ? b.alreadyDown
            ? 'already down'
            : 'down'
          : `${b.leadersBefore} → ${b.leadersAfter}${b.leadersGained ? ` (+${b.leadersGained})` : ''}`,
      ),
      el(
        'td',
        {},
        b.before && b.after && !b.down ? `${formatBytesPerSec(b.before.networkIn)} → ${formatBytesPerSec(b.after.networkIn)}` : '–',
      ),
      el(
        'td',
        {},
        b.before && b.after && !b.down ? `${formatBytesPerSec(b.before.networkOut)} → ${formatBytesPerSec(b.after.networkOut)}` : '–',
      ),
      el('td', {}, p ? `${formatPercent(p.utilization, 0)} ${RESOURCE_LABELS[p.resource]}` : '–'),
    );
  });
  return el(
    'table',
    { class: 'data', id: 'broker-table' },
    el(
      'thead',
      {},
      el('tr', {}, ...['broker', 'rack', 'leaders', 'network in', 'network out', 'peak after failover'].map((h) => el('th', {}, h))),
    ),
    el('tbody', {}, ...rows),
  );
}

/** Down for D minutes, then the catch-up: two segments of one bar, in proportion. */
function catchUp(sim: FailureSimulation): HTMLElement {
  const c = sim.catchUp;
  if (!c) return el('p', { class: 'empty' }, 'No downtime given.');
  if (!c.applicable) return el('p', { class: 'empty', id: 'catchup' }, c.reason ?? '');
  const down = c.downtimeMinutes * 60;
  const up = c.seconds ?? 0;
  const finite = Number.isFinite(up);
  const total = down + (finite ? up : down);
  const seg = (cls: string, seconds: number, label: string) =>
    el('div', { class: `segment ${cls}`, title: label, 'data-seconds': String(seconds) }, label);
  const bar = el(
    'div',
    { class: 'timeline', id: 'catchup-timeline', role: 'img', 'aria-label': 'Downtime and catch-up' },
    seg('down', down, `down ${formatDuration(down)}`),
    seg(
      finite ? 'catchup' : 'catchup never',
      finite ? up : down,
      finite ? `catch-up ${formatDuration(up)}` : 'catch-up: no spare bandwidth',
    ),
  );
  // widths through the CSSOM (the CSP allows no inline style attributes)
  const [a, b] = [...bar.children] as HTMLElement[];
  a.style.flexGrow = String(down / total);
  b.style.flexGrow = String((finite ? up : down) / total);
  return el(
    'div',
    { id: 'catchup' },
    bar,
    el(
      'ul',
      { class: 'catchup-lines' },
      ...c.returning.map((r) =>
        el('li', {}, `broker ${r.broker}: ${formatBytes(r.backlogBytes)} to copy for ${plural(r.partitions, 'partition')}`),
      ),
      el('li', {}, c.formula),
      c.binding &&
        el(
          'li',
          {},
          `binding: broker ${c.binding.broker} ${RESOURCE_LABELS[c.binding.resource]} (${c.binding.role}, ${formatPercent(c.binding.share, 0)} of the backlog) at ${formatPercent(c.binding.utilizationDuring, 0)} during catch-up`,
        ),
    ),
  );
}

function render(msg: ShowSimulationMessage): void {
  current = msg;
  vscode.setState({ clusterId: msg.cluster.id, inputs: msg.inputs });
  const sim = msg.simulation;
  const list = [...sim.offline, ...sim.underMinIsr];
  app.removeAttribute('aria-busy');
  const page = el(
    'div',
    {},
    el('div', { class: 'title-row' }, el('h1', {}, `Failure simulation: ${msg.cluster.label}`)),
    el('p', { class: 'meta' }, `Snapshot ${sim.takenAt}: ${sim.scenarioText}.`),
    controls(msg),
    verdict(sim),
    el(
      'p',
      { class: 'meta', id: 'rates-note' },
      `${msg.ratesNote} ${
        sim.capacity
          ? `Capacity per broker: ${sim.capacity.typeId}: ${sim.capacity.lines
              .map((l) => `${RESOURCE_LABELS[LIMIT_RESOURCE[l.limit]]} ${l.formula}`)
              .filter((line, i, all) => all.indexOf(line) === i)
              .join('; ')}.`
          : 'No broker type: choose one for the capacity line.'
      } Leader election as Kafka's controller does it; eligible leader replicas (KIP-966) ${sim.eligibleLeaderReplicas ? 'on (the default of clusters created with Kafka 4.1 or later)' : 'off'}.`,
    ),
    stats(sim),
    el('h2', {}, 'Brokers before and after failover'),
    brokerChart(sim),
    el('h2', {}, `Partitions that go offline or under min.insync.replicas (${list.length})`),
    partitionTable(list),
    el('h2', {}, `Catch-up when ${sim.failed.length > 1 ? 'they return' : 'it returns'}`),
    catchUp(sim),
    el('h2', {}, 'Per broker'),
    brokerTable(sim),
    sim.notes.length ? el('ul', { class: 'notes' }, ...sim.notes.map((n) => el('li', {}, n))) : null,
    el('h2', {}, 'Sources'),
    el('ul', { class: 'sources' }, ...[...sim.sources, ...(sim.catchUp?.sources ?? [])].map((s) => el('li', {}, sourceText(s)))),
  );
  app.replaceChildren(...page.childNodes);
}

onHostMessage(isHostToWebview, (msg) => {
  if (msg.type === 'simulation') render(msg);
  else {
    chart?.destroy();
    chart = undefined;
    current = undefined;
    app.removeAttribute('aria-busy');
    app.replaceChildren(el('div', { class: 'error', role: 'alert' }, msg.message));
  }
});
onThemeChange(() => {
  if (current) render(current);
});
vscode.postMessage({ type: 'ready' });
