// The planner's working state, shared by its phases: every broker with its load and its movable replicas (sorted by
// size), every partition with its current and planned replicas, the rack of each broker, and the primitives the
// phases are built from (move a replica, check the hard constraints, pick a destination). Phases mutate it in turn.

import { isInternalTopic } from '../kafkaFormats';
import { downBrokers, partitionBytes, type ClusterSnapshot } from '../model';
import { capacityOf, type CapacityLimits, type PartitionTraffic } from '../traffic';
import { PlanInputError, type BrokerTotals, type MoveReason, type PlanOptions } from './types';

export interface WorkPartition {
  topic: string;
  /** The topic's position among the sorted topic names: its row in TopicCounts. */
  topicId: number;
  partition: number;
  leader: number;
  bytes: number;
  original: number[];
  replicas: number[];
  movable: boolean;
  /** Produce rate into the partition (bytes/s; 0 without a traffic model). */
  rate: number;
  /** Consumer groups reading the partition's topic. */
  fanOut: number;
  /**
   * Moves only off brokers that must be emptied, never for balance, racks or leaders: the internal topics
   * (__consumer_offsets, …) of a drain, which must leave the drained brokers but are otherwise left where they are.
   */
  drainOnly: boolean;
  /** Position in the order of comparePartitions over all partitions: the key of the brokers' ReplicaLists. */
  rank: number;
  reason?: MoveReason;
}

export interface WorkBroker {
  id: number;
  /** Position of the broker in `PlannerState.brokers` (0, 1, …): its column in TopicCounts. */
  slot: number;
  rack: string | null;
  /** May receive replicas. */
  allowed: boolean;
  removing: boolean;
  /** Not in the metadata (stopped or crashed) but named by replicas: only ever drained, never a destination. */
  down: boolean;
  bytes: number;
  count: number;
  /** Network in (bytes/s): the produce rate of every partition with a replica here (leaders and followers alike). */
  nwIn: number;
  /** Usable capacity (capacity x ceiling; Infinity when unknown). */
  diskCap: number;
  nwInCap: number;
  nwOutCap: number;
  /** Replica cap: the smaller of maxReplicasPerBroker and the broker type's partition limit. */
  countCap: number;
  /** Movable partitions with a replica here, sorted by bytes descending (ties: topic, partition). */
  movable: ReplicaList;
}

export interface PlannerState {
  options: PlanOptions;
  tolerance: number;
  brokers: Map<number, WorkBroker>;
  /** Brokers that may hold replicas after the plan, by id. */
  targets: WorkBroker[];
  partitions: WorkPartition[];
  /** Hard cap on replicas per broker (Infinity without one). */
  cap: number;
  /** A traffic model was given: the traffic goals are measured. */
  hasTraffic: boolean;
  /** Index of each broker's rack; a broker without a rack is a rack of its own. */
  rackIndex: Map<number, number>;
  /** The same by broker id in a typed array (-1: not a broker) when ids are small, the usual case: read per move. */
  rackById?: Int32Array;
  /** Distinct racks among the targets. */
  rackCount: number;
  /** Some target has a rack: rack spread is a hard constraint. */
  racksKnown: boolean;
  unmet: string[];
  notes: string[];
  /** Partitions by rank, with their bytes and topic ids in columns (read by the searches that scan many). */
  byRank: WorkPartition[];
  bytesByRank: Float64Array;
  topicByRank: Int32Array;
  /** Replicas per topic and broker with each broker's limit (the topic-spread goal), when that goal is asked for. */
  topicSpread?: TopicSpread;
}

/**
 * Replicas of each topic per broker (topic id x broker slot) against the topic-spread goal's limit, kept up to date by
 * moveReplica: the room left (limit - count) in one typed array when topics x brokers is small enough (the usual
 * case), else the counts of the non-zero cells in a map with the limit computed on each read.
 */
export class TopicSpread {
  private readonly dense?: Int32Array;
  private readonly sparse?: Map<number, number>;
  /** Replicas above their topic's limit per broker slot, summed over the topics. */
  readonly excessBySlot: Int32Array;

  constructor(
    private readonly slots: number,
    topics: number,
    /** The topic-spread limit of topic t on the broker in slot s. */
    private readonly limit: (t: number, s: number) => number,
    denseCells = DENSE_TOPIC_CELLS,
  ) {
    this.excessBySlot = new Int32Array(slots);
    if (slots * topics <= denseCells) {
      const room = (this.dense = new Int32Array(slots * topics));
      for (let t = 0, k = 0; t < topics; t++) for (let s = 0; s < slots; s++, k++) room[k] = limit(t, s);
    } else this.sparse = new Map();
  }

  /** The limit of topic t on the broker in slot s less its replicas there (negative: above the limit). */
  room(t: number, s: number): number {
    const k = t * this.slots + s;
    return this.dense ? this.dense[k] : this.limit(t, s) - (this.sparse!.get(k) ?? 0);
  }

  /** A replica of topic t arrives on (delta 1) or leaves (-1) the broker in slot s. */
  add(t: number, s: number, delta: number): void {
    const before = this.room(t, s);
    const k = t * this.slots + s;
    if (this.dense) this.dense[k] -= delta;
    else this.sparse!.set(k, (this.sparse!.get(k) ?? 0) + delta);
    this.excessBySlot[s] += Math.max(0, delta - before) - Math.max(0, -before);
  }

  /** Replicas above the limit on the broker in slot s (0 when within it). */
  excess(t: number, s: number): number {
    return Math.max(0, -this.room(t, s));
  }

  /**
   * What moving a replica of topic t from slot a to slot b does to the goal: +1 when it takes one off a broker above
   * the limit onto one below it, -1 when it puts one above the limit on b without easing a, else 0.
   */
  gain(t: number, a: number, b: number): number {
    return (this.room(t, a) < 0 ? 1 : 0) - (this.room(t, b) < 1 ? 1 : 0);
  }
}

/** Cells (topics x brokers) up to which TopicSpread counts in a typed array: 32 MB. */
const DENSE_TOPIC_CELLS = 8_000_000;

export function comparePartitions(a: WorkPartition, b: WorkPartition): number {
  return b.bytes - a.bytes || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);
}

/** A read-only view of replicas by position. */
export interface IndexedReplicas {
  readonly length: number;
  get(i: number): WorkPartition;
}

/**
 * A broker's movable replicas sorted by comparePartitions (bytes descending, then topic, then partition), stored as
 * the partitions' global ranks in that order in a typed array: inserting and removing shift 4-byte integers
 * (copyWithin, a memmove) instead of object references, which keeps a million moves over lists of thousands cheap.
 */
export class ReplicaList implements IndexedReplicas {
  private ranks: Int32Array;
  length = 0;

  constructor(private readonly byRank: WorkPartition[]) {
    this.ranks = new Int32Array(8);
  }

  get(i: number): WorkPartition {
    return this.byRank[this.ranks[i]];
  }

  /** The rank of the i-th replica: an index into the state's by-rank columns, without reading the partition. */
  rankAt(i: number): number {
    return this.ranks[i];
  }

  /** Where rank r sits (or would sit): binary search. */
  private position(r: number): number {
    let lo = 0;
    let hi = this.length;
    const ranks = this.ranks;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ranks[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Appends without keeping the order: call sort() once after the last push. */
  push(p: WorkPartition): void {
    this.grow();
    this.ranks[this.length++] = p.rank;
  }

  sort(): void {
    this.ranks.subarray(0, this.length).sort();
  }

  insert(p: WorkPartition): void {
    const at = this.position(p.rank);
    if (at < this.length && this.ranks[at] === p.rank) return;
    this.grow();
    this.ranks.copyWithin(at + 1, at, this.length);
    this.ranks[at] = p.rank;
    this.length++;
  }

  remove(p: WorkPartition): void {
    const at = this.position(p.rank);
    if (at >= this.length || this.ranks[at] !== p.rank) return;
    this.ranks.copyWithin(at, at + 1, this.length);
    this.length--;
  }

  toArray(): WorkPartition[] {
    const out = new Array<WorkPartition>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.byRank[this.ranks[i]];
    return out;
  }

  private grow(): void {
    if (this.length < this.ranks.length) return;
    const next = new Int32Array(this.ranks.length * 2);
    next.set(this.ranks);
    this.ranks = next;
  }
}

/** Index of the first partition with bytes <= limit in a list sorted by bytes descending. */
export function firstAtMost(list: IndexedReplicas, limit: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.get(mid).bytes > limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The working state of a snapshot under the goal: brokers added, removed or disallowed; racks; every partition. */
export function createPlannerState(snapshot: ClusterSnapshot, options: PlanOptions, tolerance: number): PlannerState {
  const goal = options.goal;
  const excluded = new Set(options.excludedTopics ?? []);
  const notes: string[] = [];

  // Brokers: the snapshot's, plus brokers being added that are not in it yet.
  const brokers = new Map<number, WorkBroker>();
  const broker = (id: number, rack: string | null): WorkBroker =>
    workBroker(id, rack, options.capacity, options.maxReplicasPerBroker ?? Infinity);
  for (const b of snapshot.brokers) brokers.set(b.id, broker(b.id, b.rack));
  if (goal.kind === 'add') {
    if (goal.brokers.length === 0) throw new PlanInputError('Adding brokers needs at least one broker id.');
    for (const nb of goal.brokers) {
      const existing = brokers.get(nb.id);
      if (existing) {
        if (nb.rack !== null && existing.rack !== nb.rack)
          throw new PlanInputError(`Broker ${nb.id} is already in the cluster on rack ${existing.rack}, not ${nb.rack}.`);
      } else {
        brokers.set(nb.id, broker(nb.id, nb.rack));
      }
    }
  }
  if (goal.kind === 'remove') {
    if (goal.brokers.length === 0) throw new PlanInputError('Removing brokers needs at least one broker id.');
    const down = downBrokers(snapshot);
    for (const id of goal.brokers) {
      let b = brokers.get(id);
      if (!b && down.includes(id)) {
        // A broker that is down still holds its replicas in the metadata: draining it is the usual reason to remove
        // it. Its rack is unknown (only live brokers are listed), so it counts as a rack of its own.
        b = { ...broker(id, null), allowed: false, removing: true, down: true };
        brokers.set(id, b);
      }
      if (!b) {
        const known = [...snapshot.brokers.map((x) => String(x.id)), ...down.map((x) => `${x} (down)`)];
        throw new PlanInputError(`Broker ${id} is not in the cluster (brokers: ${known.join(', ')}).`);
      }
      b.removing = true;
      b.allowed = false;
    }
  }
  if (options.allowedBrokers) {
    const allowed = new Set(options.allowedBrokers);
    for (const id of allowed) if (!brokers.has(id)) throw new PlanInputError(`Allowed broker ${id} is not in the cluster.`);
    for (const b of brokers.values()) if (!allowed.has(b.id)) b.allowed = false;
  }
  let slot = 0;
  for (const b of brokers.values()) b.slot = slot++;
  const targets = [...brokers.values()].filter((b) => b.allowed).sort((a, b) => a.id - b.id);
  if (targets.length === 0) throw new PlanInputError('No broker is left to hold replicas.');
  const rackIds = new Map<string, number>();
  const rackIndex = new Map<number, number>();
  for (const b of brokers.values()) {
    const key = b.rack ?? `(no rack:${b.id})`;
    if (!rackIds.has(key)) rackIds.set(key, rackIds.size);
    rackIndex.set(b.id, rackIds.get(key)!);
  }
  let maxId = -1;
  for (const id of rackIndex.keys()) maxId = Math.max(maxId, id);
  let rackById: Int32Array | undefined;
  if (maxId < 1 << 20 && [...rackIndex.keys()].every((id) => id >= 0 && Number.isInteger(id))) {
    rackById = new Int32Array(maxId + 1).fill(-1);
    for (const [id, r] of rackIndex) rackById[id] = r;
  }
  const rackCount = new Set(targets.map((b) => rackIndex.get(b.id))).size;
  const racksKnown = targets.some((b) => b.rack !== null);

  // Partitions: every replica counts as load where it sits; only movable ones may move.
  const internalPolicy = internalTopicPolicy(options);
  const partitions: WorkPartition[] = [];
  const traffic = options.traffic;
  // rates by topic, then partition number: no key string built per partition (a million of them)
  const rates = new Map<string, Map<number, PartitionTraffic>>();
  if (traffic)
    for (const t of traffic.partitions.values()) {
      let m = rates.get(t.topic);
      if (!m) rates.set(t.topic, (m = new Map()));
      m.set(t.partition, t);
    }
  // topic ids: ranks of the sorted names (one lookup per topic, not per partition)
  const topicNames = [...new Set(snapshot.topics.map((t) => t.name))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const topicRank = new Map(topicNames.map((t, i) => [t, i]));
  for (const topic of snapshot.topics) {
    const topicId = topicRank.get(topic.name)!;
    const internal = topic.internal || isInternalTopic(topic.name);
    const isExcluded = excluded.has(topic.name) || (internal && internalPolicy === 'keep');
    const drainOnly = !isExcluded && internal && internalPolicy === 'drain';
    const topicRates = rates.get(topic.name);
    for (const p of topic.partitions) {
      const t = topicRates?.get(p.partition);
      const wp: WorkPartition = {
        topic: topic.name,
        topicId,
        partition: p.partition,
        leader: p.leader,
        bytes: partitionBytes(p),
        original: p.replicas, // read-only: the snapshot's list, never changed by the plan
        replicas: p.replicas.slice(),
        movable: !isExcluded,
        rank: -1,
        rate: t && t.bytesInPerSec > 0 ? t.bytesInPerSec : 0,
        fanOut: t?.consumerFanOut ?? 0,
        drainOnly,
      };
      partitions.push(wp);
    }
  }
  // comparePartitions with the topic names replaced by their rank: numbers only (a million string compares is slow)
  // (the keys in typed arrays: the sort reads no partition object)
  const n = partitions.length;
  const tr = new Int32Array(n);
  const bytes = new Float64Array(n);
  const number = new Float64Array(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    tr[i] = partitions[i].topicId;
    bytes[i] = partitions[i].bytes;
    number[i] = partitions[i].partition;
    order[i] = i;
  }
  order.sort((a, b) => bytes[b] - bytes[a] || tr[a] - tr[b] || number[a] - number[b]);
  const byRank = order.map((i) => partitions[i]);
  byRank.forEach((p, i) => (p.rank = i));
  const bytesByRank = new Float64Array(n);
  const topicByRank = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    bytesByRank[r] = bytes[order[r]];
    topicByRank[r] = tr[order[r]];
  }

  for (const b of brokers.values()) b.movable = new ReplicaList(byRank);
  for (const wp of partitions) {
    for (const r of wp.replicas) {
      const b = brokers.get(r);
      if (!b) continue; // a replica on a broker missing from the metadata: cannot be balanced, see the note below
      b.bytes += wp.bytes;
      b.count++;
      b.nwIn += wp.rate;
      if (wp.movable && (!wp.drainOnly || !b.allowed)) b.movable.push(wp);
    }
  }
  for (const b of brokers.values()) b.movable.sort();
  const missing = partitions.filter((p) => p.replicas.some((r) => !brokers.has(r)));
  if (missing.length) {
    const ids = [...new Set(missing.flatMap((p) => p.replicas.filter((r) => !brokers.has(r))))].sort((a, b) => a - b);
    notes.push(
      `${missing.length} partitions have replicas on brokers that are down (not in the metadata: ${ids.join(', ')}); those replicas stay where they are unless the plan removes their broker.`,
    );
  }
  for (const t of excluded) if (!snapshot.topics.some((x) => x.name === t)) notes.push(`Excluded topic ${t} is not in the cluster.`);

  return {
    options,
    tolerance,
    brokers,
    targets,
    partitions,
    cap: options.maxReplicasPerBroker ?? Infinity,
    hasTraffic: traffic !== undefined,
    rackIndex,
    rackById,
    byRank,
    bytesByRank,
    topicByRank,
    rackCount,
    racksKnown,
    unmet: [],
    notes,
  };
}

const EMPTY = new ReplicaList([]);

function workBroker(id: number, rack: string | null, capacity: CapacityLimits | undefined, maxReplicas: number): WorkBroker {
  const c = capacity ? capacityOf(capacity, id) : undefined;
  const ceiling = capacity?.ceiling ?? 1;
  return {
    id,
    slot: -1,
    rack,
    allowed: true,
    removing: false,
    down: false,
    bytes: 0,
    count: 0,
    nwIn: 0,
    diskCap: c?.diskBytes !== undefined ? c.diskBytes * ceiling : Infinity,
    nwInCap: c?.networkInBytesPerSec !== undefined ? c.networkInBytesPerSec * ceiling : Infinity,
    nwOutCap: c?.networkOutBytesPerSec !== undefined ? c.networkOutBytesPerSec * ceiling : Infinity,
    countCap: Math.min(maxReplicas, c?.maxPartitions ?? Infinity),
    movable: EMPTY,
  };
}

/** Network out a partition's leader sends: consumers (fan-out) plus one copy per follower. */
export function leaderOut(p: WorkPartition): number {
  return p.rate * (p.fanOut + p.replicas.length - 1);
}

/**
 * What happens to internal topics (__consumer_offsets, __transaction_state, …): 'move' like any topic, 'keep' where
 * they are, or 'drain': off the brokers being removed only. A drain includes them by default, since a broker is
 * only empty when they are gone too; other goals leave them unless includeInternalTopics is true.
 */
export function internalTopicPolicy(options: PlanOptions): 'move' | 'keep' | 'drain' {
  if (options.includeInternalTopics === true) return 'move';
  if (options.includeInternalTopics === false) return 'keep';
  return options.goal.kind === 'remove' ? 'drain' : 'keep';
}

export function rackKey(state: PlannerState, id: number): number {
  const dense = state.rackById;
  if (dense && id >= 0 && id < dense.length) {
    const r = dense[id];
    return r >= 0 ? r : -1 - id;
  }
  return state.rackIndex.get(id) ?? -1 - id;
}

/** Distinct racks of a replica list, with `from` replaced by `to` when given (no allocation). */
export function distinctRacks(state: PlannerState, replicas: number[], from = -1, to = -1): number {
  let distinct = 0;
  for (let i = 0; i < replicas.length; i++) {
    const ri = rackKey(state, replicas[i] === from ? to : replicas[i]);
    let seen = false;
    for (let j = 0; j < i; j++) if (rackKey(state, replicas[j] === from ? to : replicas[j]) === ri) seen = true;
    if (!seen) distinct++;
  }
  return distinct;
}

/** Mean bytes per target broker, now. */
export function meanBytes(state: PlannerState): number {
  return state.targets.reduce((s, b) => s + b.bytes, 0) / state.targets.length;
}

/** Moves p's replica from one broker to another, keeping both brokers' loads and sorted lists up to date. */
export function moveReplica(state: PlannerState, p: WorkPartition, from: number, to: number, reason: MoveReason): void {
  const src = state.brokers.get(from)!;
  const dst = state.brokers.get(to)!;
  p.replicas[p.replicas.indexOf(from)] = to;
  src.bytes -= p.bytes;
  src.count--;
  src.nwIn -= p.rate;
  src.movable.remove(p);
  dst.bytes += p.bytes;
  dst.count++;
  dst.nwIn += p.rate;
  if (!p.drainOnly) dst.movable.insert(p);
  if (state.topicSpread) {
    state.topicSpread.add(p.topicId, src.slot, -1);
    state.topicSpread.add(p.topicId, dst.slot, 1);
  }
  p.reason ??= reason;
}

/** Adds a replica of p on broker `to` (a higher replication factor), keeping its loads and sorted list up to date. */
export function addReplica(state: PlannerState, p: WorkPartition, to: number, reason: MoveReason): void {
  const dst = state.brokers.get(to)!;
  p.replicas.push(to);
  dst.bytes += p.bytes;
  dst.count++;
  dst.nwIn += p.rate;
  if (!p.drainOnly) dst.movable.insert(p);
  if (state.topicSpread) state.topicSpread.add(p.topicId, dst.slot, 1);
  p.reason ??= reason;
}

/**
 * Removes p's replica on broker `from` (a lower replication factor), keeping its loads and sorted list up to date; a
 * broker missing from the metadata (down) has no loads to keep.
 */
export function removeReplica(state: PlannerState, p: WorkPartition, from: number, reason: MoveReason): void {
  p.replicas = p.replicas.filter((r) => r !== from);
  const src = state.brokers.get(from);
  if (src) {
    src.bytes -= p.bytes;
    src.count--;
    src.nwIn -= p.rate;
    src.movable.remove(p);
    if (state.topicSpread) state.topicSpread.add(p.topicId, src.slot, -1);
  }
  p.reason ??= reason;
}

/**
 * Can `to` take the replica of p now on `from` (null: an extra replica) without breaking a hard constraint?
 * Rack rule: a move never lowers the number of racks the partition spans; an extra replica goes to a new
 * rack while one is left.
 */
export function canReceive(state: PlannerState, p: WorkPartition, from: number | null, to: number): boolean {
  const dst = state.brokers.get(to)!;
  if (!dst.allowed || p.replicas.includes(to) || dst.count + 1 > dst.countCap) return false;
  if (dst.bytes + p.bytes > dst.diskCap || dst.nwIn + p.rate > dst.nwInCap) return false;
  if (!state.racksKnown) return true;
  if (from === null) return distinctRacks(state, [...p.replicas, to]) >= Math.min(p.replicas.length + 1, state.rackCount);
  if (rackKey(state, from) === rackKey(state, to)) return true; // same rack: the spread cannot change
  return distinctRacks(state, p.replicas, from, to) >= Math.min(distinctRacks(state, p.replicas), state.rackCount);
}

/** The best destination for a replica that must move: keeps racks, lowest bytes relative to the mean. */
export function bestDestination(state: PlannerState, p: WorkPartition, from: number | null): number | undefined {
  let best: WorkBroker | undefined;
  for (const b of state.targets) {
    if (!canReceive(state, p, from, b.id)) continue;
    if (!best || b.bytes < best.bytes || (b.bytes === best.bytes && b.count < best.count)) best = b;
  }
  return best?.id;
}

/** Bytes, replicas and preferred leaders per broker, by id, as the replica lists stand. */
export function totals(state: PlannerState): BrokerTotals[] {
  // sums by broker slot (a dense id -> slot table when ids are small): no map lookup per replica
  const slots = state.brokers.size;
  const bytes = new Float64Array(slots);
  const replicaCount = new Int32Array(slots);
  const leaders = new Int32Array(slots);
  let maxId = -1;
  let small = true;
  for (const id of state.brokers.keys()) {
    if (!(Number.isInteger(id) && id >= 0 && id < 1 << 20)) small = false;
    else maxId = Math.max(maxId, id);
  }
  const slotById = small ? new Int32Array(maxId + 1).fill(-1) : undefined;
  if (slotById) for (const b of state.brokers.values()) slotById[b.id] = b.slot;
  const slotOf = (id: number) => (slotById ? (id >= 0 && id <= maxId ? slotById[id] : -1) : (state.brokers.get(id)?.slot ?? -1));
  for (const p of state.partitions) {
    const replicas = p.replicas;
    for (let i = 0; i < replicas.length; i++) {
      const s = slotOf(replicas[i]);
      if (s < 0) continue;
      bytes[s] += p.bytes;
      replicaCount[s]++;
      if (i === 0) leaders[s]++;
    }
  }
  return [...state.brokers.values()]
    .sort((a, b) => a.id - b.id)
    .map((b) => ({ id: b.id, rack: b.rack, bytes: bytes[b.slot], replicas: replicaCount[b.slot], leaders: leaders[b.slot] }));
}
