// The planner's public types: the goal and options a plan is asked for, and the plan it returns (moves, per-broker
// totals before and after, the lower bound of bytes any plan must move, unmet constraints, notes).

import { InputError } from '../errors';

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

/** Bad plan options (unknown brokers or topics, a bad tolerance or replication factor): a user error. */
export class PlanInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}
