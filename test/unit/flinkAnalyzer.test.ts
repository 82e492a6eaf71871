// The Flink analyser beyond the fixtures' per-line expectations: job summary values, settings (disabled rules,
// severities, deployment target), quick fixes applied to the text, tolerance of code being typed, incremental
// re-parsing (FlinkParseCache) giving what a full parse gives, and a fuzz run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { notPojoReason } from '../../src/core/flink/stateChecks';
import { RULES, RULE_IDS } from '../../src/core/flink/rules';
import type { ClassFact } from '../../src/core/flink/facts';
import { FlinkParseCache, analyzeSource, pointAt, usesFlink, type TextChange } from '../../src/flink/parser';
import { applyEdits } from '../fixtures/flink/applyFix';
import { expectations } from '../fixtures/flink/expectations';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'flink');
const read = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');
const lineRules = (findings: { rule: string; range: { line: number } }[]) => findings.map((f) => `${f.range.line + 1}:${f.rule}`).sort();

describe('Flink analyser', () => {
  it('summarises AlarmJob: operators, shuffles, branches, subtasks, KPUs and cost', async () => {
    const a = await analyzeSource(read('java/AlarmJob.java'), 'AlarmJob.java');
    assert.ok(a);
    // fromSource, map, reduce, print, reduce, print, reduce, print, reduce, process, print
    assert.equal(a.summary.operators, 11);
    // rebalance + 5 keyBy
    assert.equal(a.summary.shuffles, 6);
    assert.equal(a.summary.branches, 4);
    // map runs at 256, the other 10 operators at the default 1
    assert.equal(a.summary.subtasks, 266);
    assert.equal(a.summary.parallelism, 256);
    // KPUs = ceil(256 / 1) + 1 orchestration KPU = 257; 257 × 720 h × $0.11 = $20,354.40
    assert.equal(a.summary.kpus, 257);
    assert.equal(a.summary.monthlyKpuCostUsd, 20354.4);
    const job = a.lenses.find((l) => l.kind === 'job');
    assert.equal(job?.title, 'Flink job: 11 operators, 6 shuffles, 4 branches, ~266 subtasks → 257 KPUs ≈ $20,354/month');
    assert.equal(job?.range.line + 1, 109, 'job lens sits on env.execute(...)');
  });

  it('uses env.setParallelism and the ParallelismPerKPU setting', async () => {
    const a = await analyzeSource(read('java/CleanJob.java'), 'CleanJob.java', { parallelismPerKpu: 4, kpuHourPriceUsd: 0.2 });
    assert.ok(a);
    assert.equal(a.summary.defaultParallelism, 200);
    // fromSource, map, assignTimestampsAndWatermarks, reduce, map, print, process, print = 8 operators × 200
    assert.equal(a.summary.operators, 8);
    assert.equal(a.summary.subtasks, 1600);
    assert.equal(a.summary.kpus, 51); // ceil(200 / 4) + 1
    assert.equal(a.summary.monthlyKpuCostUsd, 7344); // 51 × 720 × 0.2
    assert.deepEqual(
      a.lenses.filter((l) => l.kind === 'parallelism').map((l) => l.title),
      ['200 subtasks → 51 KPUs'],
    );
    assert.deepEqual(
      a.lenses.filter((l) => l.kind === 'key').map((l) => l.title),
      ['Keyed by sensorId (hash shuffle)', 'Keyed by sensorId (hash shuffle)'],
    );
    assert.deepEqual(
      a.lenses.filter((l) => l.kind === 'window').map((l) => l.title),
      ['Event time: 1 min tumbling windows'],
    );
  });

  it('honours disabled rules, severity overrides and the managed deployment target', async () => {
    const text = read('java/AlarmJob.java');
    const base = await analyzeSource(text, 'AlarmJob.java');
    assert.ok(base);
    assert.equal(base.findings.find((f) => f.rule === 'missing-uid')?.severity, RULES['missing-uid'].severity);
    const tuned = await analyzeSource(text, 'AlarmJob.java', {
      disabledRules: ['low-cardinality-key'],
      severities: { 'missing-uid': 'error', 'redundant-shuffle': 'off' },
      target: 'managed',
    });
    assert.ok(tuned);
    const rules = new Set(tuned.findings.map((f) => f.rule));
    assert.ok(!rules.has('low-cardinality-key'));
    assert.ok(!rules.has('redundant-shuffle'));
    assert.ok(!rules.has('checkpointing-disabled'), 'Managed Flink sets checkpointing at the service');
    assert.ok(tuned.findings.filter((f) => f.rule === 'missing-uid').every((f) => f.severity === 'error'));
    assert.equal(tuned.findings.length, base.findings.length - 3 - 2 - 1);
  });

  it('every rule has a stable id, a default severity, a title, an explanation and a documentation link', () => {
    assert.equal(RULE_IDS.length, 17); // 14 on the DataStream API, 3 on Flink SQL in string literals
    for (const id of RULE_IDS) {
      assert.match(id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(RULES[id].severity));
      assert.match(RULES[id].docUrl, /^https:\/\/(nightlies\.apache\.org\/flink|docs\.aws\.amazon\.com)\//);
      assert.ok(RULES[id].why.length > 40);
    }
  });

  it('analyses only files that use Flink APIs', async () => {
    assert.equal(usesFlink('class A { void f() { list.stream().map(x -> x).filter(y -> true); } }'), false);
    assert.equal(await analyzeSource('class A { void f() { list.stream().keyBy(x -> true); } }', 'A.java'), undefined);
    assert.equal(await analyzeSource('import org.apache.flink.x.Y;', 'notes.txt'), undefined);
    assert.equal(usesFlink('import org.apache.flink.streaming.api.datastream.DataStream;'), true);
    assert.equal(usesFlink('from pyflink.datastream import StreamExecutionEnvironment'), true);
  });

  describe('quick fixes', () => {
    it('adds .uid("...") after the operator, and the finding goes away', async () => {
      const text = read('java/AlarmJob.java');
      const a = await analyzeSource(text, 'AlarmJob.java');
      const f = a?.findings.find((x) => x.rule === 'missing-uid' && x.range.line + 1 === 91);
      assert.ok(f?.fix);
      assert.equal(f.fix.title, 'Add .uid("reduce-3")');
      const fixed = applyEdits(text, f.fix.edits);
      assert.equal(fixed.split('\n')[90].trim(), '.reduce((a, b) -> b).uid("reduce-3") // expect: missing-uid');
      const after = await analyzeSource(fixed, 'AlarmJob.java');
      assert.deepEqual(
        lineRules(after!.findings),
        expectations(text).filter((e) => e !== '91:missing-uid'),
      );
    });

    it('switches a processing-time assigner to its event-time twin when a watermark strategy exists', async () => {
      const text = read('java/AlarmJob.java');
      const a = await analyzeSource(text, 'AlarmJob.java');
      const f = a?.findings.find((x) => x.rule === 'processing-time-window');
      assert.ok(f?.fix);
      assert.equal(f.fix.title, 'Switch to TumblingEventTimeWindows');
      const fixed = applyEdits(text, f.fix.edits);
      assert.match(fixed.split('\n')[89], /\.window\(TumblingEventTimeWindows\.of\(Duration\.ofMinutes\(1\)\)\)/);
      const after = await analyzeSource(fixed, 'AlarmJob.java');
      assert.ok(!after!.findings.some((x) => x.rule === 'processing-time-window'));
    });

    it('offers no assigner switch when the file has no watermark strategy', async () => {
      const a = await analyzeSource(read('java/NoWatermarksJob.java'), 'NoWatermarksJob.java');
      const f = a?.findings.find((x) => x.rule === 'processing-time-window');
      assert.ok(f);
      assert.equal(f.fix, undefined);
    });

    it('inserts a StateTtlConfig skeleton (and its imports) on a state descriptor', async () => {
      const text = read('java/AlarmJob.java');
      const a = await analyzeSource(text, 'AlarmJob.java');
      const f = a?.findings.find((x) => x.rule === 'state-without-ttl');
      assert.ok(f?.fix);
      const fixed = applyEdits(text, f.fix.edits);
      assert.match(fixed, /\n {12}descriptor\.enableTimeToLive\(StateTtlConfig\.newBuilder\(Duration\.ofHours\(24\)\)\n/);
      assert.match(fixed, /import org\.apache\.flink\.api\.common\.state\.StateTtlConfig;/);
      assert.equal(fixed.match(/import java\.time\.Duration;/g)?.length, 1, 'Duration is imported already');
      const after = await analyzeSource(fixed, 'AlarmJob.java');
      assert.ok(!after!.findings.some((x) => x.rule === 'state-without-ttl'));
      assert.equal(after!.syntaxErrors, 0);
    });
  });

  describe('POJO rules (kryo-fallback)', () => {
    const pojo = (over: Partial<ClassFact>): ClassFact => ({
      name: 'E',
      kind: 'class',
      isPublic: true,
      isStatic: true,
      isAbstract: false,
      nested: true,
      supertypes: [],
      fields: [],
      methods: [],
      constructors: [],
      range: { line: 0, column: 0, endLine: 0, endColumn: 0 },
      nameRange: { line: 0, column: 0, endLine: 0, endColumn: 0 },
      ...over,
    });
    const field = (name: string, isPublic: boolean) => ({
      name,
      type: 'String',
      isPublic,
      isStatic: false,
      isTransient: false,
      isFinal: false,
    });
    it('accepts public fields, getters with setters, records and enums', () => {
      assert.equal(notPojoReason(pojo({ fields: [field('a', true)] }), []), undefined);
      assert.equal(
        notPojoReason(
          pojo({
            fields: [field('a', false)],
            methods: [
              { name: 'getA', returnType: 'String', paramCount: 0, isPublic: true },
              { name: 'setA', returnType: 'void', paramCount: 1, isPublic: true },
            ],
          }),
          [],
        ),
        undefined,
      );
      assert.equal(notPojoReason(pojo({ kind: 'record', isPublic: false }), []), undefined);
    });
    it('rejects non-public, inner, constructor-less and setter-less classes', () => {
      assert.match(notPojoReason(pojo({ isPublic: false }), []) ?? '', /not public/);
      assert.match(notPojoReason(pojo({ isStatic: false }), []) ?? '', /non-static inner/);
      assert.match(
        notPojoReason(pojo({ constructors: [{ paramCount: 2, isPublic: true }] }), []) ?? '',
        /no public no-argument constructor/,
      );
      assert.match(
        notPojoReason(
          pojo({ fields: [field('a', false)], methods: [{ name: 'getA', returnType: 'String', paramCount: 0, isPublic: true }] }),
          [],
        ) ?? '',
        /field "a"/,
      );
    });
  });

  describe('tolerance', () => {
    it('a syntax error in one statement hides no finding elsewhere', async () => {
      const text = read('java/AlarmJob.java');
      const lines = text.split('\n');
      // type half a statement into the blank line after enableForceKryo, as someone editing would
      const blank = lines.findIndex((l, i) => i > 72 && l.trim() === '');
      lines[blank] = '        env.setParallelism(';
      const broken = lines.join('\n');
      const a = await analyzeSource(broken, 'AlarmJob.java');
      assert.ok(a);
      assert.ok(a.syntaxErrors > 0);
      const got = new Set(lineRules(a.findings));
      const missing = expectations(text).filter((e) => !got.has(e));
      assert.deepEqual(missing, []);
    });

    it('a half-typed keyBy in Python still leaves the other findings', async () => {
      const text = read('python/alarm_job.py').replace('env.enable_checkpointing(60000)', 'env.enable_checkpointing(60000).key_by(lambda');
      const a = await analyzeSource(text, 'alarm_job.py');
      assert.ok(a);
      assert.ok(a.findings.some((f) => f.rule === 'state-without-ttl'));
      assert.ok(a.findings.some((f) => f.rule === 'processing-time-timer'));
    });

    it('never throws on random or truncated input (fuzz, fixed seed)', async () => {
      let seed = 0x5eed;
      const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      const sources: [string, string][] = [
        ['java/AlarmJob.java', 'X.java'],
        ['java/CleanJob.java', 'X.java'],
        ['scala/SensorJob.scala', 'X.scala'],
        ['python/alarm_job.py', 'x.py'],
      ];
      const alphabet = '(){}[];.,<>=+-*/!&|?:"\' \n\tabcdefkeyByuidwindow0123456789_@#\\';
      let runs = 0;
      for (const [rel, name] of sources) {
        const text = read(rel);
        for (let i = 0; i < 60; i++) {
          const cut = Math.floor(random() * text.length);
          const truncated = text.slice(0, cut);
          // truncate, splice random characters in, or drop a random span
          const at = Math.floor(random() * text.length);
          const noise = Array.from({ length: 1 + Math.floor(random() * 20) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
            '',
          );
          const spliced = text.slice(0, at) + noise + text.slice(at + Math.floor(random() * 200));
          for (const variant of [truncated, spliced]) {
            const a = await analyzeSource(variant, name);
            if (a) {
              assert.ok(Array.isArray(a.findings) && Number.isFinite(a.summary.subtasks));
              assert.deepEqual(a.internalErrors, [], `internal error on a variant of ${rel}`);
            }
            runs++;
          }
        }
        // pure noise with a Flink marker so it is parsed
        const junk =
          'import org.apache.flink.x;\n' + Array.from({ length: 3000 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
        assert.ok((await analyzeSource(junk, name)) !== null);
        // deep nesting
        assert.ok(
          (await analyzeSource(
            'import org.apache.flink.x;\nclass A { void f() { x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '; } }',
            name,
          )) !== null,
        );
        runs += 2;
      }
      assert.equal(runs, 4 * (120 + 2));
    });
  });

  describe('incremental re-analysis (FlinkParseCache, the editor path)', () => {
    /** Applies editor-style changes (offsets into the text as each change finds it) to a text. */
    const apply = (text: string, changes: TextChange[]) =>
      changes.reduce((t, c) => t.slice(0, c.rangeOffset) + c.text + t.slice(c.rangeOffset + c.rangeLength), text);
    const same = (a: unknown, b: unknown) => assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));

    it('pointAt counts rows by newline and columns in UTF-16 units', () => {
      assert.deepEqual(pointAt('ab\ncé€\n', 0), { row: 0, column: 0 });
      assert.deepEqual(pointAt('ab\ncé€\n', 3), { row: 1, column: 0 });
      assert.deepEqual(pointAt('ab\ncé€\n', 6), { row: 1, column: 3 });
      assert.deepEqual(pointAt('ab\ncé€\n', 7), { row: 2, column: 0 });
    });

    it('gives what a full parse gives after every kind of edit, parsing incrementally', async () => {
      const cache = new FlinkParseCache();
      let text = read('java/AlarmJob.java');
      assert.ok(await cache.analyze('doc', text, 'AlarmJob.java'));
      const at = (needle: string) => text.indexOf(needle);
      const steps: ((t: string) => TextChange[])[] = [
        // type one character, delete one, replace a word, insert lines with non-ASCII text, break and repair a statement
        () => [{ rangeOffset: at('"alarms"') + 1, rangeLength: 0, text: 'x' }],
        () => [{ rangeOffset: at('"xalarms"') + 1, rangeLength: 1, text: '' }],
        () => [
          {
            rangeOffset: at('TumblingProcessingTimeWindows.of'),
            rangeLength: 'TumblingProcessingTimeWindows'.length,
            text: 'TumblingEventTimeWindows',
          },
        ],
        () => [
          {
            rangeOffset: at('        env.execute('),
            rangeLength: 0,
            text: '        String label = "état → «€»"; env.setParallelism(4);\n',
          },
        ],
        () => [{ rangeOffset: at('«€»";') + 5, rangeLength: 0, text: ' env.setParallelism(8);' }],
        () => [{ rangeOffset: at('env.setParallelism(8)') + 19, rangeLength: 1, text: '300' }],
        () => [{ rangeOffset: at('.reduce((a, b) -> b).uid("latest-overall")'), rangeLength: 8, text: '.reduce((' }],
        () => [{ rangeOffset: at('.reduce(((a, b) -> b).uid("latest-overall")'), rangeLength: 9, text: '.reduce(' }],
        // several changes in one event, the later ones after the earlier (as multi-cursor edits arrive)
        (t) => [
          { rangeOffset: t.lastIndexOf('.print()'), rangeLength: 0, text: '\n' },
          { rangeOffset: t.indexOf('.print()'), rangeLength: 8, text: '.printToErr()' },
        ],
      ];
      for (const [i, step] of steps.entries()) {
        const changes = step(text);
        text = apply(text, changes);
        const inc = await cache.analyze('doc', text, 'AlarmJob.java', {}, changes);
        const full = await analyzeSource(text, 'AlarmJob.java');
        assert.ok(inc && full, `step ${i}`);
        assert.equal(inc.timings?.incremental, true, `step ${i} was parsed whole`);
        same(
          { f: inc.findings, s: inc.summary, l: inc.lenses, e: inc.syntaxErrors },
          { f: full.findings, s: full.summary, l: full.lenses, e: full.syntaxErrors },
        );
      }
      // changes that do not lead to the text (a missed event): parsed whole, still right
      const stale = await cache.analyze('doc', `${text}\n// more`, 'AlarmJob.java', {}, [{ rangeOffset: 0, rangeLength: 0, text: ' ' }]);
      assert.equal(stale?.timings?.incremental, false);
      same(stale?.findings, (await analyzeSource(`${text}\n// more`, 'AlarmJob.java'))?.findings);
      // an out-of-range change and a non-Flink text never throw
      assert.ok(await cache.analyze('doc', text, 'AlarmJob.java', {}, [{ rangeOffset: 1e9, rangeLength: 5, text: 'x' }]));
      assert.equal(await cache.analyze('doc', 'class Plain {}', 'Plain.java', {}, []), undefined);
      cache.dispose();
    });
  });
});
