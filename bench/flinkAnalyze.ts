// Re-analysis time of the Flink lens for a 2,000-line Java job (target: under 30 ms), as the editor does it on each
// (debounced) edit: FlinkParseCache applies the edit to the document's previous tree (tree.edit) and re-parses
// incrementally, extracts facts, runs every rule, summarises. Each iteration types one character; the same text is
// also analysed with a full parse (the fallback path, and the only path before incremental parsing), interleaved so
// both see the same machine load. Prints numbers and the share of parse / facts / rules; asserts nothing, except that
// both paths give identical findings and summary.
// Run: npm run bench:flink (node esbuild.mjs && node out/bench/flinkAnalyze.js)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlinkParseCache, type FileAnalysis } from '../src/flink/parser';

const repo = join(__dirname, '..', '..');
const fixture = readFileSync(join(repo, 'test', 'fixtures', 'flink', 'java', 'AlarmJob.java'), 'utf8');
const ITERATIONS = 50;

/** AlarmJob's main() pipelines repeated inside one class until the file has `lines` lines. */
function bigJob(lines: number): string {
  const lines0 = fixture.split('\n');
  const mainStart = lines0.findIndex((l) => l.includes('public static void main'));
  const executeAt = lines0.findIndex((l) => l.includes('env.execute('));
  const head = lines0.slice(0, mainStart + 1);
  const body = lines0.slice(mainStart + 1, executeAt);
  const out = [...head];
  for (let copy = 0; out.length < lines - 4; copy++) {
    out.push(`        {`, ...body.map((l) => l.replace(/\b(source|alarms)\b/g, `$1${copy}`)), `        }`);
  }
  out.push('        env.execute("big");', '    }', '}');
  return out.slice(0, Math.max(lines, out.length)).join('\n');
}

interface Run {
  total: number[];
  parse: number[];
  extract: number[];
  rules: number[];
}

const run = (): Run => ({ total: [], parse: [], extract: [], rules: [] });

function record(r: Run, ms: number, a: FileAnalysis | undefined): void {
  if (!a?.timings) throw new Error('no analysis');
  r.total.push(ms);
  r.parse.push(a.timings.parseMs);
  r.extract.push(a.timings.extractMs);
  r.rules.push(a.timings.rulesMs);
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(label: string, r: Run): void {
  const med = (v: number[]) => pct(v, 50);
  const phases = med(r.parse) + med(r.extract) + med(r.rules);
  const share = (v: number[]) => `${med(v).toFixed(1)} ms (${Math.round((100 * med(v)) / phases)}%)`;
  console.log(
    `  ${label}: median ${med(r.total).toFixed(1)} ms, p95 ${pct(r.total, 95).toFixed(1)} ms, max ${Math.max(...r.total).toFixed(1)} ms`,
  );
  console.log(`    medians: parse ${share(r.parse)}, facts ${share(r.extract)}, rules + summary ${share(r.rules)}`);
}

const comparable = (a: FileAnalysis) => JSON.stringify({ findings: a.findings, summary: a.summary, lenses: a.lenses });

async function main(): Promise<void> {
  let text = bigJob(2000);
  const lineCount = text.split('\n').length;
  const incremental = new FlinkParseCache();
  const full = new FlinkParseCache();
  const first = performance.now();
  const a = await incremental.analyze('big', text, 'Big.java');
  const firstMs = performance.now() - first;
  if (!a) throw new Error('the generated job was not analysed');
  const inc = run();
  const whole = run();
  // typing inside the first "alarms" string literal, one character per edit
  const at = text.indexOf('"alarms') + 7;
  let last: { inc?: FileAnalysis; full?: FileAnalysis } = {};
  for (let i = 0; i < ITERATIONS; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    const offset = at + i;
    text = text.slice(0, offset) + ch + text.slice(offset);

    let t0 = performance.now();
    const f = await full.analyze('big', text, 'Big.java'); // no changes given: parsed whole
    record(whole, performance.now() - t0, f);

    t0 = performance.now();
    const r = await incremental.analyze('big', text, 'Big.java', {}, [{ rangeOffset: offset, rangeLength: 0, text: ch }]);
    record(inc, performance.now() - t0, r);
    if (!r?.timings?.incremental) throw new Error(`edit ${i} was not parsed incrementally`);
    last = { inc: r, full: f };
  }
  if (!last.inc || !last.full || comparable(last.inc) !== comparable(last.full)) throw new Error('incremental and full analyses differ');
  incremental.dispose();
  full.dispose();
  console.log(`Flink lens re-analysis, ${lineCount} lines of Java, ${a.findings.length} findings, ${a.summary.operators} operators`);
  console.log(`  first analysis (loads web-tree-sitter + Java grammar): ${firstMs.toFixed(1)} ms`);
  console.log(`  ${ITERATIONS} one-character edits, each analysed both ways (target < 30 ms); findings identical both ways`);
  report('incremental (tree.edit + parse with the old tree, the editor path)', inc);
  report('full re-parse (the fallback)', whole);
}

void main();
