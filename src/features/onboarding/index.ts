// The first run: the walkthrough (package.json contributes.walkthroughs) opens once per user, on the first start
// after installation, as VS Code opens walkthroughs of extensions installed from the Extensions view; VS Code's own
// setting workbench.welcomePage.walkthroughs.openOnInstall turns it off. The Clusters view's welcome (viewsWelcome)
// shows while no cluster is listed; the explorer owns that state (the demo cluster is listed only once chosen).

import * as vscode from 'vscode';
import type { Services } from '../../services';
import { WALKTHROUGH_SHOWN_STATE } from '../shell';

/** "<publisher>.<name>#<walkthrough id>", as workbench.action.openWalkthrough takes it. */
export const WALKTHROUGH_ID = 'kafka-flink-planner.kafka-flink-planner#kafkaPlanner.getStarted';

export function registerOnboarding(context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  if (context.globalState.get<boolean>(WALKTHROUGH_SHOWN_STATE, false)) return [];
  // the first run is handled once, whether the walkthrough opens or VS Code's setting keeps it closed
  void context.globalState.update(WALKTHROUGH_SHOWN_STATE, true);
  if (!services.settings.openWalkthroughOnInstall) services.log.info('first run: the walkthrough stays closed (openOnInstall is off)');
  else
    void vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false).then(
      () => services.log.info('first run: opened the walkthrough "Get started with Kafka & Flink Planner"'),
      (err: unknown) => services.log.warn(`first run: could not open the walkthrough: ${String(err)}`),
    );
  return [];
}
