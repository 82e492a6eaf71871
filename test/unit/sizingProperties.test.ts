// Property-based tests of the Kafka sizing model (fast-check, fixed seed: reproducible runs).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BROKER_CATALOG } from '../../src/core/sizing/catalog';
import { recommendBrokerCount, sizeKafkaCluster, type KafkaSizingInput, type KafkaSizingResult } from '../../src/core/sizing/kafkaSizing';

const SEED = 20261126;
const RUNS = { seed: SEED, numRuns: 150 };

const STANDARD_IDS = BROKER_CATALOG.filter((t) => t.kind === 'standard').map((t) => t.id);
const ALL_IDS = BROKER_CATALOG.map((t) => t.id);

/** A workload on a catalog type; brokerCount is filled in by each property. */
const workloadArb = (ids: string[]) =>
  fc.record({
    ingressPeakMbPerSec: fc.double({ min: 0.1, max: 2000, noNaN: true }),
    consumerGroups: fc.integer({ min: 0, max: 6 }),
    replicationFactor: fc.integer({ min: 1, max: 3 }),
    numberOfAzs: fc.integer({ min: 1, max: 3 }),
    retentionHours: fc.double({ min: 1, max: 720, noNaN: true }),
    partitions: fc.integer({ min: 1, max: 3000 }),
    brokerType: fc.constantFrom(...ids),
  });

type Workload = {
  ingressPeakMbPerSec: number;
  consumerGroups: number;
  replicationFactor: number;
  numberOfAzs: number;
  retentionHours: number;
  partitions: number;
  brokerType: string;
};

function input(w: Workload, brokerCount: KafkaSizingInput['brokerCount'], over: Partial<KafkaSizingInput> = {}): KafkaSizingInput {
  return { ...w, ingressAvgMbPerSec: w.ingressPeakMbPerSec, maxBrokerCount: 60, brokerCount, ...over };
}

function utilization(r: KafkaSizingResult, state: string): number | undefined {
  const s = r.states.find((x) => x.state === state);
  return s?.applicable ? s.utilization?.value : undefined;
}

describe('Kafka sizing properties', () => {
  it('more ingress never needs fewer brokers', () => {
    fc.assert(
      fc.property(workloadArb(ALL_IDS), fc.double({ min: 1, max: 5, noNaN: true }), (w, factor) => {
        const less = recommendBrokerCount(input(w, 'recommend'));
        const more = recommendBrokerCount(input({ ...w, ingressPeakMbPerSec: w.ingressPeakMbPerSec * factor }, 'recommend'));
        if (!less.found) {
          assert.equal(
            more.found,
            false,
            `${w.ingressPeakMbPerSec} MB/s fits nowhere but ${w.ingressPeakMbPerSec * factor} MB/s fits ${more.brokerCount}`,
          );
          return;
        }
        if (more.found)
          assert.ok(more.brokerCount! >= less.brokerCount!, `${more.brokerCount} brokers for more ingress < ${less.brokerCount}`);
      }),
      RUNS,
    );
  });

  it('losing an AZ is never better than losing a broker', () => {
    fc.assert(
      fc.property(workloadArb(ALL_IDS), fc.integer({ min: 0, max: 20 }), (w, extra) => {
        const brokers = Math.max(w.replicationFactor, w.numberOfAzs) + extra;
        const r = sizeKafkaCluster(input(w, brokers));
        const az = utilization(r, 'oneAzLost');
        const broker = utilization(r, 'oneBrokerLost');
        if (az === undefined || broker === undefined) return;
        assert.ok(az >= broker - 1e-12, `one AZ lost ${az} < one broker lost ${broker} with ${brokers} brokers over ${w.numberOfAzs} AZs`);
      }),
      RUNS,
    );
  });

  it('catch-up time decreases as the replication throttle (the spare bandwidth used) grows', () => {
    fc.assert(
      fc.property(
        workloadArb(STANDARD_IDS),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (w, throttle, factor) => {
          const brokers = Math.max(3, w.replicationFactor, w.numberOfAzs);
          const wl = { ...w, replicationFactor: Math.max(2, w.replicationFactor) };
          const slow = sizeKafkaCluster(input(wl, brokers, { replicationThrottleMbPerSec: throttle })).states.find(
            (s) => s.state === 'catchUp',
          )!.catchUp!;
          const fast = sizeKafkaCluster(input(wl, brokers, { replicationThrottleMbPerSec: throttle * factor })).states.find(
            (s) => s.state === 'catchUp',
          )!.catchUp!;
          assert.ok(
            fast.catchUpSeconds.value <= slow.catchUpSeconds.value + 1e-9,
            `${fast.catchUpSeconds.value} s at ${throttle * factor} MB/s > ${slow.catchUpSeconds.value} s at ${throttle} MB/s`,
          );
        },
      ),
      RUNS,
    );
  });

  it("catch-up time decreases as the brokers' bandwidth (and so the spare) grows", () => {
    fc.assert(
      fc.property(
        fc.record({
          ingressPeakMbPerSec: fc.double({ min: 1, max: 200, noNaN: true }),
          storageMbPerSec: fc.double({ min: 50, max: 1000, noNaN: true }),
          networkMbPerSec: fc.double({ min: 50, max: 3000, noNaN: true }),
          brokers: fc.integer({ min: 3, max: 12 }),
        }),
        fc.double({ min: 1, max: 8, noNaN: true }),
        (w, factor) => {
          const at = (k: number) =>
            sizeKafkaCluster({
              ingressAvgMbPerSec: w.ingressPeakMbPerSec,
              ingressPeakMbPerSec: w.ingressPeakMbPerSec,
              consumerGroups: 1,
              replicationFactor: 3,
              retentionHours: 24,
              partitions: 300,
              numberOfAzs: 3,
              brokerType: {
                kind: 'custom',
                storageMbPerSec: w.storageMbPerSec * k,
                networkMbPerSec: w.networkMbPerSec * k,
                partitionsRecommended: 4000,
              },
              brokerCount: w.brokers,
            }).states.find((s) => s.state === 'catchUp')!.catchUp!;
          const small = at(1);
          const big = at(factor);
          assert.ok(big.suggestedThrottleMbPerSec.value >= small.suggestedThrottleMbPerSec.value - 1e-9, 'more bandwidth, less spare');
          assert.ok(
            big.catchUpSeconds.value <= small.catchUpSeconds.value + 1e-9,
            `${big.catchUpSeconds.value} s with ×${factor} bandwidth > ${small.catchUpSeconds.value} s`,
          );
        },
      ),
      RUNS,
    );
  });
});
