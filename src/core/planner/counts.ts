// Phase 3 of the planner, replica counts: the same greedy rounds on counts, moving the smallest replicas and never
// pushing a broker's bytes out of the tolerance band the bytes phase reached.

import { CANDIDATES_PER_PAIR, balance } from './balance';
import { canReceive, meanBytes, moveReplica, type PlannerState } from './state';

export function balanceCounts(state: PlannerState): void {
  const bytesMean = meanBytes(state);
  const bytesBand = state.tolerance * bytesMean;
  balance(
    state.targets,
    (b) => b.count,
    state.tolerance,
    (src, dst) => {
      // the smallest replicas first, keeping both brokers' bytes inside the band
      for (let i = src.movable.length - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++) {
        const p = src.movable[i];
        if (p.bytes > 0 && (src.bytes - p.bytes < bytesMean - bytesBand || dst.bytes + p.bytes > bytesMean + bytesBand)) continue;
        if (canReceive(state, p, src.id, dst.id)) return p;
      }
      return undefined;
    },
    (p, from, to) => moveReplica(state, p, from, to, 'count'),
    1,
  );
}
