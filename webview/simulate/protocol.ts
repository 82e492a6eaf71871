// The typed messages between the failure simulation panel's host (src/features/simulate) and its webview
// (webview/simulate/main.ts). Both sides import this file; every message has a type guard.
import type { FailureScenario, FailureSimulation } from '../../src/core/simulation';
import {
  anyFields,
  hasErrorText,
  isRecord,
  messageGuard,
  type ErrorMessage,
  type PanelClusterInfo,
  type ReadyMessage,
} from '../common/protocol';

export type { ErrorMessage, ReadyMessage } from '../common/protocol';

/** The inputs of one simulation, as the panel's controls show them. */
export interface SimulationInputs {
  scenario: FailureScenario;
  /** Minutes until the failed brokers return (the catch-up). */
  downtimeMinutes: number;
  /** Catalog broker type id, or '' for none (loads without capacity). */
  brokerType: string;
}

/** Kept in the webview's state so the panel can be restored after a window reload (the cluster id and the inputs, not data). */
export interface SimulatePanelState {
  clusterId: string;
  inputs: SimulationInputs;
}

export function isSimulatePanelState(value: unknown): value is SimulatePanelState {
  return isRecord(value) && typeof value.clusterId === 'string' && value.clusterId.length > 0 && isSimulationInputs(value.inputs);
}

// ----- host -> webview

export interface ShowSimulationMessage {
  type: 'simulation';
  cluster: PanelClusterInfo;
  inputs: SimulationInputs;
  simulation: FailureSimulation;
  /** Where the write rates come from, in words ("measured over 60 s …", "none sampled: sizes only …"). */
  ratesNote: string;
  /** What the scenario controls offer. */
  brokers: { id: number; rack: string | null }[];
  racks: string[];
  brokerTypes: string[];
  /** A live cluster: "Sample rates" takes two snapshots sampleSeconds apart (setting kafkaPlanner.skew.sampleSeconds). */
  canSample: boolean;
  sampleSeconds: number;
  /** A sampling is running. */
  sampling: boolean;
}

export type HostToWebview = ShowSimulationMessage | ErrorMessage;

// ----- webview -> host

export interface SimulateMessage {
  type: 'simulate';
  inputs: SimulationInputs;
}
export interface RevealPartitionMessage {
  type: 'revealPartition';
  topic: string;
  partition: number;
}
/** The sizing wizard's report, prefilled with this cluster (brokers, AZs, RF, retention, measured ingress, type). */
export interface OpenSizingMessage {
  type: 'openSizing';
}
/** Two snapshots of the live cluster for write rates. */
export interface SampleRatesMessage {
  type: 'sampleRates';
}
/** A planner run for this cluster. */
export interface PlanFixMessage {
  type: 'planFix';
}

export type WebviewToHost =
  ReadyMessage | SimulateMessage | RevealPartitionMessage | OpenSizingMessage | PlanFixMessage | SampleRatesMessage;

export function isScenario(value: unknown): value is FailureScenario {
  if (!isRecord(value)) return false;
  if (value.kind === 'rack') return typeof value.rack === 'string' && value.rack.length > 0;
  return (
    value.kind === 'brokers' && Array.isArray(value.brokers) && value.brokers.length > 0 && value.brokers.every((b) => Number.isInteger(b))
  );
}

export function isSimulationInputs(value: unknown): value is SimulationInputs {
  return (
    isRecord(value) &&
    isScenario(value.scenario) &&
    typeof value.downtimeMinutes === 'number' &&
    Number.isFinite(value.downtimeMinutes) &&
    value.downtimeMinutes > 0 &&
    typeof value.brokerType === 'string'
  );
}

export const isWebviewToHost = messageGuard<WebviewToHost>({
  ready: anyFields,
  openSizing: anyFields,
  planFix: anyFields,
  sampleRates: anyFields,
  simulate: (m) => isSimulationInputs(m.inputs),
  revealPartition: (m) => typeof m.topic === 'string' && m.topic.length > 0 && Number.isInteger(m.partition),
});

export const isHostToWebview = messageGuard<HostToWebview>({
  simulation: (m) => isRecord(m.simulation) && isRecord(m.cluster) && isSimulationInputs(m.inputs) && Array.isArray(m.brokers),
  error: hasErrorText,
});
