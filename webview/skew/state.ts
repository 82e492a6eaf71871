// The skew panel's state: one object created at start-up and passed to every part (no module-level variables).
// It holds the last report from the host, the sampling status, what the user looks at (tab, topic, folded verdicts;
// saved with the cluster id so a reloaded window reopens it) and the charts drawn, so they can be destroyed.

import type { Chart } from 'chart.js';
import type { VsCodeApi } from '../common/dom';
import { isSkewPanelState, type ShowReportMessage, type SkewPanelState, type WebviewToHost } from './protocol';

/** What the user looks at: kept across renders, and (tab, topic) across window reloads. */
export interface ViewState {
  tab?: number;
  topic?: string;
  verdictsOpen?: boolean;
}

export type SavedState = SkewPanelState & ViewState;

export class SkewPanel {
  /** The report shown; undefined before the first one and after an error. */
  current: ShowReportMessage | undefined;
  sampling = { active: false, message: '' };
  readonly view: ViewState;
  private charts: Chart[] = [];

  constructor(
    readonly vscode: VsCodeApi<WebviewToHost, SavedState>,
    readonly app: HTMLElement,
  ) {
    const saved = vscode.getState();
    this.view = isSkewPanelState(saved) ? { tab: (saved as ViewState).tab, topic: (saved as ViewState).topic } : {};
  }

  post(message: WebviewToHost): void {
    this.vscode.postMessage(message);
  }

  /** Saves the cluster id (what the host restores from) and the view. */
  save(): void {
    if (this.current) this.vscode.setState({ clusterId: this.current.cluster.id, tab: this.view.tab, topic: this.view.topic });
  }

  addChart(chart: Chart): void {
    this.charts.push(chart);
  }

  /** Destroys the charts that `which` selects (all by default) and forgets them and any no longer on the page. */
  destroyCharts(which: (chart: Chart) => boolean = () => true): void {
    // select before destroying: a destroyed chart has no canvas left to ask
    const gone = new Set(this.charts.filter(which));
    for (const c of gone) c.destroy();
    this.charts = this.charts.filter((c) => !gone.has(c) && c.canvas.isConnected);
  }
}
