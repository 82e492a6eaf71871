// Snapshots of the REAL 3-broker KRaft cluster started by globalSetup (or KAFKA_BOOTSTRAP).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerLoads } from '../../src/core/brokerLoad';
import { snapshotFromJson } from '../../src/core/snapshotJson';
import { KafkaConnectionError } from '../../src/kafka/connection';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, produceRecords, testBootstrap, testConnectionSettings, uniqueName } from './kafkaCluster';

const bootstrap = testBootstrap;
const settings = testConnectionSettings;

describe('live snapshot of a real Kafka cluster', () => {
  const skewed = uniqueName('kfp-skewed');
  const spread = uniqueName('kfp-spread');
  const RECORDS = 500;
  const VALUE_BYTES = 1_000;

  before(async () => {
    await createTopicWithAssignment(
      bootstrap(),
      skewed,
      [
        [1, 2],
        [1, 3],
        [1, 2],
      ],
      { 'retention.ms': '3600000', 'cleanup.policy': 'delete', 'min.insync.replicas': '1' },
    );
    await createTopicWithAssignment(bootstrap(), spread, [
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ]);
    await produceRecords(bootstrap(), spread, 1, RECORDS, VALUE_BYTES);
  });

  it('reads brokers with racks a/b/c and the controller', async () => {
    const s = await takeSnapshot(settings());
    assert.equal(s.source, 'live');
    assert.deepEqual(
      s.brokers.map((b) => [b.id, b.rack]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
    );
    assert.equal(s.brokers.filter((b) => b.isController).length, 1);
    assert.ok(s.clusterId && s.clusterId.length > 0);
    for (const b of s.brokers) {
      assert.equal(b.host, '127.0.0.1');
      assert.ok(b.logDirs.length >= 1, `broker ${b.id} reports its log dirs`);
      assert.ok((b.logDirs[0].totalBytes ?? 0) > 0, `broker ${b.id} reports volume capacity (KIP-827)`);
    }
  });

  it('reads exactly the replica assignments, leaders and ISR that were created', async () => {
    const s = await takeSnapshot(settings());
    const a = s.topics.find((t) => t.name === skewed)!;
    assert.deepEqual(
      a.partitions.map((p) => p.replicas),
      [
        [1, 2],
        [1, 3],
        [1, 2],
      ],
    );
    assert.deepEqual(
      a.partitions.map((p) => p.leader),
      [1, 1, 1],
    );
    assert.deepEqual(
      a.partitions.map((p) => [...p.isr].sort()),
      [
        [1, 2],
        [1, 3],
        [1, 2],
      ],
    );
    assert.deepEqual(a.configs, {
      retentionMs: 3600000,
      retentionBytes: -1,
      minInsyncReplicas: 1,
      cleanupPolicy: 'delete',
      uncleanLeaderElectionEnable: false,
      remoteStorageEnable: false,
      localRetentionMs: -2,
      localRetentionBytes: -2,
    });
    const b = s.topics.find((t) => t.name === spread)!;
    assert.deepEqual(
      b.partitions.map((p) => p.leader),
      [1, 2, 3],
    );
    assert.equal(b.internal, false);
  });

  it('reads replica sizes > 0 on every replica of the produced partition and end offsets', async () => {
    const s = await takeSnapshot(settings());
    const p1 = s.topics.find((t) => t.name === spread)!.partitions[1];
    assert.equal(p1.endOffset, RECORDS);
    assert.deepEqual(p1.sizes.map((x) => x.broker).sort(), [1, 2, 3]);
    for (const size of p1.sizes)
      assert.ok(size.bytes >= RECORDS * VALUE_BYTES, `replica on broker ${size.broker} holds ${size.bytes} bytes`);
    const p0 = s.topics.find((t) => t.name === spread)!.partitions[0];
    assert.equal(p0.endOffset, 0);
    assert.ok(p0.sizes.every((x) => x.bytes === 0));
    // the produced bytes show up in the brokers' loads
    const loads = brokerLoads(s);
    assert.ok(loads.every((l) => l.replicaBytes >= RECORDS * VALUE_BYTES));
  });

  it('the CLI writes a snapshot file that parses back and matches', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'kfp-cli-'));
    const out = join(dir, 'snap.json');
    const r = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'snapshot', '--bootstrap', bootstrap(), '--out', out],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const s = snapshotFromJson(readFileSync(out, 'utf8'), out);
    assert.deepEqual(
      s.topics.find((t) => t.name === skewed)!.partitions.map((p) => p.replicas),
      [
        [1, 2],
        [1, 3],
        [1, 2],
      ],
    );
    const summary = spawnSync(process.execPath, [join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'summary', out], {
      encoding: 'utf8',
    });
    assert.equal(summary.status, 0, summary.stderr);
    assert.match(summary.stdout, /3 brokers in 3 racks/);
  });

  it('fails with a clear error within the timeout when the bootstrap port is closed', async () => {
    const started = Date.now();
    await assert.rejects(
      takeSnapshot({ bootstrap: ['127.0.0.1:1'], connectTimeoutMs: 1_000, requestTimeoutMs: 2_000 }),
      (err: unknown) => err instanceof KafkaConnectionError && /Connection refused by 127\.0\.0\.1:1/.test(err.message),
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1_000 + 2_000 + 1_000, `gave up after ${elapsed} ms`);
  });

  it('gives up within the deadline on a port that accepts but never answers', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket)); // accepts, never speaks Kafka
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    const started = Date.now();
    try {
      await assert.rejects(
        takeSnapshot({ bootstrap: [`127.0.0.1:${port}`], connectTimeoutMs: 1_000, requestTimeoutMs: 1_500 }),
        (err: unknown) => {
          return err instanceof KafkaConnectionError && /No answer from 127\.0\.0\.1:\d+ in time/.test(err.message);
        },
      );
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1_000 + 1_500 + 3_000, `gave up after ${elapsed} ms`);
  });
});
