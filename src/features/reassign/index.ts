// The reassignment planner in VS Code: the "Plan Reassignment" wizard and the plan view, plan review of
// reassignment JSON files in the editor (diagnostics and code lenses), and execution on live clusters.
// The planning itself is src/core/planner (pure); execution is src/kafka/execute.ts.

import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { validateExecutionJournal, type ExecutionJournal } from '../../core/planner/executionJournal';
import { describeGoal, planRequestFrom, type PlanRequest } from '../../core/reassignmentDocument';
import { formatBytes } from '../../core/units';
import type { Services } from '../../services';
import { isPlanPanelState } from '../../../webview/plan/protocol';
import { registerCommand } from '../commands';
import { canRestorePanel } from '../panelCluster';
import { PanelRegistry, registerPanelRestorer } from '../webviewHost';
import { JOURNAL_KEY, PLAN_VIEW_TYPE, PlanPanel, computePlan } from './planPanel';
import { ReviewChoices, registerReview } from './review';
import { planWizard } from './wizard';
import { plural } from '../../core/units';

export const PLAN_COMMAND = 'kafkaPlanner.planReassignment';

export function registerReassign(context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  const reviewChoices = new ReviewChoices(context.workspaceState);
  const panels = new PanelRegistry<PlanPanel>(PLAN_VIEW_TYPE, 'Plan');
  // The executor (src/kafka/execute.ts) is part of the extension: the Execute… button shows for live clusters.
  const canExecute = true;

  const defaults = (clusterId = 'demo') => ({
    clusterId,
    tolerance: services.settings.plannerTolerance,
    throttleBytesPerSec: services.settings.plannerThrottleMBps * 1e6,
    movesPerBroker: services.settings.plannerMovesPerBroker,
    goals: services.settings.plannerGoals,
    ...(services.settings.plannerCapacity ? { capacity: services.settings.plannerCapacity } : {}),
  });

  const open = (request: PlanRequest, restored?: vscode.WebviewPanel): PlanPanel => {
    const { panel, created } = panels.open(
      JSON.stringify(request),
      (webviewPanel) => new PlanPanel(context, services, request, webviewPanel, reviewChoices, canExecute),
      restored,
    );
    if (!created) panel.refresh();
    return panel;
  };

  void offerCleanup(context, services);

  return [
    ...registerReview(services, reviewChoices),
    reviewChoices,

    /**
     * No argument: the wizard. A cluster id (the explorer's context menu): the wizard without the cluster step.
     * An options object ({clusterId, goal, brokers, tolerance, excludedTopics, throttleBytesPerSec, movesPerBroker}):
     * no prompts, for scripts and tests. Returns the plan's headline numbers.
     */
    registerCommand(services, PLAN_COMMAND, async (arg?: unknown) => {
      const request =
        typeof arg === 'object' && arg !== null
          ? planRequestFrom(arg, defaults())
          : await planWizard(services, typeof arg === 'string' ? arg : undefined);
      const computed = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Planning: ${describeGoal(request)}`, cancellable: false },
        async () => {
          await new Promise((r) => setTimeout(r, 0)); // let the notification show before the synchronous planner runs
          return computePlan(services, request);
        },
      );
      open(request);
      const { plan, schedule } = computed;
      if (plan.unmet.length)
        void vscode.window.showWarningMessage(`The plan could not meet ${plural(plan.unmet.length, 'constraint')}: ${plan.unmet[0]}`);
      return {
        clusterId: request.clusterId,
        partitionsMoved: plan.moves.length,
        replicasMoved: plan.replicasMoved,
        bytesMoved: plan.bytesMoved,
        bytesMovedText: formatBytes(plan.bytesMoved),
        lowerBoundBytes: plan.lowerBoundBytes,
        batches: schedule.batches.length,
        estimateText: schedule.estimateText,
        unmet: plan.unmet,
      };
    }),

    // Only the request is saved: re-validate it. A saved cluster's panel opens "connecting", connects its cluster and
    // is planned again when the snapshot arrives; a cluster neither loaded nor saved any more closes the panel.
    registerPanelRestorer(PLAN_VIEW_TYPE, services, (panel, state) => {
      if (!isPlanPanelState(state)) throw new Error('no saved plan request');
      const request = planRequestFrom(state.request, defaults());
      if (!canRestorePanel(services, request.clusterId))
        throw new Error(`cluster ${request.clusterId} is neither loaded nor a saved cluster any more`);
      open(request, panel);
      if (!services.clusters.get(request.clusterId)) void services.connections.connect(request.clusterId);
    }),

    services.clusters.onDidChange(() => {
      for (const p of panels.all()) p.refresh();
    }),
    services.clusters.onDidChangeConnection((id) => {
      for (const p of panels.all()) if (p.request.clusterId === id) p.refresh();
    }),
    panels,
  ];
}

/**
 * An execution that did not finish (window reload, crash) left its journal: offer to resume it (wait for its
 * in-flight moves, then run what is left with the same throttle: resumeExecution) or to clean up (cancel its
 * in-flight moves and remove the throttles it set: cleanUpExecution). Both name the cluster; resume is cancellable.
 * A journal that does not validate (corrupt, edited by hand) is never acted on: the error names the bad field.
 */
async function offerCleanup(context: vscode.ExtensionContext, services: Services): Promise<void> {
  const saved: unknown = context.globalState.get(JOURNAL_KEY);
  if (saved === undefined || saved === null) return;
  let journal: ExecutionJournal;
  try {
    journal = validateExecutionJournal(saved);
  } catch (err) {
    const message = errorMessage(err);
    services.log.warn(`execution journal not used: ${message}`);
    const choice = await vscode.window.showErrorMessage(
      `An unfinished reassignment left a journal that is not valid, so it can be neither resumed nor cleaned up: ${message}`,
      'Open log',
      'Forget it',
    );
    if (choice === 'Forget it') {
      services.log.warn('invalid execution journal dropped without cleanup');
      await context.globalState.update(JOURNAL_KEY, undefined);
    } else if (choice === 'Open log') services.log.show();
    return;
  }
  const bootstrap = journal.bootstrap;
  const where = bootstrap.join(',');
  const choice = await vscode.window.showWarningMessage(
    `A reassignment on ${where} started ${journal.startedAt} did not finish (${journal.batchesDone} of ${journal.batchesTotal} batches). ` +
      'Resume it (same throttle, what is left), or clean up (cancel its in-flight moves and remove the replication throttles it set)?',
    'Resume',
    'Clean up',
    'Forget it',
  );
  if (choice === 'Forget it') {
    services.log.warn(`execution journal for ${where} dropped without cleanup`);
    await context.globalState.update(JOURNAL_KEY, undefined);
    return;
  }
  if (choice === 'Resume') {
    try {
      await resume(context, services, journal, bootstrap);
    } catch (err) {
      const message = errorMessage(err);
      services.log.error(`resume on ${where} failed: ${message}`, err);
      void vscode.window
        .showErrorMessage(`Resuming the reassignment on ${where} failed: ${message} (it is offered again at the next start).`, 'Open log')
        .then((c) => c && services.log.show());
    }
    return;
  }
  if (choice !== 'Clean up') return;
  try {
    const { cleanUpExecution } = await import('../../kafka/execute');
    const settings = await services.connections.settingsFor(`live:${bootstrap.join(',')}`);
    const leftovers = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Cleaning up the reassignment on ${where}` },
      () => cleanUpExecution(settings, journal, (line) => services.log.info(`cleanup ${where}: ${line}`)),
    );
    if (leftovers.length) {
      void vscode.window
        .showErrorMessage(`Cleanup on ${where} incomplete: ${leftovers.join('; ')}`, 'Open log')
        .then((c) => c && services.log.show());
      return;
    }
    await context.globalState.update(JOURNAL_KEY, undefined);
    void vscode.window.showInformationMessage(
      `Cleaned up the unfinished reassignment on ${where}: in-flight moves cancelled, throttles removed.`,
    );
  } catch (err) {
    const message = errorMessage(err);
    services.log.error(`cleanup of ${where} failed: ${message}`, err);
    void vscode.window
      .showErrorMessage(`Cleanup on ${where} failed: ${message} (it is offered again at the next start).`, 'Open log')
      .then((c) => c && services.log.show());
  }
}

async function resume(context: vscode.ExtensionContext, services: Services, journal: ExecutionJournal, bootstrap: string[]): Promise<void> {
  const where = bootstrap.join(',');
  const { resumeExecution } = await import('../../kafka/execute');
  const settings = await services.connections.settingsFor(`live:${bootstrap.join(',')}`);
  const state = context.globalState;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Resuming the reassignment on ${where}`, cancellable: true },
    (progress, token) =>
      resumeExecution(journal, {
        settings,
        isCancelled: () => token.isCancellationRequested,
        onLog: (line) => services.log.info(`execute ${where}: ${line}`),
        onProgress: (p) => progress.report({ message: p.message }),
        journal: {
          save: (j) => Promise.resolve(state.update(JOURNAL_KEY, j)),
          clear: () => Promise.resolve(state.update(JOURNAL_KEY, undefined)),
        },
      }),
  );
  const summary = `${result.outcome}: ${plural(result.partitionsMoved, 'partition')} moved in ${plural(result.batchesDone, 'batch')}${result.error ? `; ${result.error}` : ''}`;
  services.log.info(`resume on ${where}: ${summary}`);
  if (result.outcome === 'completed' && result.leftovers.length === 0)
    void vscode.window.showInformationMessage(`Reassignment on ${where} ${summary}; throttles removed.`);
  else
    void vscode.window
      .showWarningMessage(
        `Reassignment on ${where} ${summary}${result.leftovers.length ? `. Left behind: ${result.leftovers.join('; ')}` : ''}`,
        'Open log',
      )
      .then((c) => c && services.log.show());
}
