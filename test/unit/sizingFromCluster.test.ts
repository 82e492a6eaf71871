// Sizing inputs derived per topic from two snapshots (write rate × RF × the topic's own retention, at least today's
// bytes on disk), and the error-level finding when a volume would exceed the broker type's maximum. Every expected
// value below is computed by hand in the comment next to it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotToJson } from '../../src/core/snapshotJson';
import { MSK_VOLUME_MAX_GIB } from '../../src/core/sizing/catalog';
import { sizingDefaultsFromCluster } from '../../src/core/sizing/fromSnapshot';
import { buildKafkaReport, kafkaReportMarkdown } from '../../src/core/sizing/report';
import { sizeKafkaCluster } from '../../src/core/sizing/kafkaSizing';
import { kafkaInputOf } from '../../src/core/sizing/request';
import { GiB } from '../../src/core/units';
import { snapshot } from './builders';

const DAY_MS = 86_400_000;
/** Equal up to floating-point rounding (1e-9 relative). */
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 1e-9, `${actual} ≈ ${expected}`);
const INTERVAL_S = 100;

/** Two snapshots 100 s apart: `grow` bytes per partition (per replica) between them. */
function pair() {
  const build = (later: boolean) => {
    const b = snapshot()
      .at(later ? '2026-11-25T10:01:40.000Z' : '2026-11-25T10:00:00.000Z')
      .broker(1, 'a')
      .broker(2, 'b')
      .broker(3, 'c');
    const size = (start: number, ratePerSec: number) => (later ? start + ratePerSec * INTERVAL_S : start);
    // events: 2 partitions, RF 3, 7 days, 10,000 B/s each
    b.topic(
      'events',
      [
        { replicas: [1, 2, 3], bytes: size(1_000_000, 10_000) },
        { replicas: [2, 3, 1], bytes: size(1_000_000, 10_000) },
      ],
      { retentionMs: 7 * DAY_MS, retentionBytes: -1, cleanupPolicy: 'delete' },
    );
    // capped: RF 2, 7 days or 50 MB per partition, 5,000 B/s: the bytes bind (5,000 × 604,800 = 3.024 GB > 50 MB)
    b.topic('capped', [{ replicas: [1, 2], bytes: size(1_000_000, 5_000) }], {
      retentionMs: 7 * DAY_MS,
      retentionBytes: 50_000_000,
      cleanupPolicy: 'delete',
    });
    // state: compacted, RF 3: its measured size (7 MB per replica), whatever its rate
    b.topic('state', [{ replicas: [3, 1, 2], bytes: size(6_900_000, 1_000) }], {
      retentionMs: 7 * DAY_MS,
      cleanupPolicy: 'compact',
    });
    // forever: retention -1 and no size limit, RF 1: its measured size (9 MB)
    b.topic('forever', [{ replicas: [3], bytes: size(8_000_000, 10_000) }], {
      retentionMs: -1,
      retentionBytes: -1,
      cleanupPolicy: 'delete',
    });
    // tiered: 1 day local of 30 days total, RF 3, 2,000 B/s
    b.topic('tiered', [{ replicas: [2, 1, 3], bytes: size(500_000, 2_000) }], {
      retentionMs: 30 * DAY_MS,
      retentionBytes: -1,
      cleanupPolicy: 'delete',
      remoteStorageEnable: true,
      localRetentionMs: DAY_MS,
      localRetentionBytes: -2,
    });
    // floor: 1 h retention at 100 B/s derives 1.08 MB, but 10 MB per replica are on disk today
    b.topic('floor', [{ replicas: [1, 2, 3], bytes: size(9_990_000, 100) }], { retentionMs: 3_600_000, cleanupPolicy: 'delete' });
    b.topic('__consumer_offsets', [{ replicas: [1, 2, 3], bytes: 5_000_000 }], { cleanupPolicy: 'compact' });
    return b.build();
  };
  return { earlier: build(false), later: build(true) };
}

describe('sizing defaults derived per topic from two snapshots', () => {
  const { earlier, later } = pair();
  const d = sizingDefaultsFromCluster(later, earlier);
  const row = (topic: string) => {
    const r = d.topics.find((t) => t.topic === topic);
    assert.ok(r, topic);
    return r;
  };

  it('measures each topic write rate and sums them as the average ingress', () => {
    assert.equal(d.intervalSeconds, INTERVAL_S);
    assert.equal(row('events').writeBytesPerSec, 20_000);
    assert.equal(row('capped').writeBytesPerSec, 5_000);
    // 20,000 + 5,000 + 1,000 + 10,000 + 2,000 + 100 B/s; internal topics are not user traffic
    assert.equal(d.defaults.ingressMbps, 38_100 / 1e6);
    assert.ok(d.topics.every((t) => !t.topic.startsWith('__')));
  });

  it('multiplies rate × RF × the topic own retention, whichever of time and retention.bytes binds first', () => {
    // 20,000 B/s × 604,800 s × RF 3
    assert.equal(row('events').derivedBytes, 20_000 * 604_800 * 3);
    assert.equal(row('events').binding, 'time');
    assert.equal(row('events').storedBytes, 36_288_000_000);
    // min(5,000 × 604,800, 50,000,000) × RF 2
    assert.equal(row('capped').binding, 'bytes');
    assert.equal(row('capped').storedBytes, 100_000_000);
    assert.match(row('capped').how, /retention\.bytes binds first/);
  });

  it('takes compacted and infinite-retention topics at their measured size, and says so', () => {
    assert.equal(row('state').binding, 'compacted');
    assert.equal(row('state').storedBytes, 7_000_000 * 3);
    assert.match(row('state').how, /cleanup\.policy=compact/);
    assert.equal(row('forever').binding, 'infinite');
    assert.equal(row('forever').storedBytes, 9_000_000);
    assert.match(row('forever').how, /retention -1 \(infinite\): the topic grows without bound/);
  });

  it('sizes tiered topics on the local retention and reports the total in the tier (one copy)', () => {
    const t = row('tiered');
    assert.equal(t.tiered, true);
    assert.equal(t.localRetentionHours, 24);
    assert.equal(t.storedBytes, 2_000 * 86_400 * 3);
    assert.equal(t.tieredBytes, 2_000 * 30 * 86_400);
    assert.equal(d.defaults.tieredGiB, (2_000 * 30 * 86_400) / GiB);
  });

  it("keeps today's bytes on disk as the floor", () => {
    const f = row('floor');
    assert.equal(f.derivedBytes, 100 * 3_600 * 3);
    assert.equal(f.storedBytes, 10_000_000 * 3);
    assert.match(f.how, /is larger and is used \(the floor\)/);
  });

  it('sums the topics into the data on the volumes, and names where each default came from', () => {
    const total = 36_288_000_000 + 100_000_000 + 21_000_000 + 9_000_000 + 518_400_000 + 30_000_000;
    assert.equal(d.defaults.storedGiB, total / GiB);
    assert.equal(d.defaults.brokers, 3);
    assert.equal(d.defaults.azs, 3);
    assert.equal(d.defaults.rf, 3);
    assert.equal(d.defaults.retentionHours, undefined, 'no single retention is applied to all traffic');
    assert.match(d.origins.storedGiB!, /per topic, measured write rate × its RF × its own retention/);
    assert.match(d.origins.ingressMbps!, /over 100 s/);
  });

  it('without a second snapshot, uses the bytes on disk today and leaves the ingress to the user', () => {
    const one = sizingDefaultsFromCluster(later);
    assert.equal(one.defaults.ingressMbps, undefined);
    assert.equal(one.topics.find((t) => t.topic === 'events')!.binding, 'today');
    assert.equal(one.intervalSeconds, null);
  });

  it('builds a report whose heading argues for neither count and whose blocks agree with the numbers', () => {
    const report = buildKafkaReport(
      { ...(d.defaults as { ingressMbps: number; rf: number; azs: number }), brokerType: 'kafka.m5.large' },
      {
        clusterName: 'test',
        derived: d,
      },
    );
    assert.equal(report.title, 'Kafka sizing of test: kafka.m5.large');
    assert.equal(report.today!.brokerCount, 3);
    assert.equal(report.brokerCount, 3);
    const perBroker = report.numbers.find((n) => n.id === 'storage.perBroker')!;
    assert.equal(perBroker.value, (36_288_000_000 + 100_000_000 + 21_000_000 + 9_000_000 + 518_400_000 + 30_000_000) / 3);
    const md = kafkaReportMarkdown(report);
    assert.match(md, /### Per topic, from test \(write rates over 100 s\)/);
    assert.match(md, /\| capped \| 1 \| 2 \| 0\.005 MB\/s \| 7 days \(168 h\) or 47\.7 MiB per partition \|/);
    assert.match(md, /\| Data on the brokers' volumes, all replicas \| 34\.4 GiB \| test: per topic/);
    assert.doesNotMatch(md, /storedGiB|ingressMbps|\d\.\d{7,}/, 'human names, no float noise');
  });
});

describe('kfp size kafka --from LATER.json --previous EARLIER.json', () => {
  it('derives the inputs per topic from two snapshot files, takes flags as overrides, and round-trips the tiered configs', () => {
    const { earlier, later } = pair();
    const dir = mkdtempSync(join(tmpdir(), 'kfp-size-from-'));
    writeFileSync(join(dir, 'earlier.json'), snapshotToJson(earlier));
    writeFileSync(join(dir, 'later.json'), snapshotToJson(later));
    const run = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', 'size', 'kafka', ...args], { encoding: 'utf8' });
    const r = run('--from', join(dir, 'later.json'), '--previous', join(dir, 'earlier.json'), '--broker-type', 'kafka.m5.large', '--json');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const d = sizingDefaultsFromCluster(later, earlier);
    assert.equal(report.request.storedGiB, d.defaults.storedGiB);
    assert.equal(report.request.ingressMbps, 38_100 / 1e6);
    assert.equal(report.request.tieredGiB, (2_000 * 30 * 86_400) / GiB, 'the tiered configs survived the snapshot file');
    assert.equal(report.derivation.topics.length, 6);
    assert.equal(report.today.brokerCount, 3);
    // a flag overrides its derived default
    const six = run(
      '--from',
      join(dir, 'later.json'),
      '--previous',
      join(dir, 'earlier.json'),
      '--broker-type',
      'kafka.m5.large',
      '--brokers',
      '6',
      '--json',
    );
    assert.equal(JSON.parse(six.stdout).today.brokerCount, 6);
    // without rates (one file) the ingress is the user's: the flag is required
    const one = run('--from', join(dir, 'later.json'), '--broker-type', 'kafka.m5.large');
    assert.equal(one.status, 2);
    assert.match(one.stderr, /needs --ingress-mbps/);
    assert.match(run('--previous', join(dir, 'earlier.json')).stderr, /--previous EARLIER\.json needs --from LATER\.json/);
  });
});

describe('a volume above the broker type maximum is an error with the ways out', () => {
  // 100 MB/s × 720 h × 3,600 s = 259.2 TB retained; × RF 3 ÷ 9 brokers = 86.4 TB per broker = 80,466.6 GiB;
  // ÷ 0.6 = 134,111 GiB needed, 8.2 × MSK's 16,384 GiB.
  const request = { ingressMbps: 100, rf: 3, retentionHours: 720, azs: 3, brokerType: 'kafka.m5.large', brokers: 9, partitions: 900 };

  it('flags it at error level in the core result and the report, with more brokers, shorter retention and tiered storage', () => {
    const result = sizeKafkaCluster(kafkaInputOf(request));
    assert.equal(result.errors.length, 1);
    const e = result.errors[0];
    assert.match(e, /^Storage does not fit kafka\.m5\.large: each of 9 brokers keeps 80,466\.\d+ GiB, which needs a 134,111 GiB volume/);
    const clusterBytes = 100e6 * 720 * 3600 * 3;
    const perBrokerCap = MSK_VOLUME_MAX_GIB * GiB * 0.6;
    const needed = Math.ceil(clusterBytes / perBrokerCap / 3) * 3; // 73.7 -> 75, a multiple of 3 AZs
    assert.equal(needed, 75);
    assert.ok(e.includes(`(1) more brokers: ${needed} × kafka.m5.large`), e);
    const hours = (720 * perBrokerCap * 9) / clusterBytes; // 87.96 h
    assert.ok(e.includes(`retention.ms at most ${(hours / 24).toFixed(2)} days (${hours.toFixed(2)} h) instead of 30 days (720 h)`), e);
    assert.match(e, /\(3\) MSK tiered storage \(remote\.storage\.enable=true\) with local\.retention\.ms at most 3\.67 days/);
    assert.match(e, /https:\/\/docs\.aws\.amazon\.com\/msk\/latest\/developerguide\/msk-tiered-storage\.html/);
    const report = buildKafkaReport(request);
    assert.deepEqual(report.errors, result.errors);
    assert.equal(report.today!.fits, false);
    assert.match(report.today!.summary, /above the MSK maximum of 16,384 GiB/);
    assert.match(kafkaReportMarkdown(report), /## Errors\n\n- \*\*Error:\*\* Storage does not fit kafka\.m5\.large/);
    // the recommendation agrees: it needs at least the count the error names
    assert.ok(report.recommendation.brokerCount === null || report.recommendation.brokerCount >= needed);
  });

  it('is no error once tiered storage keeps one day locally, and the tier holds the total', () => {
    const tiered = buildKafkaReport({ ...request, localRetentionHours: 24 });
    assert.deepEqual(tiered.errors, []);
    // 100 MB/s × 24 h × 3,600 s × RF 3 ÷ 9 = 2,880,000 MB per broker
    close(tiered.numbers.find((n) => n.id === 'storage.perBroker')!.value, (100e6 * 24 * 3600 * 3) / 9);
    close(tiered.numbers.find((n) => n.id === 'storage.tiered')!.value, 100e6 * 720 * 3600);
    // catch-up copies only what a broker keeps locally: the 30 min backlog is far below it, so it is unchanged
    close(tiered.numbers.find((n) => n.id === 'catchUp.backlog')!.value, (100e6 / 9) * 3 * 1800);
  });

  it('copies only the local bytes on catch-up and rebalance with tiered storage', () => {
    // local retention 0.1 h: 100 MB/s × 360 s × RF 3 ÷ 9 = 12,000 MB per broker; a 30 min absence writes
    // 100 ÷ 9 × 3 × 1,800 = 60,000 MB, but a returning broker cannot lack more than its volume holds: 12,000 MB
    const r = sizeKafkaCluster({ ...kafkaInputOf({ ...request, localRetentionHours: 0.1 }), addBrokers: 3, rebalanceThrottleMbPerSec: 50 });
    const perBroker = r.storage!.perBrokerBytes.value;
    close(perBroker, 12_000e6);
    const catchUp = r.states.find((s) => s.catchUp)!.catchUp!;
    close(catchUp.backlogBytes.value, 12_000e6);
    assert.match(catchUp.backlogBytes.formula, /capped at the 12,000 MB each broker keeps on its volume/);
    // rebalance: the local bytes of 9 brokers, 3 of 12 shares move: 108,000 MB × 3 ÷ 12 = 27,000 MB
    close(r.rebalance!.bytesToMove.value, 27_000e6);
  });

  it('flags a given volume that the retained data overfills', () => {
    const small = sizeKafkaCluster(kafkaInputOf({ ...request, retentionHours: 24, volumeGiB: 1000 }));
    // 100 MB/s × 24 h × 3,600 s × 3 ÷ 9 = 2,880 GB = 2,682.2 GiB on a 1,000 GiB volume
    assert.equal(small.errors.length, 1);
    assert.match(small.errors[0], /^Storage does not fit the 1,000 GiB volume: each of 9 brokers would keep 2,682\.21 GiB \(268\.2 %/);
  });

  it('is not raised when the volume fits', () => {
    assert.deepEqual(sizeKafkaCluster(kafkaInputOf({ ...request, retentionHours: 24 })).errors, []);
  });
});
