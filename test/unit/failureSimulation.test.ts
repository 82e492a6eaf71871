// The failure simulation on small layouts computed by hand: Kafka's leader election in replica order over the ISR,
// offline and under-min-ISR partitions, unclean election, per-broker load after failover, catch-up bytes and time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_BROKER_TYPE, demoRateSamples } from '../../src/core/demo';
import { parseDowntimeMinutes } from '../../src/cli/simulateCommands';
import { brokerCapacityOfType } from '../../src/core/sizing/brokerCapacity';
import { findBrokerType } from '../../src/core/sizing/catalog';
import {
  SimulationInputError,
  failureSimulationToJson,
  formatFailureSimulation,
  simulateFailure,
  simulateOnSnapshot,
  type FailureSimulation,
} from '../../src/core/simulation';
import { partitionWriteRates } from '../../src/core/skew';
import { trafficModel } from '../../src/core/traffic';
import { snapshot, type SnapshotBuilder } from './builders';

const MB = 1e6;

/**
 * Brokers 1 (a), 2 (b), 3 (c), 4 (a).
 * - t3 (RF 3, min.insync.replicas 2): p0 [3,1,2] all in sync, writes 1 MB/s; p1 [3,2,1] with 2 out of the ISR;
 *   p2 [1,3,2] led by 1.
 * - t2 (RF 2, no min.insync.replicas in the snapshot): p0 [3,4] with ISR [3] only.
 * - u (RF 2, unclean.leader.election.enable): p0 [3,4] with ISR [3] only.
 */
function layout(t3p0Bytes: number): SnapshotBuilder {
  return snapshot()
    .broker(1, 'a')
    .broker(2, 'b')
    .broker(3, 'c')
    .broker(4, 'a')
    .topic(
      't3',
      [
        { replicas: [3, 1, 2], bytes: t3p0Bytes },
        { replicas: [3, 2, 1], isr: [3, 1], bytes: 0 },
        { replicas: [1, 3, 2], bytes: 0 },
      ],
      { minInsyncReplicas: 2 },
    )
    .topic('t2', [{ replicas: [3, 4], isr: [3], bytes: 0 }])
    .topic('u', [{ replicas: [3, 4], isr: [3], bytes: 0 }], { minInsyncReplicas: 1, uncleanLeaderElectionEnable: true });
}
const earlier = layout(0).at('2026-11-25T10:00:00.000Z').build();
const later = layout(10 * MB)
  .at('2026-11-25T10:00:10.000Z')
  .build(); // t3-0: 10 MB in 10 s = 1 MB/s
const traffic = trafficModel(partitionWriteRates(earlier, later), later);
/** 2 MB/s network each way, 5 MB/s storage writes: small enough that one partition's failover crosses 80 %. */
const small = brokerCapacityOfType({ kind: 'custom', networkMbPerSec: 2, storageMbPerSec: 5, partitionsRecommended: 100 });

const outcome = (sim: FailureSimulation, key: string) => sim.affected.find((o) => `${o.topic}-${o.partition}` === key);

describe('failure simulation: Kafka leader election and ISR', () => {
  const sim = simulateFailure(later, { scenario: { kind: 'brokers', brokers: [3] } });

  it('elects the first replica in assignment order that is alive and in the ISR', () => {
    assert.deepEqual(outcome(sim, 't3-0'), {
      ...outcome(sim, 't3-0'),
      leaderBefore: 3,
      leaderAfter: 1,
      isrAfter: [1, 2],
      offline: false,
      underMinIsr: false,
    });
    // 2 comes before 1 in the replicas of t3-1 but is not in the ISR: 1 leads, alone, under min.insync.replicas 2
    const p1 = outcome(sim, 't3-1')!;
    assert.equal(p1.leaderAfter, 1);
    assert.deepEqual(p1.isrAfter, [1]);
    assert.equal(p1.underMinIsr, true);
    // a follower lost: the leader stays
    const p2 = outcome(sim, 't3-2')!;
    assert.equal(p2.leaderAfter, 1);
    assert.equal(p2.leaderMoved, false);
    assert.deepEqual(p2.isrAfter, [1, 2]);
  });

  it('takes a partition offline when no in-sync replica survives; unclean election picks the first live replica', () => {
    const t2 = outcome(sim, 't2-0')!;
    assert.equal(t2.offline, true);
    assert.equal(t2.leaderAfter, -1);
    assert.deepEqual(t2.isrAfter, [], 'with eligible leader replicas (KIP-966) the ISR is emptied');
    assert.equal(t2.minInsyncFrom, 'kafka-default');
    const u = outcome(sim, 'u-0')!;
    assert.equal(u.offline, false);
    assert.equal(u.leaderAfter, 4);
    assert.equal(u.uncleanElection, true);
    assert.deepEqual(u.isrAfter, [4]);
    assert.deepEqual(
      sim.offline.map((o) => `${o.topic}-${o.partition}`),
      ['t2-0'],
    );
    assert.deepEqual(
      sim.underMinIsr.map((o) => `${o.topic}-${o.partition}`),
      ['t3-1'],
    );
    assert.ok(sim.notes.some((n) => /elect a leader outside the ISR/.test(n)));
  });

  it('without eligible leader replicas the last in-sync replica stays in the ISR of an offline partition', () => {
    const old = simulateFailure(later, { scenario: { kind: 'brokers', brokers: [3] }, eligibleLeaderReplicas: false });
    assert.deepEqual(outcome(old, 't2-0')!.isrAfter, [3]);
    assert.equal(outcome(old, 't2-0')!.offline, true);
  });

  it('a rack fails all its brokers; two brokers down leave no live replica', () => {
    const rack = simulateFailure(later, { scenario: { kind: 'rack', rack: 'a' } });
    assert.deepEqual(rack.failed, [1, 4]);
    assert.equal(rack.scenarioText, 'losing rack a (brokers 1, 4)');
    const two = simulateFailure(later, { scenario: { kind: 'brokers', brokers: [1, 3] } });
    // t3-0 [3,1,2]: 2 is the only live ISR member
    assert.equal(outcome(two, 't3-0')!.leaderAfter, 2);
    assert.equal(outcome(two, 't3-0')!.underMinIsr, true);
    // t3-1 [3,2,1] ISR [3,1]: both in-sync replicas dead, 2 alive but not in sync: offline
    assert.equal(outcome(two, 't3-1')!.offline, true);
  });

  it('rejects unknown brokers and racks with the ones that exist', () => {
    assert.throws(
      () => simulateFailure(later, { scenario: { kind: 'brokers', brokers: [9] } }),
      (e: Error) => e instanceof SimulationInputError && /broker 9 is not in test.*Its brokers are 1, 2, 3, 4\./.test(e.message),
    );
    assert.throws(
      () => simulateFailure(later, { scenario: { kind: 'rack', rack: 'z' } }),
      (e: Error) =>
        e instanceof SimulationInputError && /no broker of test is in rack "z".*Its racks \(broker\.rack\) are a, b, c\./.test(e.message),
    );
  });
});

describe('failure simulation: load after failover and catch-up', () => {
  it('moves the leader bytes in, consumer and replication out to the new leader, by hand', () => {
    const sim = simulateFailure(later, { scenario: { kind: 'brokers', brokers: [3] }, traffic, capacity: small });
    const b1 = sim.brokers.find((b) => b.broker === 1)!;
    // before: 1 followed t3-0 (1 MB/s in). After: 1 leads it: 1 MB/s in from producers, out 1 reader + 1 follower (2)
    assert.deepEqual({ in: b1.before!.networkIn, out: b1.before!.networkOut }, { in: 1 * MB, out: 0 });
    assert.deepEqual(
      { lbi: b1.after!.leaderBytesIn, rin: b1.after!.replicationIn, cout: b1.after!.consumerOut, rout: b1.after!.replicationOut },
      { lbi: 1 * MB, rin: 0, cout: 1 * MB, rout: 1 * MB },
    );
    assert.equal(b1.leadersGained, 2); // t3-0 and t3-1
    assert.equal(b1.usesAfter.find((u) => u.resource === 'networkOut')!.utilization, 1);
    assert.deepEqual(b1.overCeilingAfter, ['networkOut']);
    assert.deepEqual(
      sim.overCeiling.map((b) => b.broker),
      [1],
    );
    assert.equal(
      sim.verdict,
      'Losing broker 3 puts broker 1 at 100 % of network out: above the 80 % ceiling; takes 1 partition offline; leaves 1 partition under min.insync.replicas (acks=all writes fail).',
    );
  });

  it('catch-up: backlog = write rate × downtime; rate = the binding spare under the ceiling; time = backlog ÷ rate', () => {
    const cap = brokerCapacityOfType({ kind: 'custom', networkMbPerSec: 10, storageMbPerSec: 5, partitionsRecommended: 100 });
    const sim = simulateFailure(later, { scenario: { kind: 'brokers', brokers: [3] }, traffic, capacity: cap, downtimeMinutes: 10 });
    const c = sim.catchUp!;
    assert.equal(c.applicable, true);
    // t3-0 writes 1 MB/s for 600 s; t2-0 was offline (nothing written)
    assert.deepEqual(c.returning, [{ broker: 3, backlogBytes: 600 * MB, partitions: 1 }]);
    // broker 3 back as a follower of t3-0: 1 MB/s live. Spare under 80 %: network in 8 - 1 = 7, storage 4 - 1 = 3,
    // leader 1 network out 8 - (1 reader + 2 followers) = 5 MB/s: storage binds at 3 MB/s, 200 s
    assert.equal(c.rateBytesPerSec, 3 * MB);
    assert.equal(c.seconds, 200);
    assert.equal(c.binding!.broker, 3);
    assert.equal(c.binding!.resource, 'storageWrite');
    assert.ok(Math.abs(c.binding!.utilizationDuring - 0.8) < 1e-12);
    // unthrottled: storage at 100 %: 5 - 1 = 4 MB/s, 150 s
    assert.equal(c.unthrottledSeconds, 150);
    const throttled = simulateFailure(later, {
      scenario: { kind: 'brokers', brokers: [3] },
      traffic,
      capacity: cap,
      downtimeMinutes: 10,
      throttleBytesPerSec: 2 * MB,
    }).catchUp!;
    assert.equal(throttled.rateBytesPerSec, 2 * MB);
    assert.equal(throttled.seconds, 300);
  });

  it('Express: client traffic against the sustained limits, replication and catch-up left to the service', () => {
    const express = brokerCapacityOfType(findBrokerType('express.m7g.large')!);
    const sim = simulateFailure(later, { scenario: { kind: 'brokers', brokers: [3] }, traffic, capacity: express, downtimeMinutes: 10 });
    const b2 = sim.brokers.find((b) => b.broker === 2)!;
    assert.equal(b2.after!.replicationIn, 1 * MB);
    assert.equal(b2.usesAfter.find((u) => u.resource === 'networkIn')!.loadBytesPerSec, 0, 'replication is not an Express client quota');
    assert.equal(sim.catchUp!.applicable, false);
    assert.match(sim.catchUp!.reason!, /service manages storage and recovery/);
  });

  it('capacity of a catalog type: kafka.m5.large network 93.75 MB/s, storage writes min(250 MiB/s, 650 Mbps ÷ 8) = 81.25 MB/s', () => {
    const c = brokerCapacityOfType(findBrokerType('kafka.m5.large')!);
    assert.equal(c.capacity.networkInBytesPerSec, 93.75 * MB);
    assert.equal(c.capacity.networkOutBytesPerSec, 93.75 * MB);
    assert.equal(c.capacity.storageWriteBytesPerSec, 81.25 * MB);
  });

  it('the demo: losing broker 3 pushes broker 1 over its network-out ceiling', () => {
    const { previous, current } = demoRateSamples();
    const sim = simulateOnSnapshot(current, {
      scenario: { kind: 'brokers', brokers: [3] },
      previous,
      brokerType: DEMO_BROKER_TYPE,
      downtimeMinutes: 30,
    });
    assert.deepEqual(
      sim.overCeiling.map((b) => b.broker),
      [1],
    );
    assert.match(sim.verdict, /^Losing broker 3 puts broker 1 at 9\d % of network out: above the 80 % ceiling/);
    const before = sim.brokers.find((b) => b.broker === 1)!.usesBefore.find((u) => u.resource === 'networkOut')!;
    assert.ok(before.utilization < 0.8, 'broker 1 is under the ceiling while every broker runs');
    assert.match(formatFailureSimulation(sim), /Catch-up after 30 min down:/);
    assert.doesNotThrow(() => JSON.parse(failureSimulationToJson(sim)));
  });

  it('parses downtimes: 30m, 2h, 90s, 45', () => {
    assert.deepEqual(['30m', '2h', '90s', '45'].map(parseDowntimeMinutes), [30, 120, 1.5, 45]);
    assert.throws(() => parseDowntimeMinutes('soon'), /--downtime takes a duration such as 30m/);
  });

  it('kfp simulate --demo --fail-broker 3 --downtime 30m prints the verdict; bad scenarios exit 2', () => {
    const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
    const kfp = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
    const r = kfp('simulate', '--demo', '--fail-broker', '3', '--downtime', '30m');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Losing broker 3 puts broker 1 at 9\d % of network out: above the 80 % ceiling/m);
    const json = JSON.parse(kfp('simulate', '--demo', '--fail-rack', 'b', '--json').stdout) as FailureSimulation;
    assert.deepEqual(json.failed, [2, 5, 8]);
    const both = kfp('simulate', '--demo');
    assert.equal(both.status, 2);
    assert.match(both.stderr, /needs exactly one of --fail-broker/);
    const bad = kfp('simulate', '--demo', '--fail-rack', 'q');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /no broker of Demo cluster is in rack "q"/);
  });
});
