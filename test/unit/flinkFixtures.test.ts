// Every Flink fixture (Java, Scala, Python) against its per-line expectations: a line marked
// `// expect: rule-a, rule-b` (`# expect:` in Python) must be reported with exactly those rules, every other line with
// none. The fixtures are real Flink code (the Java ones compile against Flink's jars: test/integration/flinkCompile).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_IDS } from '../../src/core/flink/rules';
import { analyzeSource } from '../../src/flink/parser';
import { expectations, fixtureFiles as listFixtures } from '../fixtures/flink/expectations';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'flink');
const fixtureFiles = () => listFixtures(FIXTURES);

describe('Flink fixtures: findings per line', function () {
  // the first fixture with SQL strings loads Flink SQL's grammar and warms its caches: seconds on a loaded machine
  this.timeout(60_000);
  const files = fixtureFiles();

  it('has Java, Scala and Python fixtures', () => {
    for (const ext of ['.java', '.scala', '.py'])
      assert.ok(
        files.some((f) => f.endsWith(ext)),
        `no ${ext} fixture under ${FIXTURES}`,
      );
  });

  for (const file of files) {
    it(`${file.slice(FIXTURES.length + 1)} is reported exactly where its expect: comments say`, async () => {
      const text = readFileSync(file, 'utf8');
      const analysis = await analyzeSource(text, file, { target: 'self-managed' });
      assert.ok(analysis, `${file} was not analysed as a Flink file`);
      const actual = analysis.findings.map((f) => `${f.range.line + 1}:${f.rule}`).sort();
      assert.deepEqual(actual, expectations(text));
      assert.equal(analysis.syntaxErrors, 0, 'fixture has syntax errors');
      // a check that threw would look like "no findings": every fixture must run every check cleanly
      assert.deepEqual(analysis.internalErrors, [], 'internal errors');
      assert.deepEqual(analysis.notes, [], 'the whole fixture was read');
    });
  }

  it('covers every rule with a positive case in some fixture, and each rule in Java', () => {
    const all = fixtureFiles().map((f) => readFileSync(f, 'utf8'));
    const java = fixtureFiles()
      .filter((f) => f.endsWith('.java'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const rule of RULE_IDS) {
      assert.ok(
        all.some((t) => expectations(t).some((e) => e.endsWith(`:${rule}`))),
        `no fixture expects ${rule}`,
      );
      assert.ok(
        expectations(java).some((e) => e.endsWith(`:${rule}`)),
        `no Java fixture expects ${rule}`,
      );
    }
  });
});
