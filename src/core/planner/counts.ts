// The replica-count phase: the same greedy rounds on counts, moving the smallest replicas (the cheapest) and never
// making a higher goal (bytes, network in) worse; then, for brokers still outside the band, exchanges of two replicas
// for one of about their combined size (a move of one replica's worth of count with the bytes and rate in place).

import { CANDIDATES_PER_PAIR, balance, copied, furthest, guardsKeep, keeps, type Metric } from './balance';
import { BYTES_AIM } from './bytes';
import { canReceive, firstAtMost, moveReplica, type PlannerState, type WorkBroker, type WorkPartition } from './state';

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
  if (guards.length) exchangeTwoForOne(state, counts, guards, 4 * state.targets.length + 20);
}

/** Smallest replicas of the giver tried as the first of the two (the second is found by size). */
const EXCHANGE_FIRST = 4;
/** Replicas of the receiver tried as the one sent back, and sizes tried each side of the second's ideal size. */
const EXCHANGE_BACK = 16;
const EXCHANGE_SECOND = 3;
/** Brokers an exchange pairs with the worst one, at most (the furthest on the other side; all in a small cluster). */
const EXCHANGE_PARTNERS = 48;

interface Exchange {
  giver: WorkBroker;
  receiver: WorkBroker;
  p1: WorkPartition;
  p2: WorkPartition;
  q: WorkPartition;
  value: number;
}

/**
 * When a broker stays outside its replica-count band because every single move would push a higher goal (bytes,
 * network in) out of its band, exchange two replicas of one broker for one of the other's of about their combined size:
 * counts move by one, while bytes and rate move by the difference only, which the higher goals' guards judge. Takes the
 * exchange with the most gain (band units outside the band, less than before) per byte it adds to the plan, while the
 * worst broker improves.
 */
function exchangeTwoForOne(state: PlannerState, counts: Metric, guards: readonly Metric[], maxSteps: number): void {
  const brokers = state.targets;
  const dev = (b: WorkBroker, delta = 0) => b.count + delta - counts.targetAt[b.slot];
  const norm = (b: WorkBroker, delta = 0) => {
    const band = counts.bandAt[b.slot];
    return band > 0 ? Math.abs(dev(b, delta)) / band : 0;
  };
  const tried = new Set<number>();
  for (let step = 0; step < maxSteps; step++) {
    let worst: WorkBroker | undefined;
    for (const b of brokers)
      if (!tried.has(b.id) && b.allowed && norm(b) > 1 && (!worst || norm(b) > norm(worst) || (norm(b) === norm(worst) && b.id < worst.id)))
        worst = b;
    if (!worst) return;
    const worstScore = norm(worst);
    const over = dev(worst) > 0;
    let best: Exchange | undefined;
    for (const other of furthest(brokers, worst, over, (b) => dev(b) / (counts.bandAt[b.slot] || 1), EXCHANGE_PARTNERS)) {
      if (other === worst || !other.allowed) continue;
      const giver = over ? worst : other;
      const receiver = over ? other : worst;
      // the giver loses one replica, the receiver gains one: only worth it when that narrows the pair
      if (dev(giver) - dev(receiver) < 2) continue;
      const score = Math.max(norm(giver, -1), norm(receiver, 1));
      if (score >= worstScore * (1 - 1e-9)) continue;
      const ex = (x: number) => Math.max(0, x - 1);
      const gain = ex(norm(giver)) + ex(norm(receiver)) - ex(norm(giver, -1)) - ex(norm(receiver, 1));
      if (!(gain > 0)) continue;
      const gl = giver.movable;
      const rl = receiver.movable;
      if (gl.length < 2 || rl.length === 0) continue;
      for (let a = gl.length - 1, n1 = 0; a >= 0 && n1 < EXCHANGE_FIRST; a--, n1++) {
        const p1 = gl.get(a);
        if (!canReceive(state, p1, giver.id, receiver.id)) continue;
        // the one sent back: the receiver's replicas from the smallest that is larger than p1 upward
        const larger = firstAtMost(rl, p1.bytes) - 1;
        for (let k = 0; k < EXCHANGE_BACK && larger - k >= 0; k++) {
          const q = rl.get(larger - k);
          const j = firstAtMost(gl, q.bytes - p1.bytes);
          for (let b = Math.max(0, j - EXCHANGE_SECOND); b < Math.min(gl.length, j + EXCHANGE_SECOND); b++) {
            const p2 = gl.get(b);
            if (p2 === p1 || p2 === q || p1 === q) continue;
            const cost = copied(p1, giver.id, receiver.id) + copied(p2, giver.id, receiver.id) + copied(q, receiver.id, giver.id);
            const value = gain / (Math.max(0, cost) + 1);
            if (best && value <= best.value) continue;
            if (!keepsAll(guards, giver, receiver, p1, p2, q)) continue;
            if (!canReceive(state, p2, giver.id, receiver.id) || !canReceive(state, q, receiver.id, giver.id)) continue;
            if (!withinCapacity(giver, receiver, p1, p2, q)) continue;
            best = { giver, receiver, p1, p2, q, value };
          }
        }
      }
    }
    if (!best) {
      tried.add(worst.id);
      continue;
    }
    moveReplica(state, best.p1, best.giver.id, best.receiver.id, 'count');
    moveReplica(state, best.p2, best.giver.id, best.receiver.id, 'count');
    moveReplica(state, best.q, best.receiver.id, best.giver.id, 'count');
    tried.clear();
  }
}

/**
 * The three moves together keep both brokers within their disk and network-in capacity (canReceive checks each move
 * alone, on the loads before the others).
 */
function withinCapacity(giver: WorkBroker, receiver: WorkBroker, p1: WorkPartition, p2: WorkPartition, q: WorkPartition): boolean {
  const bytes = p1.bytes + p2.bytes - q.bytes;
  const rate = p1.rate + p2.rate - q.rate;
  // a broker whose load does not grow is fine, even above its capacity (the exchange does not make that worse)
  const fits = (b: WorkBroker, sign: number) =>
    (sign * bytes <= 0 || b.bytes + sign * bytes <= b.diskCap) && (sign * rate <= 0 || b.nwIn + sign * rate <= b.nwInCap);
  return fits(receiver, 1) && fits(giver, -1);
}

/** Every higher goal keeps its balance when p1 and p2 go from the giver to the receiver and q comes back. */
function keepsAll(
  guards: readonly Metric[],
  giver: WorkBroker,
  receiver: WorkBroker,
  p1: WorkPartition,
  p2: WorkPartition,
  q: WorkPartition,
): boolean {
  for (const g of guards) {
    const d = g.weight(p1) + g.weight(p2) - g.weight(q);
    if (!keeps(g, giver, -d) || !keeps(g, receiver, d)) return false;
  }
  return true;
}

/** The smallest weight of a higher goal among the replicas the count phase tries first (the smallest by bytes). */
function smallestWeight(src: WorkBroker, g: Metric): number {
  let min = Infinity;
  for (let i = src.movable.length - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++)
    min = Math.min(min, g.weight(src.movable.get(i)));
  return min === Infinity ? 0 : min;
}
