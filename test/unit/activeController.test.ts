import assert from 'node:assert/strict';
import { activeController } from '../../src/core/activeController';
import { childrenOf, describeNode } from '../../src/core/explorerTree';
import type { ClusterSnapshot, ControllerInfo } from '../../src/core/model';
import { snapshotFromJson, snapshotToJson } from '../../src/core/snapshotJson';
import { formatClusterSummary } from '../../src/core/summaryText';
import { ValidationError } from '../../src/core/validate';
import { snapshot } from './builders';

/** Three brokers; the active controller as a live snapshot records it (isController only on a broker that is it). */
function live(controllerId: number | null, controller: ControllerInfo): ClusterSnapshot {
  const s = snapshot()
    .broker(1, 'a')
    .broker(2, 'b')
    .broker(3, 'c')
    .topic('t', [{ replicas: [1, 2, 3] }])
    .build();
  return { ...s, source: 'live', controllerId, controller, brokers: s.brokers.map((b) => ({ ...b, isController: b.id === controllerId })) };
}

const brokerLabels = (s: ClusterSnapshot) => childrenOf(s, { kind: 'brokers' }).map((n) => describeNode(s, n).label);

describe('active controller (KRaft quorum leader) in the model, the tree and the summary', () => {
  it('marks the broker that leads the metadata quorum, and says so in the Brokers tooltip and the summary', () => {
    const s = live(2, { source: 'metadataQuorum' });
    assert.deepEqual(brokerLabels(s), ['1', '2 ★ controller', '3']);
    const brokers = describeNode(s, { kind: 'brokers' });
    assert.equal(brokers.description, '3', 'the star already shows it');
    assert.match(
      brokers.tooltip ?? '',
      /\nActive controller: node 2 \(broker 2\), the leader of the KRaft metadata quorum \(DescribeQuorum, KIP-595\)\.$/,
    );
    assert.match(
      describeNode(s, { kind: 'broker', brokerId: 2 }).tooltip ?? '',
      /^Broker 2 at broker-2:9092 \(active controller: the leader of the KRaft metadata quorum\)/,
    );
    const text = formatClusterSummary(s);
    assert.match(text, /^active controller: node 2 \(broker 2\), the leader of the KRaft metadata quorum/m);
    assert.match(text, /^ +2\* +b /m);
  });

  it('names a controller-only quorum leader as "node N", marking no broker', () => {
    const s = live(3000, { source: 'metadataQuorum' });
    assert.deepEqual(activeController(s), {
      nodeId: 3000,
      isBroker: false,
      source: 'metadataQuorum',
      text: 'node 3000, a controller-only node (not one of the brokers), the leader of the KRaft metadata quorum (DescribeQuorum, KIP-595).',
      short: 'controller: node 3000 (not a broker)',
    });
    assert.deepEqual(brokerLabels(s), ['1', '2', '3']);
    assert.equal(describeNode(s, { kind: 'brokers' }).description, '3 · controller: node 3000 (not a broker)');
    const text = formatClusterSummary(s);
    assert.match(text, /^active controller: node 3000, a controller-only node \(not one of the brokers\)/m);
    assert.doesNotMatch(text, /^ +\d+\* /m);
  });

  it('says "unknown" and why when the quorum could not be asked, marking no broker', () => {
    const note = 'DescribeQuorum was refused (authorization): User:bob needs Describe on the cluster to read the KRaft metadata quorum.';
    const s = live(null, { source: 'unknown', note });
    assert.deepEqual(brokerLabels(s), ['1', '2', '3']);
    assert.equal(describeNode(s, { kind: 'brokers' }).description, '3 · controller unknown');
    assert.ok(describeNode(s, { kind: 'brokers' }).tooltip?.endsWith(`Active controller: unknown. ${note}`));
    assert.match(formatClusterSummary(s), /^active controller: unknown\. DescribeQuorum was refused \(authorization\)/m);
  });

  it('keeps the Metadata response controller of a ZooKeeper-based cluster, saying where it comes from', () => {
    const note =
      'the brokers do not offer DescribeQuorum (a ZooKeeper-based cluster, without a KRaft metadata quorum): the controller broker named by the Metadata response.';
    const s = live(1, { source: 'metadataResponse', note });
    assert.deepEqual(brokerLabels(s), ['1 ★ controller', '2', '3']);
    assert.equal(activeController(s).text, `node 1 (broker 1); ${note}`);
  });

  it('round-trips the controller info through JSON, and still reads files written before it existed', () => {
    for (const s of [live(3000, { source: 'metadataQuorum' }), live(null, { source: 'unknown', note: 'no leader' })]) {
      const json = snapshotToJson(s);
      assert.deepEqual(JSON.parse(snapshotToJson(snapshotFromJson(json))), JSON.parse(json));
      assert.deepEqual(snapshotFromJson(json).controller, s.controller);
    }
    // An older live file: the Metadata response's controller id and the flag on that broker, no "controller".
    const old = JSON.parse(snapshotToJson(live(3, { source: 'metadataQuorum' })));
    delete old.controller;
    const read = snapshotFromJson(JSON.stringify(old));
    assert.equal(read.controller, undefined);
    assert.equal(read.controllerId, 3);
    assert.deepEqual(brokerLabels(read), ['1', '2', '3 ★ controller']);
    assert.match(activeController(read).text, /^node 3 \(broker 3\), as recorded by an older version from the Metadata response/);
  });

  it('rejects controller info that contradicts controllerId, naming the path', () => {
    const bad = (mutate: (s: Record<string, unknown>) => void): ValidationError => {
      const s = JSON.parse(snapshotToJson(live(2, { source: 'metadataQuorum' })));
      mutate(s);
      try {
        snapshotFromJson(JSON.stringify(s));
      } catch (err) {
        assert.ok(err instanceof ValidationError, String(err));
        return err;
      }
      assert.fail('accepted');
    };
    assert.equal(bad((s) => (s.controller = { source: 'unknown' })).path, '$.controllerId');
    assert.equal(bad((s) => (s.controllerId = null)).path, '$.controllerId');
    assert.equal(bad((s) => (s.controller = { source: 'metadata' })).path, '$.controller.source');
  });
});
