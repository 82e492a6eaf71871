// SARIF 2.1.0 output of `kfp analyze` and `kfp review`: every log validates against the official OASIS schema
// (test/fixtures/sarif, JSON Schema draft-04, checked with Ajv and its format validators), a broken log does not,
// results point at the rule they belong to and at the right place in the file, and the exit codes follow --fail-on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { demoSnapshot } from '../../src/core/demo';
import { RULE_IDS } from '../../src/core/flink/rules';
import { reviewReassignmentText } from '../../src/core/planner/review';
import { REVIEW_CODES, isReviewCode } from '../../src/core/planner/reviewRules';
import {
  artifactLocation,
  flinkSarifRules,
  levelRank,
  reviewSarifFindings,
  reviewSarifRules,
  sarifLevel,
  sarifLog,
  type SarifLog,
} from '../../src/core/sarif';

const repo = join(__dirname, '..', '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const kfp = (args: string[], cwd = repo) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, cwd });

const schema = JSON.parse(readFileSync(join(repo, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, `not valid SARIF 2.1.0: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

function rejects(log: unknown): string {
  assert.equal(validate(log), false, 'the schema accepted a broken log');
  return JSON.stringify(validate.errors);
}

const deepCopy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('SARIF 2.1.0 output', () => {
  const demo = demoSnapshot();
  const topic = demo.topics[0];
  const brokers = demo.brokers.map((b) => b.id);
  // one entry per finding kind: a fine move, an unknown topic, an unknown broker, a replication factor change
  const planText = [
    '{',
    '  "version": 1,',
    '  "partitions": [',
    `    {"topic": "${topic.name}", "partition": 0, "replicas": [${[...topic.partitions[0].replicas].reverse().join(', ')}]},`,
    '    {"topic": "no-such-topic", "partition": 0, "replicas": [1, 2, 3]},',
    `    {"topic": "${topic.name}", "partition": 1, "replicas": [${brokers[0]}, 999, ${brokers[2]}]},`,
    `    {"topic": "${topic.name}", "partition": 2, "replicas": [${brokers[0]}]}`,
    '  ]',
    '}',
    '',
  ].join('\n');

  it('lists every Flink rule and every plan-review check as a SARIF rule with its documentation link', () => {
    assert.deepEqual(
      flinkSarifRules().map((r) => r.id),
      RULE_IDS,
    );
    assert.deepEqual(
      reviewSarifRules().map((r) => r.id),
      REVIEW_CODES,
    );
    for (const r of [...flinkSarifRules(), ...reviewSarifRules()]) {
      assert.match(r.helpUri, /^https:\/\/(nightlies\.apache\.org\/flink|kafka\.apache\.org|docs\.aws\.amazon\.com)\//, r.id);
      assert.ok(r.title.length > 3 && r.description.length > 20, r.id);
    }
  });

  it('knows every code the plan review can report (each `code:` of review.ts is in the catalog)', () => {
    const source = readFileSync(join(repo, 'src', 'core', 'planner', 'review.ts'), 'utf8');
    const codes = [...source.matchAll(/(?:code: |return )'([a-z-]+)'/g)].map((m) => m[1]);
    assert.ok(codes.length >= 12, `found only ${codes.length} codes in review.ts`);
    for (const c of codes) assert.ok(isReviewCode(c), `review.ts reports "${c}", which the SARIF rule catalog lacks`);
    assert.equal(isReviewCode('constructor'), false);
  });

  it('maps severities to SARIF levels and ranks them for --fail-on', () => {
    assert.deepEqual((['error', 'warning', 'info', 'hint'] as const).map(sarifLevel), ['error', 'warning', 'note', 'note']);
    assert.ok(levelRank('error') > levelRank('warning') && levelRank('warning') > levelRank('note'));
  });

  it('names files relative to %SRCROOT%, and files outside it by an absolute file: URI', () => {
    assert.deepEqual(artifactLocation('src/main/java/My Job.java'), { uri: 'src/main/java/My%20Job.java', uriBaseId: 'SRCROOT' });
    assert.deepEqual(artifactLocation('./jobs\\job.py'), { uri: 'jobs/job.py', uriBaseId: 'SRCROOT' });
    assert.deepEqual(artifactLocation('/tmp/x/job.py'), { uri: 'file:///tmp/x/job.py' });
    assert.deepEqual(artifactLocation('C:\\jobs\\job.py'), { uri: 'file:///C%3A/jobs/job.py' });
  });

  it('a plan review as SARIF validates, with each result on the JSON value it is about', () => {
    const review = reviewReassignmentText(demo, planText, 'plan.json');
    const findings = reviewSarifFindings('plans/plan.json', planText, review.findings);
    const log = sarifLog({ name: 'kfp', version: '0.1.0' }, reviewSarifRules(), findings, { baseDir: '/repo', category: 'kfp-review/' });
    assertValid(log);
    const results = log.runs[0].results;
    const byRule = (id: string) => results.filter((r) => r.ruleId === id);
    assert.equal(byRule('unknown-topic').length, 1);
    const lines = planText.split('\n');
    const topicResult = byRule('unknown-topic')[0];
    const region = topicResult.locations[0].physicalLocation.region!;
    assert.equal(region.startLine, 5);
    assert.equal(lines[4].slice(region.startColumn - 1, region.endColumn - 1), '"no-such-topic"');
    const broker = byRule('unknown-broker')[0].locations[0].physicalLocation.region!;
    assert.equal(broker.startLine, 6);
    assert.equal(lines[5].slice(broker.startColumn - 1, broker.endColumn - 1), '999');
    assert.equal(byRule('replication-factor-change').length, 1);
    assert.equal(topicResult.level, 'error');
    assert.equal(byRule('replication-factor-change')[0].level, 'warning');
    for (const r of results) assert.equal(log.runs[0].tool.driver.rules[r.ruleIndex].id, r.ruleId);
    assert.deepEqual(topicResult.locations[0].physicalLocation.artifactLocation, { uri: 'plans/plan.json', uriBaseId: 'SRCROOT' });
    assert.equal(log.runs[0].originalUriBaseIds.SRCROOT.uri, 'file:///repo/');
  });

  it('refuses a finding of a rule outside the catalog (a result must name a rule the log lists)', () => {
    assert.throws(
      () =>
        sarifLog({ name: 'kfp', version: '0' }, reviewSarifRules(), [{ ruleId: 'made-up', level: 'error', message: 'm', file: 'a' }], {
          baseDir: '/',
        }),
      /unknown rule "made-up"/,
    );
  });

  it('the schema rejects broken logs (the validation can fail)', () => {
    const review = reviewReassignmentText(demo, planText, 'plan.json');
    const good = sarifLog(
      { name: 'kfp', version: '0.1.0' },
      reviewSarifRules(),
      reviewSarifFindings('plan.json', planText, review.findings),
      {
        baseDir: '/repo',
      },
    );
    assertValid(good);
    const wrongVersion = deepCopy(good) as unknown as { version: string };
    wrongVersion.version = '2.0.0';
    rejects(wrongVersion);
    const badLevel = deepCopy(good);
    (badLevel.runs[0].results[0] as { level: string }).level = 'fatal';
    rejects(badLevel);
    const zeroLine = deepCopy(good);
    zeroLine.runs[0].results[0].locations[0].physicalLocation.region!.startLine = 0;
    assert.match(rejects(zeroLine), /minimum/);
    const noMessage = deepCopy(good) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete noMessage.runs[0].results[0].message;
    assert.match(rejects(noMessage), /message/);
    const noDriver = deepCopy(good) as unknown as { runs: { tool: Record<string, unknown> }[] };
    delete noDriver.runs[0].tool.driver;
    rejects(noDriver);
    const badUri = deepCopy(good);
    badUri.runs[0].tool.driver.rules[0].helpUri = 'not a uri';
    assert.match(rejects(badUri), /format/);
  });

  describe('kfp on the command line', function () {
    // each test runs the CLI several times (a process each): minutes on a loaded machine, not the default 10 s
    this.timeout(180_000);
    const dir = mkdtempSync(join(tmpdir(), 'kfp-sarif-'));
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, planText);

    it('kfp analyze --format sarif: a valid log of every finding, located in the file, exit 0 unless --fail-on', () => {
      const files = [
        'test/fixtures/flink/java/AlarmJob.java',
        'test/fixtures/flink/python/alarm_job.py',
        'test/fixtures/flink/scala/SensorJob.scala',
      ];
      const r = kfp(['analyze', ...files, '--format', 'sarif']);
      assert.equal(r.status, 0, r.stderr);
      const log = JSON.parse(r.stdout) as SarifLog;
      assertValid(log);
      const json = kfp(['analyze', ...files, '--format', 'json']);
      const expected = (
        JSON.parse(json.stdout) as { files: { findings: { rule: string; file: string; line: number; column: number }[] }[] }
      ).files.flatMap((f) => f.findings);
      const results = log.runs[0].results;
      assert.ok(results.length >= 10, `only ${results.length} results`);
      assert.deepEqual(
        results.map((x) => {
          const loc = x.locations[0].physicalLocation;
          return `${loc.artifactLocation.uri}:${loc.region!.startLine}:${loc.region!.startColumn}:${x.ruleId}`;
        }),
        expected.map((f) => `${f.file}:${f.line}:${f.column}:${f.rule}`),
      );
      for (const x of results) {
        assert.equal(log.runs[0].tool.driver.rules[x.ruleIndex].id, x.ruleId);
        assert.equal(x.locations[0].physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
      }
      assert.equal(log.runs[0].automationDetails?.id, 'kfp-analyze/');
      assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
      assert.equal(kfp(['analyze', ...files, '--format', 'sarif', '--fail-on', 'warning']).status, 1);
      assert.equal(kfp(['analyze', files[0], '--fail-on', 'error']).status, 0, 'AlarmJob has no error-level finding');
      assert.equal(kfp(['analyze', 'test/fixtures/flink/java/CleanJob.java', '--fail-on', 'note']).status, 0);
    });

    it('kfp review --format sarif: a valid log located in the plan file; exit 1 on errors by default, --fail-on none gives 0', () => {
      const r = kfp(['review', planFile, '--demo', '--format', 'sarif', '--out', join(dir, 'review.sarif')]);
      assert.equal(r.status, 1, r.stderr);
      const log = JSON.parse(readFileSync(join(dir, 'review.sarif'), 'utf8')) as SarifLog;
      assertValid(log);
      const ids = log.runs[0].results.map((x) => x.ruleId).sort();
      assert.deepEqual(ids, ['replication-factor-change', 'unknown-broker', 'unknown-topic']);
      // outside the working directory: an absolute file: URI
      assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, `file://${planFile}`);
      assert.equal(kfp(['review', planFile, '--demo', '--format', 'sarif', '--fail-on', 'none']).status, 0);
      // from the plan's folder: relative to %SRCROOT%
      const inDir = kfp(['review', 'plan.json', '--demo', '--format', 'sarif'], dir);
      const rel = JSON.parse(inDir.stdout) as SarifLog;
      assert.deepEqual(rel.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: 'plan.json', uriBaseId: 'SRCROOT' });
    });

    it('exits 2 naming the flag on a bad --format or --fail-on', () => {
      const f = kfp(['analyze', 'test/fixtures/flink/java/AlarmJob.java', '--format', 'xml']);
      assert.equal(f.status, 2);
      assert.match(f.stderr, /--format takes text, json or sarif, got "xml"/);
      const t = kfp(['review', planFile, '--demo', '--fail-on', 'sometimes']);
      assert.equal(t.status, 2);
      assert.match(t.stderr, /--fail-on takes error, warning, note or none, got "sometimes"/);
      const both = kfp(['analyze', 'test/fixtures/flink/java/AlarmJob.java', '--json', '--format', 'sarif']);
      assert.equal(both.status, 2);
    });
  });
});

describe('kfp analyze text output', function () {
  this.timeout(120_000);
  it('a file without a DataStream pipeline (a SQL-only PyFlink job) gets its findings and no made-up KPU cost', () => {
    const r = kfp(['analyze', 'test/fixtures/flink/python/sql_rules_job.py']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /sql_rules_job\.py: 5 findings; no job summary: no DataStream pipeline/);
    assert.doesNotMatch(r.stdout, /KPU/);
  });
  it('a job gets its summary with counts in words ("1 branch", not "1 branches")', () => {
    const r = kfp(['analyze', 'test/fixtures/flink/java/AlarmJob.java']);
    assert.match(r.stdout, /job: 11 operators, 6 shuffles, 4 branches, ~266 subtasks, parallelism \d+ → 257 KPUs ≈ \$/);
  });
});
