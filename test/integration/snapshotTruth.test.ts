// Live snapshot numbers against Kafka's own tools on the REAL test cluster (globalSetup's, or KAFKA_BOOTSTRAP's):
// partitions, leaders, replicas, ISR and per-broker counts against `kafka-topics.sh --describe` (internal topics
// included), and the active controller against `kafka-metadata-quorum.sh describe --status`, also on a second,
// isolated-mode cluster whose controller is a controller-only node.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { brokerLoads } from '../../src/core/brokerLoad';
import { childrenOf, describeNode } from '../../src/core/explorerTree';
import type { ClusterSnapshot } from '../../src/core/model';
import { formatClusterSummary } from '../../src/core/summaryText';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { BROKER_ONLY_NODE, CONTROLLER_ONLY_NODE, startControllerOnlyCluster, type ControllerOnlyCluster } from './controllerOnlyCluster';
import {
  consumeAndCommit,
  createTopicWithAssignment,
  produceRecords,
  testBootstrap,
  testConnectionSettings,
  uniqueName,
} from './kafkaCluster';
import { countsPerBroker, describeTopicsWithKafka, quorumLeaderFromKafka, type DescribedTopics } from './kafkaToolOutput';

const bootstrap = testBootstrap;
const settings = testConnectionSettings;
const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** Our snapshot with Kafka's --describe taken just before and just after it, retried until both agree (no election in between). */
async function snapshotBetweenEqualDescribes(): Promise<{ snapshot: ClusterSnapshot; described: DescribedTopics }> {
  for (let attempt = 1; ; attempt++) {
    const before = describeTopicsWithKafka(bootstrap());
    const snapshot = await takeSnapshot(settings());
    const after = describeTopicsWithKafka(bootstrap());
    if (isDeepStrictEqual(before, after)) return { snapshot, described: after };
    if (attempt >= 3) assert.fail('kafka-topics --describe changed around every snapshot (leaders moving?)');
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

describe("live snapshot numbers equal Kafka's own tools (real cluster)", function () {
  this.timeout(180_000);

  describe('partitions and per-broker counts, internal topics included, against kafka-topics.sh --describe', () => {
    const topic = uniqueName('kfp-truth');
    const group = uniqueName('kfp-truth-group');

    before(async () => {
      await createTopicWithAssignment(bootstrap(), topic, [
        [1, 2],
        [2, 3],
        [3, 1],
      ]);
      for (let p = 0; p < 3; p++) await produceRecords(bootstrap(), topic, p, 5, 100);
      // Committed offsets: Kafka creates __consumer_offsets for them (offsets.topic.num.partitions on the brokers).
      await consumeAndCommit(bootstrap(), topic, group, 15);
    });

    it('lists every topic Kafka lists, with the same leader, replicas (in order) and ISR for every partition', async () => {
      const { snapshot, described } = await snapshotBetweenEqualDescribes();
      assert.ok(described.has('__consumer_offsets'), 'kafka-topics lists __consumer_offsets once offsets are committed');
      assert.ok(
        !snapshot.warnings.some((w) => /returned no metadata/.test(w)),
        `the snapshot left topics out: ${snapshot.warnings.join(' | ')}`,
      );
      assert.deepEqual(snapshot.topics.map((t) => t.name).sort(), [...described.keys()].sort());
      const sortedIsr = (p: { leader: number; replicas: number[]; isr: number[] }) => ({
        leader: p.leader,
        replicas: p.replicas,
        isr: [...p.isr].sort((a, b) => a - b),
      });
      for (const t of snapshot.topics) {
        const ours = new Map(t.partitions.map((p) => [p.partition, sortedIsr(p)]));
        const kafka = new Map([...described.get(t.name)!].map(([partition, p]) => [partition, sortedIsr(p)]));
        assert.deepEqual(ours, kafka, `topic ${t.name}`);
      }
      const offsets = snapshot.topics.find((t) => t.name === '__consumer_offsets')!;
      assert.equal(offsets.internal, true);
      assert.ok(
        snapshot.consumerGroups.some((g) => g.groupId === group && g.offsets.length === 3),
        `group ${group} with its commits`,
      );
    });

    it("gives every broker the replica and leader counts Kafka's partitions add up to, in the tree and the CLI summary", async () => {
      const { snapshot, described } = await snapshotBetweenEqualDescribes();
      const kafka = countsPerBroker(described);
      assert.ok((kafka.get(1)?.replicas ?? 0) > 0 && described.has('__consumer_offsets'));
      const summary = formatClusterSummary(snapshot);
      for (const load of brokerLoads(snapshot)) {
        const id = load.broker.id;
        const expected = kafka.get(id) ?? { replicas: 0, leaders: 0 };
        assert.deepEqual({ replicas: load.replicas, leaders: load.leaders }, expected, `broker ${id}`);
        const row = describeNode(snapshot, { kind: 'broker', brokerId: id });
        assert.match(
          row.description ?? '',
          new RegExp(`^rack \\S+ · ${plural(expected.replicas, 'replica')} · ${plural(expected.leaders, 'leader')} · `),
          `tree row of broker ${id}`,
        );
        assert.match(
          summary,
          new RegExp(`^ *${id}\\*? +\\S+ +\\S+ +${expected.replicas} +${expected.leaders} `, 'm'),
          `summary row of broker ${id}`,
        );
      }
    });
  });

  describe('the active controller against kafka-metadata-quorum.sh describe --status', () => {
    const REFRESHES = 8;

    it('is the metadata quorum leader on every refresh, and only that broker is starred', async () => {
      for (let attempt = 1; ; attempt++) {
        const leader = quorumLeaderFromKafka(bootstrap());
        const snapshots: ClusterSnapshot[] = [];
        for (let i = 0; i < REFRESHES; i++) snapshots.push(await takeSnapshot(settings(), { skipGroups: true }));
        if (quorumLeaderFromKafka(bootstrap()) !== leader) {
          if (attempt >= 3) assert.fail('the quorum leader changed during every attempt');
          continue; // an election in between: the comparison would mean nothing
        }
        assert.ok(leader >= 0, `kafka-metadata-quorum reports a leader (${leader})`);
        assert.deepEqual(
          snapshots.map((s) => s.controllerId),
          snapshots.map(() => leader),
          'controller id of each refresh',
        );
        assert.deepEqual(
          snapshots.map((s) => s.brokers.filter((b) => b.isController).map((b) => b.id)),
          snapshots.map(() => [leader]),
          'starred broker of each refresh',
        );
        assert.deepEqual(
          snapshots.map((s) => s.controller?.source),
          snapshots.map(() => 'metadataQuorum'),
        );
        const last = snapshots[snapshots.length - 1];
        const rows = childrenOf(last, { kind: 'brokers' }).map((n) => describeNode(last, n).label);
        assert.deepEqual(
          rows.filter((l) => l.includes('★ controller')),
          [`${leader} ★ controller`],
        );
        assert.match(
          describeNode(last, { kind: 'brokers' }).tooltip ?? '',
          new RegExp(`Active controller: node ${leader} \\(broker ${leader}\\), the leader of the KRaft metadata quorum`),
        );
        return;
      }
    });

    it('kfp summary marks the quorum leader and names it as the active controller', function () {
      this.timeout(60_000);
      const leader = quorumLeaderFromKafka(bootstrap());
      const r = spawnSync(process.execPath, [cli, 'summary', '--bootstrap', bootstrap()], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(quorumLeaderFromKafka(bootstrap()), leader, 'no election during the run');
      const starred = [...r.stdout.matchAll(/^ *(\d+)\* /gm)].map((m) => Number(m[1]));
      assert.deepEqual(starred, [leader], r.stdout);
      assert.match(
        r.stdout,
        new RegExp(`^active controller: node ${leader} \\(broker ${leader}\\), the leader of the KRaft metadata quorum`, 'm'),
      );
    });
  });

  describe('a controller-only quorum leader (KRaft isolated mode)', () => {
    let isolated: ControllerOnlyCluster | undefined;

    before(async function () {
      if (process.env.KAFKA_BOOTSTRAP) this.skip(); // an existing cluster: this second one is started from the jars
      isolated = await startControllerOnlyCluster((line) => process.stderr.write(`[kafka-isolated] ${line}\n`));
    });

    after(async () => {
      await isolated?.stop();
    });

    it('is "node N", not a broker: no broker starred, and the tree and kfp summary name it', async () => {
      const bootstrapIsolated = isolated!.bootstrap;
      assert.equal(quorumLeaderFromKafka(bootstrapIsolated), CONTROLLER_ONLY_NODE);
      const s = await takeSnapshot(
        { bootstrap: [bootstrapIsolated], connectTimeoutMs: 5_000, requestTimeoutMs: 15_000 },
        { skipGroups: true },
      );
      assert.equal(s.controllerId, CONTROLLER_ONLY_NODE);
      assert.equal(s.controller?.source, 'metadataQuorum');
      assert.deepEqual(
        s.brokers.map((b) => [b.id, b.isController]),
        [[BROKER_ONLY_NODE, false]],
      );
      assert.deepEqual(
        childrenOf(s, { kind: 'brokers' }).map((n) => describeNode(s, n).label),
        [String(BROKER_ONLY_NODE)],
      );
      assert.equal(describeNode(s, { kind: 'brokers' }).description, `1 · controller: node ${CONTROLLER_ONLY_NODE} (not a broker)`);

      const r = spawnSync(process.execPath, [cli, 'summary', '--bootstrap', bootstrapIsolated], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /^ *\d+\* /m, 'no broker row is starred');
      assert.match(
        r.stdout,
        new RegExp(
          `^active controller: node ${CONTROLLER_ONLY_NODE}, a controller-only node \\(not one of the brokers\\), the leader of the KRaft metadata quorum`,
          'm',
        ),
      );
    });
  });
});
