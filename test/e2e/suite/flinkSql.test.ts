// Flink SQL in code in the real VS Code: a copy of test/fixtures/flink/java/SqlJob.java gets the SQL rules' findings
// in Problems, each squiggle on the SQL inside the string literal (the grammar bundle, dist/flinkSql.js, is loaded by
// the extension host on demand).
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { expectations } from '../../fixtures/flink/expectations';
import { hasControl, screenshot, waitFor } from './control';

const EXTENSION_ID = 'kafka-flink-planner.kafka-flink-planner';
const SOURCE = 'Flink Planner';

describe('Flink SQL in code (real VS Code)', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension not loaded');
    await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? mkdtempSync(join(tmpdir(), 'kfp-flink-sql-'));
    const target = join(folder, 'SqlJob.java');
    copyFileSync(join(ext.extensionPath, 'test', 'fixtures', 'flink', 'java', 'SqlJob.java'), target);
    uri = vscode.Uri.file(target);
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reports the SQL findings on the SQL inside the string literals', async () => {
    const expected = expectations(doc.getText());
    const diags = await waitFor(
      'Flink SQL diagnostics',
      () => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === SOURCE);
        return d.length >= expected.length ? d : undefined;
      },
      60_000,
    );
    const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
    assert.deepEqual(diags.map((d) => `${d.range.start.line + 1}:${code(d)}`).sort(), expected);
    const covered = diags.map((d) => `${code(d)}=${doc.getText(d.range)}`).sort();
    assert.deepEqual(covered, [
      'sql-processing-time-window=TUMBLE',
      'sql-unbounded-state-without-ttl=GROUP BY u.country',
      'sql-unbounded-state-without-ttl=JOIN',
      'sql-window-without-watermark=HOP',
    ]);
    const wm = diags.find((d) => code(d) === 'sql-window-without-watermark')!;
    assert.equal(wm.severity, vscode.DiagnosticSeverity.Error);
    if (hasControl()) {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      editor?.revealRange(new vscode.Range(26, 0, 26, 0), vscode.TextEditorRevealType.AtTop);
      await new Promise((r) => setTimeout(r, 500));
      await screenshot('flink-sql-findings');
    }
  });
});
