// The Clusters view: the TreeDataProvider over the pure tree model (core/explorerTree.ts). Elements are plain data
// ({ cluster id + model node }); every label, description and tooltip comes from the model. Cluster children are
// lazy: expanding a saved connection without a snapshot starts a snapshot in the background (view progress), and
// the node shows "Connecting…" or the error until then. No notifications and no sync I/O in getChildren.

import * as vscode from 'vscode';
import { connectionId, describeSecurity, type ClusterConnectionConfig } from '../../core/connectionConfig';
import { childrenOf, clusterSections, describeNode, nodeKey, type ExplorerNode, type NodeView } from '../../core/explorerTree';
import type { ClusterRegistry, KnownCluster } from '../../services';

export type ClusterStatus = { state: 'idle' } | { state: 'connecting' } | { state: 'connected' } | { state: 'error'; message: string };

export type TreeElement =
  | { kind: 'cluster'; clusterId: string }
  /** "Samples": holds the demo cluster once a cluster of the user's own is listed. */
  | { kind: 'samples' }
  | { kind: 'node'; clusterId: string; node: ExplorerNode }
  | { kind: 'status'; clusterId: string; status: 'connecting' | 'error' | 'idle'; message: string }
  | { kind: 'settingError'; message: string };

export interface ClusterEntry {
  id: string;
  label: string;
  kind: 'demo' | 'live' | 'file';
  config?: ClusterConnectionConfig;
  known?: KnownCluster;
}

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Paging: list key ("<clusterId>|<listKey>") -> how many children are shown. */
  readonly pageLimits = new Map<string, Map<string, number>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly connections: () => ClusterConnectionConfig[],
    private readonly settingError: () => string | undefined,
    private readonly brokerTypeOf: (clusterId: string) => string | undefined,
    private readonly connect: (clusterId: string) => void,
    /** The one rule (explorerTree.ts demoPlacement()) given how many clusters of the user's own are listed. */
    private readonly placeDemo: (ownClusters: number) => 'hidden' | 'top' | 'samples',
  ) {
    this.subscriptions = [
      clusters.onDidChange(() => this.changed.fire(undefined)),
      // connecting / error states live in the registry: panels waiting for a cluster read them too
      clusters.onDidChangeConnection(() => this.changed.fire(undefined)),
    ];
  }

  refresh(element?: TreeElement): void {
    this.changed.fire(element);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  /** Demo first, then saved connections in setting order, then other clusters (snapshot files, ad-hoc snapshots). */
  entries(): ClusterEntry[] {
    const out: ClusterEntry[] = [];
    const seen = new Set<string>();
    const demo = this.clusters.get('demo');
    if (demo) {
      out.push({ id: 'demo', label: demo.label, kind: 'demo', known: demo });
      seen.add('demo');
    }
    for (const config of this.connections()) {
      const id = connectionId(config);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ id, label: config.name, kind: 'live', config, known: this.clusters.get(id) });
    }
    for (const known of this.clusters.all()) {
      if (seen.has(known.id)) continue;
      seen.add(known.id);
      out.push({ id: known.id, label: known.label, kind: known.kind, known });
    }
    return out;
  }

  /** Where the demo is shown: not at all (not in the registry), at the top, or inside "Samples" next to own clusters. */
  demoPlacement(): 'hidden' | 'top' | 'samples' {
    if (!this.clusters.get('demo')) return 'hidden';
    return this.placeDemo(this.entries().filter((e) => e.kind !== 'demo').length);
  }

  entry(clusterId: string): ClusterEntry | undefined {
    return this.entries().find((e) => e.id === clusterId);
  }

  status(clusterId: string): ClusterStatus {
    return this.clusters.connection(clusterId) ?? { state: this.clusters.get(clusterId) ? 'connected' : 'idle' };
  }

  options(clusterId: string): { brokerType?: string; pageLimits?: Map<string, number> } {
    return { brokerType: this.brokerTypeOf(clusterId), pageLimits: this.pageLimits.get(clusterId) };
  }

  loadMore(clusterId: string, listKey: string, shown: number, pageSize: number): void {
    let limits = this.pageLimits.get(clusterId);
    if (!limits) this.pageLimits.set(clusterId, (limits = new Map()));
    limits.set(listKey, shown + pageSize);
    this.changed.fire(undefined);
  }

  getChildren(element?: TreeElement): TreeElement[] {
    if (!element) {
      const error = this.settingError();
      const placement = this.demoPlacement();
      const clusters: TreeElement[] = this.entries()
        .filter((e) => e.kind !== 'demo' || placement === 'top')
        .map((e) => ({ kind: 'cluster', clusterId: e.id }));
      if (placement === 'samples') clusters.push({ kind: 'samples' });
      return error ? [{ kind: 'settingError', message: error }, ...clusters] : clusters;
    }
    if (element.kind === 'samples') return this.demoPlacement() === 'samples' ? [{ kind: 'cluster', clusterId: 'demo' }] : [];
    if (element.kind === 'cluster') {
      const entry = this.entry(element.clusterId);
      if (!entry) return [];
      const status = this.status(entry.id);
      const snapshot = this.clusters.get(entry.id)?.snapshot;
      const head: TreeElement[] = [];
      if (status.state === 'error') head.push({ kind: 'status', clusterId: entry.id, status: 'error', message: status.message });
      if (!snapshot) {
        if (status.state === 'connecting') return [{ kind: 'status', clusterId: entry.id, status: 'connecting', message: 'Connecting…' }];
        if (status.state === 'error') return head;
        // Lazy: the first expansion of a saved connection takes its snapshot in the background.
        if (entry.config) {
          queueMicrotask(() => this.connect(entry.id));
          return [{ kind: 'status', clusterId: entry.id, status: 'connecting', message: 'Connecting…' }];
        }
        return [{ kind: 'status', clusterId: entry.id, status: 'idle', message: 'No snapshot yet: refresh to take one' }];
      }
      return [...head, ...clusterSections(snapshot).map((node): TreeElement => ({ kind: 'node', clusterId: entry.id, node }))];
    }
    if (element.kind === 'node') {
      const snapshot = this.clusters.get(element.clusterId)?.snapshot;
      if (!snapshot) return [];
      return childrenOf(snapshot, element.node, this.options(element.clusterId)).map((node) => ({
        kind: 'node',
        clusterId: element.clusterId,
        node,
      }));
    }
    return [];
  }

  getParent(element: TreeElement): TreeElement | undefined {
    if (element.kind === 'cluster')
      return element.clusterId === 'demo' && this.demoPlacement() === 'samples' ? { kind: 'samples' } : undefined;
    if (element.kind !== 'node') return element.kind === 'status' ? { kind: 'cluster', clusterId: element.clusterId } : undefined;
    const n = element.node;
    const at = (node: ExplorerNode): TreeElement => ({ kind: 'node', clusterId: element.clusterId, node });
    switch (n.kind) {
      case 'broker':
        return at({ kind: 'brokers' });
      case 'topic':
        return at({ kind: 'topics' });
      case 'partition':
        return at({ kind: 'topic', topic: n.topic });
      case 'group':
        return at({ kind: 'groups' });
      case 'groupOffset':
        return at({ kind: 'group', groupId: n.groupId });
      case 'warning':
        return at({ kind: 'warnings' });
      default:
        return { kind: 'cluster', clusterId: element.clusterId };
    }
  }

  getTreeItem(element: TreeElement): vscode.TreeItem {
    switch (element.kind) {
      case 'settingError': {
        const item = new vscode.TreeItem('The kafkaPlanner.clusters setting is invalid', vscode.TreeItemCollapsibleState.None);
        item.description = element.message;
        item.tooltip = element.message;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.command = { command: 'workbench.action.openSettingsJson', title: 'Open settings' };
        return item;
      }
      case 'status': {
        const item = new vscode.TreeItem(
          element.status === 'error' ? `Error: ${element.message}` : element.message,
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = `${element.clusterId}|status:${element.status}`;
        item.tooltip = element.status === 'error' ? `${element.message}\nClick to open the log.` : element.message;
        item.iconPath =
          element.status === 'error'
            ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
            : element.status === 'connecting'
              ? new vscode.ThemeIcon('loading~spin')
              : new vscode.ThemeIcon('info');
        item.contextValue = `status.${element.status}`;
        if (element.status === 'error') item.command = { command: 'kafkaPlanner.openLog', title: 'Open log' };
        return item;
      }
      case 'samples': {
        const item = new vscode.TreeItem('Samples', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'samples';
        item.description = 'made-up data';
        item.tooltip =
          'The embedded demo cluster, to try every view without touching a real cluster. The setting kafkaPlanner.demoCluster hides it ("never").';
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.contextValue = 'samples';
        return item;
      }
      case 'cluster':
        return this.clusterItem(element.clusterId);
      case 'node': {
        const snapshot = this.clusters.get(element.clusterId)?.snapshot;
        if (!snapshot) return new vscode.TreeItem('(gone)');
        const view = describeNode(snapshot, element.node, this.options(element.clusterId));
        const item = toTreeItem(view);
        item.id = `${element.clusterId}|${nodeKey(element.node)}`;
        if (element.node.kind === 'loadMore') {
          item.command = { command: 'kafkaPlanner.loadMore', title: 'Load more', arguments: [element] };
        }
        return item;
      }
    }
  }

  private clusterItem(clusterId: string): vscode.TreeItem {
    const entry = this.entry(clusterId);
    const status = this.status(clusterId);
    const snapshot = entry?.known?.snapshot;
    const item = new vscode.TreeItem(
      entry?.label ?? clusterId,
      entry?.kind === 'demo' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = `cluster:${clusterId}`;
    const bits: string[] = [];
    if (entry?.kind === 'demo') bits.push('demo');
    else if (entry?.kind === 'file') bits.push('snapshot file');
    if (status.state === 'connecting') bits.push('connecting…');
    else if (status.state === 'error') bits.push('error');
    else if (snapshot && entry?.kind === 'live') bits.push('connected');
    else if (entry?.config && !snapshot) bits.push('not connected');
    if (snapshot) bits.push(`${snapshot.brokers.length} brokers`);
    if (entry?.config?.tls?.skipVerification) bits.push('⚠ TLS not verified');
    item.description = bits.join(' · ');
    const lines = [entry?.label ?? clusterId];
    if (entry?.config)
      lines.push(
        `Bootstrap: ${entry.config.bootstrap.join(', ')}`,
        `Security: ${describeSecurity(entry.config)}`,
        `Broker type: ${entry.config.brokerType ?? 'unknown'}`,
      );
    if (entry?.kind === 'demo') lines.push('The embedded demo cluster: made-up data to try every view without a cluster.');
    if (snapshot)
      lines.push(
        `Snapshot taken ${snapshot.takenAt}: ${snapshot.brokers.length} brokers, ${snapshot.topics.length} topics, ${snapshot.consumerGroups.length} consumer groups`,
      );
    if (status.state === 'error') lines.push(`Last error: ${status.message}`);
    item.tooltip = lines.join('\n');
    item.iconPath =
      status.state === 'error'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
        : status.state === 'connecting'
          ? new vscode.ThemeIcon('loading~spin')
          : entry?.kind === 'demo'
            ? new vscode.ThemeIcon('beaker')
            : entry?.kind === 'file'
              ? new vscode.ThemeIcon('file')
              : new vscode.ThemeIcon(snapshot ? 'vm-active' : 'vm-outline', snapshot ? new vscode.ThemeColor('charts.green') : undefined);
    item.contextValue = `cluster.${entry?.kind ?? 'live'}${entry?.config ? '.saved' : ''}${snapshot ? '.loaded' : ''}`;
    return item;
  }
}

function toTreeItem(view: NodeView): vscode.TreeItem {
  const item = new vscode.TreeItem(
    view.label,
    view.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.description = view.description;
  item.tooltip = view.tooltip;
  item.iconPath = new vscode.ThemeIcon(view.icon, view.color ? new vscode.ThemeColor(view.color) : undefined);
  item.contextValue = view.contextValue;
  return item;
}
