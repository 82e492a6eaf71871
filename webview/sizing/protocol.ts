// The typed messages between the sizing report's host (src/features/sizing) and its webview (webview/sizing/main.ts).
// Both sides import this file; every message has a type guard.
import type { FlinkSizingReport, KafkaSizingReport } from '../../src/core/sizing/report';
import type { FlinkSizingRequest, KafkaSizingRequest } from '../../src/core/sizing/request';
import { anyFields, hasErrorText, isRecord, messageGuard, type ErrorMessage, type ReadyMessage } from '../common/protocol';

export type { ErrorMessage, ReadyMessage } from '../common/protocol';

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
export type HostToWebview = ShowKafkaReportMessage | ShowFlinkReportMessage | ErrorMessage;

// ----- webview -> host
/** Copy as Markdown (rendered by the host from the same report), save the inputs to a *.sizing.json file. */
export interface SizingActionMessage {
  type: 'copyMarkdown' | 'saveInputs';
}
export type WebviewToHost = ReadyMessage | SizingActionMessage;

export const isWebviewToHost = messageGuard<WebviewToHost>({ ready: anyFields, copyMarkdown: anyFields, saveInputs: anyFields });

const isReport = (m: Record<string, unknown>): boolean =>
  isRecord(m.report) && Array.isArray(m.report.numbers) && typeof m.origin === 'string';

export const isHostToWebview = messageGuard<HostToWebview>({ kafkaReport: isReport, flinkReport: isReport, error: hasErrorText });

/** Shallow check of a saved state: the host re-validates the inputs (kafkaRequestFrom / flinkRequestFrom). */
export function isSizingPanelState(v: unknown): v is SizingPanelState {
  return isRecord(v) && isRecord(v.request) && (v.request.kind === 'kafka' || v.request.kind === 'flink') && isRecord(v.request.inputs);
}
