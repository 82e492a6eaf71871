// The skew panel's charts: one bar per broker (grouped by rack, colored by rack), the mean and the balanced band
// drawn over them, brokers outside the band outlined; and the PNG export of the charts of the open tab.

import { Chart, type ChartType } from 'chart.js';
import type { MetricSkew, SkewReport, SkewScore, SkewUnit, TopicSkew } from '../../src/core/skew';
import { formatMetricValue } from '../../src/core/skew';
import { formatRatio } from '../../src/core/units';
import { meanBandPlugin, themeColor, type MeanBandOptions, type ThemeColor } from '../common/charts';
import { cssVar } from '../common/dom';
import type { SkewPanel } from './state';

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

// Theme: rack colors and chart colors come from the theme's --vscode-charts-* variables.
// Red is left out: it marks brokers outside the band. Orange comes late: some themes define it translucent.
const RACK_COLORS: ThemeColor[] = ['blue', 'purple', 'green', 'yellow', 'orange'];

/** The color of each rack (null = no rack), in rack order. */
export type RackColors = Map<string | null, string>;

export function rackColors(report: SkewReport): RackColors {
  const racks = [...new Set(report.brokers.map((b) => b.rack))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  return new Map(
    racks.map((r, i) => [
      r,
      r === null ? cssVar('--vscode-disabledForeground', '#888888') : themeColor(RACK_COLORS[i % RACK_COLORS.length]),
    ]),
  );
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

export interface BarSeries {
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

export function barChart(canvas: HTMLCanvasElement, s: BarSeries): Chart<'bar'> {
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
              return `${formatMetricValue(s.unit, v)}${mean ? ` (${formatRatio(v / mean, '–')}x the mean ${formatMetricValue(s.unit, mean)})` : ''}`;
            },
          },
        },
      },
    },
    plugins: [bandPlugin],
  });
}

/** One metric per broker, e.g. leaders. */
export function metricSeries(report: SkewReport, m: MetricSkew, colors: RackColors): BarSeries {
  const order = brokerOrder(report);
  const row = new Map(report.brokers.map((b) => [b.broker, b]));
  const value = (id: number): number => {
    const b = row.get(id)!;
    switch (m.metric) {
      case 'replicas':
        return b.replicas;
      case 'leaders':
        return b.leaders;
      case 'bytes':
        return b.replicaBytes;
      case 'diskUsed':
        return b.diskUsedRatio ?? 0;
      case 'produceIn':
        return b.produceInBytesPerSec ?? 0;
      case 'replicationIn':
        return b.replicationInBytesPerSec ?? 0;
      case 'replicationOut':
        return b.replicationOutBytesPerSec ?? 0;
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

/** One topic's replicas or leaders per broker. */
export function topicSeries(report: SkewReport, t: TopicSkew, what: 'replicas' | 'leaders', colors: RackColors): BarSeries {
  const order = brokerOrder(report);
  const spread = new Map(t.brokers.map((b) => [b.broker, b]));
  const s = what === 'replicas' ? t.replicaSkew : t.leaderSkew;
  return {
    title: `${what} of ${t.topic}`,
    metric: `topic-${what}`,
    unit: 'count',
    labels: order.map((b) => `${b.broker} (${b.rack ?? '–'})`),
    values: order.map((b) => spread.get(b.broker)?.[what] ?? 0),
    colors: order.map((b) => colors.get(b.rack)!),
    outside: order.map((b) => s.aboveUpper.includes(b.broker) || s.belowLower.includes(b.broker)),
    score: s,
  };
}

/** Draws the legend items of the panel (swatch + text, as on screen) in one row; returns the row's height. */
function drawLegend(ctx: CanvasRenderingContext2D, x: number, y: number): number {
  const items = [...document.querySelectorAll<HTMLElement>('.legend .legend-item')];
  let cx = x;
  for (const item of items) {
    const swatch = item.querySelector<HTMLElement>('.swatch');
    const label = item.textContent?.trim() ?? '';
    if (swatch) {
      const style = getComputedStyle(swatch);
      const bg = style.backgroundColor;
      if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') {
        ctx.fillStyle = bg;
        ctx.fillRect(cx, y - 10, 12, 12);
      }
      const border = parseFloat(style.borderTopWidth) || 0;
      if (border > 0) {
        ctx.strokeStyle = style.borderTopColor;
        ctx.lineWidth = border;
        ctx.setLineDash(style.borderTopStyle === 'dashed' ? [3, 2] : []);
        ctx.strokeRect(cx, y - 10, 12, 12);
        ctx.setLineDash([]);
      }
      cx += 16;
    }
    ctx.fillStyle = themeColor('foreground');
    ctx.fillText(label, cx, y);
    cx += ctx.measureText(label).width + 16;
  }
  return items.length ? 20 : 0;
}

/**
 * PNG export: the charts of the visible tab, drawn at their on-screen positions with their titles, under a header
 * naming the cluster and the snapshot time, and the legend (racks, mean, balanced band), so the image stands alone.
 */
export function exportPng(panel: SkewPanel): void {
  const tabPanels = [...document.querySelectorAll<HTMLElement>('vscode-tab-panel')].filter((p) => p.offsetParent !== null);
  const visible = tabPanels[0];
  const cards = visible ? [...visible.querySelectorAll<HTMLElement>('figure.card')].filter((c) => c.querySelector('canvas')) : [];
  if (!visible || !cards.length || !panel.current) return;
  const report = panel.current.report;
  const origin = visible.getBoundingClientRect();
  const scale = window.devicePixelRatio || 1;
  const rects = cards.map((c) => c.getBoundingClientRect());
  const HEADER = 48;
  const width = Math.max(...rects.map((r) => r.right - origin.left), 480) + 8;
  const height = Math.max(...rects.map((r) => r.bottom - origin.top)) + 8 + HEADER;
  const out = document.createElement('canvas');
  out.width = Math.ceil(width * scale);
  out.height = Math.ceil(height * scale);
  const ctx = out.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = cssVar('--vscode-editor-background', '#1e1e1e');
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = themeColor('foreground');
  const font = cssVar('--vscode-font-family', 'sans-serif');
  ctx.font = `bold 14px ${font}`;
  ctx.fillText(`Skew of ${report.cluster} · snapshot ${report.takenAt.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')}`, 4, 18);
  ctx.font = `13px ${font}`;
  drawLegend(ctx, 4, 40);
  cards.forEach((card, i) => {
    const r = rects[i];
    // the caption's parts (title, status, max/mean · CV · mean) with spaces between, as they read on screen
    const caption = [...(card.querySelector('figcaption')?.children ?? [])]
      .map((part) => part.textContent?.trim())
      .filter(Boolean)
      .join('  ');
    ctx.fillStyle = themeColor('foreground');
    ctx.fillText(caption, r.left - origin.left + 4, r.top - origin.top + 16 + HEADER);
    const canvas = card.querySelector('canvas')!;
    const cr = canvas.getBoundingClientRect();
    ctx.drawImage(canvas, cr.left - origin.left, cr.top - origin.top + HEADER, cr.width, cr.height);
  });
  // name the file after the visible tab (brokers, topic): its header carries data-tab
  const headers = [...document.querySelectorAll<HTMLElement>('vscode-tab-header')];
  const tab = headers[panel.view.tab ?? 0]?.dataset.tab ?? 'charts';
  panel.post({ type: 'exportPng', dataUrl: out.toDataURL('image/png'), name: `skew-${report.cluster}-${tab}` });
}
