// Answering the save dialog of the web workbench (code-server's simple file dialog, a QuickInput) with real keys:
// shared by the tests that save through a button (skew exports, the plan view's Save plan JSON).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { QUICK_INPUT, keyboard, queryWorkbench, screenshot as workbenchScreenshot, waitForQuickInput } from './control';

/**
 * Answers the save dialog (code-server's simple file dialog, a QuickInput) by typing a full path with real keys,
 * then waits for the file. The dialog updates its items as the path is typed: Enter is pressed once it settled.
 */
export async function saveAs(title: RegExp, file: string): Promise<Buffer> {
  await waitForQuickInput(title);
  // The simple file dialog fills in and completes its path while it loads: type the path, then check the box holds
  // exactly it (retyping if the dialog's own update raced the typing) before accepting.
  const input = `${QUICK_INPUT} input`;
  for (let attempt = 0; ; attempt++) {
    await keyboard({ press: 'Control+A' });
    await keyboard({ text: file });
    await new Promise((r) => setTimeout(r, 300));
    const value = (await queryWorkbench(input)).values.find((v) => v !== null);
    if (value === file) break;
    if (attempt === 4) assert.fail(`the save dialog holds ${JSON.stringify(value)} instead of ${file}`);
  }
  // Enter can land while the dialog is still checking the typed path (then it does nothing): press it again while
  // the dialog is still open and no file has appeared.
  for (let press = 0; press < 3; press++) {
    await keyboard({ press: 'Enter' });
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline && !existsSync(file)) await new Promise((r) => setTimeout(r, 200));
    if (existsSync(file) || (await queryWorkbench(QUICK_INPUT, { timeoutMs: 500 })).count === 0) break;
  }
  try {
    return await waitForFile(file);
  } catch (err) {
    const dialog = (await queryWorkbench(QUICK_INPUT)).texts.join(' ').replace(/\s+/g, ' ');
    await workbenchScreenshot(`skew-save-failed-${file.split('/').pop()}`);
    throw new Error(`${(err as Error).message}; the dialog shows: ${dialog || '(closed)'}`, { cause: err });
  }
}

/** Waits until `file` exists and its size stopped changing. */
async function waitForFile(file: string, timeoutMs = 15_000): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const size = statSync(file).size;
      if (size > 0 && size === last) return readFileSync(file);
      last = size;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`the export wrote nothing at ${file}`);
}
