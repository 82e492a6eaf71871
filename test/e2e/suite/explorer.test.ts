// The Clusters tree in a real VS Code: the demo cluster's brokers, topics and partitions, the health status-bar
// item, and a screenshot of the tree.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { queryWorkbench, screenshot, skipWithoutControl } from './control';

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

describe('cluster explorer tree', () => {
  before(async () => {
    await vscode.extensions.getExtension('kafka-flink-planner.kafka-flink-planner')?.activate();
  });

  it('lists the demo cluster marked as demo, with its brokers, topics and partitions', async function () {
    skipWithoutControl(this);
    await vscode.commands.executeCommand('workbench.view.extension.kafkaPlanner');
    await vscode.commands.executeCommand('kafkaPlanner.clusters.focus');
    let texts = await waitForRow(/Demo cluster.*demo/);
    assert.ok(texts.some((t) => /^Brokers/.test(t)), texts.join(' | '));

    // Reveal a topic through the public command other views use; its partitions show leader, replicas, ISR, size.
    await vscode.commands.executeCommand('kafkaPlanner.revealTopic', 'demo', 'payments');
    texts = await waitForRow(/UNDER-REPLICATED · leader \d+ · replicas \[[\d,]+\] · ISR \[[\d,]+\]/);
    assert.ok(texts.some((t) => /^payments.*partitions · RF 3/.test(t)), texts.join(' | '));

    // Expand "Brokers" with the keyboard commands of the (now focused) tree: first row = demo cluster, next = Brokers.
    await vscode.commands.executeCommand('list.focusFirst');
    await vscode.commands.executeCommand('list.focusDown');
    await vscode.commands.executeCommand('list.expand');
    texts = await waitForRow(/controller/);
    assert.ok(texts.some((t) => /rack \w+ · [\d,]+ replicas · [\d,]+ leaders · disk [\d.]+ (GiB|TiB) \/ [\d.]+ (GiB|TiB) \(\d+ %\)/.test(t)), texts.join(' | '));

    const status = await queryWorkbench('.statusbar-item', { minCount: 1 });
    assert.ok(
      status.texts.some((t) => /Demo cluster: \d+\/\d+ brokers · \d+ URP · \d+ offline · disk \w+/.test(t)),
      `status bar: ${status.texts.join(' | ')}`,
    );
    await screenshot('explorer-demo-tree');
  });
});
