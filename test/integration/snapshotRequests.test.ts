// The live snapshot's requests on the REAL 3-broker KRaft cluster, counted by API from the client's own diagnostics
// channel (RequestCounter), against the protocol floor: one Metadata for all topics, one DescribeLogDirs and one
// ListGroups per broker, the configs in one DescribeConfigs, one ListOffsets per partition leader, one DescribeGroups
// and one OffsetFetch per group coordinator. Counts, not times: on 2,000 partitions the snapshot sends exactly the
// floor, so it cannot grow with the number of topics or partitions (bench/live.ts shows the same on 20,000+).
import assert from 'node:assert/strict';
import { takeSnapshot, type SnapshotInstrument } from '../../src/kafka/snapshot';
import { RequestCounter, snapshotRequestFloor, totalRequests } from '../../src/kafka/requests';
import {
  commitGroupOffsets,
  createTopics,
  deleteTopic,
  produceRecords,
  testBootstrap,
  testConnectionSettings,
  withAdmin,
  type TopicSpec,
} from './kafkaCluster';

const TOPICS = 100;
const PARTITIONS_PER_TOPIC = 20;
const GROUPS = 12;

/**
 * A just-created partition can refuse the first produce while its leader loads it, and the first commit waits for
 * __consumer_offsets to be created: try again for a while, then fail with every nested error.
 */
async function retried(what: string, fn: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fn();
      return;
    } catch (err) {
      if (attempt >= 30) {
        const nested = (e: unknown): string =>
          e instanceof Error
            ? `${e.message}${(e as { errors?: unknown[] }).errors?.map((x) => ` (${nested(x)})`).join('') ?? ''}`
            : String(e);
        throw new Error(`${what}: ${nested(err)}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

describe('live snapshot requests at the protocol floor (2,000 partitions)', function () {
  this.timeout(300_000);
  const prefix = `kfp-floor-${Date.now().toString(36)}`;
  const specs: TopicSpec[] = Array.from({ length: TOPICS }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(3, '0')}`,
    partitions: PARTITIONS_PER_TOPIC,
    replicas: 1 + (i % 3), // RF 1, 2 and 3 mixed
  }));
  const groups = Array.from({ length: GROUPS }, (_, i) => `${prefix}-group-${i}`);

  before(async () => {
    await createTopics(testBootstrap(), specs);
    // data on a few partitions, and groups with committed offsets behind the end (lag = end - committed)
    for (const t of specs.slice(0, 3)) await retried(`producing to ${t.name}`, () => produceRecords(testBootstrap(), t.name, 0, 100, 100));
    for (const [i, g] of groups.entries()) {
      await retried(`committing offsets of ${g}`, () =>
        commitGroupOffsets(testBootstrap(), g, [
          { topic: specs[i % 3].name, partition: 0, offset: 5 * (i + 1) },
          { topic: specs[3].name, partition: 1, offset: 0 },
        ]),
      );
    }
  });

  after(async () => {
    await withAdmin(testBootstrap(), (admin) => admin.deleteGroups({ groups })).catch(() => undefined);
    for (const t of specs) await deleteTopic(testBootstrap(), t.name).catch(() => undefined);
  });

  it('sends exactly the floor of requests by API, and reads every topic, partition, size, offset and group', async () => {
    const instrument: SnapshotInstrument = { counter: new RequestCounter() };
    const s = await takeSnapshot(testConnectionSettings(), { instrument });
    const counts = instrument.counter.byApi();
    const shape = instrument.shape;
    assert.ok(shape, 'the snapshot records its shape');

    // The shape, checked against what the test created and against the client's own answers
    const brokers = JSON.parse(process.env.KFP_TEST_BROKERS ?? '[]') as unknown[];
    assert.equal(shape.brokers, brokers.length);
    const mine = s.topics.filter((t) => t.name.startsWith(prefix));
    assert.equal(mine.length, TOPICS);
    assert.equal(
      mine.reduce((n, t) => n + t.partitions.length, 0),
      TOPICS * PARTITIONS_PER_TOPIC,
    );
    const allTopics = await withAdmin(testBootstrap(), (admin) => admin.listTopics({ includeInternals: true }));
    assert.equal(shape.topics, allTopics.length, 'configs asked for every topic');
    const leaders = new Set(s.topics.filter((t) => !t.internal).flatMap((t) => t.partitions.map((p) => p.leader)));
    assert.equal(shape.leaders, leaders.size);
    const listed = await withAdmin(testBootstrap(), (admin) => admin.listGroups());
    const consumerGroups = [...listed.values()].filter((g) => g.protocolType === 'consumer' || g.protocolType === '').length;
    assert.equal(
      shape.groupsPerCoordinator.reduce((a, b) => a + b, 0),
      consumerGroups,
    );

    const floor = snapshotRequestFloor(shape);
    assert.deepEqual(Object.keys(floor).sort(), [
      'ApiVersions',
      'DescribeConfigs',
      'DescribeGroups',
      'DescribeLogDirs',
      'DescribeQuorum',
      'ListGroups',
      'ListOffsets',
      'Metadata',
      'OffsetFetch',
    ]);
    assert.equal(floor.Metadata, 1);
    assert.equal(floor.DescribeLogDirs, 3);
    assert.equal(floor.DescribeConfigs, 1);
    assert.equal(floor.ListGroups, 3);
    assert.deepEqual(counts, floor, `requests by API ${JSON.stringify(counts)} vs floor ${JSON.stringify(floor)}`);
    assert.ok(totalRequests(counts) <= 1.5 * totalRequests(floor));

    // ... and nothing was lost by sending fewer requests
    assert.deepEqual(s.warnings, []);
    for (const t of mine) {
      for (const p of t.partitions) {
        assert.equal(p.sizes.length, p.replicas.length, `${t.name}-${p.partition}: a size per replica`);
        assert.equal(p.endOffset, t === mine[0] || t === mine[1] || t === mine[2] ? (p.partition === 0 ? 100 : 0) : 0);
      }
      assert.ok(t.configs.retentionMs !== undefined && t.configs.cleanupPolicy === 'delete', `${t.name}: configs read`);
    }
    for (const [i, g] of groups.entries()) {
      const group = s.consumerGroups.find((x) => x.groupId === g);
      assert.ok(group, `${g} is in the snapshot`);
      const committed = 5 * (i + 1);
      assert.deepEqual(
        group.offsets.map((o) => [o.topic, o.partition, o.committedOffset, o.lag]),
        [
          [specs[i % 3].name, 0, committed, 100 - committed],
          [specs[3].name, 1, 0, 0],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      assert.equal(group.totalLag, 100 - committed);
    }
  });

  it('a group deadline too short for the cluster gives a partial snapshot that names what is missing, never a hang', async () => {
    const started = Date.now();
    const s = await takeSnapshot(testConnectionSettings(), { groupDeadlineMs: 1 });
    assert.ok(Date.now() - started < 15_000, 'returns within the request budget');
    assert.ok(s.topics.filter((t) => t.name.startsWith(prefix)).length === TOPICS, 'everything but the groups is there');
    assert.equal(s.consumerGroups.filter((g) => groups.includes(g.groupId)).length, 0);
    const groupWarnings = s.warnings.filter((w) => /^Consumer groups/.test(w));
    assert.ok(groupWarnings.length > 0, `warnings say the groups are missing: ${JSON.stringify(s.warnings)}`);
  });
});
