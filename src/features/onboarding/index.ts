// The first run: the walkthrough (package.json contributes.walkthroughs) opens once per user, on the first start
// after installation, as VS Code opens walkthroughs of extensions installed from the Extensions view; VS Code's own
// setting workbench.welcomePage.walkthroughs.openOnInstall turns it off. The Clusters view's welcome (viewsWelcome)
// shows while no cluster is listed; the explorer owns that state (the demo cluster is listed only once chosen).

import * as vscode from 'vscode';
import type { Services } from '../../services';

/** "<publisher>.<name>#<walkthrough id>", as workbench.action.openWalkthrough takes it. */
export const WALKTHROUGH_ID = 'kafka-flink-planner.kafka-flink-planner#kafkaPlanner.getStarted';
/** globalState: the walkthrough was opened on a first run (never again automatically). */
const WALKTHROUGH_SHOWN_STATE = 'kafkaPlanner.walkthroughShown';

export function registerOnboarding(context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  if (!context.globalState.get<boolean>(WALKTHROUGH_SHOWN_STATE, false) && services.settings.openWalkthroughOnInstall) {
    void context.globalState.update(WALKTHROUGH_SHOWN_STATE, true);
    void vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false).then(
      () => services.log.info('first run: opened the walkthrough "Get started with Kafka & Flink Planner"'),
      (err: unknown) => services.log.warn(`first run: could not open the walkthrough: ${String(err)}`),
    );
  }
  return [];
}
