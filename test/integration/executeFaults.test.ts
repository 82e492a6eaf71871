// A broker dies in the middle of an execution: the executor reports it clearly, cancels what is in flight,
// removes every throttle it can, and the journal lets a later cleanup remove the rest once the broker is back.
// Runs on its own 3-broker cluster so stopping a broker does not disturb the other tests.
import assert from 'node:assert/strict';
import { scheduleExecution } from '../../src/core/planner/execution';
import { planReassignment } from '../../src/core/planner/plan';
import { createAdmin } from '../../src/kafka/connection';
import type { ExecutionJournal } from '../../src/core/planner/executionJournal';
import { cleanUpExecution, executePlan } from '../../src/kafka/execute';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, produceRecords, startKafkaCluster, type KafkaTestCluster } from './kafkaCluster';

describe('a broker dies during an execution', function () {
  this.timeout(240_000);
  let cluster: KafkaTestCluster;

  before(async function () {
    if (process.env.KAFKA_BOOTSTRAP) this.skip(); // needs a cluster of its own whose brokers it may stop
    cluster = await startKafkaCluster({ log: (line) => console.log(`[fault-cluster] ${line}`) });
  });

  after(async () => {
    await cluster?.stop();
  });

  it('fails with the dead broker named, cancels in-flight moves, and the journal cleans up the rest', async () => {
    const settings = { bootstrap: cluster.bootstrap.split(','), connectTimeoutMs: 2_000, requestTimeoutMs: 5_000 };
    const topic = 'kfp-fault';
    await createTopicWithAssignment(cluster.bootstrap, topic, [
      [1, 2],
      [2, 1],
      [1, 2],
      [2, 1],
    ]);
    for (let p = 0; p < 4; p++) await produceRecords(cluster.bootstrap, topic, p, 3000, 1000);
    const full = await takeSnapshot(settings, { skipGroups: true });
    const plan = planReassignment(
      { ...full, topics: full.topics.filter((t) => t.name === topic) },
      { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] } },
    );
    let journal: ExecutionJournal | undefined;
    let killed = false;
    const result = await executePlan({
      settings,
      // 100 kB/s: the copies onto broker 3 take tens of seconds, so it dies mid-copy
      schedule: scheduleExecution(plan.moves, { throttleBytesPerSec: 100_000 }),
      pollIntervalMs: 500,
      stallTimeoutMs: 8_000,
      journal: { save: async (j) => void (journal = structuredClone(j)), clear: async () => void (journal = undefined) },
      onProgress: () => {
        if (!killed) {
          killed = true;
          void cluster.stopBroker!(3);
        }
      },
    });
    assert.equal(result.outcome, 'failed');
    assert.match(result.error ?? '', /made no progress for 8 s: broker\(s\) 3 are not in the cluster metadata \(down\?\)/);
    assert.ok(
      result.log.some((l) => /cancelled \d+ in-flight reassignment\(s\) after the failure/.test(l)),
      result.log.join('\n'),
    );
    assert.equal(result.leftovers.length, 1, result.leftovers.join('\n'));
    assert.match(
      result.leftovers[0],
      /^Broker 3 still has the throttle rate 100000 B\/s: .*When it is back, run "Clean Up Reassignment Throttles"/,
    );
    assert.ok(journal, 'the journal is kept while something is left to clean');
    assert.deepEqual(Object.keys(journal!.brokerRatesBefore), ['3']);
    assert.deepEqual(journal!.topicThrottles, {}, 'topic throttles went through the controller and are gone');

    await cluster.startBroker!(3);
    let leftovers: string[] = ['not run'];
    for (let i = 0; i < 30 && leftovers.length; i++) {
      leftovers = await cleanUpExecution(settings, journal!).catch((e: Error) => [e.message]);
      if (leftovers.length) await new Promise((r) => setTimeout(r, 1000)); // broker 3 rejoining
    }
    assert.deepEqual(leftovers, []);
    const admin = createAdmin(settings);
    try {
      for (let i = 0; i < 40; i++) {
        const [b3] = await admin.describeConfigs({
          resources: [
            {
              resourceType: 4,
              resourceName: '3',
              configurationKeys: ['leader.replication.throttled.rate', 'follower.replication.throttled.rate'],
            },
          ],
        });
        const dynamic = b3.configs.filter((c) => c.configSource === 2);
        if (!dynamic.length) break;
        assert.ok(i < 39, `broker 3 still has ${dynamic.map((c) => c.name).join(', ')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await admin.close();
    }
    const after = await takeSnapshot(settings, { skipGroups: true });
    for (const p of after.topics.find((t) => t.name === topic)!.partitions) {
      assert.ok(
        !p.replicas.includes(3) || plan.moves.some((m) => m.partition === p.partition && m.after.join() === p.replicas.join()),
        `${topic}-${p.partition}: ${p.replicas}`,
      );
    }
  });
});
