// Helpers for e2e tests that need the browser side of the run (screenshots, workbench DOM, webview content).
// The suite runs in the extension host (a Node process); under the code-server runner (test/e2e/runVsCode.mjs)
// Playwright is reachable through a small HTTP server whose URL is in env KFP_E2E_CONTROL.
// Under @vscode/test-electron there is no such server: screenshot() logs and does nothing, the DOM helpers throw a
// ControlUnavailableError; call skipWithoutControl(this) first in tests that cannot do without them.
import { request } from 'node:http';
import * as vscode from 'vscode';

export class ControlUnavailableError extends Error {
  constructor(what: string) {
    super(`${what} needs the code-server e2e runner (env KFP_E2E_CONTROL is not set; e.g. under @vscode/test-electron)`);
    this.name = 'ControlUnavailableError';
  }
}

export function hasControl(): boolean {
  return !!process.env.KFP_E2E_CONTROL;
}

/** In a Mocha test or hook (`function () {...}`, not an arrow): skips it when the browser control is unavailable. */
export function skipWithoutControl(ctx: Mocha.Context): void {
  if (!hasControl()) ctx.skip();
}

function post<T>(path: string, body: unknown, timeoutMs = 90_000): Promise<T> {
  const base = process.env.KFP_E2E_CONTROL;
  if (!base) return Promise.reject(new ControlUnavailableError(`POST ${path}`));
  const url = new URL(path, base);
  const data = Buffer.from(JSON.stringify(body));
  return new Promise<T>((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let parsed: { error?: string } & Record<string, unknown>;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return reject(new Error(`e2e control ${path}: HTTP ${res.statusCode}, not JSON`));
          }
          if (res.statusCode !== 200) return reject(new Error(`e2e control ${path}: ${parsed.error ?? `HTTP ${res.statusCode}`}`));
          resolve(parsed as T);
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`e2e control ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * Screenshot of the whole workbench (1400x900) as `<name>.png` in the run's screenshots folder and in
 * `.test-runs/screenshots/`. Returns the file path, or undefined (after logging) when there is no browser.
 */
export async function screenshot(name: string): Promise<string | undefined> {
  if (!hasControl()) {
    console.log(`[e2e] screenshot "${name}" skipped: no browser control (KFP_E2E_CONTROL unset)`);
    return undefined;
  }
  const { path } = await post<{ path: string }>('/screenshot', { name });
  return path;
}

export interface WorkbenchQuery {
  /** number of elements matching the selector */
  count: number;
  /** innerText of each (trimmed) */
  texts: string[];
  /** aria-label (or title) of each, '' when none */
  labels: string[];
  /** The value of each element that has one (inputs), else null. */
  values: (string | null)[];
}

/**
 * Finds elements in the workbench DOM (CSS selector, Playwright syntax allowed). With minCount, polls until at
 * least that many match or timeoutMs (default 10 s) passes; it then returns what it found (assert on it).
 */
export function queryWorkbench(selector: string, opts: { minCount?: number; timeoutMs?: number } = {}): Promise<WorkbenchQuery> {
  return post<WorkbenchQuery>('/query', { selector, minCount: opts.minCount ?? 0, timeoutMs: opts.timeoutMs ?? 10_000 });
}

/**
 * Evaluates a JavaScript expression inside the visible webview's content frame (the extension's own HTML) and
 * returns its JSON value; a Promise is awaited. Waits up to timeoutMs (default 15 s) for a webview to be ready.
 * Example: evalInWebview<number>('Chart.getChart(document.querySelector("canvas")).data.labels.length')
 */
export async function evalInWebview<T = unknown>(expression: string, opts: { timeoutMs?: number } = {}): Promise<T> {
  const { value } = await post<{ value: T }>('/webview', { expression, timeoutMs: opts.timeoutMs ?? 15_000 });
  return value;
}

/** Clicks (a real mouse click through Playwright) the first visible element matching the selector and text. */
export async function click(selector: string, text?: string, timeoutMs = 10_000): Promise<void> {
  await post('/click', { selector, text, timeoutMs });
}

/**
 * The demo cluster is listed only once the user opens it (kafkaPlanner.demoCluster "whenOpened"): a suite that uses it
 * opens it first, as a user does with the welcome view's button (activation.test.ts clicks that button itself).
 */
export async function openDemoCluster(): Promise<void> {
  await vscode.extensions.getExtension('kafka-flink-planner.kafka-flink-planner')?.activate();
  const id = await vscode.commands.executeCommand<string>('kafkaPlanner.openDemoCluster');
  if (id !== 'demo') throw new Error(`kafkaPlanner.openDemoCluster returned ${String(id)}`);
}

/**
 * Switches the color theme through the `workbench.colorTheme` user setting and waits until the workbench
 * reports the change (or 5 s pass). Works under both runners.
 */
export async function setColorTheme(theme: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('workbench');
  if (config.get<string>('colorTheme') === theme) return;
  const changed = new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve();
    }, 5000);
    const sub = vscode.window.onDidChangeActiveColorTheme(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
  await config.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await changed;
  await new Promise((r) => setTimeout(r, 300)); // let the workbench repaint before a screenshot
}

/**
 * Real key events in the workbench page (Playwright's page.keyboard): `text` is typed character by character, then
 * `press` (a key such as "Enter", "Escape", "Control+A") is pressed. For QuickInput boxes and the file dialogs,
 * which no extension API can fill in.
 */
export async function keyboard(input: { text?: string; press?: string }): Promise<void> {
  await post<Record<string, never>>('/keyboard', input);
}

/**
 * Polls `probe` until it gives a value (not undefined or null) or `timeoutMs` passes (default 30 s). A probe that
 * throws is retried like an empty one (a webview may not exist yet); its last error is part of the timeout message.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | Promise<T | undefined | null>,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch((err: unknown) => {
        lastError = err;
        return undefined;
      });
    if (value !== undefined && value !== null) return value as NonNullable<T>;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message ?? String(lastError)})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The visible QuickInput (a QuickPick, an InputBox or the simple file dialog). */
export const QUICK_INPUT = '.quick-input-widget:visible';

/** Waits until the visible QuickInput shows text matching the pattern (a step's prompt, its message or its items). */
export async function waitForQuickInput(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  let text = '';
  try {
    return await waitFor(
      `the QuickInput to show ${pattern}`,
      async () => {
        text = (await queryWorkbench(QUICK_INPUT)).texts.join(' ').replace(/\s+/g, ' ');
        return pattern.test(text) ? text : undefined;
      },
      timeoutMs,
    );
  } catch {
    throw new Error(`the QuickInput never showed ${pattern}; it shows: ${text || '(nothing)'}`);
  }
}

/** Screenshot once the code lens text matching `text` is drawn above line 1 (the decoration appears before its text). */
export async function screenshotWithLens(text: RegExp, name: string): Promise<void> {
  if (!hasControl()) return;
  // Only the picture depends on it (the lens itself is asserted through vscode.executeCodeLensProvider): a lens drawn
  // late on a loaded machine is logged, not a failure.
  await waitFor(`the code lens ${text}`, async () => {
    const q = await queryWorkbench('.editor-instance .codelens-decoration', { minCount: 1 });
    return text.test(q.texts.join(' | ')) ? q : undefined;
  }).catch((err: Error) => console.log(`[e2e] screenshot ${name} without its lens: ${err.message}`));
  await screenshot(name);
}

/**
 * Shows the Problems panel filtered by `filter` (undefined clears the filter), waiting until `gone` no longer shows:
 * the filter applies after a short debounce. Only screenshots depend on it, so a slow filter is not a failure.
 */
export async function filterProblems(filter: string | undefined, gone?: RegExp): Promise<void> {
  if (!hasControl()) return;
  if (filter === undefined) {
    await vscode.commands.executeCommand('problems.action.clearFilterText');
    return;
  }
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await vscode.commands.executeCommand('problems.action.focusFilter');
  await keyboard({ text: filter });
  if (gone)
    await waitFor('the filtered Problems panel', async () => {
      const q = await queryWorkbench('.markers-panel', { minCount: 1 });
      return gone.test(q.texts.join(' ')) ? undefined : q;
    }).catch(() => undefined);
}
