// What users install, checked as they get it: `npm run package` builds the .vsix; its file list (vsce ls, and the
// zip's own entries) must hold the icon, the walkthrough's images and the README with its images inlined, and no
// private text; then the .vsix is installed into a FRESH code-server (new user-data and extensions dirs, no
// extensionDevelopmentPath), and Chromium checks the first hour: the walkthrough opens on the first start, the
// Clusters view shows its welcome and the status bar no cluster, the welcome's Open Demo Cluster lists the demo, a
// webview renders its charts with 0 CSP violations or errors, and the extension's page in the Extensions view shows
// the icon and every README image (loaded: naturalWidth > 0); and VS Code's own activation time of the
// installed extension (the activate() call at most 50 ms; VS Code's total with code loading printed).
//
//   import { runPackagedChecks } from './packaged.mjs';
//   const r = await runPackagedChecks({ repoRoot, log });   // { passed, failed, failures, tests, seconds }
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir, ensureCodeServer, REPO_ROOT } from './codeServer.mjs';
import { packagedReadme } from '../../media/readme.mjs';
import { createServer as createHttpsServer } from 'node:https';
import {
  CHROMIUM_ARGS,
  DEFAULT_SETTINGS,
  browserEnv,
  activeWebviewFrame,
  cleanEnv,
  killGroup,
  waitForListening,
  watchWebviewProblems,
  writeMachineSettings,
} from './runVsCode.mjs';

export const VSIX = join('dist', 'kafka-flink-planner.vsix');
/** The README the .vsix ships (written by `npm run package`, packed with --readme-path: media/readme.mjs). */
const PACKED_README = 'dist/README.md';
/** What users must never read (the same guard as test/unit/house.test.ts, for the packed files). */
const PRIVATE_TEXT = /FIELD\.md|\/work\/|\.\.\/shared\/|\bshared\/(?:FIELD|E2E|STYLE|hooks)|\bthe talk\b|\bthe lead\b|\b[Ii]ssue \d+/;
const TEXT_FILE = /\.(js|json|md|css|html|svg|txt)$/;
/** Activation budget of the installed extension, in ms (code loading + activate(), as VS Code measures it). */
const ACTIVATION_BUDGET_MS = 50;

function runChecked(cmd, args, opts) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.error?.message}):\n${`${r.stdout}${r.stderr}`.slice(-3000)}`);
  return r.stdout;
}

/** The relative targets of README's images and links (absolute URLs and anchors are not files). */
export function readmeLocalTargets(markdown) {
  const targets = new Set();
  for (const m of markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1];
    if (/^(https?:|mailto:|#|command:|data:)/.test(target)) continue;
    targets.add(target.replace(/^\.\//, '').split('#')[0]);
  }
  return [...targets];
}

export async function runPackagedChecks({ repoRoot = REPO_ROOT, log = (m) => console.log(`[vsix] ${m}`) } = {}) {
  const started = Date.now();
  const tests = [];
  const check = async (title, fn) => {
    try {
      await fn();
      tests.push({ title, state: 'passed' });
      log(`✔ ${title}`);
    } catch (err) {
      tests.push({ title, state: 'failed', error: String(err?.message ?? err) });
      log(`✗ ${title}: ${String(err?.message ?? err).split('\n')[0]}`);
    }
  };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const runDir = join(repoRoot, '.test-runs', `vsix-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(runDir, { recursive: true });
  // The Extensions page takes README images from https URLs only: package with a base URL served here, over https
  // with a self-signed certificate (Chromium runs with --ignore-certificate-errors), as a release is with the URL
  // where the repository's files are published (media/readme.mjs).
  const imageHost = await serveReadmeFiles(repoRoot, runDir);
  const readmeBase = `https://127.0.0.1:${imageHost.port}/`;
  const vsix = join(repoRoot, VSIX);
  let files = [];

  await check('npm run package builds the .vsix', () => {
    rmSync(vsix, { force: true });
    // npm's cache and logs of this nested run stay in the project cache (nothing written to the user's home)
    const npmCache = join(cacheDir(), 'npm');
    runChecked(npm, ['run', 'package'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        npm_config_cache: npmCache,
        npm_config_logs_dir: join(npmCache, '_logs'),
        KFP_README_BASE_URL: readmeBase,
      },
    });
    if (!existsSync(vsix)) throw new Error(`${vsix} missing after npm run package`);
  });
  await check('vsce ls: the .vsix ships the bundles, the icon, the walkthrough images and the README with https image URLs', () => {
    files = runChecked(
      process.execPath,
      [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies', '--readme-path', PACKED_README],
      { cwd: repoRoot },
    )
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const named = [
      manifest.icon,
      ...manifest.contributes.viewsContainers.activitybar.map((c) => c.icon),
      ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((st) => st.media.image ?? st.media.svg)),
    ];
    for (const need of ['package.json', PACKED_README, 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', ...named])
      if (!files.includes(need)) throw new Error(`${need} is not in the .vsix (vsce ls: ${files.join(', ')})`);
    // every bundle a shipped bundle loads on first use (require("./<chunk>.js")) ships too
    const chunks = files
      .filter((f) => /^dist\/[^/]+\.js$/.test(f))
      .flatMap((f) =>
        [...readFileSync(join(repoRoot, f), 'utf8').matchAll(/require\(["']\.\/([\w.-]+\.js)["']\)/g)].map((m) => `dist/${m[1]}`),
      );
    if (!chunks.includes('dist/features.js'))
      throw new Error('dist/extension.js does not load dist/features.js: the check would prove little');
    const unshipped = [...new Set(chunks)].filter((c) => !files.includes(c));
    if (unshipped.length) throw new Error(`loaded on first use but not in the .vsix: ${unshipped.join(', ')}`);
    // one README only (README.md and readme.md would collide on case-insensitive disks), and no unused screenshots
    const extra = files.filter((f) => f === 'README.md' || f.startsWith('media/screenshots/'));
    if (extra.length) throw new Error(`shipped but not used: ${extra.join(', ')}`);
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const packed = readFileSync(join(repoRoot, PACKED_README), 'utf8');
    if (packed !== packagedReadme(readme, readmeBase)) throw new Error(`${PACKED_README} is not README.md with ${readmeBase}`);
    const images = readmeLocalTargets(readme).filter((t) => /\.(png|gif|jpe?g)$/.test(t));
    if (images.length < 5) throw new Error(`README links ${images.length} images: the check would prove little`);
    const relative = readmeLocalTargets(packed);
    if (relative.length)
      throw new Error(`the packed README still links relative paths (broken on the Extensions page): ${relative.join(', ')}`);
    const absolute = [...packed.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    if (absolute.length !== images.length || !absolute.every((u) => u.startsWith(readmeBase)))
      throw new Error(`README has ${images.length} relative images; the packed one: ${absolute.join(', ')}`);
  });
  await check("the .vsix's own entries are exactly what vsce ls listed", () => {
    const entries = runChecked('unzip', ['-Z1', vsix], { cwd: repoRoot })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
    const expected = [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      // vsce packs the README, CHANGELOG and LICENSE under its own names
      ...files.map((f) => `extension/${{ [PACKED_README]: 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' }[f] ?? f}`),
    ].sort();
    const missing = expected.filter((e) => !entries.includes(e));
    const unexpected = entries.filter((e) => !expected.includes(e));
    if (missing.length || unexpected.length)
      throw new Error(`missing from the zip: ${missing.join(', ') || 'none'}; not listed by vsce ls: ${unexpected.join(', ') || 'none'}`);
  });
  await check('no packed file names private notes, machine paths or team words', () => {
    if (!files.includes('dist/extension.js')) throw new Error('no file list from vsce ls: nothing was checked');
    const hits = [];
    for (const f of files.filter((x) => TEXT_FILE.test(x))) {
      const lines = readFileSync(join(repoRoot, f), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const m = PRIVATE_TEXT.exec(line);
        if (m) hits.push(`${f}:${i + 1}: …${line.slice(Math.max(0, m.index - 30), m.index + 30)}…`);
      });
    }
    if (hits.length) throw new Error(`${hits.length} lines:\n${hits.slice(0, 10).join('\n')}`);
  });

  const cs = await ensureCodeServer({ log, repoRoot }).catch((err) => {
    imageHost.close();
    throw err;
  });
  const dirs = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    tmp: join(runDir, 'tmp'),
    browser: join(runDir, 'browser'),
    workspace: join(runDir, 'workspace'),
    screenshots: join(repoRoot, '.test-runs', 'screenshots'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const settingsFile = join(dirs.userData, 'User', 'settings.json');
  mkdirSync(dirname(settingsFile), { recursive: true });
  // a user's defaults for the first start: VS Code opens walkthroughs of newly installed extensions (openOnInstall)
  const userSettings = { ...DEFAULT_SETTINGS, 'workbench.welcomePage.walkthroughs.openOnInstall': true };
  writeFileSync(settingsFile, JSON.stringify(userSettings, null, 2));
  writeMachineSettings(dirs.userData, userSettings);
  const env = cleanEnv({
    ...process.env,
    PATH: `${dirname(cs.node)}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
    TMPDIR: dirs.tmp,
  });
  const csArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  await check('code-server installs the .vsix into fresh user-data and extensions dirs', () => {
    const out = runChecked(cs.node, [cs.entry, ...csArgs, '--install-extension', vsix], { env, cwd: runDir });
    if (!/successfully installed/i.test(out)) throw new Error(`no "successfully installed" in:\n${out}`);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const installed = join(dirs.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    if (!existsSync(join(installed, 'dist', 'extension.js'))) throw new Error(`${installed}/dist/extension.js missing`);
  });

  let server;
  let context;
  try {
    const serverLog = join(runDir, 'code-server.log');
    server = spawn(
      cs.node,
      [
        cs.entry,
        '--bind-addr',
        '127.0.0.1:0',
        '--auth',
        'none',
        ...csArgs,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--disable-proxy',
        '--ignore-last-opened',
        dirs.workspace,
      ],
      { cwd: runDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const url = await waitForListening(server, serverLog, 60_000);
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(dirs.browser, {
      env: browserEnv(runDir),
      executablePath: cs.chromium,
      headless: true,
      viewport: { width: 1400, height: 900 },
      colorScheme: 'dark',
      args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'],
    });
    const problems = await watchWebviewProblems(context, log);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}?folder=${encodeURIComponent(dirs.workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const shot = (name) => page.screenshot({ path: join(dirs.screenshots, `${name}.png`) }).catch(() => {});

    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const STATUS_ITEM = `[id="${manifest.publisher}.${manifest.name}.kafkaPlanner.clusterHealth"]`;
    const SIDEBAR_ROWS = '.part.sidebar .monaco-list-row';
    const WELCOME_BUTTONS = '.part.sidebar .welcome-view-content .monaco-button';
    const texts = (selector) => page.$$eval(selector, (els) => els.map((e) => e.innerText.trim()));
    const until = async (what, probe, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe().catch(() => undefined);
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    /** Waits until the webview in `frame` has drawn at least one chart (a canvas with a size). */
    const chartsDrawn = (frame, what) =>
      until(`${what} to draw a chart`, () =>
        frame.evaluate('Array.from(document.querySelectorAll("canvas")).filter((c) => c.width > 0 && c.height > 0).length'),
      );
    /** Runs a command from the Command Palette by its title, as a user does. */
    const runCommand = async (title) => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.type(title);
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^.*: /, '') })
        .first()
        .waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
    };
    /** The status bar has items, and none of them is a cluster's. */
    const assertNoClusterInStatusBar = async () => {
      const items = await texts('.statusbar-item');
      const clusterish = items.filter((t) => /brokers ·|URP|Demo cluster/.test(t));
      if (!items.length || clusterish.length || (await page.$$(STATUS_ITEM)).length)
        throw new Error(`a cluster in the status bar: ${items.join(' | ') || '(no status bar items: the check would prove nothing)'}`);
    };

    await check("the first start opens the walkthrough: its five steps, and the first step's image loaded", async () => {
      const walkthrough = manifest.contributes.walkthroughs[0];
      await page.getByText(walkthrough.title, { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
      for (const step of walkthrough.steps)
        await page.getByText(step.title, { exact: true }).first().waitFor({ state: 'visible', timeout: 10_000 });
      const alt = walkthrough.steps[0].media.altText;
      const width = await until(`the image "${alt}"`, () =>
        page.$$eval('img', (imgs, a) => imgs.find((i) => i.alt === a && i.complete)?.naturalWidth, alt),
      );
      if (!(width > 0)) throw new Error(`the walkthrough image did not load (naturalWidth ${width})`);
      await shot('vsix-first-run-walkthrough');
    });
    await check('a workspace with no cluster selected: the status bar shows no cluster', assertNoClusterInStatusBar);
    await check('the Clusters view shows its welcome (Add Cluster…, Open Demo Cluster) and no cluster', async () => {
      const container = page.locator('.activitybar [aria-label^="Kafka & Flink Planner"]').first();
      await container.waitFor({ state: 'visible', timeout: 30_000 });
      await container.click();
      const buttons = await until('the welcome buttons', async () => {
        const t = await texts(WELCOME_BUTTONS);
        return t.length >= 2 ? t : undefined;
      });
      if (JSON.stringify(buttons) !== JSON.stringify(['Add Cluster…', 'Open Demo Cluster']))
        throw new Error(`welcome buttons: ${buttons.join(' | ')}`);
      const rows = await texts(SIDEBAR_ROWS);
      if (rows.length) throw new Error(`the Clusters view lists ${rows.join(' | ')}`);
      await shot('vsix-first-run-welcome');
    });
    await check("the welcome's Open Demo Cluster lists the demo cluster, and the status bar shows it once selected", async () => {
      await page.locator(WELCOME_BUTTONS, { hasText: 'Open Demo Cluster' }).first().click();
      const row = await until('the demo cluster row', async () => (await texts(SIDEBAR_ROWS)).find((t) => /^Demo cluster/.test(t)));
      if (!/demo · 9 brokers/.test(row.replace(/\s+/g, ' '))) throw new Error(`demo row: ${row}`);
      const status = await until('the demo in the status bar', async () => (await texts(STATUS_ITEM))[0]);
      if (!/^Demo cluster: 9\/9 brokers · 1 URP · 0 offline · disk action$/.test(status.trim())) throw new Error(`status bar: ${status}`);
      await shot('vsix-installed-tree');
    });
    await check('a webview of the installed extension renders (skew view on the demo cluster, charts drawn)', async () => {
      await runCommand('Kafka Planner: Open Skew View');
      const demoItem = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Demo cluster' }).first();
      await demoItem
        .waitFor({ state: 'visible', timeout: 15_000 })
        .then(() => page.keyboard.press('Enter'))
        .catch(() => undefined);
      await chartsDrawn(await activeWebviewFrame(page, 30_000), 'the skew webview');
      await new Promise((r) => setTimeout(r, 1000)); // let late CSP reports arrive
      await shot('vsix-installed-skew');
    });
    await check("the installed extension's webviews: 0 CSP violations, 0 errors", () => {
      if (problems.length) throw new Error(problems.map((p) => `${p.kind}: ${p.text}`).join('\n'));
    });
    // The watcher must be able to fail: a remote image is against the webview's CSP (img-src has no https:).
    await check('the CSP watcher sees a deliberate violation in a webview (self-test)', async () => {
      const frame = await activeWebviewFrame(page, 10_000);
      const before = problems.length;
      await frame.evaluate(
        "(() => { const i = document.createElement('img'); i.src = 'https://csp-probe.invalid/x.png'; document.body.append(i); })()",
      );
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && problems.length === before) await new Promise((r) => setTimeout(r, 100));
      const seen = problems.splice(before);
      if (!seen.some((p) => /csp-probe|img-src|Content Security Policy/i.test(`${p.text} ${p.kind}`)))
        throw new Error(`the probe was not reported (saw: ${JSON.stringify(seen)})`);
    });
    await check('the sample Flink job opens and the Flink lens (shipped grammars) shows 4 subtasks → 5 KPUs', async () => {
      await runCommand('Kafka Planner: Open Sample Flink Job');
      const lens = await until('the job summary code lens', async () =>
        (await texts('.monaco-editor .codelens-decoration')).find((t) => /subtasks → \d+ KPUs/.test(t)),
      ).finally(() => shot('vsix-sample-flink-job'));
      // the lens above env.setParallelism(4): ceil(4 / 1 ParallelismPerKPU) + 1 = 5 KPUs
      if (lens.trim() !== '4 subtasks → 5 KPUs') throw new Error(`lens: ${lens}`);
      const tab = (await texts('.tabs-container .tab.active'))[0] ?? '';
      if (!/^OrdersPerMinute/.test(tab)) throw new Error(`the sample's tab reads ${tab}`);
    });
    await check(
      'the walkthrough checks off what was done (a cluster listed, the skew read, a Flink job analysed), and only that',
      async () => {
        await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first().click();
        const ids = manifest.contributes.walkthroughs[0].steps.map((st) => st.id);
        const idOf = (stepId) => ids.find((id) => stepId === id || stepId.endsWith(`#${id}`));
        const steps = await until('the walkthrough steps', async () => {
          const found = await page.$$eval('button.getting-started-step', (els) =>
            els.map((e) => ({ id: e.getAttribute('data-step-id') ?? '', done: e.getAttribute('aria-checked') === 'true' })),
          );
          const ours = found.filter((f) => idOf(f.id));
          return ours.length === ids.length ? ours : undefined;
        });
        const done = steps.filter((st) => st.done).map((st) => idOf(st.id));
        await shot('vsix-walkthrough-progress');
        if (JSON.stringify(done) !== JSON.stringify(['connect', 'skew', 'flink']))
          throw new Error(`completed steps: ${done.join(', ') || 'none'} (expected connect, skew, flink)`);
      },
    );
    // the sample is an unsaved editor: close it without saving, so that Close All Editors later asks nothing
    await page
      .locator('.tabs-container .tab', { hasText: 'OrdersPerMinute.java' })
      .first()
      .click({ timeout: 5000 })
      .then(() => runCommand('View: Revert and Close Editor'))
      .catch(() => undefined);
    await check(
      'another workspace, where no cluster is selected: the demo is listed (it was opened), the status bar shows no cluster',
      async () => {
        const other = join(runDir, 'workspace-2');
        mkdirSync(other, { recursive: true });
        await page.goto(`${url}?folder=${encodeURIComponent(other)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
        const container = page.locator('.activitybar [aria-label^="Kafka & Flink Planner"]').first();
        await container.waitFor({ state: 'visible', timeout: 60_000 });
        await container.click();
        await until('the demo cluster row', async () => (await texts(SIDEBAR_ROWS)).find((t) => /^Demo cluster/.test(t)));
        await assertNoClusterInStatusBar();
        await shot('vsix-second-workspace');
      },
    );
    await check('a window reload restores the open skew view (VS Code calls the serializer registered at activation)', async () => {
      await runCommand('Kafka Planner: Open Skew View');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'Demo cluster' })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 })
        .then(() => page.keyboard.press('Enter'))
        .catch(() => undefined);
      await chartsDrawn(await activeWebviewFrame(page, 30_000), 'the skew webview');
      // VS Code's own reload: the window shuts down as it does for a user, saving the open editors and webview state
      await runCommand('Developer: Reload Window');
      await page.waitForEvent('load', { timeout: 60_000 }).catch(() => undefined);
      await page.locator('.part.statusbar').first().waitFor({ state: 'visible', timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 3_000));
      await shot('vsix-restored-skew-after-reload');
      const tab = await until('the restored skew tab', async () =>
        (await texts('.tabs-container .tab')).find((t) => /Skew: Demo cluster/.test(t)),
      ).catch(async (err) => {
        throw new Error(`${err.message}; tabs: ${(await texts('.tabs-container .tab')).join(' | ') || '(none)'}`);
      });
      await chartsDrawn(await activeWebviewFrame(page, 60_000), `the restored "${tab}" webview`);
      await shot('vsix-restored-skew');
    });
    await check("the extension's page in the Extensions view shows the icon and every README image (naturalWidth > 0)", async () => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.type('View: Close All Editors');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Close All Editors' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.keyboard.press('F1');
      await page.keyboard.type('Extensions: Show Installed Extensions');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'Show Installed Extensions' })
        .first()
        .waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      const entry = page.locator('.extensions-viewlet .monaco-list-row', { hasText: manifest.displayName }).first();
      await entry.waitFor({ state: 'visible', timeout: 30_000 });
      await entry.click();
      // the header: name and the 128 px icon, loaded
      const header = page.locator('.extension-editor .header');
      await header.getByText(manifest.displayName, { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
      const icon = await until('the icon in the header', () =>
        page.$eval('.extension-editor .header img.icon', (i) => (i.complete ? { w: i.naturalWidth, src: i.src } : undefined)),
      );
      if (!(icon.w > 0) || !/icon\.png/.test(icon.src)) throw new Error(`header icon: ${JSON.stringify(icon)}`);
      // the README, rendered in the page's webview: every image loaded
      const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
      const expected = [...readme.matchAll(/!\[[^\]]*\]\(/g)].length;
      let lastSeen;
      const images = await until(
        `${expected} README images to finish loading`,
        async () => {
          // found afresh each time: the page may render its README webview more than once
          const frame = await activeWebviewFrame(page, 5_000);
          const all = await frame.evaluate(
            'Array.from(document.images).map((i) => ({ alt: i.alt, complete: i.complete, w: i.naturalWidth }))',
          );
          lastSeen = all;
          return all.length >= expected && all.every((i) => i.complete) ? all : undefined;
        },
        60_000,
      ).catch(async (err) => {
        await shot('vsix-extensions-page');
        throw new Error(`${err.message}; last seen: ${JSON.stringify(lastSeen)}`);
      });
      const broken = images.filter((i) => !(i.w > 0));
      if (images.length !== expected || broken.length)
        throw new Error(`${images.length} images (README has ${expected}); broken: ${broken.map((b) => b.alt).join(' | ') || 'none'}`);
      const notFetched = readmeLocalTargets(readme).filter((t) => /\.(png|gif|jpe?g)$/.test(t) && !imageHost.served.has(t));
      if (notFetched.length) throw new Error(`loaded, but not from the README's URLs: ${notFetched.join(', ')}`);
      await shot('vsix-extensions-page');
      await (
        await activeWebviewFrame(page, 5_000)
      ).evaluate(`document.querySelector('h2#screenshots, h2[id*="screenshots"]')?.scrollIntoView()`);
      await new Promise((r) => setTimeout(r, 500));
      await shot('vsix-extensions-page-screenshots');
    });
    // VS Code's own measures. "Developer: Show Running Extensions" shows the activation time: code loading + the
    // activate() call (ActivationTimes codeLoadingTime + activateCallTime). "Developer: Startup Performance" gives the
    // two parts, and its raw performance marks split code loading into the require() of dist/extension.js
    // (code/extHost/willLoadExtensionCode → didLoadExtensionCode) and the wait before it: codeLoadingTime starts
    // before an await, so it also counts other extensions that activate at the same moment (they are printed).
    // The activation time must stay within the budget. It is a start-up timing on a shared machine, so it is sampled
    // up to three times (a window reload between samples) and the best sample counts; every sample is printed.
    await check(
      `activation takes at most ${ACTIVATION_BUDGET_MS} ms (VS Code's own code loading + activate() call, best of up to 3 starts)`,
      async () => {
        const id = `${manifest.publisher}.${manifest.name}`;
        const runDevCommand = async (title) => {
          await page.keyboard.press('Escape').catch(() => undefined);
          await page.keyboard.press('F1');
          await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 15_000 });
          await page.keyboard.type(title);
          await page
            .locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^Developer: /, '') })
            .first()
            .waitFor({ timeout: 15_000 });
          await page.keyboard.press('Enter');
        };
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
        const sample = async (n) => {
          await runDevCommand('Developer: Show Running Extensions');
          const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Kafka & Flink Planner' }).first();
          await row.waitFor({ state: 'visible', timeout: 30_000 });
          const shown = ((await row.locator('.activation-time').first().textContent({ timeout: 10_000 })) ?? '').trim();
          await row.locator('.activation-time').first().hover();
          const reason = await page
            .locator('.monaco-hover, .workbench-hover')
            .filter({ hasText: 'Activated' })
            .first()
            .textContent({ timeout: 5_000 })
            .catch(() => '(no hover)');
          const others = (await page.locator('.runtime-extensions-editor .monaco-list-row').allTextContents())
            .map((t) =>
              t
                .replace(/\s+/g, ' ')
                .replace(/\d+\.\d+\.\d+ \S+:\d+/, '')
                .trim(),
            )
            .filter((t) => !t.includes('Kafka & Flink Planner'))
            .slice(0, 6);
          await shot(`vsix-running-extensions-${n}`);

          await runDevCommand('Developer: Startup Performance');
          // the editor fills in once the startup timers are in; its text is read through the clipboard (virtual lines)
          const perfEditor = page.locator('.monaco-editor .view-lines', { hasText: 'System Info' }).first();
          await perfEditor.waitFor({ state: 'visible', timeout: 30_000 });
          await perfEditor.click();
          await page.keyboard.press('Control+A');
          await page.keyboard.press('Control+C');
          const perf = await page.evaluate('navigator.clipboard.readText()');
          const stats = perf
            .split('\n')
            .find((l) => l.startsWith(`| ${id} |`))
            ?.split('|')
            .map((c) => c.trim());
          if (!stats)
            throw new Error(`no activation stats for ${id} in Startup Performance (${perf.length} characters: ${perf.slice(0, 80)})`);
          const [, , eager, loadCode, callActivate, finishActivate, event] = stats;
          const mark = (name) => {
            const line = perf.split('\n').find((l) => l.startsWith(`code/extHost/${name}/${id}\t`));
            return line ? Number(line.split('\t')[1]) : NaN;
          };
          const requireMs = mark('didLoadExtensionCode') - mark('willLoadExtensionCode');
          const result = {
            sample: n,
            shownByRunningExtensions: shown,
            reason: reason?.trim(),
            eager,
            loadCode: Number(loadCode),
            requireMs,
            waitBeforeRequireMs: Number.isFinite(requireMs) ? Number(loadCode) - requireMs : NaN,
            callActivate: Number(callActivate),
            finishActivate: Number(finishActivate),
            event,
            totalMs: Number(loadCode) + Number(callActivate),
            activatedWith: others,
          };
          log(
            `activation sample ${n}: ${result.totalMs} ms = code loading ${loadCode} ms (require() of dist/extension.js ` +
              `${requireMs} ms, the rest waiting while ${others.join(', ')} activate) + activate() call ${callActivate} ms; ` +
              `activate resolved ${finishActivate} ms; ${result.reason}`,
          );
          if (!Number.isFinite(result.totalMs)) throw new Error(`no activation times for ${id} in Startup Performance`);
          await page.keyboard.press('Escape').catch(() => undefined);
          return result;
        };
        const samples = [];
        for (let n = 1; n <= 3; n++) {
          if (n > 1) {
            // a new start of the same window: the extension activates again as it did (the same view is restored)
            await runDevCommand('Developer: Reload Window');
            await page.waitForEvent('load', { timeout: 60_000 }).catch(() => undefined);
            await page.locator('.part.statusbar').first().waitFor({ state: 'visible', timeout: 60_000 });
            await new Promise((r) => setTimeout(r, 5_000));
          }
          samples.push(await sample(n));
          if (samples.at(-1).totalMs <= ACTIVATION_BUDGET_MS) break;
        }
        const best = samples.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
        writeFileSync(join(repoRoot, '.test-runs', 'vsix-activation.json'), JSON.stringify({ best, samples }, null, 2));
        // what this extension itself controls: the require() of its entry bundle and the activate() call
        // the raw marks are there for an activation during start-up (not for one after it finished)
        const decomposed = samples.filter((x) => Number.isFinite(x.requireMs));
        if (!decomposed.length) throw new Error('no sample has the raw marks around the require() of dist/extension.js');
        const own = Math.min(...decomposed.map((x) => x.requireMs + x.callActivate));
        if (!(own <= 10)) throw new Error(`the extension's own part takes ${own} ms: activation must only register`);
        if (!(best.totalMs <= ACTIVATION_BUDGET_MS))
          throw new Error(
            `activation took ${samples.map((x) => `${x.totalMs} ms`).join(', ')}, more than ${ACTIVATION_BUDGET_MS} ms ` +
              `(best: require ${best.requireMs} ms + activate() ${best.callActivate} ms; the rest waiting for ${best.activatedWith.join(', ')})`,
          );
      },
    );
    // Nothing else loads the features in this window: a Flink job opened from the Explorer must (src/features/shell.ts).
    await check('in a new window, opening a Flink job loads the features and the Flink lens analyses it', async () => {
      const third = join(runDir, 'workspace-3');
      mkdirSync(third, { recursive: true });
      writeFileSync(join(third, 'AlarmJob.java'), readFileSync(join(repoRoot, 'test', 'fixtures', 'flink', 'java', 'AlarmJob.java')));
      await page.goto(`${url}?folder=${encodeURIComponent(third)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await page.locator('.part.statusbar').first().waitFor({ state: 'visible', timeout: 60_000 });
      await runCommand('View: Show Explorer');
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.type('AlarmJob.java');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'AlarmJob.java' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      // the fixture's findings reach Problems: the status bar counts them (wherever the editor is scrolled)
      const warnings = await until('the Flink lens findings in the status bar', async () => {
        const [errors, warned] = ((await texts('[id="status.problems"]'))[0] ?? '').match(/\d+/g)?.map(Number) ?? [];
        return errors !== undefined && warned > 0 ? warned : undefined;
      }).finally(() => shot('vsix-flink-job-opened'));
      if (warnings < 10) throw new Error(`${warnings} warnings on AlarmJob.java (the fixture has more than 10 findings)`);
      // the features' log names the first use that loaded them
      await runCommand('Output: Show Output Channels...');
      await page.keyboard.type('Kafka & Flink Planner');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Kafka & Flink Planner' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      const loaded = await until('the log line of the features loading', async () =>
        // the editor renders spaces as no-break spaces
        (await texts('.part.panel .monaco-editor .view-line'))
          .map((t) => t.replace(/\u00a0/g, ' '))
          .find((t) => /features loaded on first use/.test(t)),
      ).finally(() => shot('vsix-flink-job-log'));
      // opened after activation, or the document whose language activated the extension (open when activate() ran)
      if (!/\((AlarmJob\.java opened|at activation: AlarmJob\.java is open)\)/.test(loaded))
        throw new Error(`the features loaded for something else: ${loaded}`);
    });
  } catch (err) {
    tests.push({ title: 'packaged extension in a fresh code-server', state: 'failed', error: String(err?.stack ?? err) });
  } finally {
    await context?.close().catch(() => {});
    await killGroup(server);
    imageHost.close();
  }
  const failures = tests.filter((t) => t.state === 'failed').map((t) => ({ title: `vsix: ${t.title}`, error: t.error }));
  return {
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: failures.length,
    failures,
    tests,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Serves the files README links to (and nothing else) over https on 127.0.0.1 with a throw-away self-signed
 * certificate (openssl), recording what was fetched: where a release's README images are published, for the test.
 */
async function serveReadmeFiles(repoRoot, runDir) {
  const key = join(runDir, 'readme-host.key');
  const cert = join(runDir, 'readme-host.crt');
  runChecked(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
    {
      cwd: runDir,
    },
  );
  const allowed = new Set(readmeLocalTargets(readFileSync(join(repoRoot, 'README.md'), 'utf8')));
  const served = new Set();
  const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'https://x').pathname.slice(1));
    if (!allowed.has(path)) {
      res.writeHead(404).end();
      return;
    }
    served.add(path);
    res
      .writeHead(200, { 'content-type': /\.png$/.test(path) ? 'image/png' : 'application/octet-stream' })
      .end(readFileSync(join(repoRoot, path)));
  });
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  return {
    port: server.address().port,
    served,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
