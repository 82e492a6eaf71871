// A plan built from live rates on the real cluster: produce to a topic whose leaders all sit on broker 1, measure the
// rates between two snapshots, plan with the traffic goals, execute (with the preferred leader election), then
// produce the same load again and measure again with two snapshots: produce-in per broker must even out.
import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../../src/core/model';
import { scheduleExecution } from '../../src/core/planner/execution';
import { planReassignment } from '../../src/core/planner/plan';
import { partitionWriteRates } from '../../src/core/skew/rates';
import { brokerTraffic, snapshotPlacements, trafficModel } from '../../src/core/traffic';
import { executePlan } from '../../src/kafka/execute';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, produceRecords, testConnectionSettings } from './kafkaCluster';

async function snapshotOf(topic: string): Promise<ClusterSnapshot> {
  const s = await takeSnapshot(testConnectionSettings(), { skipGroups: true });
  return { ...s, topics: s.topics.filter((t) => t.name === topic) };
}

/** Two snapshots around the same produce load (every partition alike): the later one and the measured traffic. */
async function measure(topic: string, partitions: number) {
  const earlier = await snapshotOf(topic);
  for (let round = 0; round < 3; round++)
    for (let p = 0; p < partitions; p++) await produceRecords(testConnectionSettings().bootstrap[0], topic, p, 200, 1000);
  await new Promise((r) => setTimeout(r, 1000));
  const later = await snapshotOf(topic);
  const traffic = trafficModel(partitionWriteRates(earlier, later), later);
  const perBroker = brokerTraffic(traffic, snapshotPlacements(later), [1, 2, 3]);
  const produceIn = [1, 2, 3].map((b) => perBroker.get(b)!.leaderBytesIn);
  const mean = produceIn.reduce((a, b) => a + b, 0) / produceIn.length;
  return { later, traffic, produceIn, worstOverMean: Math.max(...produceIn) / mean };
}

describe('a plan from live rates on the real cluster', function () {
  this.timeout(600_000);

  it('evens produce-in across brokers after execution, measured again with two snapshots', async () => {
    const topic = `kfp-rates-${Date.now().toString(36)}`;
    const partitions = 6;
    // every leader on broker 1: it takes all the produce traffic
    await createTopicWithAssignment(
      testConnectionSettings().bootstrap[0],
      topic,
      Array.from({ length: partitions }, (_, p) => (p % 2 ? [1, 3] : [1, 2])),
    );
    const before = await measure(topic, partitions);
    const plan = planReassignment(before.later, {
      goal: { kind: 'rebalance' },
      goals: ['leader-bytes-in', 'nw-in', 'disk'],
      traffic: before.traffic,
    });
    assert.ok(plan.moves.length > 0, 'the plan changes something');
    const schedule = scheduleExecution(plan.moves, { throttleBytesPerSec: 50e6 });
    const result = await executePlan({ settings: testConnectionSettings(), schedule, electLeaders: true, pollIntervalMs: 300 });
    assert.equal(result.outcome, 'completed', result.error);
    const after = await measure(topic, partitions);
    const fmt = (v: number[]) => v.map((x) => `${(x / 1e3).toFixed(0)} kB/s`).join(', ');
    console.log(`    produce-in per broker before: ${fmt(before.produceIn)} (worst / mean ${before.worstOverMean.toFixed(2)})`);
    console.log(
      `    after the plan (${plan.moves.length} partitions changed): ${fmt(after.produceIn)} (worst / mean ${after.worstOverMean.toFixed(2)})`,
    );
    assert.ok(before.worstOverMean > 2.5, 'broker 1 took the produce traffic before');
    assert.ok(after.worstOverMean <= 1.5, `produce-in is even after the plan: worst / mean ${after.worstOverMean.toFixed(2)}`);
  });
});
