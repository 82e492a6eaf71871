import assert from 'node:assert/strict';
import { brokerLoads, clusterHealth } from '../../src/core/brokerLoad';
import { DEMO_HOT_BROKER, DEMO_UNDER_REPLICATED, demoSnapshot } from '../../src/core/demo';
import { isUnderReplicated, partitionBytes } from '../../src/core/model';
import { formatClusterSummary } from '../../src/core/summaryText';

describe('embedded demo cluster', () => {
  const demo = demoSnapshot();
  const loads = brokerLoads(demo);

  it('is deterministic', () => {
    assert.deepEqual(demoSnapshot(), demo);
  });

  it('has racks a/b/c and every partition spread over distinct racks', () => {
    assert.deepEqual([...new Set(demo.brokers.map((b) => b.rack))].sort(), ['a', 'b', 'c']);
    const rackOf = new Map(demo.brokers.map((b) => [b.id, b.rack]));
    for (const t of demo.topics) {
      for (const p of t.partitions) {
        const racks = p.replicas.map((r) => rackOf.get(r));
        assert.equal(new Set(racks).size, p.replicas.length, `${t.name}-${p.partition} has replicas ${p.replicas} on racks ${racks}`);
      }
    }
  });

  it('has one clearly hot broker (most bytes, disk >= 80 %) and new empty brokers', () => {
    const hottest = [...loads].sort((a, b) => b.replicaBytes - a.replicaBytes)[0];
    assert.equal(hottest.broker.id, DEMO_HOT_BROKER);
    assert.equal(hottest.diskLevel, 'action');
    const serving = loads.filter((l) => l.replicas > 0 && l.broker.id !== DEMO_HOT_BROKER);
    const meanOthers = serving.reduce((s, l) => s + l.replicaBytes, 0) / serving.length;
    assert.ok(hottest.replicaBytes > 1.3 * meanOthers, 'the hot broker holds well above the others');
    assert.deepEqual(
      loads.filter((l) => l.replicas === 0).map((l) => l.broker.id),
      [7, 8, 9],
    );
  });

  it('has exactly one under-replicated partition', () => {
    const urp = demo.topics.flatMap((t) => t.partitions.filter(isUnderReplicated).map((p) => `${t.name}-${p.partition}`));
    assert.deepEqual(urp, [`${DEMO_UNDER_REPLICATED.topic}-${DEMO_UNDER_REPLICATED.partition}`]);
    assert.equal(clusterHealth(demo).underReplicated, 1);
  });

  it('has topics of very different sizes and write rates', () => {
    const sizes = demo.topics.map((t) => t.partitions.reduce((s, p) => s + partitionBytes(p), 0));
    assert.ok(Math.max(...sizes) / Math.min(...sizes) > 100);
    const later = demoSnapshot(60);
    const rate = (name: string) => {
      const a = demo.topics.find((t) => t.name === name)!;
      const b = later.topics.find((t) => t.name === name)!;
      return a.partitions.reduce((s, p, i) => s + (partitionBytes(b.partitions[i]) - partitionBytes(p)), 0) / 60;
    };
    assert.ok(Math.abs(rate('clickstream') - 42e6) / 42e6 < 0.001, `clickstream grows at ${rate('clickstream')} B/s`);
    assert.ok(rate('user-profiles') < 0.2e6);
    assert.ok(later.topics[0].partitions[0].endOffset! > demo.topics[0].partitions[0].endOffset!);
  });

  it('prints a readable summary with racks, replicas, leaders, bytes and disk %', () => {
    const text = formatClusterSummary(demo);
    assert.match(text, /9 brokers in 3 racks, 8 topics, 244 partitions/);
    assert.match(text, /under-replicated partitions: 1/);
    assert.match(text, /^ +1 +a +b-1\.demo\.kafka\.internal:9092 +\d+ +\d+ +[\d.]+ TiB +[\d.]+ TiB +8\d\.\d % +>= 80 % action required$/m);
    assert.match(text, /^ +7 +a .* 0 B .*$/m);
  });
});
