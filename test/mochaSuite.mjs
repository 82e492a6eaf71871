// Runs one mocha suite in this process and writes its counts to a JSON file (for test/run.mjs).
// Usage: node test/mochaSuite.mjs RESULTS.json DIR [--setup MODULE] [--timeout MS] [--files SUBSTRING] [--grep REGEX]
// --setup MODULE: a module exporting mochaGlobalSetup / mochaGlobalTeardown (e.g. the Kafka cluster).
import Mocha from 'mocha';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const [resultsFile, dir, ...rest] = process.argv.slice(2);
const option = (name) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const require = createRequire(import.meta.url);

function testFiles(d) {
  return readdirSync(d)
    .flatMap((name) => {
      const full = join(d, name);
      return statSync(full).isDirectory() ? testFiles(full) : name.endsWith('.test.js') ? [resolve(full)] : [];
    })
    .sort();
}

const results = { passed: 0, failed: 0, pending: 0, failures: [] };
const write = () => writeFileSync(resultsFile, JSON.stringify(results, null, 2));
let setup;
try {
  setup = option('--setup') ? require(resolve(option('--setup'))) : undefined;
  if (setup?.mochaGlobalSetup) await setup.mochaGlobalSetup();
  const mocha = new Mocha({ timeout: Number(option('--timeout') ?? 10000), color: true, reporter: 'spec' });
  const only = option('--files') ?? process.env.KFP_TEST_FILES;
  for (const f of testFiles(dir)) if (!only || f.includes(only)) mocha.addFile(f);
  const grep = option('--grep') ?? process.env.KFP_TEST_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  await mocha.loadFilesAsync();
  await new Promise((done) => {
    const runner = mocha.run(() => done());
    runner.on('pass', () => results.passed++);
    runner.on('pending', () => results.pending++);
    runner.on('fail', (test, err) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), error: String(err?.message ?? err) });
    });
  });
} catch (err) {
  results.failed++;
  results.failures.push({ title: 'suite set-up', error: String(err?.stack ?? err) });
  console.error(err);
} finally {
  try {
    if (setup?.mochaGlobalTeardown) await setup.mochaGlobalTeardown();
  } catch (err) {
    results.failed++;
    results.failures.push({ title: 'suite tear-down', error: String(err?.stack ?? err) });
  }
  write();
}
process.exit(results.failed ? 1 : 0);
