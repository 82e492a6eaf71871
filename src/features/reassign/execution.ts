// Executing a plan from the plan view, as steps the view lists:
// 1. check: a fresh snapshot and the reassignments in flight, compared with the plan's base (the snapshot the plan
//    was computed from); any difference refuses the plan, shows why and offers to re-plan on a new snapshot;
// 2. the confirmation (src/core/planner/confirmation.ts: Cancel is the default; above a size the name is typed);
// 3. the moves (src/kafka/execute.ts), then 4. the preferred leader election unless it was declined, and
// 5. the throttles removed. A check older than a minute when the confirmation is answered is taken again.

import * as vscode from 'vscode';
import { executionConfirmation, type ConfirmationItem } from '../../core/planner/confirmation';
import { electionLines, electionSummary } from '../../core/planner/election';
import type { ClusterSnapshot } from '../../core/model';
import { formatStaleness, planBaseFromSnapshot, stalenessSummary, type StalenessDifference } from '../../core/planner/staleness';
import type { Services } from '../../services';
import type { ExecutionStatusMessage, ExecutionStep } from '../../../webview/plan/protocol';
import type { ComputedPlan } from './planPanel';
import { plural } from '../../core/units';

/** A check older than this when the confirmation is answered is taken again before anything changes. */
const RECHECK_AFTER_MS = 60_000;

export interface PanelExecution {
  context: vscode.ExtensionContext;
  services: Services;
  computed: ComputedPlan;
  /** globalState key of the execution journal. */
  journalKey: string;
  post: (message: ExecutionStatusMessage) => void;
  /** Cancels the check or the execution (the progress notification's Cancel, or the panel closing). */
  cancel: vscode.CancellationTokenSource;
}

/** The steps as the view shows them; every change is posted with the current message. */
class Steps {
  readonly list: ExecutionStep[] = [
    { id: 'check', label: 'Check against a fresh snapshot', state: 'pending' },
    { id: 'move', label: 'Move replicas (throttled, in batches)', state: 'pending' },
    { id: 'election', label: 'Preferred leader election', state: 'pending' },
    { id: 'throttles', label: 'Remove the replication throttles', state: 'pending' },
  ];
  constructor(private readonly post: (message: ExecutionStatusMessage) => void) {}
  set(id: ExecutionStep['id'], state: ExecutionStep['state'], detail?: string): this {
    const s = this.list.find((x) => x.id === id)!;
    s.state = state;
    s.detail = detail;
    return this;
  }
  show(
    state: ExecutionStatusMessage['state'],
    message: string,
    extra: Pick<ExecutionStatusMessage, 'differences' | 'election'> = {},
  ): void {
    this.post({ type: 'execution', state, message, steps: this.list.map((s) => ({ ...s })), ...extra });
  }
}

export async function executeFromPanel(run: PanelExecution): Promise<void> {
  const { services, computed, cancel } = run;
  const { cluster, plan, schedule } = computed;
  const log = (line: string) => services.log.info(`execute ${cluster.id}: ${line}`);
  const steps = new Steps(run.post);
  const settings = await services.connections.settingsFor(cluster.id);
  const { checkPlanFreshness } = await import('../../kafka/preflight');

  const check = async () => {
    steps.set('check', 'running').show('checking', `Checking the plan against a fresh snapshot of ${cluster.label}…`);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking the plan against ${cluster.label}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => cancel.cancel());
          return checkPlanFreshness(settings, planBaseFromSnapshot(cluster.snapshot), plan.moves, {
            name: cluster.label,
            isCancelled: () => cancel.token.isCancellationRequested,
            onProgress: (message) => progress.report({ message }),
          });
        },
      );
    } catch (err) {
      const cancelled = cancel.token.isCancellationRequested;
      steps.set('check', 'failed', cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err));
      steps.show(
        cancelled ? 'cancelled' : 'failed',
        `Not executed: the check against ${cluster.label} ${cancelled ? 'was cancelled' : 'failed'}; nothing was changed.`,
      );
      if (cancelled) return undefined;
      throw err;
    }
  };

  let freshness = await check();
  if (!freshness) return;
  const checkedAt = Date.now();
  /** Shows why the plan is refused, in the view and a notification that offers to re-plan; does not wait for it. */
  const refuse = (differences: StalenessDifference[], fresh: ClusterSnapshot) => {
    const summary = stalenessSummary(differences);
    const lines = formatStaleness(differences);
    steps.set('check', 'failed', `refused: ${summary}`);
    steps.show('refused', `Not executed on ${cluster.label}: the cluster is not as the plan expects (${summary}). Nothing was changed.`, {
      differences: lines,
    });
    for (const d of differences) log(`refused: ${d.message}`);
    const replan = 'Re-plan on the cluster as it is now';
    void vscode.window
      .showErrorMessage(`Not executed on ${cluster.label}: ${summary} (${lines[0]}). Nothing was changed.`, replan, 'Open log')
      .then(async (choice) => {
        if (choice === 'Open log') services.log.show();
        if (choice !== replan) return;
        // the fresh snapshot skipped consumer groups, which the cluster's snapshot keeps: take a full one
        const { takeSnapshot } = await import('../../kafka/snapshot');
        const snapshot = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Taking a snapshot of ${cluster.label}` },
          () =>
            takeSnapshot(settings, { name: cluster.label }).catch((err: unknown) => {
              services.log.warn(
                `re-plan ${cluster.id}: full snapshot failed (${err instanceof Error ? err.message : String(err)}); using the check's snapshot`,
              );
              return fresh;
            }),
        );
        services.clusters.set({ ...cluster, snapshot });
      });
  };
  if (freshness.differences.length) return refuse(freshness.differences, freshness.fresh);
  steps.set('check', 'done', `no planned partition changed, every target broker is registered, no reassignment is in progress`);

  const confirmation = executionConfirmation({
    clusterLabel: cluster.label,
    kafkaClusterId: freshness.fresh.clusterId ?? cluster.snapshot.clusterId,
    bootstrap: settings.bootstrap,
    bytesMoved: plan.bytesMoved,
    replicasMoved: plan.replicasMoved,
    partitions: plan.moves.length,
    leadersChanged: plan.leadersChanged,
    batches: schedule.batches.length,
    throttleBytesPerSec: schedule.throttleBytesPerSec,
    estimatedSeconds: schedule.estimatedSeconds,
    checkedAt: freshness.fresh.takenAt,
    confirmByNameAboveBytes: services.settings.plannerConfirmByNameAboveBytes,
  });
  const notExecuted = (why: string) => {
    log(`not executed: ${why}`);
    steps.show('cancelled', `Not executed on ${cluster.label}: ${why}. Nothing was changed.`);
  };
  steps.show('checking', `Checked against a fresh snapshot of ${cluster.label}: waiting for the confirmation.`);
  let answer: ConfirmationItem | undefined;
  try {
    answer = await vscode.window.showWarningMessage<ConfirmationItem>(
      confirmation.message,
      { modal: true, detail: confirmation.detail },
      ...confirmation.items,
    );
  } catch (err) {
    // a dialog VS Code could not show (it refuses modal dialogs under extension tests) is no yes
    return notExecuted(`the confirmation could not be shown (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!answer || answer.choice === 'cancel') return notExecuted('cancelled in the confirmation');
  if (confirmation.typeName) {
    const t = confirmation.typeName;
    const typed = await vscode.window.showInputBox({ title: t.title, prompt: t.prompt, ignoreFocusOut: true, validateInput: t.validate });
    if (typed === undefined || t.validate(typed) !== undefined) return notExecuted('the cluster name was not typed');
  }
  const electLeaders = answer.choice === 'execute';
  log(`confirmed${electLeaders ? ', with the preferred leader election' : ', without the leader election'}`);
  if (Date.now() - checkedAt > RECHECK_AFTER_MS) {
    freshness = await check();
    if (!freshness) return;
    if (freshness.differences.length) return refuse(freshness.differences, freshness.fresh);
    steps.set('check', 'done', 'checked again after the confirmation: nothing changed');
  }

  const { executePlan } = await import('../../kafka/execute');
  const state = run.context.globalState;
  steps.set('move', 'running').show('running', `Executing on ${cluster.label}…`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reassigning partitions on ${cluster.label}`, cancellable: true },
    (progress, token) => {
      token.onCancellationRequested(() => cancel.cancel());
      let reported = 0;
      return executePlan({
        settings,
        schedule,
        electLeaders,
        journal: {
          save: (j) => Promise.resolve(state.update(run.journalKey, j)),
          clear: () => Promise.resolve(state.update(run.journalKey, undefined)),
        },
        isCancelled: () => cancel.token.isCancellationRequested,
        onLog: log,
        onProgress: (p) => {
          const percent =
            p.bytesTotal > 0 ? (100 * p.bytesCopied) / p.bytesTotal : (100 * p.partitionsDone) / Math.max(1, p.partitionsTotal);
          progress.report({ message: p.message, increment: Math.max(0, percent - reported) });
          reported = Math.max(reported, percent);
          steps.set('move', 'running', p.message).show('running', p.message);
        },
        onElection: (partitions) => {
          const message = `Electing the preferred leaders of ${plural(partitions, 'partition')}…`;
          progress.report({ message });
          steps
            .set('move', 'done', `${plural(schedule.batches.length, 'batch')} done`)
            .set('election', 'running')
            .show('running', message);
        },
      });
    },
  );

  const { outcome, election, leftovers } = result;
  steps.set(
    'move',
    outcome === 'completed' ? 'done' : 'failed',
    outcome === 'completed'
      ? `${plural(result.partitionsMoved, 'partition')} in ${plural(result.batchesDone, 'batch')}`
      : outcome === 'cancelled'
        ? `cancelled after ${plural(result.batchesDone, 'batch')}; in-flight moves rolled back`
        : (result.error ?? 'failed'),
  );
  if (election) {
    steps.set('election', election.failed ? 'failed' : 'done', electionSummary(election));
    for (const line of electionLines(election)) log(`election ${line}`);
  } else {
    steps.set('election', 'skipped', !electLeaders ? 'declined in the confirmation' : 'not run: the moves did not complete');
  }
  steps.set('throttles', leftovers.length ? 'failed' : 'done', leftovers.length ? `could not remove: ${leftovers.join('; ')}` : 'removed');
  const electionText = election ? ` Preferred leader election: ${electionSummary(election)}.` : '';
  const leftText = leftovers.length ? ` Could not remove: ${leftovers.join('; ')}` : '';
  const message =
    outcome === 'completed'
      ? `Reassignment on ${cluster.label} completed: ${result.partitionsMoved} partitions moved, throttles removed.${electionText}${leftText}`
      : outcome === 'cancelled'
        ? `Reassignment on ${cluster.label} cancelled after ${result.batchesDone} batches; in-flight moves cancelled, throttles removed.${leftText}`
        : `Reassignment on ${cluster.label} failed: ${result.error ?? 'unknown error'}.${leftText}`;
  steps.show(outcome, message, { election });
  const show =
    outcome === 'failed' || leftovers.length
      ? vscode.window.showErrorMessage
      : election?.failed
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  void show(message, 'Open log').then((c) => c && services.log.show());
}
