// Identifiers named after Object.prototype's members (constructor, toString, __proto__, ...) in every role a job gives
// a name: a stream variable, a method called on a stream, on Duration/Time or a window assigner, a key field or
// getter, a bare function, a state descriptor. Each job must give exactly the findings and lenses the same job with an
// ordinary name gives: no crash, no internal error, no finding caused by the name, and no "function Object() { [native
// code] }" (or NaN, or [object Object]) in any message, quick fix or lens.
import assert from 'node:assert/strict';
import type { FileAnalysis } from '../../src/flink/parser';
import { analyzeSource } from '../../src/flink/parser';
import { camelize } from '../../src/flink/pythonVisitor';

/** Every own property of Object.prototype, so a member added to a future runtime is covered too. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const ORDINARY = 'ordinaryName';

const java = (n: string) => `
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

public class Names {
    public static class Event {
        public String ${n};
        public boolean flag;
        public Event() {}
        public String get${n}() { return ${n}; }
    }

    static Duration ${n}(long seconds) { return Duration.ofSeconds(seconds); }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(60_000);
        ValueStateDescriptor<Long> ${n}State = new ValueStateDescriptor<>("${n}", Long.class);
        ${n}State.enableTimeToLive(null);
        DataStream<Event> ${n} = env.fromSequence(1, 100).uid("numbers").map(x -> new Event());
        DataStream<Event> events = ${n}.assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forMonotonousTimestamps());
        events.${n}();
        ${n}(5);
        events.keyBy(e -> e.${n})
                .window(TumblingEventTimeWindows.of(Duration.${n}(5)))
                .reduce((${n}, b) -> b).uid("latest")
                .print();
        events.keyBy(Event::get${n}).window(${n}.of(Duration.ofSeconds(1))).reduce((a, b) -> b).uid("w").print();
        events.keyBy(e -> e.flag).reduce((a, b) -> b).print();
        env.execute("${n}");
    }
}
`;

const python = (n: string) => `
from pyflink.common import Duration, Types, WatermarkStrategy
from pyflink.datastream import StreamExecutionEnvironment
from pyflink.datastream.state import ValueStateDescriptor
from pyflink.datastream.window import TumblingEventTimeWindows


def ${n}(x):
    return x


def main():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.enable_checkpointing(60000)
    ${n}_state = ValueStateDescriptor("${n}", Types.LONG())
    ${n}_state.enable_time_to_live(None)
    ${n} = env.from_collection([1, 2]).uid("numbers")
    events = ${n}.assign_timestamps_and_watermarks(WatermarkStrategy.for_monotonous_timestamps())
    events.${n}()
    ${n}(5)
    # the key by subscript: a PyFlink attribute has no declared type, and a name starting with "has" reads as a boolean
    (events.map(lambda e: e.${n}).key_by(lambda e: e["${n}"])
        .window(TumblingEventTimeWindows.of(Duration.${n}(5)))
        .reduce(lambda ${n}, b: b).uid("latest")
        .print())
    events.key_by(lambda e: e[0] > 1).reduce(lambda a, b: b).print()
    env.execute("${n}")
`;

const scala = (n: string) => `
import java.time.Duration
import org.apache.flink.api.common.eventtime.WatermarkStrategy
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows

object Names {
  case class Event(${n}: String, flag: Boolean)

  def main(args: Array[String]): Unit = {
    val env = StreamExecutionEnvironment.getExecutionEnvironment
    env.enableCheckpointing(60000)
    val ${n} = env.fromSequence(1, 100).uid("numbers").map((x: java.lang.Long) => Event("a", true))
    val events = ${n}.assignTimestampsAndWatermarks(WatermarkStrategy.forMonotonousTimestamps[Event]())
    events.${n}()
    events.keyBy((e: Event) => e.${n})
      .window(TumblingEventTimeWindows.of(Duration.${n}(5)))
      .reduce((${n}: Event, b: Event) => b).uid("latest")
      .print()
    events.keyBy((e: Event) => e.flag).reduce((a: Event, b: Event) => b).print()
    env.execute("${n}")
  }
}
`;

/**
 * Findings and lenses with the name replaced back, so two jobs differing only by the name compare equal (lines, not
 * columns: a longer name moves what follows it on its line).
 */
function comparable(a: FileAnalysis, name: string): string[] {
  const unname = (t: string) => t.split(name).join('<name>').split(camelize(name)).join('<name>');
  const fix = (f: FileAnalysis['findings'][number]) =>
    f.fix ? `${f.fix.title} ${f.fix.edits.map((e) => `${e.range.line + 1}: ${e.newText}`).join(' | ')}` : '';
  return [
    ...a.findings.map((f) => `${f.range.line + 1}:${f.rule}: ${unname(f.message)} ${unname(fix(f))}`),
    ...a.lenses.map((l) => `${l.range.line + 1}: lens ${unname(l.title)} ${unname(l.tooltip)}`),
  ].sort();
}

const BAD_TEXT = /native code|function Object|\[object Object\]|NaN|undefined/;

describe('Flink analyser: identifiers named after Object.prototype members', () => {
  for (const [language, file, job] of [
    ['Java', 'Names.java', java],
    ['Python', 'names.py', python],
    ['Scala', 'Names.scala', scala],
  ] as const) {
    it(`${language}: every Object.prototype name (${PROTOTYPE_NAMES.length}) gives what an ordinary name gives`, async () => {
      const ordinary = await analyzeSource(job(ORDINARY), file);
      assert.ok(ordinary);
      assert.deepEqual(ordinary.internalErrors, []);
      assert.equal(ordinary.syntaxErrors, 0);
      const expected = comparable(ordinary, ORDINARY);
      // the true positives next to the names stay: the boolean key and its keyed reduce without a uid
      assert.ok(ordinary.findings.some((f) => f.rule === 'low-cardinality-key'));
      assert.ok(ordinary.findings.some((f) => f.rule === 'missing-uid'));
      for (const name of PROTOTYPE_NAMES) {
        const a = await analyzeSource(job(name), file);
        assert.ok(a, name);
        assert.deepEqual(a.internalErrors, [], name);
        assert.deepEqual(comparable(a, name), expected, name);
        for (const text of comparable(a, name)) assert.doesNotMatch(text, BAD_TEXT, `${name}: ${text}`);
      }
    });
  }
});
