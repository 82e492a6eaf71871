// Proves the real-Kafka harness: three brokers with racks, explicit assignments, produce and ListOffsets.
// Run with `mocha --require out/test/integration/globalSetup.js out/test/integration/cluster.test.js`.
import assert from 'node:assert/strict';
import { clusterMetadata, createTopicWithAssignment, deleteTopic, endOffsets, produceRecords } from './kafkaCluster';

interface TestBroker {
  id: number;
  host: string;
  port: number;
  rack: string;
}

describe('real Kafka test cluster', function () {
  this.timeout(120_000);

  // Set by the global setup, which runs after this file is loaded: read them in before().
  let bootstrap = '';
  let brokers: TestBroker[] = [];
  let external = false;
  const topic = `harness-${process.pid}-${Date.now()}`;

  before(function () {
    bootstrap = process.env.KFP_TEST_BOOTSTRAP ?? '';
    assert.ok(bootstrap, 'KFP_TEST_BOOTSTRAP is not set: run mocha with --require out/test/integration/globalSetup.js');
    brokers = JSON.parse(process.env.KFP_TEST_BROKERS ?? '[]');
    external = process.env.KFP_TEST_EXTERNAL === '1';
  });

  after(async function () {
    await deleteTopic(bootstrap, topic).catch(() => {});
  });

  it('lists three brokers with racks a, b, c at the expected ports', async function () {
    const md = await clusterMetadata(bootstrap);
    const seen = [...md.brokers.entries()]
      .map(([id, b]) => ({ id, host: b.host, port: b.port, rack: b.rack ?? '' }))
      .sort((a, b) => a.id - b.id);
    assert.deepEqual(seen, brokers);
    if (external) this.skip();
    assert.deepEqual(
      seen.map((b) => [b.id, b.rack]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
    );
    for (const b of seen) assert.equal(b.host, '127.0.0.1');
    assert.ok(md.controllerId >= 1 && md.controllerId <= 3, `controller id ${md.controllerId}`);
  });

  it('creates a topic with an explicit replica assignment', async function () {
    // An existing cluster may not have brokers 1, 2, 3.
    if (external && brokers.map((b) => b.id).join() !== '1,2,3') this.skip();
    const assignment = [
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ];
    await createTopicWithAssignment(bootstrap, topic, assignment, { 'segment.bytes': String(1024 * 1024) });
    const md = await clusterMetadata(bootstrap, [topic]);
    const t = md.topics.get(topic);
    assert.ok(t, `metadata has no ${topic}`);
    assert.equal(t.partitions.length, 3);
    assert.deepEqual(
      t.partitions.map((p) => p.replicas),
      assignment,
    );
    assert.deepEqual(
      t.partitions.map((p) => p.leader),
      [1, 2, 3],
    );
    for (const p of t.partitions) assert.deepEqual([...p.isr].sort(), [1, 2, 3]);
  });

  it('produces records whose count is the end offset (ListOffsets)', async function () {
    const count = 1500;
    const last = await produceRecords(bootstrap, topic, 1, count, 200);
    assert.equal(last, BigInt(count - 1));
    const ends = await endOffsets(bootstrap, topic);
    assert.equal(ends.get(0), 0n);
    assert.equal(ends.get(1), BigInt(count));
    assert.equal(ends.get(2), 0n);
  });
});
