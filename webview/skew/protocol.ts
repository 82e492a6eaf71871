// The typed messages between the skew panel's host (src/features/skew) and its webview (webview/skew/main.ts).
// Both sides import this file; every message has a type guard, and nothing switches on untyped strings.
import type { SkewReport } from '../../src/core/skew';

/** What the host knows about the cluster the panel shows. */
export interface SkewClusterInfo {
  id: string;
  label: string;
  kind: 'demo' | 'live' | 'file';
}

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

export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type HostToWebview = ShowReportMessage | SamplingMessage | ErrorMessage;

// ----- webview -> host

export interface ReadyMessage {
  type: 'ready';
}
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

export type WebviewToHost = ReadyMessage | RevealTopicMessage | SampleRatesMessage | ExportCsvMessage | ExportPngMessage;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'sampleRates':
    case 'exportCsv':
      return true;
    case 'revealTopic':
      return typeof value.topic === 'string' && value.topic.length > 0;
    case 'exportPng':
      return typeof value.dataUrl === 'string' && value.dataUrl.startsWith(PNG_DATA_URL_PREFIX) && typeof value.name === 'string';
    default:
      return false;
  }
}

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'report':
      return isObject(value.report) && isObject(value.cluster) && typeof value.canSample === 'boolean' && typeof value.sampleSeconds === 'number';
    case 'sampling':
      return value.state === 'started' || value.state === 'finished' || value.state === 'failed' || value.state === 'cancelled';
    case 'error':
      return typeof value.message === 'string';
    default:
      return false;
  }
}

export function isSkewPanelState(value: unknown): value is SkewPanelState {
  return isObject(value) && typeof value.clusterId === 'string' && value.clusterId.length > 0;
}
