// activate() only wires: the shell registers stand-ins (src/features/shell.ts), and the features (dist/features.js)
// load on first use.

import type * as vscode from 'vscode';
import { activateShell } from './features/shell';
import type { KafkaPlannerApi } from './features/index';

export type { KafkaPlannerApi };

export function activate(context: vscode.ExtensionContext): KafkaPlannerApi {
  return activateShell(context, () => import('./features/index'));
}

export function deactivate(): void {}
