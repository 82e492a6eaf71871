// The plan's moves: every partition whose replica list changed, with the brokers that receive a copy, the copies
// deleted, whether the preferred leader changes and why the planner touched it; sorted by topic, then partition.

import type { PlannerState, WorkPartition } from './state';
import type { PartitionMove } from './types';

export function collectMoves(state: PlannerState): PartitionMove[] {
  const changed: WorkPartition[] = [];
  for (const p of state.partitions) if (!sameList(p.original, p.replicas)) changed.push(p);
  // by topic, then partition: topic ids are the ranks of the sorted names, so numbers compare as the names do
  // (usually in order already, as snapshots list them: checked in one pass)
  const byTopic = (a: WorkPartition, b: WorkPartition) => a.topicId - b.topicId || a.partition - b.partition;
  let sorted = true;
  for (let i = 1; i < changed.length && sorted; i++) if (byTopic(changed[i - 1], changed[i]) > 0) sorted = false;
  if (!sorted) changed.sort(byTopic);
  return changed.map((p) => ({
    topic: p.topic,
    partition: p.partition,
    bytes: p.bytes,
    before: p.original,
    // the state's own list: the plan is its last user
    after: p.replicas,
    currentLeader: p.leader,
    added: missingFrom(p.replicas, p.original),
    removed: missingFrom(p.original, p.replicas),
    leaderChanged: p.original[0] !== p.replicas[0],
    reason: p.reason ?? 'leader',
  }));
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The ids of `list` that `other` lacks, in list order, in an array of exactly that length (300k moves: no slack). */
function missingFrom(list: readonly number[], other: readonly number[]): number[] {
  let n = 0;
  for (const r of list) if (!other.includes(r)) n++;
  const out = new Array<number>(n);
  n = 0;
  for (const r of list) if (!other.includes(r)) out[n++] = r;
  return out;
}
