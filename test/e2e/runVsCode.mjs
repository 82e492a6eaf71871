// Runs the extension-host mocha suite (out/test/e2e/suite/index.js) inside a REAL VS Code: code-server
// (npm, Node 24) in Debian's Chromium driven by playwright-core. The extension is loaded from the repo
// folder (extensionDevelopmentPath), so build first: `node esbuild.mjs`.
//
//   import { runVsCodeSuite } from './test/e2e/runVsCode.mjs';
//   const r = await runVsCodeSuite({ repoRoot, workspace, log });
//   // r = { passed, failed, failures: [{ title, error }], tests: [{ title, state }], screenshotsDir, runDir }
//
// As a script: `node test/e2e/runVsCode.mjs [workspaceFolder]` prints "N passed, N failed", exits 1 on failure.
//
// The suite (extension host, a separate Node process) reaches Playwright through a small HTTP control server
// on 127.0.0.1 whose URL it gets in env KFP_E2E_CONTROL (see test/e2e/suite/control.ts):
//   POST /screenshot {name}            -> { path }             PNG in <runDir>/screenshots and .test-runs/screenshots
//   POST /query {selector, minCount?, timeoutMs?} -> { count, texts, labels }   workbench DOM
//   POST /webview {expression, timeoutMs?} -> { value }          JS evaluated in the active webview's content frame
//   POST /theme {theme}                -> { theme }            sets workbench.colorTheme through the user settings file
//   POST /keyboard {text?, press?}     -> {}                   real key events in the page (page.keyboard.type / press):
//                                                              for QuickInput boxes and dialogs the API cannot fill
// The suite writes its results JSON to env KFP_E2E_RESULTS; the runner trusts only that file.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, REPO_ROOT } from './codeServer.mjs';
import { activeWebviewFrame, startControlServer } from './controlServer.mjs';

export { activeWebviewFrame };

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const KEEP_RUN_DIRS = 5;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Counts Content-Security-Policy violations and errors inside every webview the workbench opens (0 allowed):
 * an init script in every frame (webview frames included) reports `securitypolicyviolation` events, uncaught errors,
 * unhandled rejections and console.error calls to the runner; console messages of type error whose location is a
 * webview frame count too (Chromium logs blocked loads there).
 */
export async function watchWebviewProblems(context, log) {
  const problems = [];
  const add = (kind, text, url) => {
    const problem = { kind, text: String(text).slice(0, 500), url: String(url ?? '').slice(0, 200) };
    if (problems.some((p) => p.kind === problem.kind && p.text === problem.text)) return;
    problems.push(problem);
    log(`webview problem (${kind}): ${problem.text}`);
  };
  await context.exposeBinding('kfpWebviewProblem', ({ frame }, kind, text) => add(kind, text, frame.url()));
  await context.addInitScript(() => {
    /* global window, location, Document */ // runs in the browser
    // only inside webview frames (VS Code serves them from its webview "pre" host or a vscode-webview origin)
    if (!/vscode-webview|webview\/browser\/pre|vscode-cdn/.test(location.href)) return;
    const report = (kind, text) => {
      try {
        window.kfpWebviewProblem?.(kind, String(text));
      } catch {
        /* the runner is gone */
      }
    };
    const listen = (target) => {
      target.addEventListener('securitypolicyviolation', (e) =>
        report('csp', `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || 0})`),
      );
      target.addEventListener('error', (e) => report('error', e.message ?? e));
      target.addEventListener('unhandledrejection', (e) => report('unhandledrejection', e.reason?.stack ?? e.reason));
    };
    listen(window);
    // VS Code writes the webview's HTML with document.open/write, which drops listeners: listen again then.
    const open = Document.prototype.open;
    Document.prototype.open = function (...args) {
      const r = open.apply(this, args);
      if (this.defaultView) listen(this.defaultView);
      return r;
    };
    const consoleError = console.error.bind(console);
    console.error = (...args) => {
      report('console.error', args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '));
      consoleError(...args);
    };
  });
  const watchPage = (page) =>
    page.on('console', (msg) => {
      const url = msg.location()?.url ?? '';
      if (msg.type() === 'error' && /vscode-webview|webview\/browser\/pre|vscode-cdn/.test(url)) add('console', msg.text(), url);
    });
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  return problems;
}

/** Chromium's own config and cache (crash reports, dconf) under the run folder, never in the user's home. */
export function browserEnv(runDir) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
  };
}

/** Settings VS Code registers with machine scope: a remote extension host (code-server's) reads them from Machine/. */
const MACHINE_SCOPED = ['workbench.welcomePage.walkthroughs.openOnInstall'];

/**
 * Writes the machine-scoped ones of these settings to <user-data>/Machine/settings.json as well: the workbench reads
 * them from the user settings, but code-server's extension host only from the machine settings (so without this the
 * extension sees the default of workbench.welcomePage.walkthroughs.openOnInstall, true, and opens its walkthrough).
 */
export function writeMachineSettings(userDataDir, settings) {
  const machine = Object.fromEntries(Object.entries(settings).filter(([k]) => MACHINE_SCOPED.includes(k)));
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(machine, null, 2));
}

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

/**
 * @param {{ repoRoot?: string, workspace?: string, log?: (msg: string) => void, theme?: string,
 *           timeoutMs?: number, settings?: Record<string, unknown>, keepOpenOnFailure?: boolean }} [options]
 * @returns {Promise<{ passed: number, failed: number, failures: {title: string, error: string}[],
 *           tests: {title: string, state: string}[], screenshotsDir: string, runDir: string, durationMs: number }>}
 */
export async function runVsCodeSuite({
  repoRoot = REPO_ROOT,
  workspace,
  log = (m) => console.log(`[vscode] ${m}`),
  theme = 'Default Dark Modern',
  timeoutMs = Number(process.env.KFP_E2E_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
  settings = {},
} = {}) {
  const started = Date.now();
  repoRoot = resolve(repoRoot);
  const suiteIndex = join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');
  const main = join(repoRoot, JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).main ?? 'dist/extension.js');
  for (const [what, file] of [
    ['the e2e suite', suiteIndex],
    ['the extension bundle', main],
  ]) {
    if (!existsSync(file) && !existsSync(`${file}.js`)) {
      throw new Error(`${what} is not built (${file} missing): run \`node esbuild.mjs\` first.`);
    }
  }

  const cs = await ensureCodeServer({ log, repoRoot });
  const { chromium } = await import('playwright-core');

  // Fresh, isolated dirs for this run (git-ignored .test-runs/).
  const runsRoot = join(repoRoot, '.test-runs');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = join(runsRoot, `vscode-${stamp}-${process.pid}`);
  const dirs = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    xdgConfig: join(runDir, 'xdg-config'),
    xdgData: join(runDir, 'xdg-data'),
    xdgCache: join(runDir, 'xdg-cache'),
    tmp: join(runDir, 'tmp'),
    browser: join(runDir, 'browser-profile'),
    screenshots: join(runDir, 'screenshots'),
    latestScreenshots: join(runsRoot, 'screenshots'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  pruneOldRuns(runsRoot, runDir);
  const workspaceDir = resolve(workspace ?? join(runDir, 'workspace'));
  mkdirSync(workspaceDir, { recursive: true });
  const settingsFile = join(dirs.userData, 'User', 'settings.json');
  mkdirSync(dirname(settingsFile), { recursive: true });
  writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, 'workbench.colorTheme': theme, ...settings }, null, 2));
  writeMachineSettings(dirs.userData, DEFAULT_SETTINGS);
  const resultsFile = join(runDir, 'results.json');
  const serverLog = join(runDir, 'code-server.log');
  const browserLog = join(runDir, 'browser-console.log');
  log(`run dir ${runDir}`);

  let codeServer;
  let context;
  let control;
  const cleanup = async () => {
    await context?.close().catch(() => {});
    context = undefined;
    await killGroup(codeServer);
    codeServer = undefined;
    await new Promise((r) => (control ? control.close(() => r()) : r()));
    control = undefined;
  };
  const onSignal = (sig) => {
    log(`${sig}: stopping code-server and the browser`);
    cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  const onExit = () => killGroupSync(codeServer);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.on('exit', onExit);

  try {
    // 1) control server for the suite (page is attached once the browser is up)
    let page;
    control = await startControlServer({
      getPage: () => page,
      screenshotsDir: dirs.screenshots,
      latestDir: dirs.latestScreenshots,
      settingsFile,
      log,
    });

    // 2) code-server on a free loopback port (port 0: it prints the port it got)
    const env = cleanEnv({
      ...process.env,
      PATH: `${dirname(cs.node)}:${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
      TMPDIR: dirs.tmp,
      VSCODE_OPTIONS: 'enable-smoke-test-driver', // VS Code 1.139 ignores the test payload without it
      KFP_E2E_RESULTS: resultsFile,
      KFP_E2E_CONTROL: control.url,
      KFP_E2E_RUN_DIR: runDir,
      KFP_E2E_USER_DATA: dirs.userData, // settings.json and logs/ live under it (secret-leak checks read them)
    });
    const args = [
      cs.entry,
      '--bind-addr',
      '127.0.0.1:0',
      '--auth',
      'none',
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-proxy',
      '--ignore-last-opened',
      workspaceDir,
    ];
    codeServer = spawn(cs.node, args, { cwd: runDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const serverUrl = await waitForListening(codeServer, serverLog, 60_000);
    const { host } = new URL(serverUrl);
    log(`code-server ${cs.version} listening on ${serverUrl} (${Date.now() - started} ms)`);

    // 3) Chromium
    context = await chromium.launchPersistentContext(dirs.browser, {
      env: browserEnv(runDir),
      executablePath: cs.chromium,
      headless: true,
      viewport: { width: 1400, height: 900 },
      deviceScaleFactor: 1,
      colorScheme: 'dark',
      args: CHROMIUM_ARGS,
    });
    const webviewProblems = await watchWebviewProblems(context, log);
    let settle;
    const settled = new Promise((r) => (settle = r));
    await context.exposeFunction('codeAutomationExit', (code) => {
      settle({ kind: 'exit', code });
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => appendFileSync(browserLog, `[${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err) => appendFileSync(browserLog, `[pageerror] ${err.stack ?? err.message}\n`));
    page.on('crash', () => settle({ kind: 'error', error: new Error('the workbench page crashed in Chromium') }));
    codeServer.once('exit', (code, signal) =>
      settle({ kind: 'error', error: new Error(`code-server exited early (${signal ?? `exit ${code}`}); see ${serverLog}`) }),
    );

    const remote = (p) => `vscode-remote://${host}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index'))],
    ];
    const url = `${serverUrl}?folder=${encodeURIComponent(workspaceDir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`opening the workbench in Chromium`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    // 4) wait for the suite to settle
    const remaining = Math.max(1, timeoutMs - (Date.now() - started));
    let timer;
    const outcome = await Promise.race([settled, new Promise((r) => (timer = setTimeout(() => r({ kind: 'timeout' }), remaining)))]);
    clearTimeout(timer);
    if (outcome.kind === 'timeout' || outcome.kind === 'error') {
      await page.screenshot({ path: join(dirs.screenshots, 'runner-failure.png') }).catch(() => {});
    }
    if (outcome.kind === 'timeout') {
      throw new Error(
        `the VS Code suite did not finish within ${Math.round(timeoutMs / 1000)} s (KFP_E2E_TIMEOUT_MS); ` +
          `see ${serverLog}, ${browserLog} and ${join(dirs.screenshots, 'runner-failure.png')}`,
      );
    }
    if (outcome.kind === 'error') throw outcome.error;
    log(`workbench reported exit code ${outcome.code} (${Date.now() - started} ms)`);

    // 5) results: only the suite's own JSON counts (code-server's log says 0 regardless)
    if (!existsSync(resultsFile)) {
      throw new Error(
        `the suite finished (exit ${outcome.code}) but wrote no results to ${resultsFile}: ` +
          `it probably failed to load; see ${serverLog} and ${browserLog}`,
      );
    }
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    if (outcome.code !== 0 && results.failed === 0) {
      results.failed = 1;
      results.failures = [...(results.failures ?? []), { title: '(workbench)', error: `exit code ${outcome.code}` }];
    }
    log(`webviews: ${webviewProblems.length} CSP violations or errors`);
    if (webviewProblems.length > 0) {
      results.failed = (results.failed ?? 0) + 1;
      const list = webviewProblems.map((p) => `${p.kind}: ${p.text}`).join('\n  ');
      results.failures = [
        ...(results.failures ?? []),
        { title: 'webviews: no CSP violation, no error', error: `${webviewProblems.length} found:\n  ${list}` },
      ];
    } else {
      results.passed = (results.passed ?? 0) + 1;
    }
    return {
      passed: results.passed ?? 0,
      failed: results.failed ?? 0,
      pending: results.pending ?? 0,
      failures: results.failures ?? [],
      tests: results.tests ?? [],
      screenshotsDir: dirs.screenshots,
      runDir,
      durationMs: Date.now() - started,
    };
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
}

// Drop variables that would make code-server or its extension host think it runs inside another VS Code.
export function cleanEnv(env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (k === 'ELECTRON_RUN_AS_NODE' || k === 'NODE_OPTIONS') continue;
    if (/^VSCODE_/.test(k) && k !== 'VSCODE_OPTIONS') continue;
    out[k] = v;
  }
  return out;
}

export function waitForListening(child, logFile, timeoutMs) {
  return new Promise((resolvePromise, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${timeoutMs / 1000} s; see ${logFile}`)), timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      appendFileSync(logFile, text);
      buffered += text;
      const m = /HTTP server listening on (http:\/\/[^\s]+)/.exec(buffered);
      if (m) {
        clearTimeout(timer);
        const url = new URL(m[1]);
        resolvePromise(`${url.protocol}//${url.host}/`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start code-server: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited before listening (${signal ?? `exit ${code}`}):\n${buffered.slice(-4000)}`));
    });
  });
}

export async function killGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 5000))]);
  // The group may hold extension host / pty host children that outlive the server: always finish them.
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  if (timedOut) await exited;
}

function killGroupSync(child) {
  if (!child) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

function pruneOldRuns(runsRoot, current) {
  const old = readdirSync(runsRoot)
    .filter((n) => n.startsWith('vscode-'))
    .map((n) => join(runsRoot, n))
    .filter((p) => p !== current)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    .slice(KEEP_RUN_DIRS - 1);
  for (const p of old) rmSync(p, { recursive: true, force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const workspace = process.argv[2];
    const r = await runVsCodeSuite({ workspace });
    for (const t of r.tests) console.log(`  ${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} ${t.title}`);
    for (const f of r.failures) console.log(`\nFAILED ${f.title}\n${f.error}`);
    console.log(`\n${r.passed} passed, ${r.failed} failed (${(r.durationMs / 1000).toFixed(1)} s; screenshots in ${r.screenshotsDir})`);
    process.exit(r.failed > 0 || r.passed === 0 ? 1 : 0);
  } catch (err) {
    console.error(`VS Code e2e run failed: ${err?.message ?? err}`);
    process.exit(1);
  }
}
