// The sample job the walkthrough opens must show what the Flink lens does: a job summary and findings with fixes.
import assert from 'node:assert/strict';
import { SAMPLE_FLINK_JOB_JAVA } from '../../src/core/flink/sampleJob';
import { analyzeSource } from '../../src/flink/parser';

describe('the sample Flink job of the walkthrough', () => {
  it('is analysed as a job: a summary (4 operators, 16 subtasks, 5 KPUs) and its three findings', async () => {
    const a = await analyzeSource(SAMPLE_FLINK_JOB_JAVA, 'OrdersPerMinute.java');
    assert.ok(a, 'not recognised as a Flink source');
    assert.equal(a.syntaxErrors, 0);
    assert.equal(a.summary?.operators, 4);
    assert.equal(a.summary?.subtasks, 16);
    assert.equal(a.summary?.kpus, 5); // ceil(4 / 1) + 1
    const lines = SAMPLE_FLINK_JOB_JAVA.split('\n');
    const found = a.findings.map((f) => `${f.rule}: ${lines[f.range.line].trim()}`);
    assert.deepEqual(found, [
      'missing-uid: DataStream<String> orders = env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders");',
      'processing-time-window: .window(TumblingProcessingTimeWindows.of(Duration.ofMinutes(1)))',
      'missing-uid: .reduce((a, b) -> a);',
    ]);
    assert.ok(
      a.findings.some((f) => f.fix),
      'no finding has a quick fix',
    );
  });
});
