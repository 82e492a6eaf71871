// "Simulate Failure…": lose a broker, several, or a rack (AZ) of a loaded cluster and see, before it happens, which
// brokers take the leaders, who crosses the ceiling, which partitions go offline or under min.insync.replicas, and how
// long the returning brokers need to catch up. The model is src/core/simulation (pure); this is the command, the
// scenario pick and the panel (webview/simulate).

import { DEFAULT_GOALS, type GoalId } from '../../core/planner/plan';
import * as vscode from 'vscode';
import { DEMO_BROKER_TYPE, demoRateSamples } from '../../core/demo';
import { InputError } from '../../core/errors';
import type { ClusterSnapshot } from '../../core/model';
import { simulateOnSnapshot, type FailureScenario, type FailureSimulation } from '../../core/simulation';
import { BROKER_CATALOG } from '../../core/sizing/catalog';
import { sizingDefaultsFromCluster } from '../../core/sizing/fromSnapshot';
import { DEFAULT_BROKER_DOWNTIME_MINUTES } from '../../core/sizing/catalog';
import type { KnownCluster, Services } from '../../services';
import {
  isSimulatePanelState,
  isWebviewToHost,
  type HostToWebview,
  type SimulationInputs,
  type WebviewToHost,
} from '../../../webview/simulate/protocol';
import { UserCancelled, registerCommand } from '../commands';
import { PanelRegistry, WebviewPanelHost, registerPanelRestorer } from '../webviewHost';
import { sampleTwoSnapshots } from '../sampling';

export const SIMULATE_COMMAND = 'kafkaPlanner.simulateFailure';
export const SIMULATE_VIEW_TYPE = 'kafkaPlanner.simulate';
const SIZE_KAFKA_COMMAND = 'kafkaPlanner.sizeKafkaCluster';
const PLAN_COMMAND = 'kafkaPlanner.planReassignment';
/** "Plan to fix": network out and in first (what crosses the ceiling after a failover), then the other soft goals. */
const PLAN_FIX_GOALS: GoalId[] = [
  'nw-out',
  'nw-in',
  'leader-bytes-in',
  ...DEFAULT_GOALS.filter((g) => !['nw-out', 'nw-in', 'leader-bytes-in'].includes(g)),
];
const REVEAL_TOPIC_COMMAND = 'kafkaPlanner.revealTopic';

/** What the command returns (for scripts and tests): the verdict and the partitions and brokers it names. */
export interface SimulationSummary {
  clusterId: string;
  verdict: string;
  failed: number[];
  offline: string[];
  underMinIsr: string[];
  overCeiling: number[];
  rates: FailureSimulation['rates'];
  catchUpSeconds?: number;
}

interface CommandArgs {
  clusterId: string;
  scenario?: FailureScenario;
  downtimeMinutes?: number;
  brokerType?: string;
}

/** The command's argument: a cluster id, or {clusterId, brokers?: number[] | broker?: number, rack?, downtimeMinutes?, brokerType?}. */
function argsFrom(arg: unknown): Partial<CommandArgs> {
  if (typeof arg === 'string') return { clusterId: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const v = arg as Record<string, unknown>;
  const out: Partial<CommandArgs> = {};
  if (typeof v.clusterId === 'string') out.clusterId = v.clusterId;
  if (typeof v.rack === 'string') out.scenario = { kind: 'rack', rack: v.rack };
  else if (typeof v.broker === 'number') out.scenario = { kind: 'brokers', brokers: [v.broker] };
  else if (Array.isArray(v.brokers)) {
    if (!v.brokers.every((b) => Number.isInteger(b)))
      throw new InputError(`brokers must be a list of broker ids such as [3] or [3, 4], got ${JSON.stringify(v.brokers)}`, {
        where: SIMULATE_COMMAND,
      });
    out.scenario = { kind: 'brokers', brokers: v.brokers as number[] };
  }
  if (v.downtimeMinutes !== undefined) {
    if (typeof v.downtimeMinutes !== 'number' || !(v.downtimeMinutes > 0))
      throw new InputError(`downtimeMinutes must be a number of minutes > 0, got ${JSON.stringify(v.downtimeMinutes)}`, {
        where: SIMULATE_COMMAND,
      });
    out.downtimeMinutes = v.downtimeMinutes;
  }
  if (typeof v.brokerType === 'string') out.brokerType = v.brokerType;
  return out;
}

export function registerSimulate(context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  const panels = new PanelRegistry<SimulatePanel>(SIMULATE_VIEW_TYPE, 'Failure simulation');
  return [
    registerCommand(services, SIMULATE_COMMAND, async (arg?: unknown): Promise<SimulationSummary> => {
      const given = argsFrom(arg);
      const clusterId = given.clusterId ?? (await pickCluster(services));
      const cluster = services.clusters.get(clusterId);
      if (!cluster)
        throw new InputError(`no cluster with id "${clusterId}" is loaded`, {
          where: SIMULATE_COMMAND,
          fix: 'Take a snapshot or open a snapshot file first.',
        });
      const scenario = given.scenario ?? (await pickScenario(cluster.snapshot));
      const inputs: SimulationInputs = {
        scenario,
        downtimeMinutes: given.downtimeMinutes ?? DEFAULT_BROKER_DOWNTIME_MINUTES,
        brokerType: given.brokerType ?? (cluster.kind === 'demo' ? DEMO_BROKER_TYPE : ''),
      };
      const sim = simulate(cluster, inputs).simulation; // a bad scenario fails here, before a panel opens
      const { panel, created } = panels.open(
        clusterId,
        (webviewPanel) => new SimulatePanel(context, services, clusterId, inputs, webviewPanel),
      );
      if (!created) panel.show(inputs);
      return {
        clusterId,
        verdict: sim.verdict,
        failed: sim.failed,
        offline: sim.offline.map((o) => `${o.topic}-${o.partition}`),
        underMinIsr: sim.underMinIsr.map((o) => `${o.topic}-${o.partition}`),
        overCeiling: sim.overCeiling.map((b) => b.broker),
        rates: sim.rates,
        ...(sim.catchUp?.seconds !== undefined ? { catchUpSeconds: sim.catchUp.seconds } : {}),
      };
    }),
    // Re-validate: only the cluster id and the inputs are saved; a cluster that is not loaded after the reload (a live
    // snapshot, a file) is not restored: its panel closes, and "Simulate Failure…" opens it again once it is loaded.
    registerPanelRestorer(SIMULATE_VIEW_TYPE, services, (panel, state) => {
      if (!isSimulatePanelState(state)) throw new Error('no cluster id and inputs saved');
      if (!services.clusters.get(state.clusterId)) throw new Error(`cluster ${state.clusterId} is not loaded`);
      if (panels.get(state.clusterId)) throw new Error(`a failure simulation of ${state.clusterId} is already open`);
      panels.open(state.clusterId, (p) => new SimulatePanel(context, services, state.clusterId, state.inputs, p), panel);
    }),
    services.clusters.onDidChange(() => {
      for (const p of panels.all()) p.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kafkaPlanner.skew.sampleSeconds')) for (const p of panels.all()) p.refresh();
    }),
    panels,
  ];
}

/**
 * The earlier sample that gives write rates: the demo carries one (like kfp simulate --demo); a live cluster has one
 * after "Sample rates"; otherwise sizes only.
 */
function previousSample(
  cluster: KnownCluster,
  sampled?: ClusterSnapshot,
): { previous?: ClusterSnapshot; current: ClusterSnapshot; ratesNote: string } {
  if (cluster.kind === 'demo') {
    const { previous, current } = demoRateSamples();
    return { previous, current, ratesNote: 'Write rates measured between two demo samples 60 s apart.' };
  }
  if (sampled && Date.parse(sampled.takenAt) < Date.parse(cluster.snapshot.takenAt))
    return {
      previous: sampled,
      current: cluster.snapshot,
      ratesNote: `Write rates measured between two snapshots ${Math.round((Date.parse(cluster.snapshot.takenAt) - Date.parse(sampled.takenAt)) / 1000)} s apart (Sample rates).`,
    };
  return {
    current: cluster.snapshot,
    ratesNote:
      'No write rates: this snapshot is a single sample, so leaders, offline and under-min-ISR partitions are exact but per-broker load is not shown. ' +
      (cluster.kind === 'live'
        ? 'For load after failover, use Sample rates (two snapshots some seconds apart).'
        : 'For load after failover, run kfp simulate SNAPSHOT --previous EARLIER with an earlier snapshot of the same cluster.'),
  };
}

function simulate(
  cluster: KnownCluster,
  inputs: SimulationInputs,
  sampled?: ClusterSnapshot,
): { simulation: FailureSimulation; ratesNote: string; current: ClusterSnapshot } {
  const { previous, current, ratesNote } = previousSample(cluster, sampled);
  const simulation = simulateOnSnapshot(current, {
    scenario: inputs.scenario,
    ...(previous ? { previous } : {}),
    ...(inputs.brokerType ? { brokerType: inputs.brokerType } : {}),
    downtimeMinutes: inputs.downtimeMinutes,
  });
  return { simulation, ratesNote, current };
}

async function pickCluster(services: Services): Promise<string> {
  const items = services.clusters.all().map((c) => ({ label: c.label, description: c.kind === 'demo' ? 'demo data' : c.kind, id: c.id }));
  const chosen = await vscode.window.showQuickPick(items, { title: 'Simulate a failure on which cluster?' });
  if (!chosen) throw new UserCancelled();
  return chosen.id;
}

async function pickScenario(snapshot: ClusterSnapshot): Promise<FailureScenario> {
  const racks = [...new Set(snapshot.brokers.map((b) => b.rack).filter((r): r is string => r !== null))].sort();
  const items: (vscode.QuickPickItem & { scenario: FailureScenario })[] = [
    ...snapshot.brokers.map((b) => ({
      label: `Broker ${b.id}`,
      description: b.rack ? `rack ${b.rack}` : 'no rack',
      scenario: { kind: 'brokers', brokers: [b.id] } as FailureScenario,
    })),
    ...racks.map((r) => ({
      label: `Rack (AZ) ${r}`,
      description: `brokers ${snapshot.brokers
        .filter((b) => b.rack === r)
        .map((b) => b.id)
        .join(', ')}`,
      scenario: { kind: 'rack', rack: r } as FailureScenario,
    })),
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: 'What fails?' });
  if (!chosen) throw new UserCancelled();
  return chosen.scenario;
}

class SimulatePanel implements vscode.Disposable {
  readonly host: WebviewPanelHost<HostToWebview, WebviewToHost>;
  /** The earlier snapshot of "Sample rates" (live clusters). */
  private previous: ClusterSnapshot | undefined;
  private sampling: vscode.CancellationTokenSource | undefined;

  constructor(
    context: vscode.ExtensionContext,
    private readonly services: Services,
    private readonly clusterId: string,
    private inputs: SimulationInputs,
    panel: vscode.WebviewPanel,
  ) {
    this.host = new WebviewPanelHost(panel, {
      context,
      services,
      bundle: 'simulate',
      title: `Failure simulation: ${services.clusters.get(clusterId)?.label ?? clusterId}`,
      isMessage: isWebviewToHost,
      onReady: () => this.refresh(),
      onMessage: (m) => this.onMessage(m),
    });
  }

  show(inputs: SimulationInputs): void {
    this.inputs = inputs;
    this.host.panel.reveal();
    this.refresh();
  }

  refresh(): void {
    const cluster = this.services.clusters.get(this.clusterId);
    if (!cluster) {
      this.host.post({ type: 'error', message: `The cluster ${this.clusterId} is no longer loaded. Close this panel and simulate again.` });
      return;
    }
    try {
      const { simulation, ratesNote, current } = simulate(cluster, this.inputs, this.previous);
      this.host.post({
        type: 'simulation',
        cluster: { id: cluster.id, label: cluster.label, kind: cluster.kind },
        inputs: this.inputs,
        simulation,
        ratesNote,
        brokers: current.brokers.map((b) => ({ id: b.id, rack: b.rack })),
        racks: [...new Set(current.brokers.map((b) => b.rack).filter((r): r is string => r !== null))].sort(),
        brokerTypes: BROKER_CATALOG.map((t) => t.id),
        canSample: cluster.kind === 'live',
        sampleSeconds: this.services.settings.skewSampleSeconds,
        sampling: this.sampling !== undefined,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.services.log.warn(`failure simulation ${this.clusterId}: ${message}`);
      this.host.post({ type: 'error', message });
    }
  }

  private async onMessage(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return;
      case 'simulate':
        this.inputs = m.inputs;
        return this.refresh();
      case 'revealPartition':
        await vscode.commands.executeCommand(REVEAL_TOPIC_COMMAND, this.clusterId, m.topic);
        return;
      case 'openSizing':
        return this.openSizing();
      case 'sampleRates':
        return this.sampleRates();
      case 'planFix':
        // A rebalance with the traffic goals first (network out and in evened, mostly by moving leadership, which copies
        // no data), under the broker type's capacity when known. The planner balances today's layout; it does not
        // simulate the failure itself.
        await vscode.commands.executeCommand(PLAN_COMMAND, {
          clusterId: this.clusterId,
          goal: 'rebalance',
          goals: PLAN_FIX_GOALS,
          ...(this.inputs.brokerType ? { capacity: this.inputs.brokerType } : {}),
        });
        return;
    }
  }

  /** The sizing report prefilled with this cluster (brokers, AZs, RF, retention, measured ingress, broker type); the wizard when inputs are missing. */
  private async openSizing(): Promise<void> {
    const cluster = this.services.clusters.get(this.clusterId);
    if (!cluster) return;
    const { previous, current } = previousSample(cluster, this.previous);
    const { defaults } = sizingDefaultsFromCluster(current, previous);
    const request = {
      ...defaults,
      ...(this.inputs.brokerType ? { brokerType: this.inputs.brokerType } : {}),
      downtimeMinutes: this.inputs.downtimeMinutes,
    };
    const complete =
      ['ingressMbps', 'rf', 'azs', 'brokerType'].every((k) => Object.hasOwn(request, k)) &&
      (Object.hasOwn(request, 'retentionHours') || Object.hasOwn(request, 'storedGiB'));
    await vscode.commands.executeCommand(SIZE_KAFKA_COMMAND, ...(complete ? [request] : []));
  }

  /** Two snapshots N seconds apart (progress, cancellable); the later one becomes the cluster's snapshot. */
  private async sampleRates(): Promise<void> {
    const cluster = this.services.clusters.get(this.clusterId);
    if (!cluster || cluster.kind !== 'live' || this.sampling) return;
    const source = new vscode.CancellationTokenSource();
    this.sampling = source;
    this.refresh();
    try {
      const [earlier, later] = await sampleTwoSnapshots(this.services, cluster, this.services.settings.skewSampleSeconds, source);
      this.previous = earlier;
      this.sampling = undefined;
      this.services.clusters.set({ ...cluster, snapshot: later }); // refreshes every panel of this cluster
    } catch (err) {
      if (!(err instanceof vscode.CancellationError) && !source.token.isCancellationRequested) throw err;
    } finally {
      source.dispose();
      this.sampling = undefined;
      this.refresh();
    }
  }

  dispose(): void {
    this.sampling?.cancel();
    this.host.dispose();
  }
}
