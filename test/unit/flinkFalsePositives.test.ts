// False-positive classes an expert read of findings on public Flink files disagreed with, each with its regression
// fixture (test/fixtures/flink; the per-line expectations are checked by flinkFixtures.test.ts) and the true positive
// next to it that must stay. Here: what the per-line expectations do not say (summaries, lenses, messages, counts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTestSource } from '../../src/core/flink/context';
import { valueTemplate } from '../../src/core/flink/ruleChecks';
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

describe('Flink false positives: print() that is no DataStream sink (streams in fields)', () => {
  it("a stream in a field (this.lines, self.lines) is still a stream; System.out.print and Python's print are not", async () => {
    const java = [
      'import org.apache.flink.streaming.api.datastream.DataStream;',
      'import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;',
      'public class Fields {',
      '    private final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();',
      '    private DataStream<String> lines;',
      '    void build() {',
      '        this.lines = this.env.fromSequence(1, 10).uid("n").map(n -> "x" + n);',
      '        this.lines.print();',
      '        System.out.print("built");',
      '    }',
      '    void run() throws Exception { env.enableCheckpointing(1000); this.env.execute("fields"); }',
      '}',
    ].join('\n');
    const python = [
      'from pyflink.datastream import StreamExecutionEnvironment',
      'class Job:',
      '    def __init__(self):',
      '        self.env = StreamExecutionEnvironment.get_execution_environment()',
      '        self.lines = self.env.from_collection(["a"]).map(lambda s: s.upper())',
      '    def run(self):',
      '        self.lines.print()',
      '        print("running")',
      '        self.env.execute("fields")',
    ].join('\n');
    for (const [text, file] of [
      [java, 'Fields.java'],
      [python, 'fields.py'],
    ]) {
      const a = await analyzeSource(text, file);
      assert.ok(a);
      assert.deepEqual(a.internalErrors, []);
      // the source, the map and the stream's print(): 3 operators, 1 branch
      assert.equal(a.summary.operators, 3, file);
      assert.equal(a.summary.branches, 1, file);
    }
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

describe('Flink false positives: rule logic (constant keys, keyed state, Kryo scope, branches)', () => {
  it('keyBy(0) and keyBy("f0") name a field, no constant key; keyBy(r -> "all") is one', async () => {
    const rel = 'java/KeyedStateJob.java';
    const a = await analyze(rel);
    for (const needle of ['keyBy(0)', 'keyBy("f0")']) assert.deepEqual(rulesOn(a, linesWith(rel, needle)[0]), [], needle);
    assert.deepEqual(rulesOn(a, linesWith(rel, 'keyBy(r -> "all")')[0]), ['low-cardinality-key']);
  });

  for (const rel of ['java/KeyedStateJob.java', 'python/keyed_state_job.py']) {
    it(`${rel}: state-without-ttl on keyed state only (not operator or broadcast state, not a single constant key)`, async () => {
      const a = await analyze(rel);
      const ttl = a.findings.filter((f) => f.rule === 'state-without-ttl').map((f) => f.range.line + 1);
      // the one keyed ValueState of LastSeen; not THRESHOLDS (broadcast), Buffering (operator state), GlobalCount
      assert.deepEqual(ttl, linesWith(rel, /"last"/));
      for (const needle of ['"thresholds"', '"buffer"', '"count"'])
        for (const line of linesWith(rel, needle)) assert.deepEqual(rulesOn(a, line), [], needle);
    });
  }

  it('kryo-fallback only for stream element types, not for the type arguments of java.util.function types', async () => {
    const rel = 'java/KryoScopeJob.java';
    const a = await analyze(rel);
    const kryo = a.findings.filter((f) => f.rule === 'kryo-fallback');
    assert.deepEqual(
      kryo.map((f) => f.range.line + 1),
      linesWith(rel, 'public static class Line'),
    );
    assert.match(kryo[0].message, /^Line flows through the job/);
  });

  it('many-branches for branches that differ by a value, not by window type', async () => {
    const rel = 'java/WindowTypesJob.java';
    const a = await analyze(rel);
    const branches = a.findings.filter((f) => f.rule === 'many-branches');
    assert.deepEqual(
      branches.map((f) => f.range.line + 1),
      linesWith(rel, '"smoke")).keyBy'),
    );
    assert.match(
      branches[0].message,
      /^4 branches from "events" are the same pipeline \(filter → keyBy → window → reduce → uid → print\) with different values/,
    );
    // and the shape of the re:Invent case still counts: BranchesJob's four alarm types
    const original = await analyze('java/BranchesJob.java');
    assert.equal(original.findings.filter((f) => f.rule === 'many-branches').length, 1);
  });

  it('the value template takes out literals, constants and comments, and keeps the calls and the window type', () => {
    const smoke = 'events.filter(e -> e.type.equals("smoke")).window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))';
    const heat = 'events.filter(e -> e.type.equals("heat"))  // heat\n  .window(TumblingEventTimeWindows.of(Duration.ofMinutes(5)))';
    const byEnum = 'events.filter(e -> e.type == AlarmType.SMOKE).window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))';
    const byOtherEnum = 'events.filter(e -> e.type == AlarmType.HEAT_ALARM).window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))';
    const sliding = 'events.filter(e -> e.type.equals("smoke")).window(SlidingEventTimeWindows.of(Duration.ofMinutes(1)))';
    assert.equal(valueTemplate(smoke), valueTemplate(heat));
    assert.equal(valueTemplate(byEnum), valueTemplate(byOtherEnum));
    assert.notEqual(valueTemplate(smoke), valueTemplate(sliding));
    assert.equal(valueTemplate('s.uid("a // not a comment").print() # python'), 's.uid(?).print()');
  });
});

describe('Flink false positives: context (test sources, files with no job, Managed Flink applications)', () => {
  it('tells test sources by their path: src/test/, *Test.java, *_test.py, test_*.py, *Spec.scala, *Suite.scala, ...', () => {
    for (const path of [
      'src/test/java/com/acme/AlarmJob.java',
      'C:\\work\\app\\src\\test\\scala\\Job.scala',
      'AlarmJobTest.java',
      'AlarmJobTests.java',
      'AlarmJobITCase.java',
      'jobs/alarm_job_test.py',
      'jobs/test_alarm_job.py',
      'tests/jobs.py',
      'AlarmJobSpec.scala',
      'AlarmJobSuite.scala',
    ])
      assert.equal(isTestSource(path), true, path);
    for (const path of [
      'src/main/java/com/acme/AlarmJob.java',
      'test/fixtures/flink/java/AlarmJob.java',
      'contest.py',
      'Testing.java',
      'latest_job.py',
    ])
      assert.equal(isTestSource(path), false, path);
  });

  for (const [rel, copy] of [
    ['java/AlarmJobTest.java', 'AlarmJobMain.java'],
    ['python/test_alarm_job.py', 'alarm_job_main.py'],
  ] as const) {
    it(`${rel}: no findings and no cost lens in a test source; the same code elsewhere is judged`, async () => {
      const a = await analyze(rel);
      assert.equal(a.context.testSource, true);
      assert.deepEqual(a.findings, []);
      assert.deepEqual(
        a.lenses.filter((l) => l.kind === 'job' || l.kind === 'parallelism'),
        [],
      );
      assert.ok(a.lenses.some((l) => l.kind === 'window'));
      const elsewhere = await analyzeSource(read(rel), copy);
      assert.ok(elsewhere && !elsewhere.context.testSource);
      const rules = new Set<string>(elsewhere.findings.map((f) => f.rule));
      for (const rule of ['checkpointing-disabled', 'low-cardinality-key', 'processing-time-window']) assert.ok(rules.has(rule), rule);
    });
  }

  it('a library file with no job gets the per-operator findings only, and no job summary lens', async () => {
    const rel = 'java/AlarmLibrary.java';
    const a = await analyze(rel);
    assert.equal(a.context.job, false);
    assert.deepEqual([...new Set(a.findings.map((f) => f.rule))].sort(), ['state-without-ttl']);
    assert.deepEqual(
      a.lenses.filter((l) => l.kind === 'job'),
      [],
    );
    // the same file running a job: the job-level rules speak (no checkpointing, 256 > 128); its event-time window reads
    // a stream passed in, whose source may set the watermarks: not judged
    const asJob = await analyzeSource(
      read(rel).replace(
        '        return env;',
        '        env.fromSequence(1, 10).uid("n").print();\n        env.execute("alarms");\n        return env;',
      ),
      'AlarmLibrary.java',
    );
    assert.ok(asJob?.context.job);
    const rules = new Set<string>(asJob.findings.map((f) => f.rule));
    for (const rule of ['checkpointing-disabled', 'max-parallelism-unset']) assert.ok(rules.has(rule), rule);
    assert.ok(!rules.has('event-time-without-watermarks'));
    assert.ok(asJob.lenses.some((l) => l.kind === 'job'));
  });

  for (const [rel, marker] of [
    ['python/managed_app.py', '/etc/flink/application_properties.json'],
    ['scala/ManagedApp.scala', 'KinesisAnalyticsRuntime.getApplicationProperties'],
  ] as const) {
    it(`${rel}: a recognisable Managed Service for Apache Flink application gets no checkpointing-disabled`, async () => {
      const a = await analyze(rel);
      assert.equal(a.context.managedApp, true);
      assert.ok(!a.findings.some((f) => f.rule === 'checkpointing-disabled'));
      assert.ok(a.findings.some((f) => f.rule === 'low-cardinality-key'));
      // without the marker it is a self-managed job that never enables checkpointing
      const text = read(rel)
        .split(marker)
        .join(marker.startsWith('/') ? '/tmp/settings.json' : 'Settings.load')
        .replace(/get_application_properties|KinesisAnalyticsRuntime/g, 'load_settings');
      const selfManaged = await analyzeSource(text, rel.replace(/^.*\//, ''));
      assert.equal(selfManaged?.context.managedApp, false);
      assert.ok(selfManaged.findings.some((f) => f.rule === 'checkpointing-disabled'));
    });
  }
});

describe('Flink false positives found on the evaluation corpus (npm run eval:flink)', () => {
  const job = (body: string, header = '') =>
    `${header}import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;\n` +
    `public class J {\n${body}\n  public static void main(String[] a) throws Exception {\n` +
    `    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();\n` +
    `    env.fromSequence(1, 10).map(n -> new Rec()).print();\n    env.execute("j");\n  }\n}\n`;

  it('a class with Lombok @Getter/@Setter (or @Data) is a POJO: no kryo-fallback; without them it is one', async () => {
    const fields = '    private String ticker;\n    private Double price;\n';
    for (const annotations of ['@Getter\n  @Setter\n', '@Data\n', '@lombok.Data\n']) {
      const a = await analyzeSource(
        job(`  ${annotations}  public static class Rec {\n${fields}  }\n  static DataStream<Rec> s;`),
        'J.java',
      );
      assert.deepEqual(
        a?.findings.filter((f) => f.rule === 'kryo-fallback'),
        [],
        annotations,
      );
    }
    const plain = await analyzeSource(job(`  public static class Rec {\n${fields}  }\n  static DataStream<Rec> s;`), 'J.java');
    assert.deepEqual(
      plain?.findings.filter((f) => f.rule === 'kryo-fallback').map((f) => f.message.replace(/\).*/, ')')),
      [
        'Rec flows through the job but Flink cannot treat it as a POJO (field "ticker" is neither public nor has a public getter and setter)',
      ],
    );
  });

  it('a state descriptor passed to a query client (getKvState) creates no state: no state-without-ttl', async () => {
    const a = await analyzeSource(
      job(
        '  void q(QueryableStateClient c) { c.getKvState(id, "max", "k", Types.STRING, new ValueStateDescriptor<Long>("", Types.LONG)); }\n  public static class Rec {}',
      ),
      'J.java',
    );
    assert.deepEqual(
      a?.findings.filter((f) => f.rule === 'state-without-ttl'),
      [],
    );
  });

  it('the package of a Managed Service for Apache Flink template marks a managed application: no checkpointing-disabled', async () => {
    const body = '  public static class Rec {}\n';
    const unmanaged = await analyzeSource(job(body, 'package com.example.jobs;\n'), 'J.java');
    assert.ok(unmanaged?.findings.some((f) => f.rule === 'checkpointing-disabled'));
    for (const pkg of ['com.amazonaws.services.msf', 'com.amazonaws.services.kinesisanalytics']) {
      const a = await analyzeSource(job(body, `package ${pkg};\n`), 'J.java');
      assert.equal(a?.context.managedApp, true, pkg);
      assert.ok(!a?.findings.some((f) => f.rule === 'checkpointing-disabled'), pkg);
    }
  });

  it('a job in BATCH execution mode is not asked for uids or checkpointing', async () => {
    const a = await analyzeSource(
      'import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;\npublic class B {\n  public static void main(String[] a) throws Exception {\n' +
        '    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();\n' +
        '    env.setRuntimeMode(RuntimeExecutionMode.BATCH);\n    env.fromSequence(1, 10).keyBy(n -> n % 7).sum(0).print();\n    env.execute("b");\n  }\n}\n',
      'B.java',
    );
    assert.equal(a?.context.bounded, true);
    assert.deepEqual(
      a?.findings.map((f) => f.rule).filter((r) => r === 'missing-uid' || r === 'checkpointing-disabled'),
      [],
    );
  });
});
