// A plan saved for the REAL cluster is reviewed against that cluster, never against the demo, even though its topics
// have the demo's names (audit-log, user-profiles): the review uses the real cluster's sizes and partitions. Covers
// the editor's choice of cluster (core/planBinding.ts, which the VS Code review runs) and `kfp plan` / `kfp review`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSnapshot } from '../../src/core/demo';
import { reassignmentToJson } from '../../src/core/kafkaFormats';
import { partitionBytes, type ClusterSnapshot } from '../../src/core/model';
import { planBindingOf, resolveReviewTarget, type ReviewCandidate } from '../../src/core/planBinding';
import { parsePlanText, reviewParsedPlan } from '../../src/core/planner/review';
import { snapshotToJson } from '../../src/core/snapshotJson';
import { formatBytes } from '../../src/core/units';
import { takeSnapshot } from '../../src/kafka/snapshot';
import { createTopicWithAssignment, deleteTopic, produceRecords, testBootstrap, testConnectionSettings, withAdmin } from './kafkaCluster';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const kfp = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });

// Names the demo cluster has too (6 and 8 partitions there, 640 GiB and 12 GiB): only the binding tells them apart.
const AUDIT = 'audit-log';
const PROFILES = 'user-profiles';

function sized(snapshot: ClusterSnapshot): boolean {
  return [AUDIT, PROFILES].every((name) => {
    const t = snapshot.topics.find((x) => x.name === name);
    return !!t && t.partitions.every((p) => p.replicas.every((b) => p.sizes.some((s) => s.broker === b && s.bytes > 0)));
  });
}

describe('a plan saved for the real cluster is reviewed against it, not the demo', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'kfp-binding-'));
  let real: ClusterSnapshot;
  let created = false;

  before(async function () {
    const existing = await withAdmin(testBootstrap(), (admin) => admin.listTopics({ includeInternals: false }));
    if (existing.includes(AUDIT) || existing.includes(PROFILES)) {
      // only on an existing cluster (KAFKA_BOOTSTRAP) that has them already: its data is not ours to change
      console.log(`skipped: the cluster already has a topic named ${AUDIT} or ${PROFILES}`);
      this.skip();
    }
    await createTopicWithAssignment(testBootstrap(), AUDIT, [
      [1, 2],
      [2, 3],
    ]);
    await createTopicWithAssignment(testBootstrap(), PROFILES, [[3, 1]]);
    created = true;
    await produceRecords(testBootstrap(), AUDIT, 0, 300, 1000);
    await produceRecords(testBootstrap(), AUDIT, 1, 100, 1000);
    await produceRecords(testBootstrap(), PROFILES, 0, 50, 1000);
    real = await takeSnapshot(testConnectionSettings(), { name: 'kfp test cluster', skipGroups: true });
    for (const deadline = Date.now() + 30_000; !sized(real);) {
      if (Date.now() > deadline) assert.fail('DescribeLogDirs did not report a size for every replica within 30 s');
      await new Promise((r) => setTimeout(r, 300));
      real = await takeSnapshot(testConnectionSettings(), { name: 'kfp test cluster', skipGroups: true });
    }
    assert.ok(real.clusterId, 'the real cluster reports its cluster id');
  });

  after(async () => {
    if (!created) return;
    await deleteTopic(testBootstrap(), AUDIT).catch(() => undefined);
    await deleteTopic(testBootstrap(), PROFILES).catch(() => undefined);
  });

  /** The plan as the plan view saves it: Kafka's JSON with the real cluster named in plannedFor. */
  function savedPlan(): { file: string; text: string } {
    const plan = {
      version: 1 as const,
      partitions: [
        { topic: AUDIT, partition: 0, replicas: [3, 2] },
        { topic: AUDIT, partition: 1, replicas: [2, 1] },
        // the demo's audit-log has 6 partitions; the real one has 2
        { topic: AUDIT, partition: 4, replicas: [1, 2] },
        { topic: PROFILES, partition: 0, replicas: [1, 2] },
      ],
    };
    const text = reassignmentToJson(plan, planBindingOf(real, 'kfp test cluster', testBootstrap().split(',')));
    const file = join(dir, 'plan.json');
    writeFileSync(file, text);
    return { file, text };
  }

  const realBytes = (topic: string, partition: number) =>
    partitionBytes(real.topics.find((t) => t.name === topic)!.partitions.find((p) => p.partition === partition)!);

  it('in the editor: "not connected" while only the demo is loaded, then the real sizes and partitions once it connects', () => {
    const { text } = savedPlan();
    const parsed = parsePlanText(text, 'plan.json');
    assert.equal(parsed.binding?.clusterId, real.clusterId);
    const demo: ReviewCandidate = { id: 'demo', label: 'Demo cluster', kind: 'demo', snapshot: demoSnapshot() };
    const live: ReviewCandidate = { id: `live:${testBootstrap()}`, label: 'kfp test cluster', kind: 'live', snapshot: real };

    // after a window reload only the demo is loaded: the plan waits for its cluster instead of using the demo
    const waiting = resolveReviewTarget(parsed.binding, undefined, [demo]);
    assert.equal(waiting.kind, 'notConnected', JSON.stringify(waiting.kind === 'cluster' ? waiting.cluster.id : waiting));

    const target = resolveReviewTarget(parsed.binding, undefined, [demo, live]);
    assert.ok(target.kind === 'cluster' && target.cluster === live, 'reviewed against the real cluster once it is loaded');
    const review = reviewParsedPlan(target.cluster.snapshot, parsed);
    assert.deepEqual(
      review.findings.map((f) => `${f.code} ${f.path}`),
      ['unknown-partition $.partitions[2].partition'],
    );
    assert.match(review.findings[0].message, /^audit-log has partitions 0\.\.1; there is no partition 4\.$/);
    assert.ok(!review.findings.some((f) => /Demo cluster/.test(f.message)));
    // audit-log-0 gains broker 3, audit-log-1 broker 1, user-profiles-0 broker 2: each copies the REAL partition
    const expectedBytes = realBytes(AUDIT, 0) + realBytes(AUDIT, 1) + realBytes(PROFILES, 0);
    assert.equal(review.replicasMoved, 3);
    assert.equal(review.bytesMoved, expectedBytes);
    assert.ok(expectedBytes > 400_000 && expectedBytes < 5_000_000, `${expectedBytes} bytes: the real sizes, not the demo's GiB`);
    const demoReview = reviewParsedPlan(demoSnapshot(), parsed);
    assert.ok(demoReview.bytesMoved > 1024 ** 3, 'the demo would have said GiB: the test tells them apart');
  });

  it('kfp review PLAN reviews against the cluster the plan names, with its sizes', () => {
    const { file } = savedPlan();
    const r = kfp('review', file, '--json');
    assert.equal(r.status, 1, r.stderr); // the unknown partition is an error
    assert.match(r.stderr, new RegExp(`was made for kfp test cluster \\(cluster id ${real.clusterId}\\): connecting to`));
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.cluster, { name: 'kfp test cluster', clusterId: real.clusterId });
    assert.deepEqual(
      out.findings.map((f: { code: string; line: number }) => f.code),
      ['unknown-partition'],
    );
    assert.equal(out.bytesMoved, realBytes(AUDIT, 0) + realBytes(AUDIT, 1) + realBytes(PROFILES, 0));
  });

  it('kfp review and kfp execute refuse the demo (another cluster id) for it, unless --ignore-binding', () => {
    const { file } = savedPlan();
    const demo = kfp('review', file, '--demo');
    assert.equal(demo.status, 2, demo.stdout + demo.stderr);
    assert.match(
      demo.stderr,
      new RegExp(
        `the plan was made for kfp test cluster \\(cluster id ${real.clusterId}\\), but the cluster given is Demo cluster \\(cluster id demo-cluster-0001\\)\\. ` +
          'Give that cluster \\(bootstrap .+\\), or add --ignore-binding to use this one anyway\\.',
      ),
    );
    assert.equal(demo.stdout, '', 'nothing reviewed');
    const anyway = kfp('review', file, '--demo', '--ignore-binding');
    assert.match(anyway.stderr, /warning: .* using Demo cluster \(cluster id demo-cluster-0001\) instead \(--ignore-binding\)/);
    const execute = kfp('execute', file, '--bootstrap', testBootstrap(), '--throttle', '5MB/s', '--yes');
    // the right cluster: refused for the plan's error, not for the binding
    assert.equal(execute.status, 2, execute.stderr);
    assert.doesNotMatch(execute.stderr, /plannedFor/);
    assert.match(execute.stderr, /has 1 error against/);
  });

  it('kfp plan --out names the cluster of its source, and kfp review of it needs no cluster option', () => {
    // the real cluster's snapshot, cut down to the two topics so the plan leaves the other tests' topics alone
    const snapshotFile = join(dir, 'real.json');
    writeFileSync(snapshotFile, snapshotToJson({ ...real, topics: real.topics.filter((t) => t.name === AUDIT || t.name === PROFILES) }));
    const planFile = join(dir, 'drain-3.json');
    const plan = kfp('plan', '--snapshot', snapshotFile, '--goal', 'remove-brokers', '--remove', '3', '--out', planFile);
    assert.equal(plan.status, 0, plan.stderr);
    const written = JSON.parse(readFileSync(planFile, 'utf8'));
    assert.equal(written.plannedFor.clusterId, real.clusterId);
    assert.equal(written.plannedFor.clusterName, 'kfp test cluster');
    assert.ok(written.plannedFor.bootstrap.length > 0, 'a bootstrap hint from the live snapshot');
    const review = kfp('review', planFile);
    assert.equal(review.status, 0, review.stderr);
    assert.match(review.stderr, new RegExp(`Reviewing .*drain-3\\.json against kfp test cluster \\(cluster id ${real.clusterId}\\)`));
    const moved = realBytes(AUDIT, 1) + realBytes(PROFILES, 0); // the two partitions on broker 3 move off it
    assert.match(review.stdout, new RegExp(`^moves 2 replicas, ${formatBytes(moved).replace('.', '\\.')},`, 'm'));
  });
});
