// Failure simulation on a real layout: which partitions lose their leader, go offline or fall under
// min.insync.replicas when brokers (or a whole rack / AZ) die, the per-broker traffic after failover against capacity
// and the ceiling, and the catch-up of the returning brokers. Pure. README.md beside this file has the model.

import { InputError } from '../errors';
import { downBrokers, topicPartitionKey, type ClusterSnapshot, type PartitionInfo } from '../model';
import { CATCH_UP_SOURCE, catchUpRateOf } from '../sizing/kafkaCatchUp';
import type { TypedBrokerCapacity } from '../sizing/brokerCapacity';
import { REFS, at, derived, type Source } from '../sources';
import { brokerTraffic, type BrokerTraffic, type CapacityLimits, type Placement, type TrafficModel } from '../traffic';
import { formatBytes, formatBytesPerSec, formatPercent, plural } from '../units';

export type FailureScenario = { kind: 'brokers'; brokers: number[] } | { kind: 'rack'; rack: string };

/** Kafka's default min.insync.replicas when the snapshot does not carry the topic's effective value. */
export const KAFKA_DEFAULT_MIN_INSYNC_REPLICAS = 1;

export const ELECTION_SOURCE: Source = derived(
  'new leader = the first replica in the assigned order that is alive and in the ISR; none: offline, unless unclean.leader.election.enable lets the first live replica lead',
  at(REFS.kafkaReplication, 'Unclean leader election: What if they all die?'),
  REFS.kafkaUncleanLeaderElection,
  at(REFS.kip966EligibleLeaderReplicas, 'leader election order'),
);
export const MIN_ISR_SOURCE: Source = derived(
  'ISR after = ISR − dead brokers; acks=all writes fail while ISR < min.insync.replicas',
  REFS.kafkaMinInsyncReplicas,
  at(REFS.kip966EligibleLeaderReplicas, 'ISR below min.insync.replicas: the removed replicas become eligible leader replicas'),
);
export const FAILOVER_TRAFFIC_SOURCE: Source = derived(
  'per broker after failover: network in = leader bytes in + replication in; network out = consumer fan-out + replication out, over the failover placement',
  REFS.kafkaReplication,
  REFS.reInventAnt307,
);
export const CATCH_UP_BACKLOG_SOURCE: Source = derived(
  'backlog per returning replica = write rate of its partition × downtime (partitions that stayed online)',
  at(REFS.reInventAnt307, 'a broker that returns must catch up before leadership rebalances'),
);

export interface SimulationOptions {
  scenario: FailureScenario;
  /** Measured traffic (two snapshots). Absent: leaders, offline and under-min-ISR only, no loads. */
  traffic?: TrafficModel;
  /** The brokers' capacity (one broker type for all). Absent: loads without utilization. */
  capacity?: TypedBrokerCapacity;
  /** Fraction of capacity allowed (default 0.8). */
  ceiling?: number;
  /** Minutes until the failed brokers return: adds the catch-up. */
  downtimeMinutes?: number;
  /** Replication throttle per broker (leader and follower throttled rate), bytes/s. */
  throttleBytesPerSec?: number;
  /**
   * Eligible Leader Replicas (KIP-966) on: the default for clusters created with Kafka 4.1 or later. Then the ISR of a
   * partition whose last in-sync replica dies becomes empty; without ELR, Kafka keeps that last member in the ISR.
   */
  eligibleLeaderReplicas?: boolean;
}

export interface PartitionOutcome {
  topic: string;
  partition: number;
  replicas: number[];
  leaderBefore: number;
  isrBefore: number[];
  /** -1 when offline. */
  leaderAfter: number;
  isrAfter: number[];
  /** Replicas on failed brokers. */
  lostReplicas: number[];
  minInsyncReplicas: number;
  minInsyncFrom: 'topic' | 'kafka-default';
  leaderMoved: boolean;
  offline: boolean;
  /** Online with fewer in-sync replicas than min.insync.replicas: producers with acks=all get NOT_ENOUGH_REPLICAS. */
  underMinIsr: boolean;
  /** The new leader was not in the ISR (unclean.leader.election.enable = true): records it lacks are lost. */
  uncleanElection: boolean;
  uncleanEnabled: boolean;
}

export type Resource = 'networkIn' | 'networkOut' | 'storageWrite';

export const RESOURCE_LABELS: Record<Resource, string> = {
  networkIn: 'network in',
  networkOut: 'network out',
  storageWrite: 'storage writes',
};

export interface ResourceUse {
  resource: Resource;
  loadBytesPerSec: number;
  capacityBytesPerSec: number;
  utilization: number;
}

export interface BrokerOutcome {
  broker: number;
  rack: string | null;
  /** Failed in this scenario (or already down in the snapshot). */
  down: boolean;
  alreadyDown: boolean;
  leadersBefore: number;
  leadersAfter: number;
  /** Leaders this broker takes over from the failed brokers. */
  leadersGained: number;
  before?: BrokerTraffic;
  after?: BrokerTraffic;
  usesBefore: ResourceUse[];
  usesAfter: ResourceUse[];
  /** Resources above the ceiling after failover. */
  overCeilingAfter: Resource[];
  overCeilingBefore: Resource[];
}

export interface CatchUpTermUse {
  broker: number;
  resource: Resource;
  role: 'returning' | 'leader';
  /** This broker's fraction of the whole backlog (what it receives, or sends). */
  share: number;
  loadBytesPerSec: number;
  capacityBytesPerSec: number;
  /** The total catch-up rate this term allows under the ceiling. */
  limitAtCeilingBytesPerSec: number;
  /** ... and at 100 %. */
  limitAtFullBytesPerSec: number;
  /** Utilization during the catch-up at the chosen rate. */
  utilizationDuring: number;
}

export interface CatchUpOutcome {
  applicable: boolean;
  reason?: string;
  downtimeMinutes: number;
  returning: { broker: number; backlogBytes: number; partitions: number }[];
  backlogBytes: number;
  /** Total rate over all returning brokers, bytes/s; undefined when it cannot be known (no capacity, no throttle). */
  rateBytesPerSec?: number;
  suggestedThrottleBytesPerSec?: number;
  throttled: boolean;
  seconds?: number;
  /** Without a throttle, Kafka copies as fast as the binding broker allows at 100 %: the fastest catch-up, at full load. */
  unthrottledRateBytesPerSec?: number;
  unthrottledSeconds?: number;
  binding?: CatchUpTermUse;
  terms: CatchUpTermUse[];
  withinCeiling?: boolean;
  formula: string;
  sources: Source[];
}

export interface FailureSimulation {
  cluster: string;
  takenAt: string;
  scenario: FailureScenario;
  scenarioText: string;
  failed: number[];
  alreadyDown: number[];
  ceiling: number;
  eligibleLeaderReplicas: boolean;
  /** 'measured' when write rates were sampled, else 'sizes-only' (no per-broker load). */
  rates: 'measured' | 'sizes-only';
  intervalSeconds?: number;
  capacity?: TypedBrokerCapacity;
  /** Every partition with a replica on a failed broker. */
  affected: PartitionOutcome[];
  offline: PartitionOutcome[];
  underMinIsr: PartitionOutcome[];
  leaderMoves: number;
  brokers: BrokerOutcome[];
  overCeiling: BrokerOutcome[];
  catchUp?: CatchUpOutcome;
  verdict: string;
  notes: string[];
  sources: Source[];
}

export class SimulationInputError extends InputError {
  constructor(what: string, fix: string) {
    super(what, { where: 'failure scenario', fix });
    this.name = 'SimulationInputError';
  }
}

/** The brokers a scenario fails: validated against the snapshot (known ids, known rack). */
export function failedBrokers(snapshot: ClusterSnapshot, scenario: FailureScenario): number[] {
  const known = new Set([...snapshot.brokers.map((b) => b.id), ...downBrokers(snapshot)]);
  if (scenario.kind === 'brokers') {
    if (scenario.brokers.length === 0) throw new SimulationInputError('no broker to fail', 'Name at least one broker id.');
    for (const b of scenario.brokers)
      if (!known.has(b))
        throw new SimulationInputError(
          `broker ${b} is not in ${snapshot.name}`,
          `Its brokers are ${[...known].sort((x, y) => x - y).join(', ')}.`,
        );
    return [...new Set(scenario.brokers)].sort((a, b) => a - b);
  }
  const inRack = snapshot.brokers.filter((b) => b.rack === scenario.rack).map((b) => b.id);
  if (inRack.length === 0) {
    const racks = [...new Set(snapshot.brokers.map((b) => b.rack).filter((r): r is string => r !== null))].sort();
    throw new SimulationInputError(
      `no broker of ${snapshot.name} is in rack "${scenario.rack}"`,
      racks.length ? `Its racks (broker.rack) are ${racks.join(', ')}.` : 'Its brokers have no broker.rack: fail brokers by id instead.',
    );
  }
  return inRack.sort((a, b) => a - b);
}

export function scenarioText(scenario: FailureScenario, failed: number[]): string {
  return scenario.kind === 'rack'
    ? `losing rack ${scenario.rack} (broker${failed.length > 1 ? 's' : ''} ${failed.join(', ')})`
    : `losing broker${failed.length > 1 ? 's' : ''} ${failed.join(', ')}`;
}

/** What Kafka's controller does to one partition when the brokers in `dead` stop. */
export function partitionAfterFailure(
  topic: string,
  p: PartitionInfo,
  dead: ReadonlySet<number>,
  minIsr: number,
  minInsyncFrom: PartitionOutcome['minInsyncFrom'],
  uncleanEnabled: boolean,
  elr: boolean,
): PartitionOutcome {
  const alive = (b: number) => !dead.has(b);
  const isrAfterShrink = p.isr.filter(alive);
  let leaderAfter = p.leader;
  let isrAfter = isrAfterShrink;
  let uncleanElection = false;
  if (p.leader < 0 || dead.has(p.leader)) {
    // KRaft controller (PartitionChangeBuilder): the first replica in assignment order that is in the ISR and unfenced
    const clean = p.replicas.find((r) => alive(r) && isrAfterShrink.includes(r));
    if (clean !== undefined) leaderAfter = clean;
    else if (uncleanEnabled) {
      const any = p.replicas.find(alive);
      leaderAfter = any ?? -1;
      if (any !== undefined) {
        uncleanElection = true;
        isrAfter = [any];
      }
    } else leaderAfter = -1;
    if (leaderAfter < 0 && !elr && isrAfterShrink.length === 0 && p.isr.length > 0) {
      // without ELR, Kafka does not empty the ISR: the last in-sync replica stays in it, the partition has no leader
      isrAfter = [p.isr.includes(p.leader) ? p.leader : p.isr[p.isr.length - 1]];
    }
  }
  const offline = leaderAfter < 0;
  return {
    topic,
    partition: p.partition,
    replicas: [...p.replicas],
    leaderBefore: p.leader,
    isrBefore: [...p.isr],
    leaderAfter,
    isrAfter,
    lostReplicas: p.replicas.filter((r) => dead.has(r)),
    minInsyncReplicas: minIsr,
    minInsyncFrom,
    leaderMoved: leaderAfter !== p.leader,
    offline,
    underMinIsr: !offline && isrAfter.length < minIsr,
    uncleanElection,
    uncleanEnabled,
  };
}

function uses(
  kind: TypedBrokerCapacity['kind'] | undefined,
  t: BrokerTraffic | undefined,
  limits: CapacityLimits | undefined,
  broker: number,
): ResourceUse[] {
  if (!t || !limits) return [];
  const cap = limits.perBroker?.get(broker) ?? limits.default;
  const out: ResourceUse[] = [];
  const add = (resource: Resource, load: number, capacity: number | undefined) => {
    if (capacity === undefined || capacity <= 0) return;
    out.push({ resource, loadBytesPerSec: load, capacityBytesPerSec: capacity, utilization: load / capacity });
  };
  if (kind === 'express') {
    // Express quotas are on client traffic: produce in and consume out; the service replicates the data itself
    add('networkIn', t.leaderBytesIn, cap.networkInBytesPerSec);
    add('networkOut', t.consumerOut, cap.networkOutBytesPerSec);
  } else {
    add('networkIn', t.networkIn, cap.networkInBytesPerSec);
    add('networkOut', t.networkOut, cap.networkOutBytesPerSec);
    add('storageWrite', t.networkIn, cap.storageWriteBytesPerSec);
  }
  return out;
}

const over = (list: ResourceUse[], ceiling: number) => list.filter((u) => u.utilization > ceiling + 1e-9).map((u) => u.resource);

function placementsOf(
  outcomes: Iterable<{ topic: string; partition: number; leader: number; replicas: number[] }>,
  dead: ReadonlySet<number>,
): Placement[] {
  const out: Placement[] = [];
  for (const o of outcomes)
    out.push({ topic: o.topic, partition: o.partition, leader: o.leader, replicas: o.replicas.filter((r) => !dead.has(r)) });
  return out;
}

export function simulateFailure(snapshot: ClusterSnapshot, options: SimulationOptions): FailureSimulation {
  const failed = failedBrokers(snapshot, options.scenario);
  const alreadyDown = downBrokers(snapshot);
  const dead = new Set([...failed, ...alreadyDown]);
  const deadBefore = new Set(alreadyDown);
  const ceiling = options.ceiling ?? 0.8;
  const elr = options.eligibleLeaderReplicas ?? true;
  const notes: string[] = [];
  const traffic = options.traffic;
  const limits: CapacityLimits | undefined = options.capacity ? { default: options.capacity.capacity, ceiling } : undefined;
  const kind = options.capacity?.kind;

  const affected: PartitionOutcome[] = [];
  const all: { topic: string; partition: number; before: PartitionInfo; after: PartitionOutcome }[] = [];
  let defaultMinIsr = 0;
  for (const t of snapshot.topics) {
    const fromTopic = t.configs.minInsyncReplicas;
    if (fromTopic === undefined) defaultMinIsr++;
    for (const p of t.partitions) {
      const o = partitionAfterFailure(
        t.name,
        p,
        dead,
        fromTopic ?? KAFKA_DEFAULT_MIN_INSYNC_REPLICAS,
        fromTopic === undefined ? 'kafka-default' : 'topic',
        t.configs.uncleanLeaderElectionEnable === true,
        elr,
      );
      all.push({ topic: t.name, partition: p.partition, before: p, after: o });
      if (o.lostReplicas.length > 0 || o.offline || o.underMinIsr) affected.push(o);
    }
  }
  if (defaultMinIsr > 0)
    notes.push(
      `${plural(defaultMinIsr, 'topic')} without a min.insync.replicas in the snapshot: Kafka's default ${KAFKA_DEFAULT_MIN_INSYNC_REPLICAS} is assumed (a live snapshot reads each topic's effective value).`,
    );
  if (alreadyDown.length)
    notes.push(
      `Already down in the snapshot: ${alreadyDown.length === 1 ? 'broker' : 'brokers'} ${alreadyDown.join(', ')} (named by replicas, absent from the metadata).`,
    );
  const unclean = affected.filter((o) => o.uncleanElection);
  if (unclean.length)
    notes.push(
      `${plural(unclean.length, 'partition')} elect a leader outside the ISR (unclean.leader.election.enable = true): records that replica lacks are lost.`,
    );

  // per broker: leaders and traffic before and after
  const rackOf = new Map(snapshot.brokers.map((b) => [b.id, b.rack]));
  const ids = [...new Set([...snapshot.brokers.map((b) => b.id), ...alreadyDown, ...failed])].sort((a, b) => a - b);
  const beforePlacements = placementsOf(
    all.map((x) => ({ topic: x.topic, partition: x.partition, leader: x.before.leader, replicas: x.before.replicas })),
    deadBefore,
  );
  const afterPlacements = placementsOf(
    all.map((x) => ({ topic: x.topic, partition: x.partition, leader: x.after.leaderAfter, replicas: x.before.replicas })),
    dead,
  );
  const before = traffic ? brokerTraffic(traffic, beforePlacements, ids) : undefined;
  const after = traffic ? brokerTraffic(traffic, afterPlacements, ids) : undefined;
  const leadersBy = (ps: Placement[]) => {
    const m = new Map<number, number>();
    for (const p of ps) if (p.leader >= 0) m.set(p.leader, (m.get(p.leader) ?? 0) + 1);
    return m;
  };
  const lb = leadersBy(beforePlacements);
  const la = leadersBy(afterPlacements);
  const gained = new Map<number, number>();
  for (const x of all)
    if (x.after.leaderMoved && x.after.leaderAfter >= 0) gained.set(x.after.leaderAfter, (gained.get(x.after.leaderAfter) ?? 0) + 1);
  const brokers: BrokerOutcome[] = ids.map((id) => {
    const usesBefore = deadBefore.has(id) ? [] : uses(kind, before?.get(id), limits, id);
    const usesAfter = dead.has(id) ? [] : uses(kind, after?.get(id), limits, id);
    return {
      broker: id,
      rack: rackOf.get(id) ?? null,
      down: dead.has(id),
      alreadyDown: deadBefore.has(id),
      leadersBefore: lb.get(id) ?? 0,
      leadersAfter: la.get(id) ?? 0,
      leadersGained: gained.get(id) ?? 0,
      ...(before ? { before: before.get(id)! } : {}),
      ...(after ? { after: after.get(id)! } : {}),
      usesBefore,
      usesAfter,
      overCeilingBefore: over(usesBefore, ceiling),
      overCeilingAfter: over(usesAfter, ceiling),
    };
  });
  const overCeiling = brokers.filter((b) => b.overCeilingAfter.length > 0);

  const offline = affected.filter((o) => o.offline);
  const underMinIsr = affected.filter((o) => o.underMinIsr);
  const sim: FailureSimulation = {
    cluster: snapshot.name,
    takenAt: snapshot.takenAt,
    scenario: options.scenario,
    scenarioText: scenarioText(options.scenario, failed),
    failed,
    alreadyDown,
    ceiling,
    eligibleLeaderReplicas: elr,
    rates: traffic ? 'measured' : 'sizes-only',
    ...(traffic ? { intervalSeconds: traffic.intervalSeconds } : {}),
    ...(options.capacity ? { capacity: options.capacity } : {}),
    affected,
    offline,
    underMinIsr,
    leaderMoves: affected.filter((o) => o.leaderMoved && !o.offline).length,
    brokers,
    overCeiling,
    verdict: '',
    notes,
    sources: [ELECTION_SOURCE, MIN_ISR_SOURCE, ...(traffic ? [FAILOVER_TRAFFIC_SOURCE] : [])],
  };
  if (options.downtimeMinutes !== undefined) sim.catchUp = catchUpAfterReturn(sim, all, options, traffic, limits);
  if (!traffic)
    notes.push('No write rates were sampled: leaders, offline and under-min-ISR partitions only; take two snapshots for per-broker load.');
  else if (!options.capacity) notes.push('No broker type: per-broker load is shown without capacity, ceiling checks need one.');
  if (kind === 'express')
    notes.push(
      'Express brokers: checked against the sustained ingress (produce in) and egress (consume out) per broker; the service replicates and stores the data and manages recovery, so replication, storage and catch-up are not modelled (Amazon MSK Developer Guide, Express brokers).',
    );
  sim.verdict = verdictOf(sim);
  return sim;
}

function catchUpAfterReturn(
  sim: FailureSimulation,
  all: { topic: string; partition: number; before: PartitionInfo; after: PartitionOutcome }[],
  options: SimulationOptions,
  traffic: TrafficModel | undefined,
  limits: CapacityLimits | undefined,
): CatchUpOutcome {
  const downtimeMinutes = options.downtimeMinutes!;
  const seconds = downtimeMinutes * 60;
  const returningSet = new Set(sim.failed);
  const base = {
    downtimeMinutes,
    returning: [] as CatchUpOutcome['returning'],
    backlogBytes: 0,
    throttled: options.throttleBytesPerSec !== undefined,
    terms: [] as CatchUpTermUse[],
    sources: [CATCH_UP_BACKLOG_SOURCE, CATCH_UP_SOURCE],
  };
  if (sim.capacity?.kind === 'express')
    return {
      ...base,
      applicable: false,
      reason:
        'Not modelled for Express brokers: the service manages storage and recovery (Amazon MSK Developer Guide, Express brokers: they "recover 90% quicker").',
      formula: '',
    };
  if (!traffic)
    return {
      ...base,
      applicable: false,
      reason: 'No write rates were sampled: the backlog is writes during the downtime, which needs two snapshots.',
      formula: '',
    };

  // the layout while they catch up: failover leaders stay (they lead until the returning replica is back in the ISR and
  // a preferred-leader election moves leadership back); a partition that was offline comes back with a returning ISR member
  const backlogTo = new Map<number, { bytes: number; partitions: number }>();
  const backlogFrom = new Map<number, number>();
  const placements: Placement[] = [];
  for (const x of all) {
    let leader = x.after.leaderAfter;
    if (leader < 0) leader = x.before.replicas.find((r) => returningSet.has(r) && x.before.isr.includes(r)) ?? -1;
    placements.push({
      topic: x.topic,
      partition: x.partition,
      leader,
      replicas: x.before.replicas.filter((r) => returningSet.has(r) || !sim.alreadyDown.includes(r)),
    });
    if (x.after.offline) continue; // no leader, no writes while they were away
    const rate = traffic.partitions.get(topicPartitionKey(x.topic, x.partition))?.bytesInPerSec ?? 0;
    if (rate <= 0) continue;
    for (const r of x.after.lostReplicas) {
      if (!returningSet.has(r)) continue;
      const acc = backlogTo.get(r) ?? { bytes: 0, partitions: 0 };
      acc.bytes += rate * seconds;
      acc.partitions++;
      backlogTo.set(r, acc);
      backlogFrom.set(x.after.leaderAfter, (backlogFrom.get(x.after.leaderAfter) ?? 0) + rate * seconds);
    }
  }
  const returning = sim.failed.map((b) => ({
    broker: b,
    backlogBytes: backlogTo.get(b)?.bytes ?? 0,
    partitions: backlogTo.get(b)?.partitions ?? 0,
  }));
  const total = returning.reduce((s, r) => s + r.backlogBytes, 0);
  const live = brokerTraffic(
    traffic,
    placements,
    sim.brokers.map((b) => b.broker),
  );
  const throttle = options.throttleBytesPerSec;
  const ceiling = sim.ceiling;

  // Proportional sharing: each returning broker receives, and each leader sends, its share of the backlog, so a
  // broker with share s and spare bandwidth S allows a total rate of S ÷ s (derived).
  const terms: CatchUpTermUse[] = [];
  const term = (
    broker: number,
    resource: Resource,
    role: CatchUpTermUse['role'],
    share: number,
    load: number,
    capacity: number | undefined,
  ) => {
    if (capacity === undefined || share <= 0) return;
    terms.push({
      broker,
      resource,
      role,
      share,
      loadBytesPerSec: load,
      capacityBytesPerSec: capacity,
      limitAtCeilingBytesPerSec: (ceiling * capacity - load) / share,
      limitAtFullBytesPerSec: (capacity - load) / share,
      utilizationDuring: 0,
    });
  };
  let throttleTotal: number | undefined;
  if (total > 0) {
    const cap = (b: number) => limits?.perBroker?.get(b) ?? limits?.default;
    for (const r of returning) {
      const share = r.backlogBytes / total;
      const t = live.get(r.broker)!;
      term(r.broker, 'networkIn', 'returning', share, t.networkIn, cap(r.broker)?.networkInBytesPerSec);
      term(r.broker, 'storageWrite', 'returning', share, t.networkIn, cap(r.broker)?.storageWriteBytesPerSec);
      if (throttle !== undefined && share > 0) throttleTotal = Math.min(throttleTotal ?? Infinity, throttle / share);
    }
    for (const [leader, bytes] of backlogFrom) {
      const share = bytes / total;
      const t = live.get(leader)!;
      term(leader, 'networkOut', 'leader', share, t.networkOut, cap(leader)?.networkOutBytesPerSec);
      if (throttle !== undefined) throttleTotal = Math.min(throttleTotal ?? Infinity, throttle / share);
    }
  }
  const minBy = (f: (t: CatchUpTermUse) => number) =>
    terms.reduce<CatchUpTermUse | undefined>((best, t) => (!best || f(t) < f(best) ? t : best), undefined);
  const bindCeil = minBy((t) => t.limitAtCeilingBytesPerSec);
  const bindFull = minBy((t) => t.limitAtFullBytesPerSec);
  let rate: number | undefined;
  let suggested: number | undefined;
  if (bindCeil && bindFull) {
    ({ rate, suggested } = catchUpRateOf(bindCeil.limitAtCeilingBytesPerSec, bindFull.limitAtFullBytesPerSec, throttleTotal));
  } else if (throttleTotal !== undefined) rate = throttleTotal;
  for (const t of terms) t.utilizationDuring = (t.loadBytesPerSec + (rate ?? 0) * t.share) / t.capacityBytesPerSec;
  const secondsToCatchUp = total === 0 ? 0 : rate !== undefined && rate > 0 ? total / rate : rate === 0 ? Infinity : undefined;
  const peak = terms.reduce<CatchUpTermUse | undefined>(
    (best, t) => (!best || t.utilizationDuring > best.utilizationDuring ? t : best),
    undefined,
  );
  const binding =
    throttleTotal !== undefined && rate === throttleTotal
      ? undefined
      : bindCeil && rate === bindCeil.limitAtCeilingBytesPerSec
        ? bindCeil
        : bindFull;
  const rateText =
    rate === undefined
      ? 'rate unknown (no broker type and no throttle)'
      : throttle !== undefined
        ? `min(throttle ${formatBytesPerSec(throttle)} per broker ÷ largest share, spare at 100 %) = ${formatBytesPerSec(rate)}`
        : `spare under the ${formatPercent(ceiling, 0)} ceiling of the binding broker ÷ its share = ${formatBytesPerSec(rate)} (no throttle given: Kafka does not cap follower catch-up by itself)`;
  const unthrottled = throttle === undefined && bindFull ? Math.max(0, bindFull.limitAtFullBytesPerSec) : undefined;
  const unthrottledSeconds = unthrottled === undefined || total === 0 ? undefined : unthrottled > 0 ? total / unthrottled : Infinity;
  const formula =
    total === 0
      ? 'nothing to copy: no writes reached the returning brokers\u2019 partitions while they were away'
      : `backlog Σ write rate × ${downtimeMinutes} min = ${formatBytes(total)}; ${rateText}` +
        (secondsToCatchUp !== undefined && Number.isFinite(secondsToCatchUp)
          ? `; time = ${formatBytes(total)} ÷ rate = ${formatDuration(secondsToCatchUp)}`
          : '') +
        (unthrottled !== undefined && unthrottledSeconds !== undefined
          ? `; unthrottled: spare at 100 % ÷ share = ${formatBytesPerSec(unthrottled)}, ${formatDuration(unthrottledSeconds)} with broker ${bindFull!.broker} ${RESOURCE_LABELS[bindFull!.resource]} at 100 %`
          : '');
  return {
    ...base,
    applicable: true,
    returning,
    backlogBytes: total,
    ...(rate !== undefined ? { rateBytesPerSec: rate } : {}),
    ...(suggested !== undefined ? { suggestedThrottleBytesPerSec: suggested } : {}),
    ...(secondsToCatchUp !== undefined ? { seconds: secondsToCatchUp } : {}),
    ...(unthrottled !== undefined ? { unthrottledRateBytesPerSec: unthrottled } : {}),
    ...(unthrottledSeconds !== undefined ? { unthrottledSeconds } : {}),
    ...(binding ? { binding } : {}),
    terms,
    ...(peak ? { withinCeiling: peak.utilizationDuring <= ceiling + 1e-9 && rate !== 0 } : {}),
    formula,
  };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never (no spare bandwidth)';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function listBrokers(ids: number[]): string {
  return ids.length === 1 ? `broker ${ids[0]}` : `brokers ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function verdictOf(sim: FailureSimulation): string {
  const head = sim.scenarioText.charAt(0).toUpperCase() + sim.scenarioText.slice(1);
  const parts: string[] = [];
  if (sim.overCeiling.length) {
    const worst = (b: BrokerOutcome) => b.usesAfter.reduce((m, u) => (u.utilization > m.utilization ? u : m));
    const byResource = new Map<Resource, BrokerOutcome[]>();
    for (const b of sim.overCeiling) {
      const r = worst(b).resource;
      byResource.set(r, [...(byResource.get(r) ?? []), b]);
    }
    for (const [resource, bs] of byResource) {
      const pcts = bs.map((b) => formatPercent(worst(b).utilization, 0));
      const same = new Set(pcts).size === 1;
      parts.push(
        `puts ${listBrokers(bs.map((b) => b.broker))} at ${same ? pcts[0] : pcts.join(' / ')} of ${RESOURCE_LABELS[resource]}: above the ${formatPercent(sim.ceiling, 0)} ceiling`,
      );
    }
  }
  if (sim.offline.length) parts.push(`takes ${plural(sim.offline.length, 'partition')} offline`);
  if (sim.underMinIsr.length)
    parts.push(`leaves ${plural(sim.underMinIsr.length, 'partition')} under min.insync.replicas (acks=all writes fail)`);
  if (parts.length === 0) {
    const okLoad =
      sim.rates === 'measured' && sim.capacity
        ? `every broker stays under the ${formatPercent(sim.ceiling, 0)} ceiling`
        : sim.rates === 'measured'
          ? 'per-broker load is shown without a capacity'
          : 'load not checked (no write rates sampled)';
    return `${head}: ${plural(sim.leaderMoves, 'leader')} ${sim.leaderMoves === 1 ? 'moves' : 'move'}, no partition goes offline or under min.insync.replicas, ${okLoad}.`;
  }
  return `${head} ${parts.join('; ')}.`;
}
