// The topic-spread goal (Cruise Control's TopicReplicaDistributionGoal): a topic's replicas spread evenly, so no
// broker holds more of one topic than its share and a hot topic never sits on a few brokers. A broker's share of topic
// t is its fraction of all replicas (its rack-aware replica target over the total) times t's replicas; the limit is
// that share plus the tolerance, rounded up (a topic whose replicas do not divide evenly over the brokers puts
// ceil(share) on some of them, which the rounding allows).
//
// The higher replica goals already prefer, among replicas that serve them equally, one whose topic is above its limit
// on the source and below it on the destination (`TopicSpread.gain`), so most of the spread comes with the bytes that
// had to move anyway. This phase moves what is left: each excess replica, smallest first, to a broker below its limit
// of that topic; when every such move would make a higher goal worse, a swap with a replica of another topic of about
// the same size and rate, which keeps the higher goals where they are. Never makes a higher goal worse.

import { guardsKeep, type Metric } from './balance';
import { canReceive, firstAtMost, moveReplica, TopicSpread, type PlannerState, type WorkBroker, type WorkPartition } from './state';
import type { PlannerMetrics } from './targets';

/**
 * The factor of each broker's limit: its share of all replicas (its rack-aware replica target over their total)
 * times 1 + tolerance. A topic with n replicas may have ceil(n x factor) of them on the broker (`topicLimit`).
 */
export function topicLimitFactor(state: PlannerState, metrics: PlannerMetrics): (broker: number) => number {
  let total = 0;
  for (const v of metrics.replicas.target.values()) total += v;
  return (broker) => (total > 0 ? ((metrics.replicas.target.get(broker) ?? 0) / total) * (1 + state.tolerance) : 0);
}

/** The limit of a topic with n replicas on a broker with the given factor: rounded up. */
export function topicLimit(n: number, factor: number): number {
  return Math.ceil(n * factor - 1e-9);
}

/**
 * Counts replicas per topic and broker as they stand (or, with `replicasOf`, as another list says: the report's
 * "before"), with their limits; moveReplica keeps the counts of the state's own.
 */
export function createTopicSpread(
  state: PlannerState,
  metrics: PlannerMetrics,
  replicasOf: (p: WorkPartition) => readonly number[] = (p) => p.replicas,
): TopicSpread {
  let topics = 0;
  for (const p of state.partitions) topics = Math.max(topics, p.topicId + 1);
  const replicas = new Float64Array(topics);
  for (const p of state.partitions) replicas[p.topicId] += p.replicas.length;
  const factorOf = topicLimitFactor(state, metrics);
  const factor = new Float64Array(state.brokers.size);
  for (const b of state.brokers.values()) factor[b.slot] = factorOf(b.id);
  const spread = new TopicSpread(state.brokers.size, topics, (t, s) => topicLimit(replicas[t], factor[s]));
  for (const p of state.partitions)
    for (const r of replicasOf(p)) {
      const b = state.brokers.get(r);
      if (b) spread.add(p.topicId, b.slot, 1);
    }
  return spread;
}

export function spreadTopics(state: PlannerState, metrics: PlannerMetrics, guards: readonly Metric[]): void {
  const spread = (state.topicSpread ??= createTopicSpread(state, metrics));
  // every replica above its topic's limit, smallest first (the cheapest to move): keys rank x slots + slot sorted as
  // numbers (rank orders by bytes descending), not objects
  const slots = state.brokers.size;
  const byRank = new Array<WorkPartition>(state.partitions.length);
  const keys: number[] = [];
  for (const p of state.partitions) {
    byRank[p.rank] = p;
    if (!p.movable || p.drainOnly || p.leader < 0) continue;
    for (const r of p.replicas) {
      const b = state.brokers.get(r);
      if (b?.allowed && spread.excess(p.topicId, b.slot) > 0) keys.push(p.rank * slots + b.slot);
    }
  }
  if (keys.length === 0) return;
  const order = Float64Array.from(keys).sort().reverse();
  const bySlot = new Array<WorkBroker>(slots);
  for (const b of state.brokers.values()) bySlot[b.slot] = b;
  const excess = Array.from(order, (k) => ({ p: byRank[Math.floor(k / slots)], from: bySlot[k % slots] }));
  const targets = state.targets;
  let cursor = 0;
  const left: { p: WorkPartition; from: WorkBroker }[] = [];
  for (const e of excess) {
    const { p, from } = e;
    const t = p.topicId;
    if (spread.excess(t, from.slot) === 0 || !p.replicas.includes(from.id)) continue;
    // destinations below their limit of this topic, from a rotating start so the excess spreads over them
    let moved = false;
    for (let k = 0, tried = 0; k < targets.length && tried < DESTINATIONS_PER_REPLICA; k++) {
      const dst = targets[(cursor + k) % targets.length];
      if (dst === from || spread.room(t, dst.slot) < 1) continue;
      tried++;
      if (!canReceive(state, p, from.id, dst.id) || !guardsKeep(guards, from, dst, p)) continue;
      moveReplica(state, p, from.id, dst.id, 'topic-spread');
      cursor = (cursor + k + 1) % targets.length;
      moved = true;
      break;
    }
    if (!moved) left.push(e);
  }
  for (const { p, from } of left) {
    if (spread.excess(p.topicId, from.slot) === 0 || !p.replicas.includes(from.id)) continue;
    swapOut(state, spread, guards, p, from);
  }
}

/** Destinations tried per excess replica (among the brokers below their limit of its topic): bounds the time. */
const DESTINATIONS_PER_REPLICA = 48;
/** Replicas of a destination (nearest in bytes) tried as the other half of a swap. */
const SWAP_WINDOW = 8;

/**
 * Swaps p (a replica of topic t above its limit on `from`) with a replica q of another topic on a broker below its
 * limit of t, q's topic staying within its limit on `from`: of about p's size, so the higher goals stay where they are.
 * The first swap that keeps every hard and higher goal, the destinations tried in id order from a rotating start.
 */
function swapOut(state: PlannerState, spread: TopicSpread, guards: readonly Metric[], p: WorkPartition, from: WorkBroker): boolean {
  const t = p.topicId;
  const targets = state.targets;
  const start = (p.rank * 7919) % targets.length;
  for (let k = 0, tried = 0; k < targets.length && tried < DESTINATIONS_PER_REPLICA; k++) {
    const dst = targets[(start + k) % targets.length];
    if (dst === from || spread.room(t, dst.slot) < 1) continue;
    tried++;
    if (!canReceive(state, p, from.id, dst.id)) continue;
    const list = dst.movable;
    const at = firstAtMost(list, p.bytes);
    for (let i = Math.max(0, at - SWAP_WINDOW); i < Math.min(list.length, at + SWAP_WINDOW); i++) {
      const q = list.get(i);
      const u = q.topicId;
      if (u === t || q.drainOnly || q.leader < 0 || q.replicas.includes(from.id)) continue;
      // q's topic is above its limit on dst and stays within it on `from`: the swap spreads both topics, so each
      // replica it copies removes one above a limit, as a move does (a swap for one would copy twice the bytes)
      if (spread.room(u, dst.slot) >= 0 || spread.room(u, from.slot) < 1) continue;
      // each checked alone against loads that still hold the other: stricter than the swap needs
      if (!canReceive(state, q, dst.id, from.id) || !guardsKeep(guards, from, dst, p, q)) continue;
      moveReplica(state, p, from.id, dst.id, 'topic-spread');
      moveReplica(state, q, dst.id, from.id, 'topic-spread');
      return true;
    }
  }
  return false;
}
