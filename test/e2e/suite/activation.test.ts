// The extension loads in a real VS Code, registers exactly the commands it contributes, and shows its
// activity-bar view.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KafkaPlannerApi } from '../../../src/extension';
import { click, hasControl, openDemoCluster, queryWorkbench, screenshot, skipWithoutControl, waitFor } from './control';

const EXTENSION_ID = 'kafka-flink-planner.kafka-flink-planner';
const COMMAND_PREFIX = 'kafkaPlanner.';
const CONTAINER_ID = 'kafkaPlanner';

interface Manifest {
  name: string;
  publisher: string;
  contributes: {
    commands?: { command: string; title: string }[];
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
  };
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repo root?)`);
  return ext;
}

function manifest(): Manifest {
  return JSON.parse(readFileSync(join(extension().extensionPath, 'package.json'), 'utf8')) as Manifest;
}

describe('extension activation', () => {
  it('is present under its publisher.name id and activates', async () => {
    const pkg = manifest();
    assert.equal(`${pkg.publisher}.${pkg.name}`, EXTENSION_ID, 'package.json publisher.name changed: update EXTENSION_ID');
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true, 'extension did not become active');
  });

  it('registers exactly the commands package.json contributes, and the features handle each of them', async () => {
    const api = (await extension().activate()) as KafkaPlannerApi;
    const pkg = manifest();
    const contributed = new Set((pkg.contributes.commands ?? []).map((c) => c.command));
    const all = await vscode.commands.getCommands(true);
    // activation registers every contributed command with VS Code; the features, loaded on first use, handle them
    const handled = await api.registeredCommands();
    assert.deepEqual(handled, [...contributed].sort(), 'the commands the features handle differ from the contributed ones');
    // VS Code registers `<viewId>.focus`, `<viewId>.resetViewLocation`, … for every contributed view itself.
    const viewIds = Object.values(pkg.contributes.views ?? {})
      .flat()
      .map((v) => v.id);
    const generated = (cmd: string) => viewIds.some((id) => cmd.startsWith(`${id}.`));
    const registered = new Set(all.filter((c) => c.startsWith(COMMAND_PREFIX) && !generated(c)));

    const notRegistered = [...contributed].filter((c) => !all.includes(c)).sort();
    const notContributed = [...registered].filter((c) => !contributed.has(c)).sort();
    assert.ok(contributed.size > 0, 'package.json contributes no commands');
    assert.deepEqual(notRegistered, [], `contributed in package.json but not registered by the extension: ${notRegistered.join(', ')}`);
    assert.deepEqual(
      notContributed,
      [],
      `registered by the extension but missing from package.json contributes.commands: ${notContributed.join(', ')}`,
    );
  });

  it('shows its view in the activity bar', async function () {
    const pkg = manifest();
    const container = pkg.contributes.viewsContainers?.activitybar?.find((c) => c.id === CONTAINER_ID);
    assert.ok(container, `package.json has no activity-bar container "${CONTAINER_ID}"`);
    const views = pkg.contributes.views?.[CONTAINER_ID] ?? [];
    assert.ok(views.length > 0, `no views contributed to "${CONTAINER_ID}"`);

    await vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER_ID}`);
    skipWithoutControl(this); // the rest needs the browser (code-server runner)

    // the activity-bar entry is there and checked
    const icon = await queryWorkbench(`.activitybar .action-item.checked [aria-label^="${container.title}"]`, { minCount: 1 });
    assert.ok(icon.count >= 1, `activity-bar item "${container.title}" is not shown/selected`);

    // the side bar shows the container, with the view's pane (or its name merged into the title when alone)
    const title = await queryWorkbench('.part.sidebar .composite.title', { minCount: 1 });
    const panes = await queryWorkbench('.part.sidebar .pane-header', { minCount: views.length > 1 ? views.length : 0 });
    const shown = [...title.texts, ...title.labels, ...panes.texts, ...panes.labels].join(' | ').toUpperCase();
    assert.ok(shown.includes(container.title.toUpperCase()), `side bar does not show "${container.title}": ${shown}`);
    for (const view of views) {
      assert.ok(shown.includes(view.name.toUpperCase()), `side bar does not show the "${view.name}" view: ${shown}`);
    }
    await screenshot('activity-bar-view');
  });
});

// This file sorts first: nothing has opened the demo cluster or added a cluster yet, as on a user's first run.
describe('the first run: no cluster until the user chooses one', () => {
  const STATUS_ITEM = `[id="${EXTENSION_ID}.kafkaPlanner.clusterHealth"]`;

  it("shows the Clusters view's welcome (Add Cluster…, Open Demo Cluster) and no cluster in the status bar", async function () {
    await extension().activate();
    skipWithoutControl(this);
    await vscode.commands.executeCommand('kafkaPlanner.clusters.focus');
    const buttons = await queryWorkbench('.part.sidebar .welcome-view-content .monaco-button', { minCount: 2 });
    assert.deepEqual(buttons.texts, ['Add Cluster…', 'Open Demo Cluster'], `welcome buttons: ${buttons.texts.join(' | ')}`);
    const rows = await queryWorkbench('.part.sidebar .monaco-list-row');
    assert.deepEqual(rows.texts, [], 'the Clusters view lists something on the first run');
    const status = await queryWorkbench('.statusbar-item');
    assert.ok(status.count > 0, 'no status bar items at all: the query proves nothing');
    assert.deepEqual(
      status.texts.filter((t) => /brokers ·|URP|Demo cluster/.test(t)),
      [],
      `a cluster in the status bar of a workspace that selected none: ${status.texts.join(' | ')}`,
    );
    assert.equal((await queryWorkbench(STATUS_ITEM)).count, 0, 'the cluster health item is shown');
    await screenshot('first-run-welcome');
  });

  it('the welcome button Open Demo Cluster lists the demo at the top, selects it, and the status bar shows it', async function () {
    if (!hasControl()) return openDemoCluster(); // test-electron: the same command the button runs
    await click('.part.sidebar .welcome-view-content .monaco-button', 'Open Demo Cluster');
    const row = await waitFor(
      'the demo cluster in the Clusters view',
      async () => (await queryWorkbench('.part.sidebar .monaco-list-row')).texts.find((t) => /^Demo cluster/.test(t)),
      15_000,
    );
    assert.match(row, /Demo cluster\s*demo · 9 brokers/);
    const status = await waitFor(
      'the demo cluster in the status bar',
      async () => (await queryWorkbench(STATUS_ITEM)).texts.find((t) => /Demo cluster/.test(t)),
      10_000,
    );
    assert.match(status, /Demo cluster: 9\/9 brokers · 1 URP · 0 offline · disk action/);
    assert.equal((await queryWorkbench('.part.sidebar .welcome-view-content .monaco-button')).count, 0, 'the welcome stays');
    await screenshot('first-run-demo-opened');
  });

  it('kafkaPlanner.demoCluster "never" hides the demo (out of the view and the status bar); "whenOpened" lists it again', async function () {
    skipWithoutControl(this);
    const config = () => vscode.workspace.getConfiguration('kafkaPlanner');
    const demoRow = async () => (await queryWorkbench('.part.sidebar .monaco-list-row')).texts.some((t) => /^Demo cluster/.test(t));
    try {
      await config().update('demoCluster', 'never', vscode.ConfigurationTarget.Global);
      await waitFor('the demo to leave the Clusters view', async () => ((await demoRow()) ? undefined : true), 10_000);
      assert.equal((await queryWorkbench(STATUS_ITEM)).count, 0, 'the hidden demo is still in the status bar');
      assert.deepEqual(
        (await queryWorkbench('.part.sidebar .welcome-view-content .monaco-button')).texts,
        ['Add Cluster…', 'Open Demo Cluster'],
        'no cluster listed: the welcome is back',
      );
      // the command refuses, naming the setting (a notification; the command wrapper returns undefined)
      assert.equal(await vscode.commands.executeCommand('kafkaPlanner.openDemoCluster'), undefined);
    } finally {
      await config().update('demoCluster', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the demo back in the Clusters view', async () => ((await demoRow()) ? true : undefined), 10_000);
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
