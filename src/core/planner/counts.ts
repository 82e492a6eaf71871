// The replica-count phase: the same greedy rounds on counts, moving the smallest replicas (the cheapest) and never
// making a higher goal (bytes, network in) worse.

import { CANDIDATES_PER_PAIR, balance, guardsKeep, type Metric } from './balance';
import { BYTES_AIM } from './bytes';
import { canReceive, moveReplica, type PlannerState } from './state';

export function balanceCounts(state: PlannerState, counts: Metric, guards: readonly Metric[]): void {
  balance(
    state.targets,
    counts,
    BYTES_AIM,
    (src, dst) => {
      for (let i = src.movable.length - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++) {
        const p = src.movable[i];
        if (canReceive(state, p, src.id, dst.id) && guardsKeep(guards, src, dst, p)) return p;
      }
      return undefined;
    },
    (p, from, to) => moveReplica(state, p, from, to, 'count'),
  );
}
