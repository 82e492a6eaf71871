// Writes the numbers of the last full `npm test` (.test-runs/results/summary.json, written by test/run.mjs) into
// README.md between <!-- tests:begin --> and <!-- tests:end -->, so the README's counts and timings are measured,
// not typed. Usage: `npm test && npm run readme:numbers`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const summary = JSON.parse(readFileSync(join(repo, '.test-runs', 'results', 'summary.json'), 'utf8'));
const total = summary.suites.reduce((n, s) => n + s.passed + s.failed, 0);
const seconds = summary.suites.reduce((n, s) => n + s.seconds, 0);
const rows = summary.suites.map((s) => `| ${s.name} | ${s.passed} | ${s.failed} | ${s.seconds.toFixed(0)} s |`);
const block = [
  '<!-- tests:begin (written by `npm run readme:numbers` from the last `npm test`; do not edit by hand) -->',
  `Last full run: ${summary.at.slice(0, 10)}, ${total} tests in ${Math.round(seconds / 60)} min ${Math.round(seconds % 60)} s on this 2-core machine (Node ${summary.node} for the runner).`,
  '',
  '| suite | passed | failed | time |',
  '| --- | --- | --- | --- |',
  ...rows,
  '<!-- tests:end -->',
].join('\n');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const re = /<!-- tests:begin[^]*?<!-- tests:end -->/;
if (!re.test(readme)) throw new Error('README.md has no <!-- tests:begin --> … <!-- tests:end --> block');
writeFileSync(join(repo, 'README.md'), readme.replace(re, block));
console.log(block);
