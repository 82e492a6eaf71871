// The services every feature receives: the log, typed settings, and the registry of known clusters.
// Created once in activate(); features never construct their own.

import type { ConnectionSettings } from './kafka/connection';
import type { FeatureHost } from './features/shell';
import * as vscode from 'vscode';
import type { ClusterSnapshot } from './core/model';
import { SETTINGS_SECTION, SETTING_DEFAULTS, type DemoClusterSetting, type SettingKey } from './core/settings';
import { InputError } from './core/errors';
import { DEFAULT_GOALS, GOALS, type GoalId } from './core/planner/plan';

/**
 * The one typed reader of the extension's settings. Keys and defaults come from src/core/settings.ts, which
 * package.json's contributes.configuration mirrors (checked by a unit test); no feature reads the configuration itself.
 */
export class Settings {
  private read<K extends SettingKey>(key: K): (typeof SETTING_DEFAULTS)[K] {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get(key, SETTING_DEFAULTS[key]);
  }
  get connectTimeoutMs(): number {
    return this.read('connectTimeoutMs');
  }
  get requestTimeoutMs(): number {
    return this.read('requestTimeoutMs');
  }
  /** Where the demo cluster is listed: once opened, always, or never (explorerTree.ts demoPlacement()). */
  get demoCluster(): DemoClusterSetting {
    const value = this.read('demoCluster');
    return value === 'always' || value === 'never' ? value : 'whenOpened';
  }
  /**
   * VS Code's own workbench.welcomePage.walkthroughs.openOnInstall (default true): whether the walkthrough opens on the
   * first run after installation. Not one of ours, read here so that features never read the configuration.
   */
  get openWalkthroughOnInstall(): boolean {
    return vscode.workspace.getConfiguration('workbench.welcomePage.walkthroughs').get('openOnInstall', true);
  }
  /** Reconnect saved clusters after a window reload (in the background, after activation). */
  get reconnectOnStartup(): boolean {
    return this.read('reconnectOnStartup');
  }
  /** Re-take saved clusters' snapshots every this many seconds (at least 10); 0 = off. */
  get autoRefreshSeconds(): number {
    return this.read('autoRefreshSeconds');
  }
  /** The raw `kafkaPlanner.clusters` value; the explorer validates it (readConnections) and writes it. */
  get savedClustersRaw(): unknown {
    return this.read('clusters');
  }
  /** Skew panel: balanced = every broker within ±this fraction of the mean (0.1 = Cruise Control's 1.10). */
  get skewBalanceTolerance(): number {
    return this.read('skew.balanceTolerance');
  }
  get skewHotPartitions(): number {
    return this.read('skew.hotPartitions');
  }
  get skewSampleSeconds(): number {
    return this.read('skew.sampleSeconds');
  }
  /** Planner: balanced = every broker within ±this fraction of the mean. */
  get plannerTolerance(): number {
    return this.read('planner.tolerance');
  }
  /** Planner: replication throttle for duration estimates and execution, MB/s (10^6 B/s). */
  get plannerThrottleMBps(): number {
    return this.read('planner.throttleMBps');
  }
  /** Planner: concurrent partition moves per broker (Cruise Control's default 5). */
  get plannerMovesPerBroker(): number {
    return this.read('planner.movesPerBroker');
  }
  /** Planner: the soft goals in priority order (the wizard preselects them). */
  get plannerGoals(): GoalId[] {
    // package.json's enum keeps the ids valid in the settings editor; a hand-edited settings.json may not
    const raw: unknown = this.read('planner.goals');
    const goals = Array.isArray(raw) ? (raw.filter((g) => typeof g === 'string' && Object.hasOwn(GOALS, g)) as GoalId[]) : [];
    return goals.length ? goals : [...DEFAULT_GOALS];
  }
  /** Planner: per-broker capacity text (capacitySpec.ts); empty when capacities are not checked. */
  get plannerCapacity(): string {
    return this.read('planner.capacity');
  }
  /** Planner: executing a plan that moves more than this many bytes asks for the cluster's name; 0 = always. */
  get plannerConfirmByNameAboveBytes(): number {
    return this.read('planner.confirmByNameAboveBytes');
  }
  /** Managed Flink price per KPU-hour, USD (us-east-1 default; prices vary by region): sizing and the Flink lens. */
  /** Flink sizing: target utilization of a subtask at peak (headroom below the autoscaling trigger). */
  get sizingFlinkTargetUtilization(): number {
    return this.read('sizing.flinkTargetUtilization');
  }
  get kpuHourPriceUsd(): number {
    return this.read('sizing.kpuHourPriceUsd');
  }
  /** Sizing: Managed Flink running storage price per GB-month, USD (us-east-1 default). */
  get sizingRunningStorageGbMonthPriceUsd(): number {
    return this.read('sizing.runningStorageGbMonthPriceUsd');
  }
  /** Flink lens settings (kafkaPlanner.flinkLens.*) with the shared KPU price. */
  get flinkLens() {
    return {
      enabled: this.read('flinkLens.enabled'),
      target: this.read('flinkLens.deploymentTarget') === 'managed' ? ('managed' as const) : ('self-managed' as const),
      disabledRules: this.read('flinkLens.disabledRules'),
      severities: this.read('flinkLens.ruleSeverities'),
      defaultParallelism: this.read('flinkLens.defaultParallelism'),
      parallelismPerKpu: this.read('flinkLens.parallelismPerKpu'),
      kpuHourPriceUsd: this.kpuHourPriceUsd,
    };
  }
}

export type ClusterKind = 'demo' | 'live' | 'file';

/** A saved cluster without a snapshot yet: being connected, or the reason its last connection failed. */
export type ConnectionState = { state: 'connecting' } | { state: 'error'; message: string };

export interface KnownCluster {
  /** Stable id: "demo", "live:<bootstrap>", "file:<path>". */
  id: string;
  label: string;
  kind: ClusterKind;
  snapshot: ClusterSnapshot;
  /** The snapshot this one replaced (same cluster, taken earlier): with it, rates for the plan's traffic goals. */
  previousSnapshot?: ClusterSnapshot;
}

/**
 * The clusters the user is looking at, each with its latest snapshot, and the connection state of saved clusters
 * being connected (the tree and the panels waiting for them show it). The demo cluster is in it only once the user
 * chose it (the explorer adds and removes it: see explorerTree.ts demoPlacement()).
 */
export class ClusterRegistry implements vscode.Disposable {
  private readonly clusters = new Map<string, KnownCluster>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly connections = new Map<string, ConnectionState>();
  private readonly connectionChanged = new vscode.EventEmitter<string>();
  /** Fires with the cluster id whose connection state changed. */
  readonly onDidChangeConnection = this.connectionChanged.event;

  all(): KnownCluster[] {
    return [...this.clusters.values()];
  }

  get(id: string): KnownCluster | undefined {
    return this.clusters.get(id);
  }

  set(cluster: KnownCluster): void {
    const old = this.clusters.get(cluster.id);
    if (!cluster.previousSnapshot && old && old.snapshot !== cluster.snapshot && old.snapshot.clusterId === cluster.snapshot.clusterId)
      cluster = {
        ...cluster,
        previousSnapshot: Date.parse(old.snapshot.takenAt) < Date.parse(cluster.snapshot.takenAt) ? old.snapshot : undefined,
      };
    this.clusters.set(cluster.id, cluster);
    this.changed.fire();
  }

  /** Forgets a cluster (the explorer's "Remove Cluster", or the demo when its setting hides it). */
  delete(id: string): void {
    if (this.clusters.delete(id)) this.changed.fire();
  }

  /** Connecting, or the last connection error; undefined when idle (loaded or never tried). */
  connection(id: string): ConnectionState | undefined {
    return this.connections.get(id);
  }

  setConnection(id: string, state: ConnectionState | undefined): void {
    const before = this.connections.get(id);
    if (state) this.connections.set(id, state);
    else this.connections.delete(id);
    if (JSON.stringify(before) !== JSON.stringify(state)) this.connectionChanged.fire(id);
  }

  dispose(): void {
    this.changed.dispose();
    this.connectionChanged.dispose();
  }
}

/** The saved connections (the explorer owns them: the kafkaPlanner.clusters setting and SecretStorage). */
export interface SavedClusters {
  /** The saved cluster's name, or undefined when no saved connection has this id. */
  nameOf(id: string): string | undefined;
  /** Every saved cluster's id, in the setting's order. */
  ids(): string[];
  /** How to reach a saved cluster (TLS, SASL, IAM, secrets), or undefined when it is not saved. */
  settingsFor(id: string): Promise<ConnectionSettings | undefined>;
  /**
   * Takes a snapshot of a saved cluster in the background, with progress in the Clusters view; resolves when it is
   * done and never rejects: the registry's connection state (error) and its snapshot say how it went.
   */
  connect(id: string): Promise<void>;
}

/**
 * How to reach a live cluster: the explorer registers a resolver for saved connections (TLS, SASL, IAM, with
 * secrets from SecretStorage); any other "live:<bootstrap>" id connects with PLAINTEXT. Every feature that talks to
 * a live cluster (snapshots, skew sampling, plan execution, resume and cleanup) asks here, never builds its own.
 */
export class ClusterConnections {
  private saved: SavedClusters | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly clusters: ClusterRegistry,
  ) {}

  setSavedClusters(saved: SavedClusters): vscode.Disposable {
    this.saved = saved;
    return new vscode.Disposable(() => {
      if (this.saved === saved) this.saved = undefined;
    });
  }

  /** The name of the saved cluster with this id, or undefined when it is not (or no longer) saved. */
  savedName(clusterId: string): string | undefined {
    return this.saved?.nameOf(clusterId);
  }

  /** Connects a saved cluster in the background (see SavedClusters.connect); nothing for other ids. */
  connect(clusterId: string): Promise<void> {
    return this.saved && this.saved.nameOf(clusterId) !== undefined ? this.saved.connect(clusterId) : Promise.resolve();
  }

  /**
   * Reconnects every saved cluster that has no snapshot (after a window reload they all come back without one), in
   * parallel; resolves when every attempt is done, with each cluster's outcome.
   */
  async reconnectSaved(): Promise<{ id: string; connected: boolean; error?: string }[]> {
    const ids = (this.saved?.ids() ?? []).filter((id) => !this.clusters.get(id));
    await Promise.all(ids.map((id) => this.connect(id)));
    return ids.map((id) => {
      const state = this.clusters.connection(id);
      return { id, connected: !!this.clusters.get(id), ...(state?.state === 'error' ? { error: state.message } : {}) };
    });
  }

  async settingsFor(clusterId: string): Promise<ConnectionSettings> {
    const saved = await this.saved?.settingsFor(clusterId);
    if (saved) return saved;
    if (!clusterId.startsWith('live:')) throw new InputError(`${clusterId} is not a live cluster: there is nothing to connect to.`);
    return {
      bootstrap: clusterId.slice('live:'.length).split(','),
      connectTimeoutMs: this.settings.connectTimeoutMs,
      requestTimeoutMs: this.settings.requestTimeoutMs,
    };
  }
}

export interface Services {
  /** What activation registered for the features: command handlers by id, the Clusters view (src/features/shell.ts). */
  host: FeatureHost;
  log: vscode.LogOutputChannel;
  settings: Settings;
  clusters: ClusterRegistry;
  connections: ClusterConnections;
}
