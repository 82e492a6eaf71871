// The sizing wizards in a real VS Code: both commands with inputs objects (numbers read back from the webview and
// its charts), one pass each through the real QuickInput of the Kafka wizard (demo defaults, Back, a rejected value)
// and of the Flink wizard, a *.sizing.json file's code lens, screenshots.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { demoRateSamples } from '../../../src/core/demo';
import { sizingDefaultsFromCluster } from '../../../src/core/sizing/fromSnapshot';
import { buildFlinkReport, buildKafkaReport, type FlinkSizingReport, type KafkaSizingReport } from '../../../src/core/sizing/report';
import { evalInWebview, hasControl, keyboard, openDemoCluster, screenshot, setColorTheme, waitFor, waitForQuickInput } from './control';

const EXTENSION_ID = 'kafka-flink-planner.kafka-flink-planner';
const KAFKA = {
  ingressMbps: 30,
  peakIngressMbps: 40,
  rf: 3,
  retentionHours: 24,
  azs: 3,
  brokerType: 'kafka.m5.large',
  brokers: 6,
  partitions: 600,
  volumeGiB: 2000,
};

/** One wizard step with real keys: wait for its prompt, type over the prefilled value (when text is given), Enter. */
async function answerStep(shows: RegExp, text?: string): Promise<void> {
  await waitForQuickInput(shows);
  if (text !== undefined) {
    await keyboard({ press: 'Control+A' });
    await keyboard({ text });
  }
  await keyboard({ press: 'Enter' });
}

describe('sizing wizards', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await openDemoCluster();
  });
  after(async () => {
    await setColorTheme('Default Dark Modern');
  });

  it('sizes a Kafka cluster from an inputs object and shows the numbers and the four states in the report', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const report = await vscode.commands.executeCommand<KafkaSizingReport>('kafkaPlanner.sizeKafkaCluster', KAFKA);
    assert.ok(report, 'the command returned nothing (it failed: see the log)');
    const expected = buildKafkaReport(KAFKA);
    assert.deepEqual(
      report.states.map((s) => s.utilization),
      expected.states.map((s) => s.utilization),
    );
    if (!hasControl()) return this.skip();
    const chart = await waitFor('the states chart', () =>
      evalInWebview<{ labels: string[]; data: number[][]; colors: string[] } | null>(
        `(() => { const c = Chart.getChart(document.getElementById('chart-states')); return c && { labels: c.data.labels, data: c.data.datasets.map((d) => d.data), colors: c.data.datasets.map((d) => d.backgroundColor) }; })()`,
      ),
    );
    assert.deepEqual(chart.labels, ['Normal', 'One broker lost', 'One AZ lost', 'Catch-up after a broker returns']);
    assert.deepEqual(
      chart.data[0],
      expected.states.map((s) => Math.round(s.liveRatio * 1000) / 10),
    );
    assert.deepEqual(chart.data[3], [80, 80, 80, 80], 'the ceiling line');
    for (const c of chart.colors) assert.doesNotMatch(String(c), /rgba\(.*,\s*0?\.\d+\)/, `bar colour ${c} is translucent`);
    const stats = await evalInWebview<Record<string, string>>(
      `Object.fromEntries([...document.querySelectorAll('.stat')].map((s) => [s.id, s.querySelector('.stat-value').textContent]))`,
    );
    assert.equal(stats['stat-normal'], '24.6 %');
    assert.equal(stats['stat-oneAzLost'], '36.9 %');
    const limit = await evalInWebview<string>(`document.querySelector('#n-throughputLimit .why-value').textContent`);
    assert.equal(limit, '162.5 MB/s');
    const storage = await evalInWebview<number[]>(
      `Chart.getChart(document.getElementById('chart-storage')).data.datasets.map((d) => d.data[0])`,
    );
    assert.deepEqual(storage, [0, 1200, 1600]);
    await evalInWebview(`document.querySelectorAll('details.why')[0].open = true`);
    await screenshot('sizing-kafka-dark');
    await setColorTheme('Default Light Modern');
    await waitFor('the light theme in the webview', async () =>
      (await evalInWebview<boolean>(`document.body.classList.contains('vscode-light')`)) ? true : undefined,
    );
    await screenshot('sizing-kafka-light');
    await setColorTheme('Default Dark Modern');
  });

  it('rejects RF above the broker count with a readable error instead of a report', async () => {
    const result = await vscode.commands.executeCommand('kafkaPlanner.sizeKafkaCluster', { ...KAFKA, rf: 7 });
    assert.equal(result, undefined);
  });

  it('sizes a Flink application from an inputs object', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // targetUtilization 1: the pricing page's example at exactly the subtasks the rate needs (the default keeps 25 % headroom)
    const inputs = { recordsPerSec: 19_000, recordsPerSecPerSubtask: 1000, stateGB: 30, targetUtilization: 1 };
    const report = await vscode.commands.executeCommand<FlinkSizingReport>('kafkaPlanner.sizeFlinkApplication', inputs);
    assert.ok(report);
    assert.equal(report.kpus, 20);
    assert.equal(report.numbers.find((n) => n.id === 'monthlyKpuCost')!.value, 1584);
    if (!hasControl()) return this.skip();
    const kpus = await waitFor('the KPU stat', () =>
      evalInWebview<string | null>(`document.querySelector('#stat-kpus .stat-value')?.textContent ?? null`),
    );
    assert.equal(kpus, '20');
    const bars = await evalInWebview<number[]>(`Chart.getChart(document.getElementById('chart-kpu')).data.datasets[0].data`);
    assert.deepEqual(bars, [
      4,
      50,
      buildFlinkReport({ ...inputs, kpuHourPriceUsd: 0.11, runningStorageGbMonthPriceUsd: 0.1 }).perKpu.stateGB,
    ]);
    assert.match(
      await evalInWebview<string>(`document.getElementById('pricing-reading').textContent`),
      /20 KPUs \(19 \+ 1\) × 720 h × \$0\.11 = \$1,584/,
    );
    await screenshot('sizing-flink-dark');
    await setColorTheme('Default Light Modern');
    await waitFor('the light theme in the webview', async () =>
      (await evalInWebview<boolean>(`document.body.classList.contains('vscode-light')`)) ? true : undefined,
    );
    await screenshot('sizing-flink-light');
    await setColorTheme('Default Dark Modern');
  });

  it('runs the Flink wizard through the real QuickInput', async function () {
    if (!hasControl()) return this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const running = vscode.commands.executeCommand<FlinkSizingReport>('kafkaPlanner.sizeFlinkApplication');
    // real key events: select the prefilled value, type over it, Enter
    const type = async (text: string) => {
      await new Promise((r) => setTimeout(r, 500));
      if (text) {
        await keyboard({ press: 'Control+A' });
        await keyboard({ text });
      }
      await keyboard({ press: 'Enter' });
    };
    await type('5000'); // records/s
    await type('1000'); // records/s per subtask
    await type(''); // ParallelismPerKPU default 1
    await type(''); // no state
    const report = await running;
    assert.ok(report, 'the wizard did not produce a report');
    // sized to the 75 % target utilization (kafkaPlanner.sizing.flinkTargetUtilization): ceil(5,000 ÷ 750) = 7
    assert.equal(report.parallelism, 7);
    assert.equal(report.kpus, 8);
  });

  it('runs the Kafka wizard through the real QuickInput: demo defaults per topic, Back, a rejected broker count, numbers in the report', async function () {
    if (!hasControl()) return this.skip();
    this.timeout(120_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const running = vscode.commands.executeCommand<KafkaSizingReport>('kafkaPlanner.sizeKafkaCluster');
    // demo defaults: 9 brokers, 3 AZs (racks), RF 3, 194 partitions, measured write rate 80.2 MB/s, storage per topic
    await waitForQuickInput(/Kafka: Size a Cluster \(1\/13\).*Demo cluster/); // the question is the placeholder (not in the DOM's text)
    await keyboard({ text: 'Demo cluster', press: 'Enter' });
    // the per-topic breakdown before any default is applied: each topic with how it was derived
    const breakdown = await waitForQuickInput(/Use these defaults/);
    assert.match(breakdown, /clickstream/);
    assert.match(breakdown, /42 MB\/s × RF 3 × retention\.ms 3 days \(72 h\) = 29\.7 TiB/);
    assert.match(breakdown, /cleanup\.policy=compact/);
    await keyboard({ press: 'Enter' });
    // Back to step 1 and "No cluster": the demo's defaults and their "(default from …)" notes must go
    await waitForQuickInput(/Average producer traffic.*\(default from Demo cluster/);
    await vscode.commands.executeCommand('workbench.action.quickInputBack');
    await answerStep(/\(1\/13\).*No cluster/);
    assert.doesNotMatch(await waitForQuickInput(/\(2\/13\).*Average producer traffic/), /default from/);
    await vscode.commands.executeCommand('workbench.action.quickInputBack');
    await waitForQuickInput(/\(1\/13\).*Demo cluster/);
    await keyboard({ text: 'Demo cluster', press: 'Enter' });
    await answerStep(/Use these defaults/);
    await answerStep(/Average producer traffic.*\(default from Demo cluster: measured write rate over 60 s/, '50');
    await answerStep(/Peak producer traffic/, '70');
    await answerStep(/Consumer groups that each read everything/); // 1
    await answerStep(/Replication factor .*\(default from Demo cluster: most common replication factor/, '4');
    // Back from the retention step to the RF step (the QuickInput's Back button), which keeps the typed 4; forward again
    await waitForQuickInput(/Retention, in hours/);
    await vscode.commands.executeCommand('workbench.action.quickInputBack');
    await answerStep(/Replication factor/);
    await answerStep(/Retention, in hours.*optional/); // empty: each topic's own retention is in the data on the volumes
    await answerStep(
      /Data on the brokers' volumes.*\(default from Demo cluster: per topic, measured write rate × its RF × its own retention/,
    );
    await answerStep(/MSK tiered storage: local retention/); // empty: no tiered storage
    await answerStep(/Availability zones/); // 3
    await answerStep(/\(10\/13\).*kafka\.m5\.large/); // broker type: kafka.m5.large
    // 3 brokers cannot hold RF 4: the message replaces the prompt, and Enter does not advance
    await waitForQuickInput(/Broker count; leave empty to recommend .*\(default from Demo cluster: 9 brokers today\)/);
    await keyboard({ press: 'Control+A' });
    await keyboard({ text: '3' });
    const rejected = await waitForQuickInput(/Replication factor 4 needs at least 4 brokers: RF cannot exceed the broker count/);
    await keyboard({ press: 'Enter' });
    await new Promise((r) => setTimeout(r, 800));
    const after = await waitForQuickInput(/RF cannot exceed the broker count/);
    assert.doesNotMatch(after, /Planned partitions/, 'Enter on a rejected value went on to the next step');
    assert.match(after, /\(11\/13\)/, 'still the broker step (11 of 13)');
    assert.match(rejected, /\(11\/13\)/);
    await keyboard({ press: 'Control+A' });
    await keyboard({ text: '6' });
    await waitForQuickInput(/Broker count; leave empty/); // valid again: the prompt is back
    await keyboard({ press: 'Enter' });
    await answerStep(/Planned partitions .*\(default from Demo cluster: 194 partitions of its 7 topics\)/); // 194
    await answerStep(/EBS volume per broker/); // empty: the suggested size
    const report = await running;
    assert.ok(report, 'the wizard did not produce a report');
    const demo = demoRateSamples();
    const derived = sizingDefaultsFromCluster(demo.current, demo.previous);
    const request = {
      ingressMbps: 50,
      peakIngressMbps: 70,
      consumerGroups: 1,
      rf: 4,
      // the wizard shows the derived value to 6 significant digits; Enter keeps what it shows
      storedGiB: Number(derived.defaults.storedGiB!.toPrecision(6)),
      azs: 3,
      brokerType: 'kafka.m5.large',
      brokers: 6,
      partitions: 194,
    };
    assert.deepEqual(report.request, request);
    const expected = buildKafkaReport(request, { clusterName: 'Demo cluster', derived });
    assert.deepEqual(report, expected);
    assert.equal(report.derivation!.topics.length, 7);

    // the same numbers inside the webview: header, the four stat cards, every "why" number, the two charts
    const pct = (x: number) => Math.round(x * 1000) / 10;
    const stats = await waitFor('the stat cards', () =>
      evalInWebview<Record<string, string> | null>(
        `(() => { const s = [...document.querySelectorAll('.stat')]; return s.length ? Object.fromEntries(s.map((e) => [e.id, e.querySelector('.stat-value').textContent])) : null; })()`,
      ),
    );
    assert.deepEqual(
      stats,
      Object.fromEntries(
        expected.states.map((s) => [`stat-${s.state}`, s.utilization === null ? 'n/a' : `${(s.utilization * 100).toFixed(1)} %`]),
      ),
    );
    assert.equal(stats['stat-oneAzLost'], '86.2 %'); // above the 80 % ceiling with 4 of 6 brokers left
    const title = await evalInWebview<string>(`document.querySelector('.title-row').textContent`);
    assert.match(title, /Kafka sizing of Demo cluster: kafka\.m5\.large/);
    assert.doesNotMatch(title, /\d+ ×/, 'the heading shows neither the count today nor the recommended one');
    assert.match(title, /Inputs from Demo cluster \(derived per topic\) and the wizard/);
    const numbers = await evalInWebview<Record<string, string>>(
      `Object.fromEntries([...document.querySelectorAll('.numbers > .why')].map((d) => [d.id, d.querySelector('.why-value').textContent]))`,
    );
    assert.deepEqual(numbers, Object.fromEntries(expected.numbers.map((n) => [`n-${n.id.replace(/[^A-Za-z0-9_-]/g, '_')}`, n.text])));
    assert.equal(numbers['n-throughputLimit'], '121.88 MB/s');
    const states = await evalInWebview<number[][]>(
      `Chart.getChart(document.getElementById('chart-states')).data.datasets.map((d) => d.data)`,
    );
    assert.deepEqual(
      states[0],
      expected.states.map((s) => pct(s.liveRatio)),
    );
    assert.deepEqual(
      states[1],
      expected.states.map((s) => pct(s.catchUpRatio)),
    );
    const storage = await evalInWebview<number[][]>(
      `Chart.getChart(document.getElementById('chart-storage')).data.datasets.map((d) => d.data)`,
    );
    assert.deepEqual(storage[0], expected.storage!.usedGiB);
    assert.equal(storage[1][0], expected.storage!.warnGiB);
    assert.equal(storage[2][0], expected.storage!.actionGiB);
    // today 6 × m5.large fails one AZ lost (86.2 %); 9 fit: the recommendation, in its own block
    assert.equal(expected.recommendation.brokerCount, 9);
    assert.match(
      await evalInWebview<string>(`document.getElementById('today').textContent`),
      /Your cluster today: 6 × kafka\.m5\.large: does not fit/,
    );
    assert.match(
      await evalInWebview<string>(`document.getElementById('recommendation').textContent`),
      /Recommended: 9 × kafka\.m5\.large\. Because: 9 brokers/,
    );
    assert.match(
      await evalInWebview<string>(`document.getElementById('derivation').textContent`),
      /Per topic, from Demo cluster \(write rates over 60 s\)/,
    );
    await vscode.commands.executeCommand('workbench.action.closePanel'); // earlier suites leave Problems open over the report
    await setColorTheme('Default Dark Modern');
    await screenshot('sizing-kafka-wizard-dark');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a *.sizing.json file with the code lens "Open sizing report"', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const dir = mkdtempSync(join(tmpdir(), 'kfp-sizing-'));
    const file = join(dir, 'orders.sizing.json');
    writeFileSync(file, JSON.stringify({ version: 1, kind: 'kafka', inputs: KAFKA }, null, 2));
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await waitFor('the sizing code lens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l?.some((x) => x.command?.title === 'Open sizing report') ? l : undefined;
    });
    const lens = lenses.find((x) => x.command?.title === 'Open sizing report')!;
    const report = await vscode.commands.executeCommand<KafkaSizingReport>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(report.brokerCount, 6);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
