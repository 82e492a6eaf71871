// The typed messages between the sizing report's host (src/features/sizing) and its webview (webview/sizing/main.ts).
// Both sides import this file; every message has a type guard.
import type { FlinkSizingReport, KafkaSizingReport } from '../../src/core/sizing/report';
import type { FlinkSizingRequest, KafkaSizingRequest } from '../../src/core/sizing/request';

export type SizingRequestDocument = { kind: 'kafka'; inputs: KafkaSizingRequest } | { kind: 'flink'; inputs: FlinkSizingRequest };

/** Kept in the webview's state so the panel is restored after a reload: the inputs, never the report. */
export interface SizingPanelState {
  request: SizingRequestDocument;
}

// ----- host -> webview
export interface ShowKafkaReportMessage {
  type: 'kafkaReport';
  report: KafkaSizingReport;
  /** Where the inputs came from ("wizard", "Demo cluster defaults", "orders.sizing.json"). */
  origin: string;
}
export interface ShowFlinkReportMessage {
  type: 'flinkReport';
  report: FlinkSizingReport;
  origin: string;
}
export interface ErrorMessage {
  type: 'error';
  message: string;
}
export type HostToWebview = ShowKafkaReportMessage | ShowFlinkReportMessage | ErrorMessage;

// ----- webview -> host
export interface ReadyMessage {
  type: 'ready';
}
/** Copy as Markdown (rendered by the host from the same report), save the inputs to a *.sizing.json file. */
export interface SizingActionMessage {
  type: 'copyMarkdown' | 'saveInputs';
}
export type WebviewToHost = ReadyMessage | SizingActionMessage;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isWebviewToHost(v: unknown): v is WebviewToHost {
  return isObject(v) && (v.type === 'ready' || v.type === 'copyMarkdown' || v.type === 'saveInputs');
}

export function isHostToWebview(v: unknown): v is HostToWebview {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'kafkaReport':
    case 'flinkReport':
      return isObject(v.report) && Array.isArray(v.report.numbers) && typeof v.origin === 'string';
    case 'error':
      return typeof v.message === 'string';
    default:
      return false;
  }
}

/** Shallow check of a saved state: the host re-validates the inputs (kafkaRequestFrom / flinkRequestFrom). */
export function isSizingPanelState(v: unknown): v is SizingPanelState {
  return isObject(v) && isObject(v.request) && (v.request.kind === 'kafka' || v.request.kind === 'flink') && isObject(v.request.inputs);
}
