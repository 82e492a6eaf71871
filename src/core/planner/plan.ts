// The reassignment planner: minimal-movement plans to add brokers, drain brokers, or fix skew.
// Pure and deterministic: the same snapshot and options give the same plan (every tie breaks on broker id,
// then topic name, then partition). Design note with the reasoning: README.md beside this file.

import { partitionBytes, type ClusterSnapshot } from '../model';
import { isInternalTopic, type ReassignmentJson } from '../kafkaFormats';

export type PlanGoal =
  | { kind: 'rebalance' }
  /** Spread load onto brokers that are new: in the snapshot already (empty) or described here (not started yet). */
  | { kind: 'add'; brokers: { id: number; rack: string | null }[] }
  /** Drain these brokers completely. */
  | { kind: 'remove'; brokers: number[] };

export interface PlanOptions {
  goal: PlanGoal;
  /** Balanced means every broker within this fraction of the mean (default 0.10, as Cruise Control's 1.1). */
  tolerance?: number;
  /** Topics never moved (their bytes still count as load where they sit). */
  excludedTopics?: string[];
  /** Internal topics (__consumer_offsets, …) are excluded unless this is true. */
  includeInternalTopics?: boolean;
  /** Only these brokers may receive replicas (default: every broker not being removed). */
  allowedBrokers?: number[];
  /** Hard cap on replicas per broker (e.g. the MSK recommended limit for the broker type). */
  maxReplicasPerBroker?: number;
  /** New replication factor per topic. */
  replicationFactor?: Record<string, number>;
  /** Skip the leader phase (keep preferred leaders as they are). */
  keepLeaders?: boolean;
}

export interface PartitionMove {
  topic: string;
  partition: number;
  bytes: number;
  before: number[];
  after: number[];
  /** The partition's leader in the snapshot (-1 when offline): the broker new replicas copy from. */
  currentLeader: number;
  /** Brokers that receive a new copy (data moves in). */
  added: number[];
  /** Brokers whose copy is deleted after the move. */
  removed: number[];
  /** The preferred leader (first replica) changes. */
  leaderChanged: boolean;
  /** Why the planner touched this partition. */
  reason: MoveReason;
}

export type MoveReason = 'drain' | 'rack' | 'replication-factor' | 'max-replicas' | 'bytes' | 'count' | 'leader';

export interface BrokerTotals {
  id: number;
  rack: string | null;
  bytes: number;
  replicas: number;
  leaders: number;
}

export interface Plan {
  goal: PlanGoal;
  tolerance: number;
  moves: PartitionMove[];
  /** Brokers the plan balances over (after adds and removes). */
  brokers: number[];
  before: BrokerTotals[];
  after: BrokerTotals[];
  bytesMoved: number;
  replicasMoved: number;
  leadersChanged: number;
  /**
   * Bytes that any plan must move to bring every under-loaded broker up to the mean (or to empty drained
   * brokers): sum over brokers of max(0, mean - bytes), plus the bytes on brokers being removed.
   */
  lowerBoundBytes: number;
  /** Hard constraints the plan could not meet (e.g. not enough racks), one sentence each. */
  unmet: string[];
  notes: string[];
}

interface WorkPartition {
  topic: string;
  partition: number;
  leader: number;
  bytes: number;
  original: number[];
  replicas: number[];
  movable: boolean;
  reason?: MoveReason;
}

interface WorkBroker {
  id: number;
  rack: string | null;
  /** May receive replicas. */
  allowed: boolean;
  removing: boolean;
  bytes: number;
  count: number;
  /** Movable partitions with a replica here, sorted by bytes descending (ties: topic, partition). */
  movable: WorkPartition[];
}

function comparePartitions(a: WorkPartition, b: WorkPartition): number {
  return b.bytes - a.bytes || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);
}

/** Where p sits (or would sit) in a list sorted by comparePartitions: binary search. */
function positionOf(list: WorkPartition[], p: WorkPartition): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePartitions(list[mid], p) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: WorkPartition[], p: WorkPartition): void {
  list.splice(positionOf(list, p), 0, p);
}

function removeFrom(list: WorkPartition[], p: WorkPartition): void {
  const at = positionOf(list, p);
  const i = list[at] === p ? at : list.indexOf(p);
  if (i >= 0) list.splice(i, 1);
}

/** Index of the first partition with bytes <= limit in a list sorted by bytes descending. */
function firstAtMost(list: WorkPartition[], limit: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].bytes > limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

export function planReassignment(snapshot: ClusterSnapshot, options: PlanOptions): Plan {
  const tolerance = options.tolerance ?? 0.1;
  if (!(tolerance > 0 && tolerance < 1)) throw new PlanInputError(`tolerance must be between 0 and 1 (0.10 = within 10 % of the mean), got ${tolerance}.`);
  const goal = options.goal;
  const excluded = new Set(options.excludedTopics ?? []);
  const notes: string[] = [];
  const unmet: string[] = [];

  // Brokers: the snapshot's, plus brokers being added that are not in it yet.
  const brokers = new Map<number, WorkBroker>();
  for (const b of snapshot.brokers) brokers.set(b.id, { id: b.id, rack: b.rack, allowed: true, removing: false, bytes: 0, count: 0, movable: [] });
  if (goal.kind === 'add') {
    if (goal.brokers.length === 0) throw new PlanInputError('Adding brokers needs at least one broker id.');
    for (const nb of goal.brokers) {
      const existing = brokers.get(nb.id);
      if (existing) {
        if (nb.rack !== null && existing.rack !== nb.rack) throw new PlanInputError(`Broker ${nb.id} is already in the cluster on rack ${existing.rack}, not ${nb.rack}.`);
      } else {
        brokers.set(nb.id, { id: nb.id, rack: nb.rack, allowed: true, removing: false, bytes: 0, count: 0, movable: [] });
      }
    }
  }
  if (goal.kind === 'remove') {
    if (goal.brokers.length === 0) throw new PlanInputError('Removing brokers needs at least one broker id.');
    for (const id of goal.brokers) {
      const b = brokers.get(id);
      if (!b) throw new PlanInputError(`Broker ${id} is not in the cluster (brokers: ${[...brokers.keys()].join(', ')}).`);
      b.removing = true;
      b.allowed = false;
    }
  }
  if (options.allowedBrokers) {
    const allowed = new Set(options.allowedBrokers);
    for (const id of allowed) if (!brokers.has(id)) throw new PlanInputError(`Allowed broker ${id} is not in the cluster.`);
    for (const b of brokers.values()) if (!allowed.has(b.id)) b.allowed = false;
  }
  const targets = [...brokers.values()].filter((b) => b.allowed).sort((a, b) => a.id - b.id);
  if (targets.length === 0) throw new PlanInputError('No broker is left to hold replicas.');
  const rackIds = new Map<string, number>();
  const rackIndex = new Map<number, number>();
  for (const b of brokers.values()) {
    const key = b.rack ?? `(no rack:${b.id})`;
    if (!rackIds.has(key)) rackIds.set(key, rackIds.size);
    rackIndex.set(b.id, rackIds.get(key)!);
  }
  const rackCount = new Set(targets.map((b) => rackIndex.get(b.id))).size;
  const racksKnown = targets.some((b) => b.rack !== null);
  const rackKey = (id: number) => rackIndex.get(id) ?? -1 - id;
  /** Distinct racks of a replica list, with `from` replaced by `to` when given (no allocation). */
  const distinctRacks = (replicas: number[], from = -1, to = -1) => {
    let distinct = 0;
    for (let i = 0; i < replicas.length; i++) {
      const ri = rackKey(replicas[i] === from ? to : replicas[i]);
      let seen = false;
      for (let j = 0; j < i; j++) if (rackKey(replicas[j] === from ? to : replicas[j]) === ri) seen = true;
      if (!seen) distinct++;
    }
    return distinct;
  };

  // Partitions: every replica counts as load where it sits; only movable ones may move.
  const partitions: WorkPartition[] = [];
  for (const topic of snapshot.topics) {
    const isExcluded = excluded.has(topic.name) || (!options.includeInternalTopics && (topic.internal || isInternalTopic(topic.name)));
    for (const p of topic.partitions) {
      const wp: WorkPartition = {
        topic: topic.name,
        partition: p.partition,
        leader: p.leader,
        bytes: partitionBytes(p),
        original: [...p.replicas],
        replicas: [...p.replicas],
        movable: !isExcluded,
      };
      partitions.push(wp);
      for (const r of wp.replicas) {
        const b = brokers.get(r);
        if (!b) continue; // a replica on a broker missing from the metadata: cannot be balanced, see unmet below
        b.bytes += wp.bytes;
        b.count++;
        if (wp.movable) b.movable.push(wp);
      }
    }
  }
  for (const b of brokers.values()) b.movable.sort(comparePartitions);
  const missing = partitions.filter((p) => p.replicas.some((r) => !brokers.has(r)));
  if (missing.length) notes.push(`${missing.length} partitions have replicas on brokers missing from the metadata; those replicas are left as they are.`);
  for (const t of excluded) if (!snapshot.topics.some((x) => x.name === t)) notes.push(`Excluded topic ${t} is not in the cluster.`);

  const before = totals(brokers, partitions);

  const moveReplica = (p: WorkPartition, from: number, to: number, reason: MoveReason) => {
    const src = brokers.get(from)!;
    const dst = brokers.get(to)!;
    p.replicas[p.replicas.indexOf(from)] = to;
    src.bytes -= p.bytes;
    src.count--;
    removeFrom(src.movable, p);
    dst.bytes += p.bytes;
    dst.count++;
    insertSorted(dst.movable, p);
    p.reason ??= reason;
  };

  const cap = options.maxReplicasPerBroker ?? Infinity;
  /**
   * Can `to` take the replica of p now on `from` (null: an extra replica) without breaking a hard constraint?
   * Rack rule: a move never lowers the number of racks the partition spans; an extra replica goes to a new
   * rack while one is left.
   */
  const canReceive = (p: WorkPartition, from: number | null, to: number) => {
    const dst = brokers.get(to)!;
    if (!dst.allowed || p.replicas.includes(to) || dst.count + 1 > cap) return false;
    if (!racksKnown) return true;
    if (from === null) return distinctRacks([...p.replicas, to]) >= Math.min(p.replicas.length + 1, rackCount);
    if (rackKey(from) === rackKey(to)) return true; // same rack: the spread cannot change
    return distinctRacks(p.replicas, from, to) >= Math.min(distinctRacks(p.replicas), rackCount);
  };

  const mean = () => targets.reduce((s, b) => s + b.bytes, 0) / targets.length;

  /** The best destination for a replica that must move: keeps racks, lowest bytes relative to the mean. */
  const bestDestination = (p: WorkPartition, from: number | null): number | undefined => {
    let best: WorkBroker | undefined;
    for (const b of targets) {
      if (!canReceive(p, from, b.id)) continue;
      if (!best || b.bytes < best.bytes || (b.bytes === best.bytes && b.count < best.count)) best = b;
    }
    return best?.id;
  };

  // Phase 1, hard constraints: replication factor changes, drains, rack spread, replica caps.
  for (const [topic, rf] of Object.entries(options.replicationFactor ?? {})) {
    if (!Number.isInteger(rf) || rf < 1) throw new PlanInputError(`Replication factor for ${topic} must be a whole number >= 1, got ${rf}.`);
    if (rf > targets.length) throw new PlanInputError(`Replication factor ${rf} for ${topic} needs ${rf} brokers; only ${targets.length} can hold replicas.`);
    const topicPartitions = partitions.filter((p) => p.topic === topic);
    if (topicPartitions.length === 0) throw new PlanInputError(`Topic ${topic} (replication factor change) is not in the cluster.`);
    if (!topicPartitions[0].movable) throw new PlanInputError(`Topic ${topic} is excluded; it cannot also change replication factor.`);
    for (const p of topicPartitions) {
      while (p.replicas.length < rf) {
        const to = bestDestination(p, null);
        if (to === undefined) {
          unmet.push(`${p.topic}-${p.partition}: no broker can take an extra replica.`);
          break;
        }
        const dst = brokers.get(to)!;
        p.replicas.push(to);
        dst.bytes += p.bytes;
        dst.count++;
        insertSorted(dst.movable, p);
        p.reason ??= 'replication-factor';
      }
      while (p.replicas.length > rf) {
        // drop a follower from the most loaded broker whose removal keeps the most racks
        const candidates = p.replicas.slice(1).sort((a, b) => {
          const ra = distinctRacks(p.replicas.filter((r) => r !== a));
          const rb = distinctRacks(p.replicas.filter((r) => r !== b));
          return rb - ra || (brokers.get(b)?.bytes ?? 0) - (brokers.get(a)?.bytes ?? 0) || a - b;
        });
        const drop = candidates[0];
        p.replicas = p.replicas.filter((r) => r !== drop);
        const b = brokers.get(drop);
        if (b) {
          b.bytes -= p.bytes;
          b.count--;
          removeFrom(b.movable, p);
        }
        p.reason ??= 'replication-factor';
      }
    }
  }

  const mustLeave = [...brokers.values()].filter((b) => !b.allowed).sort((a, b) => a.id - b.id);
  const sample = (names: string[]) => names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');
  for (const b of mustLeave) {
    const noRoom: string[] = [];
    const blocked: string[] = [];
    for (const p of [...b.movable]) {
      const to = bestDestination(p, b.id);
      if (to !== undefined) moveReplica(p, b.id, to, 'drain');
      else if (targets.every((t) => p.replicas.includes(t.id))) noRoom.push(`${p.topic}-${p.partition}`);
      else blocked.push(`${p.topic}-${p.partition}`);
    }
    if (noRoom.length) {
      unmet.push(`${noRoom.length} partition(s) cannot leave broker ${b.id}: every remaining broker already holds a replica (their replication factor needs more brokers than remain): ${sample(noRoom)}. Lower their replication factor or keep a broker.`);
    }
    if (blocked.length) {
      unmet.push(`${blocked.length} partition(s) cannot leave broker ${b.id} without losing rack spread or exceeding the replica cap: ${sample(blocked)}.`);
    }
    const stuck = partitions.filter((p) => !p.movable && p.replicas.includes(b.id)).length;
    if (stuck) unmet.push(`Broker ${b.id} still holds ${stuck} replicas of excluded topics.`);
  }

  if (racksKnown) {
    for (const p of partitions) {
      if (!p.movable) continue;
      const wanted = Math.min(p.replicas.length, rackCount);
      let guard = p.replicas.length;
      while (distinctRacks(p.replicas) < wanted && guard-- > 0) {
        // move a replica off a rack that holds two, preferring a follower on the most loaded broker
        const seen = new Map<number, number>();
        for (const r of p.replicas) seen.set(rackKey(r), (seen.get(rackKey(r)) ?? 0) + 1);
        const dupes = p.replicas.filter((r) => (seen.get(rackKey(r)) ?? 0) > 1).sort((a, b) => (p.replicas.indexOf(a) === 0 ? 1 : 0) - (p.replicas.indexOf(b) === 0 ? 1 : 0) || brokers.get(b)!.bytes - brokers.get(a)!.bytes || a - b);
        const from = dupes[0];
        const usedRacks = new Set(p.replicas.map(rackKey));
        const to = targets
          .filter((b) => !usedRacks.has(rackKey(b.id)) && !p.replicas.includes(b.id) && b.count + 1 <= cap)
          .sort((a, b) => a.bytes - b.bytes || a.id - b.id)[0];
        if (from === undefined || !to) {
          unmet.push(`${p.topic}-${p.partition}: replicas share a rack and no broker on another rack can take one.`);
          break;
        }
        moveReplica(p, from, to.id, 'rack');
      }
    }
  }

  if (cap !== Infinity) {
    for (const b of targets) {
      while (b.count > cap) {
        const p = [...b.movable].reverse().find((x) => bestDestination(x, b.id) !== undefined);
        if (!p) {
          unmet.push(`Broker ${b.id} holds ${b.count} replicas, above the cap of ${cap}, and none can move.`);
          break;
        }
        moveReplica(p, b.id, bestDestination(p, b.id)!, 'max-replicas');
      }
    }
  }

  // The lower bound, on the loads after the hard constraints (drained bytes are already counted as moved).
  const drainedBytes = partitions.reduce((s, p) => s + p.bytes * p.replicas.filter((r) => !p.original.includes(r)).length, 0);
  const meanAfterHard = mean();
  const lowerBoundBytes = drainedBytes + targets.reduce((s, b) => s + Math.max(0, meanAfterHard - b.bytes), 0);

  const countMean = targets.reduce((s, b) => s + b.count, 0) / targets.length;
  const meanNow = mean;
  // Phase 2, bytes: move replicas from the most loaded to the least loaded broker, best fit first,
  // never pushing either across the mean when a replica that fits exists (so every byte moved closes a gap).
  balance(
    targets,
    (b) => b.bytes,
    tolerance,
    (src, dst, want, overshootLimit) => {
      const countGap = countMean - dst.count;
      const sizeHint = countGap >= 1 ? (meanNow() - dst.bytes) / countGap : want;
      return pickReplica(src, dst, want, canReceive, overshootLimit, sizeHint);
    },
    (p, from, to) => moveReplica(p, from, to, 'bytes'),
  );

  // Phase 3, replica counts: move the smallest replicas, keeping bytes inside the tolerance band.
  const bytesMean = mean();
  const bytesBand = tolerance * bytesMean;
  balance(
    targets,
    (b) => b.count,
    tolerance,
    (src, dst) => {
      // the smallest replicas first, keeping both brokers' bytes inside the band
      for (let i = src.movable.length - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++) {
        const p = src.movable[i];
        if (p.bytes > 0 && (src.bytes - p.bytes < bytesMean - bytesBand || dst.bytes + p.bytes > bytesMean + bytesBand)) continue;
        if (canReceive(p, src.id, dst.id)) return p;
      }
      return undefined;
    },
    (p, from, to) => moveReplica(p, from, to, 'count'),
    1,
  );

  // Phase 4, leaders: reorder replica lists so preferred leaders spread evenly; moves no data.
  if (!options.keepLeaders) balanceLeaders(partitions, targets);

  const moves: PartitionMove[] = [];
  for (const p of partitions) {
    const same = p.original.length === p.replicas.length && p.original.every((r, i) => r === p.replicas[i]);
    if (same) continue;
    const added = p.replicas.filter((r) => !p.original.includes(r));
    const removed = p.original.filter((r) => !p.replicas.includes(r));
    moves.push({
      topic: p.topic,
      partition: p.partition,
      bytes: p.bytes,
      before: p.original,
      after: [...p.replicas],
      currentLeader: p.leader,
      added,
      removed,
      leaderChanged: p.original[0] !== p.replicas[0],
      reason: p.reason ?? 'leader',
    });
  }
  moves.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  const after = totals(brokers, partitions);
  return {
    goal,
    tolerance,
    moves,
    brokers: targets.map((b) => b.id),
    before,
    after,
    bytesMoved: moves.reduce((s, m) => s + m.bytes * m.added.length, 0),
    replicasMoved: moves.reduce((s, m) => s + m.added.length, 0),
    leadersChanged: moves.filter((m) => m.leaderChanged).length,
    lowerBoundBytes,
    unmet,
    notes,
  };
}

/** How many candidate replicas one broker pair examines before giving up on the pair (bounds the time). */
const CANDIDATES_PER_PAIR = 48;

/**
 * Best fit: the largest movable replica on src no larger than `want`, so the move closes both gaps without
 * pushing either broker across the mean. With `overshootLimit`, the smallest replica above `want` but below
 * the limit (the difference between the two brokers): it still narrows the pair, but moves more than needed.
 */
function pickReplica(
  src: WorkBroker,
  dst: WorkBroker,
  want: number,
  canReceive: (p: WorkPartition, from: number, to: number) => boolean,
  overshootLimit?: number,
  sizeHint?: number,
): WorkPartition | undefined {
  const list = src.movable;
  const start = firstAtMost(list, want);
  if (overshootLimit === undefined) {
    // Among replicas that fit (<= want), prefer the one closest to `sizeHint`: filling a gap with replicas of
    // the right average size also balances replica counts, so the count phase has little left to move.
    const hint = Math.min(sizeHint ?? want, want);
    const mid = Math.max(start, firstAtMost(list, hint));
    let best: WorkPartition | undefined;
    let bestDistance = Infinity;
    for (let i = mid, tried = 0; i < list.length && tried < CANDIDATES_PER_PAIR; i++, tried++) {
      if (list[i].bytes <= 0) break;
      if (canReceive(list[i], src.id, dst.id)) {
        best = list[i];
        bestDistance = hint - list[i].bytes;
        break;
      }
    }
    for (let i = mid - 1, tried = 0; i >= start && tried < CANDIDATES_PER_PAIR; i--, tried++) {
      if (list[i].bytes - hint >= bestDistance) break;
      if (canReceive(list[i], src.id, dst.id)) {
        best = list[i];
        break;
      }
    }
    return best;
  }
  for (let i = start - 1, tried = 0; i >= 0 && tried < CANDIDATES_PER_PAIR; i--, tried++) {
    if (list[i].bytes >= overshootLimit) break;
    if (canReceive(list[i], src.id, dst.id)) return list[i];
  }
  return undefined;
}

/**
 * Greedy balancing of one metric in rounds. Each round sorts brokers once, then fills the least loaded
 * brokers from the most loaded ones with moves that fit inside both gaps (every unit moved closes a gap,
 * which keeps the total near the lower bound), aiming at half the tolerance band so the result is not on
 * the edge. Only when no fitting move is left does it take one overshooting move that still narrows the
 * widest pair outside the band, then starts a new round.
 */
function balance(
  brokers: WorkBroker[],
  load: (b: WorkBroker) => number,
  tolerance: number,
  pick: (src: WorkBroker, dst: WorkBroker, want: number, overshootLimit?: number) => WorkPartition | undefined,
  apply: (p: WorkPartition, from: number, to: number) => void,
  minBand = 0,
): void {
  const n = brokers.length;
  if (n < 2) return;
  const avg = brokers.reduce((s, b) => s + load(b), 0) / n;
  const band = Math.max(tolerance * avg, minBand);
  const aim = band / 2;
  const maxRounds = 10 * n + 100;
  for (let round = 0; round < maxRounds; round++) {
    if (brokers.every((b) => Math.abs(load(b) - avg) <= aim)) return;
    const under = brokers.filter((b) => load(b) < avg).sort((a, b) => load(a) - load(b) || a.id - b.id);
    const over = brokers.filter((b) => load(b) > avg).sort((a, b) => load(b) - load(a) || a.id - b.id);
    let moved = 0;
    for (const dst of under) {
      for (const src of over) {
        for (;;) {
          const gapDst = avg - load(dst);
          const gapSrc = load(src) - avg;
          if (gapDst <= 0 || gapSrc <= 0 || (gapSrc <= aim && gapDst <= aim)) break;
          const p = pick(src, dst, Math.min(gapSrc, gapDst));
          if (!p) break;
          apply(p, src.id, dst.id);
          moved++;
        }
        if (avg - load(dst) <= aim) break;
      }
    }
    if (moved > 0) continue;
    // No fitting move: one overshooting move on the widest pair that is outside the band.
    let overshoot = false;
    outer: for (const src of over) {
      for (const dst of under) {
        if (load(src) - avg <= band && avg - load(dst) <= band) continue;
        const p = pick(src, dst, Math.min(load(src) - avg, avg - load(dst)), load(src) - load(dst));
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

/** Reorders replica lists so that preferred leaders are within one of the mean per broker. */
function balanceLeaders(partitions: WorkPartition[], brokers: WorkBroker[]): void {
  const leaders = new Map<number, number>(brokers.map((b) => [b.id, 0]));
  const movable = partitions.filter((p) => p.movable && p.replicas.length > 1);
  for (const p of partitions) leaders.set(p.replicas[0], (leaders.get(p.replicas[0]) ?? 0) + 1);
  const countable = brokers.filter((b) => b.allowed);
  const total = countable.reduce((s, b) => s + (leaders.get(b.id) ?? 0), 0);
  const ceil = Math.ceil(total / countable.length);
  for (let pass = 0; pass < 4; pass++) {
    let changed = false;
    for (const p of movable) {
      const current = p.replicas[0];
      if ((leaders.get(current) ?? 0) <= ceil) continue;
      let best = -1;
      for (let i = 1; i < p.replicas.length; i++) {
        const c = p.replicas[i];
        if (!brokers.some((b) => b.id === c)) continue;
        if ((leaders.get(c) ?? 0) + 1 < (leaders.get(current) ?? 0) && (best < 0 || (leaders.get(c) ?? 0) < (leaders.get(p.replicas[best]) ?? 0))) best = i;
      }
      if (best > 0) {
        const c = p.replicas[best];
        p.replicas[best] = current;
        p.replicas[0] = c;
        leaders.set(current, (leaders.get(current) ?? 0) - 1);
        leaders.set(c, (leaders.get(c) ?? 0) + 1);
        changed = true;
      }
    }
    // then lift brokers below the floor
    const floor = Math.floor(total / countable.length);
    for (const p of movable) {
      const current = p.replicas[0];
      for (let i = 1; i < p.replicas.length; i++) {
        const c = p.replicas[i];
        if ((leaders.get(c) ?? 0) < floor && (leaders.get(current) ?? 0) > floor && brokers.some((b) => b.id === c)) {
          p.replicas[i] = current;
          p.replicas[0] = c;
          leaders.set(current, (leaders.get(current) ?? 0) - 1);
          leaders.set(c, (leaders.get(c) ?? 0) + 1);
          changed = true;
          break;
        }
      }
    }
    if (!changed) break;
  }
}

function totals(brokers: Map<number, WorkBroker>, partitions: WorkPartition[]): BrokerTotals[] {
  const out = new Map<number, BrokerTotals>();
  for (const b of brokers.values()) out.set(b.id, { id: b.id, rack: b.rack, bytes: 0, replicas: 0, leaders: 0 });
  for (const p of partitions) {
    p.replicas.forEach((r, i) => {
      const t = out.get(r);
      if (!t) return;
      t.bytes += p.bytes;
      t.replicas++;
      if (i === 0) t.leaders++;
    });
  }
  return [...out.values()].sort((a, b) => a.id - b.id);
}

/** The plan in Kafka's JSON, ready for kafka-reassign-partitions.sh --execute. */
export function planToReassignment(plan: Plan): ReassignmentJson {
  return { version: 1, partitions: plan.moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.after })) };
}

/** The rollback file: the current assignment of every partition the plan touches. */
export function planRollback(plan: Plan): ReassignmentJson {
  return { version: 1, partitions: plan.moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.before })) };
}
