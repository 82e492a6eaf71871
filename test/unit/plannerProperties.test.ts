// Property-based tests of the planner on random clusters (fast-check, fixed seed: reproducible).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SNAPSHOT_SCHEMA_VERSION, topicPartitionKey, type ClusterSnapshot } from '../../src/core/model';
import type { PartitionTraffic, TrafficModel } from '../../src/core/traffic';
import { planReassignment, type GoalId, type GoalReport, type PlanGoal } from '../../src/core/planner/plan';
import { addBrokersOnRacksAbc } from '../fixtures/scenarios';

const SEED = 20261125;

/** A random cluster: 3-12 brokers over 1-3 racks (some racks may be missing), 1-8 topics, RF 1-3, sizes 0-1e9. */
const clusterArb = fc
  .record({
    brokerCount: fc.integer({ min: 3, max: 12 }),
    rackCount: fc.integer({ min: 1, max: 3 }),
    topics: fc.array(
      fc.record({
        partitions: fc.integer({ min: 1, max: 24 }),
        rf: fc.integer({ min: 1, max: 3 }),
        sizes: fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 24, maxLength: 24 }),
        placement: fc.array(fc.nat(), { minLength: 72, maxLength: 72 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ brokerCount, rackCount, topics }): ClusterSnapshot => {
    const brokers = Array.from({ length: brokerCount }, (_, i) => ({
      id: i + 1,
      host: `b${i + 1}`,
      port: 9092,
      rack: ['a', 'b', 'c'][i % rackCount],
      isController: i === 0,
      logDirs: [],
    }));
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      name: 'random',
      source: 'offline',
      takenAt: '2026-11-25T00:00:00Z',
      controllerId: 1,
      brokers,
      topics: topics.map((t, ti) => ({
        name: `t${ti}`,
        internal: false,
        configs: {},
        partitions: Array.from({ length: t.partitions }, (_, p) => {
          // random distinct replicas (possibly sharing racks: the planner must not make that worse)
          const replicas: number[] = [];
          for (let k = 0; replicas.length < t.rf; k++) {
            const b = ((t.placement[(p * 3 + k) % 72] + k) % brokerCount) + 1;
            if (!replicas.includes(b)) replicas.push(b);
          }
          return {
            partition: p,
            leader: replicas[0],
            replicas,
            isr: [...replicas],
            offlineReplicas: [],
            sizes: replicas.map((broker) => ({ broker, bytes: t.sizes[p] })),
          };
        }),
      })),
      consumerGroups: [],
      warnings: [],
    };
  });

const goalArb = (s: ClusterSnapshot) =>
  fc.oneof(
    fc.constant<PlanGoal>({ kind: 'rebalance' }),
    fc.constant<PlanGoal>({
      kind: 'add',
      brokers: [
        { id: 100, rack: 'a' },
        { id: 101, rack: s.brokers[1].rack },
      ],
    }),
    fc.integer({ min: 0, max: s.brokers.length - 1 }).map<PlanGoal>((i) => ({ kind: 'remove', brokers: [s.brokers[i].id] })),
  );

const scenarioArb = clusterArb.chain((s) => goalArb(s).map((goal) => ({ s, goal })));

describe('planner properties on random clusters', () => {
  const runs = { seed: SEED, numRuns: 150 };

  it('keeps RF, distinct replicas, allowed brokers, rack spread; drains removed brokers; bytes >= lower bound', () => {
    fc.assert(
      fc.property(scenarioArb, ({ s, goal }) => {
        const plan = planReassignment(s, { goal });
        const rack = new Map<number, string | null>(s.brokers.map((b) => [b.id, b.rack]));
        if (goal.kind === 'add') for (const b of goal.brokers) rack.set(b.id, b.rack);
        const allowed = new Set(plan.brokers);
        for (const m of plan.moves) {
          assert.equal(m.after.length, m.before.length, 'replication factor kept');
          assert.equal(new Set(m.after).size, m.after.length, 'no duplicate replicas');
          for (const r of m.added) assert.ok(allowed.has(r), `only allowed brokers (${r})`);
          // never worse, except where a drained broker held the only copy on its rack
          const racksLeft = new Set(plan.brokers.map((b) => rack.get(b))).size;
          const before = Math.min(new Set(m.before.map((r) => rack.get(r))).size, racksLeft);
          const after = new Set(m.after.map((r) => rack.get(r))).size;
          assert.ok(after >= before, `rack spread never worse than the racks left allow (${before} -> ${after})`);
        }
        if (goal.kind === 'remove' && plan.unmet.length === 0) {
          for (const id of goal.brokers) assert.equal(plan.after.find((b) => b.id === id)?.replicas, 0, `broker ${id} drained`);
        }
        // Bytes moved are at least what any plan reaching the same result must move: everything on drained
        // brokers, and, when the result is balanced, each broker's deficit below the band's floor.
        const drained = plan.before.filter((b) => !allowed.has(b.id)).reduce((a, b) => a + b.bytes, 0);
        assert.ok(plan.bytesMoved >= drained || plan.unmet.length > 0, `moved ${plan.bytesMoved} < drained ${drained}`);
        const targets = plan.after.filter((b) => allowed.has(b.id));
        const mean = targets.reduce((a, b) => a + b.bytes, 0) / targets.length;
        const balanced = targets.every((b) => Math.abs(b.bytes - mean) <= plan.tolerance * mean + 1e-6);
        if (balanced) {
          const floorDeficit = targets.reduce(
            (a, b) => a + Math.max(0, (1 - plan.tolerance) * mean - (plan.before.find((x) => x.id === b.id)?.bytes ?? 0)),
            0,
          );
          assert.ok(plan.bytesMoved >= floorDeficit - 1e-6, `moved ${plan.bytesMoved} < deficit to the band ${floorDeficit}`);
        }
        // totals are conserved: every replica is somewhere
        const total = (xs: { replicas: number }[]) => xs.reduce((a, b) => a + b.replicas, 0);
        assert.equal(total(plan.after), total(plan.before));
      }),
      runs,
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(scenarioArb, ({ s, goal }) => {
        assert.deepEqual(planReassignment(s, { goal }).moves, planReassignment(structuredClone(s), { goal }).moves);
      }),
      { ...runs, numRuns: 50 },
    );
  });

  it('balances leaders to within one of the mean plus the tolerance when leadership can move', () => {
    fc.assert(
      fc.property(clusterArb, (s) => {
        // full-RF partitions on every broker let leadership go anywhere: use RF 3 clusters of 3 brokers
        const three = {
          ...s,
          brokers: s.brokers.slice(0, 3),
          topics: s.topics.map((t) => ({
            ...t,
            partitions: t.partitions.map((p) => ({
              ...p,
              replicas: [1, 2, 3],
              leader: 1,
              isr: [1, 2, 3],
              sizes: [1, 2, 3].map((broker) => ({ broker, bytes: 10 })),
            })),
          })),
        };
        const plan = planReassignment(three, { goal: { kind: 'rebalance' } });
        const leaders = plan.after.map((b) => b.leaders);
        const mean = leaders.reduce((a, b) => a + b, 0) / leaders.length;
        assert.ok(Math.max(...leaders) <= Math.ceil(mean * 1.1) + 1, `leaders ${leaders}`);
        assert.equal(plan.bytesMoved, 0, 'leaders move without moving data');
      }),
      { ...runs, numRuns: 60 },
    );
  });

  it('the disk goal stays close to its true lower bound when the cluster can be balanced (within 10 % on add-broker plans of RF-3 clusters with one replica per rack; the bound lets every broker stop at the band edge)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(6, 9, 12),
        fc.array(fc.integer({ min: 1e6, max: 1e9 }), { minLength: 300, maxLength: 300 }),
        (n, sizes) => {
          const brokers = Array.from({ length: n }, (_, i) => ({
            id: i + 1,
            host: 'h',
            port: 1,
            rack: ['a', 'b', 'c'][i % 3],
            isController: false,
            logDirs: [],
          }));
          const partitions = sizes.map((bytes, p) => {
            const replicas = [p % n, (p + 1) % n, (p + 2) % n].map((i) => i + 1);
            return {
              partition: p,
              leader: replicas[0],
              replicas,
              isr: [...replicas],
              offlineReplicas: [],
              sizes: replicas.map((broker) => ({ broker, bytes })),
            };
          });
          const s: ClusterSnapshot = {
            schemaVersion: SNAPSHOT_SCHEMA_VERSION,
            name: 'even',
            source: 'offline',
            takenAt: '2026-11-25T00:00:00Z',
            controllerId: 1,
            brokers,
            topics: [{ name: 't', internal: false, configs: {}, partitions }],
            consumerGroups: [],
            warnings: [],
          };
          const plan = planReassignment(s, {
            goal: addBrokersOnRacksAbc(50),
            goals: ['disk', 'leaders'],
          });
          assert.ok(plan.bytesMoved >= plan.lowerBoundBytes);
          assert.ok(plan.bytesMoved <= 1.1 * plan.lowerBoundBytes, `moved ${plan.bytesMoved} vs bound ${plan.lowerBoundBytes}`);
        },
      ),
      { ...runs, numRuns: 40 },
    );
  });

  it('the lower bound is true: never above the bytes moved by a plan that meets the disk goal', () => {
    fc.assert(
      fc.property(scenarioArb, ({ s, goal }) => {
        const plan = planReassignment(s, { goal });
        const disk = plan.goals.find((g) => g.id === 'disk')!;
        if (disk.verdict === 'balanced' && plan.unmet.length === 0)
          assert.ok(plan.lowerBoundBytes <= plan.bytesMoved + 1e-6, `bound ${plan.lowerBoundBytes} > moved ${plan.bytesMoved}`);
      }),
      runs,
    );
  });

  /** How far a goal is outside its band at worst, in bands (0 when every broker is inside). */
  const excess = (g: GoalReport, tolerance: number, minBand: number) => {
    let worst = 0;
    for (const b of g.brokers) {
      if (b.target === null) continue;
      const band = Math.max(tolerance * b.target, minBand);
      worst = Math.max(worst, Math.max(0, Math.abs(b.after - b.target) - band));
    }
    return worst;
  };

  it('a soft goal never makes a higher one worse: adding a lower goal leaves the higher goal where it was or better', () => {
    const pairs: [GoalId, GoalId, number][] = [
      ['disk', 'replicas', 0],
      ['replicas', 'disk', 1],
      ['disk', 'topic-spread', 0],
      ['replicas', 'topic-spread', 1],
    ];
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(...pairs), ({ s, goal }, [high, low, minBand]) => {
        const alone = planReassignment(s, { goal, goals: [high], keepLeaders: true });
        const both = planReassignment(s, { goal, goals: [high, low], keepLeaders: true });
        const a = excess(
          alone.goals.find((g) => g.id === high)!,
          alone.tolerance,
          minBand,
        );
        const b = excess(
          both.goals.find((g) => g.id === high)!,
          both.tolerance,
          minBand,
        );
        assert.ok(b <= a + 1e-6, `${high} worse after ${low}: ${a} -> ${b}`);
      }),
      { ...runs, numRuns: 100 },
    );
  });

  it('with rates, network in and replica counts never make a higher goal worse (their swaps and two-for-one exchanges included)', () => {
    // rates derived from each partition's size and number: some hot small ones, some cold big ones, some idle
    const trafficOf = (s: ClusterSnapshot): TrafficModel => {
      const partitions = new Map<string, PartitionTraffic>();
      for (const t of s.topics)
        for (const p of t.partitions) {
          const bytes = p.sizes[0]?.bytes ?? 0;
          const bytesInPerSec = ((bytes % 9973) * 523 + p.partition * 7919) % 5e6;
          partitions.set(topicPartitionKey(t.name, p.partition), {
            topic: t.name,
            partition: p.partition,
            bytesInPerSec,
            consumerFanOut: 1,
          });
        }
      return {
        partitions,
        intervalSeconds: 60,
        fanOutSource: new Map(s.topics.map((t) => [t.name, 'default' as const])),
        defaultFanOut: 1,
      };
    };
    const cases: [GoalId[], GoalId][] = [
      [['disk'], 'nw-in'],
      [['disk', 'nw-in'], 'replicas'],
      [['nw-in'], 'replicas'],
    ];
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(...cases), ({ s, goal }, [high, low]) => {
        const traffic = trafficOf(s);
        const alone = planReassignment(s, { goal, goals: high, keepLeaders: true, traffic });
        const both = planReassignment(s, { goal, goals: [...high, low], keepLeaders: true, traffic });
        for (const id of high) {
          const a = excess(
            alone.goals.find((g) => g.id === id)!,
            alone.tolerance,
            0,
          );
          const b = excess(
            both.goals.find((g) => g.id === id)!,
            both.tolerance,
            0,
          );
          assert.ok(b <= a + 1e-6, `${id} worse after ${low}: ${a} -> ${b}`);
        }
      }),
      { ...runs, numRuns: 100 },
    );
  });

  it('every hard goal holds after any plan: disk capacity and the replica cap are never left worse than before', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 40, max: 95 }), fc.integer({ min: 5, max: 40 }), ({ s, goal }, ceilingPct, cap) => {
        const totalBytes = s.topics.reduce((a, t) => a + t.partitions.reduce((x, p) => x + p.sizes.reduce((y, z) => y + z.bytes, 0), 0), 0);
        const capacity = { default: { diskBytes: totalBytes / 2 + 1 }, ceiling: ceilingPct / 100 };
        const plan = planReassignment(s, { goal, capacity, maxReplicasPerBroker: cap });
        for (const id of ['disk-capacity', 'replica-capacity'] as const) {
          const g = plan.goals.find((x) => x.id === id)!;
          if (g.verdictBefore === 'within-capacity') assert.equal(g.verdict, 'within-capacity', `${id} broken by the plan`);
          if (g.verdict === 'over-capacity') assert.ok(g.blockedBy, `${id} over capacity says why`);
        }
        const rack = plan.goals.find((x) => x.id === 'rack')!;
        if (rack.verdictBefore === 'balanced' && plan.unmet.length === 0) assert.equal(rack.verdict, 'balanced');
      }),
      { ...runs, numRuns: 100 },
    );
  });
});
