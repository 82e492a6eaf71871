// The cluster a panel (skew, plan) is for, as the panel must show it: loaded (draw its data), a saved cluster without
// a snapshot yet (after a window reload: connecting, its connection error, or not connected), or gone (neither loaded
// nor saved any more). Restored panels use it to wait for their saved cluster instead of closing
// (pattern of a restorer that re-validates ids: vscode-pull-request-github src/github/overviewRestorer.ts).

import type { ConnectionMessage } from '../../webview/common/protocol';
import type { KnownCluster, Services } from '../services';

export type PanelCluster =
  { kind: 'loaded'; cluster: KnownCluster } | { kind: 'waiting'; connection: Omit<ConnectionMessage, 'type'> } | { kind: 'gone' };

export function panelCluster(services: Services, clusterId: string): PanelCluster {
  const cluster = services.clusters.get(clusterId);
  if (cluster) return { kind: 'loaded', cluster };
  const clusterName = services.connections.savedName(clusterId);
  if (clusterName === undefined) return { kind: 'gone' };
  const state = services.clusters.connection(clusterId);
  if (state?.state === 'connecting') return { kind: 'waiting', connection: { state: 'connecting', clusterName, message: '' } };
  if (state?.state === 'error') return { kind: 'waiting', connection: { state: 'failed', clusterName, message: state.message } };
  return { kind: 'waiting', connection: { state: 'idle', clusterName, message: '' } };
}

/**
 * Whether a panel saved for this cluster can be restored after a reload: the cluster is loaded (the demo), or it is a
 * saved cluster, which the panel then connects and waits for. A snapshot file or a cluster removed from the settings
 * is gone: its panel is not restored.
 */
export function canRestorePanel(services: Services, clusterId: string): boolean {
  return panelCluster(services, clusterId).kind !== 'gone';
}

/** The cluster's name for a panel title: its label when loaded, else the saved cluster's name, else its id. */
export function panelClusterLabel(services: Services, clusterId: string): string {
  return services.clusters.get(clusterId)?.label ?? services.connections.savedName(clusterId) ?? clusterId;
}
