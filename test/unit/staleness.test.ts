// planStaleness: a plan is refused when the cluster moved on since its base (replicas changed, a target broker left,
// another reassignment running, another cluster behind the bootstrap), and accepted when nothing it touches changed.
import assert from 'node:assert/strict';
import { planReassignment } from '../../src/core/planner/plan';
import {
  formatStaleness,
  planBaseFromReassignment,
  planBaseFromSnapshot,
  planStaleness,
  stalenessSummary,
} from '../../src/core/planner/staleness';
import { snapshot } from './builders';

const cluster = (assign: number[][], brokers = [1, 2, 3, 4]) => {
  const b = snapshot();
  for (const id of brokers) b.broker(id, String.fromCharCode(96 + id));
  return b.topic(
    'orders',
    assign.map((replicas) => ({ replicas, bytes: 1e9 })),
  );
};

describe('planStaleness', () => {
  const base = cluster([
    [1, 2],
    [1, 3],
    [2, 1],
    [1, 4],
  ]).build();
  const moves = [
    { topic: 'orders', partition: 0, after: [3, 2] },
    { topic: 'orders', partition: 1, after: [4, 3] },
  ];

  it('finds nothing when the planned partitions, the target brokers and the reassignments are as planned', () => {
    // other partitions may change freely: only what the plan touches matters
    const fresh = cluster([
      [1, 2],
      [1, 3],
      [3, 1],
      [2, 4],
    ]).build();
    assert.deepEqual(planStaleness(planBaseFromSnapshot(base), fresh, moves), []);
  });

  it('reports a planned partition whose replica list changed, order included', () => {
    const fresh = cluster([
      [2, 1],
      [1, 4],
      [2, 1],
      [1, 4],
    ]).build();
    const diffs = planStaleness(planBaseFromSnapshot(base), fresh, moves);
    assert.deepEqual(
      diffs.map((d) => d.kind),
      ['replicas-changed', 'replicas-changed'],
    );
    assert.equal(diffs[0].message, 'orders-0 had replicas [1, 2] when the plan was made and has [2, 1] now.');
    assert.equal(diffs[1].message, 'orders-1 had replicas [1, 3] when the plan was made and has [1, 4] now.');
    assert.equal(stalenessSummary(diffs), '2 planned partitions changed their replicas');
  });

  it('says when a partition is already at its planned target (the plan ran already)', () => {
    const fresh = cluster([
      [3, 2],
      [1, 3],
      [2, 1],
      [1, 4],
    ]).build();
    const [d] = planStaleness(planBaseFromSnapshot(base), fresh, moves);
    assert.match(d.message, /has \[3, 2\] now \(already the planned target: was the plan executed already\?\)/);
  });

  it('reports a target broker that is not registered any more, but not a drained broker that left', () => {
    const fresh = cluster(
      [
        [1, 2],
        [1, 3],
        [2, 1],
        [1, 4],
      ],
      [1, 2, 3],
    ).build();
    const diffs = planStaleness(planBaseFromSnapshot(base), fresh, moves);
    assert.deepEqual(diffs, [
      {
        kind: 'broker-gone',
        broker: 4,
        partitions: 1,
        message:
          'Broker 4 is to hold replicas of 1 planned partition but is not registered in the cluster now (it was when the plan was made).',
      },
    ]);
    // draining broker 1, which died: it is in no target list, so its absence is no reason to refuse
    const drain = [{ topic: 'orders', partition: 0, after: [3, 2] }];
    const withoutOne = cluster(
      [
        [1, 2],
        [1, 3],
        [2, 1],
        [1, 4],
      ],
      [2, 3, 4],
    ).build();
    assert.deepEqual(planStaleness(planBaseFromSnapshot(base), withoutOne, drain), []);
  });

  it('names a broker added by the plan that was never started', () => {
    const diffs = planStaleness(planBaseFromSnapshot(base), base, [{ topic: 'orders', partition: 0, after: [7, 2] }]);
    assert.equal(diffs.length, 1);
    assert.match(diffs[0].message, /^Broker 7 .* not registered in the cluster now \(nor was it when the plan was made\)\.$/);
  });

  it('reports every reassignment in progress, saying which the plan moves too', () => {
    const inProgress = [
      { topic: 'payments', partition: 3, replicas: [1, 2, 3], adding: [3], removing: [1] },
      { topic: 'orders', partition: 1, replicas: [1, 3, 4], adding: [4], removing: [1] },
    ];
    const diffs = planStaleness(planBaseFromSnapshot(base), base, moves, inProgress);
    assert.deepEqual(
      diffs.map((d) => [d.kind, 'planned' in d ? d.planned : undefined]),
      [
        ['reassignment-in-progress', true],
        ['reassignment-in-progress', false],
      ],
    );
    assert.equal(
      diffs[0].message,
      'orders-1 is being reassigned now (replicas [1, 3, 4], adding [4], removing [1]), and the plan moves it too: wait for it to finish or cancel it (kafka-reassign-partitions.sh --cancel) first.',
    );
    assert.equal(stalenessSummary(diffs), '2 reassignments are in progress');
  });

  it('reports another cluster behind the bootstrap, and planned partitions that are gone', () => {
    const planned = { ...base, clusterId: 'abc' };
    const other = {
      ...cluster([
        [1, 2],
        [1, 3],
      ]).build(),
      clusterId: 'xyz',
    };
    const diffs = planStaleness(planBaseFromSnapshot(planned), other, [...moves, { topic: 'orders', partition: 3, after: [4, 2] }]);
    assert.deepEqual(
      diffs.map((d) => d.kind),
      ['cluster-id', 'partition-gone'],
    );
    assert.match(diffs[0].message, /cluster id abc, but the bootstrap now reaches cluster id xyz/);
    assert.equal(stalenessSummary(diffs), 'the bootstrap reaches another cluster, 1 planned partition is gone');
  });

  it('works from a rollback file: replicas only, no brokers or cluster id, and a partition it lacks is reported', () => {
    const rollback = planBaseFromReassignment({
      version: 1,
      partitions: [{ topic: 'orders', partition: 0, replicas: [1, 2] }],
    });
    const fresh = cluster(
      [
        [1, 2],
        [1, 3],
      ],
      [1, 2, 3],
    ).build();
    const diffs = planStaleness(rollback, fresh, [...moves, { topic: 'orders', partition: 0, after: [2, 1] }]);
    assert.deepEqual(
      diffs.map((d) => d.kind),
      ['not-in-base', 'broker-gone'],
    );
    assert.match(diffs[1].message, /Broker 4 .* not registered in the cluster now\.$/, 'no claim about when the plan was made');
  });

  it('a real plan against its own snapshot is fresh; formatStaleness caps the list', () => {
    const s = snapshot().broker(1, 'a').broker(2, 'b').broker(3, 'c');
    s.topic(
      'clicks',
      Array.from({ length: 30 }, (_, i) => ({ replicas: i % 2 ? [1, 2] : [2, 1], bytes: 1e8 })),
    );
    const snap = s.build();
    const plan = planReassignment(snap, { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] } });
    assert.ok(plan.moves.length > 0);
    assert.deepEqual(planStaleness(planBaseFromSnapshot(snap), snap, plan.moves), []);
    const moved = {
      ...snap,
      topics: snap.topics.map((t) => ({ ...t, partitions: t.partitions.map((p) => ({ ...p, replicas: [3, 1] })) })),
    };
    const diffs = planStaleness(planBaseFromSnapshot(snap), moved, plan.moves);
    assert.equal(diffs.length, plan.moves.length);
    const lines = formatStaleness(diffs, 5);
    assert.equal(lines.length, 6);
    assert.equal(lines[5], `… and ${diffs.length - 5} more.`);
  });
});
