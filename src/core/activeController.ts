// The active controller as the explorer tree and the CLI's broker listing state it: "node N", whether that node is
// one of the brokers (a KRaft controller-only node is not), and how the snapshot learned it (ClusterSnapshot.controller).

import type { ClusterSnapshot, ControllerSource } from './model';

export interface ActiveController {
  /** node.id, null when unknown. */
  nodeId: number | null;
  /** False for a controller-only node (or a node missing from the metadata). */
  isBroker: boolean;
  /** Absent for snapshots that do not record it (files from older versions, demo, offline). */
  source?: ControllerSource;
  note?: string;
  /** Sentence after "Active controller: ", e.g. "node 2 (broker 2), the leader of the KRaft metadata quorum (DescribeQuorum)." */
  text: string;
  /** Short form for a list header when no broker row carries the controller mark: "controller: node 3000 (not a broker)". */
  short?: string;
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function activeController(snapshot: ClusterSnapshot): ActiveController {
  const nodeId = snapshot.controllerId;
  const isBroker = nodeId !== null && snapshot.brokers.some((b) => b.id === nodeId);
  const source = snapshot.controller?.source;
  const note = snapshot.controller?.note;
  const node =
    nodeId === null
      ? ''
      : isBroker
        ? `node ${nodeId} (broker ${nodeId})`
        : `node ${nodeId}, a controller-only node (not one of the brokers)`;
  let text: string;
  if (source === 'unknown' || (source && nodeId === null)) {
    text = `unknown. ${capitalized(note ?? 'The cluster did not say.')}`;
  } else if (nodeId === null) {
    text = 'not recorded in this snapshot.';
  } else if (source === 'metadataQuorum') {
    text = `${node}, the leader of the KRaft metadata quorum (DescribeQuorum, KIP-595).`;
  } else if (source === 'metadataResponse') {
    text = `${node}; ${note ?? 'the controller named by the Metadata response.'}`;
  } else if (snapshot.source === 'live') {
    text = `${node}, as recorded by an older version from the Metadata response (on KRaft a random broker, KIP-590): refresh for the quorum leader.`;
  } else {
    text = `${node}.`;
  }
  const out: ActiveController = { nodeId, isBroker, text };
  if (source) out.source = source;
  if (note) out.note = note;
  if (nodeId !== null && !isBroker) out.short = `controller: node ${nodeId} (not a broker)`;
  else if (source === 'unknown') out.short = 'controller unknown';
  return out;
}
