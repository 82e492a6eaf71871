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
  type ReplicaList,
  type TopicSpread,
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
    return best && state.topicSpread ? spreadingAlternative(state, state.topicSpread, list, start, mid, src, dst, best, ok, hint) : best;
  }
  for (let i = start - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++) {
    if (list.get(i).bytes >= overshootLimit) break;
    if (ok(list.get(i))) return list.get(i);
  }
  return undefined;
}

/** Replicas nearest in size to the best fit that the topic-spread preference looks at. */
const SPREAD_WINDOW = 64;
/**
 * How much further from the count-balancing size (`sizeHint`) than the best fit an alternative may be, as a fraction
 * of that size: the replica goal, which comes before topic spread, keeps about what the best fit gave it.
 */
const SPREAD_SLACK = 0.1;

/**
 * Among the replicas that fit (positions >= start) nearest in size to the best fit, and about as near the
 * count-balancing size (`hint`), the nearest one whose move also spreads its topic (`TopicSpread.gain`) better than the
 * best fit's does: any of them closes both byte gaps, so the disk goal is served the same, and the topic-spread goal
 * has fewer replicas to move later (each of which would copy bytes the disk goal did not need).
 */
function spreadingAlternative(
  state: PlannerState,
  spread: TopicSpread,
  list: ReplicaList,
  start: number,
  mid: number,
  src: WorkBroker,
  dst: WorkBroker,
  best: WorkPartition,
  ok: (p: WorkPartition) => boolean,
  hint: number,
): WorkPartition {
  let bestGain = spread.gain(best.topicId, src.slot, dst.slot);
  // a better one takes a replica off a topic above its limit on src: none when src has none
  if (bestGain >= 1 || (bestGain === 0 && spread.excessBySlot[src.slot] === 0)) return best;
  // (sizes and topics read from the by-rank columns: a partition object is read only for a candidate that gains)
  const { bytesByRank: bytes, topicByRank: topic } = state;
  let choice = best;
  let up = mid - 1; // larger replicas (down to `start`)
  let down = mid; // smaller ones
  const size = best.bytes;
  const reach = Math.abs(size - hint) + SPREAD_SLACK * hint;
  for (let n = 0; n < SPREAD_WINDOW; n++) {
    const canUp = up >= start;
    const canDown = down < list.length && bytes[list.rankAt(down)] > 0;
    if (!canUp && !canDown) break;
    const takeUp = canUp && (!canDown || bytes[list.rankAt(up)] - size <= size - bytes[list.rankAt(down)]);
    const r = list.rankAt(takeUp ? up-- : down++);
    if (r === best.rank) continue;
    if (Math.abs(bytes[r] - hint) > reach) break;
    const g = spread.gain(topic[r], src.slot, dst.slot);
    if (g > bestGain && ok(state.byRank[r])) {
      choice = state.byRank[r];
      bestGain = g;
      if (g >= 1) break;
    }
  }
  return choice;
}
