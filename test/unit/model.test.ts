import assert from 'node:assert/strict';
import { brokerLoads, clusterHealth, diskLevel } from '../../src/core/brokerLoad';
import { isOffline, isUnderReplicated, partitionBytes } from '../../src/core/model';
import { snapshot } from './builders';

describe('broker load and cluster health', () => {
  const s = snapshot()
    .broker(1, 'a', { totalBytes: 1000, usableBytes: 350 })
    .broker(2, 'b', { totalBytes: 1000, usableBytes: 900 })
    .broker(3, 'c')
    .broker(4, 'a')
    .topic('t', [
      { replicas: [1, 2], bytes: 100 },
      { replicas: [2, 1], bytes: [40, 30] },
      { replicas: [1, 3], leader: -1, isr: [], bytes: 5 },
    ])
    .build();

  it('counts replicas, leaders and bytes per broker by hand-computed values', () => {
    const loads = brokerLoads(s);
    assert.deepEqual(
      loads.map((l) => [l.broker.id, l.replicas, l.leaders, l.replicaBytes]),
      [
        [1, 3, 1, 100 + 30 + 5],
        [2, 2, 1, 100 + 40],
        [3, 1, 0, 5],
        [4, 0, 0, 0],
      ],
    );
  });

  it('computes disk used from total - usable and classifies against 60 % / 80 %', () => {
    const [b1, b2, b3] = brokerLoads(s);
    assert.equal(b1.diskUsedRatio, 0.65);
    assert.equal(b1.diskLevel, 'warn');
    assert.equal(b2.diskUsedRatio, 0.1);
    assert.equal(b2.diskLevel, 'ok');
    assert.equal(b3.diskUsedRatio, undefined);
    assert.equal(b3.diskLevel, 'unknown');
    assert.deepEqual([0.59, 0.6, 0.79, 0.8, 1, NaN].map(diskLevel), ['ok', 'warn', 'warn', 'action', 'critical', 'unknown']);
  });

  it('counts under-replicated and offline partitions', () => {
    const h = clusterHealth(s);
    assert.equal(h.partitions, 3);
    assert.equal(h.replicas, 6);
    assert.equal(h.underReplicated, 1);
    assert.equal(h.offline, 1);
    assert.equal(h.totalReplicaBytes, 100 + 100 + 40 + 30 + 5 + 5);
    assert.equal(isUnderReplicated(s.topics[0].partitions[2]), true);
    assert.equal(isOffline(s.topics[0].partitions[2]), true);
  });

  it('takes the leader replica as the partition size, else the largest replica', () => {
    assert.equal(partitionBytes(s.topics[0].partitions[1]), 40);
    assert.equal(partitionBytes(s.topics[0].partitions[2]), 5);
  });

  it('handles an empty cluster', () => {
    const empty = snapshot().build();
    assert.deepEqual(brokerLoads(empty), []);
    assert.equal(clusterHealth(empty).partitions, 0);
  });

  it('ignores replicas on brokers missing from the metadata but reports them', () => {
    const s2 = snapshot()
      .broker(1)
      .topic('x', [{ replicas: [1, 9], bytes: 7 }])
      .build();
    assert.equal(brokerLoads(s2)[0].replicas, 1);
    assert.equal(clusterHealth(s2).replicasOnMissingBrokers, 1);
  });
});
