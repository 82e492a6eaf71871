// The "Plan Reassignment" wizard on the real Kafka test cluster (env KFP_TEST_BOOTSTRAP), typed with real keys: a
// drain of broker 1 from 3 brokers cannot move a replication-factor-3 topic anywhere, and the wizard says so (which
// partitions, why) in a step of its own before any plan is made, offering to go back or plan the partial drain.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createTopicWithAssignment } from '../../integration/kafkaCluster';
import { keyboard, screenshot, skipWithoutControl, waitForQuickInput } from './control';

const EXTENSION_ID = 'kafka-flink-planner.kafka-flink-planner';

describe('plan wizard: a drain that cannot finish (real cluster)', function () {
  this.timeout(120_000);
  const topic = `kfp-e2e-drain-${Date.now().toString(36)}`;

  before(async function () {
    if (!process.env.KFP_TEST_BOOTSTRAP) {
      console.log('[e2e] drain wizard skipped: no Kafka for this run (KFP_TEST_BOOTSTRAP unset)');
      this.skip();
    }
    skipWithoutControl(this); // real keys in the QuickInput (code-server runner)
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('names the partitions and the reason before planning, and plans nothing when the user goes no further', async () => {
    const bootstrap = process.env.KFP_TEST_BOOTSTRAP!;
    await createTopicWithAssignment(bootstrap, topic, [
      [1, 2, 3],
      [2, 3, 1],
    ]);
    // under a bootstrap order of its own: the cluster id "live:<bootstrap>" of the other suites keeps no snapshot of ours
    const [first, ...rest] = bootstrap.split(',');
    const id = await vscode.commands.executeCommand<string>('kafkaPlanner.takeSnapshot', [...rest, first].join(','));
    assert.ok(id?.startsWith('live:'), `takeSnapshot returned ${id}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const running = vscode.commands.executeCommand('kafkaPlanner.planReassignment', id);
    await waitForQuickInput(/Add brokers.*Remove brokers.*Rebalance/);
    await keyboard({ text: 'Remove', press: 'Enter' });
    // the drain picker: every broker with what it holds; tick broker 1 (the first item) and accept
    await waitForQuickInput(/Broker 1 ?rack a.*replicas.*Broker 2 ?rack b/);
    await keyboard({ press: 'ArrowDown' }); // the first item, broker 1, becomes the active one
    await keyboard({ press: 'Space' }); // and is ticked
    await waitForQuickInput(/1 Selected/);
    await keyboard({ press: 'Enter' });
    await waitForQuickInput(/Tolerance: balanced means/);
    await keyboard({ press: 'Enter' });
    await waitForQuickInput(new RegExp(topic)); // the exclusions: nothing ticked for a drain
    await keyboard({ press: 'Enter' });

    const step = await waitForQuickInput(/Change the brokers or the exclusions.*Plan the partial drain anyway.*Show every partition/);
    assert.match(step, /Too few brokers remain for the replication factor ?\d+ partitions on broker 1/);
    assert.match(step, /Their replication factor needs more brokers than the 2 that remain \(2, 3\)/);
    assert.match(step, /Lower their replication factor, add a broker, or drain fewer brokers\./);
    // the partitions are listed (the first 10 of a reason, then how many more)
    assert.match(step, new RegExp(`${topic}-0.*${topic}-1|… and \\d+ more`));
    await screenshot('plan-wizard-drain-cannot-finish');
    await keyboard({ press: 'Escape' });
    assert.equal(await running, undefined, 'no plan was made');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    assert.deepEqual(
      tabs.filter((t) => t.startsWith('Plan:')),
      [],
      'no plan view opened',
    );
  });
});
