import assert from 'node:assert/strict';
import {
  childrenOf,
  clusterSections,
  demoPlacement,
  describeNode,
  healthSummary,
  partitionLimits,
  type ExplorerNode,
} from '../../src/core/explorerTree';
import { demoSnapshot } from '../../src/core/demo';
import type { ClusterSnapshot } from '../../src/core/model';
import { snapshot } from './builders';

const GiB = 1024 ** 3;

function labels(s: ClusterSnapshot, node: ExplorerNode, options = {}): string[] {
  return childrenOf(s, node, options).map((n) => describeNode(s, n, options).label);
}

describe('explorer tree model (pure)', () => {
  // broker 1: 700 of 1000 GiB used (70 %, warn); broker 2: 850/1000 (action); broker 3: 100 %; broker 4 is down
  const s = snapshot()
    .broker(1, 'a', { totalBytes: 1000 * GiB, usableBytes: 300 * GiB })
    .broker(2, 'b', { totalBytes: 1000 * GiB, usableBytes: 150 * GiB })
    .broker(3, 'c', { totalBytes: 1000 * GiB, usableBytes: 0 })
    .topic('orders', [
      { replicas: [1, 2, 3], bytes: 100 },
      { replicas: [2, 3, 4], isr: [2, 3], bytes: 50 },
      { replicas: [3, 4, 1], leader: -1, isr: [], bytes: 25 },
    ])
    .topic('clicks', [{ replicas: [1, 2], bytes: 1024 }])
    .build();

  it('lists brokers, topics and groups under a cluster, plus warnings only when the snapshot has some', () => {
    assert.deepEqual(
      clusterSections(s).map((n) => n.kind),
      ['brokers', 'topics', 'groups'],
    );
    assert.deepEqual(
      clusterSections({ ...s, warnings: ['x'] }).map((n) => n.kind),
      ['brokers', 'topics', 'groups', 'warnings'],
    );
  });

  it('shows a broker that holds replicas but is missing from the metadata, marked missing', () => {
    assert.deepEqual(labels(s, { kind: 'brokers' }), ['1 ★ controller', '2', '3', '4']);
    const missing = describeNode(s, { kind: 'broker', brokerId: 4 });
    assert.equal(missing.description, 'missing · 2 replicas assigned');
    assert.equal(missing.icon, 'error');
    assert.equal(describeNode(s, { kind: 'brokers' }).description, '3 up, 1 missing');
  });

  it('describes a broker: rack, replicas, leaders, disk used/total with the MSK level icon and color', () => {
    const b1 = describeNode(s, { kind: 'broker', brokerId: 1 });
    assert.equal(b1.description, 'rack a · 3 replicas · 2 leaders · disk 700.0 GiB / 1000.0 GiB (70 %)');
    assert.equal(b1.icon, 'warning');
    assert.equal(b1.color, 'charts.yellow');
    const b2 = describeNode(s, { kind: 'broker', brokerId: 2 });
    assert.match(b2.description ?? '', /^rack b · 3 replicas · 1 leader · disk /, 'singular for one leader');
    assert.equal(b2.color, 'charts.orange');
    const b3 = describeNode(s, { kind: 'broker', brokerId: 3 });
    assert.equal(b3.icon, 'error');
    assert.equal(b3.color, 'charts.red');
    assert.match(b1.tooltip ?? '', /MSK alerts at 60 % and 80 %/);
  });

  it('compares partitions hosted with the recommended limit of the chosen broker type (MSK best practices)', () => {
    assert.deepEqual(partitionLimits('kafka.t3.small'), { recommended: 300, max: 300, id: 'kafka.t3.small' });
    assert.deepEqual(partitionLimits('express.m7g.large'), { recommended: 1000, max: 1500, id: 'express.m7g.large' });
    assert.equal(partitionLimits('kafka.nope'), undefined);
    const b1 = describeNode(s, { kind: 'broker', brokerId: 1 }, { brokerType: 'kafka.m5.large' });
    assert.match(b1.description ?? '', /3\/1,000 partitions$/);
    assert.match(b1.tooltip ?? '', /3 of 1000 recommended for kafka\.m5\.large \(max 1500/);
    const unknown = describeNode(s, { kind: 'broker', brokerId: 1 });
    assert.match(unknown.tooltip ?? '', /broker type unknown/);
  });

  it('flags a broker over the recommended limit when its disk is fine', () => {
    const parts = Array.from({ length: 301 }, () => ({ replicas: [1] }));
    const big = snapshot().broker(1, 'a', { totalBytes: 100, usableBytes: 90 }).topic('t', parts).build();
    const view = describeNode(big, { kind: 'broker', brokerId: 1 }, { brokerType: 'kafka.t3.small' });
    assert.equal(view.icon, 'warning');
    assert.equal(view.color, 'charts.orange');
    assert.match(view.description ?? '', /301\/300 partitions/);
  });

  it('describes topics with partitions, RF, size and under-replicated / offline counts', () => {
    const orders = describeNode(s, { kind: 'topic', topic: 'orders' });
    assert.equal(orders.description, '3 partitions · RF 3 · 175 B · 2 under-replicated · 1 offline');
    assert.equal(orders.icon, 'error');
    const clicks = describeNode(s, { kind: 'topic', topic: 'clicks' });
    assert.equal(clicks.description, '1 partition · RF 2 · 1.0 KiB');
    assert.equal(clicks.icon, 'list-unordered');
    assert.equal(describeNode(s, { kind: 'topics' }).description, '2 · 4 partitions · 2 under-replicated · 1 offline');
  });

  it('makes under-replicated and offline partitions stand out', () => {
    const kids = childrenOf(s, { kind: 'topic', topic: 'orders' }).map((n) => describeNode(s, n));
    assert.deepEqual(
      kids.map((k) => k.description),
      [
        'leader 1 · replicas [1,2,3] · ISR [1,2,3] · 100 B',
        'UNDER-REPLICATED · leader 2 · replicas [2,3,4] · ISR [2,3] · 50 B',
        'OFFLINE · leader none · replicas [3,4,1] · ISR [] · 25 B',
      ],
    );
    assert.deepEqual(
      kids.map((k) => k.color),
      [undefined, 'list.warningForeground', 'list.errorForeground'],
    );
  });

  it('pages long lists with a "load more" node and honours a raised page limit', () => {
    const many = snapshot()
      .broker(1)
      .topic('a', [{ replicas: [1] }]);
    for (let i = 0; i < 449; i++) many.topic(`t${String(i).padStart(3, '0')}`, [{ replicas: [1] }]);
    const big = many.build();
    const first = childrenOf(big, { kind: 'topics' }, { pageSize: 200 });
    assert.equal(first.length, 201);
    const more = first[200];
    assert.deepEqual(more, { kind: 'loadMore', listKey: 'topics', shown: 200, remaining: 250 });
    assert.equal(describeNode(big, more, { pageSize: 200 }).label, 'Load 200 more…');
    assert.equal(describeNode(big, more, { pageSize: 200 }).description, '200 of 450 shown');
    const all = childrenOf(big, { kind: 'topics' }, { pageSize: 200, pageLimits: new Map([['topics', 450]]) });
    assert.equal(all.length, 450);
  });

  it('returns explicit empty nodes', () => {
    const empty = snapshot().build();
    assert.deepEqual(labels(empty, { kind: 'brokers' }), ['No brokers in this snapshot']);
    assert.deepEqual(labels(empty, { kind: 'topics' }), ['No topics']);
    assert.deepEqual(labels(empty, { kind: 'groups' }), ['No consumer groups']);
  });

  it('shows consumer groups with state, members, total lag and lag per partition (demo cluster)', () => {
    const demo = demoSnapshot();
    const groups = childrenOf(demo, { kind: 'groups' });
    assert.ok(groups.length > 0);
    const g = demo.consumerGroups[0];
    const view = describeNode(demo, groups[0]);
    assert.equal(view.label, g.groupId);
    assert.equal(
      view.description,
      `${g.state} · ${g.members} member${g.members === 1 ? '' : 's'} · lag ${g.totalLag.toLocaleString('en-US')}`,
    );
    const offsets = childrenOf(demo, groups[0], { pageSize: 10_000 });
    const sum = offsets.reduce((acc, n) => acc + Number((describeNode(demo, n).description ?? '').replace(/[^0-9]/g, '') || 0), 0);
    assert.equal(sum, g.totalLag);
  });

  it('summarises health for the status bar: brokers up of expected, URP, offline, worst disk level', () => {
    const h = healthSummary(s, 'test');
    assert.equal(h.text, 'test: 3/4 brokers · 2 URP · 1 offline · disk critical');
    assert.equal(h.severity, 'error');
    const ok = healthSummary(
      snapshot()
        .broker(1, 'a', { totalBytes: 100, usableBytes: 90 })
        .topic('t', [{ replicas: [1] }])
        .build(),
      'ok',
    );
    assert.equal(ok.text, 'ok: 1/1 brokers · 0 URP · 0 offline · disk ok');
    assert.equal(ok.severity, 'ok');
  });
});

describe('where the Clusters view lists the demo cluster (a choice, not a fixture)', () => {
  it('hides it on the first run, until the user opens it (the welcome view shows instead)', () => {
    assert.equal(demoPlacement('whenOpened', false, 0), 'hidden');
    assert.equal(demoPlacement('whenOpened', false, 2), 'hidden');
  });
  it('lists it at the top while it is the only cluster, inside "Samples" once the user has clusters of their own', () => {
    assert.equal(demoPlacement('whenOpened', true, 0), 'top');
    assert.equal(demoPlacement('whenOpened', true, 1), 'samples');
    assert.equal(demoPlacement('always', false, 0), 'top');
    assert.equal(demoPlacement('always', false, 3), 'samples');
  });
  it('never lists it with "never", opened or not', () => {
    for (const opened of [false, true]) for (const own of [0, 1]) assert.equal(demoPlacement('never', opened, own), 'hidden');
  });
});
