// Kafka's files of large clusters in columns: the reassignment JSON (the current assignment, or a plan) and
// kafka-log-dirs.sh --describe output, read by the incremental scanner (jsonScan.ts) into typed arrays, a few bytes
// per replica, where one object per entry and per replica would take hundreds of megabytes and most of the time in
// garbage collection for a million replicas. kafkaFormats.ts turns the columns into its usual objects for small
// files and into a snapshot for large ones; a file the scanner does not expect is read by the validating reader.

import type { LogDirsBroker, LogDirsReplica, ReassignmentEntry, ReassignmentJson } from './kafkaFormats';
import { JsonScanner, NameTable, ScanMismatch, grown, own } from './jsonScan';
import { PLAN_BINDING_FIELD, readPlanBinding } from './planBinding';
import { JsonReader } from './validate';

const MAX_BROKER_ID = 2 ** 31 - 1;

/** Where the JSON document of a tool's output starts, after the prose the tools print before it, or -1. */
export function jsonStart(text: string): number {
  return text.search(/^\s*\{/m);
}

/**
 * A reassignment file in columns: entry i is topics[topic[i]] partition[i], its replicas are
 * replicas[replicaStart[i] .. replicaStart[i + 1]), and their log dirs (when the entry has log_dirs) logDirs[replicaDir[k]].
 */
export interface AssignmentTable {
  plannedFor?: ReassignmentJson['plannedFor'];
  topics: string[];
  logDirs: string[];
  length: number;
  topic: Int32Array;
  partition: Float64Array;
  /** length + 1 offsets into `replicas`. */
  replicaStart: Int32Array;
  replicas: Int32Array;
  /** Per replica: its log dir's index, or -1 when the entry has no log_dirs. */
  replicaDir: Int32Array;
}

class AssignmentBuilder {
  readonly topics = new NameTable();
  readonly dirs = new NameTable();
  length = 0;
  replicaCount = 0;
  topic: Int32Array;
  partition: Float64Array;
  replicaStart: Int32Array;
  replicas: Int32Array;
  replicaDir: Int32Array;

  constructor(expectedEntries: number) {
    const n = Math.max(64, expectedEntries);
    this.topic = new Int32Array(n);
    this.partition = new Float64Array(n);
    this.replicaStart = new Int32Array(n + 1);
    this.replicas = new Int32Array(n * 3);
    this.replicaDir = new Int32Array(n * 3);
  }

  entry(topic: number, partition: number): void {
    if (this.length + 1 >= this.topic.length) {
      this.topic = grown(this.topic);
      this.partition = grown(this.partition);
      this.replicaStart = grown(this.replicaStart);
    }
    this.topic[this.length] = topic;
    this.partition[this.length] = partition;
    this.length++;
    this.replicaStart[this.length] = this.replicaCount;
  }

  replica(broker: number): void {
    if (this.replicaCount === this.replicas.length) {
      this.replicas = grown(this.replicas);
      this.replicaDir = grown(this.replicaDir);
    }
    this.replicas[this.replicaCount] = broker;
    this.replicaDir[this.replicaCount] = -1;
    this.replicaCount++;
  }

  table(plannedFor: ReassignmentJson['plannedFor']): AssignmentTable {
    const t: AssignmentTable = {
      topics: this.topics.names,
      logDirs: this.dirs.names,
      length: this.length,
      topic: this.topic.subarray(0, this.length),
      partition: this.partition.subarray(0, this.length),
      replicaStart: this.replicaStart.subarray(0, this.length + 1),
      replicas: this.replicas.subarray(0, this.replicaCount),
      replicaDir: this.replicaDir.subarray(0, this.replicaCount),
    };
    if (plannedFor) t.plannedFor = plannedFor;
    return t;
  }
}

/**
 * The fast reader of a reassignment file (the checks of parseReassignmentJson: version 1, distinct non-empty replica
 * lists, one log dir per replica, no partition twice). Anything else throws ScanMismatch.
 */
export function scanAssignment(text: string, source: string): AssignmentTable {
  const begin = jsonStart(text);
  if (begin < 0) throw new ScanMismatch(0);
  const s = new JsonScanner(text, begin);
  // an entry of Kafka's JSON takes 50 to 100 characters
  const b = new AssignmentBuilder(Math.ceil(text.length / 64));
  let version = false;
  let binding: unknown;
  let partitions = false;
  s.object(() => {
    if (s.is('version')) version = s.int(1, 1) === 1;
    else if (s.is(PLAN_BINDING_FIELD)) binding = s.parsed();
    else if (s.is('partitions')) {
      if (partitions) s.mismatch(); // a repeated key: let the validating reader take the last one
      partitions = true;
      s.array(() => scanAssignmentEntry(s, b));
    } else s.skip();
  });
  if (!version || !partitions) return s.mismatch();
  const table = b.table(undefined);
  // no partition twice: sort (topic, partition) keys and compare neighbours
  const keys = new Float64Array(table.length);
  for (let i = 0; i < table.length; i++) keys[i] = table.topic[i] * 2 ** 31 + table.partition[i];
  keys.sort();
  for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1]) s.mismatch();
  if (table.partition.some((p) => p >= 2 ** 31)) s.mismatch();
  const plannedFor = readPlanBinding(new JsonReader({ [PLAN_BINDING_FIELD]: binding }, '$', source));
  if (plannedFor) table.plannedFor = plannedFor;
  return table;
}

function scanAssignmentEntry(s: JsonScanner, b: AssignmentBuilder): void {
  let topic = -1;
  let partition = -1;
  let first = -1;
  let end = -1;
  let dirsFirst = -1;
  let dirsEnd = -1;
  s.object(() => {
    if (s.is('topic')) {
      s.stringSpan();
      if (s.spanEnd === s.spanStart) s.mismatch();
      topic = b.topics.idOf(s.text, s.spanStart, s.spanEnd);
    } else if (s.is('partition')) partition = s.int(0, Number.MAX_SAFE_INTEGER);
    else if (s.is('replicas')) {
      if (first >= 0) s.mismatch();
      first = b.replicaCount;
      s.array(() => b.replica(s.int(0, MAX_BROKER_ID)));
      end = b.replicaCount;
    } else if (s.is('log_dirs')) {
      // read into the replica columns' free space after the replicas; placed once the entry is complete
      if (dirsFirst >= 0) s.mismatch();
      dirsFirst = b.replicaCount;
      s.array(() => {
        s.stringSpan();
        if (s.spanEnd === s.spanStart) s.mismatch();
        b.replica(b.dirs.idOf(s.text, s.spanStart, s.spanEnd));
      });
      dirsEnd = b.replicaCount;
    } else s.skip();
  });
  if (topic < 0 || partition < 0 || first < 0 || end === first) return s.mismatch();
  const r = b.replicas;
  for (let i = first + 1; i < end; i++) for (let j = first; j < i; j++) if (r[i] === r[j]) s.mismatch();
  if (dirsFirst >= 0) {
    if (dirsEnd - dirsFirst !== end - first) s.mismatch();
    if (dirsFirst < first) {
      // log_dirs came before replicas: move the replicas to the front
      const dirs = r.slice(dirsFirst, dirsEnd);
      r.copyWithin(dirsFirst, first, end);
      for (let k = 0; k < dirs.length; k++) b.replicaDir[dirsFirst + k] = dirs[k];
      first = dirsFirst;
      end = dirsFirst + dirs.length;
    } else for (let k = 0; k < end - first; k++) b.replicaDir[first + k] = r[dirsFirst + k];
    b.replicaCount = end;
  }
  if (first !== b.replicaStart[b.length]) s.mismatch(); // replicas and log_dirs interleaved with another entry: impossible
  b.entry(topic, partition);
}

/** The table of an already-read reassignment. */
export function assignmentTable(json: ReassignmentJson): AssignmentTable {
  const b = new AssignmentBuilder(json.partitions.length);
  for (const p of json.partitions) {
    const topic = b.topics.id(p.topic);
    const first = b.replicaCount;
    for (const r of p.replicas) b.replica(r);
    if (p.log_dirs) p.log_dirs.forEach((d, k) => (b.replicaDir[first + k] = b.dirs.id(d)));
    b.entry(topic, p.partition);
  }
  return b.table(json.plannedFor);
}

/** The table as Kafka's JSON objects (the form of parseReassignmentJson). */
export function reassignmentOfTable(t: AssignmentTable): ReassignmentJson {
  const partitions: ReassignmentEntry[] = new Array<ReassignmentEntry>(t.length);
  for (let i = 0; i < t.length; i++) {
    const first = t.replicaStart[i];
    const end = t.replicaStart[i + 1];
    const entry: ReassignmentEntry = {
      topic: t.topics[t.topic[i]],
      partition: t.partition[i],
      replicas: Array.from(t.replicas.subarray(first, end)),
    };
    if (end > first && t.replicaDir[first] >= 0) entry.log_dirs = Array.from(t.replicaDir.subarray(first, end), (d) => t.logDirs[d]);
    partitions[i] = entry;
  }
  return t.plannedFor ? { version: 1, plannedFor: t.plannedFor, partitions } : { version: 1, partitions };
}

// ---- kafka-log-dirs -------------------------------------------------------------------------------------------

/** A log dir of kafka-log-dirs output without its replicas. */
export type LogDirsDir = Omit<LogDirsBroker['logDirs'][number], 'partitions'>;

/** kafka-log-dirs output in columns: one row per replica (topic, partition, size, lag, broker, log dir, future). */
export interface LogDirsTable {
  /** Each dir's rows are first..end-1. */
  brokers: { broker: number; logDirs: { dir: LogDirsDir; first: number; end: number }[] }[];
  /** Distinct topic names; `topic[row]` indexes this. */
  topics: string[];
  /** Distinct log dir paths; `dir[row]` indexes this. */
  dirPaths: string[];
  length: number;
  topic: Int32Array;
  partition: Int32Array;
  size: Float64Array;
  offsetLag: Float64Array;
  broker: Int32Array;
  dir: Int32Array;
  future: Uint8Array;
}

class LogDirsBuilder {
  readonly topics = new NameTable();
  readonly dirs = new NameTable();
  readonly brokers: LogDirsTable['brokers'] = [];
  length = 0;
  topic: Int32Array;
  partition: Int32Array;
  size: Float64Array;
  offsetLag: Float64Array;
  broker: Int32Array;
  dir: Int32Array;
  future: Uint8Array;

  constructor(expectedRows: number) {
    const n = Math.max(64, expectedRows);
    this.topic = new Int32Array(n);
    this.partition = new Int32Array(n);
    this.size = new Float64Array(n);
    this.offsetLag = new Float64Array(n);
    this.broker = new Int32Array(n);
    this.dir = new Int32Array(n);
    this.future = new Uint8Array(n);
  }

  add(topic: number, partition: number, size: number, offsetLag: number, broker: number, dir: number, future: boolean): void {
    if (this.length === this.topic.length) {
      this.topic = grown(this.topic);
      this.partition = grown(this.partition);
      this.size = grown(this.size);
      this.offsetLag = grown(this.offsetLag);
      this.broker = grown(this.broker);
      this.dir = grown(this.dir);
      this.future = grown(this.future);
    }
    const i = this.length++;
    this.topic[i] = topic;
    this.partition[i] = partition;
    this.size[i] = size;
    this.offsetLag[i] = offsetLag;
    this.broker[i] = broker;
    this.dir[i] = dir;
    this.future[i] = future ? 1 : 0;
  }

  table(): LogDirsTable {
    const n = this.length;
    return {
      brokers: this.brokers,
      topics: this.topics.names,
      dirPaths: this.dirs.names,
      length: n,
      topic: this.topic.subarray(0, n),
      partition: this.partition.subarray(0, n),
      size: this.size.subarray(0, n),
      offsetLag: this.offsetLag.subarray(0, n),
      broker: this.broker.subarray(0, n),
      dir: this.dir.subarray(0, n),
      future: this.future.subarray(0, n),
    };
  }
}

/** The table of already-read kafka-log-dirs output. */
export function logDirsTable(brokers: readonly LogDirsBroker[]): LogDirsTable {
  const b = new LogDirsBuilder(0);
  for (const broker of brokers) {
    const logDirs: LogDirsTable['brokers'][number]['logDirs'] = [];
    for (const { partitions, ...dir } of broker.logDirs) {
      const first = b.length;
      const id = b.dirs.id(dir.logDir);
      for (const p of partitions) b.add(b.topics.id(p.topic), p.partition, p.size, p.offsetLag, broker.broker, id, p.isFuture);
      logDirs.push({ dir, first, end: b.length });
    }
    b.brokers.push({ broker: broker.broker, logDirs });
  }
  return b.table();
}

/** The table as one object per replica (the form of parseLogDirsJson). */
export function logDirsBrokers(t: LogDirsTable): LogDirsBroker[] {
  return t.brokers.map((b) => ({
    broker: b.broker,
    logDirs: b.logDirs.map(({ dir, first, end }) => {
      const partitions: LogDirsReplica[] = [];
      for (let row = first; row < end; row++) {
        partitions.push({
          topic: t.topics[t.topic[row]],
          partition: t.partition[row],
          size: t.size[row],
          offsetLag: t.offsetLag[row],
          isFuture: t.future[row] === 1,
        });
      }
      return { ...dir, partitions };
    }),
  }));
}

/** The fast reader of kafka-log-dirs output (the checks of parseLogDirsJson). Anything else throws ScanMismatch. */
export function scanLogDirs(text: string): LogDirsTable {
  const begin = jsonStart(text);
  if (begin < 0) throw new ScanMismatch(0);
  const s = new JsonScanner(text, begin);
  // a replica row takes 60 to 100 characters
  const b = new LogDirsBuilder(Math.ceil(text.length / 64));
  let version = false;
  let brokers = false;
  s.object(() => {
    if (s.is('version')) version = s.int(1, 1) === 1;
    else if (s.is('brokers')) {
      if (brokers) s.mismatch();
      brokers = true;
      s.array(() => scanLogDirsBroker(s, b));
    } else s.skip();
  });
  if (!version || !brokers) return s.mismatch();
  return b.table();
}

function scanLogDirsBroker(s: JsonScanner, b: LogDirsBuilder): void {
  // the broker id may follow its log dirs: rows get it once the object is read
  const first = b.length;
  let broker = -1;
  let dirs: LogDirsTable['brokers'][number]['logDirs'] | undefined;
  s.object(() => {
    if (s.is('broker')) broker = s.int(0, MAX_BROKER_ID);
    else if (s.is('logDirs')) {
      if (dirs) s.mismatch();
      const list: LogDirsTable['brokers'][number]['logDirs'] = (dirs = []);
      s.array(() => list.push(scanLogDir(s, b)));
    } else s.skip();
  });
  if (broker < 0 || !dirs) return s.mismatch();
  b.broker.fill(broker, first, b.length);
  b.brokers.push({ broker, logDirs: dirs });
}

function scanLogDir(s: JsonScanner, b: LogDirsBuilder): LogDirsTable['brokers'][number]['logDirs'][number] {
  let logDir: string | undefined;
  let error: string | null = null;
  let total = -1;
  let usable = -1;
  let rows = false;
  const first = b.length;
  s.object(() => {
    if (s.is('logDir')) logDir = s.string();
    else if (s.is('error')) error = s.isNull() ? null : s.string();
    else if (s.is('totalBytes')) total = s.int(-1, Number.MAX_SAFE_INTEGER);
    else if (s.is('usableBytes')) usable = s.int(-1, Number.MAX_SAFE_INTEGER);
    else if (s.is('partitions')) {
      if (rows) s.mismatch();
      rows = true;
      s.array(() => scanLogDirsReplica(s, b));
    } else s.skip();
  });
  if (logDir === undefined || !rows) return s.mismatch();
  // the rows name their dir by index; the path may come after them in the object (Kafka writes it last)
  const id = b.dirs.id(logDir);
  b.dir.fill(id, first, b.length);
  const dir: LogDirsDir = { logDir: b.dirs.names[id], error: error === null ? null : own(error) };
  if (total >= 0) dir.totalBytes = total;
  if (usable >= 0) dir.usableBytes = usable;
  return { dir, first, end: b.length };
}

function scanLogDirsReplica(s: JsonScanner, b: LogDirsBuilder): void {
  let nameStart = -1;
  let nameEnd = -1;
  let size = -1;
  let offsetLag = 0;
  let future = false;
  s.object(() => {
    if (s.is('partition')) {
      s.stringSpan();
      nameStart = s.spanStart;
      nameEnd = s.spanEnd;
    } else if (s.is('size')) size = s.int(0, Number.MAX_SAFE_INTEGER);
    else if (s.is('offsetLag')) offsetLag = s.int(0, Number.MAX_SAFE_INTEGER);
    else if (s.is('isFuture')) future = s.boolean();
    else s.skip();
  });
  if (nameStart < 0 || size < 0) return s.mismatch();
  // "orders-3" split as the validating reader does (/^(.+)-(\d+)$/): at the last dash, digits after it
  const text = s.text;
  let dash = nameEnd - 1;
  while (dash > nameStart && text.charCodeAt(dash) !== 0x2d) dash--;
  const digits = nameEnd - dash - 1;
  if (dash <= nameStart || digits < 1 || digits > 9) return s.mismatch();
  let partition = 0;
  for (let i = dash + 1; i < nameEnd; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) s.mismatch();
    partition = partition * 10 + c;
  }
  const known = b.topics.names.length;
  const topic = b.topics.idOf(text, nameStart, dash);
  if (topic === known && /[\n\r\u2028\u2029]/.test(b.topics.names[topic])) s.mismatch(); // "." of the regex stops there
  b.add(topic, partition, size, offsetLag, -1, -1, future);
}
