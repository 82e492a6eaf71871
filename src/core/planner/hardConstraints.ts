// Phase 1 of the planner, the hard constraints, in this order: replication factor changes, drains (every replica off
// removed or disallowed brokers), rack spread, replica caps. What cannot be met is said in state.unmet, one sentence
// each. Then the lower bound of bytes any plan must move, on the loads these leave.

import {
  addReplica,
  bestDestination,
  distinctRacks,
  moveReplica,
  rackKey,
  removeReplica,
  type PlannerState,
  type WorkBroker,
} from './state';
import { PlanInputError } from './types';
import { plural } from '../units';

export function applyHardConstraints(state: PlannerState): void {
  changeReplicationFactors(state);
  drainBrokers(state);
  if (state.racksKnown) spreadRacks(state);
  if (state.targets.some((b) => b.countCap !== Infinity)) enforceReplicaCap(state);
  enforceCapacity(state, 'disk');
  if (state.hasTraffic) enforceCapacity(state, 'nw-in');
}

/** Extra replicas go to the best destination (a new rack while one is left); dropped ones leave the most loaded broker. */
function changeReplicationFactors(state: PlannerState): void {
  const { brokers, targets, partitions, unmet } = state;
  for (const [topic, rf] of Object.entries(state.options.replicationFactor ?? {})) {
    if (!Number.isInteger(rf) || rf < 1)
      throw new PlanInputError(`Replication factor for ${topic} must be a whole number >= 1, got ${rf}.`);
    if (rf > targets.length)
      throw new PlanInputError(`Replication factor ${rf} for ${topic} needs ${rf} brokers; only ${targets.length} can hold replicas.`);
    const topicPartitions = partitions.filter((p) => p.topic === topic);
    if (topicPartitions.length === 0) throw new PlanInputError(`Topic ${topic} (replication factor change) is not in the cluster.`);
    if (!topicPartitions[0].movable) throw new PlanInputError(`Topic ${topic} is excluded; it cannot also change replication factor.`);
    for (const p of topicPartitions) {
      while (p.replicas.length < rf) {
        const to = bestDestination(state, p, null);
        if (to === undefined) {
          unmet.push(`${p.topic}-${p.partition}: no broker can take an extra replica.`);
          break;
        }
        addReplica(state, p, to, 'replication-factor');
      }
      while (p.replicas.length > rf) {
        // drop a follower from the most loaded broker whose removal keeps the most racks
        const candidates = p.replicas.slice(1).sort((a, b) => {
          const ra = distinctRacks(
            state,
            p.replicas.filter((r) => r !== a),
          );
          const rb = distinctRacks(
            state,
            p.replicas.filter((r) => r !== b),
          );
          return rb - ra || (brokers.get(b)?.bytes ?? 0) - (brokers.get(a)?.bytes ?? 0) || a - b;
        });
        removeReplica(state, p, candidates[0], 'replication-factor');
      }
    }
  }
}

/**
 * Every movable replica off brokers being removed or not allowed, to the least loaded broker that keeps the racks.
 * A partition without a leader is left: a new replica copies from the leader, so its reassignment could never finish.
 */
function drainBrokers(state: PlannerState): void {
  const { brokers, targets, partitions, unmet } = state;
  const mustLeave = [...brokers.values()].filter((b) => !b.allowed).sort((a, b) => a.id - b.id);
  const sample = (names: string[]) => names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');
  for (const b of mustLeave) {
    const noRoom: string[] = [];
    const blocked: string[] = [];
    const leaderless: string[] = [];
    for (const p of b.movable.toArray()) {
      if (p.leader < 0) {
        leaderless.push(`${p.topic}-${p.partition}`);
        continue;
      }
      const to = bestDestination(state, p, b.id);
      if (to !== undefined) moveReplica(state, p, b.id, to, 'drain');
      else if (targets.every((t) => p.replicas.includes(t.id))) noRoom.push(`${p.topic}-${p.partition}`);
      else blocked.push(`${p.topic}-${p.partition}`);
    }
    if (leaderless.length) {
      unmet.push(
        `${plural(leaderless.length, 'partition')} cannot leave broker ${b.id}: they have no leader (offline), so no new replica can copy their data: ${sample(leaderless)}.`,
      );
    }
    if (noRoom.length) {
      unmet.push(
        `${plural(noRoom.length, 'partition')} cannot leave broker ${b.id}: every remaining broker already holds a replica (their replication factor needs more brokers than remain): ${sample(noRoom)}. Lower their replication factor or keep a broker.`,
      );
    }
    if (blocked.length) {
      unmet.push(
        `${plural(blocked.length, 'partition')} cannot leave broker ${b.id} without losing rack spread or exceeding the replica cap: ${sample(blocked)}.`,
      );
    }
    const stuck = partitions.filter((p) => !p.movable && p.replicas.includes(b.id)).length;
    if (stuck) unmet.push(`Broker ${b.id} still holds ${stuck} replicas of excluded topics.`);
  }
}

/** Replicas sharing a rack while another rack is free move there (the least loaded broker on an unused rack). */
function spreadRacks(state: PlannerState): void {
  const { brokers, targets, partitions, unmet } = state;
  const key = (id: number) => rackKey(state, id);
  for (const p of partitions) {
    if (!p.movable || p.drainOnly) continue;
    const wanted = Math.min(p.replicas.length, state.rackCount);
    let guard = p.replicas.length;
    while (distinctRacks(state, p.replicas) < wanted && guard-- > 0) {
      // move a replica off a rack that holds two, preferring a follower on the most loaded broker
      const seen = new Map<number, number>();
      for (const r of p.replicas) seen.set(key(r), (seen.get(key(r)) ?? 0) + 1);
      const dupes = p.replicas
        .filter((r) => (seen.get(key(r)) ?? 0) > 1)
        .sort(
          (a, b) =>
            (p.replicas.indexOf(a) === 0 ? 1 : 0) - (p.replicas.indexOf(b) === 0 ? 1 : 0) ||
            brokers.get(b)!.bytes - brokers.get(a)!.bytes ||
            a - b,
        );
      const from = dupes[0];
      const usedRacks = new Set(p.replicas.map(key));
      const to = targets
        .filter((b) => !usedRacks.has(key(b.id)) && !p.replicas.includes(b.id) && b.count + 1 <= b.countCap)
        .sort((a, b) => a.bytes - b.bytes || a.id - b.id)[0];
      if (from === undefined || !to) {
        unmet.push(`${p.topic}-${p.partition}: replicas share a rack and no broker on another rack can take one.`);
        break;
      }
      moveReplica(state, p, from, to.id, 'rack');
    }
  }
}

/** Brokers above the replica cap (or their broker type's partition limit) shed their smallest movable replicas. */
function enforceReplicaCap(state: PlannerState): void {
  const { targets, unmet } = state;
  for (const b of targets) {
    const cap = b.countCap;
    while (b.count > cap) {
      const p = b.movable
        .toArray()
        .reverse()
        .find((x) => bestDestination(state, x, b.id) !== undefined);
      if (!p) {
        unmet.push(`Broker ${b.id} holds ${b.count} replicas, above the cap of ${cap}, and none can move.`);
        break;
      }
      moveReplica(state, p, b.id, bestDestination(state, p, b.id)!, 'max-replicas');
    }
  }
}

/**
 * Brokers above the ceiling of their disk (or network-in) capacity shed replicas, the smallest one that brings them
 * under first (one move), else the largest that fits elsewhere, to the least loaded broker with room.
 */
function enforceCapacity(state: PlannerState, kind: 'disk' | 'nw-in'): void {
  const load = (b: WorkBroker) => (kind === 'disk' ? b.bytes : b.nwIn);
  const cap = (b: WorkBroker) => (kind === 'disk' ? b.diskCap : b.nwInCap);
  const size = (p: { bytes: number; rate: number }) => (kind === 'disk' ? p.bytes : p.rate);
  for (const b of state.targets) {
    if (cap(b) === Infinity) continue;
    let guard = b.movable.length;
    while (load(b) > cap(b) && guard-- > 0) {
      const excess = load(b) - cap(b);
      const candidates = b.movable
        .toArray()
        .filter((p) => size(p) > 0)
        .sort((x, y) => size(x) - size(y));
      const enough = candidates.filter((p) => size(p) >= excess);
      const order = [...enough, ...candidates.filter((p) => size(p) < excess).reverse()];
      let moved = false;
      for (const p of order) {
        const to = bestDestination(state, p, b.id);
        if (to === undefined) continue;
        moveReplica(state, p, b.id, to, 'capacity');
        moved = true;
        break;
      }
      if (!moved) break;
    }
    if (load(b) > cap(b)) {
      const what = kind === 'disk' ? 'disk' : 'network-in';
      state.unmet.push(
        `Broker ${b.id} stays above the ceiling of its ${what} capacity: no replica can move to a broker with room. Add a broker or raise the capacity.`,
      );
    }
  }
}
