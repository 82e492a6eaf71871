// Restored panels after a window reload, the pure parts: what a panel shows for its cluster (loaded, a saved cluster
// being connected, its connection error, not connected, gone), which saved states may be restored, and the
// "connection" / "retryConnection" messages of the skew and plan panels.
import assert from 'node:assert/strict';
import { canRestorePanel, panelCluster, panelClusterLabel } from '../../src/features/panelCluster';
import type { ConnectionState, KnownCluster, Services } from '../../src/services';
import * as plan from '../../webview/plan/protocol';
import * as skew from '../../webview/skew/protocol';
import { snapshot } from './builders';

/** The parts of Services that panelCluster reads: the registry's clusters and connection states, the saved names. */
function fakeServices(opts: {
  loaded?: KnownCluster[];
  saved?: Record<string, string>;
  states?: Record<string, ConnectionState>;
}): Services {
  const loaded = new Map((opts.loaded ?? []).map((c) => [c.id, c]));
  return {
    clusters: { get: (id: string) => loaded.get(id), connection: (id: string) => opts.states?.[id] },
    connections: { savedName: (id: string) => opts.saved?.[id] },
  } as unknown as Services;
}

const demo: KnownCluster = { id: 'demo', label: 'Demo cluster', kind: 'demo', snapshot: snapshot().broker(1).build() };
const PROD = 'live:kafka-1:9092';

describe('restored panels: the cluster they wait for', () => {
  it('draws a loaded cluster', () => {
    const s = fakeServices({ loaded: [demo] });
    assert.deepEqual(panelCluster(s, 'demo'), { kind: 'loaded', cluster: demo });
    assert.equal(panelClusterLabel(s, 'demo'), 'Demo cluster');
  });

  it('waits for a saved cluster: connecting, failed with the error, or not connected', () => {
    const connecting = fakeServices({ saved: { [PROD]: 'prod' }, states: { [PROD]: { state: 'connecting' } } });
    assert.deepEqual(panelCluster(connecting, PROD), {
      kind: 'waiting',
      connection: { state: 'connecting', clusterName: 'prod', message: '' },
    });
    assert.equal(panelClusterLabel(connecting, PROD), 'prod');
    const failed = fakeServices({
      saved: { [PROD]: 'prod' },
      states: { [PROD]: { state: 'error', message: 'Connection refused by kafka-1:9092' } },
    });
    assert.deepEqual(panelCluster(failed, PROD), {
      kind: 'waiting',
      connection: { state: 'failed', clusterName: 'prod', message: 'Connection refused by kafka-1:9092' },
    });
    const idle = fakeServices({ saved: { [PROD]: 'prod' } });
    assert.deepEqual(panelCluster(idle, PROD), { kind: 'waiting', connection: { state: 'idle', clusterName: 'prod', message: '' } });
  });

  it('restores panels of loaded and saved clusters only, never of clusters that no longer exist in the settings', () => {
    const s = fakeServices({ loaded: [demo], saved: { [PROD]: 'prod' } });
    assert.equal(canRestorePanel(s, 'demo'), true);
    assert.equal(canRestorePanel(s, PROD), true);
    assert.equal(canRestorePanel(s, 'live:removed:9092'), false, 'a cluster removed from kafkaPlanner.clusters');
    assert.equal(canRestorePanel(s, 'file:/tmp/cluster.json'), false, 'snapshot files are not kept across reloads');
    assert.deepEqual(panelCluster(s, 'live:removed:9092'), { kind: 'gone' });
  });

  it('skew and plan protocols carry the connection state, the id or request to keep, and the Retry message', () => {
    const connection = { type: 'connection', state: 'failed', clusterName: 'prod', message: 'refused' };
    assert.equal(skew.isHostToWebview({ ...connection, clusterId: PROD }), true);
    assert.equal(skew.isHostToWebview(connection), false, 'skew keeps the cluster id');
    assert.equal(skew.isHostToWebview({ ...connection, clusterId: PROD, state: 'maybe' }), false);
    assert.equal(skew.isWebviewToHost({ type: 'retryConnection' }), true);
    const request = { clusterId: PROD, goal: 'remove', brokers: [{ id: 2, rack: null }] };
    assert.equal(plan.isHostToWebview({ ...connection, state: 'connecting', message: '', request }), true);
    assert.equal(plan.isHostToWebview({ ...connection, request: {} }), false, 'plan keeps the request');
    assert.equal(plan.isWebviewToHost({ type: 'retryConnection' }), true);
  });
});
