// The plan view: before/after per broker, the summary numbers, unmet constraints and notes, the moves table, and
// the actions (save the plan or its rollback in Kafka's JSON, open it in an editor, execute it on a live cluster:
// execution.ts).
// The panel keeps only the request; the plan is recomputed from the cluster's snapshot (also after a reload).

import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { reassignmentToJson } from '../../core/kafkaFormats';
import { choiceOf, planBindingOf, type PlanBinding } from '../../core/planBinding';
import { scheduleExecution, type ExecutionSchedule } from '../../core/planner/execution';
import { planReassignment, planRollback, planToReassignment, type Plan } from '../../core/planner/plan';
import { summarizePlan } from '../../core/planner/summary';
import { assertDrainCanFinish, describeGoal, planOptionsOf, type PlanRequest } from '../../core/reassignmentDocument';
import { parseCapacity } from '../../core/capacitySpec';
import { demoRateSamples } from '../../core/demo';
import { partitionWriteRates } from '../../core/skew/rates';
import { trafficModel, type TrafficModel } from '../../core/traffic';
import { formatBytes, formatMBps } from '../../core/units';
import type { KnownCluster, Services } from '../../services';
import { MAX_MOVE_ROWS, isWebviewToHost, type HostToWebview, type MoveRow, type WebviewToHost } from '../../../webview/plan/protocol';
import { panelCluster, panelClusterLabel } from '../panelCluster';
import { WebviewPanelHost } from '../webviewHost';
import { executeFromPanel } from './execution';
import type { ReviewChoices } from './review';

export const PLAN_VIEW_TYPE = 'kafkaPlanner.plan';
/** globalState key of the running execution's journal (src/kafka/execute.ts), kept until its cleanup is done. */
export const JOURNAL_KEY = 'kafkaPlanner.executionJournal';

export interface ComputedPlan {
  cluster: KnownCluster;
  plan: Plan;
  schedule: ExecutionSchedule;
  /** Where the traffic goals' rates come from, or why they are not measured. */
  ratesText: string;
}

/** Plans a request against the cluster's current snapshot; errors name the cluster and what to fix. */
export function computePlan(services: Services, request: PlanRequest): ComputedPlan {
  const cluster = services.clusters.get(request.clusterId);
  if (!cluster)
    throw new InputError(
      `No cluster with id "${request.clusterId}" is loaded (known: ${services.clusters
        .all()
        .map((c) => c.id)
        .join(', ')}): take a snapshot or open a snapshot file first.`,
    );
  // A drain that cannot finish is refused before a plan is made, with the partitions that would stay and why.
  assertDrainCanFinish(
    request,
    cluster.snapshot,
    'Choose other brokers or exclusions in "Plan Reassignment…", or plan the partial drain (the wizard offers it; the command takes allowPartialDrain: true).',
  );
  const started = Date.now();
  const rates = planRates(cluster);
  const plan = planReassignment(cluster.snapshot, planOptionsOf(request, cluster.snapshot, rates.traffic));
  const schedule = scheduleExecution(plan.moves, {
    throttleBytesPerSec: request.throttleBytesPerSec,
    maxMovesPerBroker: request.movesPerBroker,
  });
  services.log.info(
    `plan ${cluster.id} (${describeGoal(request)}): ${plan.moves.length} partitions, ${formatBytes(plan.bytesMoved)} in ${Date.now() - started} ms`,
  );
  return { cluster, plan, schedule, ratesText: rates.text };
}

/**
 * Rates for the traffic goals: the demo's two samples, or the snapshot a refresh replaced (two snapshots of a live
 * cluster, as the skew view's "Sample rates"); none for a single snapshot, and the text says how to get them.
 */
function planRates(cluster: KnownCluster): { traffic?: TrafficModel; text: string } {
  const earlier = cluster.kind === 'demo' ? demoRateSamples().previous : cluster.previousSnapshot;
  if (!earlier)
    return {
      text: 'Network goals not measured: rates need two snapshots of the cluster (refresh it after a while, or sample rates in the skew view).',
    };
  try {
    const rates = partitionWriteRates(earlier, cluster.snapshot);
    const traffic = trafficModel(rates, cluster.snapshot);
    const fromGroups = [...traffic.fanOutSource.values()].filter((s) => s === 'groups').length;
    return {
      traffic,
      text:
        `Rates measured over ${rates.intervalSeconds.toFixed(0)} s between two snapshots; consumer fan-out from committing consumer ` +
        `groups for ${fromGroups} topics, ${traffic.defaultFanOut} (the default) for ${traffic.fanOutSource.size - fromGroups}.`,
    };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { text: `Network goals not measured: ${err.message}` };
  }
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'cluster';
}

export class PlanPanel implements vscode.Disposable {
  readonly host: WebviewPanelHost<HostToWebview, WebviewToHost>;
  private computed: ComputedPlan | undefined;
  private executing: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
    readonly request: PlanRequest,
    panel: vscode.WebviewPanel,
    private readonly reviewChoices: ReviewChoices,
    private readonly canExecute: boolean,
  ) {
    const label = panelClusterLabel(services, request.clusterId);
    this.host = new WebviewPanelHost(panel, {
      context,
      services,
      bundle: 'plan',
      title: `Plan: ${label} (${describeGoal(request)})`,
      isMessage: isWebviewToHost,
      onReady: () => this.refresh(),
      onMessage: (m) => this.onMessage(m),
    });
    panel.onDidDispose(() => this.executing?.cancel());
  }

  /** The plan of the current snapshot (computed once per refresh). */
  get result(): ComputedPlan | undefined {
    return this.computed;
  }

  refresh(): void {
    const state = panelCluster(this.services, this.request.clusterId);
    if (state.kind === 'waiting') {
      // restored after a reload: the saved cluster is being connected; the plan is made when its snapshot arrives
      this.computed = undefined;
      this.host.panel.title = `Plan: ${state.connection.clusterName} (${describeGoal(this.request)})`;
      this.host.post({ type: 'connection', request: this.request, ...state.connection });
      return;
    }
    try {
      this.computed = computePlan(this.services, this.request);
    } catch (err) {
      this.computed = undefined;
      this.host.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    const { cluster, plan, schedule, ratesText } = this.computed;
    // "add the empty brokers" becomes "add brokers 7, 8, 9" once the planner has resolved them
    const goalText = describeGoal({
      goal: this.request.goal,
      brokers: plan.goal.kind === 'add' ? plan.goal.brokers : this.request.brokers,
    });
    this.host.panel.title = `Plan: ${cluster.label} (${goalText})`;
    const summary = summarizePlan(plan, schedule);
    const rows: MoveRow[] = [...plan.moves]
      .sort((a, b) => b.bytes * b.added.length - a.bytes * a.added.length || a.topic.localeCompare(b.topic) || a.partition - b.partition)
      .slice(0, MAX_MOVE_ROWS)
      .map((m) => ({
        topic: m.topic,
        partition: m.partition,
        before: m.before,
        after: m.after,
        bytesCopied: m.bytes * m.added.length,
        reason: m.reason,
        leaderChanged: m.leaderChanged,
      }));
    const s = this.services.settings;
    const fromSettings =
      this.request.throttleBytesPerSec === s.plannerThrottleMBps * 1e6 && this.request.movesPerBroker === s.plannerMovesPerBroker;
    this.host.post({
      type: 'plan',
      cluster: { id: cluster.id, label: cluster.label, kind: cluster.kind },
      request: this.request,
      goalText,
      brokers: plan.brokers,
      before: plan.before,
      after: plan.after,
      tolerance: plan.tolerance,
      summary,
      goals: plan.goals,
      ratesText,
      capacityText: this.request.capacity ? parseCapacity(this.request.capacity, 'capacity').explained : [],
      moves: rows,
      movesTotal: plan.moves.length,
      canExecute: this.canExecute && cluster.kind === 'live',
      throttleSource:
        `Throttle ${formatMBps(this.request.throttleBytesPerSec)} per broker, at most ${this.request.movesPerBroker} moves per broker per batch` +
        (fromSettings ? ' (settings kafkaPlanner.planner.throttleMBps and movesPerBroker).' : ' (chosen in the wizard).'),
    });
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return;
      case 'savePlan':
        return this.save('plan');
      case 'saveRollback':
        return this.save('rollback');
      case 'openInEditor':
        await this.openInEditor();
        return;
      case 'execute':
        return this.execute();
      case 'retryConnection':
        return this.services.connections.connect(this.request.clusterId);
    }
  }

  /** The cluster a saved plan is for: the live connection's bootstrap as the hint for reconnecting. */
  private binding(): PlanBinding | undefined {
    const cluster = this.computed?.cluster;
    if (!cluster) return undefined;
    const bootstrap = cluster.kind === 'live' && cluster.id.startsWith('live:') ? cluster.id.slice('live:'.length).split(',') : undefined;
    return planBindingOf(cluster.snapshot, cluster.label, bootstrap);
  }

  private json(kind: 'plan' | 'rollback'): string {
    if (!this.computed) throw new InputError('There is no plan to save: the cluster is no longer loaded.');
    const plan = this.computed.plan;
    return reassignmentToJson(kind === 'plan' ? planToReassignment(plan) : planRollback(plan), this.binding());
  }

  /**
   * A written plan names its cluster (plannedFor), so it is reviewed against it, also after a reload; a snapshot
   * without a cluster id cannot be named in the file, so the document remembers it as the user's choice instead.
   */
  private async bindDocument(uri: vscode.Uri): Promise<void> {
    const cluster = this.computed!.cluster;
    await this.reviewChoices.set(uri, this.binding() ? undefined : choiceOf(cluster));
  }

  private async save(kind: 'plan' | 'rollback'): Promise<void> {
    const text = this.json(kind);
    const name = `${kind === 'plan' ? 'reassignment' : 'rollback'}-${fileSafe(this.computed!.cluster.label)}-${this.request.goal}.json`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { JSON: ['json'] },
      title:
        kind === 'plan'
          ? 'Save the plan (kafka-reassign-partitions.sh JSON)'
          : 'Save the rollback (current assignment of the moved partitions)',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    await this.bindDocument(target);
    this.services.log.info(`plan: ${kind} written to ${target.toString()}`);
    void vscode.window.showInformationMessage(
      `Saved ${target.path.split('/').pop()}: run it with kafka-reassign-partitions.sh --execute --reassignment-json-file ${target.path.split('/').pop()}.`,
    );
  }

  private async openInEditor(): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: this.json('plan') });
    // reviewed against the cluster it was planned for (its plannedFor), never a default
    await this.bindDocument(doc.uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
    return doc;
  }

  /**
   * Execute…: refused for a plan that moves nothing (the button is disabled then too); otherwise the steps of
   * execution.ts: a fresh check, the confirmation, the moves, the leader election, the throttles removed.
   */
  private async execute(): Promise<void> {
    const computed = this.computed;
    if (!computed || !this.canExecute || computed.cluster.kind !== 'live' || this.executing) return;
    if (computed.plan.moves.length === 0) {
      void vscode.window.showInformationMessage(`The plan for ${computed.cluster.label} moves nothing: there is nothing to execute.`);
      return;
    }
    const source = new vscode.CancellationTokenSource();
    this.executing = source;
    try {
      await executeFromPanel({
        context: this.context,
        services: this.services,
        computed,
        journalKey: JOURNAL_KEY,
        post: (m) => this.host.post(m),
        cancel: source,
      });
    } finally {
      source.dispose();
      this.executing = undefined;
    }
  }

  dispose(): void {
    this.executing?.cancel();
    this.host.dispose();
  }
}
