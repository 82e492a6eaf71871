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

describe('Flink false positives: missing-uid on operators that keep no state', () => {
  it('Java: only the stateful operators (Kafka source, keyed process with state, exactly-once sink, ...) are reported', async () => {
    const rel = 'java/StatefulnessJob.java';
    const a = await analyze(rel);
    const uid = a.findings.filter((f) => f.rule === 'missing-uid');
    // each message names the state the operator keeps, and cites the savepoint documentation
    assert.deepEqual(
      uid.map((f) => f.message.replace(/ but has no uid.*$/, '')),
      [
        'This source keeps its splits and read position (Kafka offsets, Kinesis sequence numbers) in savepoints',
        'This keyed process (Deduplicate) keeps keyed state in savepoints',
        'This exactly-once KafkaSink keeps its open transactions in savepoints',
        'This map (CountingMap) keeps operator state in savepoints',
        'This window reduce keeps the records of open windows in savepoints',
      ],
    );
    for (const f of uid) assert.match(f.docUrl, /\/ops\/state\/savepoints\/#assigning-operator-ids$/);
    // the stateless ones next to them: fromElements, the lambda maps and filter, the keyed process without state,
    // the at-least-once sink, print and printToErr
    for (const needle of [
      'env.fromElements',
      '.process(new Tag())',
      '.sinkTo(atLeastOnce)',
      'map(s -> s.toUpperCase()).print()',
      '.printToErr()',
      'demo.print()',
    ])
      for (const line of linesWith(rel, needle)) assert.deepEqual(rulesOn(a, line), [], needle);
  });

  it('Python: print(), the collection source and an at-least-once KafkaSink get no missing-uid; a FileSink does', async () => {
    const rel = 'python/stateless_sinks_job.py';
    const a = await analyze(rel);
    assert.deepEqual(rulesOn(a, linesWith(rel, 'lines.sink_to(files)')[0]), ['missing-uid']);
    for (const needle of ['.print()', 'sink_to(at_least_once)', 'from_collection'])
      for (const line of linesWith(rel, needle)) assert.deepEqual(rulesOn(a, line), [], needle);
  });

  it("AlarmJob's print sink is no longer reported; the window reduce before it still is", async () => {
    const a = await analyze('java/AlarmJob.java');
    assert.deepEqual(rulesOn(a, 92), []);
    assert.deepEqual(rulesOn(a, 91), ['missing-uid']);
  });
});
