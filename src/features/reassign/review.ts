// Plan review in the editor: any JSON document that looks like a kafka-reassign-partitions.sh file is checked
// against the cluster it was made for, with diagnostics on the JSON values the findings are about and code lenses
// at the top. The cluster is the file's "plannedFor" binding (core/planBinding.ts) or the one the user picked
// ("Review against…", "Rebind…", remembered in the workspace state); while that cluster is not loaded the file gets
// one "not connected" note and is reviewed as soon as it connects. A file with neither is never reviewed against
// a guessed cluster: its lens asks.

import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { scheduleExecution } from '../../core/planner/execution';
import { parsePlanText, reviewParsedPlan, type FindingSeverity, type PlanReview } from '../../core/planner/review';
import {
  choiceOf,
  describeBinding,
  notConnectedText,
  resolveReviewTarget,
  type PlanBinding,
  type ReviewChoice,
  type ReviewTarget,
} from '../../core/planBinding';
import { locateFindings, looksLikeReassignment, reviewLensTitle, reviewSummaryMarkdown } from '../../core/reassignmentDocument';
import type { ExecutionSchedule } from '../../core/planner/execution';
import type { KnownCluster, Services } from '../../services';
import { UserCancelled, registerCommand } from '../commands';

export const REVIEW_COMMAND = 'kafkaPlanner.reviewReassignmentPlan';
export const SUMMARY_COMMAND = 'kafkaPlanner.showReassignmentSummary';
/** Where a "not connected" lens leads: the Clusters view, where clusters are connected. */
const CLUSTERS_VIEW_FOCUS = 'kafkaPlanner.clusters.focus';
/** workspaceState key: document uri -> the cluster the user chose for it. */
const CHOICES_KEY = 'kafkaPlanner.reviewChoices';
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
  /** ReviewState.generation when this was computed: clusters, choices and settings bump it. */
  generation: number;
  target: ReviewTarget<KnownCluster>;
  binding?: PlanBinding;
  review?: PlanReview;
  schedule?: ExecutionSchedule;
}

function isReviewChoice(value: unknown): value is ReviewChoice {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.registryId === 'string' && typeof v.name === 'string' && (v.clusterId === undefined || typeof v.clusterId === 'string');
}

/**
 * The clusters users chose for documents. Saved files are remembered in the workspace state (across reloads);
 * untitled documents only while they are open.
 */
export class ReviewChoices {
  private readonly untitled = new Map<string, ReviewChoice>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  private saved(): Record<string, unknown> {
    const all = this.state.get<unknown>(CHOICES_KEY);
    return typeof all === 'object' && all !== null ? (all as Record<string, unknown>) : {};
  }

  get(uri: vscode.Uri): ReviewChoice | undefined {
    if (uri.scheme === 'untitled') return this.untitled.get(uri.toString());
    const choice = this.saved()[uri.toString()];
    return isReviewChoice(choice) ? choice : undefined;
  }

  /** Remembers (or, with undefined, forgets) the cluster chosen for a document. */
  async set(uri: vscode.Uri, choice: ReviewChoice | undefined): Promise<void> {
    const key = uri.toString();
    if (uri.scheme === 'untitled') {
      if (choice) this.untitled.set(key, choice);
      else this.untitled.delete(key);
    } else {
      const all = { ...this.saved() };
      if (choice) all[key] = choice;
      else delete all[key];
      await this.state.update(CHOICES_KEY, all);
    }
    this.changed.fire(uri);
  }

  forgetUntitled(uri: vscode.Uri): void {
    this.untitled.delete(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function kindText(c: KnownCluster): string {
  return c.kind === 'demo' ? 'demo data' : c.kind === 'live' ? 'live cluster' : 'snapshot file';
}

export function registerReview(services: Services, choices: ReviewChoices): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('kafkaPlanner.reassignment');
  const reviewed = new Map<string, Reviewed>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const lensesChanged = new vscode.EventEmitter<void>();
  let generation = 0;

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
    const text = doc.getText();
    const parsed = parsePlanText(text, doc.fileName);
    const target = resolveReviewTarget(parsed.binding, choices.get(doc.uri), services.clusters.all());
    const entry: Reviewed = { version: doc.version, generation, target, binding: parsed.binding };
    if (target.kind === 'cluster') {
      const { cluster } = target;
      entry.review = reviewParsedPlan(cluster.snapshot, parsed);
      entry.schedule = scheduleExecution(entry.review.moves, {
        throttleBytesPerSec: services.settings.plannerThrottleMBps * 1e6,
        maxMovesPerBroker: services.settings.plannerMovesPerBroker,
      });
      diagnostics.set(doc.uri, toDiagnostics(text, entry.review.findings, `Kafka Planner (${cluster.label})`));
    } else if (target.kind === 'notConnected') {
      // one note instead of the findings: nothing is known about this cluster until it is connected
      const note = { severity: 'info' as const, code: 'not-connected', message: `${notConnectedText(target.want)}.`, path: '$.plannedFor' };
      diagnostics.set(doc.uri, toDiagnostics(text, [note], 'Kafka Planner'));
    } else {
      diagnostics.delete(doc.uri);
    }
    reviewed.set(key, entry);
    lensesChanged.fire();
    return entry;
  };

  const toDiagnostics = (text: string, findings: PlanReview['findings'], source: string): vscode.Diagnostic[] =>
    locateFindings(text, findings).map(({ finding, start, end }) => {
      const d = new vscode.Diagnostic(
        new vscode.Range(start.line, start.character, end.line, end.character),
        finding.message,
        SEVERITY[finding.severity],
      );
      d.code = finding.code;
      d.source = source;
      return d;
    });

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
    return r && r.version === doc.version && r.generation === generation ? r : reviewSafely(doc);
  };

  /** Clusters, choices or settings changed: every open plan is reviewed again (a cluster that connects, too). */
  const reviewAll = () => {
    generation++;
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
      const lens = (title: string, command: string, tooltip: string, args: unknown[] = [doc.uri]) =>
        new vscode.CodeLens(top, { title, command, arguments: args, tooltip });
      const { target } = r;
      if (target.kind === 'unbound')
        return [lens('Review against…', REVIEW_COMMAND, 'This plan names no cluster: choose the cluster to review it against')];
      if (target.kind === 'notConnected')
        return [
          lens(
            notConnectedText(target.want),
            CLUSTERS_VIEW_FOCUS,
            'Connect the cluster in the Clusters view: the plan is reviewed then',
            [],
          ),
          lens('Rebind…', REVIEW_COMMAND, 'Review this plan against another cluster'),
        ];
      const label = target.cluster.label;
      const bindingText =
        target.chosen && r.binding && r.binding.clusterId !== target.cluster.snapshot.clusterId
          ? ` (your choice; the file names ${describeBinding(r.binding)})`
          : '';
      return [
        lens(reviewLensTitle(r.review!, r.schedule!.estimateText), SUMMARY_COMMAND, 'Open the summary of this plan'),
        lens(`Reviewed against ${label}${bindingText} — Rebind…`, REVIEW_COMMAND, 'Review this plan against another cluster'),
      ];
    },
  };

  /** The quick pick of "Review against…" / "Rebind…": the loaded clusters, and the file's own binding when overridden. */
  const pickCluster = async (doc: vscode.TextDocument, r: Reviewed | undefined): Promise<ReviewChoice | undefined> => {
    const now = r?.target.kind === 'cluster' ? r.target.cluster.id : undefined;
    type Item = vscode.QuickPickItem & { choice?: ReviewChoice };
    const items: Item[] = services.clusters.all().map((c) => ({
      label: c.label,
      description: [
        c.id === now ? 'reviewing against it now' : kindText(c),
        c.snapshot.clusterId ? `cluster id ${c.snapshot.clusterId}` : 'no cluster id',
        r?.binding && c.snapshot.clusterId === r.binding.clusterId ? 'the plan was made for it' : '',
      ]
        .filter(Boolean)
        .join(' · '),
      detail: `${c.snapshot.brokers.length} brokers, ${c.snapshot.topics.length} topics`,
      choice: choiceOf(c),
    }));
    if (r?.binding && choices.get(doc.uri))
      items.unshift({ label: `The cluster the plan names: ${describeBinding(r.binding)}`, description: 'forget my choice' });
    const name = doc.fileName.split(/[\\/]/).pop();
    const chosen = await vscode.window.showQuickPick(items, {
      title: r?.binding ? `Rebind ${name}` : 'Review Reassignment Plan',
      placeHolder: r?.binding
        ? `${name} was made for ${describeBinding(r.binding)}; review it against…`
        : `Review ${name} against which cluster?`,
    });
    if (!chosen) throw new UserCancelled();
    return chosen.choice;
  };

  // documents already open when the extension starts (a window reload) are reviewed, or told what they wait for, now
  for (const doc of vscode.workspace.textDocuments) reviewSafely(doc);

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
      choices.forgetUntitled(doc.uri);
    }),
    services.clusters.onDidChange(reviewAll),
    choices.onDidChange(reviewAll),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('kafkaPlanner.planner') && reviewAll()),
    { dispose: () => [...timers.values()].forEach(clearTimeout) },

    /**
     * Review against… / Rebind…: with a registry id ("demo", "live:<bootstrap>") no prompt, for scripts and tests.
     * The choice is remembered for the document; choosing the cluster the file names forgets it.
     */
    registerCommand(services, REVIEW_COMMAND, async (uriArg?: unknown, clusterIdArg?: unknown) => {
      const doc = await targetDocument(uriArg);
      const before = current(doc);
      let choice: ReviewChoice | undefined;
      if (typeof clusterIdArg === 'string') {
        const cluster = services.clusters.get(clusterIdArg);
        if (!cluster)
          throw new InputError(
            `No cluster with id "${clusterIdArg}" is loaded (known: ${services.clusters
              .all()
              .map((c) => c.id)
              .join(', ')}).`,
          );
        choice = choiceOf(cluster);
      } else {
        choice = await pickCluster(doc, before);
      }
      const sameAsFile = choice?.clusterId !== undefined && choice.clusterId === before?.binding?.clusterId;
      await choices.set(doc.uri, sameAsFile ? undefined : choice);
      const r = current(doc);
      if (vscode.window.activeTextEditor?.document !== doc) await vscode.window.showTextDocument(doc);
      if (!r || r.target.kind !== 'cluster' || !r.review) return undefined;
      const errors = r.review.findings.filter((f) => f.severity === 'error').length;
      services.log.info(
        `reviewed ${doc.uri.toString()} against ${r.target.cluster.id}: ${r.review.findings.length} findings (${errors} errors)`,
      );
      return {
        clusterId: r.target.cluster.id,
        kafkaClusterId: r.target.cluster.snapshot.clusterId,
        findings: r.review.findings.length,
        errors,
        replicasMoved: r.review.replicasMoved,
        bytesMoved: r.review.bytesMoved,
      };
    }),

    registerCommand(services, SUMMARY_COMMAND, async (uriArg?: unknown) => {
      const doc = await targetDocument(uriArg);
      const r = current(doc);
      if (!r || r.target.kind === 'unbound')
        throw new InputError(`${doc.fileName} names no cluster: run Review Reassignment Plan to choose the cluster to review it against.`);
      if (r.target.kind === 'notConnected') throw new InputError(`${notConnectedText(r.target.want)}.`);
      const cluster = r.target.cluster;
      const content = reviewSummaryMarkdown({
        fileName: doc.fileName.split(/[\\/]/).pop() ?? doc.fileName,
        clusterName: cluster.snapshot.clusterId ? `${cluster.label} (cluster id ${cluster.snapshot.clusterId})` : cluster.label,
        review: r.review!,
        schedule: r.schedule!,
      });
      const summary = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      // as text: the markdown preview of an untitled document stays blank in the web workbench
      await vscode.window.showTextDocument(summary, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return content;
    }),
  ];
}
