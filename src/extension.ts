// activate() only wires services and features together.

import * as vscode from 'vscode';
import { registerExplorer } from './features/explorer';
import { registerSnapshots } from './features/snapshots';
import { registerSkew } from './features/skew';
import { registerReassign } from './features/reassign';
import { registerFlinkLens } from './features/flinkLens';
import { registerSizing } from './features/sizing';
import { ClusterConnections, ClusterRegistry, Settings, type Services } from './services';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Kafka & Flink Planner', { log: true });
  const clusters = new ClusterRegistry();
  const settings = new Settings();
  const services: Services = { log, settings, clusters, connections: new ClusterConnections(settings) };
  context.subscriptions.push(log, clusters, ...registerExplorer(context, services), ...registerSnapshots(context, services));
  context.subscriptions.push(...registerSkew(context, services));
  context.subscriptions.push(...registerReassign(context, services));
  context.subscriptions.push(...registerFlinkLens(context, services));
  context.subscriptions.push(...registerSizing(context, services));
  log.info('Kafka & Flink Planner activated');
}

export function deactivate(): void {}
