// Two snapshots of a live cluster some seconds apart, for write rates (the skew and failure simulation panels): a
// cancellable progress notification that counts down to the second snapshot.

import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../core/model';
import type { KnownCluster, Services } from '../services';

/** The earlier and the later snapshot; throws vscode.CancellationError when cancelled (the notification or `source`). */
export async function sampleTwoSnapshots(
  services: Services,
  cluster: KnownCluster,
  seconds: number,
  source: vscode.CancellationTokenSource,
): Promise<readonly [ClusterSnapshot, ClusterSnapshot]> {
  const { takeSnapshot } = await import('../kafka/snapshot');
  const settings = await services.connections.settingsFor(cluster.id);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Sampling write rates of ${cluster.label}`, cancellable: true },
    async (progress, token) => {
      const cancelled = () => token.isCancellationRequested || source.token.isCancellationRequested;
      token.onCancellationRequested(() => source.cancel());
      progress.report({ message: 'first snapshot…' });
      const first = await takeSnapshot(settings, { name: cluster.label, isCancelled: cancelled });
      for (let left = seconds; left > 0; left--) {
        if (cancelled()) throw new vscode.CancellationError();
        progress.report({ message: `${left} s until the second snapshot`, increment: 100 / (seconds + 1) });
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (cancelled()) throw new vscode.CancellationError();
      progress.report({ message: 'second snapshot…' });
      const second = await takeSnapshot(settings, { name: cluster.label, isCancelled: cancelled });
      return [first, second] as const;
    },
  );
}
