// The cluster a plan was made for: written into the plan file, read back, and the only cluster it is reviewed
// against (never a guessed one such as the demo, whose topic names a real cluster may share).
import assert from 'node:assert/strict';
import { demoSnapshot } from '../../src/core/demo';
import { parseReassignmentJson, parseReassignmentLenient, reassignmentToJson } from '../../src/core/kafkaFormats';
import type { ClusterSnapshot } from '../../src/core/model';
import {
  PlanBindingMismatchError,
  checkPlanBinding,
  choiceOf,
  notConnectedText,
  planBindingOf,
  resolveReviewTarget,
  type ReviewCandidate,
} from '../../src/core/planBinding';
import { looksLikeReassignment } from '../../src/core/reassignmentDocument';
import { snapshot } from './builders';

function realCluster(clusterId = 'Zx3aQ-real-cluster', takenAt = '2026-11-25T10:00:00.000Z'): ClusterSnapshot {
  // a real cluster with topics named like the demo's: the names alone say nothing about which cluster a plan is for
  const s = snapshot()
    .broker(1, 'a')
    .broker(2, 'b')
    .broker(3, 'c')
    .topic('orders', [{ replicas: [1, 2], bytes: 1000 }])
    .topic('payments', [{ replicas: [2, 3], bytes: 500 }])
    .at(takenAt)
    .build();
  return { ...s, name: 'prod-east', clusterId, source: 'live' };
}

const candidate = (id: string, kind: ReviewCandidate['kind'], s: ClusterSnapshot): ReviewCandidate => ({
  id,
  label: s.name,
  kind,
  snapshot: s,
});
const DEMO = candidate('demo', 'demo', demoSnapshot());

describe('plan binding (plannedFor)', () => {
  describe('writing and reading', () => {
    const plan = { version: 1 as const, partitions: [{ topic: 'orders', partition: 0, replicas: [3, 2] }] };

    it('writes the binding between "version" and "partitions" and reads it back', () => {
      const binding = planBindingOf(realCluster(), 'prod-east', ['b-1:9092', 'b-2:9092'])!;
      assert.deepEqual(binding, { clusterId: 'Zx3aQ-real-cluster', clusterName: 'prod-east', bootstrap: ['b-1:9092', 'b-2:9092'] });
      const text = reassignmentToJson(plan, binding);
      assert.deepEqual(Object.keys(JSON.parse(text)), ['version', 'plannedFor', 'partitions']);
      assert.ok(looksLikeReassignment(text), 'still recognised as a reassignment file');
      const back = parseReassignmentJson(text);
      assert.deepEqual(back.plannedFor, binding);
      assert.deepEqual(back.partitions, [{ topic: 'orders', partition: 0, replicas: [3, 2], log_dirs: ['any', 'any'] }]);
      assert.deepEqual(parseReassignmentLenient(text).binding, binding);
      // the plan's own binding is kept when it is written again
      assert.equal(reassignmentToJson(back), text);
    });

    it('writes no binding for a snapshot without a cluster id, and Kafka-only JSON without one', () => {
      const offline = { ...realCluster(), clusterId: undefined };
      assert.equal(planBindingOf(offline), undefined);
      assert.deepEqual(Object.keys(JSON.parse(reassignmentToJson(plan))), ['version', 'partitions']);
      assert.equal(parseReassignmentJson(reassignmentToJson(plan)).plannedFor, undefined);
    });

    it("takes the bootstrap hint from a live snapshot's first brokers, none from the demo", () => {
      assert.deepEqual(planBindingOf(realCluster())!.bootstrap, ['broker-1:9092', 'broker-2:9092', 'broker-3:9092']);
      assert.deepEqual(planBindingOf(demoSnapshot()), { clusterId: 'demo-cluster-0001', clusterName: 'Demo cluster' });
    });

    it('names the field of a bad binding, and a lenient read keeps the entries', () => {
      const bad = '{"version":1,"plannedFor":{"clusterName":"x"},"partitions":[{"topic":"orders","partition":0,"replicas":[1]}]}';
      assert.throws(() => parseReassignmentJson(bad, 'plan.json'), /plan\.json: \$\.plannedFor\.clusterId: expected a string/);
      const lenient = parseReassignmentLenient(bad, 'plan.json');
      assert.equal(lenient.binding, undefined);
      assert.deepEqual(
        lenient.errors.map((e) => e.path),
        ['$.plannedFor.clusterId'],
      );
      assert.equal(lenient.reassignment?.partitions.length, 1);
    });
  });

  describe('which cluster a document is reviewed against', () => {
    const real = realCluster();
    const binding = planBindingOf(real, 'prod-east', ['b-1:9092'])!;

    it('a plan for a real cluster is never reviewed against the demo while that cluster is not connected', () => {
      // after a window reload only the demo is loaded; it has topics called orders and payments too
      const target = resolveReviewTarget(binding, undefined, [DEMO]);
      assert.equal(target.kind, 'notConnected');
      assert.deepEqual(target.kind === 'notConnected' && target.want, binding);
      assert.equal(notConnectedText(binding), 'Not connected: connect to prod-east (cluster id Zx3aQ-real-cluster) to review this plan');
    });

    it('reviews against the cluster whose snapshot has the cluster id once it is loaded, whatever its registry id', () => {
      const live = candidate('live:10.0.0.1:9092', 'live', real);
      const target = resolveReviewTarget(binding, undefined, [DEMO, live]);
      assert.equal(target.kind === 'cluster' && target.cluster, live);
      assert.equal(target.kind === 'cluster' && target.chosen, false);
    });

    it('prefers a live snapshot over a snapshot file of the same cluster, then the newest', () => {
      const file = candidate('file:///tmp/prod.json', 'file', realCluster(undefined, '2026-11-25T12:00:00.000Z'));
      const older = candidate('live:a:9092', 'live', realCluster(undefined, '2026-11-25T09:00:00.000Z'));
      const newer = candidate('live:b:9092', 'live', realCluster(undefined, '2026-11-25T11:00:00.000Z'));
      const target = resolveReviewTarget(binding, undefined, [file, older, newer]);
      assert.equal(target.kind === 'cluster' && target.cluster.id, 'live:b:9092');
    });

    it('a plan without a binding is unbound, even when the demo has every topic it names', () => {
      assert.deepEqual(resolveReviewTarget(undefined, undefined, [DEMO]), { kind: 'unbound' });
    });

    it("the user's choice wins over the binding, and waits for its cluster like a binding does", () => {
      const live = candidate('live:10.0.0.1:9092', 'live', real);
      const chosenDemo = resolveReviewTarget(binding, choiceOf(DEMO), [DEMO, live]);
      assert.equal(chosenDemo.kind === 'cluster' && chosenDemo.cluster, DEMO);
      assert.equal(chosenDemo.kind === 'cluster' && chosenDemo.chosen, true);
      const choice = choiceOf(live);
      assert.deepEqual(choice, { clusterId: 'Zx3aQ-real-cluster', registryId: 'live:10.0.0.1:9092', name: 'prod-east' });
      const waiting = resolveReviewTarget(undefined, choice, [DEMO]);
      assert.deepEqual(waiting, {
        kind: 'notConnected',
        want: { clusterId: 'Zx3aQ-real-cluster', clusterName: 'prod-east' },
        chosen: true,
      });
      // a snapshot without a cluster id is remembered by its registry id
      const offline = candidate('file:///tmp/offline.json', 'file', { ...real, clusterId: undefined, name: 'offline.json' });
      const byRegistry = resolveReviewTarget(undefined, choiceOf(offline), [DEMO, offline]);
      assert.equal(byRegistry.kind === 'cluster' && byRegistry.cluster, offline);
    });
  });

  describe("the CLI's check", () => {
    const binding = planBindingOf(realCluster(), 'prod-east', ['b-1:9092'])!;
    const flag = { allowed: false, flag: '--ignore-binding' };

    it('passes the cluster the plan names and plans without a binding', () => {
      assert.equal(checkPlanBinding('plan.json', binding, realCluster(), flag), undefined);
      assert.equal(checkPlanBinding('plan.json', undefined, demoSnapshot(), flag), undefined);
    });

    it('refuses another cluster id with a message saying which and how to proceed; the flag turns it into a warning', () => {
      assert.throws(
        () => checkPlanBinding('plan.json', binding, demoSnapshot(), flag),
        (err: unknown) =>
          err instanceof PlanBindingMismatchError &&
          err.message ===
            'plan.json: $.plannedFor: the plan was made for prod-east (cluster id Zx3aQ-real-cluster), but the cluster given is ' +
              'Demo cluster (cluster id demo-cluster-0001). Give that cluster (bootstrap b-1:9092), or add --ignore-binding to use this one anyway.',
      );
      assert.match(checkPlanBinding('plan.json', binding, demoSnapshot(), { ...flag, allowed: true })!, /using Demo cluster .* instead/);
    });

    it('warns when the cluster given has no cluster id to compare', () => {
      assert.match(checkPlanBinding('plan.json', binding, { ...realCluster(), clusterId: undefined }, flag)!, /cannot be checked/);
    });
  });
});
