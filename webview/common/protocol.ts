// What every panel's protocol.ts shares (both the host and the webview import it): the "ready" and "error" messages,
// the cluster a panel shows, and the helpers its type guards are built from. No DOM here: the host compiles it too.

export interface ReadyMessage {
  type: 'ready';
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

/** What the host knows about the cluster a panel shows. */
export interface PanelClusterInfo {
  id: string;
  label: string;
  kind: 'demo' | 'live' | 'file';
}

/** A plain object (not null, not an array): its fields can be read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks of a message's fields, one for each message type of the union (the compiler asks for every one). */
export type MessageChecks<T extends { type: string }> = { [K in T['type']]: (message: Record<string, unknown>) => boolean };

/** The type guard of a message union: an object whose `type` is one of the union's and whose check passes. */
export function messageGuard<T extends { type: string }>(checks: MessageChecks<T>): (value: unknown) => value is T {
  return (value: unknown): value is T =>
    isRecord(value) && typeof value.type === 'string' && Object.hasOwn(checks, value.type) && checks[value.type as T['type']](value);
}

/** The check of a message with no fields to check ("ready", actions). */
export const anyFields = (): boolean => true;

/** The check of an ErrorMessage. */
export const hasErrorText = (message: Record<string, unknown>): boolean => typeof message.message === 'string';

/**
 * Host -> webview: the panel's cluster is a saved cluster without a snapshot yet (after a window reload): being
 * connected, its last connection error, or not connected. The panel shows it in place of its data until the
 * snapshot arrives.
 */
export interface ConnectionMessage {
  type: 'connection';
  state: 'connecting' | 'failed' | 'idle';
  /** The saved cluster's name. */
  clusterName: string;
  /** The connection error when failed, else ''. */
  message: string;
}

/** Webview -> host: connect the panel's cluster (again): the Retry / Connect button of a ConnectionMessage. */
export interface RetryConnectionMessage {
  type: 'retryConnection';
}

/** The check of a ConnectionMessage. */
export const isConnectionState = (message: Record<string, unknown>): boolean =>
  (message.state === 'connecting' || message.state === 'failed' || message.state === 'idle') &&
  typeof message.clusterName === 'string' &&
  typeof message.message === 'string';
