// Turning a plan into an execution: batches that cap concurrent moves per broker, a replication throttle
// recommendation from spare bandwidth, and the duration estimate. Pure; the executor in src/kafka follows the
// same batches.

import { InputError } from '../errors';
import { REFS, at, derived, type Source } from '../sources';
import { formatDuration, formatMBps } from '../units';
import type { PartitionMove } from './plan';

/** Cruise Control's executor default: 5 concurrent partition movements per broker (num.concurrent.partition.movements.per.broker, Cruise Control wiki: Configurations). */
export const DEFAULT_MAX_MOVES_PER_BROKER = 5;
/** Leaders move in one batch of their own: no data is copied (Cruise Control allows 1,000 leader moves at once). */
export const DEFAULT_MAX_LEADER_MOVES_PER_BATCH = 1000;

export interface ExecutionBatch {
  index: number;
  moves: PartitionMove[];
  /** Bytes each broker receives in this batch (new replicas). */
  bytesInByBroker: Record<number, number>;
  /** Bytes each broker sends (it leads a partition that gains replicas). */
  bytesOutByBroker: Record<number, number>;
  /** max over brokers of max(in, out) / throttle; 0 for a leader-only batch. */
  estimatedSeconds: number;
  /** The broker whose traffic sets the batch's time. */
  bottleneckBroker: number | null;
  leaderOnly: boolean;
}

export interface ExecutionSchedule {
  batches: ExecutionBatch[];
  throttleBytesPerSec: number;
  maxMovesPerBroker: number;
  estimatedSeconds: number;
  /** "~2 h 05 min at 50.0 MB/s" */
  estimateText: string;
}

/** A bad throttle, cap or capacity (a user error). */
export class ExecutionInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutionInputError';
  }
}

/** Brokers a move keeps busy: the ones that receive a copy and the leader they copy from. */
function brokersOf(move: PartitionMove): number[] {
  const busy = new Set(move.added);
  if (move.added.length && move.currentLeader >= 0) busy.add(move.currentLeader);
  return [...busy];
}

/**
 * Greedy batching: largest moves first (long poles start early), each batch taking a move only while every
 * broker it touches has fewer than `maxMovesPerBroker` moves in the batch. Leader-only changes go last, in
 * batches of up to 1,000, since they copy nothing. Each batch's time is its busiest broker's bytes (in or out)
 * over the per-broker throttle: Kafka applies leader.replication.throttled.rate and
 * follower.replication.throttled.rate per broker (KIP-73 Replication Quotas; kafka-reassign-partitions.sh --throttle).
 */
export function scheduleExecution(
  moves: PartitionMove[],
  options: { throttleBytesPerSec: number; maxMovesPerBroker?: number },
): ExecutionSchedule {
  const throttle = options.throttleBytesPerSec;
  const cap = options.maxMovesPerBroker ?? DEFAULT_MAX_MOVES_PER_BROKER;
  if (!(throttle > 0) || !Number.isFinite(throttle))
    throw new ExecutionInputError(`The replication throttle must be a number of bytes/s > 0, got ${throttle}.`);
  if (!Number.isInteger(cap) || cap < 1) throw new ExecutionInputError(`Moves per broker must be a whole number >= 1, got ${cap}.`);
  const dataMoves = moves
    .filter((m) => m.added.length > 0)
    .sort(
      (a, b) =>
        b.bytes * b.added.length - a.bytes * a.added.length || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition),
    );
  const leaderMoves = moves.filter((m) => m.added.length === 0);
  const batches: ExecutionBatch[] = [];
  let pending = dataMoves;
  while (pending.length) {
    const inFlight = new Map<number, number>();
    const taken: PartitionMove[] = [];
    const rest: PartitionMove[] = [];
    for (const move of pending) {
      const busy = brokersOf(move);
      if (busy.every((b) => (inFlight.get(b) ?? 0) < cap)) {
        for (const b of busy) inFlight.set(b, (inFlight.get(b) ?? 0) + 1);
        taken.push(move);
      } else {
        rest.push(move);
      }
    }
    batches.push(batchOf(batches.length, taken, throttle, false));
    pending = rest;
  }
  for (let i = 0; i < leaderMoves.length; i += DEFAULT_MAX_LEADER_MOVES_PER_BATCH) {
    batches.push(batchOf(batches.length, leaderMoves.slice(i, i + DEFAULT_MAX_LEADER_MOVES_PER_BATCH), throttle, true));
  }
  const seconds = batches.reduce((s, b) => s + b.estimatedSeconds, 0);
  return {
    batches,
    throttleBytesPerSec: throttle,
    maxMovesPerBroker: cap,
    estimatedSeconds: seconds,
    estimateText: `~${formatDuration(seconds)} at ${formatMBps(throttle)}`,
  };
}

function batchOf(index: number, moves: PartitionMove[], throttle: number, leaderOnly: boolean): ExecutionBatch {
  const bytesIn: Record<number, number> = {};
  const bytesOut: Record<number, number> = {};
  for (const m of moves) {
    for (const b of m.added) bytesIn[b] = (bytesIn[b] ?? 0) + m.bytes;
    if (m.added.length && m.currentLeader >= 0) bytesOut[m.currentLeader] = (bytesOut[m.currentLeader] ?? 0) + m.bytes * m.added.length;
  }
  let worst = 0;
  let bottleneck: number | null = null;
  for (const [b, bytes] of [...Object.entries(bytesIn), ...Object.entries(bytesOut)]) {
    if (bytes > worst || (bytes === worst && bottleneck !== null && Number(b) < bottleneck)) {
      worst = bytes;
      bottleneck = Number(b);
    }
  }
  return {
    index,
    moves,
    bytesInByBroker: bytesIn,
    bytesOutByBroker: bytesOut,
    estimatedSeconds: worst / throttle,
    bottleneckBroker: bottleneck,
    leaderOnly,
  };
}

export interface ThrottleRecommendation {
  throttleBytesPerSec: number;
  /** The broker with the least spare bandwidth. */
  bindingBroker: number | null;
  formula: string;
  source: Source;
}

/**
 * Replication throttle from spare bandwidth (derived): for each broker, spare = capacity x ceiling - current
 * traffic (the larger of in and out); the throttle is the smallest spare, rounded down to 1 MB/s, at least
 * 1 MB/s. Reserving bandwidth so live traffic does not suffer is the advice of AWS re:Invent 2025 session ANT307
 * ("Operating Apache Kafka and Apache Flink at scale": horizontal scaling = moving partitions under a reserved,
 * throttled bandwidth); the 80 % ceiling is the sizing default (docs/SOURCES.md).
 */
export function recommendThrottle(input: {
  /** Per-broker network or storage throughput limit, bytes/s (the lower of the two). */
  capacityBytesPerSec: number;
  utilizationCeiling?: number;
  /** Current traffic per broker (bytes/s in and out), e.g. from the skew report's rates. */
  traffic: { broker: number; inBytesPerSec: number; outBytesPerSec: number }[];
}): ThrottleRecommendation {
  const ceiling = input.utilizationCeiling ?? 0.8;
  if (!(input.capacityBytesPerSec > 0))
    throw new ExecutionInputError(`Broker capacity must be bytes/s > 0, got ${input.capacityBytesPerSec}.`);
  if (!(ceiling > 0 && ceiling <= 1)) throw new ExecutionInputError(`The utilization ceiling must be in (0, 1], got ${ceiling}.`);
  const budget = input.capacityBytesPerSec * ceiling;
  let spare = budget;
  let binding: number | null = null;
  let bindingTraffic = 0;
  for (const t of input.traffic) {
    const used = Math.max(t.inBytesPerSec, t.outBytesPerSec);
    if (budget - used < spare) {
      spare = budget - used;
      binding = t.broker;
      bindingTraffic = used;
    }
  }
  const MB = 1e6;
  const throttle = Math.max(MB, Math.floor(spare / MB) * MB);
  return {
    throttleBytesPerSec: throttle,
    bindingBroker: binding,
    formula:
      `throttle = min over brokers (capacity x ceiling - max(in, out)) = ${formatMBps(input.capacityBytesPerSec)} x ${ceiling} - ${formatMBps(bindingTraffic)}` +
      `${binding !== null ? ` (broker ${binding})` : ''} = ${formatMBps(Math.max(0, spare))}, rounded down to ${formatMBps(throttle, 0)}` +
      (spare < MB ? ' (no spare bandwidth: the 1 MB/s floor keeps the move going; add capacity first)' : ''),
    source: derived(
      'throttle = min over brokers (capacity × ceiling − max(in, out)), rounded down to 1 MB/s, at least 1 MB/s',
      at(REFS.reInventAnt307, 'reserve bandwidth (throttle) when moving partitions'),
      REFS.kafkaReplicationThrottle,
    ),
  };
}
