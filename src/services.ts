// The services every feature receives: the log, typed settings, and the registry of known clusters.
// Created once in activate(); features never construct their own.

import type { ConnectionSettings } from './kafka/connection';
import * as vscode from 'vscode';
import { demoSnapshot } from './core/demo';
import type { ClusterSnapshot } from './core/model';

/** Typed access to the extension's settings; defaults come from package.json's contributes.configuration. */
export class Settings {
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('kafkaPlanner');
  }
  get connectTimeoutMs(): number {
    return this.config.get<number>('connectTimeoutMs', 5000);
  }
  get requestTimeoutMs(): number {
    return this.config.get<number>('requestTimeoutMs', 15000);
  }
  /** Skew panel: balanced = every broker within ±this fraction of the mean (0.1 = Cruise Control's 1.10). */
  get skewBalanceTolerance(): number {
    return this.config.get<number>('skew.balanceTolerance', 0.1);
  }
  get skewHotPartitions(): number {
    return this.config.get<number>('skew.hotPartitions', 10);
  }
  get skewSampleSeconds(): number {
    return this.config.get<number>('skew.sampleSeconds', 30);
  }
  /** Planner: balanced = every broker within ±this fraction of the mean. */
  get plannerTolerance(): number {
    return this.config.get<number>('planner.tolerance', 0.1);
  }
  /** Planner: replication throttle for duration estimates and execution, MB/s (10^6 B/s). */
  get plannerThrottleMBps(): number {
    return this.config.get<number>('planner.throttleMBps', 50);
  }
  /** Planner: concurrent partition moves per broker (Cruise Control's default 5). */
  get plannerMovesPerBroker(): number {
    return this.config.get<number>('planner.movesPerBroker', 5);
  }
  /** Sizing: Managed Flink price per KPU-hour, USD (us-east-1 default; prices vary by region). */
  get sizingKpuHourPriceUsd(): number {
    return this.config.get<number>('sizing.kpuHourPriceUsd', 0.11);
  }
  /** Sizing: Managed Flink running storage price per GB-month, USD (us-east-1 default). */
  get sizingRunningStorageGbMonthPriceUsd(): number {
    return this.config.get<number>('sizing.runningStorageGbMonthPriceUsd', 0.1);
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
    if (!clusterId.startsWith('live:')) throw new Error(`${clusterId} is not a live cluster: there is nothing to connect to.`);
    return { bootstrap: clusterId.slice('live:'.length).split(','), connectTimeoutMs: this.settings.connectTimeoutMs, requestTimeoutMs: this.settings.requestTimeoutMs };
  }
}

export interface Services {
  log: vscode.LogOutputChannel;
  settings: Settings;
  clusters: ClusterRegistry;
  connections: ClusterConnections;
}
