// activate() only wires services and features together.

import * as vscode from 'vscode';
import { registerExplorer } from './features/explorer';
import { registerSnapshots } from './features/snapshots';
import { ClusterRegistry, Settings, type Services } from './services';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Kafka & Flink Planner', { log: true });
  const clusters = new ClusterRegistry();
  const services: Services = { log, settings: new Settings(), clusters };
  context.subscriptions.push(log, clusters, ...registerExplorer(context, services), ...registerSnapshots(context, services));
  log.info('Kafka & Flink Planner activated');
}

export function deactivate(): void {}
