// The plan's moves: every partition whose replica list changed, with the brokers that receive a copy, the copies
// deleted, whether the preferred leader changes and why the planner touched it; sorted by topic, then partition.

import type { PlannerState } from './state';
import type { PartitionMove } from './types';

export function collectMoves(state: PlannerState): PartitionMove[] {
  const moves: PartitionMove[] = [];
  for (const p of state.partitions) {
    if (sameList(p.original, p.replicas)) continue;
    const added = missingFrom(p.replicas, p.original);
    const removed = missingFrom(p.original, p.replicas);
    moves.push({
      topic: p.topic,
      partition: p.partition,
      bytes: p.bytes,
      before: p.original,
      after: p.replicas.slice(),
      currentLeader: p.leader,
      added,
      removed,
      leaderChanged: p.original[0] !== p.replicas[0],
      reason: p.reason ?? 'leader',
    });
  }
  const byTopic = (a: PartitionMove, b: PartitionMove) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);
  // (usually in order already, as snapshots list them: checked in one pass instead of sorting 300,000 moves)
  let sorted = true;
  for (let i = 1; i < moves.length && sorted; i++) if (byTopic(moves[i - 1], moves[i]) > 0) sorted = false;
  if (!sorted) moves.sort(byTopic);
  return moves;
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
