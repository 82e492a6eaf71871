// Draining brokers: internal topics leave the drained brokers by default, brokers that are down can be drained and
// are offered first, and a drain that cannot finish is reported before planning with the partitions and the reason.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors';
import { downBrokers } from '../../src/core/model';
import { DrainBlockedError, checkDrain, describeDrainCandidate, drainCandidates, formatDrainProblems } from '../../src/core/planner/drain';
import { planReassignment, planToReassignment } from '../../src/core/planner/plan';
import { reviewReassignmentText } from '../../src/core/planner/review';
import { reassignmentToJson } from '../../src/core/kafkaFormats';
import { assertDrainCanFinish, planRequestFrom } from '../../src/core/reassignmentDocument';
import { snapshotToJson } from '../../src/core/snapshotJson';
import { snapshot } from './builders';

const DEFAULTS = { clusterId: 'demo', tolerance: 0.1, throttleBytesPerSec: 50e6, movesPerBroker: 5 };

/** Four brokers on racks a, b, c, d; __consumer_offsets RF 3 spread over 1-3; a user topic over all four. */
function fourBrokers() {
  return snapshot()
    .broker(1, 'a')
    .broker(2, 'b')
    .broker(3, 'c')
    .broker(4, 'd')
    .topic('__consumer_offsets', [
      { replicas: [1, 2, 3], bytes: 100 },
      { replicas: [2, 3, 1], bytes: 100 },
      { replicas: [3, 1, 2], bytes: 100 },
    ])
    .topic('orders', [
      { replicas: [1, 2], bytes: 1000 },
      { replicas: [2, 3], bytes: 1000 },
      { replicas: [3, 4], bytes: 1000 },
      { replicas: [4, 1], bytes: 1000 },
    ]);
}

describe('draining brokers', () => {
  describe('internal topics', () => {
    it('leave the drained broker by default, so it ends with no replica at all', () => {
      const s = fourBrokers().build();
      const plan = planReassignment(s, { goal: { kind: 'remove', brokers: [1] } });
      assert.deepEqual(plan.unmet, []);
      assert.equal(plan.after.find((b) => b.id === 1)!.replicas, 0);
      const offsets = plan.moves.filter((m) => m.topic === '__consumer_offsets');
      assert.equal(offsets.length, 3, 'every __consumer_offsets partition on broker 1 moves');
      for (const m of offsets) {
        assert.deepEqual(m.removed, [1], `${m.topic}-${m.partition} only leaves broker 1`);
        assert.equal(m.reason, 'drain');
      }
    });

    it('move only off the drained brokers: they are not used to balance the others', () => {
      // broker 4 is empty: balancing would like to fill it, but only with user topics
      const s = snapshot()
        .broker(1)
        .broker(2)
        .broker(3)
        .broker(4)
        .topic(
          '__consumer_offsets',
          [0, 1, 2, 3, 4, 5].map(() => ({ replicas: [2, 3], bytes: 1000 })),
        )
        .topic('t', [{ replicas: [1], bytes: 10 }])
        .build();
      const plan = planReassignment(s, { goal: { kind: 'remove', brokers: [1] } });
      assert.deepEqual(
        plan.moves.map((m) => `${m.topic}-${m.partition}`),
        ['t-0'],
      );
      const all = planReassignment(s, { goal: { kind: 'remove', brokers: [1] }, includeInternalTopics: true });
      assert.ok(
        all.moves.some((m) => m.topic === '__consumer_offsets'),
        'includeInternalTopics: true balances them like any topic',
      );
    });

    it('stay when excluded (includeInternalTopics: false), and the check says so before planning', () => {
      const s = fourBrokers().build();
      const options = { goal: { kind: 'remove' as const, brokers: [1] }, includeInternalTopics: false };
      const problems = checkDrain(s, options);
      assert.deepEqual(
        problems.map((p) => [p.reason, p.brokers, p.partitions]),
        [['excluded', [1], ['__consumer_offsets-0', '__consumer_offsets-1', '__consumer_offsets-2']]],
      );
      assert.match(problems[0].message, /^3 partitions of excluded topics stay on broker 1: __consumer_offsets-0, /);
      const plan = planReassignment(s, options);
      assert.equal(plan.after.find((b) => b.id === 1)!.replicas, 3);
    });

    it('are drained through the command options unless the request says otherwise', () => {
      const request = planRequestFrom({ goal: 'remove', brokers: [1] }, DEFAULTS);
      assert.equal(request.includeInternalTopics, undefined);
      assert.equal(planRequestFrom({ goal: 'remove', brokers: [1], includeInternalTopics: false }, DEFAULTS).includeInternalTopics, false);
      assert.throws(
        () => planRequestFrom({ goal: 'remove', brokers: [1], allowPartialDrain: 'yes' }, DEFAULTS),
        /allowPartialDrain must be true or false/,
      );
    });
  });

  describe('brokers that are down', () => {
    // broker 2 stopped: the metadata lists 1, 3, 4 only, while partitions still name 2 among their replicas
    const s = snapshot()
      .broker(1, 'a')
      .broker(3, 'c')
      .broker(4, 'd')
      .topic('__consumer_offsets', [{ replicas: [2, 3, 1], leader: 3, isr: [3, 1], bytes: 100 }])
      .topic('orders', [
        { replicas: [1, 2], leader: 1, isr: [1], bytes: 1000 },
        { replicas: [2, 3], leader: 3, isr: [3], bytes: 1000 },
        { replicas: [3, 4], bytes: 1000 },
      ])
      .build();

    it('are found from the replicas and offered first, marked down', () => {
      assert.deepEqual(downBrokers(s), [2]);
      const candidates = drainCandidates(s);
      assert.deepEqual(
        candidates.map((c) => [c.id, c.down]),
        [
          [2, true],
          [1, false],
          [3, false],
          [4, false],
        ],
      );
      assert.deepEqual(describeDrainCandidate(candidates[0]), {
        label: 'Broker 2 (down)',
        description: 'not in the metadata: stopped or unreachable',
        detail: '3 replicas (1 of internal topics), 2.1 KiB',
      });
      assert.equal(describeDrainCandidate(candidates[1]).description, 'rack a');
    });

    it('can be drained: their replicas move to live brokers, never back onto them', () => {
      assert.deepEqual(checkDrain(s, { goal: { kind: 'remove', brokers: [2] } }), []);
      const plan = planReassignment(s, { goal: { kind: 'remove', brokers: [2] } });
      assert.deepEqual(plan.unmet, []);
      assert.deepEqual(plan.brokers, [1, 3, 4]);
      assert.equal(plan.after.find((b) => b.id === 2)!.replicas, 0);
      for (const m of plan.moves) assert.ok(!m.after.includes(2), `${m.topic}-${m.partition}: ${m.after}`);
      assert.equal(plan.moves.filter((m) => m.removed.includes(2)).length, 3);
    });

    it("review a drain's plan without errors: replacing a replica that is down is the fix, not a warning", () => {
      const plan = planReassignment(s, { goal: { kind: 'remove', brokers: [2] } });
      const review = reviewReassignmentText(s, reassignmentToJson(planToReassignment(plan)));
      assert.deepEqual(
        review.findings.filter((f) => f.severity !== 'info'),
        [],
      );
      const notes = review.findings.filter((f) => f.code === 'under-replicated');
      assert.equal(notes.length, 3, '__consumer_offsets-0, orders-0 and orders-1 lost broker 2 from their ISR');
      assert.match(notes[0].message, /this move replaces its out-of-sync replica\(s\) on broker\(s\) 2 with copies from the leader/);
    });

    it('name themselves in the error for an unknown broker', () => {
      assert.throws(
        () => planReassignment(s, { goal: { kind: 'remove', brokers: [9] } }),
        /Broker 9 is not in the cluster \(brokers: 1, 3, 4, 2 \(down\)\)/,
      );
    });
  });

  describe('a drain that cannot finish is reported before planning', () => {
    it('RF 3 over 3 brokers minus one: too few brokers for the replication factor', () => {
      const s = snapshot()
        .broker(1)
        .broker(2)
        .broker(3)
        .topic('t', [
          { replicas: [1, 2, 3], bytes: 1 },
          { replicas: [2, 3, 1], bytes: 1 },
        ])
        .topic('small', [{ replicas: [1, 2], bytes: 1 }])
        .build();
      const problems = checkDrain(s, { goal: { kind: 'remove', brokers: [1] } });
      assert.deepEqual(
        problems.map((p) => [p.reason, p.partitions]),
        [['replication-factor', ['t-0', 't-1']]],
      );
      assert.equal(
        problems[0].message,
        '2 partitions cannot leave broker 1: their replication factor needs more brokers than the 2 that remain (2, 3): t-0, t-1. Lower their replication factor, add a broker, or drain fewer brokers.',
      );
      assert.equal(formatDrainProblems(problems, [1]), `The drain of broker 1 cannot finish:\n  - ${problems[0].message}`);
      assert.equal(problems[0].why, 'their replication factor needs more brokers than the 2 that remain (2, 3)');
      assert.equal(problems[0].fix, 'Lower their replication factor, add a broker, or drain fewer brokers.');
    });

    it('names the first 8 partitions of a reason in the sentence, and every one when asked (the log)', () => {
      const s = snapshot()
        .broker(1)
        .broker(2)
        .topic(
          't',
          Array.from({ length: 12 }, () => ({ replicas: [1, 2], bytes: 1 })),
        )
        .build();
      const [problem] = checkDrain(s, { goal: { kind: 'remove', brokers: [1] } });
      assert.equal(problem.partitions.length, 12);
      assert.match(problem.message, /: t-0, t-1, t-2, t-3, t-4, t-5, t-6, t-7, … \(12 in all\)\. Lower/);
      assert.match(formatDrainProblems([problem], [1], Infinity), /: t-0, t-1, t-2, t-3, t-4, t-5, t-6, t-7, t-8, t-9, t-10, t-11\. Lower/);
    });

    it('a replica whose only copy is on the dead broker: no leader to copy from', () => {
      const s = snapshot()
        .broker(1)
        .broker(3)
        .topic('only-on-2', [{ replicas: [2], leader: -1, isr: [] }])
        .topic('fine', [{ replicas: [2, 1], leader: 1, isr: [1] }])
        .build();
      const problems = checkDrain(s, { goal: { kind: 'remove', brokers: [2] } });
      assert.deepEqual(
        problems.map((p) => [p.reason, p.brokers, p.partitions]),
        [['no-leader', [2], ['only-on-2-0']]],
      );
      assert.match(
        problems[0].message,
        /they have no leader \(offline\): their only in-sync copies are on brokers that are down: only-on-2-0\. Bring those brokers back first/,
      );
      // the planner leaves it too, and says why
      const plan = planReassignment(s, { goal: { kind: 'remove', brokers: [2] } });
      assert.ok(!plan.moves.some((m) => m.topic === 'only-on-2'));
      assert.match(plan.unmet.join('\n'), /1 partition cannot leave broker 2: they have no leader \(offline\)/);
    });

    it('rack constraints: no destination keeps the rack spread under the replica cap', () => {
      // t-0 spans racks a and b; the only broker that could take broker 1's replica without losing rack a is at its cap
      const s = snapshot()
        .broker(1, 'a')
        .broker(2, 'b')
        .broker(3, 'b')
        .broker(4, 'a')
        .topic('t', [{ replicas: [1, 2], bytes: 1 }])
        .topic('u', [{ replicas: [4], bytes: 1 }])
        .build();
      const problems = checkDrain(s, { goal: { kind: 'remove', brokers: [1] }, maxReplicasPerBroker: 1 });
      assert.deepEqual(
        problems.map((p) => [p.reason, p.partitions]),
        [['rack', ['t-0']]],
      );
      assert.match(
        problems[0].message,
        /would make them span fewer racks than they do now \(broker\.rack\): t-0\. Add a broker on the missing rack/,
      );
    });

    it('a drain that can finish has no problem, and a partial one is refused as a user error unless allowed', () => {
      assert.deepEqual(checkDrain(fourBrokers().build(), { goal: { kind: 'remove', brokers: [1] } }), []);
      assert.deepEqual(checkDrain(fourBrokers().build(), { goal: { kind: 'rebalance' } }), []);
      const s = snapshot()
        .broker(1)
        .broker(2)
        .topic('t', [{ replicas: [1, 2], bytes: 1 }])
        .build();
      const request = planRequestFrom({ clusterId: 'x', goal: 'remove', brokers: [1] }, DEFAULTS);
      assert.throws(
        () => assertDrainCanFinish(request, s, 'Pick other brokers.'),
        (e: unknown) =>
          e instanceof DrainBlockedError &&
          e instanceof InputError &&
          /^The drain of broker 1 cannot finish: 1 partition cannot leave broker 1: .*: t-0\. .* Pick other brokers\.$/.test(e.message),
      );
      assertDrainCanFinish({ ...request, allowPartialDrain: true }, s, '');
    });
  });

  describe('kfp plan --goal remove-brokers', () => {
    const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
    const kfp = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
    const dir = mkdtempSync(join(tmpdir(), 'kfp-drain-'));
    const file = join(dir, 'cluster.json');
    writeFileSync(
      file,
      snapshotToJson(
        snapshot()
          .broker(1)
          .broker(2)
          .broker(3)
          .topic('__consumer_offsets', [{ replicas: [1, 2, 3], bytes: 10 }])
          .topic('t', [{ replicas: [1, 2], bytes: 10 }])
          .build(),
      ),
    );

    it('refuses a drain that cannot finish before planning, naming the partitions and the reason', () => {
      const r = kfp('plan', '--goal', 'remove-brokers', '--remove', '1', '--snapshot', file);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stdout, '', 'no plan is written');
      assert.match(
        r.stderr,
        /^The drain of broker 1 cannot finish:\n {2}- 1 partition cannot leave broker 1: their replication factor needs more brokers than the 2 that remain \(2, 3\): __consumer_offsets-0\./,
      );
      assert.match(r.stderr, /No plan was made: fix the above, or plan what can move with --allow-partial\./);
    });

    it('drains internal topics by default; --allow-partial plans what can move; --exclude-internal keeps them', () => {
      const partial = kfp('plan', '--goal', 'remove-brokers', '--remove', '1', '--snapshot', file, '--allow-partial');
      assert.equal(partial.status, 1, 'the plan still has an unmet constraint');
      const moved = JSON.parse(partial.stdout) as { partitions: { topic: string; replicas: number[] }[] };
      assert.deepEqual(
        moved.partitions.map((p) => p.topic),
        ['t'],
      );
      const four = join(dir, 'four.json');
      writeFileSync(four, snapshotToJson(fourBrokers().build()));
      const drained = kfp('plan', '--goal', 'remove-brokers', '--remove', '1', '--snapshot', four);
      assert.equal(drained.status, 0, drained.stderr);
      const plan = JSON.parse(drained.stdout) as { partitions: { topic: string; replicas: number[] }[] };
      assert.equal(plan.partitions.filter((p) => p.topic === '__consumer_offsets').length, 3);
      assert.ok(plan.partitions.every((p) => !p.replicas.includes(1)));
      const kept = kfp('plan', '--goal', 'remove-brokers', '--remove', '1', '--snapshot', four, '--exclude-internal');
      assert.equal(kept.status, 1);
      assert.match(kept.stderr, /3 partitions of excluded topics stay on broker 1/);
      const both = kfp('plan', '--goal', 'remove-brokers', '--remove', '1', '--snapshot', four, '--exclude-internal', '--include-internal');
      assert.equal(both.status, 2);
    });

    it('lists the brokers (down ones first) when --remove is missing', () => {
      const r = kfp('plan', '--goal', 'remove-brokers', '--snapshot', file);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /remove-brokers needs --remove 3\[,4\] \(the brokers to drain; brokers: 1, 2, 3\)/);
    });
  });
});
