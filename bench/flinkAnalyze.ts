// Re-analysis time of the Flink lens for a 2,000-line Java job (issue 7: under 30 ms), as the editor does it on each
// (debounced) edit: parse the whole text with the already-loaded grammar, extract facts, run every rule, summarise.
// Prints numbers; asserts nothing. Run: node esbuild.mjs && node out/bench/flinkAnalyze.js
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../src/flink/parser';

const repo = join(__dirname, '..', '..');
const fixture = readFileSync(join(repo, 'test', 'fixtures', 'flink', 'java', 'AlarmJob.java'), 'utf8');

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

async function main(): Promise<void> {
  const text = bigJob(2000);
  const lineCount = text.split('\n').length;
  const first = performance.now();
  const a = await analyzeSource(text, 'Big.java');
  const firstMs = performance.now() - first;
  if (!a) throw new Error('the generated job was not analysed');
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    // a one-character edit each time, like typing
    const edited = text.replace('"alarms"', `"alarms${i}"`);
    const t0 = performance.now();
    await analyzeSource(edited, 'Big.java');
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  console.log(`Flink lens re-analysis, ${lineCount} lines of Java, ${a.findings.length} findings, ${a.summary.operators} operators`);
  console.log(`  first analysis (loads web-tree-sitter + Java grammar): ${firstMs.toFixed(1)} ms`);
  console.log(`  re-analysis over ${times.length} edits: median ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (target < 30 ms)`);
}

void main();
