// The planner's goals: hard goals (always on when their inputs exist) and soft distribution goals in a priority order
// the user chooses, named like Cruise Control's goals (https://github.com/linkedin/cruise-control/wiki/Configurations,
// "default.goals"; the goals are described at https://github.com/linkedin/cruise-control/wiki/Pluggable-Components).

import { PlanInputError, type GoalId, type GoalInfo } from './types';

const CC_CONFIG = 'https://github.com/linkedin/cruise-control/wiki/Configurations';
const CC_GOALS = 'https://github.com/linkedin/cruise-control/wiki/Pluggable-Components';

export const GOALS: Readonly<Record<GoalId, GoalInfo>> = {
  rack: {
    id: 'rack',
    kind: 'hard',
    title: 'Rack awareness',
    unit: 'racks',
    description: 'Every partition spans as many racks as its replication factor allows (RackAwareGoal).',
    source: CC_GOALS,
  },
  'replica-capacity': {
    id: 'replica-capacity',
    kind: 'hard',
    title: 'Replica capacity',
    unit: 'replicas',
    description: 'No broker holds more replicas than the replica cap (ReplicaCapacityGoal, max.replicas.per.broker).',
    source: CC_CONFIG,
  },
  'disk-capacity': {
    id: 'disk-capacity',
    kind: 'hard',
    title: 'Disk capacity',
    unit: 'bytes',
    description: 'No broker above the capacity ceiling of its disk after the plan (DiskCapacityGoal, disk.capacity.threshold 0.8).',
    source: CC_CONFIG,
  },
  'nw-in-capacity': {
    id: 'nw-in-capacity',
    kind: 'hard',
    title: 'Network-in capacity',
    unit: 'bytes/s',
    description:
      'No broker receives more than the ceiling of its network-in capacity: produce plus replication in (NetworkInboundCapacityGoal).',
    source: CC_CONFIG,
  },
  'nw-out-capacity': {
    id: 'nw-out-capacity',
    kind: 'hard',
    title: 'Network-out capacity',
    unit: 'bytes/s',
    description:
      'No broker sends more than the ceiling of its network-out capacity: consumers plus replication out (NetworkOutboundCapacityGoal).',
    source: CC_CONFIG,
  },
  'partitions-per-broker': {
    id: 'partitions-per-broker',
    kind: 'hard',
    title: 'Partitions per broker',
    unit: 'replicas',
    description: "No broker holds more partition replicas (leaders and followers) than its broker type's limit.",
    source: 'https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html',
  },
  disk: {
    id: 'disk',
    kind: 'soft',
    title: 'Disk usage distribution',
    unit: 'bytes',
    description: 'Bytes on disk per broker within the tolerance of its rack-aware fair share (DiskUsageDistributionGoal).',
    source: CC_GOALS,
  },
  'nw-in': {
    id: 'nw-in',
    kind: 'soft',
    title: 'Network-in distribution',
    unit: 'bytes/s',
    description:
      'Produce into the partitions a broker leads plus replication into the ones it follows, within the tolerance of its fair share (NetworkInboundUsageDistributionGoal).',
    source: CC_GOALS,
  },
  'nw-out': {
    id: 'nw-out',
    kind: 'soft',
    title: 'Network-out distribution',
    unit: 'bytes/s',
    description:
      'Consumer fetches from the partitions a broker leads plus replication out to their followers, within the tolerance of the mean (NetworkOutboundUsageDistributionGoal).',
    source: CC_GOALS,
  },
  'leader-bytes-in': {
    id: 'leader-bytes-in',
    kind: 'soft',
    title: 'Leader bytes-in distribution',
    unit: 'bytes/s',
    description: 'Produce into the partitions each broker leads, within the tolerance of the mean (LeaderBytesInDistributionGoal).',
    source: CC_GOALS,
  },
  replicas: {
    id: 'replicas',
    kind: 'soft',
    title: 'Replica distribution',
    unit: 'replicas',
    description: 'Replicas per broker within the tolerance of its rack-aware fair share (ReplicaDistributionGoal).',
    source: CC_GOALS,
  },
  leaders: {
    id: 'leaders',
    kind: 'soft',
    title: 'Leader distribution',
    unit: 'leaders',
    description: 'Preferred leaders per broker within one of the mean (LeaderReplicaDistributionGoal).',
    source: CC_GOALS,
  },
  'topic-spread': {
    id: 'topic-spread',
    kind: 'soft',
    title: 'Topic replica distribution',
    unit: 'replicas',
    description:
      "Each topic's replicas spread evenly: no broker holds more of a topic than its mean per broker plus the tolerance, and at least the mean plus 2 (Cruise Control's topic.replica.count.balance.min.gap), rounded up (TopicReplicaDistributionGoal).",
    source: CC_GOALS,
  },
};

/** Hard goals, in Cruise Control's order. Always on when their inputs exist. */
export const HARD_GOALS: readonly GoalId[] = [
  'rack',
  'replica-capacity',
  'disk-capacity',
  'nw-in-capacity',
  'nw-out-capacity',
  'partitions-per-broker',
];

/**
 * The default soft goals, in priority order. Cruise Control's default.goals order the distribution goals replicas,
 * disk, network in, network out, topic replicas, leaders, leader bytes-in; here disk comes first because bytes are
 * what a reassignment copies (balancing them first keeps the plan at its lower bound of bytes moved), then the same
 * order.
 */
export const DEFAULT_GOALS: readonly GoalId[] = ['disk', 'nw-in', 'nw-out', 'replicas', 'topic-spread', 'leaders', 'leader-bytes-in'];

const ALL_GOALS = Object.keys(GOALS) as GoalId[];

function isGoalId(text: string): text is GoalId {
  return (ALL_GOALS as string[]).includes(text);
}

/**
 * Goals from text like "disk,nw-in,leaders" (commas or spaces; case-insensitive). Keeps the order, drops repeats.
 * Throws PlanInputError naming the unknown goal and the valid ones.
 */
export function parseGoals(text: string): GoalId[] {
  const out: GoalId[] = [];
  const words = text
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0);
  if (words.length === 0) throw new PlanInputError(`No goal given. Valid goals: ${ALL_GOALS.join(', ')}.`);
  for (const w of words) {
    if (!isGoalId(w)) throw new PlanInputError(`Unknown goal "${w}". Valid goals: ${ALL_GOALS.join(', ')}.`);
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

/** The soft goals of a goal list, in its order (hard goals are always on and dropped here); the defaults when absent. */
export function softGoalOrder(goals: readonly GoalId[] | undefined): GoalId[] {
  if (!goals) return [...DEFAULT_GOALS];
  return goals.filter((g) => GOALS[g].kind === 'soft').filter((g, i, all) => all.indexOf(g) === i);
}
