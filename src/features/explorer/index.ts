import * as vscode from 'vscode';
import type { Services } from '../../services';
import { registerCommand } from '../commands';
import { ClusterTreeProvider } from './clusterTree';

export const CLUSTERS_VIEW_ID = 'kafkaPlanner.clusters';

export function registerExplorer(_context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  const provider = new ClusterTreeProvider(services.clusters);
  const view = vscode.window.createTreeView(CLUSTERS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  return [provider, view, registerCommand(services, 'kafkaPlanner.refreshClusters', () => provider.refresh())];
}
