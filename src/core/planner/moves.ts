// The plan's moves: every partition whose replica list changed, with the brokers that receive a copy, the copies
// deleted, whether the preferred leader changes and why the planner touched it; sorted by topic, then partition.

import type { PlannerState } from './state';
import type { PartitionMove } from './types';

export function collectMoves(state: PlannerState): PartitionMove[] {
  const moves: PartitionMove[] = [];
  for (const p of state.partitions) {
    const same = p.original.length === p.replicas.length && p.original.every((r, i) => r === p.replicas[i]);
    if (same) continue;
    const added = p.replicas.filter((r) => !p.original.includes(r));
    const removed = p.original.filter((r) => !p.replicas.includes(r));
    moves.push({
      topic: p.topic,
      partition: p.partition,
      bytes: p.bytes,
      before: p.original,
      after: [...p.replicas],
      currentLeader: p.leader,
      added,
      removed,
      leaderChanged: p.original[0] !== p.replicas[0],
      reason: p.reason ?? 'leader',
    });
  }
  moves.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  return moves;
}
