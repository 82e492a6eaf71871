// Rack-aware targets: each broker's fair share of a per-replica load (bytes, network in, replica count) given the
// racks. A partition spans as many racks as it can (the rack goal), so with replication factor RF <= R racks a rack
// holds at most one replica of it, and with RF = R exactly one: each rack's total is then fixed, whatever the
// plan does. Derived: rack r's total lies in [floor_r, cap_r] (floor: the partitions every rack must hold; cap: the
// ones it may hold, one replica each), the racks share the total by water-filling (every rack at the same level per
// broker, clamped to its bounds), then each rack's share is split evenly over its brokers (a broker never below
// what it holds of topics that cannot move). Brokers without a rack count as racks of their own; without racks every
// broker is its own rack (one replica per partition per broker).
// The bytes phase, the lower bound and every verdict use these targets, so "balanced" means what the racks allow.

import type { Metric } from './balance';
import { rackKey, type PlannerState, type WorkBroker, type WorkPartition } from './state';

export interface RackTargets {
  /** Per target broker, aligned with state.targets. */
  target: number[];
  /** Global mean over the target brokers. */
  mean: number;
  /** Per rack (a target broker's rack key): its share of the total, its brokers, and whether its bounds bind. */
  racks: Map<number, { brokers: WorkBroker[]; share: number; bound: 'floor' | 'cap' | null }>;
}

/** A partition's replicas cannot move (excluded topic, internal outside a drain, no leader). */
export function isFixed(p: WorkPartition): boolean {
  return !p.movable || p.drainOnly || p.leader < 0;
}

/** Solves sum f(level) = total for a nondecreasing f by bisection. */
function solveLevel(f: (level: number) => number, total: number, hi: number): number {
  let lo = 0;
  let up = Math.max(hi, 1);
  while (f(up) < total && up < 1e300) up *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + up) / 2;
    if (f(mid) < total) lo = mid;
    else up = mid;
  }
  return up;
}

export function rackAwareTargets(state: PlannerState, weight: (p: WorkPartition) => number): RackTargets {
  const { targets } = state;
  const index = new Map<number, number>();
  targets.forEach((b, i) => index.set(b.id, i));
  // position by broker id in a typed array when ids are small (the usual case): a million replicas look it up
  let maxId = 0;
  for (const b of targets) maxId = Math.max(maxId, b.id);
  const dense =
    maxId < 1 << 20 && targets.every((b) => b.id >= 0 && Number.isInteger(b.id)) ? new Int32Array(maxId + 1).fill(-1) : undefined;
  if (dense) targets.forEach((b, i) => (dense[b.id] = i));
  const at = (id: number): number => (dense ? (id >= 0 && id <= maxId ? dense[id] : -1) : (index.get(id) ?? -1));
  const rackOf = targets.map((b) => rackKey(state, b.id));
  const racks = new Map<number, { brokers: WorkBroker[]; share: number; bound: 'floor' | 'cap' | null }>();
  targets.forEach((b, i) => {
    let r = racks.get(rackOf[i]);
    if (!r) racks.set(rackOf[i], (r = { brokers: [], share: 0, bound: null }));
    r.brokers.push(b);
  });
  const R = racks.size;
  const fixed = new Float64Array(targets.length);
  let total = 0;
  // Movable partitions by how many replicas sit on target brokers: k <= R adds to every rack's cap (and floor when
  // k = R); k > R adds to every floor, and min(n_r, k - R + 1) x w to each cap.
  let capAll = 0;
  let floorAll = 0;
  const extra = new Map<number, number>(); // k - R + 1 -> sum of weights
  for (const p of state.partitions) {
    const w = weight(p);
    if (w <= 0) continue;
    let k = 0;
    for (const r of p.replicas) if (at(r) >= 0) k++;
    if (k === 0) continue;
    total += w * k;
    if (isFixed(p)) {
      for (const r of p.replicas) {
        const i = index.get(r);
        if (i !== undefined) fixed[i] += w;
      }
      continue;
    }
    if (k <= R) {
      capAll += w;
      if (k === R) floorAll += w;
    } else {
      floorAll += w;
      extra.set(k - R + 1, (extra.get(k - R + 1) ?? 0) + w);
    }
  }
  const rackList = [...racks.entries()].map(([key, r]) => {
    let fixedSum = 0;
    for (const b of r.brokers) fixedSum += fixed[index.get(b.id)!];
    let cap = capAll;
    for (const [m, w] of extra) cap += Math.min(r.brokers.length, m) * w;
    return { key, r, n: r.brokers.length, floor: floorAll + fixedSum, cap: cap + fixedSum };
  });
  const clampShare = (x: (typeof rackList)[number], level: number) => Math.min(Math.max(x.n * level, x.floor), x.cap);
  const mean = total / targets.length;
  const level = solveLevel((l) => rackList.reduce((s, x) => s + clampShare(x, l), 0), total, mean);
  const target = new Array<number>(targets.length).fill(0);
  for (const x of rackList) {
    const share = clampShare(x, level);
    x.r.share = share;
    x.r.bound = share > x.n * level * (1 + 1e-9) ? 'floor' : share < x.n * level * (1 - 1e-9) ? 'cap' : null;
    const ids = x.r.brokers.map((b) => index.get(b.id)!);
    const mu = solveLevel((m) => ids.reduce((s, i) => s + Math.max(fixed[i], m), 0), share, share / x.n);
    for (const i of ids) target[i] = total === 0 ? 0 : Math.max(fixed[i], mu);
  }
  return { target, mean, racks };
}

/** Target by broker id. */
export function targetMap(state: PlannerState, t: RackTargets): Map<number, number> {
  const out = new Map<number, number>();
  state.targets.forEach((b, i) => out.set(b.id, t.target[i]));
  return out;
}

export interface PlannerMetrics {
  disk: Metric;
  nwIn: Metric;
  replicas: Metric;
  diskTargets: RackTargets;
  nwInTargets: RackTargets;
  replicaTargets: RackTargets;
}

function metricOf(
  state: PlannerState,
  t: RackTargets,
  weight: (p: WorkPartition) => number,
  load: (b: WorkBroker) => number,
  minBand: number,
): Metric {
  const target = targetMap(state, t);
  const band = new Map<number, number>();
  for (const [id, v] of target) band.set(id, Math.max(state.tolerance * v, minBand));
  const targetAt = new Float64Array(state.brokers.size).fill(NaN);
  const bandAt = new Float64Array(state.brokers.size);
  for (const b of state.brokers.values()) {
    targetAt[b.slot] = target.get(b.id) ?? NaN;
    bandAt[b.slot] = band.get(b.id) ?? 0;
  }
  return { weight, load, target, band, targetAt, bandAt };
}

/** The per-replica metrics with their rack-aware targets, on the state after the hard goals. */
export function plannerMetrics(state: PlannerState): PlannerMetrics {
  const diskTargets = rackAwareTargets(state, (p) => p.bytes);
  const nwInTargets = rackAwareTargets(state, (p) => p.rate);
  const replicaTargets = rackAwareTargets(state, () => 1);
  return {
    disk: metricOf(
      state,
      diskTargets,
      (p) => p.bytes,
      (b) => b.bytes,
      0,
    ),
    nwIn: metricOf(
      state,
      nwInTargets,
      (p) => p.rate,
      (b) => b.nwIn,
      0,
    ),
    replicas: metricOf(
      state,
      replicaTargets,
      () => 1,
      (b) => b.count,
      1,
    ),
    diskTargets,
    nwInTargets,
    replicaTargets,
  };
}

/**
 * A true lower bound of the bytes any plan must move to meet the hard goals and bring every broker within the
 * tolerance of its rack-aware disk target (`disk` absent: the hard goals alone). Bytes moved = bytes received =
 * bytes that left a broker (moves) + new replicas. So it is the larger of
 * - what under-loaded brokers must receive: sum over brokers of max(0, target - band - bytes before), and
 * - what must leave (the replicas a drain moved off their brokers, and every over-loaded broker down to its band's
 *   top: sum of max(0, bytes before - target - band)), less replicas dropped by a lower replication factor, plus the
 *   replicas a higher replication factor adds.
 */
export function lowerBoundBytes(state: PlannerState, disk: Metric | undefined): number {
  const before = new Map<number, number>();
  let left = 0;
  let added = 0;
  let dropped = 0;
  for (const p of state.partitions) {
    for (const r of p.original) {
      before.set(r, (before.get(r) ?? 0) + p.bytes);
      const b = state.brokers.get(r);
      if (b && !b.allowed && !p.replicas.includes(r)) left += p.bytes;
    }
    const change = p.replicas.length - p.original.length;
    if (change > 0) added += change * p.bytes;
    else dropped -= change * p.bytes;
  }
  const hardOnly = Math.max(0, left - dropped) + added;
  if (!disk) return hardOnly;
  let receive = 0;
  let over = 0;
  for (const b of state.targets) {
    const t = disk.target.get(b.id) ?? 0;
    const band = disk.band.get(b.id) ?? 0;
    const was = before.get(b.id) ?? 0;
    receive += Math.max(0, t - band - was);
    over += Math.max(0, was - t - band);
  }
  return Math.max(receive, Math.max(0, left + over - dropped) + added, hardOnly);
}
