// activate() only wires services and features together.

import * as vscode from 'vscode';
import { registerExplorer } from './features/explorer';
import { registerSnapshots } from './features/snapshots';
import { registerSkew } from './features/skew';
import { registerReassign } from './features/reassign';
import { registerFlinkLens } from './features/flinkLens';
import { registerSimulate } from './features/simulate';
import { registerSizing } from './features/sizing';
import { registerOnboarding } from './features/onboarding';
import { restorePanel } from './features/webviewHost';
import { ClusterConnections, ClusterRegistry, Settings, type Services } from './services';

/**
 * What activate() returns (vscode.extensions.getExtension(...).exports), for scripts and tests: the two things a window
 * reload does, which they cannot do in the window they run in.
 */
export interface KafkaPlannerApi {
  /** Restores a panel of this view type from its saved webview state, through the panel's own serializer. */
  restorePanel(viewType: string, panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** Reconnects every saved cluster without a snapshot, as after a reload (kafkaPlanner.reconnectOnStartup). */
  reconnectSavedClusters(): Promise<{ id: string; connected: boolean; error?: string }[]>;
}

export function activate(context: vscode.ExtensionContext): KafkaPlannerApi {
  const log = vscode.window.createOutputChannel('Kafka & Flink Planner', { log: true });
  const clusters = new ClusterRegistry();
  const settings = new Settings();
  const services: Services = { log, settings, clusters, connections: new ClusterConnections(settings, clusters) };
  context.subscriptions.push(log, clusters, ...registerExplorer(context, services), ...registerSnapshots(context, services));
  context.subscriptions.push(...registerSkew(context, services));
  context.subscriptions.push(...registerReassign(context, services));
  context.subscriptions.push(...registerFlinkLens(context, services));
  context.subscriptions.push(...registerSizing(context, services));
  context.subscriptions.push(...registerSimulate(context, services));
  context.subscriptions.push(...registerOnboarding(context, services));
  log.info('Kafka & Flink Planner activated');
  return { restorePanel, reconnectSavedClusters: () => services.connections.reconnectSaved() };
}

export function deactivate(): void {}
