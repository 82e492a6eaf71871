// The execution journal: what a reassignment running on a live cluster has changed and what is left to do. The
// executor (src/kafka/execute.ts) saves it before every change it makes (VS Code globalState, or the file
// `kfp execute` writes next to the plan); after a crash or a window reload it is read back to resume the execution
// or to undo its throttles (`kfp execute --resume`, `kfp cleanup`, the reassign feature's offer at start-up).
//
// One schema for the writer and every reader: the type, the constructor of a new journal, its JSON form, and a
// validator in the style of snapshotJson.ts. A journal read back may be corrupt or edited by hand, and the cleanup
// acts on the cluster with what it says, so every field is checked and an error names its path, e.g.
//   "run.execution.json: journal.inFlight[2].partition: expected a whole number >= 0, got the string "x"".

import type { MoveReason, PartitionMove } from './plan';
import { JsonReader, ValidationError, invalid, parseJsonText } from '../validate';

export const EXECUTION_JOURNAL_VERSION = 1;

/** Dynamic broker rates found before the execution set its own (null: none was set; restored by DELETE). */
export interface BrokerRatesBefore {
  leader: string | null;
  follower: string | null;
}

/** Throttled-replica entries ("partition:broker") the execution appended to a topic's lists. */
export interface TopicThrottleEntries {
  leader: string[];
  follower: string[];
}

export interface InFlightPartition {
  topic: string;
  partition: number;
  target: number[];
}

export interface ExecutionJournal {
  version: typeof EXECUTION_JOURNAL_VERSION;
  bootstrap: string[];
  clusterId?: string;
  startedAt: string;
  throttleBytesPerSec: number;
  /** Rates found on each broker (keyed by broker id) before we set ours. */
  brokerRatesBefore: Record<string, BrokerRatesBefore>;
  /** Throttled-replica entries we appended, per topic. */
  topicThrottles: Record<string, TopicThrottleEntries>;
  /** Partitions submitted and not yet confirmed complete. */
  inFlight: InFlightPartition[];
  /** Every data move not yet confirmed done (in flight or still to submit): what a resume continues with. */
  pending: PartitionMove[];
  maxMovesPerBroker: number;
  electLeaders: boolean;
  batchesDone: number;
  batchesTotal: number;
  state: 'running' | 'cleaning-up';
}

/** The journal of an execution about to start: nothing changed yet, every data move pending. */
export function newExecutionJournal(input: {
  bootstrap: string[];
  throttleBytesPerSec: number;
  maxMovesPerBroker: number;
  electLeaders: boolean;
  pending: PartitionMove[];
  batchesTotal: number;
  clusterId?: string;
  startedAt?: string;
}): ExecutionJournal {
  return {
    version: EXECUTION_JOURNAL_VERSION,
    bootstrap: input.bootstrap,
    ...(input.clusterId !== undefined ? { clusterId: input.clusterId } : {}),
    startedAt: input.startedAt ?? new Date().toISOString(),
    throttleBytesPerSec: input.throttleBytesPerSec,
    brokerRatesBefore: {},
    topicThrottles: {},
    inFlight: [],
    pending: input.pending,
    maxMovesPerBroker: input.maxMovesPerBroker,
    electLeaders: input.electLeaders,
    batchesDone: 0,
    batchesTotal: input.batchesTotal,
    state: 'running',
  };
}

export function executionJournalToJson(journal: ExecutionJournal): string {
  return JSON.stringify(journal, null, 2) + '\n';
}

/** What to do about a journal that does not validate (both front ends append it to the error). */
export const JOURNAL_FIX =
  'The journal records what an unfinished execution changed on the cluster, so it is not used while it is invalid: ' +
  'restore the value it had, or remove the replication throttles by hand (kafka-configs.sh --alter --delete-config ' +
  'leader.replication.throttled.rate,follower.replication.throttled.rate on the brokers, and ' +
  'leader.replication.throttled.replicas,follower.replication.throttled.replicas on the moved topics) and delete the journal.';

/** Parses and validates a journal from JSON text. `source` (a file name) prefixes every error. */
export function executionJournalFromJson(text: string, source = 'execution journal'): ExecutionJournal {
  return withFix(() => readJournal(new JsonReader(parseJsonText(text, source), 'journal', source)));
}

/** Validates an already-parsed value (VS Code globalState) as a journal. */
export function validateExecutionJournal(value: unknown, source?: string): ExecutionJournal {
  return withFix(() => readJournal(new JsonReader(value, 'journal', source)));
}

function withFix<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ValidationError && !err.fix) throw new ValidationError(err.path, err.problem, err.source, JOURNAL_FIX);
    throw err;
  }
}

const BROKER_ID_MAX = 2 ** 31 - 1;
/** Every MoveReason, checked both ways by the compiler (a missing or unknown key does not compile). */
const MOVE_REASONS = Object.keys({
  drain: 0,
  rack: 0,
  'replication-factor': 0,
  'max-replicas': 0,
  capacity: 0,
  bytes: 0,
  count: 0,
  'nw-in': 0,
  'nw-out': 0,
  'topic-spread': 0,
  leader: 0,
} satisfies Record<MoveReason, 0>) as MoveReason[];

const brokerId = (r: JsonReader): number => r.int(0, BROKER_ID_MAX);

/** A replica list as Kafka takes it in a reassignment: one or more distinct broker ids. */
function replicaList(r: JsonReader): number[] {
  const ids = r.array().map(brokerId);
  if (ids.length === 0) r.fail('at least one broker id');
  const dup = ids.find((b, i) => ids.indexOf(b) !== i);
  if (dup !== undefined) r.fail(`distinct broker ids (broker ${dup} is listed twice)`);
  return ids;
}

/** Broker ids a move adds or removes (may be none). */
const brokerIds = (r: JsonReader): number[] => r.array().map(brokerId);

/** A throttle rate as Kafka's DescribeConfigs returns it: a whole number of bytes/s, as a string. */
function rate(r: JsonReader): string | null {
  if (r.value === null) return null;
  if (typeof r.value !== 'string' || !/^\d+$/.test(r.value)) r.fail('null or a rate in bytes/s as a string of digits, e.g. "50000000"');
  return r.value as string;
}

/** A throttled-replica entry as kafka-configs.sh writes it: "partition:broker". */
function replicaEntry(r: JsonReader): string {
  const s = r.string();
  if (!/^\d+:\d+$/.test(s)) r.fail('a throttled replica "partition:broker", e.g. "0:3"');
  return s;
}

/** Fields in the order the writer puts them, so errors come in the order of the file. */
function readJournal(r: JsonReader): ExecutionJournal {
  const version = r.field('version');
  if (version.value !== EXECUTION_JOURNAL_VERSION) {
    version.fail(`version ${EXECUTION_JOURNAL_VERSION} (a Kafka & Flink Planner execution journal; newer journals need a newer version)`);
  }
  const bootstrap = r
    .field('bootstrap')
    .array()
    .map((b) => b.nonEmptyString());
  if (bootstrap.length === 0) r.field('bootstrap').fail('at least one bootstrap server host:port');
  const clusterId = r.optional('clusterId', (x) => x.string());
  const startedAt = readIsoTime(r.field('startedAt'));
  const throttle = r.field('throttleBytesPerSec');
  if (!(throttle.number() > 0)) throttle.fail('a throttle in bytes/s > 0');
  const brokerRatesBefore: Record<string, BrokerRatesBefore> = {};
  for (const [key, entry] of r.field('brokerRatesBefore').entries()) {
    if (!/^\d+$/.test(key) || Number(key) > BROKER_ID_MAX)
      invalid(entry.path, `expected a broker id (a whole number >= 0) as the key, got ${JSON.stringify(key)}`, r.source);
    brokerRatesBefore[key] = { leader: rate(entry.field('leader')), follower: rate(entry.field('follower')) };
  }
  const topicThrottles: Record<string, TopicThrottleEntries> = {};
  for (const [topic, entry] of r.field('topicThrottles').entries()) {
    if (topic === '') invalid(entry.path, 'expected a topic name as the key, got ""', r.source);
    topicThrottles[topic] = {
      leader: entry.field('leader').array().map(replicaEntry),
      follower: entry.field('follower').array().map(replicaEntry),
    };
  }
  const inFlight = r
    .field('inFlight')
    .array()
    .map((p): InFlightPartition => ({
      topic: p.field('topic').nonEmptyString(),
      partition: p.field('partition').int(0),
      target: replicaList(p.field('target')),
    }));
  const pending = r.field('pending').array().map(readMove);
  const maxMovesPerBroker = r.field('maxMovesPerBroker').int(1);
  const electLeaders = r.field('electLeaders').boolean();
  const batchesDone = r.field('batchesDone').int(0);
  const batchesTotal = r.field('batchesTotal').int(0);
  if (batchesDone > batchesTotal) r.field('batchesDone').fail(`at most batchesTotal (${batchesTotal})`);
  return {
    version: EXECUTION_JOURNAL_VERSION,
    bootstrap,
    ...(clusterId !== undefined ? { clusterId } : {}),
    startedAt,
    throttleBytesPerSec: throttle.value as number,
    brokerRatesBefore,
    topicThrottles,
    inFlight,
    pending,
    maxMovesPerBroker,
    electLeaders,
    batchesDone,
    batchesTotal,
    state: r.field('state').oneOf(['running', 'cleaning-up'] as const),
  };
}

function readIsoTime(r: JsonReader): string {
  const s = r.string();
  if (Number.isNaN(Date.parse(s))) r.fail('an ISO-8601 time such as 2026-11-25T10:00:00Z');
  return s;
}

function readMove(r: JsonReader): PartitionMove {
  const topic = r.field('topic').nonEmptyString();
  const partition = r.field('partition').int(0);
  const bytes = r.field('bytes');
  if (!(bytes.number() >= 0)) bytes.fail('a size in bytes >= 0');
  return {
    topic,
    partition,
    bytes: bytes.value as number,
    before: replicaList(r.field('before')),
    after: replicaList(r.field('after')),
    currentLeader: r.field('currentLeader').int(-1, BROKER_ID_MAX),
    added: brokerIds(r.field('added')),
    removed: brokerIds(r.field('removed')),
    leaderChanged: r.field('leaderChanged').boolean(),
    reason: r.field('reason').oneOf(MOVE_REASONS),
  };
}
