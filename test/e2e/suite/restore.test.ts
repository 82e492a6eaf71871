// A window reload in a real VS Code, without reloading the window this suite runs in (workbench.action.reloadWindow
// would end the run): the extension's own restore path, the view type's WebviewPanelSerializer, is called with a new
// webview panel and the state a panel saves, and the reconnect-on-start function directly (what activation runs when
// kafkaPlanner.reconnectOnStartup is on). Against the real Kafka test cluster (env KFP_TEST_BOOTSTRAP), saved under
// bootstrap lists of its own so that this window has no snapshot of them, as after a reload:
// - a saved cluster behind a local TCP gate that first swallows every request: the restored Skew view shows
//   "Connecting to <name>…", then the connection error with Retry; the gate then forwards to the cluster and Retry
//   fills the view with live data;
// - a restored Plan view and the reconnect of every saved cluster: the plan of fresh data (a topic created just
//   before), checked against kafka-topics.sh --describe;
// - a panel saved for a cluster that is no longer in the settings is not restored.
import * as assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import * as vscode from 'vscode';
import type { KafkaPlannerApi } from '../../../src/extension';
import { createTopicWithAssignment } from '../../integration/kafkaCluster';
import { countsPerBroker, describeTopicsWithKafka } from '../../integration/kafkaToolOutput';
import { evalInWebview, hasControl, queryWorkbench, screenshot, waitFor } from './control';

const EXTENSION_ID = 'kafka-flink-planner.kafka-flink-planner';
const SKEW = 'kafkaPlanner.skew';
const PLAN = 'kafkaPlanner.plan';

/**
 * A TCP gate on 127.0.0.1: in "swallow" mode it accepts connections and never answers (a snapshot through it times
 * out); in "forward" mode it pipes new connections to the target broker.
 */
class Gate {
  mode: 'swallow' | 'forward' = 'swallow';
  port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async open(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.mode === 'swallow') return; // read nothing, answer nothing
    const upstream = connect(this.target.port, this.target.host);
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface Saved {
  name: string;
  bootstrap: string;
}

async function saveClusters(clusters: Saved[]): Promise<void> {
  const config = vscode.workspace.getConfiguration('kafkaPlanner');
  const others = (config.get<Saved[]>('clusters') ?? []).filter((c) => !clusters.some((x) => x.name === c.name));
  await config.update('clusters', [...others, ...clusters], vscode.ConfigurationTarget.Global);
}

async function forgetClusters(names: string[]): Promise<void> {
  const config = vscode.workspace.getConfiguration('kafkaPlanner');
  const kept = (config.get<Saved[]>('clusters') ?? []).filter((c) => !names.includes(c.name));
  await config.update('clusters', kept, vscode.ConfigurationTarget.Global);
}

/** A new webview panel of the view type, restored from `state` by the extension's serializer, as after a reload. */
async function restore(
  api: KafkaPlannerApi,
  viewType: string,
  state: unknown,
): Promise<{ panel: vscode.WebviewPanel; disposed: () => boolean }> {
  const panel = vscode.window.createWebviewPanel(viewType, 'restoring', vscode.ViewColumn.Active, {});
  let disposed = false;
  panel.onDidDispose(() => (disposed = true));
  await api.restorePanel(viewType, panel, state);
  return { panel, disposed: () => disposed };
}

/** The waiting box of a restored panel ("connecting", "failed" or "idle"), once it shows `state`. */
async function connectionBox(state: string, timeoutMs = 30_000): Promise<{ title: string; text: string; button: string | null }> {
  return waitFor(
    `the panel to show the connection state "${state}"`,
    () =>
      evalInWebview<{ state: string; title: string; text: string; button: string | null } | null>(`(() => {
        const box = document.getElementById('connection');
        if (!box) return null;
        return { state: box.dataset.state, title: box.querySelector('h2').textContent, text: box.querySelector('p').textContent,
          button: box.querySelector('#retry-connection')?.textContent ?? null };
      })()`).then((box) => (box && box.state === state ? box : undefined)),
    timeoutMs,
  );
}

/** The skew view's replicas chart: "id (rack)" labels and the replicas per broker, once it is drawn. */
function skewReplicas(): Promise<{ labels: string[]; values: number[] }> {
  return waitFor(
    'the skew view to draw its replicas chart',
    () =>
      evalInWebview<{ labels: string[]; values: number[] } | null>(`(() => {
        const canvas = document.querySelector('#brokers-panel canvas[data-metric="replicas"]');
        const chart = canvas && window.Chart && window.Chart.getChart(canvas);
        return chart ? { labels: chart.data.labels, values: chart.data.datasets[0].data } : null;
      })()`),
    60_000,
  );
}

/** Replicas per broker as Kafka's own kafka-topics.sh --describe counts them, internal topics included. */
function kafkaReplicas(bootstrap: string, ids: number[]): number[] {
  const counts = countsPerBroker(describeTopicsWithKafka(bootstrap));
  return ids.map((id) => counts.get(id)?.replicas ?? 0);
}

describe('window reload: restored views and reconnected clusters (real cluster)', function () {
  this.timeout(180_000);
  const bootstrap = process.env.KFP_TEST_BOOTSTRAP ?? '';
  const addresses = bootstrap.split(',');
  let api: KafkaPlannerApi;
  let gate: Gate | undefined;
  const config = () => vscode.workspace.getConfiguration('kafkaPlanner');

  before(async function () {
    if (!bootstrap) {
      console.log('[e2e] restore tests skipped: no Kafka for this run (KFP_TEST_BOOTSTRAP unset)');
      this.skip();
    }
    if (!hasControl()) this.skip(); // the panels are read inside the webview (code-server runner)
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as KafkaPlannerApi;
    assert.equal(typeof api?.restorePanel, 'function', 'activate() returns the restore API');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const topic = `kfp-e2e-restore-${Date.now().toString(36)}`;

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await gate?.close();
    await forgetClusters(['e2e-gated', 'e2e-restore']);
    await config().update('connectTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
    await config().update('requestTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
  });

  it('restores a Skew view of a saved cluster: "Connecting to …", the error with Retry, then live data after Retry', async () => {
    const [host, port] = addresses[0].split(':');
    gate = await new Gate({ host, port: Number(port) }).open();
    // short timeouts, so the swallowed snapshot fails within seconds (long enough to see it connecting)
    await config().update('connectTimeoutMs', 1000, vscode.ConfigurationTarget.Global);
    await config().update('requestTimeoutMs', 6000, vscode.ConfigurationTarget.Global);
    const gated = { name: 'e2e-gated', bootstrap: `127.0.0.1:${gate.port}` };
    await saveClusters([gated]);
    const id = `live:${gated.bootstrap}`;

    const { panel, disposed } = await restore(api, SKEW, { clusterId: id, tab: 0 });
    assert.equal(disposed(), false, 'the panel of a saved cluster is restored');
    const connecting = await connectionBox('connecting');
    assert.equal(connecting.title, 'Connecting to e2e-gated…');
    assert.equal(connecting.button, null);
    assert.equal(panel.title, 'Skew: e2e-gated');
    await screenshot('restore-skew-connecting');

    const failed = await connectionBox('failed');
    assert.equal(failed.title, 'Could not connect to e2e-gated');
    assert.match(failed.text, /127\.0\.0\.1|time|Timed out|timeout/i);
    assert.equal(failed.button, 'Retry');
    await screenshot('restore-skew-error-retry');

    // the cluster is reachable now: Retry in the view connects again and fills it with the cluster's data
    gate.mode = 'forward';
    await config().update('requestTimeoutMs', 15000, vscode.ConfigurationTarget.Global);
    await evalInWebview(`document.getElementById('retry-connection').click()`);
    const replicas = await skewReplicas();
    assert.deepEqual(replicas.labels, ['1 (a)', '2 (b)', '3 (c)']);
    assert.deepEqual(
      replicas.values,
      kafkaReplicas(bootstrap, [1, 2, 3]),
      "replicas per broker as Kafka's kafka-topics --describe counts them",
    );
    await screenshot('restore-skew-live');
  });

  it('restores a Plan view and reconnects saved clusters on start: the plan of fresh live data', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // the test cluster under a bootstrap list of its own: this window has no snapshot of it, as after a reload
    const restoreCluster = { name: 'e2e-restore', bootstrap: [...addresses].reverse().join(',') };
    const id = `live:${restoreCluster.bootstrap}`;
    await saveClusters([restoreCluster]);
    // created just now: only a snapshot taken after the restore has it (one replica per broker: the suites after this
    // one compare brokers on the same cluster)
    await createTopicWithAssignment(bootstrap, topic, [[1], [2], [3]]);

    const request = {
      clusterId: id,
      goal: 'rebalance',
      brokers: [],
      tolerance: 0.1,
      excludedTopics: [],
      throttleBytesPerSec: 50e6,
      movesPerBroker: 5,
    };
    const { panel, disposed } = await restore(api, PLAN, { request });
    assert.equal(disposed(), false);
    const results = await api.reconnectSavedClusters();
    const mine = results.find((r) => r.id === id);
    assert.ok(mine?.connected, `reconnect on start connected e2e-restore: ${JSON.stringify(results)}`);

    const plan = await waitFor(
      'the restored plan view to show the plan',
      () =>
        evalInWebview<{ title: string; labels: string[]; before: number[] } | null>(`(() => {
          const chart = window.Chart && window.Chart.getChart(document.getElementById('chart-replicas'));
          const h1 = document.querySelector('h1');
          return chart && h1 ? { title: h1.textContent, labels: chart.data.labels, before: chart.data.datasets[0].data } : null;
        })()`),
      60_000,
    );
    assert.equal(plan.title, 'Plan: rebalance · e2e-restore');
    assert.equal(panel.title, 'Plan: e2e-restore (rebalance)');
    assert.deepEqual(plan.labels, ['1 (a)', '2 (b)', '3 (c)']);
    const kafka = kafkaReplicas(bootstrap, [1, 2, 3]);
    assert.deepEqual(plan.before, kafka, "replicas before the plan = Kafka's count, the new topic's included");
    await screenshot('restore-plan-live');

    // the Clusters view: the reconnected cluster is connected, with its brokers
    await vscode.commands.executeCommand('kafkaPlanner.clusters.focus');
    await vscode.commands.executeCommand('workbench.actions.treeView.kafkaPlanner.clusters.collapseAll');
    const rows = await waitFor('the reconnected cluster in the Clusters view', async () => {
      const texts = (await queryWorkbench('.part.sidebar .monaco-list-row', { minCount: 1 })).texts.map((t) => t.replace(/\s+/g, ' '));
      return texts.some((t) => /^e2e-restore ?connected · 3 brokers/.test(t)) ? texts : undefined;
    });
    assert.ok(rows.length > 0);
    await screenshot('restore-tree-reconnected');
  });

  it('does not restore a panel of a cluster that is no longer in the settings', async () => {
    const { disposed } = await restore(api, SKEW, { clusterId: 'live:127.0.0.1:1' });
    assert.equal(disposed(), true, 'the stale panel is closed');
    const plan = await restore(api, PLAN, {
      request: { clusterId: 'live:removed.example:9092', goal: 'rebalance', tolerance: 0.1, throttleBytesPerSec: 50e6, movesPerBroker: 5 },
    });
    assert.equal(plan.disposed(), true);
  });
});
