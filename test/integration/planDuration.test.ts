// Can the plan's duration estimate be trusted? A plan executed on the real cluster at a fixed replication throttle
// (KIP-73 quotas, leader/follower.replication.throttled.rate): the measured time against scheduleExecution's estimate
// (per batch, the busiest broker's bytes in or out over the throttle). Prints the numbers; must land within ±20 %.
import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../../src/core/model';
import { scheduleExecution } from '../../src/core/planner/execution';
import { planReassignment } from '../../src/core/planner/plan';
import { formatBytes } from '../../src/core/units';
import { executePlan } from '../../src/kafka/execute';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, produceRecords, testConnectionSettings } from './kafkaCluster';

const THROTTLE = 1_000_000; // bytes/s per broker

async function snapshotOf(topic: string): Promise<ClusterSnapshot> {
  const s = await takeSnapshot(testConnectionSettings(), { skipGroups: true });
  return { ...s, topics: s.topics.filter((t) => t.name === topic) };
}

describe('plan duration on the real cluster at a fixed throttle', function () {
  this.timeout(600_000);

  it(`executes a plan at ${THROTTLE / 1e6} MB/s per broker within ±20 % of the estimate`, async () => {
    const topic = `kfp-duration-${Date.now().toString(36)}`;
    await createTopicWithAssignment(testConnectionSettings().bootstrap[0], topic, [
      [1, 2],
      [2, 1],
      [1, 2],
      [2, 1],
    ]);
    for (let p = 0; p < 4; p++) await produceRecords(testConnectionSettings().bootstrap[0], topic, p, 10_000, 1000);
    const before = await snapshotOf(topic);
    const plan = planReassignment(before, { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] }, keepLeaders: true });
    const schedule = scheduleExecution(plan.moves, { throttleBytesPerSec: THROTTLE, maxMovesPerBroker: 5 });
    assert.ok(plan.bytesMoved > 10e6, `the plan copies ${plan.bytesMoved} bytes`);
    const started = performance.now();
    const result = await executePlan({
      settings: testConnectionSettings(),
      schedule,
      pollIntervalMs: 250,
    });
    const seconds = (performance.now() - started) / 1000;
    assert.equal(result.outcome, 'completed', result.error);
    const ratio = seconds / schedule.estimatedSeconds;
    console.log(
      `    copied ${formatBytes(plan.bytesMoved)} in ${schedule.batches.length} batch(es) at ${THROTTLE / 1e6} MB/s: ` +
        `estimated ${schedule.estimatedSeconds.toFixed(1)} s, measured ${seconds.toFixed(1)} s (measured / estimate ${ratio.toFixed(3)})`,
    );
    assert.ok(ratio >= 0.8 && ratio <= 1.2, `measured ${seconds.toFixed(1)} s is ${ratio.toFixed(3)} x the estimate`);
  });
});
