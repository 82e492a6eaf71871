// Flink lens in the real VS Code: open a Flink job (a copy of test/fixtures/flink/java/AlarmJob.java), see the code
// lenses in the editor and the findings in the Problems panel, apply the "Add .uid(...)" quick fix.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { expectations } from '../../fixtures/flink/expectations';
import { hasControl, queryWorkbench, screenshot, waitFor } from './control';

const EXTENSION_ID = 'kafka-flink-planner.kafka-flink-planner';
const SOURCE = 'Flink Planner';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function lineRules(diags: vscode.Diagnostic[]): string[] {
  return diags.map((d) => `${d.range.start.line + 1}:${typeof d.code === 'object' ? d.code.value : d.code}`).sort();
}

describe('Flink lens (real VS Code)', () => {
  let uri: vscode.Uri;
  let expected: string[];

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension not loaded');
    await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? mkdtempSync(join(tmpdir(), 'kfp-flink-'));
    const target = join(folder, 'AlarmJob.java');
    copyFileSync(join(ext.extensionPath, 'test', 'fixtures', 'flink', 'java', 'AlarmJob.java'), target);
    uri = vscode.Uri.file(target);
    const doc = await vscode.workspace.openTextDocument(uri);
    expected = expectations(doc.getText());
    await vscode.window.showTextDocument(doc, { preview: false });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reports every finding of the fixture in Problems, with rule ids and doc links', async () => {
    const diags = await waitFor('Flink diagnostics', () => {
      const d = ours(uri);
      return d.length >= expected.length ? d : undefined;
    });
    assert.deepEqual(lineRules(diags), expected);
    const uid = diags.find((d) => typeof d.code === 'object' && d.code.value === 'missing-uid');
    assert.ok(uid && typeof uid.code === 'object');
    assert.match(String(uid.code.target), /savepoints/);
    assert.match(uid.message, /Add \.uid\("/);
  });

  it('shows the job summary, subtasks -> KPUs, window and key lenses', async () => {
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l && l.some((x) => x.command?.title.startsWith('Flink job')) ? l : undefined;
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    // AlarmJob: fromSource, map(256), 4 keyed reduce/process, 4 prints + 1 more reduce = 11 operators; subtasks
    // 256 + 10 × 1; KPUs ceil(256 / 1) + 1 = 257; 257 × 720 h × $0.11 = $20,354.40
    const job = titles.find((t) => t.startsWith('Flink job'));
    assert.match(job ?? '', /^Flink job: 11 operators, 6 shuffles, 4 branches, ~266 subtasks → 257 KPUs ≈ \$20,354\/month$/);
    assert.ok(titles.includes('256 subtasks → 257 KPUs'), titles.join(' | '));
    assert.ok(titles.includes('Processing time: 1 min tumbling windows'), titles.join(' | '));
    assert.ok(titles.includes('Event time: 5 min tumbling windows'), titles.join(' | '));
    assert.ok(titles.includes('Keyed by severity (hash shuffle)'), titles.join(' | '));
  });

  it('renders the lenses in the editor and the findings in the Problems panel (screenshots)', async function () {
    if (!hasControl()) this.skip();
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    assert.ok(editor);
    editor.revealRange(new vscode.Range(80, 0, 80, 0), vscode.TextEditorRevealType.AtTop);
    // the decorations are drawn before their text: wait for the text
    let shown = await queryWorkbench('.monaco-editor .codelens-decoration', { minCount: 3 });
    shown = await waitFor('the code lens text in the editor', async () => {
      const q = await queryWorkbench('.monaco-editor .codelens-decoration', { minCount: 3 });
      return q.texts.some((t) => t.includes('256 subtasks → 257 KPUs')) ? q : undefined;
    }).catch(() => shown);
    assert.ok(
      shown.texts.some((t) => t.includes('256 subtasks → 257 KPUs')),
      shown.texts.join(' | '),
    );
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // The Problems list is virtualized and other tests' files may sit above ours, so the panel check is that this
    // file's rows are there; the rule ids are checked on the diagnostics the panel shows.
    const rows = await waitFor(
      'AlarmJob.java findings in the Problems panel',
      async () => {
        const q = await queryWorkbench('.markers-panel .monaco-list-row', { minCount: 1 });
        const text = [...q.texts, ...q.labels].join('\n');
        if (!/AlarmJob\.java/.test(text)) return undefined;
        return text;
      },
      15_000,
    );
    assert.match(rows, /AlarmJob\.java/);
    const codes = new Set(ours(uri).map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code))));
    for (const rule of ['missing-uid', 'low-cardinality-key', 'processing-time-window', 'kryo-fallback'])
      assert.ok(codes.has(rule), `${rule} is not among ${[...codes].join(', ')}`);
    await screenshot('flink-lens-problems');
    editor.revealRange(new vscode.Range(108, 0, 108, 0), vscode.TextEditorRevealType.InCenter);
    const job = await waitFor(
      'the job summary lens on env.execute',
      async () => {
        const q = await queryWorkbench('.monaco-editor .codelens-decoration', { minCount: 1 });
        return q.texts.find((t) => t.startsWith('Flink job:'));
      },
      15_000,
    );
    assert.equal(job, 'Flink job: 11 operators, 6 shuffles, 4 branches, ~266 subtasks → 257 KPUs ≈ $20,354/month');
    await screenshot('flink-lens-job-summary');
  });

  it('applies the "Add .uid(...)" quick fix and the finding goes away', async () => {
    const before = ours(uri);
    const target = before.find((d) => typeof d.code === 'object' && d.code.value === 'missing-uid' && d.range.start.line + 1 === 91);
    assert.ok(target, `no missing-uid on line 91: ${lineRules(before).join(', ')}`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      target.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.startsWith('Add .uid('));
    assert.ok(fix?.edit, `no uid quick fix: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.title, 'Add .uid("reduce-3")');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.lineAt(90).text, /\.reduce\(\(a, b\) -> b\)\.uid\("reduce-3"\) \/\/ expect: missing-uid/);
    await waitFor('missing-uid on line 91 to go away', () =>
      ours(uri).some((d) => d.range.start.line + 1 === 91 && typeof d.code === 'object' && d.code.value === 'missing-uid')
        ? undefined
        : true,
    );
    assert.equal(ours(uri).length, before.length - 1);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    editor?.revealRange(new vscode.Range(84, 0, 84, 0), vscode.TextEditorRevealType.AtTop);
    if (editor) editor.selection = new vscode.Selection(90, 16, 90, 16);
    await screenshot('flink-lens-after-quick-fix');
  });
});
