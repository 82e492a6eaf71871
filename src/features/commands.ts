// The one wrapper through which every command is registered: it checks the id prefix, logs each run,
// and turns any exception into one readable notification with an "Open log" action.

import * as vscode from 'vscode';
import type { Services } from '../services';

export const COMMAND_PREFIX = 'kafkaPlanner.';

/** Thrown when the user backs out of a prompt: ends the command quietly. */
export class UserCancelled extends Error {
  constructor() {
    super('Cancelled by the user.');
    this.name = 'UserCancelled';
  }
}

export function registerCommand(
  services: Services,
  id: string,
  handler: (...args: unknown[]) => unknown,
): vscode.Disposable {
  if (!id.startsWith(COMMAND_PREFIX)) throw new Error(`Command id ${id} must start with ${COMMAND_PREFIX}`);
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    services.log.debug(`command ${id}`);
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof UserCancelled || err instanceof vscode.CancellationError) {
        services.log.info(`${id}: cancelled`);
        return undefined;
      }
      const message = err instanceof Error ? err.message : String(err);
      // the message once; the stack (for bug reports) at debug level, so the log does not repeat the sentence
      services.log.error(`${id} failed: ${message}`);
      if (err instanceof Error && err.stack) services.log.debug(err.stack);
      void vscode.window.showErrorMessage(message, 'Open log').then((choice) => {
        if (choice === 'Open log') services.log.show();
      });
      return undefined;
    }
  });
}
