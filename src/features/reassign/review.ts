// Plan review in the editor: any JSON document that looks like a kafka-reassign-partitions.sh file is checked
// against a cluster (the demo by default, or the one chosen with "Review Reassignment Plan", remembered per
// document), with diagnostics on the JSON values the findings are about and two code lenses at the top.

import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { scheduleExecution } from '../../core/planner/execution';
import { reviewReassignmentText, type FindingSeverity, type PlanReview } from '../../core/planner/review';
import { locateFindings, looksLikeReassignment, reviewLensTitle, reviewSummaryMarkdown } from '../../core/reassignmentDocument';
import type { ExecutionSchedule } from '../../core/planner/execution';
import type { Services } from '../../services';
import { UserCancelled, registerCommand } from '../commands';

export const REVIEW_COMMAND = 'kafkaPlanner.reviewReassignmentPlan';
export const SUMMARY_COMMAND = 'kafkaPlanner.showReassignmentSummary';
const DEFAULT_CLUSTER = 'demo';
/** Edits are reviewed after this pause, not on every keystroke. */
const DEBOUNCE_MS = 300;
const SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

const SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

interface Reviewed {
  version: number;
  clusterId: string;
  review: PlanReview;
  schedule: ExecutionSchedule;
}

/** The clusters documents are reviewed against (uri -> cluster id); the plan view sets it for documents it opens. */
export class ReviewClusters {
  private readonly byDocument = new Map<string, string>();
  constructor(private readonly services: Services) {}
  /** The remembered cluster while it is loaded, else the demo. */
  get(uri: vscode.Uri): string {
    const id = this.byDocument.get(uri.toString());
    return id && this.services.clusters.get(id) ? id : DEFAULT_CLUSTER;
  }
  set(uri: vscode.Uri, clusterId: string): void {
    this.byDocument.set(uri.toString(), clusterId);
  }
  forget(uri: vscode.Uri): void {
    this.byDocument.delete(uri.toString());
  }
}

export function registerReview(services: Services, clusters: ReviewClusters): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('kafkaPlanner.reassignment');
  const reviewed = new Map<string, Reviewed>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const lensesChanged = new vscode.EventEmitter<void>();

  const isCandidate = (doc: vscode.TextDocument) =>
    (doc.languageId === 'json' || doc.languageId === 'jsonc') && looksLikeReassignment(doc.getText());

  const review = (doc: vscode.TextDocument): Reviewed | undefined => {
    const key = doc.uri.toString();
    if (!isCandidate(doc)) {
      if (reviewed.delete(key)) {
        diagnostics.delete(doc.uri);
        lensesChanged.fire();
      }
      return undefined;
    }
    const clusterId = clusters.get(doc.uri);
    const cluster = services.clusters.get(clusterId);
    if (!cluster) return undefined;
    const text = doc.getText();
    const result = reviewReassignmentText(cluster.snapshot, text, doc.fileName);
    const schedule = scheduleExecution(result.moves, {
      throttleBytesPerSec: services.settings.plannerThrottleMBps * 1e6,
      maxMovesPerBroker: services.settings.plannerMovesPerBroker,
    });
    diagnostics.set(
      doc.uri,
      locateFindings(text, result.findings).map(({ finding, start, end }) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(start.line, start.character, end.line, end.character),
          finding.message,
          SEVERITY[finding.severity],
        );
        d.code = finding.code;
        d.source = `Kafka Planner (${cluster.label})`;
        return d;
      }),
    );
    const entry = { version: doc.version, clusterId, review: result, schedule };
    reviewed.set(key, entry);
    lensesChanged.fire();
    return entry;
  };

  const reviewSafely = (doc: vscode.TextDocument) => {
    try {
      return review(doc);
    } catch (err) {
      services.log.error(`review of ${doc.uri.toString()} failed: ${err instanceof Error ? err.message : String(err)}`, err);
      return undefined;
    }
  };

  const current = (doc: vscode.TextDocument): Reviewed | undefined => {
    const r = reviewed.get(doc.uri.toString());
    return r && r.version === doc.version && r.clusterId === clusters.get(doc.uri) ? r : reviewSafely(doc);
  };

  const reviewAll = () => {
    for (const doc of vscode.workspace.textDocuments) reviewSafely(doc);
  };

  const targetDocument = async (arg: unknown): Promise<vscode.TextDocument> => {
    const uri =
      arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : vscode.window.activeTextEditor?.document.uri;
    if (!uri)
      throw new InputError(
        'Open a reassignment JSON file ({"version":1,"partitions":[…]}) in the editor first, then run Review Reassignment Plan.',
      );
    const doc = await vscode.workspace.openTextDocument(uri);
    if (!looksLikeReassignment(doc.getText())) {
      throw new InputError(
        `${doc.fileName} does not look like a reassignment file: expected {"version":1,"partitions":[{"topic","partition","replicas"}, …]} as kafka-reassign-partitions.sh reads it.`,
      );
    }
    return doc;
  };

  const lensProvider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lensesChanged.event,
    provideCodeLenses(doc) {
      const r = current(doc);
      if (!r) return [];
      const top = new vscode.Range(0, 0, 0, 0);
      const label = services.clusters.get(r.clusterId)?.label ?? r.clusterId;
      return [
        new vscode.CodeLens(top, {
          title: reviewLensTitle(r.review, r.schedule.estimateText),
          command: SUMMARY_COMMAND,
          arguments: [doc.uri],
          tooltip: 'Open the summary of this plan',
        }),
        new vscode.CodeLens(top, {
          title: `Reviewed against ${label} — change`,
          command: REVIEW_COMMAND,
          arguments: [doc.uri],
          tooltip: 'Review this file against another cluster',
        }),
      ];
    },
  };

  return [
    diagnostics,
    lensesChanged,
    vscode.languages.registerCodeLensProvider(SELECTOR, lensProvider),
    vscode.workspace.onDidOpenTextDocument((doc) => void reviewSafely(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const doc = e.document;
      if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') return;
      const key = doc.uri.toString();
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          reviewSafely(doc);
        }, DEBOUNCE_MS),
      );
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      const key = doc.uri.toString();
      clearTimeout(timers.get(key));
      timers.delete(key);
      reviewed.delete(key);
      diagnostics.delete(doc.uri);
    }),
    services.clusters.onDidChange(reviewAll),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('kafkaPlanner.planner') && reviewAll()),
    { dispose: () => [...timers.values()].forEach(clearTimeout) },

    registerCommand(services, REVIEW_COMMAND, async (uriArg?: unknown, clusterIdArg?: unknown) => {
      const doc = await targetDocument(uriArg);
      let clusterId: string;
      if (typeof clusterIdArg === 'string') {
        if (!services.clusters.get(clusterIdArg))
          throw new InputError(
            `No cluster with id "${clusterIdArg}" is loaded (known: ${services.clusters
              .all()
              .map((c) => c.id)
              .join(', ')}).`,
          );
        clusterId = clusterIdArg;
      } else {
        const now = clusters.get(doc.uri);
        const items = services.clusters.all().map((c) => ({
          label: c.label,
          description:
            c.id === now
              ? 'reviewing against it now'
              : c.kind === 'demo'
                ? 'demo data'
                : c.kind === 'live'
                  ? 'live cluster'
                  : 'snapshot file',
          detail: `${c.snapshot.brokers.length} brokers, ${c.snapshot.topics.length} topics`,
          id: c.id,
        }));
        const chosen = await vscode.window.showQuickPick(items, {
          title: 'Review Reassignment Plan',
          placeHolder: `Review ${doc.fileName.split(/[\\/]/).pop()} against which cluster?`,
        });
        if (!chosen) throw new UserCancelled();
        clusterId = chosen.id;
      }
      clusters.set(doc.uri, clusterId);
      const r = review(doc);
      if (!r) return undefined;
      if (vscode.window.activeTextEditor?.document !== doc) await vscode.window.showTextDocument(doc);
      const errors = r.review.findings.filter((f) => f.severity === 'error').length;
      services.log.info(`reviewed ${doc.uri.toString()} against ${clusterId}: ${r.review.findings.length} findings (${errors} errors)`);
      return {
        clusterId,
        findings: r.review.findings.length,
        errors,
        replicasMoved: r.review.replicasMoved,
        bytesMoved: r.review.bytesMoved,
      };
    }),

    registerCommand(services, SUMMARY_COMMAND, async (uriArg?: unknown) => {
      const doc = await targetDocument(uriArg);
      const r = current(doc);
      if (!r)
        throw new InputError(`The cluster ${clusters.get(doc.uri)} is no longer loaded: run Review Reassignment Plan to choose another.`);
      const content = reviewSummaryMarkdown({
        fileName: doc.fileName.split(/[\\/]/).pop() ?? doc.fileName,
        clusterName: services.clusters.get(r.clusterId)?.label ?? r.clusterId,
        review: r.review,
        schedule: r.schedule,
      });
      const summary = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      // as text: the markdown preview of an untitled document stays blank in the web workbench
      await vscode.window.showTextDocument(summary, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return content;
    }),
  ];
}
