// Executing a reassignment on the REAL cluster, under continuous acks=all load.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import type { ClusterSnapshot } from '../../src/core/model';
import { scheduleExecution } from '../../src/core/planner/execution';
import { planReassignment } from '../../src/core/planner/plan';
import { createAdmin } from '../../src/kafka/connection';
import { executionJournalFromJson, executionJournalToJson, type ExecutionJournal } from '../../src/core/planner/executionJournal';
import { executePlan } from '../../src/kafka/execute';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, endOffsets, produceRecords, testConnectionSettings } from './kafkaCluster';

const THROTTLE_KEYS = ['leader.replication.throttled.rate', 'follower.replication.throttled.rate'];
const TOPIC_THROTTLE_KEYS = ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'];

const settings = testConnectionSettings;

/** Snapshot reduced to one topic, so the plan touches only it on the shared test cluster. */
async function snapshotOf(topic: string): Promise<ClusterSnapshot> {
  const s = await takeSnapshot(settings(), { skipGroups: true });
  return { ...s, topics: s.topics.filter((t) => t.name === topic) };
}

/** Dynamic throttle configs left anywhere on the brokers or the topic ("" counts as left). */
async function throttlesNow(topic: string): Promise<string[]> {
  const admin = createAdmin(settings());
  try {
    const left: string[] = [];
    const brokers = await admin.describeConfigs({
      resources: [1, 2, 3].map((b) => ({ resourceType: 4 as const, resourceName: String(b), configurationKeys: THROTTLE_KEYS })),
    });
    for (const b of brokers)
      for (const c of b.configs) if (c.configSource === 2) left.push(`broker ${b.resourceName} ${c.name}=${c.value}`);
    const [t] = await admin.describeConfigs({
      resources: [{ resourceType: 2 as const, resourceName: topic, configurationKeys: TOPIC_THROTTLE_KEYS }],
    });
    for (const c of t.configs) if (c.configSource === 1) left.push(`topic ${topic} ${c.name}=${c.value}`);
    return left;
  } finally {
    await admin.close();
  }
}

/** Throttles left once config changes have propagated (KRaft applies them through the metadata log): 10 s at most. */
async function throttlesLeft(topic: string): Promise<string[]> {
  let left = await throttlesNow(topic);
  for (let i = 0; i < 40 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 250));
    left = await throttlesNow(topic);
  }
  return left;
}

/** Produces numbered records with acks=all (idempotent) until stopped; remembers every acknowledged id. */
function continuousProducer(topic: string, partitions: number) {
  const newProducer = () =>
    new Producer({
      clientId: 'kfp-load',
      bootstrapBrokers: settings().bootstrap,
      idempotent: true,
      serializers: stringSerializers,
      // short: a send the client cannot complete fails fast and the loop goes on with a fresh producer
      retries: 2,
      timeout: 5_000,
    });
  // After a failed send the client can keep routing to a leader that moved (NOT_LEADER_OR_FOLLOWER on every retry):
  // a fresh producer starts from fresh metadata, as an application that restarts its producer would.
  let producer = newProducer();
  const acked: string[] = [];
  const attempted = new Set<string>();
  let stop = false;
  let failures = 0;
  const errors: string[] = [];
  const padding = 'x'.repeat(900);
  const loop = (async () => {
    let seq = 0;
    while (!stop) {
      const batch = Array.from({ length: 50 }, () => {
        const id = `r${seq++}`;
        attempted.add(id);
        return { topic, partition: seq % partitions, key: id, value: `${id}|${padding}` };
      });
      try {
        await producer.send({ acks: -1, messages: batch });
        acked.push(...batch.map((m) => m.key));
      } catch (err) {
        failures++; // not acknowledged: the record may or may not be there, so it is not counted as acked
        const inner = (err as { errors?: Error[] }).errors?.map((e) => e.message).join(', ');
        if (errors.length < 3) errors.push(`${(err as Error).message}${inner ? ` (${inner})` : ''}`);
        // closing may wait on the stuck request: do not let it hold the load
        void producer.close().catch(() => undefined);
        producer = newProducer();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    acked,
    attempted,
    padding,
    get failures() {
      return `${failures} (${errors.join('; ')})`;
    },
    async stop() {
      stop = true;
      await loop;
      await producer.close();
    },
  };
}

/** Reads every record of the topic up to its current end offsets; counts each id (value prefix). */
async function consumeAll(topic: string, expectedValue: (id: string) => string): Promise<Map<string, number>> {
  const ends = await endOffsets(settings().bootstrap[0], topic);
  const expected = [...ends.values()].reduce((s, o) => s + Number(o), 0);
  const consumer = new Consumer({
    clientId: 'kfp-verify',
    groupId: `kfp-verify-${Date.now()}`,
    bootstrapBrokers: settings().bootstrap,
    deserializers: stringDeserializers,
  });
  const seen = new Map<string, number>();
  let total = 0;
  let corrupt = 0;
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 500 });
  const deadline = Date.now() + 60_000;
  try {
    for await (const message of stream) {
      const value = String(message.value);
      const id = value.split('|')[0];
      seen.set(id, (seen.get(id) ?? 0) + 1);
      if (value !== expectedValue(id)) corrupt++;
      if (++total >= expected || Date.now() > deadline) break;
    }
  } finally {
    await stream.close();
    await consumer.close(true);
  }
  assert.equal(total, expected, `read ${total} of the ${expected} records up to the end offsets`);
  assert.equal(corrupt, 0, `${corrupt} record(s) came back with a different value`);
  return seen;
}

describe('executing a reassignment on the real cluster', function () {
  this.timeout(180_000);

  it('adds broker 3 under acks=all load: no record lost or duplicated, plan applied, no throttle left', async () => {
    const topic = `kfp-exec-${Date.now().toString(36)}`;
    await createTopicWithAssignment(settings().bootstrap[0], topic, [
      [1, 2],
      [2, 1],
      [1, 2],
      [2, 1],
      [1, 2],
      [2, 1],
    ]);
    for (let p = 0; p < 6; p++) await produceRecords(settings().bootstrap[0], topic, p, 1500, 1000);
    const before = await snapshotOf(topic);
    const plan = planReassignment(before, { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] } });
    assert.ok(plan.replicasMoved >= 3, `the plan moves replicas onto broker 3 (${plan.replicasMoved})`);
    const schedule = scheduleExecution(plan.moves, { throttleBytesPerSec: 1_000_000, maxMovesPerBroker: 2 });
    const load = continuousProducer(topic, 6);
    await new Promise((r) => setTimeout(r, 500));
    let sawThrottle: string[] = [];
    let progressEvents = 0;
    const journals: ExecutionJournal[] = [];
    const result = await executePlan({
      settings: settings(),
      schedule,
      electLeaders: true,
      pollIntervalMs: 300,
      journal: { save: async (j) => void journals.push(structuredClone(j)), clear: async () => undefined },
      onProgress: () => {
        progressEvents++;
        if (progressEvents === 1) void throttlesNow(topic).then((t) => (sawThrottle = t));
      },
    });
    await new Promise((r) => setTimeout(r, 500));
    await load.stop();
    console.log(`    load during the move: ${load.acked.length} records acked, failed sends ${load.failures}`);
    assert.equal(result.outcome, 'completed', result.error);
    assert.deepEqual(result.leftovers, []);
    assert.ok(
      sawThrottle.some((t) => t.includes('follower.replication.throttled.rate=1000000')),
      `throttle set during the run: ${sawThrottle}`,
    );
    assert.ok(
      journals.some((j) => Object.keys(j.topicThrottles).includes(topic)),
      'the journal recorded the topic throttles',
    );
    for (const [i, j] of journals.entries())
      assert.deepEqual(
        executionJournalFromJson(executionJournalToJson(j), `save ${i}`),
        j,
        'every journal the executor saves reads back as written',
      );

    const after = await snapshotOf(topic);
    for (const m of plan.moves) {
      assert.deepEqual(after.topics[0].partitions[m.partition].replicas, m.after, `${topic}-${m.partition}`);
    }
    assert.ok(after.topics[0].partitions.some((p) => p.replicas.includes(3)));
    assert.deepEqual(await throttlesLeft(topic), []);

    const initial = 6 * 1500;
    const consumed = await consumeAll(topic, (id) => (id.startsWith('r') ? `${id}|${load.padding}` : 'k'.repeat(1000)));
    // the 9,000 records written before the move all carry the same value; the load's ids are unique
    const dupes = [...consumed].filter(([id, n]) => id.startsWith('r') && n > 1).map(([id]) => id);
    assert.equal(consumed.get('k'.repeat(1000)), initial, 'all records written before the move are there');
    const missing = load.acked.filter((id) => !consumed.has(id));
    assert.ok(
      load.acked.length > 100,
      `the producer kept writing during the move (${load.acked.length} acked, ${load.failures} failed sends)`,
    );
    assert.deepEqual(missing, [], 'every acknowledged record is still there');
    assert.deepEqual(dupes, [], 'no record is duplicated');
    // an unacknowledged send may still have been written (at-least-once on failure); anything else is a phantom
    const phantoms = [...consumed.keys()].filter((id) => id.startsWith('r') && !load.attempted.has(id));
    assert.deepEqual(phantoms, [], 'every record read was one the producer sent');
    const checksum = (ids: string[]) =>
      createHash('sha256')
        .update([...ids].sort().join(','))
        .digest('hex');
    const consumedAcked = [...consumed.keys()].filter((id) => id.startsWith('r') && load.acked.includes(id));
    assert.equal(checksum(consumedAcked), checksum(load.acked), 'the acknowledged records read back match by checksum');
  });

  it('cancel in the middle rolls back in-flight moves and removes every throttle', async () => {
    const topic = `kfp-cancel-${Date.now().toString(36)}`;
    await createTopicWithAssignment(settings().bootstrap[0], topic, [
      [1, 2],
      [2, 1],
      [1, 2],
      [2, 1],
    ]);
    for (let p = 0; p < 4; p++) await produceRecords(settings().bootstrap[0], topic, p, 4000, 1000);
    const before = await snapshotOf(topic);
    const plan = planReassignment(before, { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] } });
    // 200 kB/s: each ~4 MB copy takes ~20 s, so the cancel lands while the first batch is in flight
    const schedule = scheduleExecution(plan.moves, { throttleBytesPerSec: 200_000, maxMovesPerBroker: 1 });
    let cancel = false;
    const result = await executePlan({
      settings: settings(),
      schedule,
      pollIntervalMs: 300,
      isCancelled: () => cancel,
      onProgress: (p) => {
        if (p.bytesCopied > 0) cancel = true;
      },
    });
    assert.equal(result.outcome, 'cancelled', result.error);
    assert.deepEqual(result.leftovers, []);
    assert.deepEqual(await throttlesLeft(topic), []);
    const after = await snapshotOf(topic);
    // consistent: every partition has either its old or its planned replicas, and the in-flight ones rolled back
    for (const p of after.topics[0].partitions) {
      const move = plan.moves.find((m) => m.partition === p.partition);
      const allowed = [before.topics[0].partitions[p.partition].replicas, ...(move ? [move.after] : [])].map((r) => r.join(','));
      assert.ok(
        allowed.includes(p.replicas.join(',')),
        `${topic}-${p.partition} has ${p.replicas}, expected one of ${allowed.join(' | ')}`,
      );
      assert.equal(p.isr.length, p.replicas.length, `${topic}-${p.partition} is fully in sync`);
    }
    assert.equal(result.batchesDone, 0, 'the first batch did not finish');
  });

  it('refuses to start while another reassignment is in progress, then the first one is cancelled cleanly', async () => {
    const topic = `kfp-busy-${Date.now().toString(36)}`;
    await createTopicWithAssignment(settings().bootstrap[0], topic, [
      [1, 2],
      [2, 1],
    ]);
    for (let p = 0; p < 2; p++) await produceRecords(settings().bootstrap[0], topic, p, 4000, 1000);
    const plan = planReassignment(await snapshotOf(topic), { goal: { kind: 'add', brokers: [{ id: 3, rack: 'c' }] } });
    let cancelFirst = false;
    let submitted!: () => void;
    const inFlight = new Promise<void>((resolve) => (submitted = resolve));
    const first = executePlan({
      settings: settings(),
      schedule: scheduleExecution(plan.moves, { throttleBytesPerSec: 100_000 }),
      pollIntervalMs: 300,
      isCancelled: () => cancelFirst,
      onProgress: () => submitted(),
    });
    await inFlight;
    const second = await executePlan({ settings: settings(), schedule: scheduleExecution(plan.moves, { throttleBytesPerSec: 1e6 }) });
    cancelFirst = true;
    const firstResult = await first;
    assert.equal(second.outcome, 'failed');
    assert.match(second.error ?? '', /reassignments? (is|are) already in progress \(e\.g\. kfp-busy-.*-\d\); wait for them or cancel them/);
    assert.deepEqual(second.leftovers, [], 'the refused run set nothing, so it leaves nothing');
    assert.equal(firstResult.outcome, 'cancelled');
    assert.deepEqual(await throttlesLeft(topic), []);
  });
});
