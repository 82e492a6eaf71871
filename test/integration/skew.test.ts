// Skew metrics on the REAL 3-broker KRaft cluster (racks a/b/c) started by globalSetup (or KAFKA_BOOTSTRAP):
// a topic whose every replica and leader sits on broker 1 gets produced to between two snapshots; the report must
// flag broker 1 on replicas, leaders, bytes on disk and produce-in, and leave an evenly spread topic unflagged.
import assert from 'node:assert/strict';
import { buildSkewReport, type SkewReport } from '../../src/core/skew';
import { takeSnapshot } from '../../src/kafka/snapshot';
import {
  createTopicWithAssignment,
  deleteTopic,
  everyReplicaSized,
  produceRecords,
  testBootstrap,
  testConnectionSettings,
  uniqueName,
} from './kafkaCluster';

const bootstrap = testBootstrap;
const settings = testConnectionSettings;

describe('skew of a real Kafka cluster', () => {
  const hot = uniqueName('kfp-skew-hot');
  const even = uniqueName('kfp-skew-even');
  // Enough single-replica partitions on broker 1 that the cluster-wide counts stay skewed whatever topics the
  // other integration tests leave behind (a few dozen replicas, spread or on broker 1 too).
  const HOT_PARTITIONS = 60;
  const RECORDS = 20_000; // 20 MB on broker 1: more than the other tests leave on any broker
  const VALUE_BYTES = 1_000;
  const EVEN_RECORDS = 100;
  let report: SkewReport;
  let earlierReport: SkewReport;

  before(async function () {
    this.timeout(180_000);
    await createTopicWithAssignment(
      bootstrap(),
      hot,
      Array.from({ length: HOT_PARTITIONS }, () => [1]),
    );
    await createTopicWithAssignment(bootstrap(), even, [
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ]);
    // The metadata shows a new partition before its broker has created the log (60 logs take a few hundred ms here):
    // a snapshot in between has no size for it, and its write rate would be "unknown, counted as 0". Wait for them.
    let earlier = await takeSnapshot(settings());
    for (const deadline = Date.now() + 30_000; !everyReplicaSized(earlier, [hot, even]);) {
      if (Date.now() > deadline) assert.fail('DescribeLogDirs did not list every replica of the new topics within 30 s');
      await new Promise((r) => setTimeout(r, 200));
      earlier = await takeSnapshot(settings());
    }
    // All the writes land on broker 1 (partition 0 of the hot topic); the even topic gets the same small load per partition.
    await produceRecords(bootstrap(), hot, 0, RECORDS, VALUE_BYTES);
    for (const p of [0, 1, 2]) await produceRecords(bootstrap(), even, p, EVEN_RECORDS, VALUE_BYTES);
    const later = await takeSnapshot(settings());
    report = buildSkewReport(later, { previous: earlier });
    earlierReport = buildSkewReport(earlier);
  });

  after(async function () {
    this.timeout(60_000);
    await deleteTopic(bootstrap(), hot).catch(() => {});
    await deleteTopic(bootstrap(), even).catch(() => {});
  });

  const metric = (name: string) => {
    const m = report.metrics.find((x) => x.metric === name);
    assert.ok(m, `metric ${name} missing`);
    return m;
  };

  it('counts the three brokers with their racks and measures rates over the interval', () => {
    assert.deepEqual(
      report.brokers.map((b) => [b.broker, b.rack, b.counted]),
      [
        [1, 'a', true],
        [2, 'b', true],
        [3, 'c', true],
      ],
    );
    assert.ok(report.rates && report.rates.intervalSeconds > 0, 'rates were measured');
  });

  for (const name of ['replicas', 'leaders', 'bytes', 'produceIn']) {
    it(`flags broker 1 as the skewed one on ${name}`, () => {
      const m = metric(name);
      // Other integration tests leave topics behind on this shared cluster, so another broker may also sit above
      // the band; broker 1 must be the highest and above it.
      assert.equal(m.status, 'skewed', m.verdict);
      assert.equal(m.maxBroker, 1, m.verdict);
      assert.ok(m.aboveUpper.includes(1), m.verdict);
      assert.match(m.verdict, /^[a-z ]+: skewed — broker 1 has /);
    });
  }

  it('grows bytes on disk on broker 1 by at least the bytes written, more than on any other broker', () => {
    const growth = (id: number) =>
      report.brokers.find((b) => b.broker === id)!.replicaBytes - earlierReport.brokers.find((b) => b.broker === id)!.replicaBytes;
    assert.ok(growth(1) >= RECORDS * VALUE_BYTES, `broker 1 grew ${growth(1)} B`);
    // the others only got the even topic's 3 x 100 records (plus headers)
    for (const id of [2, 3]) assert.ok(growth(id) < growth(1) / 10, `broker ${id} grew ${growth(id)} B`);
  });

  it('puts all of the hot topic on broker 1 and attributes its write rate there', () => {
    const t = report.topics.find((x) => x.topic === hot)!;
    assert.deepEqual(
      t.brokers.map((b) => [b.broker, b.replicas, b.leaders]),
      [
        [1, HOT_PARTITIONS, HOT_PARTITIONS],
        [2, 0, 0],
        [3, 0, 0],
      ],
    );
    assert.equal(t.replicaSkew.status, 'skewed');
    assert.equal(t.replicaSkew.maxOverMean, 3); // 60 / mean 20
    assert.equal(t.leaderSkew.status, 'skewed');
    const top = report.hotPartitions.byWriteRate[0];
    assert.deepEqual([top.topic, top.partition, top.leader], [hot, 0, 1]);
    const b1 = report.brokers.find((b) => b.broker === 1)!;
    // At least the record values written over the interval (batches add headers on top).
    const minBytesPerSec = (RECORDS * VALUE_BYTES) / report.rates!.intervalSeconds;
    assert.ok(top.bytesPerSec! >= minBytesPerSec, `hot partition ${top.bytesPerSec} B/s >= ${minBytesPerSec}`);
    assert.ok(b1.produceInBytesPerSec! >= minBytesPerSec);
    assert.equal(Math.round(top.recordsPerSec! * report.rates!.intervalSeconds), RECORDS);
  });

  it('does not flag the evenly spread topic', () => {
    const t = report.topics.find((x) => x.topic === even)!;
    assert.deepEqual(
      t.brokers.map((b) => [b.broker, b.replicas, b.leaders]),
      [
        [1, 3, 1],
        [2, 3, 1],
        [3, 3, 1],
      ],
    );
    assert.equal(t.replicaSkew.status, 'balanced');
    assert.equal(t.leaderSkew.status, 'balanced');
    assert.equal(t.rackStatus, 'spread');
    assert.equal(t.score, 1);
  });
});
