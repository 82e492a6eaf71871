// The greedy rounds the replica-moving phases share (bytes, network in, replica counts): fill the brokers below their
// target from the ones above it with moves that close both gaps, overshooting only when nothing fits; then, when a
// broker is still outside the band (few big partitions), a search over single moves and swaps (Cruise Control's swap
// moves) for the one that most reduces the worst deviation. Every move passes `accept`: the hard goals and every
// higher goal's guard (a soft goal never makes a higher one worse).

import { canReceive, firstAtMost, type IndexedReplicas, type PlannerState, type WorkBroker, type WorkPartition } from './state';

/** How many candidate replicas one broker pair examines before giving up on the pair (bounds the time). */
export const CANDIDATES_PER_PAIR = 48;

/**
 * Swap partners of about the same size a replica examines on the other broker (each side of its size), when a goal
 * other than bytes searches swaps: a hot replica for a colder one of its size moves rate and leaves the bytes in place.
 */
const SAME_SIZE_PARTNERS = 16;

/** A per-replica additive load (bytes, network in, replica count) with a target and a band per broker. */
export interface Metric {
  /** The load of one replica of p. */
  weight: (p: WorkPartition) => number;
  load: (b: WorkBroker) => number;
  /** Target and band by broker id (band: how far from the target still counts as balanced). */
  target: Map<number, number>;
  band: Map<number, number>;
  /** The same by broker slot (WorkBroker.slot), NaN for a broker without a target: what the hot paths read. */
  targetAt: Float64Array;
  bandAt: Float64Array;
}

/**
 * Guard of a higher goal: a change of `delta` on broker b is fine when b ends within the band, or no further from its
 * target than before (so the goal's worst deviation never grows).
 */
export function keeps(m: Metric, b: WorkBroker, delta: number): boolean {
  if (delta === 0) return true;
  const t = m.targetAt[b.slot];
  if (t !== t) return true; // NaN: no target
  const before = m.load(b) - t;
  const after = before + delta;
  return Math.abs(after) <= Math.max(m.bandAt[b.slot], Math.abs(before)) * (1 + 1e-12) + 1e-9;
}

/** All higher goals keep their balance when p moves from a to b (and q, if given, from b to a). */
export function guardsKeep(guards: readonly Metric[], a: WorkBroker, b: WorkBroker, p: WorkPartition, q?: WorkPartition): boolean {
  for (const g of guards) {
    const d = g.weight(p) - (q ? g.weight(q) : 0);
    if (!keeps(g, a, -d) || !keeps(g, b, d)) return false;
  }
  return true;
}

/**
 * Greedy balancing of one metric in rounds. Each round orders the brokers by their deviation from their target, then
 * fills the ones below it from the ones above it with moves that fit inside both gaps (every unit moved closes a gap,
 * which keeps the total near the lower bound), aiming at `aimFraction` of each broker's band. Only when no fitting move
 * is left does it take one overshooting move that still narrows the widest pair outside the band.
 */
export function balance(
  brokers: WorkBroker[],
  metric: Metric,
  aimFraction: number,
  pick: (src: WorkBroker, dst: WorkBroker, want: number, overshootLimit?: number, enough?: number) => WorkPartition | undefined,
  apply: (p: WorkPartition, from: number, to: number) => void,
): void {
  const n = brokers.length;
  if (n < 2) return;
  // by broker slot
  let slots = 0;
  for (const b of brokers) slots = Math.max(slots, b.slot + 1);
  const target = new Float64Array(slots);
  const band = new Float64Array(slots);
  const aim = new Float64Array(slots);
  for (const b of brokers) {
    target[b.slot] = metric.target.get(b.id) ?? 0;
    band[b.slot] = metric.band.get(b.id) ?? 0;
    aim[b.slot] = band[b.slot] * aimFraction;
  }
  const dev = (b: WorkBroker) => metric.load(b) - target[b.slot];
  // First only what must move on both sides: the excess outside the aim of a broker above it into the shortfall of a
  // broker below it (no byte moved that either side could keep); then the rounds on the whole gaps.
  fill(brokers, dev, aim, true, pick, apply);
  const maxRounds = 10 * n + 100;
  for (let round = 0; round < maxRounds; round++) {
    if (brokers.every((b) => Math.abs(dev(b)) <= aim[b.slot])) return;
    const { moved, under, over } = fill(brokers, dev, aim, false, pick, apply);
    if (moved > 0) continue;
    // No fitting move: one overshooting move on the widest pair that is outside the band.
    let overshoot = false;
    outer: for (const src of over) {
      for (const dst of under) {
        if (dev(src) <= band[src.slot] && -dev(dst) <= band[dst.slot]) continue;
        const p = pick(src, dst, Math.min(dev(src), -dev(dst)), dev(src) - dev(dst));
        if (p) {
          apply(p, src.id, dst.id);
          overshoot = true;
          break outer;
        }
      }
    }
    if (!overshoot) return;
  }
}

/** One round of fills from the brokers above their target to the ones below it, largest gaps first. */
function fill(
  brokers: WorkBroker[],
  dev: (b: WorkBroker) => number,
  aim: Float64Array,
  excessOnly: boolean,
  pick: (src: WorkBroker, dst: WorkBroker, want: number, overshootLimit?: number, enough?: number) => WorkPartition | undefined,
  apply: (p: WorkPartition, from: number, to: number) => void,
): { moved: number; under: WorkBroker[]; over: WorkBroker[] } {
  const under = brokers.filter((b) => dev(b) < 0).sort((a, b) => dev(a) - dev(b) || a.id - b.id);
  const over = brokers.filter((b) => dev(b) > 0).sort((a, b) => dev(b) - dev(a) || a.id - b.id);
  let moved = 0;
  for (const dst of under) {
    const di = dst.slot;
    for (const src of over) {
      const si = src.slot;
      for (;;) {
        const gapDst = -dev(dst);
        const gapSrc = dev(src);
        if (gapDst <= 0 || gapSrc <= 0 || (gapSrc <= aim[si] && gapDst <= aim[di])) break;
        const want = excessOnly ? Math.min(gapSrc - aim[si], gapDst - aim[di]) : Math.min(gapSrc, gapDst);
        if (want <= 0) break;
        // the least that brings both inside their aim: a replica between it and `want` finishes the pair
        const enough = excessOnly ? want : Math.max(gapSrc - aim[si], gapDst - aim[di], 0);
        const p = pick(src, dst, want, undefined, enough);
        if (!p) break;
        apply(p, src.id, dst.id);
        moved++;
      }
      if (-dev(dst) <= aim[di]) break;
    }
  }
  return { moved, under, over };
}

/** Index of the first replica with weight <= limit in a list sorted by weight descending (the movable lists: bytes). */
function firstAtMostBy(list: IndexedReplicas, limit: number, weight: (p: WorkPartition) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (weight(list.get(mid)) > limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Candidate {
  giver: WorkBroker;
  receiver: WorkBroker;
  p: WorkPartition;
  q?: WorkPartition;
  score: number;
  cost: number;
  /** Gain in the worst deviation per byte copied (the searches of goals other than bytes). */
  value: number;
}

/** Bytes that moving p's replica from one broker to another adds to the plan: its size, none when it returns home, less when it leaves a broker it was copied to. */
export function copied(p: WorkPartition, from: number, to: number): number {
  return p.bytes * ((p.original.includes(to) ? 0 : 1) - (p.original.includes(from) ? 0 : 1));
}

/**
 * When brokers are still outside the band (few big partitions: no move fits inside both gaps), search the single moves
 * and swaps that most reduce the worst deviation (normalised by the band), one at a time, while the worst broker
 * improves. A swap exchanges a replica of the worst broker with a smaller (or larger) one of another broker, so the
 * difference moves. At equal balance the cheaper change (fewer bytes copied) wins. `sorted` gives a broker's movable
 * replicas sorted by the metric's weight, descending (the movable lists themselves for bytes). For such a goal (not
 * bytes) swaps also pair replicas of about the same size, and the change with the most gain per byte it adds to the
 * plan wins (gain: the band units the two brokers end outside their band, less than before).
 */
export function improveWorst(
  state: PlannerState,
  metric: Metric,
  guards: readonly Metric[],
  applyMove: (p: WorkPartition, from: number, to: number) => void,
  maxSteps: number,
  sortedBy?: (b: WorkBroker) => WorkPartition[],
  window = 12,
): number {
  const cache = new Map<number, IndexedReplicas>();
  const sorted = (b: WorkBroker): IndexedReplicas => {
    if (!sortedBy) return b.movable;
    let l = cache.get(b.id);
    if (!l) {
      const arr = sortedBy(b);
      cache.set(b.id, (l = { length: arr.length, get: (i: number) => arr[i] }));
    }
    return l;
  };
  const apply = (p: WorkPartition, from: number, to: number) => {
    applyMove(p, from, to);
    cache.delete(from);
    cache.delete(to);
  };
  const brokers = state.targets;
  if (brokers.length < 2) return 0;
  const w = metric.weight;
  const targetOf = (b: WorkBroker) => {
    const t = metric.targetAt[b.slot];
    return t === t ? t : 0;
  };
  const norm = (b: WorkBroker, load = metric.load(b)) => {
    const band = metric.bandAt[b.slot];
    const d = load - targetOf(b);
    return band > 0 ? Math.abs(d) / band : d === 0 ? 0 : Infinity;
  };
  let steps = 0;
  const tried = new Set<number>();
  for (; steps < maxSteps; steps++) {
    let worst: WorkBroker | undefined;
    for (const b of brokers)
      if (!tried.has(b.id) && norm(b) > 1 && (!worst || norm(b) > norm(worst) || (norm(b) === norm(worst) && b.id < worst.id))) worst = b;
    if (!worst) return steps;
    const worstScore = norm(worst);
    const over = metric.load(worst) > targetOf(worst);
    let best: Candidate | undefined;
    const consider = (giver: WorkBroker, receiver: WorkBroker, p: WorkPartition, q?: WorkPartition) => {
      if (q && q.topic === p.topic && q.partition === p.partition) return;
      const s = w(p) - (q ? w(q) : 0);
      if (s <= 0) return;
      const score = Math.max(norm(giver, metric.load(giver) - s), norm(receiver, metric.load(receiver) + s));
      if (score >= worstScore * (1 - 1e-9)) return;
      let cost: number;
      let value = 0;
      if (sortedBy) {
        // bytes this adds to the plan (a replica back where it started copies nothing), and the gain per byte
        cost = copied(p, giver.id, receiver.id) + (q ? copied(q, receiver.id, giver.id) : 0);
        const ex = (x: number) => Math.max(0, x - 1);
        const gain =
          ex(norm(giver)) + ex(norm(receiver)) - ex(norm(giver, metric.load(giver) - s)) - ex(norm(receiver, metric.load(receiver) + s));
        value = gain / (Math.max(0, cost) + 1);
        if (!(value > 0)) return;
        if (best && (value < best.value * (1 - 1e-9) || (value <= best.value * (1 + 1e-9) && score >= best.score))) return;
      } else {
        cost = p.bytes + (q ? q.bytes : 0);
        if (best && (score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && cost >= best.cost))) return;
      }
      if (!canReceive(state, p, giver.id, receiver.id)) return;
      if (q && !canReceive(state, q, receiver.id, giver.id)) return;
      if (!guardsKeep(guards, giver, receiver, p, q)) return;
      best = { giver, receiver, p, q, score, cost, value };
    };
    for (const other of sortedBy
      ? furthest(brokers, worst, over, (b) => (metric.load(b) - targetOf(b)) / (metric.bandAt[b.slot] || 1))
      : brokers) {
      if (other === worst || !other.allowed) continue;
      const giver = over ? worst : other;
      const receiver = over ? other : worst;
      if (!receiver.allowed) continue;
      const bg = metric.bandAt[giver.slot];
      const br = metric.bandAt[receiver.slot];
      const dg = metric.load(giver) - targetOf(giver);
      const dr = metric.load(receiver) - targetOf(receiver);
      if (dg - dr <= 0) continue;
      // the amount that leaves both equally far from their targets, in units of their bands
      const ideal = bg + br > 0 ? (dg * br - dr * bg) / (bg + br) : (dg - dr) / 2;
      const gl = sorted(giver);
      const at = firstAtMostBy(gl, ideal, w);
      for (let i = Math.max(0, at - window); i < Math.min(gl.length, at + window); i++) consider(giver, receiver, gl.get(i));
      // swaps: p from the giver, q back from the receiver, so that w(p) - w(q) is near the ideal
      const rl = sorted(receiver);
      if (rl.length === 0) continue;
      // the receiver's replicas by bytes (its movable list): partners of about p's size, so the bytes stay where they are
      const rb = receiver.movable;
      for (let i = Math.max(0, at - window); i < Math.min(gl.length, at + window); i++) {
        const p = gl.get(i);
        const j = firstAtMostBy(rl, w(p) - ideal, w);
        for (let k = Math.max(0, j - 2); k < Math.min(rl.length, j + 2); k++) consider(giver, receiver, p, rl.get(k));
        if (!sortedBy) continue;
        const b = firstAtMost(rb, p.bytes);
        for (let k = Math.max(0, b - SAME_SIZE_PARTNERS); k < Math.min(rb.length, b + SAME_SIZE_PARTNERS); k++)
          consider(giver, receiver, p, rb.get(k));
      }
    }
    if (!best) {
      tried.add(worst.id);
      continue;
    }
    const chosen: Candidate = best;
    apply(chosen.p, chosen.giver.id, chosen.receiver.id);
    if (chosen.q) apply(chosen.q, chosen.receiver.id, chosen.giver.id);
    tried.clear();
  }
  return steps;
}

/** Brokers a search of goals other than bytes pairs with the worst broker, at most (the furthest on the other side). */
const PARTNER_BROKERS = 12;

/**
 * The brokers to pair with `worst`: all of them in a small cluster, else the PARTNER_BROKERS furthest from their target
 * on the other side (the most under it when `worst` is over), where a change gains the most: the search per step stays
 * bounded on hundreds of brokers.
 */
export function furthest(
  brokers: readonly WorkBroker[],
  worst: WorkBroker,
  over: boolean,
  deviation: (b: WorkBroker) => number,
  limit = PARTNER_BROKERS,
): readonly WorkBroker[] {
  if (brokers.length <= limit + 1) return brokers;
  const sign = over ? 1 : -1;
  return brokers
    .filter((b) => b !== worst && b.allowed)
    .map((b) => ({ b, d: sign * deviation(b) }))
    .sort((x, y) => x.d - y.d || x.b.id - y.b.id)
    .slice(0, limit)
    .map((x) => x.b);
}

export { firstAtMost };
