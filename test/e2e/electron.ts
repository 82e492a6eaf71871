// Runs the same extension-host suite (out/test/e2e/suite/index) in desktop VS Code through @vscode/test-electron.
// `npm run test:electron` (= node esbuild.mjs && node out/test/e2e/electron.js). It downloads a VS Code build, so
// it needs internet access; machines that reach only package registries use the code-server runner instead
// (`npm run test:vscode`, test/e2e/runVsCode.mjs). Env: VSCODE_TEST_VERSION (default "stable"),
// KFP_CACHE_DIR (download cache, default ~/.cache/kafka-flink-planner).
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

// bundled to out/test/e2e/electron.js
const repoRoot = resolve(__dirname, '..', '..', '..');

function looksOffline(err: unknown): boolean {
  const text = `${err instanceof Error ? `${err.message} ${(err as NodeJS.ErrnoException).code ?? ''}` : String(err)}`;
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|Failed to get JSON|socket hang up|timeout/i.test(
    text,
  );
}

async function main(): Promise<number> {
  const extensionTestsPath = join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index');
  if (!existsSync(`${extensionTestsPath}.js`)) {
    console.error(`${extensionTestsPath}.js is missing: run \`node esbuild.mjs\` first.`);
    return 1;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = join(repoRoot, '.test-runs', `electron-${stamp}-${process.pid}`);
  const workspace = join(runDir, 'workspace');
  const resultsFile = join(runDir, 'results.json');
  mkdirSync(workspace, { recursive: true });
  const cachePath = join(process.env.KFP_CACHE_DIR ?? join(homedir(), '.cache', 'kafka-flink-planner'), 'vscode-test');
  mkdirSync(cachePath, { recursive: true });

  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      cachePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      extensionTestsEnv: { KFP_E2E_RESULTS: resultsFile, KFP_E2E_RUN_DIR: runDir },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        join(runDir, 'user-data'),
        '--extensions-dir',
        join(runDir, 'extensions'),
      ],
    });
  } catch (err) {
    if (!existsSync(resultsFile)) {
      const why = looksOffline(err)
        ? 'could not download a VS Code build (no internet access here?). On machines that reach only package ' +
          'registries run the same suite in code-server instead: `npm run test:vscode`.'
        : 'VS Code did not run the suite (no results were written).';
      console.error(`test-electron: ${why}\n  cause: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    // else: VS Code ran, and the suite failed: report below from the results file
  }

  if (!existsSync(resultsFile)) {
    console.error(`test-electron: VS Code exited but the suite wrote no results to ${resultsFile}`);
    return 1;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    passed: number;
    failed: number;
    failures: { title: string; error: string }[];
  };
  for (const f of results.failures) console.log(`\nFAILED ${f.title}\n${f.error}`);
  console.log(`\n${results.passed} passed, ${results.failed} failed`);
  return results.failed > 0 || results.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
