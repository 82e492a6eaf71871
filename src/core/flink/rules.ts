// The Flink rules' catalog: ids, default severities, titles and the documentation each cites; the checks that
// judge the facts through the job model are in ./ruleChecks.ts. Findings carry a stable id, a severity, a message
// that says what to do, and the documentation that backs it
// (sources: the Apache Flink documentation page each rule links, the Managed Service for Apache Flink best practices,
// and AWS re:Invent 2025 session ANT307, "Operating Apache Kafka and Apache Flink at scale"). Pure.

import type { SourceRange } from './facts';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
/**
 * 'operator': judges one operator, strategy, descriptor or type, as true in a library of functions as in a job.
 * 'job': judges the job as a whole (its checkpointing, max parallelism, watermark strategy, branches), so it is
 * reported only in a file that runs a job (./context.ts).
 */
export type RuleScope = 'job' | 'operator';
export type DeploymentTarget = 'self-managed' | 'managed';

export interface TextEdit {
  range: SourceRange;
  newText: string;
}

export interface FlinkFix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  range: SourceRange;
  docUrl: string;
  fix?: FlinkFix;
}

const DOCS = 'https://nightlies.apache.org/flink/flink-docs-stable/docs';

export const RULES = {
  'processing-time-window': {
    severity: 'warning',
    scope: 'operator',
    title: 'Processing-time window',
    docUrl: `${DOCS}/concepts/time/`,
    why: 'Processing-time windows group records by when an operator sees them, not when they happened: results change with lag, restarts and backfills ("my aggregations are off").',
  },
  'processing-time-timer': {
    severity: 'warning',
    scope: 'operator',
    title: 'Processing-time timer',
    docUrl: `${DOCS}/concepts/time/`,
    why: 'A processing-time timer fires by wall clock: replays and lag give different results than the live run.',
  },
  'event-time-without-watermarks': {
    severity: 'error',
    scope: 'job',
    title: 'Event time without watermarks',
    docUrl: `${DOCS}/dev/datastream/event-time/generating_watermarks/`,
    why: 'Event-time windows and timers fire only when watermarks pass them. With no watermark strategy they never fire.',
  },
  'watermark-without-idleness': {
    severity: 'warning',
    scope: 'operator',
    title: 'Watermarks without idleness',
    docUrl: `${DOCS}/dev/datastream/event-time/generating_watermarks/#dealing-with-idle-sources`,
    why: 'A Kafka partition or Kinesis shard with no records holds the watermark back for the whole job: windows stop firing.',
  },
  'out-of-orderness-zero': {
    severity: 'info',
    scope: 'operator',
    title: 'Bounded out-of-orderness of zero',
    docUrl: `${DOCS}/dev/datastream/event-time/built_in/`,
    why: 'forBoundedOutOfOrderness(0) is forMonotonousTimestamps() spelled in a way that hides intent; if records are not in order, late ones are dropped.',
  },
  'out-of-orderness-exceeds-window': {
    severity: 'warning',
    scope: 'operator',
    title: 'Out-of-orderness larger than the window',
    docUrl: `${DOCS}/dev/datastream/event-time/generating_watermarks/`,
    why: 'Watermarks too slow = lag: every window waits for the out-of-orderness bound before it fires, longer than the window itself.',
  },
  'low-cardinality-key': {
    severity: 'warning',
    scope: 'operator',
    title: 'Low-cardinality key',
    docUrl: 'https://docs.aws.amazon.com/managed-flink/latest/java/troubleshooting-data-skew.html',
    why: 'A key with few values (a boolean, an enum, a constant) sends all records to a few subtasks: the others idle. Aim for a key cardinality of at least 10x the parallelism.',
  },
  'state-without-ttl': {
    severity: 'warning',
    scope: 'operator',
    title: 'State without TTL',
    docUrl: `${DOCS}/dev/datastream/fault-tolerance/state/#state-time-to-live-ttl`,
    why: 'Keyed state without a TTL grows with every key ever seen: checkpoints get bigger and slower until the job runs out of storage. TTL applies to keyed state only: operator and broadcast state are not reported.',
  },
  'kryo-fallback': {
    severity: 'warning',
    scope: 'operator',
    title: 'Kryo fallback',
    docUrl: `${DOCS}/dev/datastream/fault-tolerance/serialization/types_serialization/`,
    why: 'Types Flink cannot analyse as POJOs are serialized with Kryo: slower, bigger, and without schema evolution. The default serialization is slow for CPU-heavy jobs.',
  },
  'missing-uid': {
    severity: 'warning',
    scope: 'operator',
    title: 'Stateful operator without uid',
    docUrl: `${DOCS}/ops/state/savepoints/#assigning-operator-ids`,
    why: "Flink maps the state in a savepoint back to operators by their ids; without uid() the id is generated from the job graph, so a changed job cannot restore that operator's state. Reported only for operators that keep state: sources with offsets or splits, keyed and window operators, functions with operator state, exactly-once (two-phase commit) and buffering sinks. map, filter and print keep none.",
  },
  'max-parallelism-unset': {
    severity: 'warning',
    scope: 'job',
    title: 'Max parallelism not set',
    docUrl: `${DOCS}/ops/production_ready/#set-an-explicit-max-parallelism`,
    why: 'Max parallelism fixes the number of key groups and cannot change without losing state; the derived default is only safe up to 128.',
  },
  'redundant-shuffle': {
    severity: 'warning',
    scope: 'operator',
    title: 'Redundant shuffle',
    docUrl: `${DOCS}/dev/datastream/operators/overview/#physical-partitioning`,
    why: 'Every shuffle serializes each record and sends it over the network. A shuffle right before keyBy, or a second keyBy on the same key, is paid for nothing.',
  },
  'many-branches': {
    severity: 'info',
    scope: 'job',
    title: 'Many similar branches',
    docUrl: 'https://docs.aws.amazon.com/managed-flink/latest/java/best-practices.html',
    why: 'Code shape drives cost: one branch per value (e.g. per alarm type) multiplies operators and subtasks; in AWS re:Invent 2025 session ANT307 ("Operating Apache Kafka and Apache Flink at scale") 20 branches became 3 (one per window size) by keying on the type. Reported for branches that differ only by values (a filter constant, a window size), not by window type or function.',
  },
  'checkpointing-disabled': {
    severity: 'warning',
    scope: 'job',
    title: 'Checkpointing disabled',
    docUrl: `${DOCS}/dev/datastream/fault-tolerance/checkpointing/`,
    why: 'Checkpointing is off by default in Flink: without it a failure loses all state and exactly-once sinks never commit. (Managed Service for Apache Flink configures it at the service.)',
  },
  'sql-processing-time-window': {
    severity: 'warning',
    scope: 'operator',
    title: 'SQL window on processing time',
    docUrl: `${DOCS}/dev/table/concepts/time_attributes/#processing-time`,
    why: 'A TUMBLE, HOP, CUMULATE or SESSION window (window TVF or GROUP BY group window) over a column declared AS PROCTIME() groups rows by when Flink reads them, not when they happened: results change with lag, restarts and replays. Reported when the CREATE TABLE of the windowed table is in the same file.',
  },
  'sql-window-without-watermark': {
    severity: 'error',
    scope: 'operator',
    title: 'SQL window without a watermark',
    docUrl: `${DOCS}/dev/table/concepts/time_attributes/#event-time`,
    why: 'In streaming mode a window needs a time attribute: a column with WATERMARK FOR it in its CREATE TABLE (event time) or AS PROCTIME(). On a plain timestamp column the Flink planner rejects the query ("Window aggregate can only be defined over a time attribute column" for a group window, "The window function requires the timecol is a time attribute type" for a window TVF; checked with Flink 1.20). Reported when the CREATE TABLE of the windowed table is in the same file; not in batch mode.',
  },
  'sql-unbounded-state-without-ttl': {
    severity: 'warning',
    scope: 'operator',
    title: 'SQL join or aggregation without state TTL',
    docUrl: `${DOCS}/dev/table/concepts/overview/#idle-state-retention-time`,
    why: 'A regular join keeps every row of both sides, and a GROUP BY outside a window keeps one entry per group, for ever: state grows with every key until checkpoints and the state backend give out. Set table.exec.state.ttl (SET in SQL or on the table config) or a /*+ STATE_TTL(...) */ hint. Interval, temporal, lookup and window joins and window aggregations keep bounded state and are not reported; nor jobs in batch mode, or files that run no SQL insert and no job.',
  },
} as const satisfies Record<string, { severity: Severity; scope: RuleScope; title: string; docUrl: string; why: string }>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

/** Branches that repeat the same chain at least this often are reported (re:Invent 2025 ANT307: 20 branches -> 3). */
export const MANY_BRANCHES_THRESHOLD = 4;
/** Flink derives max parallelism as 128 for parallelism <= 128 (ops/production_ready). */
export const MAX_PARALLELISM_SAFE_DEFAULT = 128;
