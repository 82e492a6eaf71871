// The leadership phase: reorder replica lists (the first replica is the preferred leader) so the goals that depend only
// on who leads are met, in their priority order: the network-out capacity (hard), then network out (consumers plus
// replication out), leader bytes-in (produce) and leader counts as the user ordered them. No data moves: the new
// leaders take effect after a preferred-leader election. A goal never makes a higher leadership goal worse, and no
// replica goal changes (a broker holds the same replicas whoever leads).

import { leaderOut, type PlannerState, type WorkBroker, type WorkPartition } from './state';

export type LeadershipGoal = 'nw-out' | 'leader-bytes-in' | 'leaders';

/** Numbers per broker id: a typed array when ids are small (the usual case), a map otherwise. */
class PerBroker {
  private readonly dense?: Float64Array;
  private readonly sparse?: Map<number, number>;

  constructor(maxId: number) {
    if (maxId >= 0 && maxId < 1 << 20) this.dense = new Float64Array(maxId + 1);
    else this.sparse = new Map();
  }

  get(id: number): number {
    return this.dense ? (this.dense[id] ?? 0) : (this.sparse!.get(id) ?? 0);
  }

  set(id: number, v: number): void {
    if (this.dense) this.dense[id] = v;
    else this.sparse!.set(id, v);
  }
}

interface LeaderMetric {
  weight: (p: WorkPartition) => number;
  load: PerBroker;
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

function leaderLoads(state: PlannerState, weight: (p: WorkPartition) => number): PerBroker {
  let maxId = 0;
  for (const id of state.brokers.keys()) maxId = Math.max(maxId, id);
  const load = new PerBroker(maxId);
  for (const p of state.partitions) {
    if (p.replicas.length === 0) continue;
    const l = p.replicas[0];
    if (state.brokers.has(l)) load.set(l, load.get(l) + weight(p));
  }
  return load;
}

function metricFor(state: PlannerState, goal: LeadershipGoal): LeaderMetric {
  const weight = leaderWeight(goal);
  const load = leaderLoads(state, weight);
  let total = 0;
  for (const b of state.targets) total += load.get(b.id);
  const target = total / state.targets.length;
  // leader counts: within one of the mean; the rates: within the tolerance
  const band = goal === 'leaders' ? 1 : state.tolerance * target;
  return { weight, load, target, band };
}

function keepsLeader(m: LeaderMetric, from: number, to: number, p: WorkPartition): boolean {
  const w = m.weight(p);
  if (w === 0) return true;
  const ok = (id: number, delta: number) => {
    const before = m.load.get(id) - m.target;
    const after = before + delta;
    return Math.abs(after) <= Math.max(m.band, Math.abs(before)) * (1 + 1e-12) + 1e-9;
  };
  return ok(from, -w) && ok(to, w);
}

/**
 * The replica lists of the partitions a leadership phase scans, in its scan order, in one typed array (`ids[start[j]]`
 * is the preferred leader of the j-th), kept equal to the lists as leaders switch (`slot`: a partition's j by rank, -1
 * when not scanned). The passes read only this, in order, instead of every partition's list scattered in memory.
 */
interface FlatReplicas {
  start: Int32Array;
  ids: Int32Array;
  slot: Int32Array;
}

function flatReplicas(state: PlannerState, scanned: WorkPartition[]): FlatReplicas {
  const start = new Int32Array(scanned.length + 1);
  for (let j = 0; j < scanned.length; j++) start[j + 1] = start[j] + scanned[j].replicas.length;
  const ids = new Int32Array(start[scanned.length]);
  const slot = new Int32Array(state.partitions.length).fill(-1);
  for (let j = 0; j < scanned.length; j++) {
    const replicas = scanned[j].replicas;
    for (let i = 0; i < replicas.length; i++) ids[start[j] + i] = replicas[i];
    slot[scanned[j].rank] = j;
  }
  return { start, ids, slot };
}

function switchLeader(p: WorkPartition, at: number, metrics: LeaderMetric[], flats: readonly FlatReplicas[]): void {
  const from = p.replicas[0];
  const to = p.replicas[at];
  p.replicas[at] = from;
  p.replicas[0] = to;
  for (const flat of flats) {
    const j = flat.slot[p.rank];
    if (j >= 0) {
      flat.ids[flat.start[j] + at] = from;
      flat.ids[flat.start[j]] = to;
    }
  }
  for (const m of metrics) {
    const w = m.weight(p);
    m.load.set(from, m.load.get(from) - w);
    m.load.set(to, m.load.get(to) + w);
  }
}

/**
 * Whether `idx` (movable positions) is exactly the order a sort by weight descending, then position, gives for these
 * weights: every weight positive, as many as `weighted`, and each next one lower, or equal at a higher position.
 */
function sameOrder(idx: Int32Array, weights: Float64Array, weighted: number): boolean {
  if (idx.length !== weighted) return false;
  for (let j = 0; j < idx.length; j++) {
    const w = weights[idx[j]];
    if (!(w > 0)) return false;
    if (j > 0) {
      const prev = weights[idx[j - 1]];
      if (w > prev || (w === prev && idx[j] < idx[j - 1])) return false;
    }
  }
  return true;
}

/** Balances leadership for the goals in order; `nwOutCap` first when any broker has a network-out capacity. */
export function balanceLeadership(state: PlannerState, goals: readonly LeadershipGoal[]): void {
  const targetIds = new Set(state.targets.map((b) => b.id));
  let maxId = 0;
  for (const id of state.brokers.keys()) maxId = Math.max(maxId, id);
  // 1 for a broker that may lead, 0 otherwise (read per follower of every scanned partition)
  const isTarget = new PerBroker(maxId);
  for (const b of state.brokers.values()) isTarget.set(b.id, targetIds.has(b.id) ? 1 : 0);
  const movable = state.partitions.filter((p) => p.movable && !p.drainOnly && p.replicas.length > 1);
  const all: LeaderMetric[] = [];
  const wanted = goals.filter((g) => g === 'leaders' || state.hasTraffic);
  const hasOutCap = state.hasTraffic && state.targets.some((b) => b.nwOutCap !== Infinity);
  const phases: { metric: LeaderMetric; cap: boolean; goal?: LeadershipGoal }[] = [];
  if (hasOutCap) {
    const m = metricFor(state, 'nw-out');
    m.cap = (b) => b.nwOutCap;
    phases.push({ metric: m, cap: true });
  }
  for (const g of wanted) phases.push({ metric: metricFor(state, g), cap: false, goal: g });
  for (const ph of phases) all.push(ph.metric);
  const brokerIds = [...state.brokers.keys()];
  // the replica lists laid out by the phases so far (every switch updates each), and the orders they were sorted in
  const flats: FlatReplicas[] = [];
  const earlier: { idx: Int32Array; scanned: WorkPartition[]; flat: FlatReplicas }[] = [];
  for (let k = 0; k < phases.length; k++) {
    const { metric: m, cap } = phases[k];
    const higher = phases.slice(0, k).map((x) => x.metric);
    const capOf = (id: number) => (hasOutCap ? state.brokers.get(id)!.nwOutCap : Infinity);
    const outCap = hasOutCap ? phases[0].metric : undefined;
    const limit = (id: number) => (cap ? capOf(id) : m.target + m.band / 2);
    const keepsHigher = (from: number, c: number, p: WorkPartition) => {
      for (const h of higher) if (!keepsLeader(h, from, c, p)) return false;
      return true;
    };
    // heaviest partitions first: the fewest leader changes close a gap (ties: the snapshot's order)
    // (typed arrays: a million partitions; with equal weights, as leader counts, the order is the snapshot's)
    const weights = new Float64Array(movable.length);
    let weighted = 0;
    for (let i = 0; i < movable.length; i++) if ((weights[i] = m.weight(movable[i])) > 0) weighted++;
    const idx = new Int32Array(weighted);
    let equal = true;
    for (let i = 0, j = 0; i < movable.length; i++) {
      if (!(weights[i] > 0)) continue;
      idx[j++] = i;
      if (weights[i] !== weights[idx[0]]) equal = false;
    }
    // an earlier phase's order, when it is this phase's order too (checked: weights nonincreasing, ties by index, the
    // same partitions), is reused with its replica lists, which every leader switch keeps up to date: no second sort
    const reused = equal ? undefined : earlier.find((e) => sameOrder(e.idx, weights, weighted));
    if (!equal && !reused) idx.sort((a, b) => weights[b] - weights[a] || a - b);
    const order = reused?.idx ?? idx;
    const orderWeights = new Float64Array(weighted);
    const scanned = reused?.scanned ?? new Array<WorkPartition>(weighted);
    for (let j = 0; j < weighted; j++) {
      if (!reused) scanned[j] = movable[order[j]];
      orderWeights[j] = weights[order[j]];
    }
    const flat = reused?.flat ?? flatReplicas(state, scanned);
    if (!reused) {
      flats.push(flat);
      if (!equal) earlier.push({ idx, scanned, flat });
    }
    const { start, ids: flatIds } = flat;
    for (let pass = 0; pass < 6; pass++) {
      let changed = false;
      // shed: a leader above its limit hands the partition to the follower with the lowest load that stays within
      // (only when some broker is above its limit: otherwise no partition qualifies)
      const shedding = brokerIds.some((id) => m.load.get(id) > limit(id));
      for (let j = 0; shedding && j < weighted; j++) {
        const s0 = start[j];
        const from = flatIds[s0];
        const lf = m.load.get(from);
        if (lf <= limit(from)) continue;
        const p = scanned[j];
        const w = orderWeights[j];
        const rf = start[j + 1] - s0;
        let best = -1;
        let bestLoad = Infinity;
        for (let i = 1; i < rf; i++) {
          const c = flatIds[s0 + i];
          if (!isTarget.get(c)) continue;
          const lc = m.load.get(c);
          if (lc + w >= lf) continue; // must narrow the pair
          if (cap && lc + w > capOf(c)) continue;
          if (!cap && outCap && outCap.load.get(c) + outCap.weight(p) > capOf(c)) continue;
          if (!keepsHigher(from, c, p)) continue;
          if (lc < bestLoad) {
            best = i;
            bestLoad = lc;
          }
        }
        if (best > 0) {
          switchLeader(p, best, all, flats);
          changed = true;
        }
      }
      // lift: a broker far below the target takes leadership from a leader above the target (only when some target
      // broker is that far below: otherwise no partition qualifies)
      if (!cap && state.targets.some((b) => m.load.get(b.id) < m.target - m.band / 2)) {
        for (let j = 0; j < weighted; j++) {
          const s0 = start[j];
          const from = flatIds[s0];
          const lf = m.load.get(from);
          if (lf <= m.target) continue;
          const p = scanned[j];
          const w = orderWeights[j];
          const rf = start[j + 1] - s0;
          for (let i = 1; i < rf; i++) {
            const c = flatIds[s0 + i];
            const lc = m.load.get(c);
            if (!isTarget.get(c) || lc >= m.target - m.band / 2 || lc + w >= lf) continue;
            if (lc + w > m.target + m.band / 2) continue;
            if (outCap && outCap.load.get(c) + outCap.weight(p) > capOf(c)) continue;
            if (!keepsHigher(from, c, p)) continue;
            switchLeader(p, i, all, flats);
            changed = true;
            break;
          }
        }
      }
      if (!changed) break;
    }
    // Leader counts: when no single hand-over narrows a pair, a chain of them may (x hands a partition to y, y one to
    // z, … each keeping its count, until a broker below the target gains one). Only without higher leadership goals:
    // a chain moves their loads too.
    if (phases[k].goal === 'leaders' && higher.length === 0) {
      leaderChains(state, movable, m, isTarget, (p, i) => switchLeader(p, i, all, flats));
    }
  }
}

/** Work budget of the chain search: partitions scanned per broker-chain search, in all. */
const CHAIN_WORK = 5e6;

function leaderChains(
  state: PlannerState,
  movable: WorkPartition[],
  m: LeaderMetric,
  isTarget: PerBroker,
  apply: (p: WorkPartition, at: number) => void,
): void {
  const high = m.target + m.band / 2;
  const low = m.target - m.band / 2;
  const rounds = Math.min(4 * state.targets.length, Math.floor(CHAIN_WORK / Math.max(1, movable.length)));
  for (let round = 0; round < rounds; round++) {
    const sources = state.targets.filter((b) => m.load.get(b.id) > high).map((b) => b.id);
    if (sources.length === 0 || !state.targets.some((b) => m.load.get(b.id) < low)) return;
    // edges: leader x -> each follower y of a partition x leads
    const led = new Map<number, WorkPartition[]>();
    for (const p of movable) {
      const x = p.replicas[0];
      if (!isTarget.get(x)) continue;
      let l = led.get(x);
      if (!l) led.set(x, (l = []));
      l.push(p);
    }
    // breadth first from every broker above the target to the nearest one below it
    const via = new Map<number, { from: number; p: WorkPartition; i: number }>();
    const seen = new Set<number>(sources);
    let queue = [...sources].sort((a, b) => a - b);
    let end: number | undefined;
    while (queue.length && end === undefined) {
      const next: number[] = [];
      search: for (const x of queue) {
        for (const p of led.get(x) ?? []) {
          for (let i = 1; i < p.replicas.length; i++) {
            const y = p.replicas[i];
            if (seen.has(y) || !isTarget.get(y)) continue;
            seen.add(y);
            via.set(y, { from: x, p, i });
            if (m.load.get(y) + 1 <= high && m.load.get(y) < low) {
              end = y;
              break search;
            }
            next.push(y);
          }
        }
      }
      queue = next;
    }
    if (end === undefined) return;
    const hops: { p: WorkPartition; i: number }[] = [];
    for (let y = end; via.has(y); y = via.get(y)!.from) hops.push(via.get(y)!);
    for (const h of hops) apply(h.p, h.i);
  }
}
