// The reassignment planner in a real VS Code: a plan for the demo cluster through the command, its before/after
// view (data read from the charts inside the webview), a bad plan file with its diagnostics and code lenses, and a
// plan saved for the real cluster: "not connected" until that cluster is loaded, then reviewed against it.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { demoRateSamples, demoSnapshot } from '../../../src/core/demo';
import { reassignmentToJson } from '../../../src/core/kafkaFormats';
import { partitionBytes } from '../../../src/core/model';
import { scheduleExecution } from '../../../src/core/planner/execution';
import { DEFAULT_GOALS, planReassignment } from '../../../src/core/planner/plan';
import { reviewReassignmentText } from '../../../src/core/planner/review';
import { planOptionsOf, planRequestFrom, reviewLensTitle } from '../../../src/core/reassignmentDocument';
import { formatBytes, formatDuration } from '../../../src/core/units';
import { formatGoalValue, goalSentence, verdictText, worstOf } from '../../../src/core/goalReportText';
import { partitionWriteRates } from '../../../src/core/skew/rates';
import { trafficModel } from '../../../src/core/traffic';
import { takeSnapshot } from '../../../src/kafka/snapshot';
import { clusterMetadata, createTopicWithAssignment, deleteTopic, produceRecords } from '../../integration/kafkaCluster';
import {
  evalInWebview,
  filterProblems,
  hasControl,
  openDemoCluster,
  queryWorkbench,
  screenshot,
  screenshotWithLens,
  setColorTheme,
  waitFor,
  waitForQuickInput,
} from './control';
import { addBrokersOnRacksAbc } from '../../fixtures/scenarios';

const EXTENSION_ID = 'kafka-flink-planner.kafka-flink-planner';
const DEFAULTS = { clusterId: 'demo', tolerance: 0.1, throttleBytesPerSec: 50e6, movesPerBroker: 5 };

interface PlanCommandResult {
  clusterId: string;
  partitionsMoved: number;
  replicasMoved: number;
  bytesMoved: number;
  lowerBoundBytes: number;
  batches: number;
  estimateText: string;
  unmet: string[];
}

describe('reassignment planner', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await openDemoCluster();
  });

  after(async () => {
    await setColorTheme('Default Dark Modern');
  });

  it("plans adding the demo's empty brokers through the command and shows before/after in the plan view", async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = await vscode.commands.executeCommand<PlanCommandResult>('kafkaPlanner.planReassignment', {
      clusterId: 'demo',
      goal: 'add',
    });
    assert.ok(result, 'the command returned nothing (it failed: see the log)');

    // the same plan computed here from the core: the view must show exactly these numbers
    // (the view plans with the demo's two rate samples, as it does for any cluster with an earlier snapshot)
    const samples = demoRateSamples();
    const snapshot = samples.current;
    const traffic = trafficModel(partitionWriteRates(samples.previous, snapshot), snapshot);
    const plan = planReassignment(
      snapshot,
      planOptionsOf(planRequestFrom({ clusterId: 'demo', goal: 'add' }, DEFAULTS), snapshot, traffic),
    );
    assert.deepEqual(plan.goal, {
      kind: 'add',
      brokers: [
        { id: 7, rack: 'a' },
        { id: 8, rack: 'b' },
        { id: 9, rack: 'c' },
      ],
    });
    assert.equal(result.replicasMoved, plan.replicasMoved);
    assert.equal(result.bytesMoved, plan.bytesMoved);
    assert.equal(result.lowerBoundBytes, plan.lowerBoundBytes);
    assert.ok(plan.replicasMoved > 0 && plan.bytesMoved >= plan.lowerBoundBytes, `moved ${plan.bytesMoved}, bound ${plan.lowerBoundBytes}`);
    assert.deepEqual(result.unmet, []);

    if (!hasControl()) return this.skip();
    // the command returns once the plan is computed; the view draws its charts when its webview has loaded
    const chart = await waitFor(
      'the bytes chart in the plan view',
      () =>
        evalInWebview<{ labels: string[]; datasets: { label: string; data: number[] }[] } | null>(
          `(() => { const c = Chart.getChart(document.getElementById('chart-bytes')); return c && { labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ label: d.label, data: d.data })) }; })()`,
        ),
      30_000,
    ).catch(() => undefined);
    assert.ok(chart, 'no bytes chart in the plan view');
    assert.deepEqual(chart.labels, ['1 (a)', '2 (b)', '3 (c)', '4 (a)', '5 (b)', '6 (c)', '7 (a)', '8 (b)', '9 (c)']);
    assert.deepEqual(
      chart.datasets.map((d) => d.label),
      ['before', 'after'],
    );
    assert.deepEqual(
      chart.datasets[0].data,
      plan.before.map((b) => b.bytes),
    );
    assert.deepEqual(
      chart.datasets[1].data,
      plan.after.map((b) => b.bytes),
    );
    assert.deepEqual(chart.datasets[0].data.slice(6), [0, 0, 0], 'brokers 7-9 start empty');
    const leaders = await evalInWebview<number[]>(`Chart.getChart(document.getElementById('chart-leaders')).data.datasets[1].data`);
    assert.deepEqual(
      leaders,
      plan.after.map((b) => b.leaders),
    );

    const stats = await evalInWebview<Record<string, string>>(
      `Object.fromEntries([...document.querySelectorAll('.stat')].map((s) => [s.id, s.querySelector('.stat-value').textContent + ' | ' + s.querySelector('.stat-detail').textContent]))`,
    );
    const schedule = scheduleExecution(plan.moves, { throttleBytesPerSec: 50e6, maxMovesPerBroker: 5 });
    assert.equal(stats['stat-replicas'], `${plan.replicasMoved} | in ${plan.moves.filter((m) => m.added.length).length} partitions`);
    assert.equal(
      stats['stat-bytes'],
      `${formatBytes(plan.bytesMoved)} | ${(plan.bytesMoved / plan.lowerBoundBytes).toFixed(3)} x the lower bound ${formatBytes(plan.lowerBoundBytes)}`,
    );
    assert.equal(
      stats['stat-duration'],
      `${formatDuration(schedule.estimatedSeconds)} | at 50.0 MB/s per broker, ${schedule.batches.length} batches`,
    );
    const title = await evalInWebview<string>(`document.querySelector('h1').textContent`);
    assert.equal(title, 'Plan: add brokers 7, 8, 9 · Demo cluster');
    const colors = await evalInWebview<string[]>(
      `Chart.getChart(document.getElementById('chart-bytes')).data.datasets.map((d) => d.backgroundColor)`,
    );
    for (const c of colors) assert.doesNotMatch(c, /rgba\(.*,\s*0?\.\d+\)/, `bar color ${c} is translucent`);
    const rows = await evalInWebview<number>(`document.querySelectorAll('#moves tbody tr').length`);
    assert.equal(rows, Math.min(plan.moves.length, 2000));
    // sorted by bytes copied, largest first
    const firstRow = await evalInWebview<string>(`document.querySelector('#moves tbody tr td').textContent`);
    const largest = [...plan.moves].sort(
      (a, b) => b.bytes * b.added.length - a.bytes * a.added.length || a.topic.localeCompare(b.topic) || a.partition - b.partition,
    )[0];
    assert.equal(firstRow, `${largest.topic}-${largest.partition}`);
    // the "topic-partition" header sorts by topic, then partition number
    await evalInWebview(`document.querySelector('#moves th button.sort').click()`);
    const byPartition = [...plan.moves]
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
      .map((m) => `${m.topic}-${m.partition}`);
    const firstColumn = () =>
      evalInWebview<string[]>(`[...document.querySelectorAll('#moves tbody tr')].map((tr) => tr.cells[0].textContent)`);
    assert.deepEqual(await firstColumn(), byPartition.slice(0, 2000));
    await vscode.commands.executeCommand('workbench.action.closePanel'); // earlier suites leave Problems open over the view
    await evalInWebview(`document.getElementById('moves').scrollIntoView()`);
    await screenshot('plan-view-moves-dark');
    await evalInWebview(`window.scrollTo(0, 0)`);

    await screenshot('plan-view-dark');
    await setColorTheme('Default Light Modern');
    // the view redraws with the light theme's colors: the chart's text color follows --vscode-foreground
    await waitFor('the light theme in the webview', async () =>
      (await evalInWebview<boolean>(`document.body.classList.contains('vscode-light')`)) ? true : undefined,
    );
    // the redrawn page keeps the order the user chose
    assert.deepEqual(await firstColumn(), byPartition.slice(0, 2000));
    await screenshot('plan-view-light');

    // every goal: a card whose sentence is the report's own, a chart of the same numbers, and a table that agrees
    assert.ok(plan.goals.length >= 7, `${plan.goals.length} goal reports`);
    const cards = await evalInWebview<{ id: string; verdict: string; sentence: string; rows: string[][] }[]>(
      `[...document.querySelectorAll('#goals article.goal')].map((a) => ({ id: a.id, verdict: a.querySelector('.verdict').textContent, sentence: a.querySelector('.goal-sentence').textContent, rows: [...a.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent)) }))`,
    );
    assert.deepEqual(
      cards.map((c) => c.id),
      plan.goals.map((g) => `goal-${g.id}`),
    );
    for (const g of plan.goals) {
      const card = cards.find((c) => c.id === `goal-${g.id}`)!;
      assert.equal(card.verdict, verdictText(g.verdict), g.id);
      assert.equal(card.sentence, goalSentence(g), g.id);
      // a goal without per-broker numbers (rack awareness) has its sentence only
      if (g.verdict === 'not-measured' || g.brokers.every((b) => b.before === 0 && b.after === 0)) {
        assert.equal(card.rows.length, 0, `${g.id}: no table`);
        continue;
      }
      assert.equal(card.rows.length, g.brokers.length, `${g.id}: one row per broker`);
      // the table agrees with the verdict: a balanced soft goal has no broker outside its band, a skewed one names
      // what blocks it; a capacity goal within capacity has no broker above its usable capacity
      card.rows.forEach((row, i) =>
        assert.equal(row[2], formatGoalValue(g.unit, g.brokers[i].after), `${g.id} broker ${g.brokers[i].broker} after`),
      );
      if (g.verdict === 'within-capacity')
        for (const b of g.brokers) assert.ok(b.capacity === null || b.after <= b.capacity, `${g.id} broker ${b.broker}`);
      if (g.verdict === 'skewed' || g.verdict === 'over-capacity') assert.ok(g.blockedBy, `${g.id} is ${g.verdict} and must say why`);
      // a met goal marks no broker in red; an unmet one marks the broker its sentence names
      const marked = await evalInWebview<string[]>(
        `[...document.querySelectorAll('#goal-table-${g.id} tr.worst th')].map((th) => th.textContent)`,
      );
      const met = g.verdict === 'balanced' || g.verdict === 'within-capacity';
      const named = met ? null : worstOf(g, 'after');
      assert.deepEqual(
        marked.map((t) => Number.parseInt(t ?? '', 10)),
        named ? [named.broker] : [],
        `${g.id} (${g.verdict}) marks ${marked.join(', ') || 'no broker'}`,
      );
      const chartData = await evalInWebview<number[][]>(
        `Chart.getChart(document.getElementById('goal-chart-${g.id}')).data.datasets.map((d) => d.data)`,
      );
      assert.deepEqual(
        chartData[0],
        g.brokers.map((b) => b.before),
        `${g.id} chart before`,
      );
      assert.deepEqual(
        chartData[1],
        g.brokers.map((b) => b.after),
        `${g.id} chart after`,
      );
    }
    await setColorTheme('Default Dark Modern');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await evalInWebview(`document.getElementById('goals').scrollIntoView()`);
    await screenshot('plan-view-goals-dark');
    await evalInWebview(`document.getElementById('goal-nw-in').scrollIntoView()`);
    await screenshot('plan-view-goals-network-dark');
    await evalInWebview(`window.scrollTo(0, 0)`);
    await setColorTheme('Default Dark Modern');
  });

  it('runs the wizard with its defaults when Enter is pressed on every step', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const running = vscode.commands.executeCommand<PlanCommandResult>('kafkaPlanner.planReassignment', 'demo');
    // goal (add: the demo has empty brokers), brokers 7-9, tolerance, excluded topics, goals (the setting's ticked, in
    // priority order), capacity (none), throttle, moves per broker
    for (let step = 0; step < 8; step++) {
      await new Promise((r) => setTimeout(r, 400));
      if (step === 4 && hasControl()) {
        const goals = await waitForQuickInput(/Plan Reassignment \(5\/8\).*Disk usage distribution/);
        assert.match(goals, /Disk usage distribution.*Network-in distribution.*Network-out distribution/);
        assert.match(goals, /7 Selected/);
        await screenshot('plan-wizard-goals');
      }
      if (step === 5 && hasControl()) {
        const capacity = await waitForQuickInput(/Plan Reassignment \(6\/8\).*No capacity check/);
        assert.match(capacity, /No capacity check.*Custom limits.*kafka\.m5\.large/);
      }
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const result = await running;
    assert.ok(result, 'the wizard did not produce a plan');
    const samples = demoRateSamples();
    const snapshot = samples.current;
    const plan = planReassignment(snapshot, {
      goal: addBrokersOnRacksAbc(7),
      tolerance: 0.1,
      excludedTopics: ['__consumer_offsets'],
      includeInternalTopics: true,
      goals: [...DEFAULT_GOALS],
      traffic: trafficModel(partitionWriteRates(samples.previous, snapshot), snapshot),
    });
    assert.equal(result.replicasMoved, plan.replicasMoved);
    assert.equal(result.bytesMoved, plan.bytesMoved);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('rejects bad plan options with a readable error instead of opening a view', async () => {
    const result = await vscode.commands.executeCommand('kafkaPlanner.planReassignment', { clusterId: 'demo', goal: 'shuffle' });
    assert.equal(result, undefined);
  });

  it('reviews a bad plan file: diagnostics on the right lines with finding codes, and the code lenses', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const dir = mkdtempSync(join(tmpdir(), 'kfp-review-'));
    const file = join(dir, 'bad-plan.json');
    const lines = [
      '{',
      '  "version": 1,',
      '  "partitions": [',
      '    { "topic": "orders", "partition": 0, "replicas": [7, 8, 9] },',
      '    { "topic": "no-such-topic", "partition": 0, "replicas": [1, 2, 3] },',
      '    { "topic": "orders", "partition": 99, "replicas": [1, 2, 3] },',
      '    { "topic": "clickstream", "partition": 1, "replicas": [1, 42, 3] },',
      '    { "topic": "payments", "partition": 0, "replicas": [7, 8] },',
      '    { "topic": "orders", "partition": -1, "replicas": [1, 2, 3] }',
      '  ]',
      '}',
    ];
    const text = lines.join('\n') + '\n';
    writeFileSync(file, text);
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    // a hand-written file names no cluster: nothing is reviewed (not even against the demo) until one is chosen
    const unbound = await waitFor('the "Review against…" lens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l.length ? l : undefined;
    });
    assert.deepEqual(
      unbound.map((l) => l.command?.title),
      ['Review against…'],
    );
    assert.deepEqual(vscode.languages.getDiagnostics(uri), []);
    const chosen = await vscode.commands.executeCommand<{ clusterId: string }>('kafkaPlanner.reviewReassignmentPlan', uri, 'demo');
    assert.equal(chosen?.clusterId, 'demo');

    const expected = reviewReassignmentText(demoSnapshot(), text, file);
    const diagnostics = await waitFor('diagnostics on bad-plan.json', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length >= expected.findings.length ? d : undefined;
    });
    const got = diagnostics
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${vscode.DiagnosticSeverity[d.severity]}`)
      .sort();
    assert.deepEqual(
      got,
      [
        `5:16 unknown-topic Error`,
        `6:39 unknown-partition Error`,
        `7:63 unknown-broker Error`,
        `8:56 replication-factor-change Warning`,
        `9:39 invalid-entry Error`,
      ].sort(),
      JSON.stringify(expected.findings),
    );
    const broker = diagnostics.find((d) => d.code === 'unknown-broker')!;
    assert.equal(doc.getText(broker.range), '42');
    assert.match(broker.message, /Broker 42 is not in Demo cluster/);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title);
    const schedule = scheduleExecution(expected.moves, { throttleBytesPerSec: 50e6, maxMovesPerBroker: 5 });
    assert.deepEqual(titles, [reviewLensTitle(expected, schedule.estimateText), 'Reviewed against Demo cluster — Rebind…']);
    // the schema error of the last entry is one more error; it hides none of the others
    assert.match(titles[0]!, /^4 errors; moves 5 replicas, .+ GiB, ~.+ at 50\.0 MB\/s$/);
    assert.equal(lenses[0].range.start.line, 0);
    assert.equal(lenses[0].command?.command, 'kafkaPlanner.showReassignmentSummary');

    // the lenses are drawn above line 1 of the editor
    if (hasControl()) {
      // the decoration is there before its text: wait for the text
      const drawn = await waitFor('the code lens text in the editor', async () => {
        const q = await queryWorkbench('.editor-instance .codelens-decoration', { minCount: 1 });
        return /moves 5 replicas/.test(q.texts.join(' | ')) ? q : undefined;
      }).catch(async () => queryWorkbench('.editor-instance .codelens-decoration'));
      assert.match(
        drawn.texts.join(' | '),
        /4 errors; moves 5 replicas[\s\S]*Reviewed against Demo cluster — Rebind…/,
        `drawn: ${JSON.stringify(drawn)}`,
      );
    }
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('plan-review-diagnostics');

    // the summary the lens opens
    const summary = await vscode.commands.executeCommand<string>('kafkaPlanner.showReassignmentSummary', uri);
    assert.match(summary, /Moves \*\*5\*\* replicas in 2 partitions/);
    assert.match(summary, /\| error \| unknown-broker \| `\$\.partitions\[3\]\.replicas\[1\]` \|/);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);

    // an edit that fixes the broker id is reviewed again
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, broker.range, '2');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the review after the edit', () =>
      vscode.languages.getDiagnostics(uri).some((d) => d.code === 'unknown-broker') ? undefined : true,
    );
    const after = vscode.languages
      .getDiagnostics(uri)
      .map((d) => String(d.code))
      .sort();
    assert.deepEqual(after, ['invalid-entry', 'replication-factor-change', 'unknown-partition', 'unknown-topic']);
    await screenshot('plan-review-summary');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('re-reviews against the cluster chosen with Review Reassignment Plan', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: '{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[4,5,6]}]}',
    });
    await vscode.window.showTextDocument(doc);
    const result = await vscode.commands.executeCommand<{ clusterId: string; findings: number; errors: number; replicasMoved: number }>(
      'kafkaPlanner.reviewReassignmentPlan',
      doc.uri,
      'demo',
    );
    assert.ok(result);
    assert.equal(result.clusterId, 'demo');
    assert.equal(result.errors, 0);
    const orders0 = demoSnapshot().topics.find((t) => t.name === 'orders')!.partitions[0].replicas;
    assert.equal(result.replicasMoved, [4, 5, 6].filter((b) => !orders0.includes(b)).length);
    const missing = await vscode.commands.executeCommand('kafkaPlanner.reviewReassignmentPlan', doc.uri, 'live:nowhere:9092');
    assert.equal(missing, undefined, 'an unknown cluster id is refused');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('a plan saved for the real cluster, opened before that cluster is connected', () => {
  // This must run before anything loads the real cluster: the drain-wizard and execution tests do, and their files
  // (reassignDrainWizard, reassignExecute) sort after this one; the explorer's tests before it remove the
  // connections they added, and their snapshots with them.
  const bootstrap = process.env.KFP_TEST_BOOTSTRAP;
  // a topic name the demo cluster has too (8 partitions there, 1 here): the review must use the real one
  const topic = 'user-profiles';
  const dir = mkdtempSync(join(tmpdir(), 'kfp-bound-'));
  let created = false;

  before(async function () {
    if (!bootstrap) {
      console.log('skipped: KFP_TEST_BOOTSTRAP is not set (run through npm test, which starts the real Kafka cluster)');
      return this.skip();
    }
    await createTopicWithAssignment(bootstrap, topic, [[1, 2]]);
    created = true;
    await produceRecords(bootstrap, topic, 0, 200, 1000);
  });

  after(async () => {
    await filterProblems(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (created) await deleteTopic(bootstrap!, topic).catch((err) => console.log(`[e2e] could not delete ${topic}: ${err}`));
  });

  it('shows one "not connected" note until the cluster connects, then the real findings; Rebind… switches clusters', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const realId = (await clusterMetadata(bootstrap!)).id;
    const binding = { clusterId: realId, clusterName: 'e2e real cluster', bootstrap: bootstrap!.split(',') };
    // as the plan view's Save writes it: user-profiles-0 gains broker 3; partition 5 exists in the demo only
    const plan = {
      version: 1 as const,
      partitions: [
        { topic, partition: 0, replicas: [2, 3] },
        { topic, partition: 5, replicas: [1, 2] },
      ],
    };
    const file = join(dir, 'plan-for-real.json');
    writeFileSync(file, reassignmentToJson(plan, binding));
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));

    const lensTitles = async () =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.command?.title);
    const note = await waitFor('the "not connected" diagnostic', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length ? d : undefined;
    });
    const waitingText = `Not connected: connect to e2e real cluster (cluster id ${realId}) to review this plan`;
    assert.deepEqual(
      note.map((d) => [String(d.code), vscode.DiagnosticSeverity[d.severity], d.message]),
      [['not-connected', 'Information', `${waitingText}.`]],
      'one note replaces the findings: no "not in Demo cluster", no demo sizes',
    );
    assert.deepEqual(await lensTitles(), [waitingText, 'Rebind…']);
    // earlier tests' files stay in Problems until VS Code disposes their documents: show this one only
    await filterProblems('plan-for-real', /bad-plan/);
    await screenshotWithLens(/Not connected: connect to e2e real cluster[\s\S]*Rebind…/, 'plan-review-not-connected');

    // connecting the cluster reviews the open plan again, against it
    const registryId = await vscode.commands.executeCommand<string>('kafkaPlanner.takeSnapshot', bootstrap);
    const findings = await waitFor('the review against the real cluster', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.some((x) => x.code === 'unknown-partition') ? d : undefined;
    });
    assert.deepEqual(
      findings.map((d) => [String(d.code), d.message, d.source]),
      [['unknown-partition', `${topic} has partitions 0..0; there is no partition 5.`, `Kafka Planner (${bootstrap!.split(',')[0]})`]],
    );
    const real = await takeSnapshot(
      { bootstrap: bootstrap!.split(','), connectTimeoutMs: 5_000, requestTimeoutMs: 15_000 },
      { skipGroups: true },
    );
    const bytes = partitionBytes(real.topics.find((t) => t.name === topic)!.partitions[0]);
    assert.ok(bytes > 100_000 && bytes < 5_000_000, `real partition size ${bytes}`);
    const titles = await lensTitles();
    assert.match(titles[0]!, new RegExp(`^1 error; moves 1 replica, ${formatBytes(bytes).replace('.', '\\.')}, `));
    assert.equal(titles[1], `Reviewed against ${bootstrap!.split(',')[0]} — Rebind…`);
    await screenshotWithLens(/1 error; moves 1 replica[\s\S]*Reviewed against 127\.0\.0\.1/, 'plan-review-connected');

    // Rebind… to the demo: the user's choice, said so in the lens; back to the real cluster forgets the choice
    await vscode.commands.executeCommand('kafkaPlanner.reviewReassignmentPlan', uri, 'demo');
    await waitFor('the review against the demo', async () => ((await lensTitles())[1]?.includes('Demo cluster') ? true : undefined));
    assert.equal(
      (await lensTitles())[1],
      `Reviewed against Demo cluster (your choice; the file names e2e real cluster (cluster id ${realId})) — Rebind…`,
    );
    const back = await vscode.commands.executeCommand<{ clusterId: string; kafkaClusterId: string }>(
      'kafkaPlanner.reviewReassignmentPlan',
      uri,
      registryId,
    );
    assert.equal(back.kafkaClusterId, realId);
    assert.equal((await lensTitles())[1], `Reviewed against ${bootstrap!.split(',')[0]} — Rebind…`);
  });
});
