// False-positive classes an expert read of findings on public Flink files disagreed with, each with its regression
// fixture (test/fixtures/flink; the per-line expectations are checked by flinkFixtures.test.ts) and the true positive
// next to it that must stay. Here: what the per-line expectations do not say (summaries, lenses, messages, counts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource, type FileAnalysis } from '../../src/flink/parser';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'flink');
const read = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');

async function analyze(rel: string, file = rel.replace(/^.*\//, '')): Promise<FileAnalysis> {
  const a = await analyzeSource(read(rel), file);
  assert.ok(a, `${rel} was not analysed`);
  assert.deepEqual(a.internalErrors, []);
  return a;
}

/** 1-based line numbers of the lines of `rel` that contain `needle`. */
function linesWith(rel: string, needle: string | RegExp): number[] {
  return read(rel)
    .split('\n')
    .flatMap((l, i) => ((typeof needle === 'string' ? l.includes(needle) : needle.test(l)) ? [i + 1] : []));
}

const rulesOn = (a: FileAnalysis, line: number) => a.findings.filter((f) => f.range.line + 1 === line).map((f) => f.rule);

describe('Flink false positives: print() that is no DataStream sink', () => {
  it("Python's built-in print() and TableResult.print() are no sinks; the stream's print() is", async () => {
    const rel = 'python/print_builtin_job.py';
    const a = await analyze(rel);
    // from_collection, map, reduce, words...print(): 4 operators, 1 branch (the built-in prints and the SQL one: none)
    assert.equal(a.summary.operators, 4);
    assert.equal(a.summary.branches, 1);
    for (const line of linesWith(rel, /^\s*print\(|execute\(\)\.print\(\)/)) assert.deepEqual(rulesOn(a, line), [], `line ${line}`);
    // the true positive next to them: the keyed reduce without a uid
    const [reduce] = linesWith(rel, '.reduce(lambda a, b');
    assert.deepEqual(rulesOn(a, reduce), ['missing-uid']);
  });

  it('a pure SQL PyFlink job has no operators, no findings and no job summary lens', async () => {
    const a = await analyze('python/sql_job.py');
    assert.equal(a.summary.operators, 0);
    assert.equal(a.summary.branches, 0);
    assert.deepEqual(a.findings, []);
    assert.deepEqual(
      a.lenses.filter((l) => l.kind === 'job'),
      [],
    );
  });

  it("Java: a file's own print(String) is no sink; a stream in a typed variable or parameter still is", async () => {
    const rel = 'java/PrintCallsJob.java';
    const a = await analyze(rel);
    // fromSequence, map (in words()), map, sum, counts.print() (in printCounts), words.print()
    assert.equal(a.summary.operators, 6);
    assert.equal(a.summary.branches, 2);
    for (const line of linesWith(rel, /^\s*print\("/)) assert.deepEqual(rulesOn(a, line), [], `line ${line}`);
    assert.deepEqual(rulesOn(a, linesWith(rel, '.sum(1)')[0]), ['missing-uid']);
  });
});
