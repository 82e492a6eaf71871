// kfp execute --base FILE: what the plan was made from, to refuse a plan the cluster has moved away from. Either the
// rollback file (`kfp plan --rollback`, or the "Current partition replica assignment" kafka-reassign-partitions.sh
// prints) or the snapshot file the plan was made from (`kfp snapshot --out`, `kfp plan --snapshot`).

import { parseReassignmentJson } from '../core/kafkaFormats';
import { planBaseFromReassignment, planBaseFromSnapshot, type PlanBase } from '../core/planner/staleness';
import { looksLikeReassignment } from '../core/reassignmentDocument';
import { snapshotFromJson } from '../core/snapshotJson';
import { readText } from './io';

export function readPlanBase(file: string): { base: PlanBase; description: string } {
  const text = readText(file, '--base file');
  if (looksLikeReassignment(text)) {
    return { base: planBaseFromReassignment(parseReassignmentJson(text, file)), description: `the rollback ${file}` };
  }
  const snapshot = snapshotFromJson(text, file);
  return { base: planBaseFromSnapshot(snapshot), description: `the snapshot ${file} (taken ${snapshot.takenAt})` };
}
