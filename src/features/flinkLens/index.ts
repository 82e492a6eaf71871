// Flink lens: code lenses (job summary, subtasks -> KPUs, time characteristic, key), Problems entries with rule ids,
// quick fixes and hovers for Java, Scala and Python files that use Flink APIs. The parser loads on the first Flink
// file (src/flink/parser.ts), never at activation. Analysis is debounced per document and incremental: the edits
// since the last analysis are applied to the document's previous syntax tree (FlinkParseCache), with a full parse
// as the fallback.
//
// The job-summary lens shows its numbers (operators, shuffles, branches, subtasks, KPUs, $/month) with the
// explanation in its tooltip; a click opens the Flink sizing report (kafkaPlanner.sizeFlinkApplication) with the job's
// parallelism and ParallelismPerKPU.

import * as vscode from 'vscode';
import type { FlinkAnalysis } from '../../core/flink/analyze';
import { RULES, isRuleId, type Finding, type Severity } from '../../core/flink/rules';
import { FlinkParseCache, languageOf, lastParserError, usesFlink, type TextChange } from '../../flink/parser';
import type { Services } from '../../services';
import { registerCommand } from '../commands';
import { SAMPLE_FLINK_JOB_JAVA } from '../../core/flink/sampleJob';
import { FLINK_LENS_LANGUAGES } from '../../core/documentKinds';

/** Context key: the Flink lens analysed a job in this window (the walkthrough's "Open a Flink job" step). */
const FLINK_JOB_ANALYZED_CONTEXT = 'kafkaPlanner.flinkJobAnalyzed';

export const DIAGNOSTIC_SOURCE = 'Flink Planner';
const SELECTOR: vscode.DocumentSelector = FLINK_LENS_LANGUAGES.map((language) => ({ language }));
const DEBOUNCE_MS = 250;

function toRange(r: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(r.line, r.column, r.endLine, r.endColumn);
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

class FlinkLensController implements vscode.CodeLensProvider, vscode.CodeActionProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('flink');
  private readonly results = new Map<string, { version: number; analysis: FlinkAnalysis }>();
  /** The notes and internal errors last logged per document. */
  private readonly logged = new Map<string, Set<string>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  // SQL strings are read on a worker thread: the grammar's first parse of a statement shape takes up to a second
  private readonly trees = new FlinkParseCache({ sqlOffThread: true });
  /** Edits since the document's last analysis, in the order the editor reported them; undefined: parse it whole. */
  private readonly pending = new Map<string, TextChange[] | undefined>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  constructor(private readonly services: Services) {}

  /** Records an edit for the incremental re-parse, then schedules the analysis. */
  changed(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const list = this.pending.get(key);
    if (list) for (const c of e.contentChanges) list.push({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text });
    this.schedule(e.document);
  }

  schedule(doc: vscode.TextDocument, delayMs = DEBOUNCE_MS): void {
    if (!languageOf(doc.languageId) || doc.uri.scheme === 'output') return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.analyze(doc);
      }, delayMs),
    );
  }

  /** Analyses now; returns the analysis (undefined for a non-Flink file). */
  async analyze(doc: vscode.TextDocument): Promise<FlinkAnalysis | undefined> {
    const key = doc.uri.toString();
    const settings = this.services.settings.flinkLens;
    const text = doc.getText();
    if (!settings.enabled || !usesFlink(text)) {
      this.forget(doc.uri);
      return undefined;
    }
    const version = doc.version;
    const started = Date.now();
    // the edits up to this text; later ones are collected afresh (the cache checks they lead to `text`)
    const changes = this.pending.get(key);
    this.pending.set(key, []);
    // the path tells a test source (src/test/, *Test.java, test_*.py) from a job
    const analysis = await this.trees.analyze(key, text, doc.languageId, { ...settings, path: doc.uri.path }, changes);
    if (doc.isClosed || doc.version !== version) return analysis; // a newer edit is scheduled
    if (!analysis) {
      this.services.log.warn(`Flink lens: could not analyse ${doc.uri.fsPath}${lastParserError ? `: ${lastParserError}` : ''}`);
      this.forget(doc.uri);
      return undefined;
    }
    // Notes (what was not read) and internal errors (bugs: the rest of the analysis ran) go to the log, never to
    // Problems; logged once per distinct text so typing does not repeat them.
    const said = this.logged.get(key) ?? new Set<string>();
    for (const note of analysis.notes) if (!said.has(note)) this.services.log.info(`Flink lens: ${doc.uri.fsPath}: ${note}`);
    for (const err of analysis.internalErrors)
      if (!said.has(err)) this.services.log.error(`Flink lens: internal error analysing ${doc.uri.fsPath} (please report): ${err}`);
    this.logged.set(key, new Set([...analysis.notes, ...analysis.internalErrors]));
    this.results.set(key, { version, analysis });
    this.diagnostics.set(
      doc.uri,
      analysis.findings.map((f) => this.toDiagnostic(f)),
    );
    this.lensesChanged.fire();
    if (analysis.context.job && !analysis.context.testSource)
      void vscode.commands.executeCommand('setContext', FLINK_JOB_ANALYZED_CONTEXT, true);
    const t = analysis.timings;
    const phases = t
      ? ` (${t.incremental ? 'incremental' : 'full'} parse ${t.parseMs.toFixed(1)} ms, facts ${t.extractMs.toFixed(1)} ms, rules ${t.rulesMs.toFixed(1)} ms)`
      : '';
    const kind = analysis.context.testSource
      ? ' (a test source: not judged)'
      : analysis.context.job
        ? ''
        : ' (no job in this file: per-operator rules only)';
    this.services.log.debug(
      `Flink lens: ${doc.uri.fsPath}: ${analysis.findings.length} findings${kind} in ${Date.now() - started} ms${phases}`,
    );
    return analysis;
  }

  reanalyzeAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  forget(uri: vscode.Uri): void {
    this.trees.forget(uri.toString());
    this.pending.delete(uri.toString());
    this.results.delete(uri.toString());
    this.logged.delete(uri.toString());
    this.diagnostics.delete(uri);
    this.lensesChanged.fire();
  }

  private toDiagnostic(f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.rule, target: vscode.Uri.parse(f.docUrl) };
    return d;
  }

  private findingsFor(doc: vscode.TextDocument): Finding[] {
    return this.results.get(doc.uri.toString())?.analysis.findings ?? [];
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const analysis = this.results.get(doc.uri.toString())?.analysis;
    if (!analysis) return [];
    return analysis.lenses.map(
      (l) =>
        new vscode.CodeLens(
          toRange(l.range),
          // the job summary opens the Flink sizing report (src/features/sizing) with what the code tells: its parallelism
          l.kind === 'job'
            ? {
                title: l.title,
                tooltip: `${l.tooltip}\nClick for the sizing report.`,
                command: 'kafkaPlanner.sizeFlinkApplication',
                arguments: [{ parallelism: analysis.summary.parallelism, parallelismPerKpu: analysis.summary.parallelismPerKpu }],
              }
            : { title: l.title, tooltip: l.tooltip, command: '' },
        ),
    );
  }

  provideCodeActions(
    doc: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    for (const f of this.findingsFor(doc)) {
      if (!f.fix) continue;
      const diagnostic = ours.find((d) => d.range.isEqual(toRange(f.range)) && typeof d.code === 'object' && d.code.value === f.rule);
      if (!diagnostic && !toRange(f.range).intersection(range)) continue;
      const action = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      for (const e of f.fix.edits) action.edit.replace(doc.uri, toRange(e.range), e.newText);
      if (diagnostic) action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const here = this.findingsFor(doc).filter((f) => toRange(f.range).contains(position));
    if (here.length === 0) return undefined;
    const md = new vscode.MarkdownString();
    for (const f of here) {
      const rule = isRuleId(f.rule) ? RULES[f.rule] : undefined;
      md.appendMarkdown(`**${rule?.title ?? f.rule}** \`${f.rule}\` (${f.severity})\n\n`);
      if (rule) md.appendText(`${rule.why}\n\n`);
      md.appendMarkdown(`[Flink documentation](${f.docUrl})\n\n`);
    }
    md.appendMarkdown('Disable or change severity with `kafkaPlanner.flinkLens.disabledRules` / `ruleSeverities`.');
    return new vscode.Hover(md);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.trees.dispose();
    this.diagnostics.dispose();
    this.lensesChanged.dispose();
  }
}

export function registerFlinkLens(_context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  const controller = new FlinkLensController(services);
  for (const doc of vscode.workspace.textDocuments) controller.schedule(doc, 0);
  return [
    controller,
    vscode.languages.registerCodeLensProvider(SELECTOR, controller),
    vscode.languages.registerCodeActionsProvider(SELECTOR, controller, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerHoverProvider(SELECTOR, controller),
    vscode.workspace.onDidOpenTextDocument((doc) => controller.schedule(doc, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => controller.changed(e)),
    vscode.workspace.onDidCloseTextDocument((doc) => controller.forget(doc.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kafkaPlanner.flinkLens')) controller.reanalyzeAll();
    }),
    // For users with no job at hand (the walkthrough's last step): an untitled Java file, analysed like any other.
    registerCommand(services, 'kafkaPlanner.openSampleFlinkJob', async () => {
      // an untitled file with a name: the tab reads OrdersPerMinute.java, and saving asks where
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: 'OrdersPerMinute.java' }));
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      if (doc.getText() === '') await editor.edit((e) => e.insert(new vscode.Position(0, 0), SAMPLE_FLINK_JOB_JAVA));
      return doc.uri.toString();
    }),
  ];
}
