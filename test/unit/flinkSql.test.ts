// Flink SQL in code: string literals decoded with the source position of every character (Java strings and text
// blocks, Scala and Python quoting), the SQL read by Flink SQL's grammar (dt-sql-parser) loaded only for files with
// SQL strings, and the SQL rules' findings placed on the SQL they are about inside the literal.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeLiteral } from '../../src/core/flink/sqlText';
import { FlinkParseCache, analyzeSource } from '../../src/flink/parser';
import { isSqlGrammarLoaded, sqlReadCounts } from '../../src/flink/sqlParser';

const repo = join(__dirname, '..', '..', '..');
const fixture = (p: string) => readFileSync(join(repo, 'test', 'fixtures', 'flink', p), 'utf8');
const value = (raw: string, language: 'java' | 'scala' | 'python') => decodeLiteral(raw, language)?.chars.join('');

/** The source text a finding's range covers (single-line ranges). */
function covered(text: string, r: { line: number; column: number; endLine: number; endColumn: number }): string {
  assert.equal(r.line, r.endLine, 'a single-line range');
  return text.split('\n')[r.line].slice(r.column, r.endColumn);
}

async function findings(text: string, file: string) {
  const a = await analyzeSource(text, file);
  assert.ok(a, `${file} was not analysed`);
  assert.deepEqual(a.internalErrors, []);
  return a.findings.filter((f) => f.rule.startsWith('sql-'));
}

describe('Flink SQL in code', function () {
  // the first parse of each statement shape warms ANTLR's prediction caches: seconds on a loaded machine
  this.timeout(120_000);
  it('loads the SQL grammar only for a file with SQL strings', async () => {
    await analyzeSource(fixture('java/AlarmJob.java'), 'AlarmJob.java');
    assert.equal(isSqlGrammarLoaded(), false, 'a DataStream-only job loaded the SQL grammar');
    await analyzeSource(fixture('python/sql_job.py'), 'sql_job.py');
    assert.equal(isSqlGrammarLoaded(), true);
  });

  it("in the editor, reads the SQL on a worker thread: the same findings, none of the grammar's work on the editor's thread", async () => {
    // SQL this process has not read yet (a comment in each statement), so the grammar must read every string
    const text = fixture('java/SqlJob.java').replace(/"(\s*)(SELECT|CREATE|INSERT)\b/g, '"$1/* worker */ $2');
    const cache = new FlinkParseCache({ sqlOffThread: true });
    try {
      const before = sqlReadCounts();
      const inEditor = await cache.analyze('SqlJob.java', text, 'SqlJob.java');
      const after = sqlReadCounts();
      assert.ok(inEditor, 'not analysed');
      assert.deepEqual(inEditor.internalErrors, []);
      assert.equal(after.onThisThread - before.onThisThread, 0, "the grammar ran on the editor's thread");
      assert.ok(after.onWorker - before.onWorker >= 5, `the worker read ${after.onWorker - before.onWorker} SQL texts`);
      const here = await analyzeSource(text, 'SqlJob.java');
      assert.ok(here);
      const sql = (a: typeof here) =>
        a.findings.filter((f) => f.rule.startsWith('sql-')).map((f) => `${f.rule} ${f.range.line}:${f.range.column}`);
      assert.ok(sql(here).length >= 3, `only ${sql(here).length} SQL findings: the comparison proves little`);
      assert.deepEqual(sql(inEditor), sql(here));
    } finally {
      cache.dispose();
    }
  });

  it('keeps the grammar out of the extension and CLI bundles (it is dist/flinkSql.js)', () => {
    const grammar = readFileSync(join(repo, 'dist', 'flinkSql.js'), 'utf8');
    assert.ok(grammar.includes('windowTVFExpression'));
    for (const bundle of ['extension.js', 'cli.js'])
      assert.ok(!readFileSync(join(repo, 'dist', bundle), 'utf8').includes('windowTVFExpression'), `${bundle} carries the SQL grammar`);
  });

  it('decodes Java strings and text blocks, Scala and Python quoting; interpolated strings are not read', () => {
    assert.equal(value('"a\\tb \\"c\\" \\u0041\\\\"', 'java'), 'a\tb "c" A\\');
    assert.equal(value('"""\n    SELECT 1\n    FROM t\\n"""', 'java'), '    SELECT 1\n    FROM t\n');
    assert.equal(value('"""\n  a \\\n  b"""', 'java'), '  a   b');
    assert.equal(value('"""SELECT \\n 1"""', 'scala'), 'SELECT \\n 1');
    assert.equal(value('s"SELECT 1"', 'scala'), 'SELECT 1');
    assert.equal(value('s"SELECT $x"', 'scala'), undefined);
    assert.equal(
      value("s\"SELECT * FROM t WHERE a = '$x' AND b = '${y.z}' AND c = '$$'\"", 'scala'),
      "SELECT * FROM t WHERE a = 'xx' AND b = 'xxxxxx' AND c = '$'",
    );
    assert.equal(value('"""\n  x\\n"""', 'python'), '\n  x\n');
    assert.equal(value("r'''a\\nb'''", 'python'), 'a\\nb');
    assert.equal(value("u'a\\'b'", 'python'), "a'b");
    assert.equal(value('f"SELECT 1 FROM t"', 'python'), 'SELECT 1 FROM t');
    assert.equal(value('f"SELECT * FROM {table}"', 'python'), undefined);
    // a value inside a SQL string literal or backquoted name cannot change the statement: a placeholder keeps positions
    assert.equal(
      value("f\"WITH ('topic' = '{topic}', 'x' = '{{}}') FROM `{db}`\"", 'python'),
      "WITH ('topic' = 'xxxxxxx', 'x' = '{}') FROM `xxxx`",
    );
    assert.equal(value('x', 'java'), undefined);
  });

  it('puts each finding on the SQL it is about, inside the literal (Java concatenation and text blocks)', async () => {
    const text = fixture('java/SqlJob.java');
    const got = await findings(text, 'SqlJob.java');
    const at = (rule: string) => got.filter((f) => f.rule === rule).map((f) => covered(text, f.range));
    assert.deepEqual(at('sql-processing-time-window'), ['TUMBLE']);
    assert.deepEqual(at('sql-window-without-watermark'), ['HOP']);
    assert.deepEqual(at('sql-unbounded-state-without-ttl'), ['JOIN', 'GROUP BY u.country']);
    const pt = got.find((f) => f.rule === 'sql-processing-time-window')!;
    assert.match(pt.message, /TUMBLE over pt, a processing-time attribute \(pt AS PROCTIME\(\) in CREATE TABLE clicks\)/);
    assert.equal(
      pt.docUrl,
      'https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/concepts/time_attributes/#processing-time',
    );
    const wm = got.find((f) => f.rule === 'sql-window-without-watermark')!;
    assert.equal(wm.severity, 'error');
    assert.match(wm.message, /CREATE TABLE clicks declares no WATERMARK for ts/);
  });

  it('reads Python triple-quoted, raw and adjacent literals (with a comment between them) at their positions', async () => {
    const text = fixture('python/sql_rules_job.py');
    const got = await findings(text, 'sql_rules_job.py');
    assert.deepEqual(
      got.map((f) => `${f.range.line + 1}:${covered(text, f.range)}`),
      ['31:HOP', '36:TUMBLE', '40:TUMBLE', '53:users u', '55:GROUP BY u.country'],
    );
  });

  it('a STATE_TTL hint, table.exec.state.ttl (SET or table config) or batch mode: no state-TTL finding', async () => {
    const query = 'INSERT INTO out SELECT k, COUNT(*) FROM src GROUP BY k';
    const job = (extra: string, sql = query) =>
      `from pyflink.table import EnvironmentSettings, TableEnvironment\nt_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())\n${extra}\nt_env.execute_sql("${sql}")\n`;
    assert.equal((await findings(job(''), 'a.py')).length, 1);
    assert.equal((await findings(job("t_env.execute_sql(\"SET 'table.exec.state.ttl' = '1 h'\")"), 'a.py')).length, 0);
    assert.equal(
      (await findings(job("t_env.execute_sql(\"SET 'table.exec.state.ttl' = '0 ms'\")"), 'a.py')).length,
      1,
      '0 ms keeps state for ever',
    );
    assert.equal((await findings(job('t_env.get_config().set_idle_state_retention(timedelta(hours=1))'), 'a.py')).length, 0);
    assert.equal((await findings(job('t_env.get_config().set("table.exec.state.ttl", "1 h")'), 'a.py')).length, 0);
    const batch = job('').replace('in_streaming_mode', 'in_batch_mode');
    assert.equal((await findings(batch, 'a.py')).length, 0);
    // a query that runs no insert in a file that runs no job: the TTL may be set where the job is built
    assert.equal((await findings(job('', 'SELECT k, COUNT(*) FROM src GROUP BY k'), 'a.py')).length, 0);
  });

  it('Scala: triple-quoted SQL, and a windowed table known only by its column', async () => {
    const text = [
      'import org.apache.flink.table.api._',
      'object Job {',
      '  def main(args: Array[String]): Unit = {',
      '    val tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode())',
      '    tEnv.executeSql("""CREATE TABLE ev (id STRING, pt AS PROCTIME()) WITH (\'connector\' = \'datagen\')""")',
      '    tEnv.executeSql("""INSERT INTO o SELECT id, COUNT(*) FROM (SELECT * FROM ev)',
      '      GROUP BY TUMBLE(pt, INTERVAL \'1\' MINUTE), id""")',
      '  }',
      '}',
    ].join('\n');
    const got = await findings(text, 'Job.scala');
    assert.deepEqual(
      got.map((f) => `${f.range.line + 1}:${f.rule}:${covered(text, f.range)}`),
      ['7:sql-processing-time-window:TUMBLE'],
    );
  });

  it('Java: a run-time value concatenated inside a SQL string is a placeholder; one outside it leaves the SQL unread', async () => {
    const job = (ddl: string) =>
      [
        'import org.apache.flink.table.api.*;',
        'class J { void run(TableEnvironment tEnv, String topic, String table) {',
        `  tEnv.executeSql(${ddl});`,
        '  tEnv.executeSql("INSERT INTO o SELECT id, COUNT(*) FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(pt), INTERVAL \'1\' MINUTES)) GROUP BY window_start, window_end, id");',
        '} }',
      ].join('\n');
    const inQuotes = job(`"CREATE TABLE ev (id STRING, pt AS PROCTIME()) WITH ('topic' = '" + topic + "')"`);
    assert.deepEqual(
      (await findings(inQuotes, 'J.java')).map((f) => `${f.range.line + 1}:${f.rule}`),
      ['4:sql-processing-time-window'],
    );
    const asName = job(`"CREATE TABLE " + table + " (id STRING, pt AS PROCTIME()) WITH ('connector' = 'x')"`);
    assert.deepEqual(await findings(asName, 'J.java'), [], 'the table name is only known at run time: the DDL is not read');
  });

  it('bad SQL, unknown tables and Object.prototype names: no finding, no crash, no internal error', async () => {
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
    for (const n of names) {
      const text =
        `from pyflink.table import TableEnvironment\nt = TableEnvironment.create(s)\n` +
        `t.execute_sql("CREATE TABLE ${n} (${n} TIMESTAMP(3), WATERMARK FOR ${n} AS ${n}) WITH ('connector' = 'x')")\n` +
        `t.execute_sql("INSERT INTO o SELECT * FROM TABLE(TUMBLE(TABLE ${n}, DESCRIPTOR(${n}), INTERVAL '1' MINUTES))")\n` +
        `t.execute_sql("INSERT INTO o SELECT * FROM TABLE(TUMBLE(TABLE missing, DESCRIPTOR(${n}), INTERVAL '1' MINUTES))")\n` +
        `t.execute_sql("SELEC broken FROM")\n`;
      assert.deepEqual(await findings(text, 'a.py'), [], n);
    }
  });
});
