// The leadership phase: reorder replica lists (the first replica is the preferred leader) so the goals that depend only
// on who leads are met, in their priority order: the network-out capacity (hard), then network out (consumers plus
// replication out), leader bytes-in (produce) and leader counts as the user ordered them. No data moves: the new
// leaders take effect after a preferred-leader election. A goal never makes a higher leadership goal worse, and no
// replica goal changes (a broker holds the same replicas whoever leads).

import { leaderOut, type PlannerState, type WorkBroker, type WorkPartition } from './state';

export type LeadershipGoal = 'nw-out' | 'leader-bytes-in' | 'leaders';

interface LeaderMetric {
  weight: (p: WorkPartition) => number;
  load: Map<number, number>;
  target: number;
  band: number;
  /** Per-broker ceiling (hard): a broker above it sheds leadership first; none may go above it. */
  cap?: (b: WorkBroker) => number;
}

export function leaderWeight(goal: LeadershipGoal): (p: WorkPartition) => number {
  if (goal === 'nw-out') return leaderOut;
  if (goal === 'leader-bytes-in') return (p) => p.rate;
  return () => 1;
}

function leaderLoads(state: PlannerState, weight: (p: WorkPartition) => number): Map<number, number> {
  const load = new Map<number, number>();
  for (const b of state.targets) load.set(b.id, 0);
  for (const p of state.partitions) {
    if (p.replicas.length === 0) continue;
    const l = p.replicas[0];
    load.set(l, (load.get(l) ?? 0) + weight(p));
  }
  return load;
}

function metricFor(state: PlannerState, goal: LeadershipGoal): LeaderMetric {
  const weight = leaderWeight(goal);
  const load = leaderLoads(state, weight);
  let total = 0;
  for (const b of state.targets) total += load.get(b.id) ?? 0;
  const target = total / state.targets.length;
  // leader counts: within one of the mean; the rates: within the tolerance
  const band = goal === 'leaders' ? 1 : state.tolerance * target;
  return { weight, load, target, band };
}

function keepsLeader(m: LeaderMetric, from: number, to: number, p: WorkPartition): boolean {
  const w = m.weight(p);
  if (w === 0) return true;
  const ok = (id: number, delta: number) => {
    const before = (m.load.get(id) ?? 0) - m.target;
    const after = before + delta;
    return Math.abs(after) <= Math.max(m.band, Math.abs(before)) * (1 + 1e-12) + 1e-9;
  };
  return ok(from, -w) && ok(to, w);
}

function switchLeader(p: WorkPartition, at: number, metrics: LeaderMetric[]): void {
  const from = p.replicas[0];
  const to = p.replicas[at];
  p.replicas[at] = from;
  p.replicas[0] = to;
  for (const m of metrics) {
    const w = m.weight(p);
    m.load.set(from, (m.load.get(from) ?? 0) - w);
    m.load.set(to, (m.load.get(to) ?? 0) + w);
  }
}

/** Balances leadership for the goals in order; `nwOutCap` first when any broker has a network-out capacity. */
export function balanceLeadership(state: PlannerState, goals: readonly LeadershipGoal[]): void {
  const targetIds = new Set(state.targets.map((b) => b.id));
  const movable = state.partitions.filter((p) => p.movable && !p.drainOnly && p.replicas.length > 1);
  const all: LeaderMetric[] = [];
  const wanted = goals.filter((g) => g === 'leaders' || state.hasTraffic);
  const hasOutCap = state.hasTraffic && state.targets.some((b) => b.nwOutCap !== Infinity);
  const phases: { metric: LeaderMetric; cap: boolean }[] = [];
  if (hasOutCap) {
    const m = metricFor(state, 'nw-out');
    m.cap = (b) => b.nwOutCap;
    phases.push({ metric: m, cap: true });
  }
  for (const g of wanted) phases.push({ metric: metricFor(state, g), cap: false });
  for (const ph of phases) all.push(ph.metric);
  for (let k = 0; k < phases.length; k++) {
    const { metric: m, cap } = phases[k];
    const higher = phases.slice(0, k).map((x) => x.metric);
    const capOf = (id: number) => (hasOutCap ? state.brokers.get(id)!.nwOutCap : Infinity);
    const outCap = hasOutCap ? phases[0].metric : undefined;
    const limit = (id: number) => (cap ? capOf(id) : m.target + m.band / 2);
    // heaviest partitions first: the fewest leader changes close a gap
    const order = movable.filter((p) => m.weight(p) > 0).sort((a, b) => m.weight(b) - m.weight(a) || a.partition - b.partition);
    for (let pass = 0; pass < 6; pass++) {
      let changed = false;
      // shed: a leader above its limit hands the partition to the follower with the lowest load that stays within
      for (const p of order) {
        const from = p.replicas[0];
        const lf = m.load.get(from) ?? 0;
        if (lf <= limit(from)) continue;
        const w = m.weight(p);
        let best = -1;
        let bestLoad = Infinity;
        for (let i = 1; i < p.replicas.length; i++) {
          const c = p.replicas[i];
          if (!targetIds.has(c)) continue;
          const lc = m.load.get(c) ?? 0;
          if (lc + w >= lf) continue; // must narrow the pair
          if (cap && lc + w > capOf(c)) continue;
          if (!cap && outCap && (outCap.load.get(c) ?? 0) + outCap.weight(p) > capOf(c)) continue;
          if (!higher.every((h) => keepsLeader(h, from, c, p))) continue;
          if (lc < bestLoad) {
            best = i;
            bestLoad = lc;
          }
        }
        if (best > 0) {
          switchLeader(p, best, all);
          changed = true;
        }
      }
      // lift: a broker far below the target takes leadership from a leader above the target
      if (!cap) {
        for (const p of order) {
          const from = p.replicas[0];
          const lf = m.load.get(from) ?? 0;
          if (lf <= m.target) continue;
          const w = m.weight(p);
          for (let i = 1; i < p.replicas.length; i++) {
            const c = p.replicas[i];
            const lc = m.load.get(c) ?? 0;
            if (!targetIds.has(c) || lc >= m.target - m.band / 2 || lc + w >= lf) continue;
            if (lc + w > m.target + m.band / 2) continue;
            if (outCap && (outCap.load.get(c) ?? 0) + outCap.weight(p) > capOf(c)) continue;
            if (!higher.every((h) => keepsLeader(h, from, c, p))) continue;
            switchLeader(p, i, all);
            changed = true;
            break;
          }
        }
      }
      if (!changed) break;
    }
  }
}
