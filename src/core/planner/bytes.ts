// The bytes phase (the disk goal): move replicas from brokers above their rack-aware target to brokers below it, best
// fit first, never pushing either across its target when a replica that fits exists (so every byte moved closes a
// gap); then moves and swaps for brokers still outside the band (few big partitions).

import { CANDIDATES_PER_PAIR, balance, guardsKeep, improveWorst, type Metric } from './balance';
import {
  canReceive,
  firstAtMost,
  moveReplica,
  type IndexedReplicas,
  type PlannerState,
  type WorkBroker,
  type WorkPartition,
} from './state';

/**
 * Fraction of the band the bytes phase aims at: close to the band's edge, because every byte past it is a byte the
 * lower bound does not need (0.9: results sit within 90 % of the tolerance, and the plan within ~1 % of the bound).
 */
export const BYTES_AIM = 0.9;

export function balanceBytes(state: PlannerState, disk: Metric, counts: Metric, guards: readonly Metric[]): void {
  const apply = (p: WorkPartition, from: number, to: number) => moveReplica(state, p, from, to, 'bytes');
  balance(
    state.targets,
    disk,
    BYTES_AIM,
    (src, dst, want, overshootLimit, enough) => {
      if (overshootLimit === undefined && enough !== undefined && enough > 0 && enough < want) {
        const finishing = smallestBetween(state, guards, src, dst, enough, want);
        if (finishing) return finishing;
      }
      const countGap = counts.targetAt[dst.slot] - dst.count;
      const byteGap = disk.targetAt[dst.slot] - dst.bytes;
      const sizeHint = countGap >= 1 ? byteGap / countGap : want;
      return pickReplica(state, guards, src, dst, want, overshootLimit, sizeHint);
    },
    apply,
  );
  improveWorst(state, disk, guards, apply, 4 * state.targets.length + 20);
}

/** The smallest movable replica on src of at least `low` and at most `high` bytes: the cheapest move that finishes a pair. */
function smallestBetween(
  state: PlannerState,
  guards: readonly Metric[],
  src: WorkBroker,
  dst: WorkBroker,
  low: number,
  high: number,
): WorkPartition | undefined {
  const list = src.movable;
  const start = firstAtMost(list, high);
  const end = firstBelow(list, low);
  for (let i = end - 1, tried = 0; i >= start && tried < CANDIDATES_PER_PAIR; i--, tried++) {
    const p = list.get(i);
    if (canReceive(state, p, src.id, dst.id) && (guards.length === 0 || guardsKeep(guards, src, dst, p))) return p;
  }
  return undefined;
}

/** Index of the first replica with fewer than `limit` bytes in a list sorted by bytes descending. */
function firstBelow(list: IndexedReplicas, limit: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.get(mid).bytes >= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Best fit: the largest movable replica on src no larger than `want`, so the move closes both gaps without
 * pushing either broker across its target. With `overshootLimit`, the smallest replica above `want` but below
 * the limit (the difference between the two brokers' deviations): it still narrows the pair, but moves more than needed.
 */
function pickReplica(
  state: PlannerState,
  guards: readonly Metric[],
  src: WorkBroker,
  dst: WorkBroker,
  want: number,
  overshootLimit?: number,
  sizeHint?: number,
): WorkPartition | undefined {
  const list = src.movable;
  const start = firstAtMost(list, want);
  const ok = (p: WorkPartition) => canReceive(state, p, src.id, dst.id) && (guards.length === 0 || guardsKeep(guards, src, dst, p));
  if (overshootLimit === undefined) {
    // Among replicas that fit (<= want), prefer the one closest to `sizeHint`: filling a gap with replicas of
    // the right average size also balances replica counts, so the count phase has little left to move.
    const hint = Math.min(sizeHint ?? want, want);
    const mid = Math.max(start, firstAtMost(list, hint));
    let best: WorkPartition | undefined;
    let bestDistance = Infinity;
    for (let i = mid, tried = 0; i < list.length && tried < CANDIDATES_PER_PAIR; i++, tried++) {
      if (list.get(i).bytes <= 0) break;
      if (ok(list.get(i))) {
        best = list.get(i);
        bestDistance = hint - list.get(i).bytes;
        break;
      }
    }
    for (let i = mid - 1, tried = 0; i >= start && tried < CANDIDATES_PER_PAIR; i--, tried++) {
      if (list.get(i).bytes - hint >= bestDistance) break;
      if (ok(list.get(i))) {
        best = list.get(i);
        break;
      }
    }
    return best;
  }
  for (let i = start - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++) {
    if (list.get(i).bytes >= overshootLimit) break;
    if (ok(list.get(i))) return list.get(i);
  }
  return undefined;
}
