// The replica-count phase: the same greedy rounds on counts, moving the smallest replicas (the cheapest) and never
// making a higher goal (bytes, network in) worse.

import { CANDIDATES_PER_PAIR, balance, guardsKeep, keeps, type Metric } from './balance';
import { BYTES_AIM } from './bytes';
import { canReceive, moveReplica, type PlannerState, type WorkBroker } from './state';

export function balanceCounts(state: PlannerState, counts: Metric, guards: readonly Metric[]): void {
  balance(
    state.targets,
    counts,
    BYTES_AIM,
    (src, dst) => {
      // a destination already at the top of a higher goal's band takes nothing that goal weighs: skip the pair
      if (guards.some((g) => !keeps(g, dst, smallestWeight(src, g)))) return undefined;
      for (let i = src.movable.length - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++) {
        const p = src.movable.get(i);
        if (canReceive(state, p, src.id, dst.id) && guardsKeep(guards, src, dst, p)) return p;
      }
      return undefined;
    },
    (p, from, to) => moveReplica(state, p, from, to, 'count'),
  );
}

/** The smallest weight of a higher goal among the replicas the count phase tries first (the smallest by bytes). */
function smallestWeight(src: WorkBroker, g: Metric): number {
  let min = Infinity;
  for (let i = src.movable.length - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++)
    min = Math.min(min, g.weight(src.movable.get(i)));
  return min === Infinity ? 0 : min;
}
