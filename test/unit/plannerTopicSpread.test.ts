// The topic-spread goal (Cruise Control's TopicReplicaDistributionGoal): the per-topic limit (the mean per broker plus
// the tolerance, at least the mean plus the minimum gap, rounded up), the counts the planner keeps per topic and broker,
// a hot topic spread off the broker that holds it, and the sentence that names the higher goal a broker is below.
import assert from 'node:assert/strict';
import { planReassignment, PlanInputError, type Plan } from '../../src/core/planner/plan';
import { TopicSpread } from '../../src/core/planner/state';
import { TOPIC_SPREAD_MIN_GAP, topicLimit } from '../../src/core/planner/topics';
import { addBrokersOnRacksAbc, largeSkewedScenario } from '../fixtures/scenarios';
import { snapshot } from './builders';

const GB = 1e9;
const goal = (plan: Plan, id: string) => plan.goals.find((g) => g.id === id)!;

/** Replicas of `topic` per broker after the plan. */
function countsAfter(plan: Plan, before: Map<number, number[]>): Map<number, number> {
  const lists = new Map(before);
  for (const m of plan.moves) lists.set(m.partition, m.after);
  const out = new Map<number, number>();
  for (const replicas of lists.values()) for (const r of replicas) out.set(r, (out.get(r) ?? 0) + 1);
  return out;
}

describe('topic spread', () => {
  describe('the limit of a topic on a broker', () => {
    it("is Cruise Control's minimum gap above the mean when the tolerance leaves less room", () => {
      assert.equal(TOPIC_SPREAD_MIN_GAP, 2);
      // 128 partitions RF 3 over 300 brokers: 1.28 per broker; the tolerance alone would allow 2
      assert.equal(topicLimit(384, 1 / 300, 0.1), 4);
      assert.equal(topicLimit(384, 1 / 300, 0.1, 0), 2);
      // over 100 brokers: 3.84 per broker, 4.22 with the tolerance, 5.84 with the gap
      assert.equal(topicLimit(384, 1 / 100, 0.1), 6);
      // a big topic: the tolerance leaves more room than the gap (1,000 per broker: 1,100 > 1,002)
      assert.equal(topicLimit(100_000, 1 / 100, 0.1), 1100);
      // an exact mean is not rounded up past itself
      assert.equal(topicLimit(300, 1 / 3, 0, 0), 100);
    });

    it('is 0 on a broker without a share (being drained) and for a topic without replicas', () => {
      assert.equal(topicLimit(384, 0, 0.1), 0);
      assert.equal(topicLimit(0, 0.5, 0.1), 0);
    });
  });

  describe('the counts per topic and broker', () => {
    for (const denseCells of [Infinity, 0]) {
      it(`keep the room under each limit and the excess per broker as replicas come and go (${denseCells ? 'typed array' : 'map'})`, () => {
        // 2 topics x 3 brokers; limit 2 everywhere but topic 1 on broker 2: 0
        const spread = new TopicSpread(3, 2, (t, s) => (t === 1 && s === 2 ? 0 : 2), denseCells);
        for (let i = 0; i < 3; i++) spread.add(0, 0, 1);
        spread.add(1, 2, 1);
        assert.equal(spread.room(0, 0), -1);
        assert.equal(spread.excess(0, 0), 1);
        assert.equal(spread.room(1, 2), -1);
        assert.deepEqual([...spread.excessBySlot], [1, 0, 1]);
        spread.add(0, 0, -1);
        spread.add(0, 1, 1);
        assert.equal(spread.room(0, 0), 0);
        assert.equal(spread.room(0, 1), 1);
        assert.deepEqual([...spread.excessBySlot], [0, 0, 1]);
        spread.add(1, 2, 1);
        assert.deepEqual([...spread.excessBySlot], [0, 0, 2]);
        spread.add(1, 2, -2);
        assert.deepEqual([...spread.excessBySlot], [0, 0, 0]);
        assert.equal(spread.room(1, 2), 0);
      });
    }
  });

  describe('a hot topic on one broker of six', () => {
    // 12 partitions of 1 GB, RF 1, all on broker 1: 2 per broker on average
    const build = () => {
      const s = snapshot();
      for (let id = 1; id <= 6; id++) s.broker(id);
      return s
        .topic(
          'hot',
          Array.from({ length: 12 }, () => ({ replicas: [1], bytes: GB })),
        )
        .build();
    };
    const before = new Map(Array.from({ length: 12 }, (_, i) => [i, [1]]));

    it('moves replicas off it until no broker holds more than the limit (4: the mean 2 plus the gap), and says balanced', () => {
      const plan = planReassignment(build(), { goal: { kind: 'rebalance' }, goals: ['topic-spread'] });
      const report = goal(plan, 'topic-spread');
      assert.equal(report.verdictBefore, 'skewed');
      assert.equal(report.verdict, 'balanced');
      assert.equal(report.brokers.find((b) => b.broker === 1)!.before, 8);
      const counts = countsAfter(plan, before);
      assert.equal(counts.get(1), 4);
      for (const [broker, n] of counts) assert.ok(n <= 4, `broker ${broker} holds ${n} replicas of the topic`);
      // only the excess moves: 8 replicas of 1 GB
      assert.equal(plan.replicasMoved, 8);
      assert.equal(plan.bytesMoved, 8 * GB);
      assert.ok(plan.moves.every((m) => m.reason === 'topic-spread'));
    });

    it('with a minimum gap of 0 the tolerance alone sets the limit (ceil(2 x 1.1) = 3)', () => {
      const plan = planReassignment(build(), { goal: { kind: 'rebalance' }, goals: ['topic-spread'], topicSpreadMinGap: 0 });
      const counts = countsAfter(plan, before);
      assert.equal(counts.get(1), 3);
      for (const [broker, n] of counts) assert.ok(n <= 3, `broker ${broker} holds ${n} replicas of the topic`);
      assert.equal(goal(plan, 'topic-spread').verdict, 'balanced');
    });

    it('refuses a negative minimum gap with the value and what it means', () => {
      assert.throws(
        () => planReassignment(build(), { goal: { kind: 'rebalance' }, topicSpreadMinGap: -1 }),
        (e: unknown) => e instanceof PlanInputError && /minimum gap must be a number of replicas >= 0 .* got -1/.test((e as Error).message),
      );
    });
  });

  it('spreads every topic of a skewed 90-broker layout (100 partitions per topic) while adding 3 brokers, near the bound', () => {
    // the limit used to be the tolerance alone (ceil(1.1 x 3.2) = 4 replicas per broker): 31 replicas stayed above it
    // and the plan moved 1.124 x the bytes of the lower bound
    const plan = planReassignment(largeSkewedScenario({ brokerCount: 90, partitionCount: 9000 }), { goal: addBrokersOnRacksAbc(91) });
    const report = goal(plan, 'topic-spread');
    assert.equal(report.verdictBefore, 'skewed');
    assert.equal(report.verdict, 'balanced', report.blockedBy);
    assert.ok(report.brokers.reduce((s, b) => s + b.before, 0) > 2000);
    assert.equal(goal(plan, 'disk').verdict, 'balanced');
    assert.ok(plan.bytesMoved <= 1.05 * plan.lowerBoundBytes, `moved ${(plan.bytesMoved / plan.lowerBoundBytes).toFixed(3)} x the bound`);
  });

  it('the disk goal moves, among replicas that fit equally, those that also spread their topic: no byte moved twice', () => {
    // broker 1 holds 6 replicas of "cold" and 6 of "hot" (10 GB each), broker 2 none: the disk goal moves 6 of them;
    // with a limit of 4 per topic (mean 3, tolerance 10 %, no minimum gap) 2 of each must go
    const s = snapshot().broker(1).broker(2);
    for (const t of ['cold', 'hot'])
      s.topic(
        t,
        Array.from({ length: 6 }, () => ({ replicas: [1], bytes: 10 * GB })),
      );
    const plan = planReassignment(s.build(), { goal: { kind: 'rebalance' }, goals: ['disk', 'topic-spread'], topicSpreadMinGap: 0 });
    assert.equal(goal(plan, 'disk').verdict, 'balanced');
    assert.equal(goal(plan, 'topic-spread').verdict, 'balanced', goal(plan, 'topic-spread').blockedBy);
    // 6 replicas: what the disk goal needs (the bound, 54 GB, stops at the band's edge)
    assert.equal(plan.bytesMoved, 60 * GB);
    assert.ok(
      plan.moves.every((m) => m.reason === 'bytes'),
      plan.moves.map((m) => `${m.topic}-${m.partition} ${m.reason}`).join(', '),
    );
    for (const t of ['cold', 'hot']) assert.ok(plan.moves.filter((m) => m.topic === t).length >= 2, `${t}: at least 2 moved`);
  });

  it('names the higher goal whose band a broker is below when every replica leaving it would make that goal worse', () => {
    // broker 1 holds the 6 replicas of "hot" and is full (disk capacity): the replica goal cannot bring it up to its
    // share, and moving "hot" off it would take it further below
    const s = snapshot().broker(1).broker(2).broker(3);
    s.topic(
      'hot',
      Array.from({ length: 6 }, () => ({ replicas: [1], bytes: GB })),
    );
    for (const t of ['a', 'b'])
      s.topic(
        t,
        Array.from({ length: 12 }, (_, i) => ({ replicas: [t === 'a' ? 2 : 3], bytes: GB + i })),
      );
    const plan = planReassignment(s.build(), {
      goal: { kind: 'rebalance' },
      goals: ['replicas', 'topic-spread'],
      capacity: { default: {}, perBroker: new Map([[1, { diskBytes: 6 * GB }]]), ceiling: 1 },
    });
    const report = goal(plan, 'topic-spread');
    assert.equal(report.verdict, 'skewed');
    assert.equal(report.brokers.find((b) => b.broker === 1)!.after, 2);
    assert.match(
      report.blockedBy!,
      /^2 replicas on broker 1 are above their topic's limit .*: broker 1 is below its replicas \(6 against 10 ± 1\) band/,
    );
    assert.ok(!plan.moves.some((m) => m.topic === 'hot'), 'no replica of the hot topic left broker 1');
  });
});
