// Kafka sizing: every expectation below is computed by hand in the comment next to it.
// Catalog numbers used throughout (src/core/sizing/catalog.ts):
//   kafka.m5.large:  storage 250 MiB/s × 1.048576 = 262.144 MB/s; EBS 650 Mbps ÷ 8 = 81.25 MB/s;
//                    network 0.75 Gbps × 125 = 93.75 MB/s; partitions 1000 / 1500.
//   kafka.m5.4xlarge: EBS 4750 ÷ 8 = 593.75 MB/s; network 5 × 125 = 625 MB/s; provisioned ceiling 593 MiB/s.
//   kafka.m7g.large: EBS 630 ÷ 8 = 78.75 MB/s; network 0.937 × 125 = 117.125 MB/s.
import assert from 'node:assert/strict';
import { BROKER_CATALOG, findBrokerType } from '../../src/core/sizing/catalog';
import { SizingInputError, type Explained } from '../../src/core/sizing/explained';
import { sourceText, unverifiedNote, type Source } from '../../src/core/sources';
import {
  compareExpressStandard,
  recommendBrokerCount,
  recommendKafkaCluster,
  sizeKafkaCluster,
  type KafkaSizingInput,
  type KafkaSizingResult,
  type KafkaState,
} from '../../src/core/sizing/kafkaSizing';

const GIB = 1024 ** 3;

function close(actual: number, expected: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what} ${actual} ≈ ${expected}`);
}

/** A 40 MB/s peak workload on 6 × kafka.m5.large over 3 AZs; tests override what they need. */
function workload(over: Partial<KafkaSizingInput> = {}): KafkaSizingInput {
  return {
    ingressAvgMbPerSec: 30,
    ingressPeakMbPerSec: 40,
    consumerGroups: 1,
    replicationFactor: 3,
    retentionHours: 24,
    partitions: 600,
    numberOfAzs: 3,
    brokerType: 'kafka.m5.large',
    brokerCount: 6,
    ...over,
  };
}

function state(result: KafkaSizingResult, name: KafkaState['state']): KafkaState {
  const s = result.states.find((x) => x.state === name);
  assert.ok(s, `state ${name}`);
  return s;
}

function rejects(input: () => unknown, ...parts: (string | RegExp)[]): void {
  assert.throws(input, (err: unknown) => {
    assert.ok(err instanceof SizingInputError, `expected a SizingInputError, got ${String(err)}`);
    for (const p of parts) {
      if (typeof p === 'string') assert.ok(err.message.includes(p), `"${err.message}" should include "${p}"`);
      else assert.match(err.message, p);
    }
    return true;
  });
}

describe('Kafka sizing: broker catalog', () => {
  it('has one row per id, each with public source links, and rows marked verify say why in their sources and note', () => {
    const ids = BROKER_CATALOG.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const t of BROKER_CATALOG) {
      assert.ok(t.sources.length > 0 && t.sources.every((s) => s.kind === 'url' && /^https:\/\//.test(s.url) && s.title.length > 0), t.id);
      if (t.verify) {
        assert.ok(t.note, `${t.id} is marked verify without a note`);
        assert.ok(
          t.sources.every((s) => s.unverified === 'secondary source'),
          `${t.id}: its sources say unverified`,
        );
      } else {
        assert.ok(
          t.sources.every((s) => s.unverified === undefined),
          `${t.id}: verified rows cite primary sources`,
        );
      }
    }
  });

  it("carries MSK's partition limits and storage ceilings, and EC2 baselines for m5 / m7g / t3", () => {
    const row = (id: string) => {
      const t = findBrokerType(id);
      assert.ok(t && t.kind === 'standard', id);
      return t;
    };
    assert.deepEqual([row('kafka.t3.small').partitionsRecommended, row('kafka.t3.small').partitionsMax], [300, 300]);
    assert.deepEqual([row('kafka.m7g.xlarge').partitionsRecommended, row('kafka.m7g.xlarge').partitionsMax], [1000, 1500]);
    assert.deepEqual([row('kafka.m5.2xlarge').partitionsRecommended, row('kafka.m5.2xlarge').partitionsMax], [2000, 3000]);
    assert.deepEqual([row('kafka.m5.24xlarge').partitionsRecommended, row('kafka.m5.24xlarge').partitionsMax], [4000, 6000]);
    assert.equal(row('kafka.m5.2xlarge').provisionedStorageMaxMiBPerSec, null);
    assert.equal(row('kafka.m5.4xlarge').provisionedStorageMaxMiBPerSec, 593);
    assert.equal(row('kafka.m7g.2xlarge').provisionedStorageMaxMiBPerSec, 312.5);
    assert.equal(row('kafka.m7g.16xlarge').provisionedStorageMaxMiBPerSec, 1000);
    assert.deepEqual([row('kafka.m5.large').ebsBaselineMbps, row('kafka.m5.large').networkBaselineGbps], [650, 0.75]);
    assert.deepEqual([row('kafka.m7g.large').ebsBaselineMbps, row('kafka.m7g.large').networkBaselineGbps], [630, 0.937]);
    assert.deepEqual([row('kafka.t3.small').ebsBaselineMbps, row('kafka.t3.small').networkBaselineGbps], [174, 0.128]);
    const express = findBrokerType('express.m7g.4xlarge');
    assert.ok(express && express.kind === 'express');
    assert.deepEqual(
      [
        express.ingressSustainedMbPerSec,
        express.ingressMaxMbPerSec,
        express.egressSustainedMbPerSec,
        express.egressMaxMbPerSec,
        express.partitionsRecommended,
        express.partitionsMax,
      ],
      [124.9, 187.5, 249.8, 468.7, 6000, 8000],
    );
  });
});

describe('Kafka sizing: Equation 1', () => {
  it('names the EBS network term when it binds', () => {
    // 3 × m5.large, RF 3, 1 group: storage 262.144 × 3 / 3 = 262.144; EBS 81.25 × 3 / 3 = 81.25;
    // EC2 network 93.75 × 3 / (1 + 3 − 1) = 93.75  ->  81.25 MB/s, EBS network.
    const r = sizeKafkaCluster(workload({ brokerCount: 3 }));
    const terms = Object.fromEntries(r.throughputLimit.terms.map((t) => [t.term, t.limitMbPerSec.value]));
    close(terms.storage, 262.144);
    close(terms.ebsNetwork, 81.25);
    close(terms.ec2Network, 93.75);
    close(r.throughputLimit.limitMbPerSec.value, 81.25);
    assert.equal(r.throughputLimit.binding, 'ebsNetwork');
    assert.match(r.throughputLimit.limitMbPerSec.formula, /binding: EBS network/);
  });

  it('names the EC2 network term when consumers make it bind', () => {
    // 3 groups: 93.75 × 3 / (3 + 3 − 1) = 56.25 < 81.25.
    const r = sizeKafkaCluster(workload({ brokerCount: 3, consumerGroups: 3 }));
    close(r.throughputLimit.limitMbPerSec.value, 56.25);
    assert.equal(r.throughputLimit.binding, 'ec2Network');
  });

  it('takes egress MB/s instead of consumer groups', () => {
    // 80 MB/s egress ÷ 40 MB/s peak = fan-out 2; network 93.75 × 3 / (2 + 3 − 1) = 70.3125.
    const r = sizeKafkaCluster(workload({ brokerCount: 3, consumerGroups: undefined, egressPeakMbPerSec: 80 }));
    close(r.readFanout.value, 2);
    close(r.throughputLimit.limitMbPerSec.value, 70.3125);
    assert.equal(r.throughputLimit.binding, 'ec2Network');
  });

  it('names the storage term when it binds, and lifts it with provisioned throughput', () => {
    // 3 × m5.4xlarge at the default 250 MiB/s: storage 262.144; EBS 593.75; network 625 × 3 / 3 = 625 -> storage.
    const r = sizeKafkaCluster(workload({ brokerCount: 3, brokerType: 'kafka.m5.4xlarge' }));
    close(r.throughputLimit.limitMbPerSec.value, 262.144);
    assert.equal(r.throughputLimit.binding, 'storage');
    // Provisioned 593 MiB/s × 1.048576 = 621.805568 MB/s > EBS 593.75 -> EBS binds at 593.75.
    const p = sizeKafkaCluster(workload({ brokerCount: 3, brokerType: 'kafka.m5.4xlarge', provisionedStorageMiBPerSec: 593 }));
    close(p.perBroker.storageMbPerSec!.value, 621.805568);
    close(p.throughputLimit.limitMbPerSec.value, 593.75);
    assert.equal(p.throughputLimit.binding, 'ebsNetwork');
  });

  it('sizes a custom broker; without an EBS limit that term does not apply', () => {
    // storage 100 × 4 / 2 = 200; network 500 × 4 / (1 + 2 − 1) = 1000 -> 200, storage.
    const r = sizeKafkaCluster(
      workload({
        brokerType: { kind: 'custom', id: 'on-prem', storageMbPerSec: 100, networkMbPerSec: 500, partitionsRecommended: 4000 },
        brokerCount: 4,
        numberOfAzs: 2,
        replicationFactor: 2,
      }),
    );
    assert.deepEqual(
      r.throughputLimit.terms.map((t) => t.term),
      ['storage', 'ec2Network'],
    );
    close(r.throughputLimit.limitMbPerSec.value, 200);
    assert.equal(r.brokerTypeId, 'on-prem');
  });

  it('treats a network term with nothing leaving the brokers as unlimited', () => {
    // RF 1 and 0 groups: denominator 0 + 1 − 1 = 0 -> ∞; EBS 81.25 × 3 / 1 = 243.75 binds.
    const r = sizeKafkaCluster(workload({ brokerCount: 3, replicationFactor: 1, consumerGroups: 0 }));
    assert.equal(r.throughputLimit.terms.find((t) => t.term === 'ec2Network')!.limitMbPerSec.value, Infinity);
    close(r.throughputLimit.limitMbPerSec.value, 243.75);
  });
});

describe('Kafka sizing: normal, broker-lost and AZ-lost states', () => {
  it('computes utilization with 6, 5 and 4 serving brokers', () => {
    // EBS binds: 81.25 × b / 3.  normal 40 / 162.5 = 0.246154; lost 40 / 135.41667 = 0.295385;
    // AZ lost: 6 − ceil(6 / 3) = 4 serving, 40 / 108.33333 = 0.369231.
    const r = sizeKafkaCluster(workload());
    close(state(r, 'normal').utilization!.value, 40 / 162.5);
    close(state(r, 'oneBrokerLost').utilization!.value, 40 / ((81.25 * 5) / 3));
    assert.equal(state(r, 'oneAzLost').servingBrokers, 4);
    close(state(r, 'oneAzLost').utilization!.value, 40 / ((81.25 * 4) / 3));
    assert.equal(r.withinCeiling, true);
  });

  it('fails the broker-lost state with its reason when the survivors cannot absorb the load', () => {
    // 120 MB/s: normal 120 / 162.5 = 73.8 % (ok); lost 120 / 135.41667 = 88.6 % > 80 %.
    const r = sizeKafkaCluster(workload({ ingressAvgMbPerSec: 100, ingressPeakMbPerSec: 120, replicationThrottleMbPerSec: 5 }));
    assert.equal(state(r, 'normal').withinCeiling, true);
    const lost = state(r, 'oneBrokerLost');
    assert.equal(lost.withinCeiling, false);
    assert.match(
      lost.reason!,
      /^One broker lost: 88\.6 % of the EBS network limit \(135\.42 MB\/s with 5 brokers\), above the 80 % ceiling$/,
    );
    assert.equal(r.withinCeiling, false);
  });

  it('loses half the brokers with 2 AZs and every broker with 1 AZ', () => {
    // 2 AZs: 6 − 3 = 3 serving -> 40 / 81.25 = 0.492308.
    const two = sizeKafkaCluster(workload({ numberOfAzs: 2 }));
    close(state(two, 'oneAzLost').utilization!.value, 40 / 81.25);
    // 1 AZ: 3 − 3 = 0 serving -> ∞, with the reason.
    const one = sizeKafkaCluster(workload({ numberOfAzs: 1, brokerCount: 3 }));
    const az = state(one, 'oneAzLost');
    assert.equal(az.utilization!.value, Infinity);
    assert.match(az.reason!, /single-AZ cluster does not survive the loss of its AZ/);
  });

  it('assumes the largest AZ is lost when brokers do not divide evenly, and says so', () => {
    // 7 brokers over 3 AZs: 7 − ceil(7 / 3) = 4 serving.
    const r = sizeKafkaCluster(workload({ brokerCount: 7 }));
    assert.equal(state(r, 'oneAzLost').servingBrokers, 4);
    assert.ok(r.warnings.some((w) => w.includes('not a multiple of numberOfAzs 3')));
  });
});

describe('Kafka sizing: catch-up after a broker returns', () => {
  // 6 × m5.large, 40 MB/s peak, RF 3, 1 group, 30 min away:
  //   backlog = 40 / 6 × 3 × 1800 s = 36,000 MB; the returning broker writes 40 × 3 / 6 = 20 MB/s live.
  //   spare at 80 %: storage 0.8 × 262.144 − 20 = 189.7152; EBS 0.8 × 81.25 − 20 = 45; network in 0.8 × 93.75 − 20 = 55;
  //   leaders out (5 brokers) 0.8 × 468.75 − 40 × 3 = 255  ->  45 MB/s on EBS network.
  //   spare at 100 %: 242.144, 61.25, 73.75, 348.75  ->  61.25 MB/s.

  it('without a throttle: assumes the suggested throttle (spare under the ceiling) and warns', () => {
    const r = sizeKafkaCluster(workload());
    const s = state(r, 'catchUp');
    const c = s.catchUp!;
    close(c.backlogBytes.value, 36_000e6);
    close(c.suggestedThrottleMbPerSec.value, 45);
    close(c.catchUpRateMbPerSec.value, 45);
    close(c.catchUpSeconds.value, 800); // 36,000 MB ÷ 45 MB/s
    close(s.utilization!.value, 0.8); // (20 + 45) ÷ 81.25
    assert.equal(s.withinCeiling, true);
    assert.equal(c.throttled, false);
    assert.ok(r.warnings.some((w) => w.includes('follower.replication.throttled.rate = 45 MB/s')));
  });

  it('with a throttle below the spare: catches up at the throttle', () => {
    const s = state(sizeKafkaCluster(workload({ replicationThrottleMbPerSec: 30 })), 'catchUp');
    close(s.catchUp!.catchUpSeconds.value, 1200); // 36,000 ÷ 30
    close(s.utilization!.value, 50 / 81.25); // (20 + 30) ÷ 81.25 = 61.5 %
    assert.equal(s.withinCeiling, true);
  });

  it('with a throttle above the spare: runs at the spare, saturates EBS and fails with the throttle that fits', () => {
    const s = state(sizeKafkaCluster(workload({ replicationThrottleMbPerSec: 100 })), 'catchUp');
    close(s.catchUp!.catchUpRateMbPerSec.value, 61.25); // min(100, 61.25)
    close(s.catchUp!.catchUpSeconds.value, 36_000 / 61.25); // 587.76 s
    close(s.utilization!.value, 1); // (20 + 61.25) ÷ 81.25
    assert.equal(s.withinCeiling, false);
    assert.match(s.reason!, /throttle of 100 MB\/s brings EBS network to 100 %.*at most 45 MB\/s/);
  });

  it('cannot catch up when the leaders have no outbound spare under the ceiling', () => {
    // 3 × m5.large, 20 MB/s, 6 groups: leaders out (2 brokers) 0.8 × 187.5 − 20 × (6 + 3 − 1) = 150 − 160 = −10 -> 0.
    const s = state(
      sizeKafkaCluster(workload({ brokerCount: 3, ingressAvgMbPerSec: 20, ingressPeakMbPerSec: 20, consumerGroups: 6 })),
      'catchUp',
    );
    assert.equal(s.catchUp!.suggestedThrottleMbPerSec.value, 0);
    assert.equal(s.catchUp!.catchUpSeconds.value, Infinity);
    assert.equal(s.withinCeiling, false);
    assert.match(s.reason!, /no spare bandwidth under the 80 % ceiling on EC2 network out \(leaders\)/);
  });

  it('has nothing to catch up after no downtime, and is not modelled for RF 1 or Express', () => {
    assert.equal(state(sizeKafkaCluster(workload({ brokerDowntimeMinutes: 0 })), 'catchUp').catchUp!.catchUpSeconds.value, 0);
    const rf1 = state(sizeKafkaCluster(workload({ replicationFactor: 1 })), 'catchUp');
    assert.equal(rf1.applicable, false);
    assert.match(rf1.reason!, /replicationFactor 1/);
    const express = state(sizeKafkaCluster(workload({ brokerType: 'express.m7g.xlarge' })), 'catchUp');
    assert.equal(express.applicable, false);
  });
});

describe('Kafka sizing: storage against the 60 % / 80 % alerts', () => {
  // 30 MB/s × 24 h × 3,600 s = 2.592e12 B retained; × RF 3 ÷ 6 brokers = 1.296e12 B per broker;
  // fill rate 30e6 × 3 ÷ 6 = 15e6 B/s.

  it('compares the steady state with the volume and says when 60 % is crossed (80 % never)', () => {
    const s = sizeKafkaCluster(workload({ volumeSizeGiB: 2000 })).storage!;
    close(s.retainedBytes.value, 2.592e12);
    close(s.perBrokerBytes.value, 1.296e12);
    close(s.usedRatio!.value, 1.296e12 / (2000 * GIB)); // 0.6035
    assert.equal(s.level, 'warn');
    close(s.crossings[0].seconds.value, (0.6 * 2000 * GIB) / 15e6); // 85,899.35 s = 23.9 h
    assert.equal(s.crossings[1].seconds.value, Infinity); // 0.8 × 2000 GiB = 1717.99e9 B > 1.296e12
    assert.equal(s.crossings[2].seconds.value, Infinity);
    close(s.volumeGiBBelowWarn.value, 1.296e12 / 0.6 / GIB); // 2011.66 GiB
  });

  it('crosses 60 %, 80 % and full on a volume that is too small', () => {
    const s = sizeKafkaCluster(workload({ volumeSizeGiB: 1000 })).storage!;
    assert.equal(s.level, 'critical'); // 1.296e12 ÷ 1.0737e12 = 120.7 %
    close(s.crossings[0].seconds.value, (0.6 * 1000 * GIB) / 15e6); // 42,949.67 s
    close(s.crossings[1].seconds.value, (0.8 * 1000 * GIB) / 15e6); // 57,266.23 s
    close(s.crossings[2].seconds.value, (1000 * GIB) / 15e6); // 71,582.79 s
  });

  it('lets retention.bytes per partition cap the retained data', () => {
    // min(2.592e12, 600 partitions × 1 GiB = 6.4425e11) = 6.4425e11; × 3 ÷ 6 = 3.2212e11 = 0.15 × 2000 GiB.
    const s = sizeKafkaCluster(workload({ volumeSizeGiB: 2000, retentionBytesPerPartition: GIB })).storage!;
    close(s.retainedBytes.value, 600 * GIB);
    close(s.usedRatio!.value, 0.15);
    assert.equal(s.level, 'ok');
    assert.ok(s.crossings.every((c) => c.seconds.value === Infinity));
  });

  it('has no storage for Express', () => {
    assert.equal(sizeKafkaCluster(workload({ brokerType: 'express.m7g.large' })).storage, undefined);
  });
});

describe('Kafka sizing: partitions per broker', () => {
  it('compares leaders + followers per broker with the type limits', () => {
    // 600 × 3 ÷ 6 = 300 (ok); 2400 × 3 ÷ 6 = 1200 (> 1000 recommended); 3600 × 3 ÷ 6 = 1800 (> 1500 max).
    const ok = sizeKafkaCluster(workload()).partitions;
    close(ok.replicasPerBroker.value, 300);
    assert.equal(ok.level, 'ok');
    const over = sizeKafkaCluster(workload({ partitions: 2400 })).partitions;
    assert.equal(over.level, 'overRecommended');
    assert.match(over.reason!, /1,200 per broker exceeds the recommended 1000/);
    const max = sizeKafkaCluster(workload({ partitions: 3600 })).partitions;
    assert.equal(max.level, 'overMax');
    assert.match(max.reason!, /exceeds the maximum 1500/);
    // kafka.m7g.4xlarge: 4000 / 6000.  6000 × 3 ÷ 6 = 3000 -> ok.
    const big = sizeKafkaCluster(workload({ partitions: 6000, brokerType: 'kafka.m7g.4xlarge' })).partitions;
    assert.deepEqual([big.recommended.value, big.max.value, big.level], [4000, 6000, 'ok']);
  });
});

describe('Kafka sizing: rebalance after adding brokers', () => {
  // Stored 1.296e12 × 6 = 7.776e12 B.

  it('estimates data to move from an even spread and divides by the per-broker throttle × streams', () => {
    // + 3 brokers: 7.776e12 × 3 ÷ 9 = 2.592e12 B; streams min(3, 6) = 3; 2.592e12 ÷ (50e6 × 3) = 17,280 s.
    const r = sizeKafkaCluster(workload({ addBrokers: 3, rebalanceThrottleMbPerSec: 50 })).rebalance!;
    assert.equal(r.brokersAfter, 9);
    close(r.bytesToMove.value, 2.592e12);
    assert.equal(r.parallelStreams.value, 3);
    close(r.seconds.value, 17_280);
  });

  it("reuses the planner's lower bound on bytes to move", () => {
    // 1e12 ÷ (50e6 × 3) = 6,666.67 s.
    const r = sizeKafkaCluster(workload({ addBrokers: 3, rebalanceThrottleMbPerSec: 50, bytesToMoveLowerBound: 1e12 })).rebalance!;
    close(r.seconds.value, 1e12 / 150e6);
    assert.deepEqual(r.bytesToMove.source, { kind: 'input', what: 'reassignment planner' });
  });

  it('is limited by the senders when more brokers are added than exist', () => {
    // + 10: 7.776e12 × 10 ÷ 16 = 4.86e12; streams min(10, 6) = 6; 4.86e12 ÷ (50e6 × 6) = 16,200 s.
    const r = sizeKafkaCluster(workload({ addBrokers: 10, rebalanceThrottleMbPerSec: 50 })).rebalance!;
    close(r.seconds.value, 16_200);
  });

  it('falls back to the replication throttle, then to the suggested one', () => {
    const viaReplication = sizeKafkaCluster(workload({ addBrokers: 3, replicationThrottleMbPerSec: 30 })).rebalance!;
    close(viaReplication.seconds.value, 2.592e12 / (30e6 * 3)); // 28,800 s
    const result = sizeKafkaCluster(workload({ addBrokers: 3 }));
    close(result.rebalance!.throttleMbPerSec.value, 45); // the catch-up suggestion above
    close(result.rebalance!.seconds.value, 2.592e12 / (45e6 * 3)); // 19,200 s
    assert.ok(result.warnings.some((w) => w.includes('No rebalance throttle given')));
  });
});

describe('Kafka sizing: recommendation', () => {
  // 100 MB/s peak, 50 average, RF 3, 1 group, 3 AZs, throttle 20 MB/s, kafka.m5.large (EBS binds, 81.25 × b / 3):
  //   3: normal 100 ÷ 81.25 = 123 %  (fails)
  //   6: one AZ lost, 4 serving: 100 ÷ 108.33 = 92.3 %; catch-up (50 + 20) ÷ 81.25 = 86.2 %  (fails)
  //   9: 41.0 %, one broker lost 46.2 %, one AZ lost 61.5 %, catch-up (33.33 + 20) ÷ 81.25 = 65.6 %  (fits)
  const heavy = (over: Partial<KafkaSizingInput> = {}) =>
    workload({ ingressAvgMbPerSec: 50, ingressPeakMbPerSec: 100, brokerCount: 'recommend', replicationThrottleMbPerSec: 20, ...over });

  it('finds the smallest count that fits all four states, and says why the one before fails', () => {
    const rec = recommendBrokerCount(heavy());
    assert.equal(rec.found, true);
    assert.equal(rec.brokerCount, 9);
    assert.match(rec.reason, /^9 brokers of kafka\.m5\.large/);
    assert.match(rec.reason, /At 6: One AZ lost: 92\.3 %.*Catch-up after a broker returns: .*86\.2 %/);
    const sized = sizeKafkaCluster(heavy());
    assert.equal(sized.brokerCount, 9);
    assert.equal(sized.recommendation?.brokerCount, 9);
    close(state(sized, 'catchUp').utilization!.value, (100 / 3 + 20) / 81.25);
  });

  it('lets the partition limit drive the count', () => {
    // 10 MB/s fits anywhere; 6000 partitions × 3 ÷ b <= 1000 -> b >= 18 (a multiple of 3).
    const rec = recommendBrokerCount(
      workload({ brokerCount: 'recommend', ingressAvgMbPerSec: 5, ingressPeakMbPerSec: 10, partitions: 6000 }),
    );
    assert.equal(rec.brokerCount, 18);
    assert.match(rec.reason, /At 15: partitions: 1,200 per broker exceeds the recommended 1000/);
  });

  it('lets a fixed volume drive the count: retained data must stay below the 60 % alert', () => {
    // retained = 30 MB/s × RF 3 × 24 h = 30e6 × 3 × 86,400 = 7.776e12 B; volume 1,000 GiB = 1.073741824e12 B.
    // 12 brokers: 7.776e12 ÷ 12 = 6.48e11 = 60.35 % (alerting); 15 brokers: 5.184e11 = 48.3 % (fits).
    const rec = recommendBrokerCount(workload({ brokerCount: 'recommend', volumeSizeGiB: 1000 }));
    assert.equal(rec.brokerCount, 15);
    assert.match(rec.reason, /retained data stays below the 60 % disk alert \(48\.3 %\)/);
    assert.match(rec.reason, /At 12: retained data fills 60\.3 % of each broker's volume, at or above the 60 % alert/);
  });

  it("without a volume, grows the count until the volume needed stays within MSK's 16,384 GiB per broker", () => {
    // retained = 30e6 × 3 × 720 h × 3,600 = 2.3328e14 B; below the 60 % alert a broker needs retained ÷ b ÷ 0.6.
    // 21 brokers: 1.85143e13 B = 17,243 GiB > 16,384; 24 brokers: 1.62e13 B = 15,087.43 GiB (fits).
    const rec = recommendBrokerCount(workload({ brokerCount: 'recommend', retentionHours: 720 }));
    assert.equal(rec.brokerCount, 24);
    assert.match(rec.reason, /, each broker needs 15,087\.43 GiB to stay below the 60 % alert \(MSK allows 16,384\)/);
    assert.match(
      rec.reason,
      /At 21: each broker would need 17,242\.77 GiB to keep retained data below the 60 % alert, more than MSK's 16,384 GiB per broker/,
    );
  });

  it('reports the reason when no count fits (a throttle larger than the ceiling allows)', () => {
    // 70 MB/s alone is 70 ÷ 81.25 = 86.2 % of a broker's EBS bandwidth: no count brings catch-up under 80 %.
    const rec = recommendBrokerCount(heavy({ replicationThrottleMbPerSec: 70, maxBrokerCount: 30 }));
    assert.equal(rec.found, false);
    assert.equal(rec.brokerCount, undefined);
    assert.equal(rec.result.brokerCount, 30);
    assert.match(rec.reason, /^No count of kafka\.m5\.large up to 30 brokers/);
    assert.match(rec.reason, /Catch-up after a broker returns: the replication throttle of 70 MB\/s brings EBS network to/);
  });

  it('reports that a single-AZ cluster never survives the loss of its AZ', () => {
    const rec = recommendBrokerCount(heavy({ numberOfAzs: 1, maxBrokerCount: 12 }));
    assert.equal(rec.found, false);
    assert.match(rec.reason, /single-AZ cluster does not survive the loss of its AZ/);
  });

  it('picks a type by the fewest total vCPUs among the types that fit', () => {
    // m5.large × 9 = 18 vCPUs; m5.xlarge × 6 = 24 (3 fails: lost 100 ÷ (143.75 × 2 ÷ 3) = 104 %);
    // m5.2xlarge × 3 = 24 (storage 262.144 binds: one broker lost 100 ÷ 174.76 = 57.2 %).
    const rec = recommendKafkaCluster(heavy(), ['kafka.m5.large', 'kafka.m5.xlarge', 'kafka.m5.2xlarge']);
    assert.deepEqual(
      rec.candidates.map((c) => [c.brokerTypeId, c.brokerCount]),
      [
        ['kafka.m5.large', 9],
        ['kafka.m5.xlarge', 6],
        ['kafka.m5.2xlarge', 3],
      ],
    );
    assert.equal(rec.best?.brokerTypeId, 'kafka.m5.large');
    assert.equal(rec.bestTotalVcpus?.value, 18);
    assert.match(rec.reason, /^kafka\.m5\.large × 9 = 18 vCPUs/);
  });
});

describe('Kafka sizing: Express vs Standard', () => {
  it('shows per-broker limits, partition limits, storage management and the count each needs', () => {
    // Standard m7g.large per broker: min(262.144, 78.75, 117.125 × 3 ÷ 3) ÷ 3 ... = min(87.38, 26.25, 39.04) = 26.25 MB/s;
    //   egress 117.125 − 26.25 × (3 − 1) = 64.625 MB/s; 3 brokers fit (one broker lost 40 ÷ 52.5 = 76.2 %).
    // Express m7g.large: 15.6 in / 31.2 out; 3 brokers: 40 ÷ 46.8 = 85.5 % fails; 6: one AZ lost 40 ÷ 62.4 = 64.1 % fits.
    const c = compareExpressStandard(workload(), 'kafka.m7g.large');
    close(c.standard.perBrokerIngressMbPerSec.value, 26.25);
    close(c.standard.perBrokerEgressMbPerSec.value, 64.625);
    assert.equal(c.standard.storageManaged, false);
    assert.equal(c.standard.recommendation.brokerCount, 3);
    assert.equal(c.express.brokerTypeId, 'express.m7g.large');
    assert.deepEqual([c.express.perBrokerIngressMbPerSec.value, c.express.perBrokerEgressMbPerSec.value], [15.6, 31.2]);
    assert.deepEqual([c.express.partitionsRecommended.value, c.express.partitionsMax.value], [1000, 1500]);
    assert.equal(c.express.storageManaged, true);
    assert.match(c.express.storageNote, /No storage management/);
    assert.equal(c.express.recommendation.brokerCount, 6);
  });

  it('binds Express on egress when consumers read more than the egress limit allows', () => {
    // 3 × express.m7g.large, 3 groups, 30 MB/s: ingress 15.6 × 3 = 46.8; egress 31.2 × 3 ÷ 3 = 31.2 -> 30 ÷ 31.2 = 96.2 %.
    const r = sizeKafkaCluster(
      workload({ brokerType: 'express.m7g.large', brokerCount: 3, consumerGroups: 3, ingressAvgMbPerSec: 30, ingressPeakMbPerSec: 30 }),
    );
    assert.equal(r.throughputLimit.binding, 'expressEgress');
    close(state(r, 'normal').utilization!.value, 30 / 31.2);
  });

  it('warns above 15 MB/s per Express partition', () => {
    // 40 MB/s over 2 partitions = 20 MB/s each -> at least ceil(40 ÷ 15) = 3 partitions.
    const r = sizeKafkaCluster(workload({ brokerType: 'express.m7g.large', partitions: 2 }));
    assert.ok(r.warnings.some((w) => w.includes('plan at least 3 partitions')));
  });
});

describe('Kafka sizing: nonsense input is rejected with the input, the value and the allowed range', () => {
  it('rejects RF above the broker count and more AZs than brokers', () => {
    rejects(
      () => sizeKafkaCluster(workload({ replicationFactor: 4, brokerCount: 3 })),
      'replicationFactor = 4',
      'from 1 to brokerCount (3)',
    );
    rejects(
      () => sizeKafkaCluster(workload({ numberOfAzs: 3, brokerCount: 2, replicationFactor: 2 })),
      'numberOfAzs = 3',
      'from 1 to brokerCount (2)',
    );
  });

  it('rejects negative, missing and inconsistent rates', () => {
    rejects(() => sizeKafkaCluster(workload({ ingressAvgMbPerSec: -1 })), 'ingressAvgMbPerSec = -1', '>= 0');
    rejects(() => sizeKafkaCluster(workload({ ingressPeakMbPerSec: 20 })), 'ingressPeakMbPerSec = 20', '>= ingressAvgMbPerSec (30)');
    rejects(() => sizeKafkaCluster(workload({ ingressPeakMbPerSec: Number.NaN })), 'ingressPeakMbPerSec = NaN');
    rejects(() => sizeKafkaCluster(workload({ egressPeakMbPerSec: 10 })), 'egressPeakMbPerSec = 10', 'when consumerGroups is given');
    rejects(() => sizeKafkaCluster(workload({ consumerGroups: undefined })), 'consumerGroups = (missing)');
    rejects(() => sizeKafkaCluster(workload({ consumerGroups: 1.5 })), 'consumerGroups = 1.5', 'a whole number');
  });

  it('rejects impossible counts, ceilings and retention', () => {
    rejects(() => sizeKafkaCluster(workload({ brokerCount: 2.5 })), 'brokerCount = 2.5', 'or "recommend"');
    rejects(() => sizeKafkaCluster(workload({ brokerCount: 0 })), 'brokerCount = 0');
    rejects(() => sizeKafkaCluster(workload({ utilizationCeiling: 1.5 })), 'utilizationCeiling = 1.5', '> 0 and <= 1');
    rejects(() => sizeKafkaCluster(workload({ retentionHours: undefined })), 'retentionHours = (missing)', 'storage needs a retention');
    rejects(() => sizeKafkaCluster(workload({ retentionHours: 0 })), 'retentionHours = 0', '> 0');
    rejects(() => sizeKafkaCluster(workload({ partitions: 0 })), 'partitions = 0');
  });

  it('rejects unknown types and storage settings the type cannot take', () => {
    rejects(() => sizeKafkaCluster(workload({ brokerType: 'kafka.m9.huge' })), 'brokerType = "kafka.m9.huge"', 'kafka.m5.large');
    rejects(
      () => sizeKafkaCluster(workload({ provisionedStorageMiBPerSec: 300 })),
      'provisionedStorageMiBPerSec = 300',
      'kafka.m5.4xlarge and larger',
    );
    rejects(
      () => sizeKafkaCluster(workload({ brokerType: 'kafka.m5.4xlarge', provisionedStorageMiBPerSec: 600 })),
      'provisionedStorageMiBPerSec = 600',
      '<= 593 MiB/s',
    );
    rejects(() => sizeKafkaCluster(workload({ volumeSizeGiB: 20000 })), 'volumeSizeGiB = 20000', 'from 1 to 16,384 GiB');
    rejects(
      () => sizeKafkaCluster(workload({ brokerType: 'express.m7g.large', volumeSizeGiB: 100 })),
      'volumeSizeGiB = 100',
      'Express brokers have no storage',
    );
    rejects(
      () =>
        sizeKafkaCluster(workload({ brokerType: { kind: 'custom', storageMbPerSec: 100, networkMbPerSec: 0, partitionsRecommended: 10 } })),
      'brokerType.networkMbPerSec = 0',
      '> 0',
    );
  });
});

/** A typed source (src/core/sources.ts). */
function isSource(v: unknown): v is Source {
  return (
    typeof v === 'object' && v !== null && ['url', 'talk', 'derived', 'default', 'input'].includes((v as { kind?: unknown }).kind as string)
  );
}

/** Users see only public sources: https pages with titles, talks by name, our formulas, or their input. */
function assertPublic(source: Source, path: string): void {
  const text = sourceText(source);
  assert.doesNotMatch(text, /FIELD\.md|\/work\/|\.\.\/shared|\bthe talk\b|\bissue [0-9]+|\bthe lead\b/, `${path}: ${text}`);
  if (source.kind === 'url') assert.match(source.url, /^https:\/\//, path);
  if (source.kind === 'derived') assert.ok(source.formula.length > 10, `${path}: a derived source states its formula`);
  if (source.kind === 'derived' || source.kind === 'default')
    for (const f of source.from) if (f.kind === 'url') assert.match(f.url, /^https:\/\//, path);
}

describe('Kafka sizing: every number is explained', () => {
  function explainedIn(value: unknown, path: string, out: [string, Explained][]): void {
    if (typeof value !== 'object' || value === null) return;
    const v = value as Record<string, unknown>;
    if (typeof v.value === 'number' && typeof v.formula === 'string' && isSource(v.source) && typeof v.unit === 'string') {
      out.push([path, v as unknown as Explained]);
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (k === 'brokerType') continue; // the catalog row itself
      explainedIn(child, `${path}.${k}`, out);
    }
  }

  it('carries a unit, a formula with its result, the inputs and a source for each output', () => {
    const result = sizeKafkaCluster(workload({ volumeSizeGiB: 2000, addBrokers: 3, brokerCount: 'recommend' }));
    const found: [string, Explained][] = [];
    explainedIn(result, '$', found);
    assert.ok(found.length > 40, `found ${found.length}`);
    for (const [path, e] of found) {
      assert.ok(e.unit.length > 0, path);
      assert.ok(e.formula.includes('=') || e.formula.startsWith('never'), `${path}: ${e.formula}`);
      assertPublic(e.source, path);
    }
    const lost = state(result, 'oneBrokerLost').utilization!.source;
    assert.equal(lost.kind, 'derived');
    assert.ok(
      lost.kind === 'derived' && lost.from.some((f) => f.kind === 'url' && /right-sizing-your-apache-kafka-clusters/.test(f.url)),
      sourceText(lost),
    );
    const limit = result.throughputLimit.limitMbPerSec.source;
    assert.ok(
      limit.kind === 'url' && /right-sizing-your-apache-kafka-clusters/.test(limit.url) && limit.section === 'Equation 1',
      sourceText(limit),
    );
  });

  it('says "unverified: secondary source" on every number built from an Express row, and on no Standard number', () => {
    const found: [string, Explained][] = [];
    explainedIn(sizeKafkaCluster(workload({ brokerType: 'express.m7g.large' })), '$', found);
    const flagged = found.filter(([, e]) => unverifiedNote(e.source));
    assert.deepEqual(
      flagged
        .map(([p]) => p)
        .filter((p) => /perBroker\.(ingress|egress)MbPerSec$|partitions\.(recommended|max)$/.test(p))
        .sort(),
      ['$.partitions.max', '$.partitions.recommended', '$.perBroker.egressMbPerSec', '$.perBroker.ingressMbPerSec'],
    );
    for (const [, e] of flagged) assert.equal(unverifiedNote(e.source), 'unverified: secondary source');
    assert.ok(
      unverifiedNote(sizeKafkaCluster(workload({ brokerType: 'express.m7g.large' })).throughputLimit.limitMbPerSec.source),
      'the Express cluster limit',
    );
    const standard: [string, Explained][] = [];
    explainedIn(sizeKafkaCluster(workload({ volumeSizeGiB: 2000, addBrokers: 3 })), '$', standard);
    assert.deepEqual(
      standard.filter(([, e]) => unverifiedNote(e.source)).map(([p]) => p),
      [],
    );
  });
});
