// The Flink analyser on inputs that used to be cut short or fail silently: call chains of any length are read whole
// (the receivers are walked with a loop, not recursion), nesting deeper than the extractor follows is said in a note
// (never a finding), and a bug in a check or in the model is reported in `internalErrors` while the rest still runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFacts } from '../../src/core/flink/analyze';
import type { Expr, FlinkFacts, SourceRange } from '../../src/core/flink/facts';
import { RULE_FUNCTIONS } from '../../src/core/flink/ruleChecks';
import { analyzeSource } from '../../src/flink/parser';

// Far beyond the old limit of 400 nested calls. Scala gets fewer: tree-sitter-scala's own parse time grows faster than
// linearly with a chain's length (about 2 s for 1,000 calls on a busy machine), the extraction does not.
const LINKS = { java: 5000, python: 5000, scala: 1000 };

const javaChain = (links: number) =>
  [
    'import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;',
    'public class LongChain {',
    '    public static void main(String[] args) throws Exception {',
    '        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();',
    '        env.enableCheckpointing(60_000);',
    `        env.fromSequence(1, 10)${'.map(n -> n + 1)'.repeat(links)}.keyBy(n -> n).reduce((a, b) -> b).print();`,
    '        env.execute("long");',
    '    }',
    '}',
  ].join('\n');

const pythonChain = (links: number) =>
  [
    'from pyflink.datastream import StreamExecutionEnvironment',
    'env = StreamExecutionEnvironment.get_execution_environment()',
    'env.enable_checkpointing(60000)',
    `env.from_collection([1, 2])${'.map(lambda n: n + 1)'.repeat(links)}.key_by(lambda n: n).reduce(lambda a, b: b).print()`,
    'env.execute("long")',
  ].join('\n');

const scalaChain = (links: number) =>
  [
    'import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment',
    'object LongChain {',
    '  def main(args: Array[String]): Unit = {',
    '    val env = StreamExecutionEnvironment.getExecutionEnvironment',
    '    env.enableCheckpointing(60000)',
    `    env.fromSequence(1, 10)${'.map(n => n + 1)'.repeat(links)}.keyBy((n: java.lang.Long) => n).reduce((a: java.lang.Long, b: java.lang.Long) => b).print()`,
    '    env.execute("long")',
    '  }',
    '}',
  ].join('\n');

describe('Flink analyser: robustness', function () {
  this.timeout(60_000);
  for (const [language, file, text, links] of [
    ['Java', 'LongChain.java', javaChain(LINKS.java), LINKS.java],
    ['Python', 'long_chain.py', pythonChain(LINKS.python), LINKS.python],
    ['Scala', 'LongChain.scala', scalaChain(LINKS.scala), LINKS.scala],
  ] as const) {
    it(`reads a ${links}-call ${language} chain whole: every operator counted, the keyed reduce at its end judged`, async () => {
      const a = await analyzeSource(text, file);
      assert.ok(a);
      assert.deepEqual(a.internalErrors, []);
      assert.deepEqual(a.notes, [], 'nothing was cut');
      // source + the maps + reduce + print
      assert.equal(a.summary.operators, links + 3);
      assert.equal(a.summary.shuffles, 1);
      // the reduce at the far end of the chain is keyed: found, so its missing uid is reported
      const uid = a.findings.filter((f) => f.rule === 'missing-uid');
      assert.ok(
        uid.some((f) => /keyed reduce/.test(f.message)),
        uid.map((f) => f.message).join('\n'),
      );
    });
  }

  it("LongChainJob.java (420 maps, compiled and checked against Flink's plan): 423 operators, not the 396 a cut chain gave", async () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'flink', 'java', 'LongChainJob.java'), 'utf8');
    const a = await analyzeSource(text, 'LongChainJob.java');
    assert.ok(a);
    assert.deepEqual(a.internalErrors, []);
    assert.equal(a.summary.operators, 423);
    assert.deepEqual(
      a.findings.map((f) => `${f.range.line + 1}:${f.rule}`),
      [`${text.split('\n').findIndex((l) => l.includes('.reduce(')) + 1}:missing-uid`],
    );
  });

  it('says in a note, not a finding, when nesting is deeper than the extractor follows', async () => {
    const text = [
      'import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;',
      'class Deep { void f() { long x = ' + '('.repeat(3000) + '1' + ')'.repeat(3000) + '; } }',
    ].join('\n');
    const a = await analyzeSource(text, 'Deep.java');
    assert.ok(a);
    assert.deepEqual(a.internalErrors, []);
    assert.equal(a.notes.length, 1);
    assert.match(a.notes[0], /nested more than 400 levels deep \(first on line 2\)/);
    assert.deepEqual(a.findings, []);
  });

  it('reports a check that throws as an internal error; the other checks still run', async () => {
    const text = javaChain(2).replace('env.enableCheckpointing(60_000);', '');
    const before = await analyzeSource(text, 'LongChain.java');
    assert.ok(before?.findings.some((f) => f.rule === 'checkpointing-disabled'));
    RULE_FUNCTIONS.unshift([
      'boom',
      () => {
        throw new TypeError('boom');
      },
    ]);
    try {
      const a = await analyzeSource(text, 'LongChain.java');
      assert.ok(a);
      assert.equal(a.internalErrors.length, 1);
      assert.match(a.internalErrors[0], /^check "boom": TypeError: boom/);
      assert.deepEqual(a.findings, before?.findings);
    } finally {
      RULE_FUNCTIONS.shift();
    }
  });

  it('reports a model that cannot be built (a malformed fact) as an internal error, and never throws', () => {
    const range: SourceRange = { line: 0, column: 0, endLine: 0, endColumn: 1 };
    const broken = { k: 'call', name: 'keyBy', args: undefined, range, nameRange: range, text: 'x' } as unknown as Expr;
    const facts: FlinkFacts = {
      language: 'java',
      imports: [],
      streamTypes: [],
      roots: [broken],
      assignments: [],
      declarations: [],
      classes: [],
      syntaxErrors: 0,
      notes: [],
      internalErrors: [],
    };
    const a = analyzeFacts(facts);
    assert.ok(a.internalErrors.some((e) => e.startsWith('job model: TypeError')));
    assert.equal(a.summary.operators, 0);
  });
});
