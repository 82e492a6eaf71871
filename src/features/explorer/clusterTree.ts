// The sidebar tree: clusters, then their brokers, topics and consumer groups, from each cluster's snapshot.
// Nodes are plain data (no TreeItem subclasses); getTreeItem renders them. The cluster explorer issue adds
// connections, partitions, paging and health colors on top of this.

import * as vscode from 'vscode';
import { brokerLoads, type BrokerLoad } from '../../core/brokerLoad';
import { isUnderReplicated, type TopicInfo } from '../../core/model';
import { formatBytes, formatPercent } from '../../core/units';
import type { ClusterRegistry, KnownCluster } from '../../services';

export type ClusterTreeNode =
  | { kind: 'cluster'; cluster: KnownCluster }
  | { kind: 'brokers'; cluster: KnownCluster }
  | { kind: 'broker'; cluster: KnownCluster; load: BrokerLoad }
  | { kind: 'topics'; cluster: KnownCluster }
  | { kind: 'topic'; cluster: KnownCluster; topic: TopicInfo }
  | { kind: 'groups'; cluster: KnownCluster }
  | { kind: 'empty'; message: string };

export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly clusters: ClusterRegistry) {
    this.subscription = clusters.onDidChange(() => this.changed.fire(undefined));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  getChildren(node?: ClusterTreeNode): ClusterTreeNode[] {
    if (!node) return this.clusters.all().map((cluster) => ({ kind: 'cluster', cluster }));
    switch (node.kind) {
      case 'cluster':
        return [
          { kind: 'brokers', cluster: node.cluster },
          { kind: 'topics', cluster: node.cluster },
          { kind: 'groups', cluster: node.cluster },
        ];
      case 'brokers': {
        const loads = brokerLoads(node.cluster.snapshot);
        return loads.length ? loads.map((load) => ({ kind: 'broker', cluster: node.cluster, load })) : [{ kind: 'empty', message: 'No brokers in this snapshot' }];
      }
      case 'topics': {
        const topics = node.cluster.snapshot.topics;
        return topics.length ? topics.map((topic) => ({ kind: 'topic', cluster: node.cluster, topic })) : [{ kind: 'empty', message: 'No topics' }];
      }
      case 'groups':
        return node.cluster.snapshot.consumerGroups.length
          ? [{ kind: 'empty', message: `${node.cluster.snapshot.consumerGroups.length} groups (details come with the explorer)` }]
          : [{ kind: 'empty', message: 'No consumer groups' }];
      default:
        return [];
    }
  }

  getTreeItem(node: ClusterTreeNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'cluster': {
        const s = node.cluster.snapshot;
        const item = new vscode.TreeItem(node.cluster.label, node.cluster.kind === 'demo' ? vscode.TreeItemCollapsibleState.Expanded : collapsed);
        item.description = node.cluster.kind === 'demo' ? 'demo' : `${s.brokers.length} brokers`;
        item.tooltip = `${s.name}: ${s.brokers.length} brokers, ${s.topics.length} topics; snapshot taken ${s.takenAt}`;
        item.iconPath = new vscode.ThemeIcon(node.cluster.kind === 'demo' ? 'beaker' : 'server-environment');
        item.contextValue = `cluster.${node.cluster.kind}`;
        item.id = `cluster:${node.cluster.id}`;
        return item;
      }
      case 'brokers': {
        const item = new vscode.TreeItem('Brokers', collapsed);
        item.description = String(node.cluster.snapshot.brokers.length);
        item.iconPath = new vscode.ThemeIcon('server');
        item.id = `brokers:${node.cluster.id}`;
        return item;
      }
      case 'broker': {
        const { broker, replicas, leaders, diskUsedRatio, replicaBytes } = node.load;
        const item = new vscode.TreeItem(`${broker.id}${broker.isController ? ' (controller)' : ''}`, vscode.TreeItemCollapsibleState.None);
        item.description = `rack ${broker.rack ?? '-'} · ${replicas} replicas · ${leaders} leaders · ${formatBytes(replicaBytes)}${diskUsedRatio !== undefined ? ` · disk ${formatPercent(diskUsedRatio, 0)}` : ''}`;
        item.tooltip = `${broker.host}:${broker.port}\nrack: ${broker.rack ?? 'none'}\nreplicas hosted: ${replicas}, leaders: ${leaders}\n` +
          `replica bytes (DescribeLogDirs): ${formatBytes(replicaBytes)}\n` +
          (diskUsedRatio !== undefined ? `disk used: ${formatPercent(diskUsedRatio)} (MSK alerts at 60 % and 80 %)` : 'disk capacity not reported by this broker');
        item.iconPath = new vscode.ThemeIcon(node.load.diskLevel === 'action' || node.load.diskLevel === 'critical' ? 'warning' : 'server');
        item.id = `broker:${node.cluster.id}:${broker.id}`;
        return item;
      }
      case 'topics': {
        const item = new vscode.TreeItem('Topics', collapsed);
        item.description = String(node.cluster.snapshot.topics.length);
        item.iconPath = new vscode.ThemeIcon('list-tree');
        item.id = `topics:${node.cluster.id}`;
        return item;
      }
      case 'topic': {
        const t = node.topic;
        const urp = t.partitions.filter(isUnderReplicated).length;
        const item = new vscode.TreeItem(t.name, vscode.TreeItemCollapsibleState.None);
        item.description = `${t.partitions.length} partitions · RF ${t.partitions[0]?.replicas.length ?? 0}${urp ? ` · ${urp} under-replicated` : ''}`;
        item.iconPath = new vscode.ThemeIcon(urp ? 'warning' : 'symbol-event');
        item.id = `topic:${node.cluster.id}:${t.name}`;
        return item;
      }
      case 'groups': {
        const item = new vscode.TreeItem('Consumer groups', collapsed);
        item.description = String(node.cluster.snapshot.consumerGroups.length);
        item.iconPath = new vscode.ThemeIcon('organization');
        item.id = `groups:${node.cluster.id}`;
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }
}
