// The features, loaded on first use (src/features/shell.ts decides when; esbuild builds this file into
// dist/features.js): creates the services and registers every capability.

import * as vscode from 'vscode';
import { registerExplorer } from './explorer';
import { registerSnapshots } from './snapshots';
import { registerSkew } from './skew';
import { registerReassign } from './reassign';
import { registerFlinkLens } from './flinkLens';
import { registerSimulate } from './simulate';
import { registerSizing } from './sizing';
import { registerOnboarding } from './onboarding';
import { restorePanel } from './webviewHost';
import type { FeatureHost } from './shell';
import { ClusterConnections, ClusterRegistry, Settings, type Services } from '../services';

/**
 * What activate() returns (vscode.extensions.getExtension(...).exports), for scripts and tests: the two things a window
 * reload does, which they cannot do in the window they run in, and the commands the features handle.
 */
export interface KafkaPlannerApi {
  /** Restores a panel of this view type from its saved webview state, through the panel's own serializer. */
  restorePanel(viewType: string, panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** Reconnects every saved cluster without a snapshot, as after a reload (kafkaPlanner.reconnectOnStartup). */
  reconnectSavedClusters(): Promise<{ id: string; connected: boolean; error?: string }[]>;
  /** The command ids the features registered a handler for (package.json must contribute exactly these). */
  registeredCommands(): Promise<string[]>;
}

/** `reason`: the first use that loaded the features (logged). */
export function activateFeatures(context: vscode.ExtensionContext, host: FeatureHost, reason: string): KafkaPlannerApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Kafka & Flink Planner', { log: true });
  const clusters = new ClusterRegistry();
  const settings = new Settings();
  const services: Services = { host, log, settings, clusters, connections: new ClusterConnections(settings, clusters) };
  context.subscriptions.push(log, clusters, ...registerExplorer(context, services), ...registerSnapshots(context, services));
  context.subscriptions.push(...registerSkew(context, services));
  context.subscriptions.push(...registerReassign(context, services));
  context.subscriptions.push(...registerFlinkLens(context, services));
  context.subscriptions.push(...registerSizing(context, services));
  context.subscriptions.push(...registerSimulate(context, services));
  context.subscriptions.push(...registerOnboarding(context, services));
  log.info(`features loaded on first use (${reason}) in ${Date.now() - started} ms`);
  return {
    restorePanel,
    reconnectSavedClusters: () => services.connections.reconnectSaved(),
    registeredCommands: () => Promise.resolve([...host.commands.keys()].sort()),
  };
}
