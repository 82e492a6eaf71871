// The skew panel's browser side: bar charts per broker (mean and balanced band drawn, bars colored by rack),
// a per-topic view, sortable tables of skewed topics and hot partitions, sampling and export actions.
// Data comes only from the host (protocol.ts); the DOM is built with textContent, never from HTML strings.
//   state.ts      the panel's one state object      render.ts  the page and its tabs
//   charts.ts     bar charts and the PNG export      tables.ts  the "Tables" tab
//   messaging.ts  host messages and theme changes

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import { BarController, BarElement, CategoryScale, LinearScale, Tooltip } from 'chart.js';
import { useCharts } from '../common/charts';
import { startPanel } from '../common/dom';
import { listen } from './messaging';
import type { WebviewToHost } from './protocol';
import { SkewPanel, type SavedState } from './state';
import css from './skew.css';

useCharts(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
const { vscode, app } = startPanel<WebviewToHost, SavedState>(css);
const panel = new SkewPanel(vscode, app);
listen(panel);
panel.post({ type: 'ready' });
