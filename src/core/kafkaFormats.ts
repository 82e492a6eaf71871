// Readers and writers for Kafka's own file formats, so plans and snapshots round-trip with the shell tools:
// - kafka-reassign-partitions.sh JSON:  {"version":1,"partitions":[{"topic","partition","replicas","log_dirs"}]}
// - kafka-log-dirs.sh --describe JSON:  {"version":1,"brokers":[{"broker","logDirs":[{"logDir","error","partitions":[…]}]}]}
// Both tools print a line or two of prose before the JSON; the readers skip it.
// Large files (a million replicas) are read by an incremental scanner into columns (kafkaFilesScan.ts); a file the
// scanner does not expect is read again by the validating reader, which names the problem and where it is.
// Source for the formats: Apache Kafka tools ReassignPartitionsCommand and LogDirsCommand (Apache Kafka documentation,
// "Expanding your cluster": https://kafka.apache.org/documentation/#basic_ops_cluster_expansion).

import {
  SNAPSHOT_SCHEMA_VERSION,
  type BrokerInfo,
  type ClusterSnapshot,
  type PartitionInfo,
  type ReplicaSize,
  type TopicInfo,
} from './model';
import { PLAN_BINDING_FIELD, planBindingJson, readPlanBinding, type PlanBinding } from './planBinding';
import { scanOr } from './jsonScan';
import {
  assignmentTable,
  logDirsBrokers,
  logDirsTable,
  reassignmentOfTable,
  scanAssignment,
  scanLogDirs,
  type AssignmentTable,
  type LogDirsTable,
} from './kafkaFilesScan';
import { JsonReader, ValidationError, invalid, parseJsonText } from './validate';

export interface ReassignmentEntry {
  topic: string;
  partition: number;
  replicas: number[];
  /** Absolute log dir per replica, or "any"; same length as replicas when present. */
  log_dirs?: string[];
}

export interface ReassignmentJson {
  version: 1;
  /** The cluster the plan was made for (planBinding.ts); Kafka's tool ignores the field. */
  plannedFor?: PlanBinding;
  partitions: ReassignmentEntry[];
}

/** Kafka's internal topics: excluded from plans by default. */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

/**
 * The first JSON document in a tool's output: skips the prose lines the Kafka tools print before it
 * ("Current partition replica assignment", …) and anything after its closing brace.
 */
function jsonPart(text: string, from = 0): string {
  const start = text.slice(from).search(/^\s*\{/m);
  if (start < 0) return text.slice(from);
  const begin = from + start;
  let depth = 0;
  let inString = false;
  for (let i = text.indexOf('{', begin); i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(begin, i + 1);
  }
  return text.slice(begin);
}

/**
 * Reads the output of kafka-reassign-partitions.sh --generate: "Current partition replica assignment" then
 * "Proposed partition reassignment configuration", each followed by a JSON document.
 */
export function parseGenerateOutput(
  text: string,
  source = 'kafka-reassign-partitions --generate output',
): { current: ReassignmentJson; proposed: ReassignmentJson } {
  const currentAt = text.indexOf('Current partition replica assignment');
  const proposedAt = text.indexOf('Proposed partition reassignment configuration');
  if (currentAt < 0 || proposedAt < 0) {
    throw new ValidationError(
      '$',
      'expected the two sections "Current partition replica assignment" and "Proposed partition reassignment configuration" of --generate',
      source,
    );
  }
  return {
    current: parseReassignmentJson(jsonPart(text, currentAt), `${source} (current)`),
    proposed: parseReassignmentJson(jsonPart(text, proposedAt), `${source} (proposed)`),
  };
}

/** One entry of "partitions"; throws a ValidationError naming the field. */
function readReassignmentEntry(p: JsonReader): ReassignmentEntry {
  const entry: ReassignmentEntry = {
    topic: p.field('topic').nonEmptyString(),
    partition: p.field('partition').int(0),
    replicas: p
      .field('replicas')
      .array()
      .map((b) => b.int(0, 2 ** 31 - 1)),
  };
  if (entry.replicas.length === 0) p.field('replicas').fail('at least one broker id');
  const dup = entry.replicas.find((b, k) => entry.replicas.indexOf(b) !== k);
  if (dup !== undefined) p.field('replicas').fail(`distinct broker ids (broker ${dup} is listed twice)`);
  if (p.has('log_dirs')) {
    const dirs = p
      .field('log_dirs')
      .array()
      .map((d) => d.nonEmptyString());
    if (dirs.length !== entry.replicas.length) {
      p.field('log_dirs').fail(`one entry per replica (${entry.replicas.length}), "any" where the broker may choose`);
    }
    entry.log_dirs = dirs;
  }
  return entry;
}

function readVersion(r: JsonReader): void {
  const version = r.field('version');
  if (version.value !== 1) version.fail('1 (the only version kafka-reassign-partitions.sh reads)');
}

/** Strict: the first problem throws (for files a command acts on). */
export function parseReassignmentJson(text: string, source = 'reassignment JSON'): ReassignmentJson {
  return scanOr(
    () => reassignmentOfTable(scanAssignment(text, source)),
    () => readReassignmentJson(text, source),
  );
}

/** A reassignment file in columns (kafkaFilesScan.ts), for the current assignment of a large cluster. */
export function readAssignmentTable(text: string, source = 'reassignment JSON'): AssignmentTable {
  return scanOr(
    () => scanAssignment(text, source),
    () => assignmentTable(readReassignmentJson(text, source)),
  );
}

/** The validating reader: every problem named at its path (and what the scanner's results are tested against). */
export function readReassignmentJson(text: string, source: string): ReassignmentJson {
  const r = new JsonReader(parseJsonText(jsonPart(text), source), '$', source);
  readVersion(r);
  const plannedFor = readPlanBinding(r);
  const seen = new Map<string, number>();
  const partitions = r
    .field('partitions')
    .array()
    .map((p, i) => {
      const entry = readReassignmentEntry(p);
      const key = `${entry.topic}-${entry.partition}`;
      const first = seen.get(key);
      if (first !== undefined) invalid(`$.partitions[${i}]`, `${key} is already listed at $.partitions[${first}]`, source);
      seen.set(key, i);
      return entry;
    });
  return plannedFor ? { version: 1, plannedFor, partitions } : { version: 1, partitions };
}

export interface LenientReassignment {
  /** The entries that parsed; undefined when the text is not an object with a "partitions" array (nothing to review). */
  reassignment?: ReassignmentJson;
  /** The index in the file of each entry of `reassignment.partitions` (entries with errors are skipped). */
  indexes: number[];
  /** The file's "plannedFor", when it reads. */
  binding?: PlanBinding;
  /** Every problem found, each at its own path. */
  errors: ValidationError[];
}

/**
 * Lenient (for review): every problem is collected at its path and the rest is still read, so one bad entry (or
 * version, or binding) does not hide the findings about the others. A JSON syntax error leaves nothing to read.
 */
export function parseReassignmentLenient(text: string, source = 'reassignment JSON'): LenientReassignment {
  const errors: ValidationError[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors.push(err);
      return undefined;
    }
  };
  const root = attempt(() => {
    const reader = new JsonReader(parseJsonText(jsonPart(text), source), '$', source);
    reader.object();
    return reader;
  });
  if (!root) return { indexes: [], errors };
  attempt(() => readVersion(root));
  const binding = attempt(() => readPlanBinding(root));
  const entries = attempt(() => root.field('partitions').array());
  if (!entries) return { indexes: [], binding, errors };
  const seen = new Map<string, number>();
  const partitions: ReassignmentEntry[] = [];
  const indexes: number[] = [];
  entries.forEach((p, i) => {
    const entry = attempt(() => readReassignmentEntry(p));
    if (!entry) return;
    const key = `${entry.topic}-${entry.partition}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(new ValidationError(`$.partitions[${i}]`, `${key} is already listed at $.partitions[${first}]`, source));
      return;
    }
    seen.set(key, i);
    partitions.push(entry);
    indexes.push(i);
  });
  const reassignment: ReassignmentJson = binding ? { version: 1, plannedFor: binding, partitions } : { version: 1, partitions };
  return { reassignment, indexes, binding, errors };
}

/**
 * Kafka's JSON as kafka-reassign-partitions.sh --execute reads it; log_dirs "any" unless given. `binding` (or the
 * plan's own plannedFor) names the cluster the plan is for, written before the partitions so it is seen first.
 */
export function reassignmentToJson(plan: ReassignmentJson, binding: PlanBinding | undefined = plan.plannedFor): string {
  let text = '';
  for (const piece of reassignmentJsonPieces(plan, binding)) text += piece;
  return text;
}

/**
 * reassignmentToJson's text in pieces of about `pieceChars` characters, to write a plan of 300,000 moves without
 * holding its whole text (and its objects) in memory. The same characters as JSON.stringify(…, null, 2) gives.
 */
export function* reassignmentJsonPieces(
  plan: ReassignmentJson,
  binding: PlanBinding | undefined = plan.plannedFor,
  pieceChars = 1 << 20,
): Generator<string> {
  const head = binding ? { version: 1, [PLAN_BINDING_FIELD]: planBindingJson(binding) } : { version: 1 };
  const empty = JSON.stringify({ ...head, partitions: [] }, null, 2);
  if (plan.partitions.length === 0) {
    yield empty + '\n';
    return;
  }
  // `"partitions": []\n}` closes the head: the entries go between the brackets, indented as JSON.stringify does
  let piece = empty.slice(0, empty.length - '[]\n}'.length) + '[\n';
  const value = (v: unknown) => JSON.stringify(v) ?? 'null';
  const list = (items: readonly unknown[]) => (items.length === 0 ? '[]' : `[\n        ${items.map(value).join(',\n        ')}\n      ]`);
  for (let i = 0; i < plan.partitions.length; i++) {
    const p = plan.partitions[i];
    piece +=
      `${i ? ',\n' : ''}    {\n      "topic": ${value(p.topic)},\n      "partition": ${value(p.partition)},\n` +
      `      "replicas": ${list(p.replicas)},\n      "log_dirs": ${list(p.log_dirs ?? p.replicas.map(() => 'any'))}\n    }`;
    if (piece.length >= pieceChars) {
      yield piece;
      piece = '';
    }
  }
  yield piece + '\n  ]\n}\n';
}

/** The current assignment of a snapshot in Kafka's JSON form (also the rollback file of a plan). */
export function assignmentOf(snapshot: ClusterSnapshot, topics?: ReadonlySet<string>): ReassignmentJson {
  const partitions: ReassignmentEntry[] = [];
  for (const t of snapshot.topics) {
    if (topics && !topics.has(t.name)) continue;
    for (const p of t.partitions) partitions.push({ topic: t.name, partition: p.partition, replicas: [...p.replicas] });
  }
  return { version: 1, partitions };
}

export interface LogDirsReplica {
  topic: string;
  partition: number;
  size: number;
  offsetLag: number;
  isFuture: boolean;
}

export interface LogDirsBroker {
  broker: number;
  logDirs: { logDir: string; error: string | null; totalBytes?: number; usableBytes?: number; partitions: LogDirsReplica[] }[];
}

/** Splits Kafka's "topic-partition" name at the last dash (topic names may contain dashes). */
export function splitTopicPartition(name: string): { topic: string; partition: number } | undefined {
  const m = /^(.+)-(\d+)$/.exec(name);
  return m ? { topic: m[1], partition: Number(m[2]) } : undefined;
}

/** kafka-log-dirs.sh --describe output in columns (see LogDirsTable), for large clusters. */
export function readLogDirsTable(text: string, source = 'kafka-log-dirs JSON'): LogDirsTable {
  return scanOr(
    () => scanLogDirs(text),
    () => logDirsTable(readLogDirsJson(text, source)),
  );
}

export function parseLogDirsJson(text: string, source = 'kafka-log-dirs JSON'): LogDirsBroker[] {
  return scanOr(
    () => logDirsBrokers(scanLogDirs(text)),
    () => readLogDirsJson(text, source),
  );
}

/** The validating reader: every problem named at its path (and what the scanner's results are tested against). */
export function readLogDirsJson(text: string, source: string): LogDirsBroker[] {
  const r = new JsonReader(parseJsonText(jsonPart(text), source), '$', source);
  const version = r.field('version');
  if (version.value !== 1) version.fail('1 (the version kafka-log-dirs.sh --describe prints)');
  return r
    .field('brokers')
    .array()
    .map((b) => ({
      broker: b.field('broker').int(0, 2 ** 31 - 1),
      logDirs: b
        .field('logDirs')
        .array()
        .map((d) => {
          const err = d.field('error');
          const dir: LogDirsBroker['logDirs'][number] = {
            logDir: d.field('logDir').string(),
            error: err.value === null || err.value === undefined ? null : err.string(),
            partitions: d
              .field('partitions')
              .array()
              .map((p) => {
                const nameReader = p.field('partition');
                const tp = splitTopicPartition(nameReader.string());
                if (!tp) return nameReader.fail('a "topic-partition" name such as "orders-3"');
                return {
                  topic: tp.topic,
                  partition: tp.partition,
                  size: p.field('size').int(0),
                  offsetLag: p.has('offsetLag') ? p.field('offsetLag').int(0) : 0,
                  isFuture: p.has('isFuture') ? p.field('isFuture').boolean() : false,
                };
              }),
          };
          const total = d.optional('totalBytes', (x) => x.int(-1));
          const usable = d.optional('usableBytes', (x) => x.int(-1));
          if (total !== undefined && total >= 0) dir.totalBytes = total;
          if (usable !== undefined && usable >= 0) dir.usableBytes = usable;
          return dir;
        }),
    }));
}

export interface BrokerListEntry {
  id: number;
  rack: string | null;
  host?: string;
  port?: number;
}

/**
 * A broker list with racks, for offline snapshots. Accepts JSON ([{"id":1,"rack":"a"}, …], host/port optional)
 * or the short form "1:a,2:b,3:c" (rack optional: "1,2,3").
 */
export function parseBrokerList(text: string, source = 'broker list'): BrokerListEntry[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const r = new JsonReader(parseJsonText(trimmed, source), '$', source);
    return r.array().map((b) => {
      const rack = b.field('rack');
      const entry: BrokerListEntry = {
        id: b.field('id').int(0, 2 ** 31 - 1),
        rack: rack.value === null || rack.value === undefined ? null : rack.nonEmptyString(),
      };
      const host = b.optional('host', (x) => x.string());
      const port = b.optional('port', (x) => x.int(0, 65535));
      if (host !== undefined) entry.host = host;
      if (port !== undefined) entry.port = port;
      return entry;
    });
  }
  if (trimmed === '') throw new ValidationError('$', 'empty broker list: give "1:a,2:b,3:c" or a JSON array', source);
  return trimmed
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((item, i) => {
      const m = /^(\d+)(?:[:=]([\w.-]+))?$/.exec(item);
      if (!m) return invalid(`$[${i}]`, `expected "id" or "id:rack" such as "1:use1-az1", got ${JSON.stringify(item)}`, source);
      return { id: Number(m[1]), rack: m[2] ?? null };
    });
}

/**
 * Builds a snapshot offline from the current assignment, kafka-log-dirs output and a broker list with racks.
 * The assignment carries no leader or ISR: leaders are taken as the preferred (first) replica and every replica
 * as in sync, which is what a healthy cluster after a preferred-leader election looks like; this is stated in
 * the snapshot's warnings.
 */
export function snapshotFromKafkaFiles(input: {
  /** The current assignment: as parseReassignmentJson reads it, or in columns (readAssignmentTable) for large clusters. */
  assignment: ReassignmentJson | AssignmentTable;
  /** kafka-log-dirs output: as parseLogDirsJson reads it, or in columns (readLogDirsTable) for large clusters. */
  logDirs?: LogDirsBroker[] | LogDirsTable;
  brokers: BrokerListEntry[];
  name: string;
  takenAt?: string;
}): ClusterSnapshot {
  const brokerIds = new Set(input.brokers.map((b) => b.id));
  const warnings = [
    'Built offline from an assignment file: leaders are assumed to be the preferred (first) replicas and all replicas in sync.',
  ];
  const assignment = 'partitions' in input.assignment ? assignmentTable(input.assignment) : input.assignment;
  const logDirs = input.logDirs === undefined ? undefined : Array.isArray(input.logDirs) ? logDirsTable(input.logDirs) : input.logDirs;
  const dirsByBroker = new Map<number, BrokerInfo['logDirs']>();
  // the log-dirs rows of each partition in file order: heads[base[topic] + partition] is the first, next[row] the one
  // after (flat typed arrays: a million rows, partitions in any order)
  const base = new Int32Array(assignment.topics.length + 1);
  for (let i = 0; i < assignment.length; i++) {
    const t = assignment.topic[i];
    base[t + 1] = Math.max(base[t + 1], assignment.partition[i] + 1);
  }
  for (let t = 0; t < assignment.topics.length; t++) base[t + 1] += base[t];
  // partition numbers far beyond the partition count (hand-written files): one slot per partition entry instead
  const sparse = base[assignment.topics.length] > 4 * assignment.length + 1024;
  const sparseHeads = new Map<number, number>();
  const heads = new Int32Array(logDirs && !sparse ? base[assignment.topics.length] : 0).fill(-1);
  const headAt = (topic: number, partition: number): number =>
    sparse ? (sparseHeads.get(topic * 2 ** 31 + partition) ?? -1) : heads[base[topic] + partition];
  const next = new Int32Array(logDirs?.length ?? 0).fill(-1);
  if (logDirs) {
    for (const b of logDirs.brokers) {
      if (!brokerIds.has(b.broker)) warnings.push(`kafka-log-dirs lists broker ${b.broker}, which is not in the broker list.`);
      const dirs: BrokerInfo['logDirs'] = [];
      for (const { dir: d } of b.logDirs) {
        const dir: BrokerInfo['logDirs'][number] = { path: d.logDir };
        if (d.totalBytes !== undefined) dir.totalBytes = d.totalBytes;
        if (d.usableBytes !== undefined) dir.usableBytes = d.usableBytes;
        if (d.error) dir.error = d.error;
        dirs.push(dir);
      }
      dirsByBroker.set(b.broker, dirs);
    }
    const assignmentTopic = new Map(assignment.topics.map((t, i) => [t, i]));
    const topicOf = logDirs.topics.map((t) => assignmentTopic.get(t) ?? -1);
    for (let row = logDirs.length - 1; row >= 0; row--) {
      const topic = topicOf[logDirs.topic[row]];
      // a future replica is a copy in progress inside the broker, not a placement
      if (topic < 0 || logDirs.future[row] || logDirs.partition[row] >= base[topic + 1] - base[topic]) continue;
      next[row] = headAt(topic, logDirs.partition[row]);
      if (sparse) sparseHeads.set(topic * 2 ** 31 + logDirs.partition[row], row);
      else heads[base[topic] + logDirs.partition[row]] = row;
    }
  }
  const topics: TopicInfo[] = assignment.topics.map((name) => ({ name, internal: isInternalTopic(name), configs: {}, partitions: [] }));
  // A million partitions: every array is allocated at its final length (an array grown by push reserves 17 slots),
  // and the replicas list doubles as the in-sync list (read-only: offline, every replica is assumed in sync).
  const noReplicas: number[] = [];
  for (let i = 0; i < assignment.length; i++) {
    const first = assignment.replicaStart[i];
    const replicas = new Array<number>(assignment.replicaStart[i + 1] - first);
    for (let k = first; k < assignment.replicaStart[i + 1]; k++) {
      const b = assignment.replicas[k];
      if (!brokerIds.has(b))
        invalid(
          `$.partitions[${i}].replicas`,
          `broker ${b} of ${assignment.topics[assignment.topic[i]]}-${assignment.partition[i]} is not in the broker list`,
          'assignment',
        );
      replicas[k - first] = b;
    }
    const topic = topics[assignment.topic[i]];
    const partition = assignment.partition[i];
    let sizes: PartitionInfo['sizes'] = [];
    if (logDirs) {
      let known = 0;
      for (let row = headAt(assignment.topic[i], partition); row >= 0; row = next[row]) if (replicas.includes(logDirs.broker[row])) known++;
      sizes = new Array<ReplicaSize>(known);
      known = 0;
      for (let row = headAt(assignment.topic[i], partition); row >= 0; row = next[row]) {
        const broker = logDirs.broker[row];
        if (replicas.includes(broker))
          sizes[known++] = {
            broker,
            bytes: logDirs.size[row],
            logDir: logDirs.dirPaths[logDirs.dir[row]],
            offsetLag: logDirs.offsetLag[row],
          };
      }
    }
    topic.partitions.push({ partition, leader: replicas[0], replicas, isr: replicas, offlineReplicas: noReplicas, sizes });
  }
  for (const t of topics) t.partitions.sort((a, b) => a.partition - b.partition);
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    name: input.name,
    source: 'offline',
    takenAt: input.takenAt ?? new Date().toISOString(),
    controllerId: null,
    brokers: input.brokers.map((b) => ({
      id: b.id,
      host: b.host ?? 'unknown',
      port: b.port ?? 9092,
      rack: b.rack,
      isController: false,
      logDirs: dirsByBroker.get(b.id) ?? [],
    })),
    topics: topics.sort((a, b) => a.name.localeCompare(b.name)),
    consumerGroups: [],
    warnings,
  };
}
