// The failure simulation against a real failure: on a 3-broker KRaft cluster of its own (topics of RF 2 and RF 3,
// min.insync.replicas 2 on one, unclean election on another, and a live replica kept out of the ISR by a follower
// throttle), predict what losing broker 1 does, really stop it, and compare every partition's leader, the offline set
// and the under-min-ISR set with Kafka's own metadata and kafka-topics.sh --describe. Then write while it is away,
// restart it under a follower throttle and compare the measured catch-up time with the predicted one.
import assert from 'node:assert/strict';
import { simulateFailure, type FailureSimulation } from '../../src/core/simulation';
import type { ClusterSnapshot } from '../../src/core/model';
import { partitionWriteRates } from '../../src/core/skew';
import { trafficModel } from '../../src/core/traffic';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, produceRecords, startKafkaCluster, withAdmin, type KafkaTestCluster } from './kafkaCluster';
import { describeTopicsWithKafka } from './kafkaToolOutput';

const RESOURCE_TOPIC = 2 as const;
const RESOURCE_BROKER = 4 as const;
const OP_SET = 0 as const;
const OP_DELETE = 1 as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = (topic: string, partition: number) => `${topic}-${partition}`;

async function setConfigs(
  bootstrap: string,
  resourceType: typeof RESOURCE_TOPIC | typeof RESOURCE_BROKER,
  name: string,
  configs: Record<string, string | null>,
): Promise<void> {
  await withAdmin(bootstrap, (admin) =>
    admin.incrementalAlterConfigs({
      resources: [
        {
          resourceType,
          resourceName: name,
          configs: Object.entries(configs).map(([n, value]) =>
            value === null ? { name: n, configOperation: OP_DELETE } : { name: n, configOperation: OP_SET, value },
          ),
        },
      ],
    }),
  );
}

const TOPICS: Record<string, { assignments: number[][]; configs: Record<string, string> }> = {
  // RF 3, min.insync.replicas 2
  'sim-rf3': {
    assignments: [
      [1, 2, 3],
      [3, 1, 2],
      [2, 3, 1],
      [1, 3, 2],
    ],
    configs: { 'min.insync.replicas': '2' },
  },
  // RF 2, Kafka's default min.insync.replicas (1)
  'sim-rf2': {
    assignments: [
      [1, 3],
      [1, 2],
      [3, 1],
      [2, 1],
    ],
    configs: {},
  },
  // RF 2, unclean leader election on
  'sim-unclean': { assignments: [[1, 3]], configs: { 'unclean.leader.election.enable': 'true' } },
  // RF 2 followed by broker 1: written while it is away (a topic without an offline partition, which producers refuse)
  'sim-catchup': {
    assignments: [
      [2, 1],
      [3, 1],
    ],
    configs: {},
  },
};
/** Written while broker 3 is away: their replica on 3 stays out of the ISR behind a slow follower throttle. */
const LAGGING_ON_3 = [key('sim-rf3', 0), key('sim-rf3', 2), key('sim-rf2', 0), key('sim-unclean', 0)];
/** follower.replication.throttled.rate of broker 1 when it returns (B/s). */
const CATCH_UP_THROTTLE = 1_000_000;
/** Written while broker 1 is away: what it must copy when it returns. */
const WRITTEN_WHILE_1_DOWN = [key('sim-catchup', 0), key('sim-catchup', 1)];

describe('failure simulation on a real cluster: predicted vs what Kafka does', function () {
  this.timeout(600_000);
  let cluster: KafkaTestCluster;
  /** The bootstrap without a stopped broker: clients and Kafka's tools try the first address first. */
  const without = (down?: number) =>
    cluster.brokers
      .filter((x) => x.id !== down)
      .map((x) => `${x.host}:${x.port}`)
      .join(',');
  const settingsWithout = (down?: number) => ({ bootstrap: without(down).split(','), connectTimeoutMs: 3_000, requestTimeoutMs: 10_000 });
  const ours = (s: ClusterSnapshot): ClusterSnapshot => ({ ...s, topics: s.topics.filter((t) => Object.hasOwn(TOPICS, t.name)) });

  before(async function () {
    if (process.env.KAFKA_BOOTSTRAP) this.skip(); // needs a cluster of its own whose brokers it may stop
    cluster = await startKafkaCluster({ log: (line) => console.log(`[failure-cluster] ${line}`) });
  });

  after(async () => {
    await cluster?.stop();
  });

  let s0: ClusterSnapshot;
  let prediction: FailureSimulation;
  let s1: ClusterSnapshot;

  it('a live replica out of the ISR: broker 3 returns behind a 2 kB/s follower throttle after 5 MB it missed per partition', async () => {
    const b = cluster.bootstrap;
    for (const [topic, spec] of Object.entries(TOPICS)) await createTopicWithAssignment(b, topic, spec.assignments, spec.configs);
    // Broker configs are altered on the broker itself: set the throttle before stopping it (it stays in the metadata). A
    // follower is throttled only while it is out of the ISR, so it changes nothing until broker 3 has missed writes.
    await setConfigs(b, RESOURCE_BROKER, '3', { 'follower.replication.throttled.rate': '2000' });
    for (const topic of Object.keys(TOPICS)) await setConfigs(b, RESOURCE_TOPIC, topic, { 'follower.replication.throttled.replicas': '*' });
    await cluster.stopBroker!(3);
    for (const k of LAGGING_ON_3) {
      const [topic, p] = [k.slice(0, k.lastIndexOf('-')), Number(k.slice(k.lastIndexOf('-') + 1))];
      // ~5 MB: a follower's first fetch (replica.fetch.max.bytes, 1 MiB) passes before the quota measures it; the
      // rest takes half an hour behind a 2 kB/s throttle
      await produceRecords(b, topic, p, 5000, 1000);
    }
    await cluster.startBroker!(3);
    await sleep(3_000); // partitions without missed writes take 3 back into their ISR
    s0 = await takeSnapshot(settingsWithout(), { skipGroups: true });
    for (const t of ours(s0).topics)
      for (const p of t.partitions) {
        if (!p.replicas.includes(3)) continue;
        const lagging = LAGGING_ON_3.includes(key(t.name, p.partition));
        assert.equal(p.isr.includes(3), !lagging, `${key(t.name, p.partition)} ISR ${p.isr}`);
      }
  });

  it('predicts losing broker 1, then matches Kafka exactly after really stopping it', async () => {
    prediction = simulateFailure(s0, { scenario: { kind: 'brokers', brokers: [1] } });
    // by hand: sim-rf3-0 [1,2,3] ISR [1,2] -> 2 alone, under min 2; sim-rf2-0 [1,3] ISR [1] -> offline (3 is alive but
    // out of sync); sim-unclean-0 [1,3] ISR [1] -> 3 leads out of sync (unclean election on)
    assert.deepEqual(
      prediction.offline.filter((o) => Object.hasOwn(TOPICS, o.topic)).map((o) => key(o.topic, o.partition)),
      ['sim-rf2-0'],
    );
    assert.deepEqual(
      prediction.underMinIsr
        .filter((o) => Object.hasOwn(TOPICS, o.topic))
        .map((o) => key(o.topic, o.partition))
        .sort(),
      ['sim-rf3-0', 'sim-rf3-2'],
    );
    const unclean = prediction.affected.find((o) => o.topic === 'sim-unclean')!;
    assert.equal(unclean.leaderAfter, 3);
    assert.equal(unclean.uncleanElection, true);

    // for the catch-up test: broker 1's follower throttle, set on broker 1 before it stops (in sync, it changes nothing now)
    await setConfigs(cluster.bootstrap, RESOURCE_BROKER, '1', { 'follower.replication.throttled.rate': String(CATCH_UP_THROTTLE) });
    await cluster.stopBroker!(1);
    await sleep(2_000);
    s1 = await takeSnapshot(settingsWithout(1), { skipGroups: true });
    const described = describeTopicsWithKafka(without(1));
    const predicted = new Map(prediction.affected.map((o) => [key(o.topic, o.partition), o]));
    const mismatches: string[] = [];
    const offlineSeen: string[] = [];
    const underMinSeen: string[] = [];
    for (const t of s1.topics) {
      const minIsr = t.configs.minInsyncReplicas ?? 1;
      for (const p of t.partitions) {
        const k = key(t.name, p.partition);
        const before = s0.topics.find((x) => x.name === t.name)?.partitions.find((x) => x.partition === p.partition);
        if (!before) continue;
        const o = predicted.get(k);
        const leader = o ? o.leaderAfter : before.leader;
        const isr = o ? o.isrAfter : before.isr;
        const tool = described.get(t.name)?.get(p.partition);
        if (p.leader !== leader) mismatches.push(`${k}: leader ${p.leader}, predicted ${leader}`);
        if (tool && tool.leader !== leader) mismatches.push(`${k}: kafka-topics.sh leader ${tool.leader}, predicted ${leader}`);
        if (p.leader >= 0 && [...p.isr].sort().join() !== [...isr].sort().join()) mismatches.push(`${k}: ISR ${p.isr}, predicted ${isr}`);
        if (tool && tool.leader >= 0 && [...tool.isr].sort().join() !== [...isr].sort().join())
          mismatches.push(`${k}: kafka-topics.sh ISR ${tool.isr}, predicted ${isr}`);
        if (p.leader < 0) offlineSeen.push(k);
        else if (p.isr.length < minIsr) underMinSeen.push(k);
      }
    }
    console.log(
      `[failure-simulation] ${prediction.affected.length} partitions with a replica on broker 1; offline ${offlineSeen.join(', ')}; under min ISR ${underMinSeen.join(', ')}; ` +
        `offline ISR as Kafka shows it: ${offlineSeen.map((k) => `${k} [${described.get(k.slice(0, k.lastIndexOf('-')))?.get(Number(k.slice(k.lastIndexOf('-') + 1)))?.isr}]`).join(', ')}`,
    );
    assert.deepEqual(mismatches, []);
    assert.deepEqual(offlineSeen.sort(), prediction.offline.map((o) => key(o.topic, o.partition)).sort());
    assert.deepEqual(underMinSeen.sort(), prediction.underMinIsr.map((o) => key(o.topic, o.partition)).sort());
  });

  it('catch-up of broker 1 after its return: measured time vs predicted (backlog ÷ follower throttle)', async () => {
    const b = without(1);
    const throttle = CATCH_UP_THROTTLE;
    await setConfigs(b, RESOURCE_BROKER, '3', { 'follower.replication.throttled.rate': null });
    const downFrom = await takeSnapshot(settingsWithout(1), { skipGroups: true });
    for (const k of WRITTEN_WHILE_1_DOWN) {
      const [topic, p] = [k.slice(0, k.lastIndexOf('-')), Number(k.slice(k.lastIndexOf('-') + 1))];
      await produceRecords(b, topic, p, 10_000, 1000); // ~10 MB each: 20 s at 1 MB/s
    }
    const downTo = await takeSnapshot(settingsWithout(1), { skipGroups: true });
    const traffic = trafficModel(partitionWriteRates(downFrom, downTo), downTo);
    const downtimeMinutes = (Date.parse(downTo.takenAt) - Date.parse(downFrom.takenAt)) / 60_000;
    const sim = simulateFailure(s0, {
      scenario: { kind: 'brokers', brokers: [1] },
      traffic,
      downtimeMinutes,
      throttleBytesPerSec: throttle,
    });
    const c = sim.catchUp!;
    assert.equal(c.applicable, true);
    assert.equal(c.rateBytesPerSec, throttle);
    assert.ok(c.backlogBytes > 19e6, `backlog ${c.backlogBytes} B`);

    await cluster.startBroker!(1);
    const t0 = Date.now();
    let seconds = Infinity;
    for (;;) {
      const md = await withAdmin(b, (admin) => admin.metadata({ topics: ['sim-catchup'], forceUpdate: true })).catch(() => undefined);
      const parts = md?.topics.get('sim-catchup')?.partitions;
      if (parts && [0, 1].every((p) => parts[p].isr.includes(1))) {
        seconds = (Date.now() - t0) / 1000;
        break;
      }
      if (Date.now() - t0 > 300_000) break;
      await sleep(250);
    }
    const ratio = seconds / c.seconds!;
    console.log(
      `[failure-simulation] catch-up: backlog ${c.backlogBytes} B at ${throttle} B/s, predicted ${c.seconds!.toFixed(1)} s, measured ${seconds.toFixed(1)} s (measured / predicted = ${ratio.toFixed(2)})`,
    );
    assert.ok(Number.isFinite(seconds), 'broker 1 rejoined the ISR');
    // Kafka's replication quota is a windowed average (replication.quota.window.num × window size), so the copy can
    // run ahead of the rate at first; the measured time also includes the broker's unfencing. Within a factor of 2.
    assert.ok(ratio > 0.5 && ratio < 2, `measured / predicted = ${ratio}`);
  });
});
