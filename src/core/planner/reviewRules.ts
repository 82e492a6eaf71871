// The catalog of plan-review checks (./review.ts): each finding code with its title, why it matters, its default
// severity and the Apache Kafka documentation behind it. SARIF output lists these as its rules. Pure.

import type { FindingSeverity } from './review';

const KAFKA_DOCS = 'https://kafka.apache.org/documentation/';
const REASSIGN_DOCS = `${KAFKA_DOCS}#basic_ops_partitionassignment`;

export interface ReviewCheck {
  title: string;
  /** The severity the check reports with most often (some report a lower one in a milder case, stated in `why`). */
  severity: FindingSeverity;
  docUrl: string;
  why: string;
}

export const REVIEW_CHECKS = {
  'invalid-json': {
    title: 'Not a reassignment file',
    severity: 'error',
    docUrl: REASSIGN_DOCS,
    why: 'The file is not JSON in the format kafka-reassign-partitions.sh reads ({"version": 1, "partitions": [...]}): nothing in it can be reviewed or run.',
  },
  'invalid-version': {
    title: 'Unsupported reassignment file version',
    severity: 'error',
    docUrl: REASSIGN_DOCS,
    why: 'kafka-reassign-partitions.sh reads version 1 of the reassignment JSON only.',
  },
  'invalid-entry': {
    title: 'Malformed partition entry',
    severity: 'error',
    docUrl: REASSIGN_DOCS,
    why: 'Each entry needs a topic, a partition number and a list of distinct broker ids (and log dirs, if given, one per replica); Kafka refuses the whole file otherwise.',
  },
  'invalid-binding': {
    title: 'Malformed plannedFor',
    severity: 'error',
    docUrl: REASSIGN_DOCS,
    why: 'The plannedFor object names the cluster the plan was made for (its cluster id, name and bootstrap); a malformed one cannot protect against running the plan on another cluster.',
  },
  'unknown-topic': {
    title: 'Unknown topic',
    severity: 'error',
    docUrl: REASSIGN_DOCS,
    why: 'The topic does not exist on the cluster reviewed against: the plan was made for another cluster, or the topic was deleted since.',
  },
  'unknown-partition': {
    title: 'Unknown partition',
    severity: 'error',
    docUrl: REASSIGN_DOCS,
    why: 'The topic has fewer partitions than the entry names: a reassignment cannot create partitions.',
  },
  'unknown-broker': {
    title: 'Unknown or offline broker',
    severity: 'error',
    docUrl: REASSIGN_DOCS,
    why: 'A replica is placed on a broker the cluster does not have (or that is down): the reassignment never completes.',
  },
  'offline-broker': {
    title: 'Broker with every log dir failed',
    severity: 'error',
    docUrl: `${KAFKA_DOCS}#brokerconfigs_log.dirs`,
    why: 'Every log directory of the target broker reports an error: it cannot host new replicas.',
  },
  'replication-factor-change': {
    title: 'Replication factor change',
    severity: 'warning',
    docUrl: `${KAFKA_DOCS}#basic_ops_increase_replication_factor`,
    why: 'The entry lists more or fewer replicas than the partition has today: a reassignment then changes the replication factor, which is rarely what a rebalance means to do.',
  },
  'rack-violation': {
    title: 'Replicas on fewer racks than possible',
    severity: 'warning',
    docUrl: `${KAFKA_DOCS}#basic_ops_racks`,
    why: 'Replicas that share a rack (an availability zone) are lost together when it fails. An error when the plan spans fewer racks than the partition does today, a warning when it only keeps a spread that is already narrow.',
  },
  'under-replicated': {
    title: 'Under-replicated partition',
    severity: 'warning',
    docUrl: `${KAFKA_DOCS}#replication`,
    why: 'The partition has replicas out of sync now: moving it adds copy load while it has fewer safe copies. A note only when the move replaces exactly the out-of-sync replicas (it is the fix).',
  },
  'no-change': {
    title: 'Entry that moves nothing',
    severity: 'info',
    docUrl: REASSIGN_DOCS,
    why: 'The entry lists the replicas the partition already has, in the same order: it moves no data and changes no leader.',
  },
} as const satisfies Record<string, ReviewCheck>;

export type ReviewCode = keyof typeof REVIEW_CHECKS;

export function isReviewCode(code: string): code is ReviewCode {
  return Object.hasOwn(REVIEW_CHECKS, code);
}
export const REVIEW_CODES = Object.keys(REVIEW_CHECKS) as ReviewCode[];
