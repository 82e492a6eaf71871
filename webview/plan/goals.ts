// The plan view's goals: one card per goal (hard first, then soft in priority order) with its verdict sentence, a
// chart of every broker before and after with its rack-aware target and usable capacity as lines, and the table of
// the same numbers. The sentence and the table come from the same GoalReport (goalReportText.ts), so they agree.

import { Chart, type ChartDataset } from 'chart.js';
import { goalMet, goalRank, goalSentence, formatGoalValue, verdictText, worstOf } from '../../src/core/goalReportText';
import type { GoalReport } from '../../src/core/planner/plan';
import { solid, themeColor } from '../common/charts';
import { el } from '../common/dom';

function ratio(value: number, ref: number | null): string {
  return ref === null || ref <= 0 ? '–' : `${(value / ref).toFixed(2)} x`;
}

function goalTable(g: GoalReport): HTMLElement {
  const fmt = (v: number | null) => (v === null ? '–' : formatGoalValue(g.unit, v));
  const hasTarget = g.brokers.some((b) => b.target !== null);
  const hasCapacity = g.brokers.some((b) => b.capacity !== null);
  // the same broker the sentence names (worstOf reads this table's numbers), marked only when the goal is not met: a
  // red row under "balanced" would contradict the verdict
  const worst = goalMet(g) ? null : worstOf(g, 'after');
  const head = [
    'broker (rack)',
    'before',
    'after',
    ...(hasTarget ? ['target', 'after / target'] : []),
    ...(hasCapacity ? ['usable capacity', 'after / capacity'] : []),
  ];
  return el(
    'table',
    { class: 'data goal-table', id: `goal-table-${g.id}` },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
    el(
      'tbody',
      {},
      ...g.brokers.map((b) =>
        el(
          'tr',
          { class: b.broker === worst?.broker ? 'worst' : '' },
          el('th', { scope: 'row' }, `${b.broker}${b.rack ? ` (${b.rack})` : ''}`),
          el('td', { class: 'num' }, fmt(b.before)),
          el('td', { class: 'num' }, fmt(b.after)),
          ...(hasTarget ? [el('td', { class: 'num' }, fmt(b.target)), el('td', { class: 'num' }, ratio(b.after, b.target))] : []),
          ...(hasCapacity
            ? [
                el('td', { class: 'num' }, fmt(b.capacity)),
                el('td', { class: `num${b.capacity !== null && b.after > b.capacity ? ' over' : ''}` }, ratio(b.after, b.capacity)),
              ]
            : []),
        ),
      ),
    ),
  );
}

function goalChart(canvas: HTMLCanvasElement, g: GoalReport): Chart {
  const labels = g.brokers.map((b) => `${b.broker}${b.rack ? ` (${b.rack})` : ''}`);
  const datasets: ChartDataset<'bar' | 'line', number[]>[] = [
    {
      type: 'bar',
      label: 'before',
      data: g.brokers.map((b) => b.before),
      backgroundColor: solid(themeColor('blue')),
      maxBarThickness: 28,
      order: 2,
    },
    {
      type: 'bar',
      label: 'after',
      data: g.brokers.map((b) => b.after),
      backgroundColor: solid(themeColor('purple')),
      maxBarThickness: 28,
      order: 2,
    },
  ];
  if (g.brokers.some((b) => b.target !== null))
    datasets.push({
      type: 'line',
      label: 'target',
      data: g.brokers.map((b) => b.target ?? NaN),
      borderColor: themeColor('green'),
      backgroundColor: themeColor('green'),
      borderDash: [4, 3],
      pointRadius: 2,
      order: 1,
    });
  if (g.brokers.some((b) => b.capacity !== null))
    datasets.push({
      type: 'line',
      label: 'usable capacity',
      data: g.brokers.map((b) => b.capacity ?? NaN),
      borderColor: themeColor('error'),
      backgroundColor: themeColor('error'),
      borderWidth: 2,
      pointRadius: 0,
      order: 0,
    });
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: datasets as ChartDataset<'bar', number[]>[] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { grid: { display: false } },
        y: { beginAtZero: true, ticks: { callback: (v) => formatGoalValue(g.unit, Number(v)) } },
      },
      plugins: {
        legend: { position: 'top', align: 'end', labels: { boxWidth: 12 } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatGoalValue(g.unit, Number(item.raw))}` } },
      },
    },
  });
}

/** The goals section and the charts to draw once it is in the page. */
export function goalsSection(
  goals: readonly GoalReport[],
  ratesText: string,
  capacityText: readonly string[],
): { section: HTMLElement; draw: () => Chart[] } {
  const canvases: [GoalReport, HTMLCanvasElement][] = [];
  const cards = goals.map((g) => {
    const measured = g.verdict !== 'not-measured';
    // a goal without per-broker numbers (rack awareness counts partitions, not brokers) has only its sentence
    const perBroker = measured && g.brokers.some((b) => b.before !== 0 || b.after !== 0);
    const canvas = perBroker
      ? el('canvas', { id: `goal-chart-${g.id}`, role: 'img', 'aria-label': `${g.title} per broker, before and after` })
      : null;
    if (canvas) canvases.push([g, canvas]);
    return el(
      'article',
      { class: `card goal ${measured ? (goalMet(g) ? 'met' : 'unmet') : 'not-measured'}`, id: `goal-${g.id}` },
      el(
        'h3',
        {},
        `${goalRank(goals, g)} · ${g.title} `,
        el('span', { class: `verdict ${g.verdict}`, id: `goal-verdict-${g.id}` }, verdictText(g.verdict)),
      ),
      el('p', { class: 'goal-sentence', id: `goal-sentence-${g.id}` }, goalSentence(g)),
      canvas && el('div', { class: 'chart-box goal-chart' }, canvas),
      perBroker && goalTable(g),
    );
  });
  const section = el(
    'section',
    { class: 'goals', 'aria-label': 'Goals', id: 'goals' },
    el('h2', {}, `Goals (${goals.length}): hard first, then soft in priority order`),
    el('p', { class: 'meta', id: 'goal-rates' }, ratesText),
    capacityText.length > 0 && el('p', { class: 'meta', id: 'goal-capacity' }, `Capacity per broker: ${capacityText.join('; ')}.`),
    ...cards,
  );
  return { section, draw: () => canvases.map(([g, canvas]) => goalChart(canvas, g)) };
}
