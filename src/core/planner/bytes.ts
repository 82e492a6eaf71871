// Phase 2 of the planner, bytes: move replicas from the most loaded to the least loaded broker, best fit first,
// never pushing either across the mean when a replica that fits exists (so every byte moved closes a gap).

import { CANDIDATES_PER_PAIR, balance } from './balance';
import { canReceive, firstAtMost, meanBytes, moveReplica, type PlannerState, type WorkBroker, type WorkPartition } from './state';

export function balanceBytes(state: PlannerState): void {
  const { targets } = state;
  const countMean = targets.reduce((s, b) => s + b.count, 0) / targets.length;
  balance(
    targets,
    (b) => b.bytes,
    state.tolerance,
    (src, dst, want, overshootLimit) => {
      const countGap = countMean - dst.count;
      const sizeHint = countGap >= 1 ? (meanBytes(state) - dst.bytes) / countGap : want;
      return pickReplica(state, src, dst, want, overshootLimit, sizeHint);
    },
    (p, from, to) => moveReplica(state, p, from, to, 'bytes'),
  );
}

/**
 * Best fit: the largest movable replica on src no larger than `want`, so the move closes both gaps without
 * pushing either broker across the mean. With `overshootLimit`, the smallest replica above `want` but below
 * the limit (the difference between the two brokers): it still narrows the pair, but moves more than needed.
 */
function pickReplica(
  state: PlannerState,
  src: WorkBroker,
  dst: WorkBroker,
  want: number,
  overshootLimit?: number,
  sizeHint?: number,
): WorkPartition | undefined {
  const list = src.movable;
  const start = firstAtMost(list, want);
  if (overshootLimit === undefined) {
    // Among replicas that fit (<= want), prefer the one closest to `sizeHint`: filling a gap with replicas of
    // the right average size also balances replica counts, so the count phase has little left to move.
    const hint = Math.min(sizeHint ?? want, want);
    const mid = Math.max(start, firstAtMost(list, hint));
    let best: WorkPartition | undefined;
    let bestDistance = Infinity;
    for (let i = mid, tried = 0; i < list.length && tried < CANDIDATES_PER_PAIR; i++, tried++) {
      if (list[i].bytes <= 0) break;
      if (canReceive(state, list[i], src.id, dst.id)) {
        best = list[i];
        bestDistance = hint - list[i].bytes;
        break;
      }
    }
    for (let i = mid - 1, tried = 0; i >= start && tried < CANDIDATES_PER_PAIR; i--, tried++) {
      if (list[i].bytes - hint >= bestDistance) break;
      if (canReceive(state, list[i], src.id, dst.id)) {
        best = list[i];
        break;
      }
    }
    return best;
  }
  for (let i = start - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++) {
    if (list[i].bytes >= overshootLimit) break;
    if (canReceive(state, list[i], src.id, dst.id)) return list[i];
  }
  return undefined;
}
