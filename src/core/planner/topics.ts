// The topic-spread goal (Cruise Control's TopicReplicaDistributionGoal): a topic's replicas spread evenly, so no
// broker holds more of one topic than its limit and a hot topic never sits on a few brokers. A broker's mean of topic t
// is its fraction of all replicas (its rack-aware replica target over the total) times t's replicas; the limit is that
// mean plus the tolerance, and at least the mean plus Cruise Control's minimum gap of 2 replicas, rounded up. (With the
// tolerance alone, a topic of 384 replicas on 300 brokers, 1.28 each, had a limit of 2: a broker with 3 of them
// counted as skewed, and spreading such topics cost more bytes than balancing the disks.)
//
// Each excess replica, smallest first, moves to a broker below its limit of that topic, in passes while some move
// (a move changes the loads the higher goals guard, so one refused may fit later); then, for a replica no move can
// take, a swap with a replica of another topic above its own limit on the destination, of about the same size, which
// keeps the higher goals where they are and copies no replica that does not spread a topic. Never makes a higher goal
// worse; the goal report names the higher goal a blocked broker is below.

import { guardsKeep, type Metric } from './balance';
import { canReceive, firstAtMost, moveReplica, TopicSpread, type PlannerState, type WorkBroker, type WorkPartition } from './state';
import type { PlannerMetrics } from './targets';

/**
 * The least room a topic's limit leaves above its mean on a broker, in replicas: Cruise Control's
 * `topic.replica.count.balance.min.gap` default (https://github.com/linkedin/cruise-control/wiki/Configurations).
 * Without it a topic whose replicas do not divide evenly over many brokers (128 partitions RF 3 on 300 brokers: 1.28
 * per broker) has a limit of 2, and a broker with 3 of its 384 replicas would count as skewed.
 */
export const TOPIC_SPREAD_MIN_GAP = 2;

/** Each broker's share of all replicas: its rack-aware replica target over their total (0 off the targets). */
export function topicShare(metrics: PlannerMetrics): (broker: number) => number {
  let total = 0;
  for (const v of metrics.replicas.target.values()) total += v;
  return (broker) => (total > 0 ? (metrics.replicas.target.get(broker) ?? 0) / total : 0);
}

/**
 * The limit of a topic with n replicas on a broker with the given share: its mean there (n x share) plus the
 * tolerance, and at least the mean plus `minGap`, rounded up; 0 on a broker that holds no share (being drained).
 */
export function topicLimit(n: number, share: number, tolerance: number, minGap = TOPIC_SPREAD_MIN_GAP): number {
  if (!(share > 0) || n === 0) return 0;
  const mean = n * share;
  return Math.max(Math.ceil(mean * (1 + tolerance) - 1e-9), Math.ceil(mean + minGap - 1e-9));
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
  const shareOf = topicShare(metrics);
  const share = new Float64Array(state.brokers.size);
  for (const b of state.brokers.values()) share[b.slot] = shareOf(b.id);
  const { tolerance } = state;
  const gap = state.options.topicSpreadMinGap ?? TOPIC_SPREAD_MIN_GAP;
  const spread = new TopicSpread(state.brokers.size, topics, (t, s) => topicLimit(replicas[t], share[s], tolerance, gap));
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
  // passes while some replica moves: a move changes the loads the higher goals guard, so one refused may fit later
  let left = excess;
  for (let pass = 0; pass < MOVE_PASSES && left.length; pass++) {
    const next: typeof excess = [];
    for (const e of left) {
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
      if (!moved) next.push(e);
    }
    if (next.length === left.length) break;
    left = next;
  }
  for (const { p, from } of left) {
    if (spread.excess(p.topicId, from.slot) === 0 || !p.replicas.includes(from.id)) continue;
    swapOut(state, spread, guards, p, from);
  }
}

/** Passes of single moves over the replicas still above their limit. */
const MOVE_PASSES = 3;
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
