// What a panel shows while its saved cluster is not loaded (after a window reload): "Connecting to <name>…" until the
// snapshot arrives, or the connection error with a Retry button (a Connect button when nothing is running). The
// DOM is built with textContent; the button posts "retryConnection" through the callback.
import { el } from './dom';
import type { ConnectionMessage } from './protocol';

export function renderConnection(app: HTMLElement, message: ConnectionMessage, retry: () => void): void {
  const { state, clusterName } = message;
  const title =
    state === 'connecting'
      ? `Connecting to ${clusterName}…`
      : state === 'failed'
        ? `Could not connect to ${clusterName}`
        : `${clusterName} is not connected`;
  const detail =
    state === 'connecting'
      ? 'This view fills in with fresh data when the snapshot arrives (progress in the Clusters view).'
      : state === 'failed'
        ? message.message
        : 'Connect to show this view with fresh data.';
  const box = el(
    'div',
    { class: `connection ${state}`, id: 'connection', 'data-state': state, role: state === 'failed' ? 'alert' : 'status' },
    el('h2', {}, title),
    el('p', {}, detail),
  );
  if (state !== 'connecting') {
    const button = el('vscode-button', { id: 'retry-connection' }, state === 'failed' ? 'Retry' : 'Connect');
    button.addEventListener('click', retry);
    box.append(button);
  }
  if (state === 'connecting') app.setAttribute('aria-busy', 'true');
  else app.removeAttribute('aria-busy');
  app.replaceChildren(box);
}
