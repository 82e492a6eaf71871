// Commands that bring snapshots in: the demo summary, a live snapshot, and a snapshot file.

import * as vscode from 'vscode';
import { basename } from 'node:path';
import { snapshotFromJson, snapshotToJson } from '../../core/snapshotJson';
import { formatClusterSummary } from '../../core/summaryText';
import { demoSnapshot } from '../../core/demo';
import type { Services } from '../../services';
import { UserCancelled, registerCommand } from '../commands';
import { InputError } from '../../core/errors';

export function registerSnapshots(_context: vscode.ExtensionContext, services: Services): vscode.Disposable[] {
  return [
    registerCommand(services, 'kafkaPlanner.showDemoSummary', async () => {
      // the embedded demo's data, whether or not the demo is listed in the Clusters view
      const doc = await vscode.workspace.openTextDocument({ content: formatClusterSummary(demoSnapshot()), language: 'plaintext' });
      await vscode.window.showTextDocument(doc, { preview: true });
    }),

    registerCommand(services, 'kafkaPlanner.takeSnapshot', async (bootstrapArg?: unknown) => {
      // Lazy: the Kafka client loads only when a live cluster is used.
      const { parseBootstrap } = await import('../../kafka/connection');
      const input =
        typeof bootstrapArg === 'string'
          ? bootstrapArg
          : await vscode.window.showInputBox({
              title: 'Take a snapshot of a live Kafka cluster',
              prompt: 'Bootstrap servers, host:port (comma-separated for several). PLAINTEXT only for now.',
              placeHolder: 'localhost:9092',
              ignoreFocusOut: true,
              validateInput: (v) => {
                try {
                  parseBootstrap(v);
                  return undefined;
                } catch (err) {
                  return (err as Error).message;
                }
              },
            });
      if (input === undefined) throw new UserCancelled();
      const bootstrap = parseBootstrap(input);
      const { takeSnapshot } = await import('../../kafka/snapshot');
      const snapshot = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Snapshot of ${bootstrap.join(', ')}`, cancellable: true },
        (progress, token) =>
          takeSnapshot(
            { bootstrap, connectTimeoutMs: services.settings.connectTimeoutMs, requestTimeoutMs: services.settings.requestTimeoutMs },
            { name: bootstrap[0], onProgress: (message) => progress.report({ message }), isCancelled: () => token.isCancellationRequested },
          ),
      );
      for (const w of snapshot.warnings) services.log.warn(`${bootstrap[0]}: ${w}`);
      const id = `live:${bootstrap.join(',')}`;
      services.clusters.set({ id, label: bootstrap[0], kind: 'live', snapshot });
      services.log.info(`snapshot of ${bootstrap.join(',')}: ${snapshot.brokers.length} brokers, ${snapshot.topics.length} topics`);
      return id;
    }),

    registerCommand(services, 'kafkaPlanner.openSnapshotFile', async (uriArg?: unknown) => {
      const uri =
        uriArg instanceof vscode.Uri
          ? uriArg
          : (
              await vscode.window.showOpenDialog({
                canSelectMany: false,
                filters: { 'Cluster snapshot': ['json'] },
                title: 'Open a cluster snapshot (kfp snapshot --out)',
              })
            )?.[0];
      if (!uri) throw new UserCancelled();
      const bytes = await vscode.workspace.fs.readFile(uri);
      const snapshot = snapshotFromJson(new TextDecoder().decode(bytes), basename(uri.fsPath));
      const id = `file:${uri.toString()}`;
      services.clusters.set({ id, label: basename(uri.fsPath), kind: 'file', snapshot });
      return id;
    }),

    registerCommand(services, 'kafkaPlanner.saveSnapshot', async (clusterId?: unknown) => {
      const cluster = services.clusters.get(typeof clusterId === 'string' ? clusterId : 'demo');
      if (!cluster) throw new InputError(`No cluster with id ${String(clusterId)} is loaded.`);
      const target = await vscode.window.showSaveDialog({
        filters: { 'Cluster snapshot': ['json'] },
        title: `Save the snapshot of ${cluster.label}`,
      });
      if (!target) throw new UserCancelled();
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(snapshotToJson(cluster.snapshot)));
    }),

    registerCommand(services, 'kafkaPlanner.openLog', () => services.log.show()),
  ];
}
