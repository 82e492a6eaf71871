// The planner's public types: the goal and options a plan is asked for, and the plan it returns (moves, per-broker
// totals before and after, the lower bound of bytes any plan must move, unmet constraints, notes).

import { InputError } from '../errors';
import type { CapacityLimits, TrafficModel } from '../traffic';

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
  /**
   * Topic spread: the least room a topic's limit leaves above its mean per broker, in replicas (default 2, Cruise
   * Control's topic.replica.count.balance.min.gap; 0 = the tolerance alone).
   */
  topicSpreadMinGap?: number;
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
  /**
   * Soft goals in priority order (default DEFAULT_GOALS). A goal never makes a higher one worse. Hard goals are always
   * on when their inputs exist (rack when brokers have racks, capacities when `capacity` gives them); naming one here
   * is allowed and changes nothing.
   */
  goals?: GoalId[];
  /** Per-broker capacity and the ceiling (0.8 by default): the capacity goals and the capacity line of every report. */
  capacity?: CapacityLimits;
  /** Per-partition rates and consumer fan-out: without it the traffic goals are 'not-measured'. */
  traffic?: TrafficModel;
}

/**
 * Goals, named like Cruise Control's (https://github.com/linkedin/cruise-control/wiki/Configurations, "default.goals",
 * and the goal descriptions at https://github.com/linkedin/cruise-control/wiki/Pluggable-Components).
 */
export type GoalId =
  | 'rack'
  | 'replica-capacity'
  | 'disk-capacity'
  | 'nw-in-capacity'
  | 'nw-out-capacity'
  | 'partitions-per-broker'
  | 'disk'
  | 'nw-in'
  | 'nw-out'
  | 'leader-bytes-in'
  | 'replicas'
  | 'leaders'
  | 'topic-spread';

export type GoalKind = 'hard' | 'soft';
export type GoalUnit = 'bytes' | 'bytes/s' | 'replicas' | 'leaders' | 'racks';

export interface GoalInfo {
  id: GoalId;
  kind: GoalKind;
  title: string;
  unit: GoalUnit;
  description: string;
  /** The public page the goal follows. */
  source: string;
}

/**
 * What a goal reached. Soft goals: 'balanced' (every broker within the tolerance of its target) or 'skewed'. Hard
 * capacity goals: 'within-capacity' or 'over-capacity'; the rack goal: 'balanced' (every partition spans as many
 * racks as it can) or 'skewed'. 'not-measured': the goal's input is missing (no rates, no capacity).
 */
export type GoalVerdict = 'balanced' | 'within-capacity' | 'skewed' | 'over-capacity' | 'not-measured';

export interface GoalBrokerValue {
  broker: number;
  rack: string | null;
  before: number;
  after: number;
  /** The broker's fair share given the racks (rack-aware), null for goals without a per-broker target. */
  target: number | null;
  /** The usable capacity (capacity x ceiling), null when unknown or not a capacity goal. */
  capacity: number | null;
}

export interface GoalReport {
  id: GoalId;
  kind: GoalKind;
  title: string;
  unit: GoalUnit;
  /** Priority: 0 is the highest (hard goals first, then the soft goals in the order asked for). */
  priority: number;
  /** Per broker the plan balances over (after adds and removes), by id. */
  brokers: GoalBrokerValue[];
  verdictBefore: GoalVerdict;
  verdict: GoalVerdict;
  /** The broker furthest above its target (or closest to its capacity) after the plan, and value / target there. */
  worstBroker: number | null;
  /** The same before the plan: the broker and its value / target (or capacity). */
  worstBrokerBefore: number | null;
  worstRatioBefore: number | null;
  worstRatio: number | null;
  /**
   * The highest target over the global mean: above 1 when racks force some brokers above the mean (e.g. 1.33 when a
   * rack keeps 2 brokers for a third of the replicas). 1 when the targets are all the mean; null when not measured.
   */
  forcedRatio: number | null;
  /** Why the goal cannot be met and what would fix it, one sentence; absent when it is met or not measured. */
  blockedBy?: string;
  /** Why the goal was not measured (no rates, no capacity given). */
  notMeasured?: string;
}

/** What the plan costs: bytes copied (leadership changes are free), and how tiered-storage topics were counted. */
export interface PlanCost {
  bytesMoved: number;
  replicasMoved: number;
  /** Preferred-leader changes: no data moves. */
  leadershipChanges: number;
  /** Topics with remote.storage.enable=true: only their local log moves (the size DescribeLogDirs reports). */
  tieredTopics: string[];
  /** One sentence per cost rule that applied (tiered storage, leadership). */
  notes: string[];
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

export type MoveReason =
  | 'drain'
  | 'rack'
  | 'replication-factor'
  | 'max-replicas'
  | 'capacity'
  | 'bytes'
  | 'count'
  | 'nw-in'
  | 'nw-out'
  | 'topic-spread'
  | 'leader';

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
   * Bytes that any plan reaching the disk goal must move (a true lower bound: no such plan moves less). Every broker
   * must end within the tolerance of its rack-aware target, so the larger of: the bytes under-loaded brokers must
   * receive to reach the band, and the bytes that must leave (drained brokers, replicas the hard goals move,
   * over-loaded brokers down to the band).
   */
  lowerBoundBytes: number;
  /** Soft goals in the priority order used. */
  goalOrder: GoalId[];
  /** Every goal, hard ones first, then soft ones in priority order. */
  goals: GoalReport[];
  cost: PlanCost;
  /** Hard constraints the plan could not meet (e.g. not enough racks), one sentence each. */
  unmet: string[];
  notes: string[];
}

/** Bad plan options (unknown brokers or topics, a bad tolerance or replication factor): a user error. */
export class PlanInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}
