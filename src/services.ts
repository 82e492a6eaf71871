// The services every feature receives: the log, typed settings, and the registry of known clusters.
// Created once in activate(); features never construct their own.

import type { ConnectionSettings } from './kafka/connection';
import * as vscode from 'vscode';
import { demoSnapshot } from './core/demo';
import type { ClusterSnapshot } from './core/model';
import { SETTINGS_SECTION, SETTING_DEFAULTS, type SettingKey } from './core/settings';
import { InputError } from './core/errors';

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
  /** Planner: executing a plan that moves more than this many bytes asks for the cluster's name; 0 = always. */
  get plannerConfirmByNameAboveBytes(): number {
    return this.read('planner.confirmByNameAboveBytes');
  }
  /** Managed Flink price per KPU-hour, USD (us-east-1 default; prices vary by region): sizing and the Flink lens. */
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

export interface KnownCluster {
  /** Stable id: "demo", "live:<bootstrap>", "file:<path>". */
  id: string;
  label: string;
  kind: ClusterKind;
  snapshot: ClusterSnapshot;
}

/** The clusters the user is looking at, each with its latest snapshot. The demo cluster is always there. */
export class ClusterRegistry implements vscode.Disposable {
  private readonly clusters = new Map<string, KnownCluster>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor() {
    this.set({ id: 'demo', label: 'Demo cluster', kind: 'demo', snapshot: demoSnapshot() });
  }

  all(): KnownCluster[] {
    return [...this.clusters.values()];
  }

  get(id: string): KnownCluster | undefined {
    return this.clusters.get(id);
  }

  set(cluster: KnownCluster): void {
    this.clusters.set(cluster.id, cluster);
    this.changed.fire();
  }

  /** Forgets a cluster (the explorer's "Remove Cluster"); the demo cluster always stays. */
  delete(id: string): void {
    if (id === 'demo') return;
    if (this.clusters.delete(id)) this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * How to reach a live cluster: the explorer registers a resolver for saved connections (TLS, SASL, IAM, with
 * secrets from SecretStorage); any other "live:<bootstrap>" id connects with PLAINTEXT. Every feature that talks to
 * a live cluster (snapshots, skew sampling, plan execution, resume and cleanup) asks here, never builds its own.
 */
export class ClusterConnections {
  private resolver: ((id: string) => Promise<ConnectionSettings | undefined>) | undefined;

  constructor(private readonly settings: Settings) {}

  setResolver(resolver: (id: string) => Promise<ConnectionSettings | undefined>): vscode.Disposable {
    this.resolver = resolver;
    return new vscode.Disposable(() => {
      if (this.resolver === resolver) this.resolver = undefined;
    });
  }

  async settingsFor(clusterId: string): Promise<ConnectionSettings> {
    const saved = await this.resolver?.(clusterId);
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
  log: vscode.LogOutputChannel;
  settings: Settings;
  clusters: ClusterRegistry;
  connections: ClusterConnections;
}
