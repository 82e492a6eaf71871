// The sizing reports (what the webview, the CLI and "Copy as Markdown" show), the request readers and
// `*.sizing.json` files, and `kfp size`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SizingInputError } from '../../src/core/sizing/explained';
import { sizeFlinkApplication } from '../../src/core/sizing/flinkSizing';
import { sizeKafkaCluster } from '../../src/core/sizing/kafkaSizing';
import {
  PRICING_READING,
  buildFlinkReport,
  buildKafkaReport,
  flinkReportMarkdown,
  kafkaReportMarkdown,
} from '../../src/core/sizing/report';
import {
  DEFAULT_PARTITIONS,
  flinkRequestFrom,
  kafkaInputOf,
  kafkaRequestFrom,
  readSizingDocument,
  sizingDocumentToJson,
} from '../../src/core/sizing/request';
import { ValidationError } from '../../src/core/validate';

const KAFKA = {
  ingressMbps: 30,
  peakIngressMbps: 40,
  rf: 3,
  retentionHours: 24,
  azs: 3,
  brokerType: 'kafka.m5.large',
  brokers: 6,
  partitions: 600,
};

describe('sizing report: Kafka', () => {
  it("shows the core's numbers for the four states, with their formulas and sources", () => {
    const report = buildKafkaReport(KAFKA);
    const core = sizeKafkaCluster(kafkaInputOf(KAFKA));
    assert.deepEqual(
      report.states.map((s) => s.state),
      ['normal', 'oneBrokerLost', 'oneAzLost', 'catchUp'],
    );
    assert.deepEqual(
      report.states.map((s) => s.utilization),
      core.states.map((s) => s.utilization?.value ?? null),
    );
    // 40 MB/s ÷ (81.25 × 6 ÷ 3 = 162.5 MB/s) = 24.6 %
    const limit = report.numbers.find((n) => n.id === 'throughputLimit')!;
    assert.equal(limit.value, 162.5);
    assert.equal(limit.text, '162.5 MB/s');
    assert.ok(limit.source.kind === 'url' && /right-sizing/.test(limit.source.url) && limit.source.section === 'Equation 1');
    assert.equal(report.numbers.find((n) => n.id === 'state.normal')!.text, '24.6 %');
    // catch-up: live 20 MB/s (40 × 3 ÷ 6) + 45 MB/s catch-up on 81.25 MB/s EBS: stacks 24.6 % + 55.4 % = 80 %
    const catchUp = report.states.find((s) => s.state === 'catchUp')!;
    assert.ok(Math.abs(catchUp.liveRatio - 20 / 81.25) < 1e-12);
    assert.ok(Math.abs(catchUp.liveRatio + catchUp.catchUpRatio - 0.8) < 1e-12);
    assert.equal(report.numbers.find((n) => n.id === 'catchUp.time')!.value, 800); // 36,000 MB ÷ 45 MB/s
    for (const n of report.numbers) assert.ok(n.formula && n.source, `${n.id} has a formula and a source`);
  });

  it('recommends a count when none is given, and compares Express with Standard', () => {
    const report = buildKafkaReport({ ...KAFKA, brokers: undefined });
    assert.equal(report.brokerCountRecommended, true);
    assert.equal(report.brokerCount, report.recommendation.brokerCount);
    assert.equal(report.comparison!.standard.brokerTypeId, 'kafka.m5.large');
    assert.equal(report.comparison!.express.brokerTypeId, 'express.m7g.large');
    assert.equal(report.comparison!.express.storageManaged, true);
  });

  it('draws storage over time up to the steady state, against 60 / 80 % of the volume', () => {
    const report = buildKafkaReport({ ...KAFKA, volumeGiB: 2000 });
    const s = report.storage!;
    assert.equal(s.volumeGiB, 2000);
    assert.equal(s.warnGiB, 1200);
    assert.equal(s.actionGiB, 1600);
    // 30 MB/s × 24 h × 3,600 s × 3 ÷ 6 = 1,296,000 MB = 1,206.99 GiB per broker
    assert.ok(Math.abs(s.usedGiB[s.usedGiB.length - 1] - 1296000e6 / 1024 ** 3) < 1e-3);
    assert.equal(s.usedGiB[0], 0);
  });

  it('renders Markdown with every number, its formula and source, and the Express comparison', () => {
    const report = buildKafkaReport(KAFKA);
    const md = kafkaReportMarkdown(report);
    // the heading names neither count; "today" and "recommended" each have their own block and agree with it
    assert.match(md, /^# Kafka sizing: kafka\.m5\.large\n/);
    assert.match(md, /\n## Your cluster today: 6 × kafka\.m5\.large: fits: /);
    assert.match(md, /\n## Recommended: 3 × kafka\.m5\.large\n\n\*\*Because:\*\* 3 brokers of kafka\.m5\.large: /);
    assert.match(md, /\n## Utilization in four states at 6 brokers \(your cluster today\), ceiling 80 %\n/);
    assert.match(md, /\| Average ingress \(MB\/s\) \| 30 MB\/s \| entered \|/);
    assert.match(md, /\| Retention \| 1 day \(24 h\) \| entered \|/);
    assert.match(md, /\| One AZ lost \| 36\.9 % \| yes \| EBS network \|/);
    for (const n of report.numbers) assert.ok(md.includes(`| ${n.label.replace(/\|/g, '\\|')} | ${n.text} |`), n.id);
    assert.match(md, /## Express vs Standard/);
    assert.match(md, /\| Brokers for this workload \| 3 \| 6 \|/);
  });

  it('renders each source as a public link or name, and marks Express numbers "unverified: secondary source" next to the value', () => {
    const standard = kafkaReportMarkdown(buildKafkaReport(KAFKA));
    assert.match(
      standard,
      /\| Cluster throughput limit \(binding: EBS network\) \| 162\.5 MB\/s \| .* \| \[AWS Big Data Blog: Best practices for right-sizing your Apache Kafka clusters to optimize performance and cost, Equation 1\]\(https:\/\/aws\.amazon\.com\/blogs\/big-data\/best-practices-for-right-sizing-your-apache-kafka-clusters-to-optimize-performance-and-cost\/\) \|/,
    );
    // 6 × express.m7g.large: ingress 15.6 × 6 = 93.6 MB/s binds (egress 31.2 × 6 ÷ 1 = 187.2).
    const report = buildKafkaReport({ ...KAFKA, brokerType: 'express.m7g.large' });
    const limit = report.numbers.find((n) => n.id === 'throughputLimit')!;
    assert.equal(limit.text, '93.6 MB/s');
    assert.equal(limit.unverified, 'unverified: secondary source');
    const md = kafkaReportMarkdown(report);
    assert.match(md, /\| Cluster throughput limit \(binding: Express ingress\) \| 93\.6 MB\/s \(unverified: secondary source\) \|/);
    assert.match(md, /\| Ingress per broker \| [^|]+ MB\/s \| 15\.6 MB\/s \(unverified: secondary source\) \|/);
    assert.match(
      md,
      /\| Partitions per broker \(recommended \/ max\) \| 1,000 partitions \/ 1,500 partitions \| 1,000 partitions \/ 1,500 partitions \(unverified: secondary source\) \|/,
    );
    assert.ok(report.notes.some((n) => n.includes('confirm them against the Amazon MSK Developer Guide')));
    assert.equal(buildKafkaReport(KAFKA).numbers.filter((n) => n.unverified).length, 0);
  });

  it('speaks only of public sources: no private notes, paths or internal references in any report', () => {
    const texts = [
      JSON.stringify(buildKafkaReport({ ...KAFKA, volumeGiB: 2000 })),
      kafkaReportMarkdown(buildKafkaReport({ ...KAFKA, brokers: undefined })),
      kafkaReportMarkdown(buildKafkaReport({ ...KAFKA, brokerType: 'express.m7g.large' })),
      JSON.stringify(buildFlinkReport({ recordsPerSec: 19_000, recordsPerSecPerSubtask: 1000, stateGB: 3000, targetUtilization: 1 })),
      flinkReportMarkdown(buildFlinkReport({ recordsPerSec: 19_000, recordsPerSecPerSubtask: 1000, stateGB: 3000, targetUtilization: 1 })),
    ];
    for (const t of texts) assert.doesNotMatch(t, /FIELD\.md|\/work\/|\.\.\/shared|shared\/|\bthe talk\b|\bissue [0-9]+|\bthe lead\b/);
  });

  it('says when the partition count was assumed', () => {
    const report = buildKafkaReport({ ...KAFKA, partitions: undefined });
    assert.ok(report.notes.some((n) => n.includes(`assumed ${DEFAULT_PARTITIONS}`)));
  });

  it('rejects RF above the broker count naming the field and the range', () => {
    assert.throws(
      () => buildKafkaReport({ ...KAFKA, rf: 7 }),
      (e: unknown) => e instanceof SizingInputError && e.input === 'replicationFactor' && /brokerCount \(6\)/.test(e.message),
    );
  });
});

describe('sizing report: Flink', () => {
  it('reproduces the pricing example under the reading it states (20 billed KPUs × 720 h × $0.11 = $1,584)', () => {
    const report = buildFlinkReport({ recordsPerSec: 19_000, recordsPerSecPerSubtask: 1000, targetUtilization: 1 });
    assert.equal(report.parallelism, 19);
    assert.equal(report.kpus, 20);
    assert.equal(report.numbers.find((n) => n.id === 'monthlyKpuCost')!.value, 1584);
    assert.match(report.pricingReading, /20 KPUs \(19 \+ 1\) × 720 h × \$0\.11 = \$1,584/);
    assert.match(flinkReportMarkdown(report), /\*\*Pricing:\*\* Cost = billed KPUs/);
    assert.equal(PRICING_READING, report.pricingReading);
  });

  it('takes a configured parallelism instead of rates (the Flink lens)', () => {
    const report = buildFlinkReport({ parallelism: 4, parallelismPerKpu: 2 });
    assert.equal(report.parallelism, 4);
    assert.equal(report.kpus, 3); // ceil(4 ÷ 2) + 1
    assert.deepEqual(report.numbers[0].source, { kind: 'input', what: "the job's configured parallelism" });
    assert.throws(
      () => sizeFlinkApplication({ parallelism: 4, peakRecordsPerSec: 10, recordsPerSecPerSubtask: 1 }),
      /parallelism = 4 is not allowed/,
    );
  });

  it('shows state per KPU against memory and running storage', () => {
    const report = buildFlinkReport({ recordsPerSec: 1000, recordsPerSecPerSubtask: 100, stateGB: 60, targetUtilization: 1 });
    assert.deepEqual(report.perKpu, { memoryGB: 4, runningStorageGB: 50, stateGB: 6, level: 'exceedsMemory' }); // 60 GB ÷ 10 worker KPUs
  });
});

describe('sizing requests and *.sizing.json', () => {
  it('reads requests and names the path of a wrong field', () => {
    assert.deepEqual(kafkaRequestFrom(KAFKA), KAFKA);
    assert.throws(
      () => kafkaRequestFrom({ ...KAFKA, rf: '3' }),
      (e: unknown) => e instanceof ValidationError && e.path === '$.rf',
    );
    assert.throws(() => kafkaRequestFrom({ ...KAFKA, replication: 3 }), /\$\.replication: unknown field/);
    assert.throws(() => flinkRequestFrom({ recordsPerSec: 10 }), /recordsPerSecPerSubtask/);
  });

  it('round-trips a file and names the file and path on errors', () => {
    const text = sizingDocumentToJson({ version: 1, kind: 'flink', inputs: { recordsPerSec: 1000, recordsPerSecPerSubtask: 100 } });
    assert.deepEqual(readSizingDocument(text, 'job.sizing.json'), {
      version: 1,
      kind: 'flink',
      inputs: { recordsPerSec: 1000, recordsPerSecPerSubtask: 100 },
    });
    assert.throws(
      () => readSizingDocument('{"version":1,"kind":"kafka","inputs":{"ingressMbps":"x"}}', 'c.sizing.json'),
      /^ValidationError: c\.sizing\.json: \$\.inputs\.ingressMbps: expected a finite number/,
    );
    assert.throws(() => readSizingDocument('{"version":2}', 'c.sizing.json'), /\$\.version/);
    assert.throws(() => readSizingDocument('{', 'c.sizing.json'), /c\.sizing\.json: \$: not valid JSON/);
  });
});

describe('kfp size', () => {
  const kfp = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', 'size', ...args], { encoding: 'utf8' });

  it('prints the Kafka report with formulas and sources, and JSON with stable field names', () => {
    const args = [
      'kafka',
      '--ingress-mbps',
      '30',
      '--peak-ingress-mbps',
      '40',
      '--rf',
      '3',
      '--retention-hours',
      '24',
      '--azs',
      '3',
      '--broker-type',
      'kafka.m5.large',
      '--brokers',
      '6',
      '--partitions',
      '600',
    ];
    const text = kfp(...args);
    assert.equal(text.status, 0, text.stderr);
    assert.equal(text.stdout, kafkaReportMarkdown(buildKafkaReport(KAFKA)));
    const json = kfp(...args, '--json');
    const parsed = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(parsed), [
      'version',
      'kind',
      'title',
      'request',
      'inputs',
      'today',
      'errors',
      'derivation',
      'brokerTypeId',
      'brokerCount',
      'brokerCountRecommended',
      'utilizationCeiling',
      'withinCeiling',
      'states',
      'numbers',
      'storage',
      'recommendation',
      'comparison',
      'comparisonNote',
      'notes',
      'warnings',
    ]);
    assert.equal(parsed.numbers[0].id, 'throughputLimit');
  });

  it('prints the Flink report', () => {
    const r = kfp('flink', '--records-per-sec', '19000', '--records-per-sec-per-subtask', '1000', '--target-utilization', '1', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).kpus, 20);
  });

  it('exits 2 naming the flag and the range on bad input', () => {
    const rf = kfp(
      'kafka',
      '--ingress-mbps',
      '30',
      '--rf',
      '4',
      '--retention-hours',
      '24',
      '--azs',
      '3',
      '--broker-type',
      'kafka.m5.large',
      '--brokers',
      '3',
    );
    assert.equal(rf.status, 2);
    assert.match(rf.stderr, /--rf \(replicationFactor\) = 4 is not allowed: expected a whole number from 1 to brokerCount \(3\)/);
    const ppk = kfp('flink', '--records-per-sec', '10', '--records-per-sec-per-subtask', '1', '--parallelism-per-kpu', '9');
    assert.equal(ppk.status, 2);
    assert.match(ppk.stderr, /--parallelism-per-kpu \(parallelismPerKpu\) = 9 is not allowed: expected a whole number from 1 to 8/);
    const missing = kfp('kafka', '--ingress-mbps', '30');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /needs --rf, --retention-hours, --azs, --broker-type/);
    const foreign = kfp('flink', '--records-per-sec', '10', '--records-per-sec-per-subtask', '1', '--rf', '3');
    assert.equal(foreign.status, 2);
    assert.match(foreign.stderr, /does not take --rf/);
  });
});
