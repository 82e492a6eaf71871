// The one wrapper through which every command is registered: it checks the id prefix, logs each run,
// and turns any exception into one readable notification with an "Open log" action. A user error (InputError:
// bad input, src/core/errors.ts) is logged as a warning without a stack; anything else is logged with its stack.

import * as vscode from 'vscode';
import { errorMessage, isInputError } from '../core/errors';
import type { Services } from '../services';

export const COMMAND_PREFIX = 'kafkaPlanner.';

/** Thrown when the user backs out of a prompt: ends the command quietly. */
export class UserCancelled extends Error {
  constructor() {
    super('Cancelled by the user.');
    this.name = 'UserCancelled';
  }
}

export function registerCommand(services: Services, id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable {
  if (!id.startsWith(COMMAND_PREFIX)) throw new Error(`Command id ${id} must start with ${COMMAND_PREFIX}`);
  const table = services.host.commands;
  if (table.has(id)) throw new Error(`Command ${id} is registered twice.`);
  // activation registered every contributed command with VS Code (src/features/shell.ts); each run calls this handler
  table.set(id, async (...args: unknown[]) => {
    services.log.debug(`command ${id}`);
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof UserCancelled || err instanceof vscode.CancellationError) {
        services.log.info(`${id}: cancelled`);
        return undefined;
      }
      const message = errorMessage(err);
      if (isInputError(err)) {
        // the user's input is wrong: the message says what, where and how to fix it; a stack would only be noise
        services.log.warn(`${id}: ${message}`);
      } else {
        // a failure or a bug: the stack (for bug reports) in the same entry, which starts with the message
        services.log.error(`${id} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
      }
      void vscode.window.showErrorMessage(message, 'Open log').then((choice) => {
        if (choice === 'Open log') services.log.show();
      });
      return undefined;
    }
  });
  return new vscode.Disposable(() => table.delete(id));
}
