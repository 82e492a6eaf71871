// The Clusters tree in a real VS Code: the demo cluster's brokers, topics and partitions, the health status-bar
// item; then, on the real Kafka test cluster (env KFP_TEST_BOOTSTRAP), a cluster added through the "Add Cluster"
// wizard typed with real key events, its brokers, topics and partitions checked against the cluster's own metadata,
// a SCRAM cluster whose password must reach SecretStorage and nothing on disk, and the error node of a closed port.
// Screenshots of each tree state.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { clusterMetadata, createTopicWithAssignment, deleteTopic, freePorts, withAdmin } from '../../integration/kafkaCluster';
import { keyboard, openDemoCluster, queryWorkbench, screenshot, skipWithoutControl, waitForQuickInput } from './control';
import { saveAs } from './saveDialog';

const ROWS = '.part.sidebar .monaco-list-row';

async function rowTexts(minCount = 1): Promise<string[]> {
  const rows = await queryWorkbench(ROWS, { minCount });
  return rows.texts.map((t) => t.replace(/\s+/g, ' '));
}

async function waitForRow(pattern: RegExp, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let texts: string[] = [];
  while (Date.now() < deadline) {
    texts = await rowTexts();
    if (texts.some((t) => pattern.test(t))) return texts;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`no tree row matches ${pattern}; rows: ${texts.join(' | ')}`);
}

/** Moves the tree's keyboard focus onto the first row matching the pattern (list.focusFirst, then down). */
async function focusRow(pattern: RegExp): Promise<void> {
  await vscode.commands.executeCommand('kafkaPlanner.clusters.focus');
  await vscode.commands.executeCommand('list.focusFirst');
  let focused = '';
  for (let i = 0; i < 40; i++) {
    focused = (await queryWorkbench(`${ROWS}.focused`)).texts.map((t) => t.replace(/\s+/g, ' ')).join('');
    if (pattern.test(focused)) return;
    await vscode.commands.executeCommand('list.focusDown');
  }
  assert.fail(`no tree row matches ${pattern} (last focused: ${focused})`);
}

/** One wizard step with real keys: wait for it, type (optional), press Enter. */
async function answerStep(shows: RegExp, text?: string): Promise<void> {
  await waitForQuickInput(shows);
  await keyboard({ ...(text ? { text } : {}), press: 'Enter' });
}

/**
 * Waits for a notification matching the pattern in the notification center (the smoke-test driver the runner enables
 * turns toasts off) and closes the center again. Returns the notification's text.
 */
async function waitForNotification(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let texts: string[] = [];
  await vscode.commands.executeCommand('notifications.showList');
  try {
    while (Date.now() < deadline) {
      texts = (await queryWorkbench('.notifications-center .monaco-list-row')).texts.map((t) => t.replace(/\s+/g, ' '));
      const hit = texts.find((t) => pattern.test(t));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
  assert.fail(`no notification matches ${pattern}; shown: ${texts.join(' | ') || '(none)'}`);
}

/**
 * The side bar is 300 px by default: widen it so that descriptions (the numbers) are not cut off in screenshots, and
 * give the width back afterwards (restoreSideBar) so that later suites see the default layout.
 */
const WIDEN_STEPS = 8;
let widened = false;
async function resizeSideBar(command: string): Promise<void> {
  await vscode.commands.executeCommand('kafkaPlanner.clusters.focus');
  await vscode.commands.executeCommand('workbench.action.focusSideBar');
  await new Promise((r) => setTimeout(r, 300)); // the size command acts on the part that has the DOM focus
  for (let i = 0; i < WIDEN_STEPS; i++) await vscode.commands.executeCommand(command);
}
async function widenSideBar(): Promise<void> {
  if (widened) return;
  await resizeSideBar('workbench.action.increaseViewSize');
  widened = true;
}
async function restoreSideBar(): Promise<void> {
  if (!widened) return;
  await resizeSideBar('workbench.action.decreaseViewSize');
  widened = false;
}

describe('cluster explorer tree', () => {
  before(async () => {
    await openDemoCluster();
  });

  it('lists the demo cluster marked as demo, with its brokers, topics and partitions', async function () {
    skipWithoutControl(this);
    await vscode.commands.executeCommand('workbench.view.extension.kafkaPlanner');
    await widenSideBar();
    let texts = await waitForRow(/Demo cluster.*demo/);
    assert.ok(
      texts.some((t) => /^Brokers/.test(t)),
      texts.join(' | '),
    );

    // Reveal a topic through the public command other views use; its partitions show leader, replicas, ISR, size.
    await vscode.commands.executeCommand('kafkaPlanner.revealTopic', 'demo', 'payments');
    texts = await waitForRow(/UNDER-REPLICATED · leader \d+ · replicas \[[\d,]+\] · ISR \[[\d,]+\]/);
    assert.ok(
      texts.some((t) => /^payments.*partitions · RF 3/.test(t)),
      texts.join(' | '),
    );

    // Expand "Brokers" with the keyboard commands of the (now focused) tree: first row = demo cluster, next = Brokers.
    await vscode.commands.executeCommand('list.focusFirst');
    await vscode.commands.executeCommand('list.focusDown');
    await vscode.commands.executeCommand('list.expand');
    texts = await waitForRow(/controller/);
    assert.ok(
      texts.some((t) => /rack \w+ · [\d,]+ replicas · [\d,]+ leaders · disk [\d.]+ (GiB|TiB) \/ [\d.]+ (GiB|TiB) \(\d+ %\)/.test(t)),
      texts.join(' | '),
    );

    const status = await queryWorkbench('.statusbar-item', { minCount: 1 });
    assert.ok(
      status.texts.some((t) => /Demo cluster: \d+\/\d+ brokers · \d+ URP · \d+ offline · disk \w+/.test(t)),
      `status bar: ${status.texts.join(' | ')}`,
    );
    await screenshot('explorer-demo-tree');
  });
});

describe('cluster explorer on the real Kafka test cluster', function () {
  const bootstrap = process.env.KFP_TEST_BOOTSTRAP;
  const topic = `e2e-explorer-${Date.now().toString(36)}`;
  // replicas per partition, preferred leader first: every broker leads one partition and follows in two
  const assignment = [
    [1, 2],
    [2, 3],
    [3, 1],
    [1, 3],
  ];
  let savedClusters: unknown;

  before(async function () {
    if (!bootstrap) {
      console.log(
        '[e2e] explorer live tests skipped: KFP_TEST_BOOTSTRAP is not set (run them through `npm run test:vscode`, which starts the Kafka test cluster)',
      );
      return this.skip();
    }
    skipWithoutControl(this);
    await vscode.extensions.getExtension('kafka-flink-planner.kafka-flink-planner')?.activate();
    savedClusters = vscode.workspace.getConfiguration('kafkaPlanner').inspect('clusters')?.globalValue;
    await widenSideBar();
    await createTopicWithAssignment(bootstrap, topic, assignment);
  });

  after(async () => {
    await restoreSideBar();
    if (!bootstrap) return;
    await vscode.workspace.getConfiguration('kafkaPlanner').update('clusters', savedClusters, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await deleteTopic(bootstrap, topic).catch((err) => console.log(`[e2e] could not delete ${topic}: ${err}`));
  });

  it('adds the cluster through the Add Cluster wizard and shows its brokers, topics and partitions as the cluster reports them', async () => {
    const brokers = bootstrap!.split(',');
    const running = vscode.commands.executeCommand<string>('kafkaPlanner.addCluster');
    await answerStep(/Add Kafka Cluster[\s\S]*A name for this cluster/, 'e2e-real');
    await answerStep(/Bootstrap servers: host:port/, bootstrap);
    await answerStep(/No authentication.*SASL\/SCRAM-SHA-512/);
    await answerStep(/No TLS.*PLAINTEXT listener/);
    await answerStep(/Unknown \/ self-managed/);
    await waitForNotification(/Added e2e-real\. Test the connection now\?/);
    await vscode.commands.executeCommand('notification.acceptPrimaryAction'); // "Test connection"
    const id = await running;
    assert.equal(id, `live:${brokers.join(',')}`);
    assert.deepEqual(vscode.workspace.getConfiguration('kafkaPlanner').get('clusters'), [
      { name: 'e2e-real', bootstrap: brokers.join(',') },
    ]);
    await waitForNotification(/Connected to e2e-real in \d+ ms: 3 brokers \(1@a, 2@b, 3@c\), controller \d, \d+ topics; PLAINTEXT\./);

    // The truth to compare with: the cluster's own metadata, read by the test harness's Admin client.
    const names = await withAdmin(bootstrap!, (admin) => admin.listTopics({ includeInternals: true }));
    const md = await clusterMetadata(bootstrap!, names);
    const hosted = new Map<number, { replicas: number; leaders: number }>(
      [...md.brokers.keys()].map((b) => [b, { replicas: 0, leaders: 0 }]),
    );
    for (const t of md.topics.values()) {
      for (const p of t.partitions) {
        for (const r of p.replicas) hosted.get(r)!.replicas++;
        if (p.leader >= 0) hosted.get(p.leader)!.leaders++;
      }
    }

    // Expand the new cluster with the keyboard: the first expansion connects and takes its snapshot.
    await vscode.commands.executeCommand('workbench.actions.treeView.kafkaPlanner.clusters.collapseAll');
    await focusRow(/^e2e-real/);
    await vscode.commands.executeCommand('list.expand');
    await waitForRow(/^e2e-real ?connected · 3 brokers$/, 30_000);
    // a cluster of the user's own is listed: the demo moved into the collapsed "Samples" node
    const top = await waitForRow(/^Samples ?made-up data$/);
    assert.ok(!top.some((t) => /^Demo cluster/.test(t)), `the demo is still listed at the top: ${top.join(' | ')}`);
    await focusRow(/^Brokers ?3$/);
    await vscode.commands.executeCommand('list.expand');
    const texts = await waitForRow(/^3( ★ controller)? ?rack c/);
    const brokerRows = texts.filter((t) => /^[123]( ★ controller)? ?rack /.test(t));
    assert.equal(brokerRows.length, 3, texts.join(' | '));
    for (const [i, rack] of ['a', 'b', 'c'].entries()) {
      const { replicas, leaders } = hosted.get(i + 1)!;
      const row = brokerRows[i];
      assert.match(
        row,
        new RegExp(
          `^${i + 1}( ★ controller)? ?rack ${rack} · ${replicas} replica${replicas === 1 ? '' : 's'} · ${leaders} leader${leaders === 1 ? '' : 's'} · disk [\\d.]+ (B|KiB|MiB|GiB|TiB) / [\\d.]+ (GiB|TiB) \\(\\d+ %\\)$`,
        ),
      );
    }
    assert.equal(brokerRows.filter((r) => r.includes('★ controller')).length, 1, `exactly one controller: ${brokerRows.join(' | ')}`);

    // The topic created with a known assignment: partitions with leader, replicas and ISR as assigned.
    await vscode.commands.executeCommand('kafkaPlanner.revealTopic', id, topic);
    const rows = await waitForRow(new RegExp(`^${topic} ?4 partitions · RF 2 · `));
    for (const [p, replicas] of assignment.entries()) {
      const expected = new RegExp(
        `^${p} ?leader ${replicas[0]} · replicas \\[${replicas.join(',')}\\] · ISR \\[[${replicas.join('')}],[${replicas.join('')}]\\] · 0 B$`,
      );
      assert.ok(
        rows.some((r) => expected.test(r)),
        `no row matches ${expected}; rows: ${rows.join(' | ')}`,
      );
    }
    const status = await queryWorkbench('.statusbar-item');
    assert.ok(
      status.texts.some((t) => /e2e-real: 3\/3 brokers · 0 URP · 0 offline · disk \w+/.test(t)),
      `status bar: ${status.texts.join(' | ')}`,
    );
    await screenshot('explorer-real-tree');
  });

  it('keeps a SCRAM password in SecretStorage only: never in settings, logs or a saved snapshot', async () => {
    const userData = process.env.KFP_E2E_USER_DATA;
    assert.ok(userData, 'env KFP_E2E_USER_DATA (set by test/e2e/runVsCode.mjs) is missing');
    // With the harness's SCRAM listener the connection must succeed, which proves the feature stored the password and
    // reads it back from SecretStorage. Without one (KAFKA_BOOTSTRAP's cluster) the password cannot be checked by the
    // broker, and only the "nothing stored" error is ruled out.
    const scram = process.env.KFP_TEST_SASL_BOOTSTRAP
      ? {
          bootstrap: process.env.KFP_TEST_SASL_BOOTSTRAP,
          username: process.env.KFP_TEST_SASL_USERNAME!,
          password: process.env.KFP_TEST_SASL_PASSWORD!,
        }
      : { bootstrap: bootstrap!.split(',')[0], username: 'e2e-user', password: `pw-e2e-${Math.random().toString(36).slice(2)}` };
    const id = `live:${scram.bootstrap}`;

    const running = vscode.commands.executeCommand<string>('kafkaPlanner.addCluster');
    await answerStep(/Add Kafka Cluster[\s\S]*A name for this cluster/, 'e2e-scram');
    await answerStep(/Bootstrap servers: host:port/, scram.bootstrap);
    await answerStep(/No authentication.*SASL\/SCRAM-SHA-512/, 'SCRAM-SHA-512'); // filters the list to that item
    await answerStep(/No TLS.*SASL_PLAINTEXT listener/);
    await answerStep(/SCRAM-SHA-512 user name/, scram.username);
    await answerStep(/Password; kept in VS Code secret storage/, scram.password);
    await answerStep(/Unknown \/ self-managed/);
    await waitForNotification(/Added e2e-scram\. Test the connection now\?/);
    await vscode.commands.executeCommand('notification.acceptPrimaryAction'); // "Test connection"
    assert.equal(await running, id);
    if (process.env.KFP_TEST_SASL_BOOTSTRAP) {
      await waitForNotification(
        new RegExp(`Connected to e2e-scram in \\d+ ms: 3 brokers .*; SASL_PLAINTEXT · SCRAM-SHA-512 as ${scram.username}\\.`),
      );
      // and a snapshot through the same stored secret, saved to disk through the save dialog (typed with real keys)
      await vscode.commands.executeCommand('kafkaPlanner.refreshCluster', id);
    } else {
      const error = await waitForNotification(/e2e-scram|127\.0\.0\.1/);
      assert.doesNotMatch(error, /No password is stored/);
    }

    const snapshotFile = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'e2e-scram-snapshot.json');
    const saving = vscode.commands.executeCommand('kafkaPlanner.saveSnapshot', process.env.KFP_TEST_SASL_BOOTSTRAP ? id : 'demo');
    await saveAs(/Save the snapshot of/, snapshotFile);
    await saving;
    assert.ok(existsSync(snapshotFile), `the save dialog wrote nothing at ${snapshotFile}`);
    const snapshotText = readFileSync(snapshotFile, 'utf8');
    if (process.env.KFP_TEST_SASL_BOOTSTRAP) {
      // the snapshot of the SCRAM connection: its brokers as the SASL listener advertises them
      const saved = JSON.parse(snapshotText) as { name: string; brokers: { host: string; port: number }[] };
      assert.equal(saved.name, 'e2e-scram');
      assert.deepEqual(saved.brokers.map((b) => `${b.host}:${b.port}`).sort(), scram.bootstrap.split(',').sort());
    }

    // Where the password must NOT be: the user settings (which do hold the connection), the extension's log file
    // (which does hold the cluster's lines), every other file under the user-data dir, and the snapshot.
    const settingsText = readFileSync(join(userData!, 'User', 'settings.json'), 'utf8');
    assert.match(settingsText, /"e2e-scram"/);
    assert.ok(settingsText.includes(scram.username), 'the user name is part of the shared settings');
    const logFile = await waitForFile(join(userData!, 'logs'), (text) => text.includes('added cluster e2e-scram'));
    const files = filesUnder(userData!);
    assert.ok(files.includes(logFile) && files.length > 5, `scanned ${files.length} files`);
    const leaks = [...files, snapshotFile].filter((f) => readFileSync(f, 'latin1').includes(scram.password));
    assert.deepEqual(leaks, [], 'the SCRAM password was written to disk');
    await screenshot('explorer-scram-added');
  });

  it('shows a cluster on a closed port with an error node that gives the reason and opens the log', async () => {
    const [port] = await freePorts(1); // bound and released: nothing listens there
    const config = vscode.workspace.getConfiguration('kafkaPlanner');
    // a connection shared through settings.json (no secrets), as a team would
    await config.update(
      'clusters',
      [...(config.get<unknown[]>('clusters') ?? []), { name: 'e2e-refused', bootstrap: `127.0.0.1:${port}` }],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('workbench.actions.treeView.kafkaPlanner.clusters.collapseAll');
    await waitForRow(/^e2e-refused ?not connected$/);
    await focusRow(/^e2e-refused/);
    await vscode.commands.executeCommand('list.expand');
    const rows = await waitForRow(/^Error: Connection refused by 127\.0\.0\.1:\d+: is Kafka running/, 30_000);
    assert.ok(
      rows.some((r) => /^e2e-refused ?error$/.test(r)),
      rows.join(' | '),
    );
    assert.ok(
      rows.some((r) => r.startsWith(`Error: Connection refused by 127.0.0.1:${port}: is Kafka running and listening on that port?`)),
      rows.join(' | '),
    );
    await screenshot('explorer-error-node');

    // Enter on the error node runs its command: the log opens, with the same reason in it.
    await focusRow(/^Error: Connection refused/);
    await vscode.commands.executeCommand('list.select');
    const panel = await waitForPanel(new RegExp(`e2e-refused: Connection refused by 127\\.0\\.0\\.1:${port}`));
    assert.match(panel, /Kafka & Flink Planner/);
    await screenshot('explorer-error-log');
  });
});

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...filesUnder(full));
    else if (st.isFile()) out.push(full);
  }
  return out;
}

/** The first file under dir whose text passes the check (log files are written asynchronously). */
async function waitForFile(dir: string, check: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = filesUnder(dir).find((f) => check(readFileSync(f, 'utf8')));
    if (hit) return hit;
    if (Date.now() > deadline) assert.fail(`no file under ${dir} has the expected text`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function waitForPanel(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await queryWorkbench('.part.panel')).texts.join(' ').replace(/\s+/g, ' ');
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`the panel never showed ${pattern}; it shows: ${text.slice(0, 600) || '(nothing)'}`);
}
