// Executing a plan is as safe as an operator assumes, on the REAL cluster:
// (a) an execution with the leader election leaves every moved partition led by its preferred (first) replica, as
//     kafka-topics.sh --describe shows it, also a partition whose first replica stays but whose leader was another;
// (b) a plan made, then a planned partition reassigned by someone else, is refused with the difference (the check
//     VS Code runs before its confirmation, and kfp execute --base with exit 3), and nothing changes;
// (c) a plan while another reassignment is running is refused the same way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterSnapshot } from '../../src/core/model';
import { scheduleExecution } from '../../src/core/planner/execution';
import { planReassignment } from '../../src/core/planner/plan';
import { reviewReassignment } from '../../src/core/planner/review';
import { planBaseFromSnapshot } from '../../src/core/planner/staleness';
import { snapshotToJson } from '../../src/core/snapshotJson';
import { executePlan } from '../../src/kafka/execute';
import { checkPlanFreshness } from '../../src/kafka/preflight';
import { ReassignmentClient } from '../../src/kafka/reassignmentApi';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, produceRecords, testBootstrap, testConnectionSettings } from './kafkaCluster';
import { parseTopicsDescribe, runKafkaTool, type DescribedPartition } from './kafkaToolOutput';

const settings = testConnectionSettings;
const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const kfp = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input: '', timeout: 120_000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function snapshotOf(topic: string): Promise<ClusterSnapshot> {
  const s = await takeSnapshot(settings(), { skipGroups: true });
  return { ...s, topics: s.topics.filter((t) => t.name === topic) };
}

/** The topic's partitions as Kafka's own kafka-topics.sh --describe prints them. */
function describedByKafka(topic: string): Map<number, DescribedPartition> {
  const described = parseTopicsDescribe(
    runKafkaTool('org.apache.kafka.tools.TopicCommand', testBootstrap(), ['--describe', '--topic', topic]),
  );
  const partitions = described.get(topic);
  assert.ok(partitions, `kafka-topics.sh does not describe ${topic}`);
  return partitions;
}

/** Reassigns partitions directly (as another operator's kafka-reassign-partitions.sh would) and waits until done. */
async function reassignDirectly(topic: string, targets: Record<number, number[]>): Promise<void> {
  const client = await ReassignmentClient.open(settings());
  try {
    const list = Object.entries(targets).map(([p, replicas]) => ({ topic, partition: Number(p), replicas }));
    await client.alter(list);
    for (let i = 0; i < 150; i++) {
      const inFlight = await client.list(list);
      const now = describedByKafka(topic);
      if (!inFlight.length && list.every((t) => now.get(t.partition)?.replicas.join(',') === t.replicas.join(','))) return;
      await sleep(200);
    }
    throw new Error(`the direct reassignment of ${topic} did not finish`);
  } finally {
    await client.close();
  }
}

describe('executing a plan safely on the real cluster', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'kfp-exec-safety-'));

  it('(a) with the election, every moved partition is led by its preferred replica in kafka-topics.sh --describe', async () => {
    const topic = `kfp-elect-${Date.now().toString(36)}`;
    await createTopicWithAssignment(testBootstrap(), topic, [
      [2, 1],
      [1, 2],
      [2, 1],
    ]);
    for (let p = 0; p < 3; p++) await produceRecords(testBootstrap(), topic, p, 300, 1000);
    // partition 0: replicas [1, 2] led by 2, as after a failover: a reorder moves no leader
    await reassignDirectly(topic, { 0: [1, 2] });
    const before = describedByKafka(topic);
    assert.deepEqual(before.get(0), { leader: 2, replicas: [1, 2], isr: before.get(0)!.isr }, 'partition 0 is led by its second replica');

    // p0 keeps its first replica (no "leader change" in the plan) but is led by 2; p1's first replica changes while
    // its leader 1 stays in the list; p2 is led by its first replica already
    const review = reviewReassignment(await snapshotOf(topic), {
      version: 1,
      partitions: [
        { topic, partition: 0, replicas: [1, 2, 3] },
        { topic, partition: 1, replicas: [3, 1] },
        { topic, partition: 2, replicas: [2, 3] },
      ],
    });
    assert.deepEqual(
      review.findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.deepEqual(
      review.moves.map((m) => m.leaderChanged),
      [false, true, false],
    );
    const electionSteps: number[] = [];
    const result = await executePlan({
      settings: settings(),
      schedule: scheduleExecution(review.moves, { throttleBytesPerSec: 10e6 }),
      electLeaders: true,
      pollIntervalMs: 300,
      onElection: (n) => electionSteps.push(n),
    });
    assert.equal(result.outcome, 'completed', result.error);
    assert.deepEqual(electionSteps, [3], 'the election is its own step, for every partition whose replicas changed');
    assert.ok(result.election);
    assert.deepEqual(
      result.election.partitions.map((p) => [p.partition, p.preferred, p.result]),
      [
        [0, 1, 'elected'],
        [1, 3, 'elected'],
        [2, 2, 'already-preferred'],
      ],
    );
    assert.deepEqual([result.election.elected, result.election.alreadyPreferred, result.election.failed], [2, 1, 0]);

    // Kafka's own view; its brokers' metadata may trail the controller by a moment
    let after = describedByKafka(topic);
    for (let i = 0; i < 20 && [...after.values()].some((p) => p.leader !== p.replicas[0]); i++) {
      await sleep(500);
      after = describedByKafka(topic);
    }
    for (const m of review.moves) {
      const p = after.get(m.partition)!;
      assert.deepEqual(p.replicas, m.after, `${topic}-${m.partition} replicas`);
      assert.equal(
        p.leader,
        m.after[0],
        `${topic}-${m.partition} is led by its preferred replica ${m.after[0]} (kafka-topics: ${p.leader})`,
      );
    }
  });

  it('(b) a plan made, then a planned partition reassigned by someone else, is refused with the difference', async () => {
    const topic = `kfp-stale-${Date.now().toString(36)}`;
    await createTopicWithAssignment(testBootstrap(), topic, [
      [1, 2],
      [2, 1],
      [1, 2],
      [2, 1],
    ]);
    for (let p = 0; p < 4; p++) await produceRecords(testBootstrap(), topic, p, 200, 1000);
    // the plan, made with kfp plan from a snapshot of this topic, with its rollback file (the plan's base)
    const base = await snapshotOf(topic);
    const baseFile = join(dir, 'stale-base.json');
    writeFileSync(baseFile, snapshotToJson(base));
    const planFile = join(dir, 'stale-plan.json');
    const rollbackFile = join(dir, 'stale-rollback.json');
    const made = kfp('plan', baseFile, '--goal', 'add-brokers', '--add', '3', '--out', planFile, '--rollback', rollbackFile);
    assert.equal(made.status, 0, made.stderr);
    const plan = planReassignment(base, { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] } });
    const planned = JSON.parse(readFileSync(planFile, 'utf8')).partitions as { partition: number; replicas: number[] }[];
    assert.ok(planned.length > 0);
    assert.deepEqual(
      planned.map((p) => p.partition),
      plan.moves.map((m) => m.partition),
    );

    // another operator reassigns the first planned partition meanwhile (reversing its replicas: a leader change)
    const changed = plan.moves[0];
    const other = [...changed.before].reverse();
    await reassignDirectly(topic, { [changed.partition]: other });
    const expected = `${topic}-${changed.partition} had replicas [${changed.before.join(', ')}] when the plan was made and has [${other.join(', ')}] now.`;

    // VS Code's check before its confirmation
    const { differences } = await checkPlanFreshness(settings(), planBaseFromSnapshot(base), plan.moves);
    assert.deepEqual(
      differences.map((d) => d.message),
      [expected],
    );

    // kfp execute with the rollback as base, and with the snapshot as base: exit 3, the difference, nothing changed
    const replicasBefore = [...describedByKafka(topic).values()].map((p) => p.replicas);
    for (const b of [rollbackFile, baseFile]) {
      const r = kfp('execute', planFile, '--bootstrap', testBootstrap(), '--throttle', '5MB/s', '--base', b, '--yes', '--elect-leaders');
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /Refused: 1 planned partition changed its replicas \(compared with the (rollback|snapshot) /);
      assert.ok(r.stderr.includes(`  ${expected}\n`), r.stderr);
      assert.match(r.stderr, /Nothing was changed\./);
      assert.doesNotMatch(r.stderr, /throttle .* set on brokers/);
    }
    assert.deepEqual(
      [...describedByKafka(topic).values()].map((p) => p.replicas),
      replicasBefore,
    );

    // a plan made now, from the cluster as it is, passes the same check
    const now = await snapshotOf(topic);
    const fresh = planReassignment(now, { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] } });
    assert.deepEqual((await checkPlanFreshness(settings(), planBaseFromSnapshot(now), fresh.moves)).differences, []);
  });

  it('(c) a plan while another reassignment is running is refused, and the running one is left alone', async () => {
    const busy = `kfp-running-${Date.now().toString(36)}`;
    const topic = `kfp-waiting-${Date.now().toString(36)}`;
    await createTopicWithAssignment(testBootstrap(), busy, [
      [1, 2],
      [2, 1],
    ]);
    await createTopicWithAssignment(testBootstrap(), topic, [
      [1, 2],
      [2, 1],
    ]);
    for (let p = 0; p < 2; p++) await produceRecords(testBootstrap(), busy, p, 3000, 1000);
    const base = await snapshotOf(topic);
    const plan = planReassignment(base, { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] } });
    assert.ok(plan.moves.length > 0);
    const planFile = join(dir, 'waiting-plan.json');
    writeFileSync(
      planFile,
      JSON.stringify({ version: 1, partitions: plan.moves.map((m) => ({ topic, partition: m.partition, replicas: m.after })) }),
    );

    // the other reassignment: 100 kB/s, so its ~3 MB copies stay in flight for the length of the test
    let cancelRunning = false;
    let submitted!: () => void;
    const inFlight = new Promise<void>((resolve) => (submitted = resolve));
    const busyPlan = planReassignment(await snapshotOf(busy), { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] } });
    const running = executePlan({
      settings: settings(),
      schedule: scheduleExecution(busyPlan.moves, { throttleBytesPerSec: 100_000 }),
      pollIntervalMs: 300,
      isCancelled: () => cancelRunning,
      onProgress: () => submitted(),
    });
    try {
      await inFlight;
      const { differences } = await checkPlanFreshness(settings(), planBaseFromSnapshot(base), plan.moves);
      assert.ok(differences.length > 0);
      for (const d of differences) {
        assert.equal(d.kind, 'reassignment-in-progress');
        assert.match(
          d.message,
          new RegExp(`^${busy}-\\d is being reassigned now \\(replicas \\[.*\\], adding \\[3\\], removing \\[.*\\]\\): wait for it`),
        );
      }

      const r = kfp('execute', planFile, '--bootstrap', testBootstrap(), '--throttle', '5MB/s', '--yes');
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /Refused: \d reassignments? (is|are) in progress:/);
      assert.match(r.stderr, new RegExp(`${busy}-\\d is being reassigned now`));
      assert.deepEqual(
        [...describedByKafka(topic).values()].map((p) => p.replicas),
        [
          [1, 2],
          [2, 1],
        ],
        'the refused plan changed nothing',
      );
    } finally {
      cancelRunning = true;
      const first = await running;
      assert.equal(first.outcome, 'cancelled', first.error);
      assert.deepEqual(first.leftovers, []);
    }
  });
});
