// Sizing inputs derived from the REAL 3-broker KRaft cluster (racks a/b/c) started by globalSetup (or KAFKA_BOOTSTRAP):
// three topics with different retention (1 h by time, 10 MiB per partition by retention.bytes, compacted) get records
// between two snapshots; each derived input must equal rate × RF × that topic's own retention, computed here from
// the two snapshots' log sizes, and the report's blocks must agree with its numbers.
import assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../../src/core/model';
import { sizingDefaultsFromCluster } from '../../src/core/sizing/fromSnapshot';
import { buildKafkaReport, kafkaReportMarkdown } from '../../src/core/sizing/report';
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

/** Leader log size of a partition in a snapshot (what the write rate is measured on). */
function leaderBytes(s: ClusterSnapshot, topic: string, partition: number, leader: number): number {
  const p = s.topics.find((t) => t.name === topic)!.partitions[partition];
  return p.sizes.find((x) => x.broker === leader)!.bytes;
}

describe('sizing inputs derived per topic from a real Kafka cluster', () => {
  const timed = uniqueName('kfp-size-time');
  const capped = uniqueName('kfp-size-bytes');
  const compacted = uniqueName('kfp-size-compact');
  const RECORDS = 4_000;
  const VALUE_BYTES = 1_000;
  const CAP = 10 * 1024 * 1024;
  let earlier: ClusterSnapshot;
  let later: ClusterSnapshot;

  before(async function () {
    this.timeout(180_000);
    await createTopicWithAssignment(
      bootstrap(),
      timed,
      [
        [1, 2, 3],
        [2, 3, 1],
      ],
      { 'retention.ms': '3600000', 'cleanup.policy': 'delete' },
    );
    await createTopicWithAssignment(bootstrap(), capped, [[1, 2]], {
      'retention.ms': String(7 * 86_400_000),
      'retention.bytes': String(CAP),
    });
    await createTopicWithAssignment(bootstrap(), compacted, [[3, 1, 2]], { 'cleanup.policy': 'compact' });
    const mine = [timed, capped, compacted];
    earlier = await takeSnapshot(settings());
    for (const deadline = Date.now() + 30_000; !everyReplicaSized(earlier, mine);) {
      if (Date.now() > deadline) assert.fail('DescribeLogDirs did not list every replica of the new topics within 30 s');
      await new Promise((r) => setTimeout(r, 200));
      earlier = await takeSnapshot(settings());
    }
    // a sampled producer: different amounts per partition, so each rate is its own
    await produceRecords(bootstrap(), timed, 0, RECORDS, VALUE_BYTES);
    await produceRecords(bootstrap(), timed, 1, RECORDS / 2, VALUE_BYTES);
    await produceRecords(bootstrap(), capped, 0, RECORDS, VALUE_BYTES);
    await produceRecords(bootstrap(), compacted, 0, RECORDS / 4, VALUE_BYTES, 'key');
    // the followers copy asynchronously (acks=all waits for the ISR, but log sizes can lag a moment): wait until every
    // replica of a partition has the leader's size, so "today's bytes" are settled
    for (const deadline = Date.now() + 30_000; ;) {
      later = await takeSnapshot(settings());
      const settled = mine.every((name) =>
        later.topics.find((t) => t.name === name)!.partitions.every((p) => new Set(p.sizes.map((s) => s.bytes)).size === 1),
      );
      if (settled) break;
      if (Date.now() > deadline) assert.fail('replica sizes did not settle within 30 s');
      await new Promise((r) => setTimeout(r, 300));
    }
  });

  after(async function () {
    this.timeout(60_000);
    for (const t of [timed, capped, compacted]) await deleteTopic(bootstrap(), t).catch(() => {});
  });

  it('reads the topic configs sizing needs from the live cluster', () => {
    const c = (name: string) => later.topics.find((t) => t.name === name)!.configs;
    assert.equal(c(timed).retentionMs, 3_600_000);
    assert.equal(c(capped).retentionBytes, CAP);
    assert.equal(c(compacted).cleanupPolicy, 'compact');
    assert.notEqual(c(timed).remoteStorageEnable, true, 'tiered storage is off unless the topic turns it on');
  });

  it('derives each topic from its measured rate × RF × its own retention, checkable by hand', () => {
    const d = sizingDefaultsFromCluster(later, earlier);
    const dt = (Date.parse(later.takenAt) - Date.parse(earlier.takenAt)) / 1000;
    assert.equal(d.intervalSeconds, dt);
    const row = (name: string) => d.topics.find((t) => t.topic === name)!;
    const grew = (topic: string, p: number) => {
      const leader = later.topics.find((t) => t.name === topic)!.partitions[p].leader;
      return leaderBytes(later, topic, p, leader) - leaderBytes(earlier, topic, p, leader);
    };

    // timed: 2 partitions, RF 3, 1 h: (growth ÷ interval) × 3,600 s × 3 replicas, per partition
    const g0 = grew(timed, 0);
    const g1 = grew(timed, 1);
    assert.ok(
      g0 >= RECORDS * VALUE_BYTES && g1 >= (RECORDS / 2) * VALUE_BYTES,
      `the log grew by at least the values written: ${g0}, ${g1}`,
    );
    const t = row(timed);
    assert.equal(t.writeBytesPerSec, g0 / dt + g1 / dt);
    assert.equal(t.binding, 'time');
    assert.equal(t.derivedBytes, (g0 / dt) * 3600 * 3 + (g1 / dt) * 3600 * 3);
    // the floor: today's bytes are far below an hour of this rate
    assert.equal(t.storedBytes, t.derivedBytes);

    // capped: rate × 7 days is far above 10 MiB, so retention.bytes binds: 10 MiB × RF 2
    const c = row(capped);
    assert.equal(c.writeBytesPerSec, grew(capped, 0) / dt);
    assert.equal(c.binding, 'bytes');
    assert.equal(c.storedBytes, CAP * 2);

    // compacted: the measured size over its 3 replicas, not a rate × retention
    const k = row(compacted);
    const size = later.topics.find((x) => x.name === compacted)!.partitions[0].sizes[0].bytes;
    assert.equal(k.binding, 'compacted');
    assert.equal(k.storedBytes, size * 3);
    assert.equal(k.todayBytes, size * 3);

    // the defaults: the sum over every user topic of the cluster (other tests may leave topics: they count too)
    const sum = d.topics.reduce((a, r) => a + r.storedBytes, 0);
    assert.equal(d.defaults.storedGiB, sum / 1024 ** 3);
    assert.equal(d.defaults.ingressMbps, Math.round(d.topics.reduce((a, r) => a + (r.writeBytesPerSec ?? 0), 0)) / 1e6);
    assert.equal(d.defaults.brokers, 3);
    assert.equal(d.defaults.azs, 3);
  });

  it('gives a report whose "today" and "recommended" blocks agree with its numbers and heading', () => {
    const d = sizingDefaultsFromCluster(later, earlier);
    const request = { ...(d.defaults as { ingressMbps: number; rf: number; azs: number }), brokerType: 'kafka.m5.large' };
    const report = buildKafkaReport(request, { clusterName: later.name, derived: d });
    assert.doesNotMatch(report.title, /\d+ ×/, 'the heading shows no broker count');
    assert.equal(report.today!.brokerCount, 3);
    assert.equal(report.brokerCount, 3, 'the states are those of the cluster today');
    assert.ok(report.today!.fits, report.today!.summary);
    assert.deepEqual(report.errors, []);
    // a cluster that fits today at 3 needs at most 3: the smallest multiple of 3 AZs >= RF
    assert.equal(report.recommendation.brokerCount, 3);
    const perBroker = report.numbers.find((n) => n.id === 'storage.perBroker')!;
    assert.ok(Math.abs(perBroker.value - (d.defaults.storedGiB! * 1024 ** 3) / 3) < 1e-3);
    const md = kafkaReportMarkdown(report);
    assert.match(md, /\n## Your cluster today: 3 × kafka\.m5\.large: fits/);
    assert.match(md, /\n## Recommended: 3 × kafka\.m5\.large\n/);
    assert.ok(md.includes(`| ${capped} | 1 | 2 |`), 'the per-topic table lists the capped topic');
  });
});
