// Per-goal reports of a plan: every broker's value before and after, its rack-aware target, the capacity line, the
// verdict, and when a goal is not met, the sentence that says what blocks it (racks, granularity, capacity, a higher
// goal) and what would fix it. The verdicts are computed here once; the summary and the plan view only show them.

import { formatBytes, formatBytesPerSec } from '../units';
import { GOALS, HARD_GOALS } from './goals';
import { distinctRacks, leaderOut, type PlannerState, type WorkBroker, type WorkPartition } from './state';
import type { PlannerMetrics, RackTargets } from './targets';
import { createTopicSpread, TOPIC_SPREAD_MIN_GAP } from './topics';
import type { GoalBrokerValue, GoalId, GoalReport, GoalVerdict } from './types';
import { plural } from '../units';

interface Side {
  before: Map<number, number>;
  after: Map<number, number>;
}

type Add = (broker: number, value: number) => void;
type Valuer = (p: WorkPartition, replicas: readonly number[], leader: number, add: Add) => void;

/** Sums per broker, before and after, of several valuers in one pass over the partitions (one Side each). */
function perBrokerAll(state: PlannerState, values: readonly Valuer[]): Side[] {
  // sums in typed arrays by broker position (a million partitions: no Map lookups per replica), then into maps by id
  const ids = [...state.brokers.keys()];
  let maxId = 0;
  for (const id of ids) maxId = Math.max(maxId, id);
  const dense = maxId < 1 << 20 && ids.every((id) => id >= 0 && Number.isInteger(id));
  const slot = dense ? new Int32Array(maxId + 1).fill(-1) : undefined;
  const slots = new Map<number, number>();
  ids.forEach((id, i) => (slot ? (slot[id] = i) : slots.set(id, i)));
  const at = (id: number): number => (slot ? (id >= 0 && id <= maxId ? slot[id] : -1) : (slots.get(id) ?? -1));
  const k = values.length;
  // value v of broker i at [i * k + v]
  const sumBefore = new Float64Array(ids.length * k);
  const sumAfter = new Float64Array(ids.length * k);
  let v = 0;
  const addBefore: Add = (id, x) => {
    const i = at(id);
    if (i >= 0) sumBefore[i * k + v] += x;
  };
  const addAfter: Add = (id, x) => {
    const i = at(id);
    if (i >= 0) sumAfter[i * k + v] += x;
  };
  for (const p of state.partitions) {
    const leaderBefore = p.leader >= 0 && p.original.includes(p.leader) ? p.leader : (p.original[0] ?? -1);
    const leaderAfter = p.replicas[0] ?? -1;
    for (v = 0; v < k; v++) {
      values[v](p, p.original, leaderBefore, addBefore);
      values[v](p, p.replicas, leaderAfter, addAfter);
    }
  }
  return values.map((_, w) => {
    const before = new Map<number, number>();
    const after = new Map<number, number>();
    ids.forEach((id, i) => {
      before.set(id, sumBefore[i * k + w]);
      after.set(id, sumAfter[i * k + w]);
    });
    return { before, after };
  });
}

function perBroker(state: PlannerState, value: Valuer): Side {
  return perBrokerAll(state, [value])[0];
}

const replicaValue =
  (w: (p: WorkPartition) => number): Valuer =>
  (p, replicas, _leader, add) => {
    const v = w(p);
    for (const r of replicas) add(r, v);
  };

function fmt(unit: GoalReport['unit'], v: number): string {
  if (unit === 'bytes') return formatBytes(v);
  if (unit === 'bytes/s') return formatBytesPerSec(v);
  return String(Math.round(v * 100) / 100);
}

/** "1/3" when the share is close to a simple fraction, else a percentage. */
function share(fraction: number): string {
  for (let k = 2; k <= 12; k++) if (Math.abs(fraction * k - 1) < 0.01) return `1/${k}`;
  return `${(fraction * 100).toFixed(0)} %`;
}

function list(ids: number[]): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

interface Context {
  state: PlannerState;
  metrics: PlannerMetrics;
  goalOrder: GoalId[];
}

export function goalReports(ctx: Context): GoalReport[] {
  const { goalOrder } = ctx;
  const ids = [...HARD_GOALS, ...goalOrder];
  // the distribution goals' sums in one pass over the partitions
  const wanted = goalOrder.filter((id) => DISTRIBUTION_VALUES[id] && (ctx.state.hasTraffic || !TRAFFIC_GOALS.includes(id)));
  const sides = perBrokerAll(
    ctx.state,
    wanted.map((id) => DISTRIBUTION_VALUES[id]!),
  );
  const sideOf = new Map(wanted.map((id, i) => [id, sides[i]]));
  const side = (id: GoalId) => sideOf.get(id) ?? perBroker(ctx.state, DISTRIBUTION_VALUES[id]!);
  return ids.map((id, priority) => report(ctx, id, priority, side));
}

function base(id: GoalId, priority: number): Pick<GoalReport, 'id' | 'kind' | 'title' | 'unit' | 'priority'> {
  const g = GOALS[id];
  return { id, kind: g.kind, title: g.title, unit: g.unit, priority };
}

function notMeasured(state: PlannerState, id: GoalId, priority: number, why: string): GoalReport {
  return {
    ...base(id, priority),
    brokers: [...state.brokers.values()]
      .sort((a, b) => a.id - b.id)
      .map((b) => ({ broker: b.id, rack: b.rack, before: 0, after: 0, target: null, capacity: null })),
    verdictBefore: 'not-measured',
    verdict: 'not-measured',
    worstBroker: null,
    worstBrokerBefore: null,
    worstRatioBefore: null,
    worstRatio: null,
    forcedRatio: null,
    notMeasured: why,
  };
}

const bytesOf = (p: WorkPartition) => p.bytes;
const rateOf = (p: WorkPartition) => p.rate;
const one = () => 1;

const NO_RATES =
  'No rates were given: network goals need two snapshots taken a while apart (write rates per partition) and the consumer groups.';

function report(ctx: Context, id: GoalId, priority: number, side: (id: GoalId) => Side): GoalReport {
  const { state, metrics } = ctx;
  const traffic = state.hasTraffic;
  switch (id) {
    case 'rack':
      return rackReport(state, priority);
    case 'replica-capacity':
    case 'partitions-per-broker': {
      const capOf = (b: WorkBroker) =>
        id === 'replica-capacity'
          ? (state.options.maxReplicasPerBroker ?? Infinity)
          : (state.options.capacity?.perBroker?.get(b.id)?.maxPartitions ?? state.options.capacity?.default.maxPartitions ?? Infinity);
      const missing =
        id === 'replica-capacity' ? 'No replica cap was given.' : 'No partition limit per broker was given (a broker type implies one).';
      return capacityGoal(state, id, priority, one, capOf, missing);
    }
    case 'disk-capacity':
      return capacityGoal(state, id, priority, bytesOf, (b) => b.diskCap, 'No disk capacity was given.');
    case 'nw-in-capacity':
      if (!traffic) return notMeasured(state, id, priority, NO_RATES);
      return capacityGoal(state, id, priority, rateOf, (b) => b.nwInCap, 'No network-in capacity was given.');
    case 'nw-out-capacity':
      if (!traffic) return notMeasured(state, id, priority, NO_RATES);
      return capacityGoal(state, id, priority, leaderOut, (b) => b.nwOutCap, 'No network-out capacity was given.', true);
    case 'disk':
      return distributionReport(ctx, id, priority, side('disk'), metrics.diskTargets, 0);
    case 'nw-in':
      if (!traffic) return notMeasured(state, id, priority, NO_RATES);
      return distributionReport(ctx, id, priority, side('nw-in'), metrics.nwInTargets, 0);
    case 'replicas':
      return distributionReport(ctx, id, priority, side('replicas'), metrics.replicaTargets, 1);
    case 'nw-out':
      if (!traffic) return notMeasured(state, id, priority, NO_RATES);
      return distributionReport(ctx, id, priority, side('nw-out'), undefined, 0);
    case 'leader-bytes-in':
      if (!traffic) return notMeasured(state, id, priority, NO_RATES);
      return distributionReport(ctx, id, priority, side('leader-bytes-in'), undefined, 0);
    case 'leaders':
      return distributionReport(ctx, id, priority, side('leaders'), undefined, 1);
    case 'topic-spread':
      return topicSpreadReport(ctx, priority);
  }
}

const leaderValue =
  (w: (p: WorkPartition) => number): Valuer =>
  (p, _replicas, leader, add) => {
    if (leader >= 0) add(leader, w(p));
  };

/** Preferred leaders (the first replica), before and after: what the leader goal counts. */
const preferredValue: Valuer = (_p, replicas, _leader, add) => {
  if (replicas.length) add(replicas[0], 1);
};

/** What each distribution goal sums per broker. */
const DISTRIBUTION_VALUES: Partial<Record<GoalId, Valuer>> = {
  disk: replicaValue(bytesOf),
  'nw-in': replicaValue(rateOf),
  replicas: replicaValue(one),
  'nw-out': leaderValue(leaderOut),
  'leader-bytes-in': leaderValue(rateOf),
  leaders: preferredValue,
};

function rows(
  state: PlannerState,
  side: Side,
  target: (b: WorkBroker) => number | null,
  capacity: (b: WorkBroker) => number | null,
): GoalBrokerValue[] {
  return [...state.brokers.values()]
    .sort((a, b) => a.id - b.id)
    .map((b) => ({
      broker: b.id,
      rack: b.rack,
      before: side.before.get(b.id) ?? 0,
      after: side.after.get(b.id) ?? 0,
      target: target(b),
      capacity: capacity(b),
    }));
}

/** A capacity goal: not measured when no target broker has the capacity, else each broker's load against it. */
function capacityGoal(
  state: PlannerState,
  id: GoalId,
  priority: number,
  weight: (p: WorkPartition) => number,
  capOf: (b: WorkBroker) => number,
  missing: string,
  onLeader = false,
): GoalReport {
  if (state.targets.every((b) => capOf(b) === Infinity)) return notMeasured(state, id, priority, missing);
  return capacityReport(state, id, priority, perBroker(state, onLeader ? leaderValue(weight) : replicaValue(weight)), capOf);
}

function capacityReport(state: PlannerState, id: GoalId, priority: number, side: Side, capOf: (b: WorkBroker) => number): GoalReport {
  const targets = new Set(state.targets.map((b) => b.id));
  const cap = (b: WorkBroker) => (capOf(b) === Infinity ? null : capOf(b));
  const brokers = rows(
    state,
    side,
    () => null,
    (b) => (targets.has(b.id) ? cap(b) : null),
  );
  const counted = brokers.filter((r) => targets.has(r.broker) && r.capacity !== null);
  const worstOf = (pick: (r: GoalBrokerValue) => number) => {
    let worst: GoalBrokerValue | undefined;
    for (const r of counted) if (!worst || pick(r) / r.capacity! > pick(worst) / worst.capacity!) worst = r;
    return worst;
  };
  const wb = worstOf((r) => r.before);
  const wa = worstOf((r) => r.after);
  const over = (pick: (r: GoalBrokerValue) => number) => counted.some((r) => pick(r) > r.capacity! * (1 + 1e-9));
  const unit = GOALS[id].unit;
  const overAfter = counted.filter((r) => r.after > r.capacity! * (1 + 1e-9));
  return {
    ...base(id, priority),
    brokers,
    verdictBefore: over((r) => r.before) ? 'over-capacity' : 'within-capacity',
    verdict: overAfter.length ? 'over-capacity' : 'within-capacity',
    worstBroker: wa?.broker ?? null,
    worstBrokerBefore: wb?.broker ?? null,
    worstRatioBefore: wb && wb.capacity ? wb.before / wb.capacity : null,
    worstRatio: wa && wa.capacity ? wa.after / wa.capacity : null,
    forcedRatio: null,
    ...(overAfter.length
      ? {
          blockedBy: `Broker${overAfter.length > 1 ? 's' : ''} ${list(overAfter.map((r) => r.broker))} stay${overAfter.length > 1 ? '' : 's'} above the usable capacity (${fmt(unit, overAfter[0].capacity!)} on broker ${overAfter[0].broker}): no replica or leadership can move to a broker with room. Add brokers or raise the capacity.`,
        }
      : {}),
  };
}

function rackReport(state: PlannerState, priority: number): GoalReport {
  if (!state.racksKnown) return notMeasured(state, 'rack', priority, 'No broker has a rack (broker.rack): rack awareness does not apply.');
  // (distinct racks counted without a Set per partition: a million partitions, twice each)
  const spreadShort = (replicas: readonly number[]) =>
    distinctRacks(state, replicas as number[]) < Math.min(replicas.length, state.rackCount);
  let short = 0;
  let shortBefore = 0;
  const side = perBroker(state, (p, replicas, _leader, add) => {
    if (!spreadShort(replicas)) return;
    for (const r of replicas) add(r, 1);
    if (replicas === p.replicas) short++;
    else shortBefore++;
  });
  const brokers = rows(
    state,
    side,
    () => 0,
    () => null,
  );
  return {
    ...base('rack', priority),
    brokers,
    verdictBefore: shortBefore ? 'skewed' : 'balanced',
    verdict: short ? 'skewed' : 'balanced',
    worstBroker: null,
    worstBrokerBefore: null,
    worstRatioBefore: null,
    worstRatio: null,
    forcedRatio: null,
    ...(short
      ? {
          blockedBy: `${plural(short, 'partition')} span fewer racks than their replication factor allows: ${state.unmet.find((u) => /rack/.test(u)) ?? 'they cannot move (excluded topics or no room).'}`,
        }
      : {}),
  };
}

function verdictOf(values: { value: number; target: number; band: number }[]): GoalVerdict {
  return values.every((v) => Math.abs(v.value - v.target) <= v.band * (1 + 1e-9) + 1e-9) ? 'balanced' : 'skewed';
}

function distributionReport(
  ctx: Context,
  id: GoalId,
  priority: number,
  side: Side,
  rack: RackTargets | undefined,
  minBand: number,
): GoalReport {
  const { state } = ctx;
  const tol = state.tolerance;
  const targetIds = state.targets.map((b) => b.id);
  let total = 0;
  for (const b of targetIds) total += side.after.get(b) ?? 0;
  const mean = total / targetIds.length;
  const targetOf = new Map<number, number>();
  state.targets.forEach((b, i) => targetOf.set(b.id, rack ? rack.target[i] : mean));
  const band = (t: number) => Math.max(tol * t, minBand);
  const brokers = rows(
    state,
    side,
    (b) => targetOf.get(b.id) ?? null,
    () => null,
  );
  const counted = brokers.filter((r) => targetOf.has(r.broker));
  const vals = (pick: (r: GoalBrokerValue) => number) => counted.map((r) => ({ value: pick(r), target: r.target!, band: band(r.target!) }));
  const worstOf = (pick: (r: GoalBrokerValue) => number) => {
    let worst: GoalBrokerValue | undefined;
    let worstScore = -1;
    for (const r of counted) {
      const b = band(r.target!);
      const s = b > 0 ? Math.abs(pick(r) - r.target!) / b : pick(r) === r.target ? 0 : Infinity;
      if (s > worstScore) {
        worst = r;
        worstScore = s;
      }
    }
    return worst;
  };
  const wb = worstOf((r) => r.before);
  const wa = worstOf((r) => r.after);
  const verdict = verdictOf(vals((r) => r.after));
  const maxTarget = Math.max(...counted.map((r) => r.target!));
  const forcedRatio = mean > 0 ? maxTarget / mean : 1;
  const out: GoalReport = {
    ...base(id, priority),
    brokers,
    verdictBefore: verdictOf(vals((r) => r.before)),
    verdict,
    worstBroker: wa?.broker ?? null,
    worstBrokerBefore: wb?.broker ?? null,
    worstRatioBefore: wb && wb.target ? wb.before / wb.target : null,
    worstRatio: wa && wa.target ? wa.after / wa.target : null,
    forcedRatio,
  };
  const why: string[] = [];
  if (rack && forcedRatio > 1 + tol) why.push(rackSentence(state, rack, id, mean, counted));
  if (verdict === 'skewed' && wa) why.push(skewSentence(ctx, id, wa, band, counted));
  if (why.length) out.blockedBy = why.join(' ');
  return out;
}

function rackSentence(state: PlannerState, rack: RackTargets, id: GoalId, mean: number, counted: GoalBrokerValue[]): string {
  const total = mean * counted.length;
  const what = id === 'replicas' ? 'replicas' : id === 'disk' ? 'bytes' : 'network in';
  // the racks whose brokers must carry more than the mean: their share of the total is fixed (or bounded below)
  const forced = [...rack.racks.values()].filter((r) => r.share / r.brokers.length > mean * (1 + state.tolerance));
  if (forced.length === 0) {
    const fixed = counted.filter((c) => c.target! > mean * (1 + state.tolerance)).map((c) => c.broker);
    return `Broker${fixed.length > 1 ? 's' : ''} ${list(fixed)} hold${fixed.length > 1 ? '' : 's'} more ${what} of topics that do not move (excluded, internal or without a leader) than the mean: include those topics, or accept.`;
  }
  const name = (r: RackTargets['racks'] extends Map<number, infer V> ? V : never) => r.brokers[0].rack ?? `of broker ${r.brokers[0].id}`;
  const parts = forced.map(
    (r) => `rack ${name(r)} has ${r.brokers.length} broker${r.brokers.length > 1 ? 's' : ''} for ${share(r.share / total)} of the ${what}`,
  );
  const ids = forced.flatMap((r) => r.brokers.map((b) => b.id)).sort((a, b) => a - b);
  const ratio = Math.max(...counted.filter((c) => ids.includes(c.broker)).map((c) => c.target!)) / mean;
  return `${parts.join('; ')} (each partition keeps its replicas on distinct racks): add a broker to rack ${forced.map(name).join(' or ')}, or accept ${ratio.toFixed(2)} x the mean on broker${ids.length > 1 ? 's' : ''} ${list(ids)}.`;
}

const TRAFFIC_GOALS: readonly GoalId[] = ['nw-in', 'nw-out', 'leader-bytes-in'];

/** The goals before `id` that constrained it: the traffic goals only when rates were given. */
function higherGoals(state: PlannerState, goalOrder: GoalId[], id: GoalId): GoalId[] {
  return goalOrder.slice(0, goalOrder.indexOf(id)).filter((g) => state.hasTraffic || !TRAFFIC_GOALS.includes(g));
}

/** Why a broker stays outside its band after the plan: granularity, capacity, racks, or a higher goal. */
function skewSentence(ctx: Context, id: GoalId, worst: GoalBrokerValue, band: (t: number) => number, counted: GoalBrokerValue[]): string {
  const { state, goalOrder } = ctx;
  const unit = GOALS[id].unit;
  const t = worst.target!;
  const over = worst.after > t;
  const ratio = t > 0 ? `${(worst.after / t).toFixed(2)} x its target` : `${fmt(unit, worst.after)} against a target of 0`;
  const higher = higherGoals(state, goalOrder, id);
  const replicaGoal = id === 'disk' || id === 'nw-in' || id === 'replicas';
  const lead = `Broker ${worst.broker} ends at ${fmt(unit, worst.after)}, ${ratio} (${fmt(unit, t)}).`;
  if (!replicaGoal) {
    return `${lead} Leadership alone cannot even it: its partitions' other replicas sit on brokers that are already at their share${higher.length ? `, or a higher goal (${higher.join(', ')}) would get worse` : ''}; moving replicas (the disk or network-in goals) gives leadership more room.`;
  }
  const w = id === 'disk' ? (p: WorkPartition) => p.bytes : id === 'nw-in' ? (p: WorkPartition) => p.rate : () => 1;
  const b = state.brokers.get(worst.broker)!;
  // room elsewhere: how much the others can take (over) or give (under) without leaving their band
  let room = 0;
  for (const c of counted) {
    if (c.broker === worst.broker) continue;
    const r = over ? c.target! + band(c.target!) - c.after : c.after - (c.target! - band(c.target!));
    if (r > room) room = r;
  }
  const gap = Math.abs(worst.after - t) - band(t);
  const candidates = over ? b.movable.toArray().filter((p) => w(p) > 0) : [];
  const smallest = candidates.length ? candidates.reduce((m, p) => (w(p) < w(m) ? p : m)) : undefined;
  if (over && smallest && w(smallest) > room && w(smallest) > gap) {
    return `${lead} Granularity: its smallest movable replica (${smallest.topic}-${smallest.partition}, ${fmt(unit, w(smallest))}) is bigger than the room on any other broker (at most ${fmt(unit, room)}), and no swap narrows it: more partitions (smaller replicas) would let it balance.`;
  }
  if (over && candidates.length === 0) {
    return `${lead} None of its replicas can move (excluded or internal topics, or partitions without a leader).`;
  }
  const atCap = state.targets.filter(
    (x) => x.id !== b.id && (x.bytes >= x.diskCap * 0.999 || x.count >= x.countCap || x.nwIn >= x.nwInCap * 0.999),
  );
  if (atCap.length)
    return `${lead} Capacity: brokers ${list(atCap.map((x) => x.id))} are at their capacity, so they cannot take its replicas. Raise the capacity or add a broker.`;
  if (higher.length)
    return `${lead} Every move that would narrow it breaks the rack spread of a partition or makes a higher goal (${higher.join(', ')}) worse: put this goal first, or add a broker.`;
  return `${lead} Every move that would narrow it breaks the rack spread of a partition (its replicas' racks are taken on the brokers with room): add a broker to its rack, or accept.`;
}

function topicSpreadReport(ctx: Context, priority: number): GoalReport {
  const { state, metrics } = ctx;
  const side: Side = { before: new Map(), after: new Map() };
  const before = createTopicSpread(state, metrics, (p) => p.original).excessBySlot;
  const after = (state.topicSpread ?? createTopicSpread(state, metrics)).excessBySlot;
  for (const b of state.brokers.values()) {
    side.before.set(b.id, before[b.slot]);
    side.after.set(b.id, after[b.slot]);
  }
  const targetIds = new Set(state.targets.map((b) => b.id));
  const brokers = rows(
    state,
    side,
    (b) => (targetIds.has(b.id) ? 0 : null),
    () => null,
  );
  const counted = brokers.filter((r) => targetIds.has(r.broker));
  const worst = counted.reduce<GoalBrokerValue | undefined>((w, r) => (!w || r.after > w.after ? r : w), undefined);
  const over = counted.filter((r) => r.after > 0);
  const out: GoalReport = {
    ...base('topic-spread', priority),
    brokers,
    verdictBefore: counted.some((r) => r.before > 0) ? 'skewed' : 'balanced',
    verdict: over.length ? 'skewed' : 'balanced',
    worstBroker: worst && worst.after > 0 ? worst.broker : null,
    worstBrokerBefore: null,
    worstRatioBefore: null,
    worstRatio: null,
    forcedRatio: 1,
  };
  if (over.length) {
    const higher = higherGoals(ctx.state, ctx.goalOrder, 'topic-spread');
    const lead = `${plural(
      over.reduce((s, r) => s + r.after, 0),
      'replica',
    )} on broker${over.length > 1 ? 's' : ''} ${list(over.map((r) => r.broker).slice(0, 8))} ${over.length > 8 ? '(and more) ' : ''}are above their topic's limit (its mean per broker plus the tolerance, at least the mean plus ${state.options.topicSpreadMinGap ?? TOPIC_SPREAD_MIN_GAP}, rounded up)`;
    // a broker below the band of a higher replica goal loses ground on it with every replica that leaves
    const blockers = over.map((r) => ({ broker: r.broker, goals: belowHigherBands(ctx, state.brokers.get(r.broker)!, higher) }));
    if (blockers.every((x) => x.goals.length))
      out.blockedBy = `${lead}: ${blockers
        .slice(0, 4)
        .map((x) => `broker ${x.broker} is below its ${x.goals.join(' and ')} band`)
        .join(
          ', ',
        )}${blockers.length > 4 ? ', …' : ''}, so every replica leaving it makes that higher goal worse, and no swap with a replica of a topic above its own limit on another broker keeps the higher goals. Put topic-spread before that goal, or accept.`;
    else
      out.blockedBy = `${lead}: moving them breaks the rack spread${higher.length ? ` or makes a higher goal (${higher.join(', ')}) worse` : ''}.`;
  }
  return out;
}

/** The higher replica goals whose band the broker is below (a replica leaving it makes them worse), with its values. */
function belowHigherBands(ctx: Context, b: WorkBroker, higher: GoalId[]): string[] {
  const { metrics, state } = ctx;
  const unit = (id: GoalId) => GOALS[id].unit;
  const out: string[] = [];
  for (const id of higher) {
    const m = id === 'disk' ? metrics.disk : id === 'nw-in' ? metrics.nwIn : id === 'replicas' ? metrics.replicas : undefined;
    if (!m || (id === 'nw-in' && !state.hasTraffic)) continue;
    const t = m.target.get(b.id);
    if (t === undefined) continue;
    const band = m.band.get(b.id) ?? 0;
    if (m.load(b) < t - band * (1 + 1e-9) - 1e-9)
      out.push(`${id} (${fmt(unit(id), m.load(b))} against ${fmt(unit(id), t)} ± ${fmt(unit(id), band)})`);
  }
  return out;
}
