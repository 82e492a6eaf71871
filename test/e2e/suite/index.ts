// Extension-host entry of the VS Code end-to-end suite (extensionTestsPath = out/test/e2e/suite/index).
// VS Code calls run() inside the extension host once the extension under development is loaded; it runs every
// *.test.js bundled next to this file with Mocha, writes a results JSON to $KFP_E2E_RESULTS (the runner trusts only
// that file: code-server's own log always says exit code 0) and rejects when anything failed.
// Env: KFP_E2E_GREP (optional) runs only the tests whose full title matches.
import Mocha from 'mocha';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface E2eResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number }[];
  durationMs: number;
}

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...testFiles(full));
    else if (name.endsWith('.test.js')) found.push(full);
  }
  return found;
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

function writeResults(results: E2eResults): void {
  const file = process.env.KFP_E2E_RESULTS;
  if (!file) return;
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}

export async function run(): Promise<void> {
  const started = Date.now();
  const results: E2eResults = { passed: 0, failed: 0, pending: 0, failures: [], tests: [], durationMs: 0 };
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
    if (process.env.KFP_E2E_GREP) mocha.grep(process.env.KFP_E2E_GREP);
    const files = testFiles(__dirname);
    if (files.length === 0) throw new Error(`no *.test.js files in ${__dirname}: was the suite built (node esbuild.mjs)?`);
    for (const f of files) mocha.addFile(f);

    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (test) => {
        results.passed++;
        results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      });
      runner.on('fail', (test, err) => {
        // also hook failures ("before all" hook ...): they count as failures
        results.failed++;
        results.failures.push({ title: test.fullTitle(), error: describeError(err) });
        results.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration });
      });
      runner.on('pending', (test) => {
        results.pending++;
        results.tests.push({ title: test.fullTitle(), state: 'pending' });
      });
    });
  } catch (err) {
    // loading a test file threw, or Mocha itself failed: report it as a failure instead of a missing results file
    results.failed++;
    results.failures.push({ title: '(loading the e2e suite)', error: describeError(err) });
  }
  results.durationMs = Date.now() - started;
  writeResults(results);
  console.log(`[e2e] ${results.passed} passed, ${results.failed} failed, ${results.pending} pending`);
  if (results.failed > 0) {
    throw new Error(`${results.failed} end-to-end test(s) failed: ${results.failures.map((f) => f.title).join('; ')}`);
  }
}
