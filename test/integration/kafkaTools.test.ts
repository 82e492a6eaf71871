// Our JSON round-trips with Kafka's own kafka-reassign-partitions tool (ReassignPartitionsCommand from the same
// Maven jars the test cluster runs): it accepts and completes our plan as we save it (with the "plannedFor" field
// naming its cluster, which the tool must ignore), and we read its --generate output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { assignmentOf, parseGenerateOutput, reassignmentToJson } from '../../src/core/kafkaFormats';
import { planBindingOf } from '../../src/core/planBinding';
import { planReassignment, planToReassignment } from '../../src/core/planner/plan';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, ensureKafkaJars, produceRecords, testBootstrap } from './kafkaCluster';

const bootstrap = testBootstrap;

function reassignTool(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { libs } = ensureKafkaJars();
  const r = spawnSync(
    'java',
    [
      '-Xmx256m',
      '-cp',
      join(libs, '*'),
      'org.apache.kafka.tools.reassign.ReassignPartitionsCommand',
      '--bootstrap-server',
      bootstrap().split(',')[0],
      ...args,
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("round trip with Kafka's kafka-reassign-partitions tool", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'kfp-tools-'));
  let topic = '';

  before(async () => {
    topic = `kfp-tools-${Date.now().toString(36)}`;
    await createTopicWithAssignment(bootstrap(), topic, [
      [1, 2],
      [2, 3],
      [3, 1],
      [1, 3],
    ]);
    for (let p = 0; p < 4; p++) await produceRecords(bootstrap(), topic, p, 200, 500);
  });

  it('--execute accepts our plan unchanged, with the cluster it names, and --verify sees it complete', async () => {
    const settings = { bootstrap: bootstrap().split(','), connectTimeoutMs: 5_000, requestTimeoutMs: 15_000 };
    const full = await takeSnapshot(settings, { skipGroups: true });
    const snapshot = { ...full, topics: full.topics.filter((t) => t.name === topic) };
    const plan = planReassignment(snapshot, { goal: { kind: 'remove', brokers: [3] } });
    assert.ok(plan.moves.length >= 3, `the plan drains broker 3 (${plan.moves.length} moves)`);
    const file = join(dir, 'plan.json');
    writeFileSync(file, reassignmentToJson(planToReassignment(plan), planBindingOf(full, 'kfp test cluster', bootstrap().split(','))));
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).plannedFor.clusterId, full.clusterId, 'the file names its cluster');

    const execute = reassignTool(['--reassignment-json-file', file, '--execute']);
    assert.equal(execute.status, 0, execute.stderr || execute.stdout);
    assert.match(execute.stdout, /Successfully started partition reassignments? for/);

    let verify = reassignTool(['--reassignment-json-file', file, '--verify']);
    for (let i = 0; i < 30 && (!/is completed/.test(verify.stdout) || /still in progress/.test(verify.stdout)); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      verify = reassignTool(['--reassignment-json-file', file, '--verify']);
    }
    assert.equal(verify.status, 0, verify.stderr);
    for (const m of plan.moves)
      assert.match(
        verify.stdout,
        new RegExp(`Status of partition reassignment:[\\s\\S]*Reassignment of partition ${topic}-${m.partition} is completed`),
      );

    const after = await takeSnapshot(settings, { skipGroups: true });
    const t = after.topics.find((x) => x.name === topic)!;
    for (const m of plan.moves) assert.deepEqual(t.partitions[m.partition].replicas, m.after);
    assert.ok(
      t.partitions.every((p) => !p.replicas.includes(3)),
      'broker 3 is drained',
    );
  });

  it('our reader reads --generate output; its current assignment matches our snapshot', async () => {
    const topicsFile = join(dir, 'topics.json');
    writeFileSync(topicsFile, JSON.stringify({ version: 1, topics: [{ topic }] }));
    const generate = reassignTool(['--topics-to-move-json-file', topicsFile, '--broker-list', '1,2,3', '--generate']);
    assert.equal(generate.status, 0, generate.stderr || generate.stdout);
    const { current, proposed } = parseGenerateOutput(generate.stdout);
    const snapshot = await takeSnapshot(
      { bootstrap: bootstrap().split(','), connectTimeoutMs: 5_000, requestTimeoutMs: 15_000 },
      { skipGroups: true },
    );
    const ours = assignmentOf(snapshot, new Set([topic]));
    const key = (p: { topic: string; partition: number }) => `${p.topic}-${p.partition}`;
    assert.deepEqual(current.partitions.map((p) => [key(p), p.replicas]).sort(), ours.partitions.map((p) => [key(p), p.replicas]).sort());
    assert.equal(proposed.partitions.length, 4);
    for (const p of proposed.partitions) {
      assert.equal(p.replicas.length, 2);
      assert.ok(p.replicas.every((b) => [1, 2, 3].includes(b)));
    }
  });
});
