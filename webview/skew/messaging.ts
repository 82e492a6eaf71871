// The skew panel's messages from the host (a report, the sampling status, an error) and the theme changes that
// redraw the charts with the new colors.

import { renderConnection } from '../common/connection';
import { el, onHostMessage, onThemeChange } from '../common/dom';
import { isHostToWebview } from './protocol';
import { render } from './render';
import type { SkewPanel } from './state';

export function listen(panel: SkewPanel): void {
  onHostMessage(isHostToWebview, (msg) => {
    switch (msg.type) {
      case 'report':
        panel.current = msg;
        if (!panel.sampling.active) panel.sampling.message = '';
        render(panel);
        break;
      case 'sampling':
        panel.sampling = { active: msg.state === 'started', message: msg.message ?? '' };
        if (panel.current) render(panel);
        break;
      case 'connection':
        // a restored panel waiting for its saved cluster: keep its id (and the view) for the next reload
        panel.current = undefined;
        panel.destroyCharts();
        panel.vscode.setState({ clusterId: msg.clusterId, tab: panel.view.tab, topic: panel.view.topic });
        renderConnection(panel.app, msg, () => panel.post({ type: 'retryConnection' }));
        break;
      case 'error':
        panel.app.removeAttribute('aria-busy');
        panel.app.replaceChildren(el('div', { class: 'error', role: 'alert' }, msg.message));
        panel.current = undefined;
        break;
    }
  });

  onThemeChange(() => {
    if (panel.current) render(panel);
  });
}
