// kfp execute on the real cluster: refuses without confirmation or with an invalid plan, runs a valid one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, produceRecords } from './kafkaCluster';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const bootstrap = () => process.env.KFP_TEST_BOOTSTRAP ?? assert.fail('KFP_TEST_BOOTSTRAP is not set: run through npm run test:kafka.');
const kfp = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input: '', timeout: 120_000 });

describe('kfp execute on the real cluster', function () {
  this.timeout(150_000);
  const dir = mkdtempSync(join(tmpdir(), 'kfp-exec-cli-'));
  let topic = '';

  before(async () => {
    topic = `kfp-cli-${Date.now().toString(36)}`;
    await createTopicWithAssignment(bootstrap(), topic, [[1, 2], [2, 1]]);
    await produceRecords(bootstrap(), topic, 0, 500, 1000);
  });

  const replicasNow = async () => {
    const s = await takeSnapshot({ bootstrap: bootstrap().split(','), connectTimeoutMs: 5000, requestTimeoutMs: 15000 }, { skipGroups: true });
    return s.topics.find((t) => t.name === topic)!.partitions.map((p) => p.replicas);
  };

  it('refuses a plan with errors and changes nothing', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, replicas: [1, 9] }] }));
    const r = kfp('execute', file, '--bootstrap', bootstrap(), '--throttle', '5MB/s', '--yes');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /error \[unknown-broker\] \$\.partitions\[0\]\.replicas\[1\]: Broker 9 is not in/);
    assert.match(r.stderr, /has 1 error\(s\) against .*; nothing was changed/);
    assert.deepEqual(await replicasNow(), [[1, 2], [2, 1]]);
  });

  it('asks for confirmation: without --yes and without a terminal it refuses', async () => {
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, replicas: [3, 2] }] }));
    const r = kfp('execute', file, '--bootstrap', bootstrap(), '--throttle', '5MB/s');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /About to move 1 replicas \(.*\) on 127\.0\.0\.1:\d+.*\(cluster id .+\)/);
    assert.match(r.stderr, /confirm with --yes/);
    assert.deepEqual(await replicasNow(), [[1, 2], [2, 1]]);
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
    assert.match(r.stderr, /completed: 1 partition\(s\) moved in 1 batch\(es\)/);
    assert.equal(existsSync(`${file}.execution.json`), false);
    assert.deepEqual(await replicasNow(), [[3, 2], [2, 1]]);
  });
});
