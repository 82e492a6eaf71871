import assert from 'node:assert/strict';
import { DEMO_HOT_BROKER, demoSnapshot } from '../../src/core/demo';
import {
  buildSkewReport,
  formatSkewReport,
  partitionWriteRates,
  skewReportToJson,
  skewScore,
  SkewInputError,
  type MetricSkew,
  type SkewMetricName,
  type SkewReport,
} from '../../src/core/skew';
import { snapshot } from './builders';

const T0 = '2026-11-25T10:00:00.000Z';
const T10 = '2026-11-25T10:00:10.000Z'; // 10 s later

const metric = (r: SkewReport, name: SkewMetricName): MetricSkew => r.metrics.find((m) => m.metric === name)!;
const bv = (...values: number[]) => values.map((value, i) => ({ broker: i + 1, value }));
const close = (actual: number | null, expected: number, what = '') =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `${what} ${actual} != ${expected}`);

describe('skew metrics', () => {
  describe('skewScore', () => {
    it('balanced within ±10 % of the mean: max/mean and population CV', () => {
      // [10, 11, 9]: mean 10; whole-count band floor(9)=9 .. ceil(11)=11; max/mean 11/10 = 1.1
      // variance (0 + 1 + 1) / 3 = 2/3; CV = sqrt(2/3) / 10 = 0.0816496...
      const s = skewScore(bv(10, 11, 9), 0.1, true);
      assert.equal(s.status, 'balanced');
      assert.equal(s.mean, 10);
      assert.equal(s.lowerLimit, 9);
      assert.equal(s.upperLimit, 11);
      close(s.maxOverMean, 1.1);
      close(s.cv, Math.sqrt(2 / 3) / 10);
      assert.equal(s.maxBroker, 2);
      assert.equal(s.minBroker, 3);
    });

    it('skewed: names the brokers above and below the band', () => {
      // [6, 2, 1]: mean 3; band floor(2.7)=2 .. ceil(3.3)=4; 6 > 4 above, 1 < 2 below
      // max/mean 6/3 = 2; variance (9 + 1 + 4) / 3 = 14/3; CV = sqrt(14/3) / 3 = 0.72008...
      const s = skewScore(bv(6, 2, 1), 0.1, true);
      assert.equal(s.status, 'skewed');
      assert.deepEqual(s.aboveUpper, [1]);
      assert.deepEqual(s.belowLower, [3]);
      assert.equal(s.maxOverMean, 2);
      close(s.cv, Math.sqrt(14 / 3) / 3);
    });

    it('does not flag values exactly on the band edge despite floating point (30 x 1.1 = 33.000000000000004)', () => {
      // [33, 30, 27]: mean 30; band 27 .. 33 both as counts and as continuous values
      assert.equal(skewScore(bv(33, 30, 27), 0.1, true).status, 'balanced');
      assert.equal(skewScore(bv(33, 30, 27), 0.1, false).status, 'balanced');
      assert.equal(skewScore(bv(33, 30, 27), 0.1, true).upperLimit, 33);
    });

    it('widens the band to whole counts: 3 replicas on 2 brokers are as even as they can be', () => {
      // [2, 1]: mean 1.5; counts: floor(1.35)=1 .. ceil(1.65)=2 -> balanced; continuous: 2 > 1.65 -> skewed
      assert.equal(skewScore(bv(2, 1), 0.1, true).status, 'balanced');
      assert.equal(skewScore(bv(2, 1), 0.1, false).status, 'skewed');
    });

    it('all zero is balanced (max/mean 1, CV 0); one broker is balanced; no broker is unavailable', () => {
      const zero = skewScore(bv(0, 0, 0));
      assert.equal(zero.status, 'balanced');
      assert.equal(zero.maxOverMean, 1);
      assert.equal(zero.cv, 0);
      const one = skewScore(bv(7), 0.1, true);
      assert.equal(one.status, 'balanced');
      assert.equal(one.maxOverMean, 1);
      assert.equal(one.cv, 0);
      const none = skewScore([]);
      assert.equal(none.status, 'unavailable');
      assert.equal(none.mean, null);
      assert.equal(none.maxOverMean, null);
    });

    it('a tolerance of 0 demands exact equality', () => {
      assert.equal(skewScore(bv(5, 5), 0, true).status, 'balanced');
      // [5, 7]: mean 6, band floor(6)=6 .. ceil(6)=6: both outside
      assert.equal(skewScore(bv(5, 7), 0, true).status, 'skewed');
      // [5, 6]: mean 5.5, band floor(5.5)=5 .. ceil(5.5)=6: 11 replicas cannot split more evenly over 2 brokers
      assert.equal(skewScore(bv(5, 6), 0, true).status, 'balanced');
    });
  });

  describe('partitionWriteRates', () => {
    const earlier = () =>
      snapshot()
        .broker(1, 'a')
        .broker(2, 'b')
        .at(T0)
        .topic('t', [
          { replicas: [1, 2], bytes: 1_000, endOffset: 100 },
          { replicas: [2, 1], bytes: 2_000, endOffset: 200 },
          { replicas: [1, 2], bytes: 10_000, endOffset: 300 },
        ])
        .topic('c', [{ replicas: [1, 2], bytes: 5_000, endOffset: 1_000 }], { cleanupPolicy: 'compact' })
        .topic('n', [{ replicas: [1, 2], endOffset: 0 }])
        .topic('gone', [{ replicas: [1], bytes: 10, endOffset: 1 }])
        .build();
    const later = () =>
      snapshot()
        .broker(1, 'a')
        .broker(2, 'b')
        .at(T10)
        .topic('t', [
          { replicas: [1, 2], bytes: 6_000, endOffset: 150 }, // +5000 B, +50 records: 100 B/record
          { replicas: [2, 1], bytes: 3_000, endOffset: 210 }, // +1000 B, +10 records: 100 B/record
          { replicas: [1, 2], bytes: 4_000, endOffset: 330 }, // shrank: retention deleted a segment; +30 records
        ])
        .topic('c', [{ replicas: [1, 2], bytes: 3_000, endOffset: 1_040 }], { cleanupPolicy: 'compact' }) // shrank, no peer
        .topic('n', [{ replicas: [1, 2], endOffset: 20 }]) // no sizes
        .topic('new', [{ replicas: [2], bytes: 10, endOffset: 1 }])
        .build();

    it('bytes/s from the leader log growth and records/s from end offsets over takenAt', () => {
      const r = partitionWriteRates(earlier(), later());
      assert.equal(r.intervalSeconds, 10);
      const t0 = r.partitions.find((p) => p.topic === 't' && p.partition === 0)!;
      assert.equal(t0.bytesPerSec, 500); // 5000 B / 10 s
      assert.equal(t0.recordsPerSec, 5); // 50 records / 10 s
      assert.equal(t0.method, 'size-delta');
      assert.equal(t0.retentionInInterval, false);
      const t1 = r.partitions.find((p) => p.topic === 't' && p.partition === 1)!;
      assert.equal(t1.bytesPerSec, 100); // 1000 B / 10 s
      assert.equal(t1.recordsPerSec, 1); // 10 / 10
    });

    it('when retention shrank the log: end-offset delta x the topic bytes/record of the same interval, flagged', () => {
      const r = partitionWriteRates(earlier(), later());
      const t2 = r.partitions.find((p) => p.topic === 't' && p.partition === 2)!;
      // topic t bytes/record over the interval = (5000 + 1000) / (50 + 10) = 100; 30 records x 100 B / 10 s = 300 B/s
      assert.equal(t2.bytesPerSec, 300);
      assert.equal(t2.recordsPerSec, 3);
      assert.equal(t2.method, 'offset-estimate');
      assert.equal(t2.retentionInInterval, true);
      assert.ok(
        r.notes.some((n) => /retention in interval: 1 log shrank; write rate estimated/.test(n) && n.includes('t-2')),
        r.notes.join('\n'),
      );
    });

    it('clamps at 0 and flags when the log shrank and the topic has no clean partition to estimate from', () => {
      const r = partitionWriteRates(earlier(), later());
      const c0 = r.partitions.find((p) => p.topic === 'c')!;
      assert.equal(c0.bytesPerSec, 0);
      assert.equal(c0.recordsPerSec, 4); // 40 records / 10 s
      assert.equal(c0.method, 'retention-clamped');
      assert.equal(c0.retentionInInterval, true);
      assert.ok(r.notes.some((n) => /clamped at 0/.test(n) && n.includes('c-0')));
    });

    it('marks partitions without sizes as unknown (0 B/s) but keeps records/s', () => {
      const n0 = partitionWriteRates(earlier(), later()).partitions.find((p) => p.topic === 'n')!;
      assert.equal(n0.method, 'unknown');
      assert.equal(n0.bytesPerSec, 0);
      assert.equal(n0.recordsPerSec, 2); // 20 / 10
    });

    it('ignores partitions present in only one snapshot, with a note', () => {
      const r = partitionWriteRates(earlier(), later());
      assert.deepEqual(
        r.partitions.map((p) => `${p.topic}-${p.partition}`),
        ['t-0', 't-1', 't-2', 'c-0', 'n-0'],
      );
      assert.ok(r.notes.some((n) => /only in the later snapshot.*new-0/.test(n)));
      assert.ok(r.notes.some((n) => /only in the earlier snapshot.*gone-0/.test(n)));
    });

    it('measures one broker in both snapshots when the leader moved', () => {
      const a = snapshot()
        .broker(1)
        .broker(2)
        .at(T0)
        .topic('t', [{ replicas: [1, 2], leader: 1, bytes: [1_000, 900] }])
        .build();
      const b = snapshot()
        .broker(1)
        .broker(2)
        .at(T10)
        .topic('t', [{ replicas: [1, 2], leader: 2, bytes: [1_500, 1_400] }])
        .build();
      // the new leader (2) grew 1400 - 900 = 500 B in 10 s = 50 B/s (leader-to-leader would say (1400 - 1000) / 10 = 40)
      assert.equal(partitionWriteRates(a, b).partitions[0].bytesPerSec, 50);
    });

    it('gives no records/s when an end offset went backwards (re-created topic)', () => {
      const a = snapshot()
        .broker(1)
        .at(T0)
        .topic('t', [{ replicas: [1], bytes: 100, endOffset: 500 }])
        .build();
      const b = snapshot()
        .broker(1)
        .at(T10)
        .topic('t', [{ replicas: [1], bytes: 200, endOffset: 5 }])
        .build();
      const r = partitionWriteRates(a, b);
      assert.equal(r.partitions[0].recordsPerSec, null);
      assert.equal(r.partitions[0].bytesPerSec, 10); // 100 B / 10 s
      assert.ok(r.notes.some((n) => /went backwards/.test(n)));
    });

    it('rejects dt <= 0 with a clear message, and two different clusters', () => {
      const a = snapshot().broker(1).at(T10).build();
      const b = snapshot().broker(1).at(T0).build();
      assert.throws(
        () => partitionWriteRates(a, b),
        (e: Error) =>
          e instanceof SkewInputError && /earlier one first/.test(e.message) && /Swap/.test(e.message) && /-10 s/.test(e.message),
      );
      assert.throws(
        () => partitionWriteRates(a, a),
        (e: Error) => e instanceof SkewInputError && /interval 0 s/.test(e.message),
      );
      const bad = snapshot().broker(1).at('yesterday').build();
      assert.throws(() => partitionWriteRates(bad, a), /unreadable takenAt "yesterday"/);
      const x = snapshot().broker(1).at(T0).build();
      const y = snapshot().broker(1).at(T10).build();
      x.clusterId = 'one';
      y.clusterId = 'two';
      assert.throws(() => partitionWriteRates(x, y), /different clusters/);
    });
  });

  describe('buildSkewReport', () => {
    it('empty cluster: every metric unavailable, nothing throws, text and JSON render', () => {
      const r = buildSkewReport(snapshot().build());
      assert.deepEqual(r.countedBrokers, []);
      for (const m of r.metrics) {
        assert.equal(m.status, 'unavailable');
        assert.match(m.verdict, /not available — no brokers that can host data/);
      }
      assert.deepEqual(r.hotPartitions, { byWriteRate: [], bySize: [] });
      assert.match(formatSkewReport(r), /0 brokers counted/);
      assert.deepEqual(JSON.parse(skewReportToJson(r)), r);
    });

    it('single broker: balanced, nothing to spread', () => {
      const r = buildSkewReport(
        snapshot()
          .broker(1)
          .topic('t', [
            { replicas: [1], bytes: 10 },
            { replicas: [1], bytes: 30 },
          ])
          .build(),
      );
      const replicas = metric(r, 'replicas');
      assert.equal(replicas.status, 'balanced');
      assert.equal(replicas.mean, 2);
      assert.equal(replicas.maxOverMean, 1);
      assert.equal(replicas.cv, 0);
      assert.match(
        replicas.verdict,
        /^replicas: balanced — single broker \(2\), nothing to spread; balanced means every broker within ±10 % of the mean$/,
      );
      assert.equal(metric(r, 'bytes').max, 40); // 10 + 30
    });

    it('a broker with no replicas is skew (empty new brokers count)', () => {
      // 4 partitions RF 1 on brokers 1,2,1,2; broker 3 empty: replicas [2, 2, 0], mean 4/3
      // band floor(1.2)=1 .. ceil(1.4667)=2: broker 3 below; max/mean 2 / (4/3) = 1.5
      // variance ((2/3)^2 + (2/3)^2 + (4/3)^2) / 3 = (24/9) / 3 = 8/9; CV = sqrt(8/9) / (4/3) = 0.7071...
      const r = buildSkewReport(
        snapshot()
          .broker(1)
          .broker(2)
          .broker(3)
          .topic('t', [
            { replicas: [1], bytes: 100 },
            { replicas: [2], bytes: 100 },
            { replicas: [1], bytes: 100 },
            { replicas: [2], bytes: 100 },
          ])
          .build(),
      );
      const replicas = metric(r, 'replicas');
      assert.deepEqual(r.countedBrokers, [1, 2, 3]);
      assert.equal(replicas.status, 'skewed');
      assert.deepEqual(replicas.belowLower, [3]);
      assert.deepEqual(replicas.aboveUpper, []);
      close(replicas.maxOverMean, 1.5);
      close(replicas.cv, Math.sqrt(8 / 9) / (4 / 3));
      assert.equal(
        replicas.verdict,
        'replicas: skewed — broker 3 has 0 (0x the mean 1.3); 1 of 3 brokers outside the band; ' +
          'balanced means every broker within ±10 % of the mean (1–2)',
      );
      assert.equal(metric(r, 'leaders').status, 'skewed'); // RF 1: leaders = replicas
      // bytes [200, 200, 0]: mean 133.3, band 120 .. 146.7: broker 3 below
      assert.deepEqual(metric(r, 'bytes').belowLower, [3]);
      assert.equal(r.topics[0].replicaSkew.status, 'skewed');
    });

    it('offline partitions: leader -1 counts as a leader nowhere; offline replicas do not replicate', () => {
      const s = snapshot()
        .broker(1)
        .broker(2)
        .topic('t', [
          { replicas: [1, 2], bytes: 10 },
          { replicas: [2, 1], leader: -1, isr: [] },
        ])
        .build();
      s.topics[0].partitions[0].offlineReplicas = [2];
      const r = buildSkewReport(s);
      assert.deepEqual(
        r.brokers.map((b) => [b.broker, b.replicas, b.leaders]),
        [
          [1, 2, 1],
          [2, 2, 0],
        ],
      );
      assert.equal(r.topics[0].offlinePartitions, 1);
      assert.match(r.topics[0].verdict, /1 offline partition/);
      assert.ok(r.notes.some((n) => /1 partition without a leader.*t-1/.test(n)));
      // leaders [1, 0]: mean 0.5, band floor(0.45)=0 .. ceil(0.55)=1: balanced (one leader cannot be split)
      assert.equal(metric(r, 'leaders').status, 'balanced');
    });

    it('per-broker produce-in, replication-in (in ISR or not) and replication-out from two snapshots', () => {
      const build = (at: string, grown: boolean) => {
        const s = snapshot()
          .broker(1, 'a')
          .broker(2, 'b')
          .broker(3, 'c')
          .at(at)
          .topic('t', [
            { replicas: [1, 2, 3], bytes: grown ? 10_000 : 0, endOffset: grown ? 100 : 0 }, // 1000 B/s, 10 rec/s
            { replicas: [2, 3], isr: [2], bytes: grown ? 5_000 : 0, endOffset: grown ? 50 : 0 }, // 500 B/s; 3 out of ISR
            { replicas: [3, 1], bytes: grown ? 2_000 : 0 }, // 200 B/s; broker 1's log dir offline (below)
            { replicas: [1, 2], leader: -1, isr: [], bytes: grown ? 1_000 : 0 }, // 100 B/s, no leader: attributed to nobody
          ])
          .build();
        s.topics[0].partitions[2].offlineReplicas = [1];
        return s;
      };
      const r = buildSkewReport(build(T10, true), { previous: build(T0, false) });
      assert.deepEqual(r.rates, { fromTakenAt: T0, intervalSeconds: 10, partitions: 4 });
      const row = (id: number) => r.brokers.find((b) => b.broker === id)!;
      // produce-in = leader rates: b1 1000 (t-0); b2 500 (t-1); b3 200 (t-2)
      assert.deepEqual(
        [1, 2, 3].map((id) => row(id).produceInBytesPerSec),
        [1000, 500, 200],
      );
      assert.deepEqual(
        [1, 2, 3].map((id) => row(id).produceInRecordsPerSec),
        [10, 5, 0],
      );
      // replication-in = follower rates: b1 0 (its t-2 replica is offline); b2 1000 (t-0); b3 1000 (t-0) + 500 (t-1, out of ISR)
      assert.deepEqual(
        [1, 2, 3].map((id) => row(id).replicationInBytesPerSec),
        [0, 1000, 1500],
      );
      // replication-out = leader rate x live followers: b1 1000 x 2; b2 500 x 1; b3 200 x 0
      assert.deepEqual(
        [1, 2, 3].map((id) => row(id).replicationOutBytesPerSec),
        [2000, 500, 0],
      );
      // produce-in [1000, 500, 200]: mean 1700/3 = 566.67, band 510 .. 623.3: b1 above, b2 (500) and b3 below
      // max/mean 1000 / 566.67 = 1.76; min/mean 200 / 566.67 = 0.35
      const produce = metric(r, 'produceIn');
      assert.equal(produce.status, 'skewed');
      assert.deepEqual(produce.aboveUpper, [1]);
      assert.deepEqual(produce.belowLower, [2, 3]);
      close(produce.maxOverMean, 1000 / (1700 / 3));
      assert.match(
        produce.verdict,
        /^produce in: skewed — broker 1 has 1\.0 kB\/s \(1\.76x the mean 567 B\/s\), broker 3 has 200 B\/s \(0\.35x\); 3 of 3 brokers outside the band/,
      );
      // hot by write rate: t-0 1000, t-1 500, t-2 200, t-3 100 (leaderless, still a rate)
      assert.deepEqual(
        r.hotPartitions.byWriteRate.map((p) => [p.partition, p.bytesPerSec, p.shareOfLeaderProduceIn]),
        [
          [0, 1000, 1],
          [1, 500, 1],
          [2, 200, 1],
          [3, 100, null],
        ],
      );
    });

    it('without a previous snapshot the rate metrics say what they need', () => {
      const r = buildSkewReport(
        snapshot()
          .broker(1)
          .broker(2)
          .topic('t', [{ replicas: [1, 2] }])
          .build(),
      );
      assert.equal(r.rates, null);
      assert.equal(r.brokers[0].produceInBytesPerSec, null);
      assert.equal(metric(r, 'produceIn').status, 'unavailable');
      assert.match(metric(r, 'replicationIn').verdict, /needs an earlier snapshot/);
      assert.deepEqual(r.hotPartitions.byWriteRate, []);
      assert.match(metric(r, 'diskUsed').verdict, /not available — volume capacity not reported by broker\(s\) 1, 2 \(KIP-827/);
    });

    it('leaves brokers whose every log dir is offline out of the scores', () => {
      const s = snapshot()
        .broker(1)
        .broker(2)
        .broker(3)
        .topic('t', [{ replicas: [1, 2] }, { replicas: [2, 1] }])
        .build();
      s.brokers[2].logDirs = [{ path: '/data', error: 'KAFKA_STORAGE_ERROR' }];
      const r = buildSkewReport(s);
      assert.deepEqual(r.countedBrokers, [1, 2]);
      assert.equal(r.brokers[2].counted, false);
      assert.equal(metric(r, 'replicas').status, 'balanced'); // [2, 2] over brokers 1 and 2
      assert.ok(r.notes.some((n) => /broker\(s\) 3 left out/.test(n)));
    });

    it('a balanced cluster is not flagged on any metric, topic or rack', () => {
      // 3 brokers on racks a/b/c, 6 partitions RF 3 rotated: every broker 6 replicas, 2 leaders, 6 x 100 B,
      // disk (1000 - 700) / 1000 = 30 %; rates: each partition +100 B in 10 s = 10 B/s, so produce-in 2 x 10 = 20,
      // replication-in 4 x 10 = 40, replication-out 2 x 10 x 2 followers = 40 on every broker
      const build = (at: string, bytes: number) =>
        snapshot()
          .broker(1, 'a', { totalBytes: 1_000, usableBytes: 700 })
          .broker(2, 'b', { totalBytes: 1_000, usableBytes: 700 })
          .broker(3, 'c', { totalBytes: 1_000, usableBytes: 700 })
          .at(at)
          .topic(
            'even',
            [
              [1, 2, 3],
              [2, 3, 1],
              [3, 1, 2],
              [1, 2, 3],
              [2, 3, 1],
              [3, 1, 2],
            ].map((replicas) => ({ replicas, bytes, endOffset: bytes })),
          )
          .build();
      const r = buildSkewReport(build(T10, 200), { previous: build(T0, 100) });
      for (const m of r.metrics) {
        assert.equal(m.status, 'balanced', m.verdict);
        assert.equal(m.maxOverMean, 1, m.metric);
        assert.equal(m.cv, 0, m.metric);
      }
      assert.deepEqual(
        r.brokers.map((b) => [
          b.replicas,
          b.leaders,
          b.replicaBytes,
          b.produceInBytesPerSec,
          b.replicationInBytesPerSec,
          b.replicationOutBytesPerSec,
        ]),
        [
          [6, 2, 1200, 20, 40, 40],
          [6, 2, 1200, 20, 40, 40],
          [6, 2, 1200, 20, 40, 40],
        ],
      );
      assert.equal(metric(r, 'diskUsed').mean, 0.3);
      assert.match(
        metric(r, 'leaders').verdict,
        /^leaders: balanced — broker 1 has the most, 2 \(1x the mean 2\.0\); balanced means every broker within ±10 % of the mean \(1–3\)$/,
      );
      const t = r.topics[0];
      assert.equal(t.replicaSkew.status, 'balanced');
      assert.equal(t.leaderSkew.status, 'balanced');
      assert.equal(t.rackStatus, 'spread');
      assert.equal(t.score, 1);
      assert.deepEqual(t.racks, [
        { rack: 'a', replicas: 6, leaders: 2 },
        { rack: 'b', replicas: 6, leaders: 2 },
        { rack: 'c', replicas: 6, leaders: 2 },
      ]);
      assert.doesNotMatch(formatSkewReport(r), /skewed|RACK SHARED/);
    });

    it('a near-even cluster within 10 % is balanced; one just beyond is skewed', () => {
      // bytes [105, 100, 95]: mean 100, band 90 .. 110 -> balanced; [112, 100, 88] -> 112 > 110 skewed
      const build = (sizes: number[]) => {
        const b = snapshot().broker(1).broker(2).broker(3);
        return b
          .topic(
            't',
            sizes.map((bytes, i) => ({ replicas: [i + 1], bytes })),
          )
          .build();
      };
      assert.equal(metric(buildSkewReport(build([105, 100, 95])), 'bytes').status, 'balanced');
      const skewed = metric(buildSkewReport(build([112, 100, 88])), 'bytes');
      assert.equal(skewed.status, 'skewed');
      assert.deepEqual(skewed.aboveUpper, [1]);
      assert.deepEqual(skewed.belowLower, [3]);
      // a wider tolerance (a setting) accepts it: ±15 % -> band 85 .. 115
      assert.equal(metric(buildSkewReport(build([112, 100, 88]), { balanceTolerance: 0.15 }), 'bytes').status, 'balanced');
      assert.match(metric(buildSkewReport(build([112, 100, 88]), { balanceTolerance: 0.15 }), 'bytes').verdict, /within ±15 % of the mean/);
    });

    it('per topic: replicas and leaders per broker and rack; flags partitions whose replicas share a rack', () => {
      const r = buildSkewReport(
        snapshot()
          .broker(1, 'a')
          .broker(2, 'a')
          .broker(3, 'b')
          .broker(4, 'c')
          .broker(5, null)
          .topic('shared', [{ replicas: [1, 2, 3] }]) // racks a, a, b: 3 racks exist, so avoidable
          .topic('spread', [{ replicas: [1, 3, 4] }]) // a, b, c
          .topic('rf4', [{ replicas: [1, 2, 3, 4] }]) // a, a, b, c: RF 4 > 3 racks, unavoidable
          .topic('norack', [{ replicas: [3, 5] }]) // broker 5 has no rack
          .build(),
      );
      const topic = (name: string) => r.topics.find((t) => t.topic === name)!;
      const shared = topic('shared');
      assert.equal(shared.rackStatus, 'shared');
      assert.deepEqual(shared.rackSharedPartitions, [
        { partition: 0, replicas: [1, 2, 3], racks: ['a', 'a', 'b'], sharedRacks: ['a'], avoidable: true },
      ]);
      assert.match(shared.verdict, /RACK SHARED: 1 partition has replicas sharing a rack \(shared-0 on a\)/);
      assert.deepEqual(shared.racks, [
        { rack: 'a', replicas: 2, leaders: 1 },
        { rack: 'b', replicas: 1, leaders: 0 },
        { rack: 'c', replicas: 0, leaders: 0 },
        { rack: null, replicas: 0, leaders: 0 },
      ]);
      assert.deepEqual(
        shared.brokers.map((b) => [b.broker, b.replicas, b.leaders]),
        [
          [1, 1, 1],
          [2, 1, 0],
          [3, 1, 0],
          [4, 0, 0],
          [5, 0, 0],
        ],
      );
      assert.equal(topic('spread').rackStatus, 'spread');
      assert.equal(topic('rf4').rackStatus, 'shared-unavoidable');
      assert.equal(topic('rf4').rackSharedPartitions[0].avoidable, false);
      const norack = topic('norack');
      assert.equal(norack.rackStatus, 'unknown');
      assert.deepEqual(norack.brokersWithoutRack, [5]);
      assert.equal(norack.partitionsWithUnknownRack, 1);
      assert.match(norack.verdict, /rack spread unknown: broker\(s\) 5 have no rack \(broker\.rack unset\)/);
      // per-topic skew: one partition RF 3 over 5 brokers: [1, 1, 1, 0, 0], mean 0.6, band floor(0.54)=0 .. ceil(0.66)=1
      assert.equal(shared.replicaSkew.status, 'balanced');
      close(shared.score, 1 / 0.6);
    });

    it('hot partitions: top N by size (ties by name) and validated options', () => {
      const r = buildSkewReport(
        snapshot()
          .broker(1)
          .topic('a', [
            { replicas: [1], bytes: 10 },
            { replicas: [1], bytes: 30 },
          ])
          .topic('b', [
            { replicas: [1], bytes: 30 },
            { replicas: [1], bytes: 20 },
          ])
          .build(),
        { hotPartitionCount: 3 },
      );
      assert.deepEqual(
        r.hotPartitions.bySize.map((p) => `${p.topic}-${p.partition}:${p.bytes}`),
        ['a-1:30', 'b-0:30', 'b-1:20'],
      );
      assert.throws(() => buildSkewReport(snapshot().build(), { balanceTolerance: -0.1 }), SkewInputError);
      assert.throws(() => buildSkewReport(snapshot().build(), { hotPartitionCount: 2.5 }), SkewInputError);
    });
  });

  describe('the demo cluster', () => {
    const report = buildSkewReport(demoSnapshot(60), { previous: demoSnapshot(0) });

    it('broker 1 is the hot broker on replicas, leaders and bytes; brokers 7-9 are empty and count', () => {
      assert.deepEqual(report.countedBrokers, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const name of ['replicas', 'leaders', 'bytes'] as const) {
        const m = metric(report, name);
        assert.equal(m.status, 'skewed', name);
        assert.equal(m.maxBroker, DEMO_HOT_BROKER, name);
        assert.deepEqual(m.aboveUpper.includes(DEMO_HOT_BROKER), true, name);
        assert.equal(m.min, 0, name);
        for (const id of [7, 8, 9]) assert.ok(m.belowLower.includes(id), `${name}: broker ${id} below`);
      }
      assert.deepEqual(
        report.brokers.filter((b) => b.replicas === 0).map((b) => b.broker),
        [7, 8, 9],
      );
      // 244 partitions, one leader each: mean over 9 brokers = 27.1
      assert.equal(
        report.brokers.reduce((s, b) => s + b.leaders, 0),
        244,
      );
      assert.match(
        metric(report, 'leaders').verdict,
        /^leaders: skewed — broker 1 has \d+ \([\d.]+x the mean 27\.1\), brokers 7, 8, 9 have 0 \(0x\);/,
      );
    });

    it('rates add up to the demo topics write rates', () => {
      const sum = (f: (b: SkewReport['brokers'][number]) => number | null) => report.brokers.reduce((s, b) => s + (f(b) ?? 0), 0);
      // produce: 42 + 8 + 25 + 0.6 + 3 + 1.5 + 0.1 + 0.05 = 80.25 MB/s
      assert.ok(Math.abs(sum((b) => b.produceInBytesPerSec) - 80.25e6) < 80.25e6 * 1e-4);
      // replication-in = rate x (RF - 1): 42x2 + 8x2 + 25x1 + 0.6x2 + 3x2 + 1.5x2 + 0.1x2 + 0.05x2 = 135.5 MB/s
      assert.ok(Math.abs(sum((b) => b.replicationInBytesPerSec) - 135.5e6) < 135.5e6 * 1e-4);
      assert.ok(Math.abs(sum((b) => b.replicationOutBytesPerSec) - 135.5e6) < 135.5e6 * 1e-4);
      assert.equal(metric(report, 'produceIn').maxBroker, DEMO_HOT_BROKER);
      assert.equal(report.hotPartitions.byWriteRate.length, 10);
      assert.equal(report.hotPartitions.byWriteRate[0].topic, 'clickstream');
      assert.equal(report.hotPartitions.bySize.length, 10);
      assert.ok(report.topics.every((t) => t.rackStatus === 'spread'));
    });

    it('renders as a text table and round-trips through JSON', () => {
      const text = formatSkewReport(report);
      assert.match(
        text,
        /^Skew of Demo cluster \(id demo-cluster-0001\) at 2026-11-25T09:01:00\.000Z; rates over 60 s since 2026-11-25T09:00:00\.000Z$/m,
      );
      assert.match(text, /^ {2}replicas: skewed — broker 1 has 144/m);
      assert.match(text, /^max\/mean +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+$/m);
      assert.match(text, /^1 +a +\d+ +\d+ +[\d.]+ TiB +8\d\.\d % +action +[\d.]+ MB\/s/m);
      assert.match(text, /^7 +a +0 +0 +0 B +/m);
      assert.match(text, /Hot partitions by write rate \(top 10\):/);
      assert.match(text, /Hot partitions by size \(top 10\):/);
      assert.deepEqual(JSON.parse(skewReportToJson(report)), report);
      assert.doesNotMatch(skewReportToJson(report), /NaN|Infinity/);
    });
  });
});
