// The sizing wizards in VS Code: "Kafka: Size a Cluster" and "Flink: Size an Application" (a wizard, or an
// inputs object for tests, scripts and code lenses), the report webview, saving inputs to `*.sizing.json`, and the
// "Open sizing report" code lens on such files. The sizing itself is src/core/sizing (pure).

import * as vscode from 'vscode';
import { demoRateSamples } from '../../core/demo';
import type { ClusterSnapshot } from '../../core/model';
import { sizingDefaultsFromCluster } from '../../core/sizing/fromSnapshot';
import {
  buildFlinkReport,
  buildKafkaReport,
  flinkReportMarkdown,
  kafkaReportMarkdown,
  type KafkaReportContext,
} from '../../core/sizing/report';
import {
  SIZING_FILE_SUFFIX,
  flinkRequestFrom,
  kafkaRequestFrom,
  readSizingDocument,
  sizingDocumentToJson,
} from '../../core/sizing/request';
import type { Services } from '../../services';
import {
  isSizingPanelState,
  isWebviewToHost,
  type HostToWebview,
  type SizingRequestDocument,
  type WebviewToHost,
} from '../../../webview/sizing/protocol';
import { UserCancelled, registerCommand } from '../commands';
import { PanelRegistry, WebviewPanelHost, registerPanelRestorer } from '../webviewHost';
import { flinkSizingWizard, kafkaSizingWizard, type ClusterChoice } from './wizard';
import { InputError } from '../../core/errors';

export const SIZE_KAFKA_COMMAND = 'kafkaPlanner.sizeKafkaCluster';
export const SIZE_FLINK_COMMAND = 'kafkaPlanner.sizeFlinkApplication';
const OPEN_FILE_COMMAND = 'kafkaPlanner.openSizingReport';
export const SIZING_VIEW_TYPE = 'kafkaPlanner.sizing';

/** Builds the report of a request (throws SizingInputError / ValidationError on bad inputs). */
function reportOf(doc: SizingRequestDocument, context: KafkaReportContext = {}): HostToWebview & { type: 'kafkaReport' | 'flinkReport' } {
  return doc.kind === 'kafka'
    ? { type: 'kafkaReport', report: buildKafkaReport(doc.inputs, context), origin: '' }
    : { type: 'flinkReport', report: buildFlinkReport(doc.inputs), origin: '' };
}

class SizingPanel implements vscode.Disposable {
  readonly host: WebviewPanelHost<HostToWebview, WebviewToHost>;
  constructor(
    context: vscode.ExtensionContext,
    private readonly services: Services,
    readonly request: SizingRequestDocument,
    private readonly origin: string,
    panel: vscode.WebviewPanel,
    private readonly reportContext: KafkaReportContext = {},
  ) {
    this.host = new WebviewPanelHost(panel, {
      context,
      services,
      bundle: 'sizing',
      title: request.kind === 'kafka' ? 'Kafka Sizing' : 'Flink Sizing',
      isMessage: isWebviewToHost,
      onReady: () => this.refresh(),
      onMessage: (m) => this.onMessage(m),
    });
  }

  dispose(): void {
    this.host.dispose();
  }

  refresh(): void {
    try {
      this.host.post({ ...reportOf(this.request, this.reportContext), origin: this.origin });
    } catch (err) {
      this.host.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private async onMessage(m: WebviewToHost): Promise<void> {
    if (m.type === 'copyMarkdown') {
      const r = reportOf(this.request, this.reportContext);
      await vscode.env.clipboard.writeText(r.type === 'kafkaReport' ? kafkaReportMarkdown(r.report) : flinkReportMarkdown(r.report));
      void vscode.window.showInformationMessage('Sizing report copied as Markdown.');
    } else if (m.type === 'saveInputs') {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, `${this.request.kind}${SIZING_FILE_SUFFIX}`) : undefined,
        filters: { 'Sizing inputs': ['json'] },
        title: 'Save the sizing inputs (*.sizing.json)',
      });
      if (!target) return;
      await vscode.workspace.fs.writeFile(
        target,
        new TextEncoder().encode(sizingDocumentToJson({ version: 1, ...this.request } as Parameters<typeof sizingDocumentToJson>[0])),
      );
      this.services.log.info(`sizing: inputs written to ${target.toString()}`);
    }
  }
}

/**
 * Write rates of a live cluster for the sizing defaults: the cluster's current snapshot is the earlier sample when it
 * is at least MIN_SAMPLE_SECONDS old, else a fresh one followed by the sampling wait (kafkaPlanner.skew.sampleSeconds);
 * then a second snapshot. Progress in a notification, cancellable.
 */
async function sampleDefaults(services: Services, clusterId: string, label: string, current: ClusterSnapshot) {
  const { takeSnapshot } = await import('../../kafka/snapshot');
  const settings = await services.connections.settingsFor(clusterId);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Measuring write rates of ${label} for sizing`, cancellable: true },
    async (progress, token) => {
      const cancelled = () => token.isCancellationRequested;
      let earlier = current;
      const age = (Date.now() - Date.parse(current.takenAt)) / 1000;
      if (!(age >= MIN_SAMPLE_SECONDS)) {
        progress.report({ message: 'first snapshot…' });
        earlier = await takeSnapshot(settings, { name: label, isCancelled: cancelled });
        for (let left = services.settings.skewSampleSeconds; left > 0; left--) {
          if (cancelled()) throw new UserCancelled();
          progress.report({ message: `${left} s until the second snapshot` });
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      if (cancelled()) throw new UserCancelled();
      progress.report({ message: 'second snapshot…' });
      const later = await takeSnapshot(settings, { name: label, isCancelled: cancelled });
      return sizingDefaultsFromCluster(later, earlier);
    },
  );
}

/** The youngest snapshot that can serve as the earlier sample of a write rate. */
const MIN_SAMPLE_SECONDS = 5;

export function registerSizing(context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  // one panel per set of inputs: the same inputs again reveal their report
  const panels = new PanelRegistry<SizingPanel>(SIZING_VIEW_TYPE, 'Sizing');
  const open = (request: SizingRequestDocument, origin: string, restored?: vscode.WebviewPanel, reportContext: KafkaReportContext = {}) => {
    const report = reportOf(request, reportContext); // fails before a panel opens
    const { panel } = panels.open(
      JSON.stringify(request),
      (webviewPanel) => new SizingPanel(context, services, request, origin, webviewPanel, reportContext),
      restored,
    );
    return { panel, report };
  };
  const prices = () => ({
    kpuHourPriceUsd: services.settings.kpuHourPriceUsd,
    runningStorageGbMonthPriceUsd: services.settings.sizingRunningStorageGbMonthPriceUsd,
    targetUtilization: services.settings.sizingFlinkTargetUtilization,
  });
  const clusterChoices = (): ClusterChoice[] =>
    services.clusters.all().map((c) => ({
      id: c.id,
      label: c.label,
      defaults: async () => {
        // the demo carries write rates: two samples a minute apart (like kfp skew --demo)
        if (c.kind === 'demo') {
          const demo = demoRateSamples();
          return sizingDefaultsFromCluster(demo.current, demo.previous);
        }
        if (c.kind !== 'live') return sizingDefaultsFromCluster(c.snapshot);
        return sampleDefaults(services, c.id, c.label, c.snapshot);
      },
    }));

  const lensProvider: vscode.CodeLensProvider = {
    provideCodeLenses(doc) {
      if (!doc.uri.path.endsWith(SIZING_FILE_SUFFIX)) return [];
      return [
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
          title: 'Open sizing report',
          command: OPEN_FILE_COMMAND,
          arguments: [doc.uri],
        }),
      ];
    },
  };

  return [
    /** No argument: the wizard. An inputs object (KafkaSizingRequest): the report directly. Returns the report. */
    registerCommand(services, SIZE_KAFKA_COMMAND, async (arg?: unknown) => {
      const given = typeof arg === 'object' && arg !== null;
      const { request, origin, clusterName, derived } = given
        ? { request: kafkaRequestFrom(arg, '$', 'inputs'), origin: "the command's inputs", clusterName: undefined, derived: undefined }
        : await kafkaSizingWizard(services, clusterChoices());
      return open({ kind: 'kafka', inputs: request }, origin, undefined, { clusterName, derived }).report.report;
    }),
    /** No argument: the wizard. An inputs object (FlinkSizingRequest, e.g. from the Flink lens): the report directly. */
    registerCommand(services, SIZE_FLINK_COMMAND, async (arg?: unknown) => {
      const given = typeof arg === 'object' && arg !== null;
      const request = given ? flinkRequestFrom({ ...prices(), ...(arg as object) }, '$', 'inputs') : await flinkSizingWizard(prices());
      return open({ kind: 'flink', inputs: request }, given ? "the command's inputs" : 'the wizard').report.report;
    }),
    registerCommand(services, OPEN_FILE_COMMAND, async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri) throw new InputError('Open a *.sizing.json file first.');
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const name = uri.path.split('/').pop()!;
      const doc = readSizingDocument(text, name);
      return open(doc, name).report.report;
    }),
    vscode.languages.registerCodeLensProvider({ pattern: `**/*${SIZING_FILE_SUFFIX}` }, lensProvider),
    registerPanelRestorer(SIZING_VIEW_TYPE, services, (panel, state) => {
      if (!isSizingPanelState(state)) throw new Error('no saved inputs');
      const r = state.request;
      const request: SizingRequestDocument =
        r.kind === 'kafka' ? { kind: 'kafka', inputs: kafkaRequestFrom(r.inputs) } : { kind: 'flink', inputs: flinkRequestFrom(r.inputs) };
      open(request, 'the restored panel', panel);
    }),
    panels,
  ];
}
