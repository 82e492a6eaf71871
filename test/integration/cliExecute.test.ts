// kfp execute on the real cluster: refuses without confirmation or with an invalid plan, runs a valid one.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createAdmin } from '../../src/kafka/connection';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, produceRecords, testBootstrap } from './kafkaCluster';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const bootstrap = testBootstrap;
const kfp = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input: '', timeout: 120_000 });

describe('kfp execute on the real cluster', function () {
  this.timeout(150_000);
  const dir = mkdtempSync(join(tmpdir(), 'kfp-exec-cli-'));
  let topic = '';

  before(async () => {
    topic = `kfp-cli-${Date.now().toString(36)}`;
    await createTopicWithAssignment(bootstrap(), topic, [
      [1, 2],
      [2, 1],
    ]);
    await produceRecords(bootstrap(), topic, 0, 500, 1000);
  });

  const replicasNow = async () => {
    const s = await takeSnapshot(
      { bootstrap: bootstrap().split(','), connectTimeoutMs: 5000, requestTimeoutMs: 15000 },
      { skipGroups: true },
    );
    return s.topics.find((t) => t.name === topic)!.partitions.map((p) => p.replicas);
  };

  it('refuses a plan with errors and changes nothing', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, replicas: [1, 9] }] }));
    const r = kfp('execute', file, '--bootstrap', bootstrap(), '--throttle', '5MB/s', '--yes');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /error \[unknown-broker\] \$\.partitions\[0\]\.replicas\[1\]: Broker 9 is not in/);
    assert.match(r.stderr, /has 1 error against .*; nothing was changed/);
    assert.deepEqual(await replicasNow(), [
      [1, 2],
      [2, 1],
    ]);
  });

  it('asks for confirmation: without --yes and without a terminal it refuses', async () => {
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, replicas: [3, 2] }] }));
    const r = kfp('execute', file, '--bootstrap', bootstrap(), '--throttle', '5MB/s');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /About to move 1 replicas \(.*\) on 127\.0\.0\.1:\d+.*\(cluster id .+\)/);
    assert.match(r.stderr, /confirm with --yes/);
    assert.deepEqual(await replicasNow(), [
      [1, 2],
      [2, 1],
    ]);
  });

  it('needs a throttle', () => {
    const r = kfp('execute', join(dir, 'plan.json'), '--bootstrap', bootstrap(), '--yes');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /needs --throttle/);
  });

  it('executes a valid plan with --yes, removes its journal and leaves the planned replicas', async () => {
    const file = join(dir, 'plan.json');
    const r = kfp('execute', file, '--bootstrap', bootstrap(), '--throttle', '5MB/s', '--yes', '--elect-leaders');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /throttle 5\.0 MB\/s set on brokers 1, 2, 3/);
    assert.match(r.stderr, /throttles removed/);
    assert.match(r.stderr, /completed: 1 partition moved in 1 batch/);
    assert.match(r.stderr, /No --base given: whether the planned partitions changed since the plan was made cannot be checked/);
    // leader 1 left the list, so Kafka already moved leadership to the first replica: the election finds it preferred
    assert.match(r.stderr, /preferred leader election: 1 partition: 0 elected, 1 already led by their preferred replica, 0 failed\n/);
    assert.match(r.stderr, new RegExp(`  ${topic}-0: already preferred \\(preferred leader 3\\)\\n`));
    assert.equal(existsSync(`${file}.execution.json`), false);
    assert.deepEqual(await replicasNow(), [
      [3, 2],
      [2, 1],
    ]);
  });

  it('survives a crash: kill -9 in the middle, then --resume finishes the plan and removes every throttle', async () => {
    const crashTopic = `kfp-crash-${Date.now().toString(36)}`;
    await createTopicWithAssignment(bootstrap(), crashTopic, [
      [1, 2],
      [2, 1],
      [1, 2],
    ]);
    for (let p = 0; p < 3; p++) await produceRecords(bootstrap(), crashTopic, p, 1500, 1000);
    const plan = join(dir, 'crash-plan.json');
    const journal = join(dir, 'crash.journal.json');
    const target = [
      [3, 2],
      [2, 3],
      [1, 3],
    ];
    writeFileSync(
      plan,
      JSON.stringify({ version: 1, partitions: target.map((replicas, partition) => ({ topic: crashTopic, partition, replicas })) }),
    );
    // one move per broker at a time at 500 kB/s: ~3 s per 1.5 MB copy, so a kill lands mid-execution
    const child = spawn(
      process.execPath,
      [cli, 'execute', plan, '--bootstrap', bootstrap(), '--throttle', '500000', '--moves-per-broker', '1', '--yes', '--journal', journal],
      { stdio: 'ignore' },
    );
    const started = Date.now();
    while (!(existsSync(journal) && JSON.parse(readFileSync(journal, 'utf8')).inFlight.length > 0)) {
      assert.ok(Date.now() - started < 30_000, 'the execution never put a move in flight');
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const left = JSON.parse(readFileSync(journal, 'utf8'));
    assert.ok(Object.keys(left.brokerRatesBefore).length > 0, 'the crash left throttles, recorded in the journal');
    assert.ok(left.pending.length > 0);

    const r = kfp('execute', '--resume', '--journal', journal, '--bootstrap', bootstrap(), '--yes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Resuming on .*: \d+ moves? not confirmed done, 1 in flight, throttle 0\.5 MB\/s/);
    assert.match(r.stderr, /throttles removed/);
    assert.equal(existsSync(journal), false, 'the journal is removed once everything is clean');
    const s2 = await takeSnapshot(
      { bootstrap: bootstrap().split(','), connectTimeoutMs: 5000, requestTimeoutMs: 15000 },
      { skipGroups: true },
    );
    assert.deepEqual(
      s2.topics.find((t) => t.name === crashTopic)!.partitions.map((p) => p.replicas),
      target,
    );
    const admin = createAdmin({ bootstrap: bootstrap().split(','), connectTimeoutMs: 5000, requestTimeoutMs: 15000 });
    try {
      let dynamic: string[] = ['?'];
      for (let i = 0; i < 40 && dynamic.length; i++) {
        const configs = await admin.describeConfigs({
          resources: [
            ...[1, 2, 3].map((b) => ({
              resourceType: 4 as const,
              resourceName: String(b),
              configurationKeys: ['leader.replication.throttled.rate', 'follower.replication.throttled.rate'],
            })),
            {
              resourceType: 2 as const,
              resourceName: crashTopic,
              configurationKeys: ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'],
            },
          ],
        });
        dynamic = configs.flatMap((c) =>
          c.configs.filter((x) => x.configSource === 1 || x.configSource === 2).map((x) => `${c.resourceName} ${x.name}=${x.value}`),
        );
        if (dynamic.length) await new Promise((res) => setTimeout(res, 250));
      }
      assert.deepEqual(dynamic, []);
    } finally {
      await admin.close();
    }
  });
});
