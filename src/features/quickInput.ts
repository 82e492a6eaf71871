// The steps every multi-step wizard is made of (pattern: vscode-extension-samples quickinput-sample
// multiStepInput.ts): an InputBox or a QuickPick that shows its step number, offers Back from step 2 on, validates
// (also asynchronously) before accepting, and rejects with UserCancelled when dismissed.

import * as vscode from 'vscode';
import { UserCancelled } from './commands';

/** Returned by a step when the user pressed Back. */
export const BACK = Symbol('back');
export type Back = typeof BACK;

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

interface StepPosition {
  title: string;
  step: number;
  totalSteps?: number;
}

/** One InputBox step with live validation; resolves with the text or BACK; rejects with UserCancelled. */
export function inputStep(
  opts: StepPosition & {
    prompt: string;
    value: string;
    placeholder?: string;
    password?: boolean;
    validate: (text: string) => string | undefined | Promise<string | undefined>;
  },
): Promise<string | Back> {
  const box = vscode.window.createInputBox();
  box.title = opts.title;
  box.step = opts.step;
  box.totalSteps = opts.totalSteps;
  box.prompt = opts.prompt;
  box.value = opts.value;
  box.placeholder = opts.placeholder;
  box.password = opts.password ?? false;
  box.ignoreFocusOut = true;
  box.buttons = opts.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return new Promise<string | Back>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      done = true;
      fn();
      box.dispose();
    };
    box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish(() => resolve(BACK)));
    box.onDidChangeValue(async (text) => {
      box.validationMessage = await opts.validate(text);
    });
    box.onDidAccept(async () => {
      box.busy = true;
      const problem = await opts.validate(box.value);
      box.busy = false;
      box.validationMessage = problem;
      if (!problem && !done) finish(() => resolve(box.value));
    });
    box.onDidHide(() => !done && finish(() => reject(new UserCancelled())));
    box.show();
  });
}

/**
 * One QuickPick step; resolves with the chosen values (one unless `many`) or BACK; rejects with UserCancelled.
 * Items marked `picked` start selected (many) or active (one). A validation problem shows in the placeholder.
 */
export function pickStep<T>(
  opts: StepPosition & {
    placeholder: string;
    items: PickItem<T>[];
    many?: boolean;
    validate?: (chosen: T[]) => string | undefined;
  },
): Promise<T[] | Back> {
  const qp = vscode.window.createQuickPick<PickItem<T>>();
  qp.title = opts.title;
  qp.step = opts.step;
  qp.totalSteps = opts.totalSteps;
  qp.placeholder = opts.placeholder;
  qp.canSelectMany = opts.many ?? false;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.items = opts.items;
  if (qp.canSelectMany) qp.selectedItems = opts.items.filter((i) => i.picked);
  else qp.activeItems = opts.items.filter((i) => i.picked).slice(0, 1);
  qp.buttons = opts.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return new Promise<T[] | Back>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      done = true;
      fn();
      qp.dispose();
    };
    qp.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish(() => resolve(BACK)));
    qp.onDidAccept(() => {
      const chosen = (qp.canSelectMany ? qp.selectedItems : qp.selectedItems.length ? qp.selectedItems : qp.activeItems).map(
        (i) => i.value,
      );
      if (!qp.canSelectMany && chosen.length === 0) return; // nothing highlighted (e.g. the filter matches nothing)
      const problem = opts.validate?.(chosen);
      if (problem) {
        qp.placeholder = problem;
        return;
      }
      finish(() => resolve(chosen));
    });
    qp.onDidHide(() => !done && finish(() => reject(new UserCancelled())));
    qp.show();
  });
}
