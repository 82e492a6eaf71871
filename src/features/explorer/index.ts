// The cluster explorer: saved connections (wizard, secrets, test connection), the Clusters tree, its context
// menu, the health status-bar item and auto-refresh. Pure tree logic lives in core/explorerTree.ts.

import * as vscode from 'vscode';
import { connectionId, describeSecurity, type ClusterConnectionConfig } from '../../core/connectionConfig';
import { DEFAULT_PAGE_SIZE, demoPlacement, healthSummary, topicPosition } from '../../core/explorerTree';
import { demoSnapshot } from '../../core/demo';
import { brokerLoads } from '../../core/brokerLoad';
import { snapshotToJson } from '../../core/snapshotJson';
import type { Services } from '../../services';
import { UserCancelled, registerCommand } from '../commands';
import { ConnectionStore } from './connections';
import { ConnectionSecrets } from './secrets';
import { ClusterTreeProvider, type TreeElement } from './treeProvider';
import { runConnectionWizard } from './wizard';
import { InputError } from '../../core/errors';
import { CLUSTERS_VIEW_ID, SELECTED_CLUSTER_STATE } from '../shell';

/** Context key: true when the reassignment planner's kafkaPlanner.planReassignment command is registered (menu `when`). */
const BROKER_TYPES_STATE = 'kafkaPlanner.brokerTypes';
/** globalState: the user opened the demo cluster once (it stays listed, per kafkaPlanner.demoCluster). */
const DEMO_OPENED_STATE = 'kafkaPlanner.demoOpened';
/** Context key: at least one cluster is listed in the Clusters view (the walkthrough's first step). */
const HAS_CLUSTERS_CONTEXT = 'kafkaPlanner.hasClusters';
const DEMO_CLUSTER_ID = 'demo';

function clusterIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'clusterId' in arg && typeof (arg as { clusterId: unknown }).clusterId === 'string')
    return (arg as { clusterId: string }).clusterId;
  return undefined;
}

export function registerExplorer(context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  const store = new ConnectionStore(services, new ConnectionSecrets(context.secrets));
  /** Registry entries whose snapshot came from a saved connection (dropped when the connection is). */
  const fromSavedConnection = new Set<string>();
  const brokerTypeOf = (id: string): string | undefined =>
    store.byId(id)?.brokerType ?? context.globalState.get<Record<string, string>>(BROKER_TYPES_STATE, {})[id];
  const running = new Map<string, vscode.CancellationTokenSource>();
  /** Background connections (SavedClusters.connect) in progress, by cluster id. */
  const connecting = new Map<string, Promise<void>>();

  const demoOpened = (): boolean => context.globalState.get<boolean>(DEMO_OPENED_STATE, false);
  const provider: ClusterTreeProvider = new ClusterTreeProvider(
    services.clusters,
    () => store.all(),
    () => store.settingError(),
    brokerTypeOf,
    (id) => void refreshCluster(id, { quiet: true }).catch(() => undefined),
    (own) => demoPlacement(services.settings.demoCluster, demoOpened(), own),
  );

  /** Lists or drops the demo cluster as its setting and the user's choice say (the tree decides top or Samples). */
  function syncDemo(): void {
    const listed = demoPlacement(services.settings.demoCluster, demoOpened(), 0) !== 'hidden';
    if (listed && !services.clusters.get(DEMO_CLUSTER_ID))
      services.clusters.set({ id: DEMO_CLUSTER_ID, label: 'Demo cluster', kind: 'demo', snapshot: demoSnapshot() });
    else if (!listed && services.clusters.get(DEMO_CLUSTER_ID)) services.clusters.delete(DEMO_CLUSTER_ID);
  }
  syncDemo();
  // the view itself was created at activation (src/features/shell.ts), with a stand-in provider until now
  const view = services.host.attachClustersView(provider);

  /** Takes a snapshot of a saved connection. quiet = from the tree or the timer: progress in the view, no pop-ups. */
  async function refreshCluster(id: string, opts: { quiet?: boolean } = {}): Promise<void> {
    const config = store.byId(id);
    if (!config) {
      const known = services.clusters.get(id);
      if (id === 'demo' || !known) return provider.refresh();
      if (known.kind === 'file') {
        await vscode.commands.executeCommand('kafkaPlanner.openSnapshotFile', vscode.Uri.parse(id.slice('file:'.length)));
        return;
      }
      await vscode.commands.executeCommand('kafkaPlanner.takeSnapshot', id.slice('live:'.length));
      return;
    }
    if (running.has(id)) return;
    const cts = new vscode.CancellationTokenSource();
    running.set(id, cts);
    services.clusters.setConnection(id, { state: 'connecting' });
    try {
      const settings = await store.connectionSettings(config);
      const { takeSnapshot } = await import('../../kafka/snapshot');
      const snapshot = await vscode.window.withProgress(
        opts.quiet
          ? { location: { viewId: CLUSTERS_VIEW_ID }, title: `Snapshot of ${config.name}` }
          : { location: vscode.ProgressLocation.Notification, title: `Snapshot of ${config.name}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => cts.cancel());
          return takeSnapshot(settings, {
            name: config.name,
            onProgress: (message) => progress.report({ message }),
            isCancelled: () => cts.token.isCancellationRequested,
          });
        },
      );
      for (const w of snapshot.warnings) services.log.warn(`${config.name}: ${w}`);
      services.log.info(
        `${config.name}: snapshot with ${snapshot.brokers.length} brokers, ${snapshot.topics.length} topics (${describeSecurity(config)})`,
      );
      services.clusters.set({ id, label: config.name, kind: 'live', snapshot });
      services.clusters.setConnection(id, undefined);
      fromSavedConnection.add(id);
      updateStatusBar();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (cts.token.isCancellationRequested) {
        services.log.info(`${config.name}: snapshot cancelled`);
        services.clusters.setConnection(id, undefined);
        if (!opts.quiet) throw new UserCancelled();
        return;
      }
      services.log.error(`${config.name}: ${message}`, err);
      services.clusters.setConnection(id, { state: 'error', message });
      if (!opts.quiet) throw err;
    } finally {
      running.delete(id);
      cts.dispose();
    }
  }

  function reconnectOnStartup(): vscode.Disposable {
    const timer = setTimeout(() => {
      if (!services.settings.reconnectOnStartup) return;
      void services.connections.reconnectSaved().then((results) => {
        if (results.length)
          services.log.info(
            `reconnect on startup: ${results.map((r) => `${store.byId(r.id)?.name ?? r.id} ${r.connected ? 'connected' : `failed (${r.error ?? 'cancelled'})`}`).join(', ')}`,
          );
      });
    }, 0);
    return new vscode.Disposable(() => clearTimeout(timer));
  }

  // Status bar: the cluster selected in this workspace (remembered per workspace), and nothing when none is: the
  // demo or another window's cluster never speaks for a workspace that did not choose it.
  const statusItem = vscode.window.createStatusBarItem('kafkaPlanner.clusterHealth', vscode.StatusBarAlignment.Left, 50);
  statusItem.name = 'Kafka cluster health';
  statusItem.command = { command: 'kafkaPlanner.clusters.focus', title: 'Show clusters' };
  let selectedCluster = context.workspaceState.get<string>(SELECTED_CLUSTER_STATE);
  function select(id: string | undefined): void {
    if (id === selectedCluster) return;
    selectedCluster = id;
    void context.workspaceState.update(SELECTED_CLUSTER_STATE, id);
    updateStatusBar();
  }
  function updateStatusBar(): void {
    void vscode.commands.executeCommand('setContext', HAS_CLUSTERS_CONTEXT, provider.entries().length > 0);
    const entry = selectedCluster ? provider.entry(selectedCluster) : undefined;
    if (!entry) return statusItem.hide();
    const known = services.clusters.get(entry.id);
    if (!known) {
      // a saved cluster without a snapshot yet (after a reload, or its connection failed)
      const state = services.clusters.connection(entry.id);
      statusItem.text = `${state?.state === 'connecting' ? '$(loading~spin)' : state?.state === 'error' ? '$(error)' : '$(plug)'} ${entry.label}: ${
        state?.state === 'connecting' ? 'connecting…' : state?.state === 'error' ? 'connection failed' : 'not connected'
      }`;
      statusItem.tooltip = state?.state === 'error' ? `${entry.label}: ${state.message}` : `${entry.label}: no snapshot yet`;
      statusItem.backgroundColor = undefined;
      return statusItem.show();
    }
    const h = healthSummary(known.snapshot, entry.label);
    const icon = h.severity === 'ok' ? '$(pass)' : h.severity === 'warning' ? '$(warning)' : '$(error)';
    statusItem.text = `${icon} ${h.text}`;
    statusItem.tooltip = h.tooltip;
    statusItem.backgroundColor =
      h.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : h.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    statusItem.show();
  }
  // The first health summary (building the demo cluster) runs right after activation, not inside activate().
  const firstStatus = setTimeout(updateStatusBar, 0);

  // Auto-refresh (kafkaPlanner.autoRefreshSeconds, 0 = off): saved connections that have a snapshot, quietly.
  let timer: NodeJS.Timeout | undefined;
  function scheduleAutoRefresh(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
    const seconds = services.settings.autoRefreshSeconds;
    if (seconds > 0) {
      timer = setInterval(
        () => {
          for (const c of store.all()) {
            const id = connectionId(c);
            if (services.clusters.get(id)) void refreshCluster(id, { quiet: true }).catch(() => undefined);
          }
        },
        Math.max(10, seconds) * 1000,
      );
    }
  }
  scheduleAutoRefresh();

  function brokerNode(arg: unknown): { clusterId: string; brokerId: number } {
    const el = arg as TreeElement | undefined;
    if (el?.kind !== 'node' || el.node.kind !== 'broker')
      throw new InputError('Right-click a broker in the Clusters view to simulate its failure.');
    return { clusterId: el.clusterId, brokerId: el.node.brokerId };
  }

  function requireCluster(arg: unknown): string {
    const id = clusterIdOf(arg) ?? selectedCluster;
    if (!id) throw new InputError('Select a cluster in the Clusters view first.');
    return id;
  }

  async function pickSavedConnection(arg: unknown, verb: string): Promise<ClusterConnectionConfig> {
    const id = clusterIdOf(arg);
    if (id) {
      const config = store.byId(id);
      if (!config)
        throw new InputError(
          `"${services.clusters.get(id)?.label ?? id}" is not a saved connection (only clusters added with "Add Cluster" can be ${verb}).`,
        );
      return config;
    }
    const all = store.all();
    if (!all.length) throw new InputError('No saved clusters yet: use "Add Cluster" first.');
    const chosen = await vscode.window.showQuickPick(
      all.map((c) => ({ label: c.name, description: c.bootstrap.join(','), config: c })),
      { title: `Cluster to ${verb.replace(/d$/, '')}` },
    );
    if (!chosen) throw new UserCancelled();
    return chosen.config;
  }

  async function runTestConnection(config: ClusterConnectionConfig): Promise<string> {
    const settings = await store.connectionSettings(config);
    const { testConnection } = await import('../../kafka/connection');
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Testing the connection to ${config.name}`, cancellable: true },
      async (_p, token) => {
        const cancelled = new Promise<never>((_, reject) => token.onCancellationRequested(() => reject(new UserCancelled())));
        return Promise.race([testConnection(settings), cancelled]);
      },
    );
    const message =
      `Connected to ${config.name} in ${result.elapsedMs} ms: ${result.brokers.length} brokers (${result.brokers.map((b) => `${b.id}${b.rack ? `@${b.rack}` : ''}`).join(', ')}), ` +
      `controller ${result.controllerId ?? 'unknown'}, ${result.topics} topics; ${describeSecurity(config)}.`;
    services.log.info(message);
    return message;
  }

  const copy = async (value: unknown): Promise<void> => {
    await vscode.env.clipboard.writeText(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };

  const subscriptions: vscode.Disposable[] = [
    // saved connections (TLS, SASL, IAM) are how every other feature reaches these clusters
    services.connections.setSavedClusters({
      nameOf: (id) => store.byId(id)?.name,
      ids: () => store.all().map(connectionId),
      settingsFor: async (id) => {
        const config = store.byId(id);
        return config ? store.connectionSettings(config) : undefined;
      },
      connect: (id) => {
        // one attempt at a time per cluster: a restored panel and the startup reconnect wait for the same snapshot
        let attempt = connecting.get(id);
        if (!attempt) {
          attempt = refreshCluster(id, { quiet: true })
            .catch(() => undefined)
            .finally(() => connecting.delete(id));
          connecting.set(id, attempt);
        }
        return attempt;
      },
    }),
    // After a window reload saved clusters come back without snapshots: reconnect them once activation is over,
    // in the background (progress in the Clusters view), so that activation never waits on a network.
    reconnectOnStartup(),
    provider,
    view,
    statusItem,
    { dispose: () => (timer ? clearInterval(timer) : undefined) },
    { dispose: () => clearTimeout(firstStatus) },
    { dispose: () => running.forEach((c) => c.cancel()) },
    services.clusters.onDidChange(() => updateStatusBar()),
    services.clusters.onDidChangeConnection((id) => (id === selectedCluster ? updateStatusBar() : undefined)),
    view.onDidChangeSelection((e) => {
      const first = e.selection[0];
      if (first && 'clusterId' in first) select(first.clusterId);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kafkaPlanner.clusters')) {
        // a connection removed from the setting (by hand, or by another window) takes its snapshot with it
        for (const id of [...fromSavedConnection]) {
          if (!store.byId(id)) {
            services.clusters.delete(id);
            fromSavedConnection.delete(id);
          }
        }
        provider.refresh();
        updateStatusBar();
      }
      if (e.affectsConfiguration('kafkaPlanner.demoCluster')) {
        syncDemo();
        if (!services.clusters.get(DEMO_CLUSTER_ID) && selectedCluster === DEMO_CLUSTER_ID) select(undefined);
        provider.refresh();
        updateStatusBar();
      }
      if (e.affectsConfiguration('kafkaPlanner.autoRefreshSeconds')) scheduleAutoRefresh();
    }),

    registerCommand(services, 'kafkaPlanner.refreshClusters', () => provider.refresh()),

    // The demo is a choice: the welcome view and the walkthrough offer it; it stays listed (in Samples once a cluster
    // of the user's own is) until kafkaPlanner.demoCluster says "never".
    registerCommand(services, 'kafkaPlanner.openDemoCluster', async () => {
      if (services.settings.demoCluster === 'never')
        throw new InputError(
          'The demo cluster is hidden by the setting kafkaPlanner.demoCluster ("never"): set it to "whenOpened" to open it.',
        );
      await context.globalState.update(DEMO_OPENED_STATE, true);
      syncDemo();
      provider.refresh();
      await vscode.commands.executeCommand(`${CLUSTERS_VIEW_ID}.focus`);
      const element: TreeElement = { kind: 'cluster', clusterId: DEMO_CLUSTER_ID };
      await view
        .reveal(element, { select: true, focus: true, expand: true })
        .then(undefined, (err: unknown) => services.log.warn(`could not reveal the demo cluster in the Clusters view: ${String(err)}`));
      select(DEMO_CLUSTER_ID);
      return DEMO_CLUSTER_ID;
    }),
    registerCommand(services, 'kafkaPlanner.refreshCluster', (arg) => refreshCluster(requireCluster(arg))),

    registerCommand(services, 'kafkaPlanner.addCluster', async () => {
      const result = await runConnectionWizard(store.all().map((c) => c.name));
      const id = connectionId(result.config);
      if (store.byId(id))
        throw new InputError(
          `A saved cluster already uses ${result.config.bootstrap.join(',')} ("${store.byId(id)!.name}"): edit that one instead.`,
        );
      await store.secrets.set(id, 'saslPassword', result.saslPassword);
      await store.secrets.set(id, 'keyPassphrase', result.keyPassphrase);
      await store.save(result.config);
      services.log.info(`added cluster ${result.config.name} (${result.config.bootstrap.join(',')}, ${describeSecurity(result.config)})`);
      provider.refresh();
      const choice = await vscode.window.showInformationMessage(
        `Added ${result.config.name}. Test the connection now?`,
        'Test connection',
        'Not now',
      );
      if (choice === 'Test connection') await vscode.commands.executeCommand('kafkaPlanner.testConnection', id);
      return id;
    }),

    registerCommand(services, 'kafkaPlanner.editCluster', async (arg) => {
      const existing = await pickSavedConnection(arg, 'edited');
      const oldId = connectionId(existing);
      const result = await runConnectionWizard(
        store
          .all()
          .filter((c) => c.name !== existing.name)
          .map((c) => c.name),
        existing,
      );
      const newId = connectionId(result.config);
      if (newId !== oldId && store.byId(newId))
        throw new InputError(`Another saved cluster already uses ${result.config.bootstrap.join(',')}.`);
      await store.save(result.config, oldId);
      if (result.saslPassword !== undefined) await store.secrets.set(newId, 'saslPassword', result.saslPassword);
      if (!result.config.sasl || result.config.sasl.mechanism === 'AWS_MSK_IAM') await store.secrets.set(newId, 'saslPassword', undefined);
      if (result.keyPassphrase !== undefined) await store.secrets.set(newId, 'keyPassphrase', result.keyPassphrase);
      if (!result.config.tls?.keyFile) await store.secrets.set(newId, 'keyPassphrase', undefined);
      services.clusters.setConnection(oldId, undefined);
      services.log.info(`edited cluster ${result.config.name}`);
      provider.refresh();
      return newId;
    }),

    registerCommand(services, 'kafkaPlanner.renameCluster', async (arg) => {
      const existing = await pickSavedConnection(arg, 'renamed');
      const { validateConnectionName } = await import('../../core/connectionConfig');
      const others = store
        .all()
        .filter((c) => c.name !== existing.name)
        .map((c) => c.name);
      const name = await vscode.window.showInputBox({
        title: `Rename ${existing.name}`,
        value: existing.name,
        validateInput: (v) => validateConnectionName(v, others),
      });
      if (name === undefined) throw new UserCancelled();
      await store.save({ ...existing, name: name.trim() }, connectionId(existing));
      const known = services.clusters.get(connectionId(existing));
      if (known) services.clusters.set({ ...known, label: name.trim() });
      provider.refresh();
    }),

    registerCommand(services, 'kafkaPlanner.removeCluster', async (arg) => {
      const existing = await pickSavedConnection(arg, 'removed');
      const answer = await vscode.window.showWarningMessage(
        `Remove the cluster "${existing.name}" (${existing.bootstrap.join(',')})? Its saved connection and its stored secrets are deleted; the cluster itself is not touched.`,
        { modal: true },
        'Remove',
      );
      if (answer !== 'Remove') throw new UserCancelled();
      const id = connectionId(existing);
      running.get(id)?.cancel();
      await store.remove(id);
      services.clusters.setConnection(id, undefined);
      services.clusters.delete(id);
      if (selectedCluster === id) select(undefined);
      services.log.info(`removed cluster ${existing.name} and its secrets`);
      provider.refresh();
      updateStatusBar();
    }),

    registerCommand(services, 'kafkaPlanner.testConnection', async (arg) => {
      const config = await pickSavedConnection(arg, 'tested');
      const message = await runTestConnection(config);
      void vscode.window.showInformationMessage(message);
      return message;
    }),

    registerCommand(services, 'kafkaPlanner.setBrokerType', async (arg) => {
      const id = requireCluster(arg);
      const { BROKER_CATALOG } = await import('../../core/sizing/catalog');
      const current = brokerTypeOf(id);
      const chosen = await vscode.window.showQuickPick(
        [
          { label: 'unknown', description: 'self-managed or not listed: no limit shown' },
          ...BROKER_CATALOG.map((t) => ({
            label: t.id,
            description: `${t.partitionsRecommended} partitions per broker recommended, ${t.partitionsMax} max`,
          })),
        ],
        { title: 'Broker type of this cluster', placeHolder: current ?? 'unknown' },
      );
      if (!chosen) throw new UserCancelled();
      const type = chosen.label === 'unknown' ? undefined : chosen.label;
      const config = store.byId(id);
      if (config) await store.save({ ...config, ...(type ? { brokerType: type } : { brokerType: undefined }) }, id);
      else {
        const map = { ...context.globalState.get<Record<string, string>>(BROKER_TYPES_STATE, {}) };
        if (type) map[id] = type;
        else delete map[id];
        await context.globalState.update(BROKER_TYPES_STATE, map);
      }
      provider.refresh();
    }),

    registerCommand(services, 'kafkaPlanner.copyAsJson', async (arg) => {
      const el = arg as TreeElement | undefined;
      if (!el || !('clusterId' in el)) throw new InputError('Right-click a node in the Clusters view to copy it as JSON.');
      const snapshot = services.clusters.get(el.clusterId)?.snapshot;
      if (!snapshot) throw new InputError('This cluster has no snapshot yet: refresh it first.');
      if (el.kind !== 'node') return copy(snapshotToJson(snapshot));
      const n = el.node;
      switch (n.kind) {
        case 'brokers':
          return copy(brokerLoads(snapshot));
        case 'broker':
          return copy(brokerLoads(snapshot).find((l) => l.broker.id === n.brokerId) ?? { brokerId: n.brokerId, missing: true });
        case 'topics':
          return copy(snapshot.topics);
        case 'topic':
          return copy(snapshot.topics.find((t) => t.name === n.topic));
        case 'partition':
          return copy({
            topic: n.topic,
            ...snapshot.topics.find((t) => t.name === n.topic)?.partitions.find((p) => p.partition === n.partition),
          });
        case 'groups':
          return copy(snapshot.consumerGroups);
        case 'group':
          return copy(snapshot.consumerGroups.find((g) => g.groupId === n.groupId));
        default:
          return copy(snapshotToJson(snapshot));
      }
    }),

    registerCommand(services, 'kafkaPlanner.explorer.openSkewView', (arg) =>
      vscode.commands.executeCommand('kafkaPlanner.openSkewView', requireCluster(arg)),
    ),
    registerCommand(services, 'kafkaPlanner.explorer.planReassignment', async (arg) => {
      return vscode.commands.executeCommand('kafkaPlanner.planReassignment', requireCluster(arg));
    }),
    // A broker node's "Simulate Failure…" entries: the broker, or every broker of its rack (AZ), with the cluster's broker type.
    registerCommand(services, 'kafkaPlanner.explorer.simulateBrokerFailure', (arg) => {
      const { clusterId, brokerId } = brokerNode(arg);
      const brokerType = brokerTypeOf(clusterId);
      return vscode.commands.executeCommand('kafkaPlanner.simulateFailure', {
        clusterId,
        brokers: [brokerId],
        ...(brokerType ? { brokerType } : {}),
      });
    }),
    registerCommand(services, 'kafkaPlanner.explorer.simulateRackFailure', (arg) => {
      const { clusterId, brokerId } = brokerNode(arg);
      const rack = services.clusters.get(clusterId)?.snapshot.brokers.find((b) => b.id === brokerId)?.rack;
      if (!rack)
        throw new InputError(
          `Broker ${brokerId} has no broker.rack: there is no rack (AZ) to fail. Simulate the broker's failure instead.`,
        );
      const brokerType = brokerTypeOf(clusterId);
      return vscode.commands.executeCommand('kafkaPlanner.simulateFailure', { clusterId, rack, ...(brokerType ? { brokerType } : {}) });
    }),

    registerCommand(services, 'kafkaPlanner.loadMore', (arg) => {
      const el = arg as TreeElement | undefined;
      if (el?.kind !== 'node' || el.node.kind !== 'loadMore') return;
      provider.loadMore(el.clusterId, el.node.listKey, el.node.shown, DEFAULT_PAGE_SIZE);
    }),

    registerCommand(services, 'kafkaPlanner.revealTopic', async (clusterArg, topicArg) => {
      const clusterId = clusterIdOf(clusterArg);
      if (!clusterId || typeof topicArg !== 'string') throw new Error('kafkaPlanner.revealTopic needs a cluster id and a topic name.');
      const snapshot = services.clusters.get(clusterId)?.snapshot;
      if (!snapshot) throw new InputError(`No snapshot of cluster ${clusterId} is loaded.`);
      const position = topicPosition(snapshot, topicArg);
      if (position < 0)
        throw new InputError(
          `Topic "${topicArg}" is not in the snapshot of ${provider.entry(clusterId)?.label ?? clusterId} (taken ${snapshot.takenAt}): refresh the cluster.`,
        );
      // Make sure the page that holds the topic is shown.
      const limit = provider.options(clusterId).pageLimits?.get('topics') ?? DEFAULT_PAGE_SIZE;
      if (position >= limit) provider.loadMore(clusterId, 'topics', position + 1 - DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE);
      await vscode.commands.executeCommand(`${CLUSTERS_VIEW_ID}.focus`);
      await view.reveal({ kind: 'node', clusterId, node: { kind: 'topic', topic: topicArg } }, { select: true, focus: true, expand: true });
    }),
  ];
  return subscriptions;
}
