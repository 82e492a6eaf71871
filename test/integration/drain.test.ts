// Draining brokers on a real cluster, checked with Kafka's own view (kafka-topics.sh --describe): a drain's plan moves
// __consumer_offsets too and, executed, leaves the drained broker with no replica; a stopped broker is the first drain
// candidate, marked down; a drain that cannot finish (the only copy on the stopped broker, a replication factor larger
// than the brokers that remain) is reported before any plan is made, in the core and by `kfp plan`.
// Runs on its own 4-broker cluster (racks a-d) so that draining and stopping brokers does not disturb other tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { ClusterSnapshot } from '../../src/core/model';
import { checkDrain, describeDrainCandidate, drainCandidates } from '../../src/core/planner/drain';
import { scheduleExecution } from '../../src/core/planner/execution';
import { planReassignment } from '../../src/core/planner/plan';
import { executePlan } from '../../src/kafka/execute';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { consumeAndCommit, createTopicWithAssignment, produceRecords, startKafkaCluster, type KafkaTestCluster } from './kafkaCluster';
import { countsPerBroker, describeTopicsWithKafka } from './kafkaToolOutput';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

describe('draining brokers on a real cluster', function () {
  this.timeout(300_000);
  let cluster: KafkaTestCluster;
  let settings: { bootstrap: string[]; connectTimeoutMs: number; requestTimeoutMs: number };

  before(async function () {
    if (process.env.KAFKA_BOOTSTRAP) this.skip(); // needs a cluster of its own whose brokers it may drain and stop
    cluster = await startKafkaCluster({ brokers: 4, log: (line) => console.log(`[drain-cluster] ${line}`) });
    settings = { bootstrap: cluster.bootstrap.split(','), connectTimeoutMs: 5_000, requestTimeoutMs: 15_000 };
  });

  after(async () => {
    await cluster?.stop();
  });

  it('drains broker 1 with its __consumer_offsets replicas; executed, Kafka shows 0 replicas on broker 1', async () => {
    const topic = 'kfp-drain';
    await createTopicWithAssignment(cluster.bootstrap, topic, [
      [1, 2],
      [2, 1],
      [1, 3],
      [4, 1],
    ]);
    for (let p = 0; p < 4; p++) await produceRecords(cluster.bootstrap, topic, p, 200, 1000);
    await consumeAndCommit(cluster.bootstrap, topic, 'kfp-drain-group', 20);

    const before = describeTopicsWithKafka(cluster.bootstrap);
    const offsetsOn1 = [...(before.get('__consumer_offsets') ?? new Map()).values()].filter((p) => p.replicas.includes(1)).length;
    assert.ok(offsetsOn1 > 0, 'broker 1 holds __consumer_offsets replicas (RF 3 over 4 brokers)');
    assert.ok((countsPerBroker(before).get(1)?.replicas ?? 0) > offsetsOn1, 'and replicas of the user topic');

    const snapshot = await takeSnapshot(settings, { skipGroups: true });
    const goal = { kind: 'remove' as const, brokers: [1] };
    assert.deepEqual(checkDrain(snapshot, { goal }), [], 'the drain can finish');
    const plan = planReassignment(snapshot, { goal });
    assert.deepEqual(plan.unmet, []);
    assert.equal(
      plan.moves.filter((m) => m.topic === '__consumer_offsets' && m.removed.includes(1)).length,
      offsetsOn1,
      'every __consumer_offsets replica on broker 1 leaves it',
    );
    assert.equal(plan.after.find((b) => b.id === 1)?.replicas, 0);

    const result = await executePlan({
      settings,
      schedule: scheduleExecution(plan.moves, { throttleBytesPerSec: 50e6 }),
      pollIntervalMs: 500,
      journal: { save: async () => undefined, clear: async () => undefined },
    });
    assert.equal(result.outcome, 'completed', `${result.error ?? ''}\n${result.log.join('\n')}`);
    assert.deepEqual(result.leftovers, []);

    const after = describeTopicsWithKafka(cluster.bootstrap);
    assert.equal(countsPerBroker(after).get(1)?.replicas ?? 0, 0, 'kafka-topics.sh --describe lists no replica on broker 1');
    assert.ok(after.has('__consumer_offsets'));
  });

  describe('with broker 2 stopped', () => {
    let down: ClusterSnapshot;

    before(async () => {
      // a topic whose only replica is on broker 2: once 2 stops, it has no leader and no copy anywhere else
      await createTopicWithAssignment(cluster.bootstrap, 'kfp-only-on-2', [[2]]);
      await produceRecords(cluster.bootstrap, 'kfp-only-on-2', 0, 100, 1000);
      await cluster.stopBroker!(2);
      const deadline = Date.now() + 60_000;
      for (;;) {
        down = await takeSnapshot(settings, { skipGroups: true });
        if (!down.brokers.some((b) => b.id === 2)) break;
        assert.ok(Date.now() < deadline, 'broker 2 still in the metadata 60 s after it stopped');
        await new Promise((r) => setTimeout(r, 500));
      }
    });

    it('lists broker 2 first among the drain candidates, marked down, with the replicas Kafka assigns to it', () => {
      const candidates = drainCandidates(down);
      assert.deepEqual(
        candidates.map((c) => [c.id, c.down]),
        [
          [2, true],
          [1, false],
          [3, false],
          [4, false],
        ],
      );
      const kafka = countsPerBroker(describeTopicsWithKafka(cluster.bootstrap));
      assert.equal(candidates[0].replicas, kafka.get(2)?.replicas, "the replicas Kafka's Replicas column assigns to broker 2");
      assert.ok(candidates[0].internalReplicas > 0, 'among them __consumer_offsets replicas');
      assert.equal(candidates[0].leaderless, 1, 'kfp-only-on-2-0 has no leader');
      const shown = describeDrainCandidate(candidates[0]);
      assert.equal(shown.label, 'Broker 2 (down)');
      assert.match(shown.detail, /^\d+ replicas \(\d+ of internal topics\), .*; 1 without a leader \(offline\)$/);
    });

    it('reports a drain that cannot finish before planning: the only copy on the stopped broker, RF 3 over 2 brokers', () => {
      const only2 = checkDrain(down, { goal: { kind: 'remove', brokers: [2] } });
      assert.deepEqual(
        only2.map((p) => [p.reason, p.brokers, p.partitions]),
        [['no-leader', [2], ['kfp-only-on-2-0']]],
      );
      // draining 2 and 3 leaves brokers 1 and 4: __consumer_offsets (RF 3) cannot leave
      const both = checkDrain(down, { goal: { kind: 'remove', brokers: [2, 3] } });
      assert.deepEqual(
        both.map((p) => p.reason),
        ['no-leader', 'replication-factor'],
      );
      const rf = both.find((p) => p.reason === 'replication-factor')!;
      assert.ok(rf.partitions.length > 0 && rf.partitions.every((p) => p.startsWith('__consumer_offsets-')), rf.partitions.join(', '));
      assert.match(rf.message, /their replication factor needs more brokers than the 2 that remain \(1, 4\)/);

      const r = spawnSync(
        process.execPath,
        [cli, 'plan', '--bootstrap', cluster.bootstrap, '--goal', 'remove-brokers', '--remove', '2,3'],
        {
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stdout, '', 'no plan is written');
      assert.match(r.stderr, /^The drain of brokers 2, 3 cannot finish:$/m);
      assert.match(r.stderr, /1 partition cannot leave broker 2: they have no leader \(offline\).*: kfp-only-on-2-0\./);
      assert.match(
        r.stderr,
        /cannot leave brokers? [\d, ]+: their replication factor needs more brokers than the 2 that remain \(1, 4\): __consumer_offsets-/,
      );
      assert.match(r.stderr, /No plan was made/);
    });

    it('drains the stopped broker: executed, only the partition whose only copy it has is left on it', async () => {
      // the leaderless partition cannot move: excluded, it is the one problem left, and the rest can go
      const options = { goal: { kind: 'remove' as const, brokers: [2] }, excludedTopics: ['kfp-only-on-2'] };
      assert.deepEqual(
        checkDrain(down, options).map((p) => [p.reason, p.partitions]),
        [['excluded', ['kfp-only-on-2-0']]],
      );
      const plan = planReassignment(down, options);
      assert.ok(plan.moves.some((m) => m.removed.includes(2)));
      assert.ok(
        plan.moves.every((m) => !m.after.includes(2)),
        'nothing moves onto the stopped broker',
      );
      assert.ok(
        plan.moves.some((m) => m.topic === '__consumer_offsets'),
        'internal topics leave the stopped broker too',
      );
      const result = await executePlan({
        settings,
        schedule: scheduleExecution(plan.moves, { throttleBytesPerSec: 50e6 }),
        pollIntervalMs: 500,
        journal: { save: async () => undefined, clear: async () => undefined },
      });
      assert.equal(result.outcome, 'completed', `${result.error ?? ''}\n${result.log.join('\n')}`);
      assert.deepEqual(result.leftovers, [], 'no throttle was set on the stopped broker, none is left behind');
      assert.ok(result.log.some((l) => /broker\(s\) 2 are not in the metadata \(down\): no throttle is set on them/.test(l)));
      const after = describeTopicsWithKafka(cluster.bootstrap);
      const on2 = [...after].flatMap(([topic, partitions]) =>
        [...partitions].filter(([, p]) => p.replicas.includes(2)).map(([partition]) => `${topic}-${partition}`),
      );
      assert.deepEqual(on2, ['kfp-only-on-2-0'], 'kafka-topics.sh --describe lists broker 2 only in the partition it alone holds');
    });
  });
});
