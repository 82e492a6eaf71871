// Chart.js pieces shared by the webview panels: registration, the theme's colors and defaults, and the plugin that
// draws a mean and its tolerance band behind bar charts (skew's skewBand, the plan view's planBand).
import { Chart, type ChartComponentLike, type Plugin } from 'chart.js';
import { cssVar } from './dom';

/** Registers only what the panel's charts use (tree-shaken) and exposes Chart on window, so tests and users (Developer:
 * Open Webview Developer Tools) can read a chart: Chart.getChart(canvas). */
export function useCharts(...components: ChartComponentLike[]): void {
  // https://www.chartjs.org/docs/latest/getting-started/integration.html
  Chart.register(...components);
  (window as unknown as { Chart: typeof Chart }).Chart = Chart;
}

/** Theme variables the charts draw with, and their fallbacks (the Dark Modern values). */
const THEME_COLORS = {
  blue: ['--vscode-charts-blue', '#3794ff'],
  purple: ['--vscode-charts-purple', '#b180d7'],
  green: ['--vscode-charts-green', '#89d185'],
  yellow: ['--vscode-charts-yellow', '#cca700'],
  orange: ['--vscode-charts-orange', '#d18616'],
  error: ['--vscode-editorError-foreground', '#f14c4c'],
  warning: ['--vscode-editorWarning-foreground', '#cca700'],
  foreground: ['--vscode-foreground', '#cccccc'],
} as const satisfies Record<string, readonly [string, string]>;
export type ThemeColor = keyof typeof THEME_COLORS;

export function themeColor(name: ThemeColor): string {
  const [variable, fallback] = THEME_COLORS[name];
  return cssVar(variable, fallback);
}

/** Some themes give --vscode-charts-* with alpha (rgba or #rrggbbaa, e.g. charts.orange derives from a minimap
 * color): bars need solid colours. */
export function solid(color: string): string {
  const rgba = /^rgba\((\d+),\s*(\d+),\s*(\d+),\s*[\d.]+\)$/.exec(color);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  const hex = /^#([0-9a-fA-F]{6})[0-9a-fA-F]{2}$/.exec(color);
  return hex ? `#${hex[1]}` : color;
}

/** Text, grid and font of every chart from the theme: call before drawing (again after a theme change). */
export function applyChartTheme(): void {
  Chart.defaults.color = cssVar('--vscode-descriptionForeground', themeColor('foreground'));
  Chart.defaults.borderColor = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)'));
  Chart.defaults.font.family = cssVar('--vscode-font-family', 'sans-serif');
  Chart.defaults.font.size = 12;
}

/** The options of a mean-and-band plugin (chart.options.plugins[id]); null = not drawn. */
export interface MeanBandOptions {
  mean: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * A bar-chart plugin, registered per chart under `id`: the band from lower to upper as a translucent green area
 * behind the bars, and the mean as a dashed line over them; with `edges`, also lower and upper as dotted green lines.
 */
export function meanBandPlugin(id: string, { edges }: { edges: boolean }): Plugin<'bar'> {
  return {
    id,
    beforeDatasetsDraw(chart, _args, options: MeanBandOptions) {
      const { lower, upper } = options;
      if (lower === null || upper === null) return;
      const { ctx, chartArea, scales } = chart;
      const top = scales.y.getPixelForValue(upper);
      const bottom = scales.y.getPixelForValue(lower);
      ctx.save();
      ctx.globalAlpha = document.body.classList.contains('vscode-high-contrast') ? 0.3 : 0.16;
      ctx.fillStyle = themeColor('green');
      ctx.fillRect(chartArea.left, top, chartArea.right - chartArea.left, bottom - top);
      ctx.restore();
    },
    afterDatasetsDraw(chart, _args, options: MeanBandOptions) {
      const { ctx, chartArea, scales } = chart;
      const line = (value: number | null, dash: number[], width: number, color: string) => {
        if (value === null) return;
        const y = scales.y.getPixelForValue(value);
        ctx.save();
        ctx.strokeStyle = color;
        ctx.lineWidth = width;
        ctx.setLineDash(dash);
        ctx.beginPath();
        ctx.moveTo(chartArea.left, y);
        ctx.lineTo(chartArea.right, y);
        ctx.stroke();
        ctx.restore();
      };
      if (edges) {
        line(options.lower, [2, 3], 1, themeColor('green'));
        line(options.upper, [2, 3], 1, themeColor('green'));
      }
      line(options.mean, [6, 4], 2, themeColor('foreground'));
    },
  };
}
