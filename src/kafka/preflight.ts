// Before a plan is executed: a fresh look at the live cluster (a snapshot without consumer groups, and the
// reassignments in flight from ListPartitionReassignments, KIP-455), compared with the plan's base by the pure
// planStaleness (src/core/planner/staleness.ts). VS Code and `kfp execute` refuse a plan with any difference.

import type { ClusterSnapshot } from '../core/model';
import {
  planStaleness,
  type InProgressReassignment,
  type PlanBase,
  type PlannedPartition,
  type StalenessDifference,
} from '../core/planner/staleness';
import { KafkaConnectionError, describeKafkaError, type ConnectionSettings } from './connection';
import { ReassignmentClient } from './reassignmentApi';
import { takeSnapshot, type SnapshotOptions } from './snapshot';

/** Every reassignment Kafka has in flight on the cluster. */
export async function listReassignments(settings: ConnectionSettings): Promise<InProgressReassignment[]> {
  let client: ReassignmentClient | undefined;
  try {
    client = await ReassignmentClient.open(settings);
    return await client.list();
  } catch (err) {
    if (err instanceof KafkaConnectionError) throw err;
    throw new KafkaConnectionError(`Listing the reassignments in progress failed: ${describeKafkaError(err, settings.bootstrap)}`, err);
  } finally {
    await client?.close();
  }
}

export interface PlanFreshness {
  /** The cluster as it is now (consumer groups skipped). */
  fresh: ClusterSnapshot;
  inProgress: InProgressReassignment[];
  /** Empty when the plan may be executed. */
  differences: StalenessDifference[];
}

/** Takes a fresh snapshot, lists the reassignments in flight and compares both with the plan's base. */
export async function checkPlanFreshness(
  settings: ConnectionSettings,
  base: PlanBase,
  moves: PlannedPartition[],
  options: Pick<SnapshotOptions, 'name' | 'isCancelled' | 'onProgress'> = {},
): Promise<PlanFreshness> {
  const fresh = await takeSnapshot(settings, { ...options, skipGroups: true });
  options.onProgress?.('Listing the reassignments in progress');
  const inProgress = await listReassignments(settings);
  return { fresh, inProgress, differences: planStaleness(base, fresh, moves, inProgress) };
}
