// The reassignment planner: minimal-movement plans to add brokers, drain brokers, or fix skew.
// Pure and deterministic: the same snapshot and options give the same plan (every tie breaks on broker id,
// then topic name, then partition). Design note with the reasoning: README.md beside this file.
//
// The phases, in priority order like Cruise Control's goal list, each in its own module over the shared state.ts:
//   1. hardConstraints.ts  replication factor changes, drains, rack spread, replica caps; then the lower bound
//   2. bytes.ts            bytes per broker into the tolerance band (greedy rounds of balance.ts)
//   3. counts.ts           replica counts into the band, keeping bytes inside it
//   4. leaders.ts          preferred leaders spread by reordering replica lists (no data moves)
// moves.ts lists what changed.

import type { ReassignmentJson } from '../kafkaFormats';
import type { ClusterSnapshot } from '../model';
import type { Metric } from './balance';
import { balanceBytes } from './bytes';
import { balanceCounts } from './counts';
import { applyHardConstraints } from './hardConstraints';
import { balanceLeadership, type LeadershipGoal } from './leaders';
import { balanceNetworkIn } from './network';
import { goalReports } from './reports';
import { lowerBoundBytes, plannerMetrics } from './targets';
import { createTopicSpread, spreadTopics } from './topics';
import { softGoalOrder } from './goals';
import { collectMoves } from './moves';
import { createPlannerState, totals } from './state';
import { PlanInputError, type PartitionMove, type Plan, type PlanCost, type PlanOptions } from './types';
import { plural } from '../units';

export { PlanInputError } from './types';
export type {
  BrokerTotals,
  GoalBrokerValue,
  GoalId,
  GoalInfo,
  GoalKind,
  GoalReport,
  GoalUnit,
  GoalVerdict,
  MoveReason,
  PartitionMove,
  Plan,
  PlanCost,
  PlanGoal,
  PlanOptions,
} from './types';
export { DEFAULT_GOALS, GOALS, HARD_GOALS, parseGoals } from './goals';

export function planReassignment(snapshot: ClusterSnapshot, options: PlanOptions): Plan {
  const tolerance = options.tolerance ?? 0.1;
  if (!(tolerance > 0 && tolerance < 1))
    throw new PlanInputError(`tolerance must be between 0 and 1 (0.10 = within 10 % of the mean), got ${tolerance}.`);
  if (options.topicSpreadMinGap !== undefined && !(options.topicSpreadMinGap >= 0 && Number.isFinite(options.topicSpreadMinGap)))
    throw new PlanInputError(
      `topic spread's minimum gap must be a number of replicas >= 0 (2 = Cruise Control's default), got ${options.topicSpreadMinGap}.`,
    );
  if (options.capacity && !(options.capacity.ceiling > 0 && options.capacity.ceiling <= 1))
    throw new PlanInputError(`capacity ceiling must be between 0 and 1 (0.8 = 80 % of capacity), got ${options.capacity.ceiling}.`);
  const goalOrder = softGoalOrder(options.goals);
  const state = createPlannerState(snapshot, options, tolerance);
  const before = totals(state);

  applyHardConstraints(state);
  const metrics = plannerMetrics(state);
  const lowerBound = lowerBoundBytes(state, goalOrder.includes('disk') ? metrics.disk : undefined);
  // counted from here on, so the higher replica goals prefer moves that also spread topics
  if (goalOrder.includes('topic-spread')) state.topicSpread = createTopicSpread(state, metrics);
  // Replica goals in the order asked for, each guarded by the ones before it; then the leadership goals, which move
  // no data and change no replica goal.
  const guards: Metric[] = [];
  for (const goal of goalOrder) {
    if (goal === 'disk') {
      balanceBytes(state, metrics.disk, metrics.replicas, guards);
      guards.push(metrics.disk);
    } else if (goal === 'nw-in' && state.hasTraffic) {
      balanceNetworkIn(state, metrics.nwIn, guards);
      guards.push(metrics.nwIn);
    } else if (goal === 'replicas') {
      balanceCounts(state, metrics.replicas, guards);
      guards.push(metrics.replicas);
    } else if (goal === 'topic-spread') {
      spreadTopics(state, metrics, guards);
    }
  }
  if (!options.keepLeaders) {
    const leadership = goalOrder.filter((g): g is LeadershipGoal => g === 'nw-out' || g === 'leader-bytes-in' || g === 'leaders');
    balanceLeadership(state, leadership);
  }

  const moves = collectMoves(state);
  const bytesMoved = moves.reduce((s, m) => s + m.bytes * m.added.length, 0);
  const replicasMoved = moves.reduce((s, m) => s + m.added.length, 0);
  const leadersChanged = moves.filter((m) => m.leaderChanged).length;
  return {
    goal: options.goal,
    tolerance,
    moves,
    brokers: state.targets.map((b) => b.id),
    before,
    after: totals(state),
    bytesMoved,
    replicasMoved,
    leadersChanged,
    lowerBoundBytes: lowerBound,
    goalOrder,
    goals: goalReports({ state, metrics, goalOrder }),
    cost: planCost(snapshot, moves, bytesMoved, replicasMoved, leadersChanged),
    unmet: state.unmet,
    notes: state.notes,
  };
}

/** Bytes copied (tiered-storage topics: only the local log), leadership changes free. */
function planCost(
  snapshot: ClusterSnapshot,
  moves: PartitionMove[],
  bytesMoved: number,
  replicasMoved: number,
  leadershipChanges: number,
): PlanCost {
  const moved = new Set(moves.filter((m) => m.added.length > 0).map((m) => m.topic));
  const tieredTopics = snapshot.topics.filter((t) => t.configs.remoteStorageEnable === true && moved.has(t.name)).map((t) => t.name);
  const notes = ['A leadership change copies no data: it costs nothing here and takes effect at the preferred-leader election.'];
  if (tieredTopics.length)
    notes.push(
      `${plural(tieredTopics.length, 'moved topic')} ${tieredTopics.length === 1 ? 'uses' : 'use'} tiered storage (remote.storage.enable, KIP-405): only their local log is copied, so their size is the local size DescribeLogDirs reports, not the whole log (${tieredTopics.slice(0, 5).join(', ')}${tieredTopics.length > 5 ? ', …' : ''}).`,
    );
  return { bytesMoved, replicasMoved, leadershipChanges, tieredTopics, notes };
}

/** The plan in Kafka's JSON, ready for kafka-reassign-partitions.sh --execute. */
export function planToReassignment(plan: Plan): ReassignmentJson {
  return { version: 1, partitions: plan.moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.after })) };
}

/** The rollback file: the current assignment of every partition the plan touches. */
export function planRollback(plan: Plan): ReassignmentJson {
  return { version: 1, partitions: plan.moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.before })) };
}
