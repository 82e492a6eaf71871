// The typed messages between the skew panel's host (src/features/skew) and its webview (webview/skew/main.ts).
// Both sides import this file; every message has a type guard, and nothing switches on untyped strings.
import type { SkewReport } from '../../src/core/skew';
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

/** What the host knows about the cluster the panel shows. */
export type SkewClusterInfo = PanelClusterInfo;

/** Kept in the webview's state so the panel can be restored after a window reload (the cluster id, not data). */
export interface SkewPanelState {
  clusterId: string;
}

// ----- host -> webview

export interface ShowReportMessage {
  type: 'report';
  cluster: SkewClusterInfo;
  report: SkewReport;
  /** True when the panel can sample rates (live clusters): the "Sample rates" button is shown. */
  canSample: boolean;
  /** Seconds between the two samples of "Sample rates" (setting kafkaPlanner.skew.sampleSeconds). */
  sampleSeconds: number;
  /** Why there are no rates, when report.rates is null (shown in place of the rate charts). */
  ratesHint: string;
}

export interface SamplingMessage {
  type: 'sampling';
  state: 'started' | 'finished' | 'failed' | 'cancelled';
  message?: string;
}

/** The saved cluster is being connected (or failed to): with its id, which the webview keeps for the next reload. */
export interface SkewConnectionMessage extends ConnectionMessage {
  clusterId: string;
}

export type HostToWebview = ShowReportMessage | SamplingMessage | SkewConnectionMessage | ErrorMessage;

// ----- webview -> host

export interface RevealTopicMessage {
  type: 'revealTopic';
  topic: string;
}
export interface SampleRatesMessage {
  type: 'sampleRates';
}
export interface ExportCsvMessage {
  type: 'exportCsv';
}
export interface ExportPngMessage {
  type: 'exportPng';
  /** data:image/png;base64,… of the charts composed into one image. */
  dataUrl: string;
  /** Suggested file name without extension, e.g. "skew-demo-brokers". */
  name: string;
}

export type WebviewToHost =
  ReadyMessage | RevealTopicMessage | SampleRatesMessage | ExportCsvMessage | ExportPngMessage | RetryConnectionMessage;

export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';

export const isWebviewToHost = messageGuard<WebviewToHost>({
  ready: anyFields,
  sampleRates: anyFields,
  exportCsv: anyFields,
  retryConnection: anyFields,
  revealTopic: (m) => typeof m.topic === 'string' && m.topic.length > 0,
  exportPng: (m) => typeof m.dataUrl === 'string' && m.dataUrl.startsWith(PNG_DATA_URL_PREFIX) && typeof m.name === 'string',
});

export const isHostToWebview = messageGuard<HostToWebview>({
  report: (m) => isRecord(m.report) && isRecord(m.cluster) && typeof m.canSample === 'boolean' && typeof m.sampleSeconds === 'number',
  sampling: (m) => m.state === 'started' || m.state === 'finished' || m.state === 'failed' || m.state === 'cancelled',
  connection: (m) => isConnectionState(m) && typeof m.clusterId === 'string',
  error: hasErrorText,
});

export function isSkewPanelState(value: unknown): value is SkewPanelState {
  return isRecord(value) && typeof value.clusterId === 'string' && value.clusterId.length > 0;
}
