// The network-in phase: network in per broker is the produce rate of every partition it holds a replica of (leaders
// take it from producers, followers from the leader), so only moving replicas changes it; leadership does not. The
// same greedy rounds as the bytes phase, choosing among the replicas with the fewest bytes the one whose rate best fills
// the gap, so a hot partition moves rather than a big one, and never making a higher goal (bytes) worse.

import { balance, guardsKeep, improveWorst, type Metric } from './balance';
import { BYTES_AIM } from './bytes';
import { canReceive, moveReplica, type PlannerState, type WorkBroker, type WorkPartition } from './state';

/** Replicas (fewest bytes first) one broker pair examines: hot partitions are usually not the biggest. */
const RATE_CANDIDATES = 256;

export function balanceNetworkIn(state: PlannerState, nwIn: Metric, guards: readonly Metric[]): void {
  const apply = (p: WorkPartition, from: number, to: number) => moveReplica(state, p, from, to, 'nw-in');
  balance(
    state.targets,
    nwIn,
    BYTES_AIM,
    (src, dst, want, overshootLimit) => {
      let best: WorkPartition | undefined;
      for (let i = src.movable.length - 1, tried = 0; i >= 0 && tried < RATE_CANDIDATES; i--, tried++) {
        const p = src.movable.get(i);
        if (p.rate <= 0) continue;
        const fits = overshootLimit === undefined ? p.rate <= want : p.rate > want && p.rate < overshootLimit;
        if (!fits) continue;
        const better = !best || (overshootLimit === undefined ? p.rate > best.rate : p.rate < best.rate);
        if (!better) continue;
        if (canReceive(state, p, src.id, dst.id) && guardsKeep(guards, src, dst, p)) best = p;
      }
      return best;
    },
    apply,
  );
  // swaps: a hot replica for a cold one of the same size keeps the bytes where they are
  const byRate = (b: WorkBroker) => {
    const list = b.movable.toArray().filter((p) => p.rate > 0 || p.bytes > 0);
    // the keys read once into typed arrays: the sort compares numbers, not partitions scattered in memory
    const n = list.length;
    const rate = new Float64Array(n);
    const bytes = new Float64Array(n);
    const partition = new Float64Array(n);
    const order = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      rate[i] = list[i].rate;
      bytes[i] = list[i].bytes;
      partition[i] = list[i].partition;
      order[i] = i;
    }
    order.sort((x, y) => rate[y] - rate[x] || bytes[x] - bytes[y] || partition[x] - partition[y] || x - y);
    const out = new Array<WorkPartition>(n);
    for (let i = 0; i < n; i++) out[i] = list[order[i]];
    return out;
  };
  // Each broker's list is sorted once; a move then removes the replica from one list and inserts it into the other at
  // its place in the same total order (rate descending, bytes, partition, then rank: the movable lists' order), which
  // gives the list a new sort would.
  const lists = new Map<number, WorkPartition[]>();
  const sortedByRate = (b: WorkBroker) => {
    let l = lists.get(b.id);
    if (!l) lists.set(b.id, (l = byRate(b)));
    return l;
  };
  const before = (x: WorkPartition, y: WorkPartition) =>
    y.rate - x.rate || x.bytes - y.bytes || x.partition - y.partition || x.rank - y.rank;
  const applyKeepingLists = (p: WorkPartition, from: number, to: number) => {
    apply(p, from, to);
    const src = lists.get(from);
    if (src) {
      const at = src.indexOf(p);
      if (at >= 0) src.splice(at, 1);
    }
    const dst = lists.get(to);
    if (dst && !p.drainOnly && (p.rate > 0 || p.bytes > 0)) {
      let lo = 0;
      let hi = dst.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(dst[mid], p) < 0) lo = mid + 1;
        else hi = mid;
      }
      dst.splice(lo, 0, p);
    }
  };
  improveWorst(state, nwIn, guards, applyKeepingLists, 4 * state.targets.length + 20, sortedByRate, 32);
}
