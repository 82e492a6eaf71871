// The confirmation before a plan is executed in VS Code, built here so it can be tested without a dialog: the
// message and detail (which cluster: display name, Kafka cluster id and bootstrap; the bytes, throttle and
// duration; the leader election), the buttons, and whether the cluster's name must be typed. Pure.
//
// How VS Code shows a modal message's items (window.showWarningMessage with modal: true): the items that are not
// marked isCloseAffordance become buttons in the order given, and the FIRST of them is the primary button that has
// the focus, so Enter presses it; the isCloseAffordance item (or, without one, a "Cancel" VS Code adds) is what
// Escape and closing the dialog return. So the first item here is a Cancel that does nothing: Enter never executes,
// and the execute buttons need a deliberate click. Escape returns the close-affordance item, which does nothing too.

import { formatBytes, formatDuration, formatMBps } from '../units';

/** Plans moving more than this ask for the cluster's name to be typed (setting planner.confirmByNameAboveBytes). */
export const DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES = 10 * 1024 ** 3;

export type ConfirmationChoice = 'cancel' | 'execute' | 'execute-without-election';

/** A message item (VS Code's MessageItem shape) with what choosing it means. */
export interface ConfirmationItem {
  title: string;
  isCloseAffordance?: boolean;
  choice: ConfirmationChoice;
}

export interface ConfirmationInput {
  /** The cluster's display name (a saved connection's name, or the bootstrap). */
  clusterLabel: string;
  /** Kafka's cluster id (the snapshot's), when the cluster reported one. */
  kafkaClusterId?: string;
  bootstrap: string[];
  bytesMoved: number;
  replicasMoved: number;
  /** Partitions whose replica list changes (also those only reordered): the ones the election covers. */
  partitions: number;
  leadersChanged: number;
  batches: number;
  throttleBytesPerSec: number;
  estimatedSeconds: number;
  /** When the fresh snapshot the plan was checked against was taken (ISO-8601). */
  checkedAt?: string;
  /** Setting planner.confirmByNameAboveBytes: above this many bytes moved, the name must be typed; 0 = always. */
  confirmByNameAboveBytes: number;
}

export interface TypedNameConfirmation {
  /** What must be typed: the cluster's display name. */
  expected: string;
  title: string;
  prompt: string;
  /** The InputBox's validation: undefined when the value is the name. */
  validate(value: string): string | undefined;
}

export interface ExecutionConfirmation {
  message: string;
  detail: string;
  /** In the order to pass them to showWarningMessage: the first is the default (Enter). */
  items: ConfirmationItem[];
  /** Set when the plan moves more than the threshold: after an execute button, the name must be typed too. */
  typeName?: TypedNameConfirmation;
}

export const EXECUTE_TITLE = 'Execute';
export const EXECUTE_WITHOUT_ELECTION_TITLE = 'Execute without leader election';

export function executionConfirmation(input: ConfirmationInput): ExecutionConfirmation {
  const id = input.kafkaClusterId
    ? `Kafka cluster id ${input.kafkaClusterId}`
    : 'Kafka cluster id unknown (the cluster did not report one)';
  const needsName = input.confirmByNameAboveBytes === 0 || input.bytesMoved > input.confirmByNameAboveBytes;
  const s = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('ch') ? 'es' : 's'}`;
  const detail = [
    `Cluster: ${input.clusterLabel}, ${id}, bootstrap ${input.bootstrap.join(', ')}.`,
    `Moves ${formatBytes(input.bytesMoved)}: ${s(input.replicasMoved, 'replica')} in ${s(input.partitions, 'partition')}, ` +
      `${s(input.leadersChanged, 'preferred leader change')}, in ${s(input.batches, 'batch')}.`,
    `Throttle ${formatMBps(input.throttleBytesPerSec)} per broker; estimated duration ${formatDuration(input.estimatedSeconds)}.`,
    `"${EXECUTE_TITLE}" ends with a preferred leader election (ElectLeaders) for the ${s(input.partitions, 'partition')} whose replicas change, ` +
      `so each is led by its first replica as planned; "${EXECUTE_WITHOUT_ELECTION_TITLE}" leaves leadership as Kafka has it.`,
    input.checkedAt
      ? `Checked against a fresh snapshot taken ${input.checkedAt}: no planned partition changed since the plan was made, every target broker is registered, no reassignment is in progress.`
      : '',
    'Replication throttles are set first and removed at the end; you can cancel from the progress notification.',
    needsName
      ? input.confirmByNameAboveBytes === 0
        ? 'You will be asked to type the cluster name (setting kafkaPlanner.planner.confirmByNameAboveBytes is 0).'
        : `It moves more than ${formatBytes(input.confirmByNameAboveBytes)} (setting kafkaPlanner.planner.confirmByNameAboveBytes): you will be asked to type the cluster name.`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
  const expected = input.clusterLabel;
  return {
    message: `Execute this reassignment on ${input.clusterLabel} (${input.kafkaClusterId ? `cluster id ${input.kafkaClusterId}` : input.bootstrap[0]})?`,
    detail,
    items: [
      { title: 'Cancel', choice: 'cancel' },
      { title: EXECUTE_TITLE, choice: 'execute' },
      { title: EXECUTE_WITHOUT_ELECTION_TITLE, choice: 'execute-without-election' },
      // what Escape returns; VS Code shows it as a button too (without one it adds its own "Cancel")
      { title: 'Back to the plan', isCloseAffordance: true, choice: 'cancel' },
    ],
    typeName: needsName
      ? {
          expected,
          title: `Type the cluster name to execute on ${expected}`,
          prompt: `This plan moves ${formatBytes(input.bytesMoved)} on ${expected} (${id}). Type the cluster name, ${expected}, to execute it.`,
          validate: (value) => (value.trim() === expected ? undefined : `Type ${expected} exactly to execute, or press Escape to cancel.`),
        }
      : undefined,
  };
}
