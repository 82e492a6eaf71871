// The typed messages between the plan view's host (src/features/reassign) and its webview (webview/plan/main.ts).
// Both sides import this file; every message has a type guard, and nothing switches on untyped strings.
import type { ElectionReport } from '../../src/core/planner/election';
import type { BrokerTotals, GoalReport, MoveReason } from '../../src/core/planner/plan';
import type { PlanSummary } from '../../src/core/planner/summary';
import type { PlanRequest } from '../../src/core/reassignmentDocument';
import {
  anyFields,
  hasErrorText,
  isConnectionState,
  isRecord,
  messageGuard,
  type ConnectionMessage,
  type ErrorMessage,
  type PanelClusterInfo,
  type ReadyMessage,
  type RetryConnectionMessage,
} from '../common/protocol';

export type { ConnectionMessage, ErrorMessage, ReadyMessage, RetryConnectionMessage } from '../common/protocol';

export type PlanClusterInfo = PanelClusterInfo;

/** One row of the moves table: bytesCopied = partition size x replicas added (what crosses the network). */
export interface MoveRow {
  topic: string;
  partition: number;
  before: number[];
  after: number[];
  bytesCopied: number;
  reason: MoveReason;
  leaderChanged: boolean;
}

/** Kept in the webview's state so the panel is restored after a reload: the request, never the plan itself. */
export interface PlanPanelState {
  request: PlanRequest;
}

// ----- host -> webview

export interface ShowPlanMessage {
  type: 'plan';
  cluster: PlanClusterInfo;
  request: PlanRequest;
  /** "add brokers 7, 8, 9" */
  goalText: string;
  /** Brokers the plan balances over (means and bands are over these). */
  brokers: number[];
  before: BrokerTotals[];
  after: BrokerTotals[];
  tolerance: number;
  summary: PlanSummary;
  /** The largest moves first, at most MAX_MOVE_ROWS of them; movesTotal says how many there are. */
  moves: MoveRow[];
  movesTotal: number;
  /** The Execute… button is shown (live cluster, executor available); it is disabled when movesTotal is 0. */
  canExecute: boolean;
  /** Where the throttle and moves-per-broker came from, shown under the duration. */
  throttleSource: string;
  /** Every goal, hard first then soft in priority order: per broker before/after, target, capacity, verdict. */
  goals: GoalReport[];
  /** Where the traffic goals' rates come from, or why they are not measured. */
  ratesText: string;
  /** Where each capacity number comes from; empty when no capacity was given. */
  capacityText: string[];
}

/** One step of an execution as the plan view lists it. */
export interface ExecutionStep {
  id: 'check' | 'move' | 'election' | 'throttles';
  label: string;
  state: 'pending' | 'running' | 'done' | 'skipped' | 'failed';
  /** What happened, in a sentence ("no planned partition changed", "9 elected, 2 already preferred, 0 failed"). */
  detail?: string;
}

export interface ExecutionStatusMessage {
  type: 'execution';
  /** checking: the fresh snapshot is being compared; refused: the plan is stale (nothing was changed). */
  state: 'checking' | 'refused' | 'running' | 'completed' | 'cancelled' | 'failed';
  message: string;
  steps?: ExecutionStep[];
  /** Why the plan was refused: one line per difference between the plan's base and the cluster now. */
  differences?: string[];
  /** The preferred leader election's result per partition. */
  election?: ElectionReport;
}

/** The saved cluster is being connected (or failed to): with the request, which the webview keeps for the next reload. */
export interface PlanConnectionMessage extends ConnectionMessage {
  request: PlanRequest;
}

export type HostToWebview = ShowPlanMessage | ExecutionStatusMessage | PlanConnectionMessage | ErrorMessage;

// ----- webview -> host

export interface PlanActionMessage {
  type: 'savePlan' | 'saveRollback' | 'openInEditor' | 'execute';
}
export type WebviewToHost = ReadyMessage | PlanActionMessage | RetryConnectionMessage;

export const MAX_MOVE_ROWS = 2000;

export const isWebviewToHost = messageGuard<WebviewToHost>({
  ready: anyFields,
  savePlan: anyFields,
  saveRollback: anyFields,
  openInEditor: anyFields,
  execute: anyFields,
  retryConnection: anyFields,
});

export const isHostToWebview = messageGuard<HostToWebview>({
  plan: (m) =>
    isRecord(m.cluster) &&
    isRecord(m.summary) &&
    Array.isArray(m.before) &&
    Array.isArray(m.after) &&
    Array.isArray(m.moves) &&
    Array.isArray(m.goals) &&
    Array.isArray(m.capacityText),
  execution: (m) => typeof m.state === 'string' && typeof m.message === 'string',
  connection: (m) => isConnectionState(m) && isRecord(m.request) && typeof m.request.clusterId === 'string',
  error: hasErrorText,
});

/** Shallow check of a saved state: the host re-validates the request itself (planRequestFrom) before using it. */
export function isPlanPanelState(v: unknown): v is PlanPanelState {
  return isRecord(v) && isRecord(v.request) && typeof v.request.clusterId === 'string';
}
