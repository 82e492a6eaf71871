// The skew panel: per-broker bar charts with the mean and the balanced band, a per-topic view, tables of
// the most skewed topics and hottest partitions, "Sample rates" for live clusters, CSV and PNG export, and restore
// after a window reload (WebviewPanelSerializer keyed by cluster id). Metrics: src/core/skew (see its README.md).

import * as vscode from 'vscode';
import { demoRateSamples } from '../../core/demo';
import type { ClusterSnapshot } from '../../core/model';
import { SkewInputError, buildSkewReport, skewReportToCsv, type SkewCsvTable, type SkewReport } from '../../core/skew';
import type { KnownCluster, Services } from '../../services';
import {
  PNG_DATA_URL_PREFIX,
  isSkewPanelState,
  isWebviewToHost,
  type HostToWebview,
  type WebviewToHost,
} from '../../../webview/skew/protocol';
import { UserCancelled, registerCommand } from '../commands';
import { PanelRegistry, WebviewPanelHost, registerPanelRestorer } from '../webviewHost';
import { sampleTwoSnapshots } from '../sampling';
import { canRestorePanel, panelCluster, panelClusterLabel } from '../panelCluster';
import { InputError, NoClusterError } from '../../core/errors';

export const SKEW_VIEW_TYPE = 'kafkaPlanner.skew';
/** The explorer's reveal command, used when the explorer registers it; else the Clusters view is just shown. */
const REVEAL_TOPIC_COMMAND = 'kafkaPlanner.revealTopic';
/** The demo's rates come from two demo samples a minute apart, like `kfp skew --demo`. */

export function registerSkew(context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  const panels = new PanelRegistry<SkewPanel>(SKEW_VIEW_TYPE, 'Skew');
  const open = (clusterId: string, restored?: vscode.WebviewPanel) =>
    panels.open(clusterId, (panel) => new SkewPanel(context, services, clusterId, panel), restored);

  return [
    registerCommand(services, 'kafkaPlanner.openSkewView', async (clusterIdArg?: unknown) => {
      const clusterId = typeof clusterIdArg === 'string' ? clusterIdArg : await pickCluster(services);
      if (!services.clusters.get(clusterId)) {
        throw new InputError(
          `No cluster with id "${clusterId}" is loaded: take a snapshot or open a snapshot file first (known: ${services.clusters
            .all()
            .map((c) => c.id)
            .join(', ')}).`,
        );
      }
      open(clusterId);
      return clusterId;
    }),

    // Re-validate: only a cluster id is saved. Snapshots are not kept across reloads: a saved cluster's panel opens
    // "connecting", connects its cluster and fills in when the snapshot arrives; any other cluster's panel is closed.
    registerPanelRestorer(SKEW_VIEW_TYPE, services, (panel, state) => {
      const clusterId = isSkewPanelState(state) ? state.clusterId : undefined;
      if (!clusterId) throw new Error('no cluster id saved');
      if (panels.get(clusterId)) throw new Error(`a skew panel of ${clusterId} is already open`);
      if (!canRestorePanel(services, clusterId)) throw new Error(`cluster ${clusterId} is neither loaded nor a saved cluster any more`);
      open(clusterId, panel);
      if (!services.clusters.get(clusterId)) void services.connections.connect(clusterId);
    }),

    services.clusters.onDidChange(() => {
      for (const p of panels.all()) p.refresh();
    }),
    services.clusters.onDidChangeConnection((id) => panels.get(id)?.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kafkaPlanner.skew')) for (const p of panels.all()) p.refresh();
    }),
    panels,
  ];
}

async function pickCluster(services: Services): Promise<string> {
  if (services.clusters.all().length === 0) throw new NoClusterError('open the skew view of');
  const items = services.clusters.all().map((c) => ({
    label: c.label,
    description: c.kind === 'demo' ? 'demo data' : c.kind === 'live' ? `live snapshot ${c.snapshot.takenAt}` : 'snapshot file',
    detail: `${c.snapshot.brokers.length} brokers, ${c.snapshot.topics.length} topics`,
    id: c.id,
    picked: c.id === 'demo',
  }));
  const quickPick = vscode.window.createQuickPick<(typeof items)[number]>();
  quickPick.title = 'Open the skew view of which cluster?';
  quickPick.items = items;
  quickPick.activeItems = items.filter((i) => i.picked);
  const chosen = await new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.id ?? quickPick.activeItems[0]?.id));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!chosen) throw new UserCancelled();
  return chosen;
}

class SkewPanel implements vscode.Disposable {
  readonly host: WebviewPanelHost<HostToWebview, WebviewToHost>;
  /** The earlier sample of a live cluster, from "Sample rates". */
  private previous: ClusterSnapshot | undefined;
  private sampling: vscode.CancellationTokenSource | undefined;
  private report: SkewReport | undefined;

  constructor(
    context: vscode.ExtensionContext,
    private readonly services: Services,
    private readonly clusterId: string,
    panel: vscode.WebviewPanel,
  ) {
    const label = panelClusterLabel(services, clusterId);
    this.host = new WebviewPanelHost(panel, {
      context,
      services,
      bundle: 'skew',
      title: `Skew: ${label}`,
      isMessage: isWebviewToHost,
      onReady: () => this.refresh(),
      onMessage: (m) => this.onMessage(m),
    });
    panel.onDidDispose(() => this.sampling?.cancel());
  }

  private get cluster(): KnownCluster | undefined {
    return this.services.clusters.get(this.clusterId);
  }

  refresh(): void {
    const state = panelCluster(this.services, this.clusterId);
    if (state.kind === 'gone') {
      this.host.post({
        type: 'error',
        message: `The cluster ${this.clusterId} is no longer loaded. Close this panel and open the skew view again.`,
      });
      return;
    }
    if (state.kind === 'waiting') {
      this.report = undefined;
      this.host.panel.title = `Skew: ${state.connection.clusterName}`;
      this.host.post({ type: 'connection', clusterId: this.clusterId, ...state.connection });
      return;
    }
    const cluster = state.cluster;
    const settings = this.services.settings;
    const sampleSeconds = settings.skewSampleSeconds;
    let previous: ClusterSnapshot | undefined;
    let ratesHint = '';
    if (cluster.kind === 'demo') {
      previous = demoRateSamples().previous;
    } else if (cluster.kind === 'live') {
      previous = this.previous;
      ratesHint = `Write and replication rates need two snapshots: "Sample rates" takes two ${sampleSeconds} s apart (setting kafkaPlanner.skew.sampleSeconds).`;
    } else {
      ratesHint =
        'This snapshot was opened from a file: rates need an earlier snapshot of the same cluster (kfp skew FILE --previous EARLIER.json).';
    }
    try {
      let report: SkewReport;
      try {
        report = buildSkewReport(cluster.snapshot, {
          previous,
          balanceTolerance: settings.skewBalanceTolerance,
          hotPartitionCount: settings.skewHotPartitions,
        });
      } catch (err) {
        if (!(err instanceof SkewInputError) || !previous) throw err;
        // The earlier sample does not fit the current snapshot (another cluster, or not earlier): drop it.
        this.services.log.warn(`skew ${this.clusterId}: rates dropped: ${err.message}`);
        this.previous = undefined;
        ratesHint = `Rates dropped: ${err.message}`;
        report = buildSkewReport(cluster.snapshot, {
          balanceTolerance: settings.skewBalanceTolerance,
          hotPartitionCount: settings.skewHotPartitions,
        });
      }
      this.report = report;
      this.host.panel.title = `Skew: ${cluster.label}`;
      this.host.post({
        type: 'report',
        cluster: { id: cluster.id, label: cluster.label, kind: cluster.kind },
        report,
        canSample: cluster.kind === 'live',
        sampleSeconds,
        ratesHint: report.rates ? '' : ratesHint,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.services.log.error(`skew ${this.clusterId}: ${message}`, err);
      this.host.post({
        type: 'error',
        message: err instanceof SkewInputError ? `${message} Check the kafkaPlanner.skew settings.` : message,
      });
    }
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return; // handled by the host helper
      case 'revealTopic':
        return this.revealTopic(message.topic);
      case 'sampleRates':
        return this.sampleRates();
      case 'exportCsv':
        return this.exportCsv();
      case 'exportPng':
        return this.exportPng(message.dataUrl, message.name);
      case 'retryConnection':
        return this.services.connections.connect(this.clusterId);
    }
  }

  private async revealTopic(topic: string): Promise<void> {
    await vscode.commands.executeCommand(REVEAL_TOPIC_COMMAND, this.clusterId, topic);
  }

  /** Two snapshots N seconds apart (progress, cancellable); the later one becomes the cluster's snapshot. */
  private async sampleRates(): Promise<void> {
    const cluster = this.cluster;
    if (!cluster || cluster.kind !== 'live' || this.sampling) return;
    const seconds = this.services.settings.skewSampleSeconds;
    const source = new vscode.CancellationTokenSource();
    this.sampling = source;
    this.host.post({ type: 'sampling', state: 'started', message: `Sampling ${seconds} s…` });
    try {
      const [earlier, later] = await sampleTwoSnapshots(this.services, cluster, seconds, source);
      for (const w of later.warnings) this.services.log.warn(`${cluster.label}: ${w}`);
      this.previous = earlier;
      this.host.post({ type: 'sampling', state: 'finished' });
      this.services.clusters.set({ ...cluster, snapshot: later }); // refreshes every panel of this cluster
    } catch (err) {
      if (err instanceof vscode.CancellationError || source.token.isCancellationRequested) {
        this.host.post({ type: 'sampling', state: 'cancelled', message: 'Sampling cancelled.' });
        return;
      }
      this.host.post({ type: 'sampling', state: 'failed', message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      source.dispose();
      this.sampling = undefined;
    }
  }

  private async exportCsv(): Promise<void> {
    const report = this.report;
    if (!report) return;
    const tables: { label: string; description: string; table: SkewCsvTable }[] = [
      { label: 'Brokers', description: 'one row per broker: replicas, leaders, bytes, disk, rates', table: 'brokers' },
      { label: 'Topics', description: 'one row per topic: spread over brokers and racks', table: 'topics' },
      { label: 'Hot partitions', description: `top ${report.hotPartitionCount} by write rate and by size`, table: 'hotPartitions' },
    ];
    const choice = await vscode.window.showQuickPick(tables, { title: 'Export which table as CSV?' });
    if (!choice) return;
    await this.save(
      `skew-${fileSafe(report.cluster)}-${choice.table}.csv`,
      { CSV: ['csv'] },
      new TextEncoder().encode(skewReportToCsv(report, choice.table)),
    );
  }

  private async exportPng(dataUrl: string, name: string): Promise<void> {
    const bytes = Buffer.from(dataUrl.slice(PNG_DATA_URL_PREFIX.length), 'base64');
    await this.save(`${fileSafe(name)}.png`, { 'PNG image': ['png'] }, bytes);
  }

  private async save(fileName: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters,
      title: `Export ${fileName}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    this.services.log.info(`skew export written: ${target.toString()}`);
    void vscode.window.showInformationMessage(`Exported ${target.path.split('/').pop()}.`);
  }

  dispose(): void {
    this.sampling?.cancel();
    this.host.dispose();
  }
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'cluster';
}
