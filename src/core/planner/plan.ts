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
import { balanceBytes } from './bytes';
import { balanceCounts } from './counts';
import { applyHardConstraints, lowerBoundBytes } from './hardConstraints';
import { balanceLeaders } from './leaders';
import { softGoalOrder } from './goals';
import { collectMoves } from './moves';
import { createPlannerState, totals } from './state';
import { PlanInputError, type Plan, type PlanOptions } from './types';

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
  const state = createPlannerState(snapshot, options, tolerance);
  const before = totals(state);

  applyHardConstraints(state);
  const lowerBound = lowerBoundBytes(state);
  balanceBytes(state);
  balanceCounts(state);
  if (!options.keepLeaders) balanceLeaders(state.partitions, state.targets);

  const moves = collectMoves(state);
  const goalOrder = softGoalOrder(options.goals);
  return {
    goal: options.goal,
    tolerance,
    moves,
    brokers: state.targets.map((b) => b.id),
    before,
    after: totals(state),
    bytesMoved: moves.reduce((s, m) => s + m.bytes * m.added.length, 0),
    replicasMoved: moves.reduce((s, m) => s + m.added.length, 0),
    leadersChanged: moves.filter((m) => m.leaderChanged).length,
    lowerBoundBytes: lowerBound,
    goalOrder,
    goals: [],
    cost: {
      bytesMoved: moves.reduce((s, m) => s + m.bytes * m.added.length, 0),
      replicasMoved: moves.reduce((s, m) => s + m.added.length, 0),
      leadershipChanges: moves.filter((m) => m.leaderChanged).length,
      tieredTopics: [],
      notes: [],
    },
    unmet: state.unmet,
    notes: state.notes,
  };
}

/** The plan in Kafka's JSON, ready for kafka-reassign-partitions.sh --execute. */
export function planToReassignment(plan: Plan): ReassignmentJson {
  return { version: 1, partitions: plan.moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.after })) };
}

/** The rollback file: the current assignment of every partition the plan touches. */
export function planRollback(plan: Plan): ReassignmentJson {
  return { version: 1, partitions: plan.moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.before })) };
}
