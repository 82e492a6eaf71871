// The versioned JSON form of a ClusterSnapshot: what `kfp snapshot` writes and every feature can open.
// Parsing validates everything and names the offending path, e.g.
//   "cluster.json: $.topics[2].partitions[0].replicas[1]: expected a whole number >= 0, got the string "b1"".
// The topics (the bulk of a large cluster's file) are read by an incremental scanner (jsonScan.ts) with the same
// checks; a file it does not expect is read again by the validating reader, which names the problem.

import {
  SNAPSHOT_SCHEMA_VERSION,
  type BrokerInfo,
  type ClusterSnapshot,
  type ConsumerGroupInfo,
  type ControllerInfo,
  type LogDirInfo,
  type PartitionInfo,
  type ReplicaSize,
  type TopicConfigs,
  type TopicInfo,
} from './model';
import { Interner, JsonScanner, scanOr } from './jsonScan';
import { JsonReader, ValidationError, invalid, parseJsonText } from './validate';

export function snapshotToJson(snapshot: ClusterSnapshot): string {
  return JSON.stringify(snapshot, null, 2) + '\n';
}

/** Parses and validates a snapshot from JSON text. `source` (a file name) prefixes every error. */
export function snapshotFromJson(text: string, source = 'snapshot'): ClusterSnapshot {
  return scanOr(
    () => scanSnapshot(text, source),
    () => readSnapshot(new JsonReader(parseJsonText(text, source), '$', source)),
  );
}

/**
 * The fast reader: the topics scanned in place, everything else (small) parsed and validated as usual. Throws
 * ScanMismatch for a file it does not expect (exported for the tests that compare it with the validating reader).
 */
export function scanSnapshot(text: string, source: string): ClusterSnapshot {
  const s = new JsonScanner(text);
  const rest: Record<string, unknown> = {};
  let topics: TopicInfo[] | undefined;
  s.object(() => {
    if (s.is('topics')) topics = scanTopics(s);
    else if (s.key() === '__proto__') s.mismatch();
    else rest[s.key()] = s.parsed();
  });
  if (!topics || !s.atEnd()) return s.mismatch();
  return readSnapshot(new JsonReader(rest, '$', source), topics);
}

function scanTopics(s: JsonScanner): TopicInfo[] {
  const names = new Interner();
  const topics: TopicInfo[] = [];
  s.array(() => {
    let name = '';
    let internal = false;
    let configs: TopicConfigs = {};
    let partitions: PartitionInfo[] | undefined;
    s.object(() => {
      if (s.is('name')) name = s.string();
      else if (s.is('internal')) internal = s.boolean();
      else if (s.is('configs')) {
        const value = s.parsed();
        try {
          configs = readConfigs(new JsonReader(value));
        } catch (err) {
          if (err instanceof ValidationError) s.mismatch();
          throw err;
        }
      } else if (s.is('partitions')) {
        const list: PartitionInfo[] = (partitions = []);
        s.array(() => list.push(scanPartition(s, names)));
      } else s.skip();
    });
    if (name === '' || !partitions) s.mismatch();
    const sorted = partitions.sort((a, b) => a.partition - b.partition);
    for (let i = 1; i < sorted.length; i++) if (sorted[i].partition === sorted[i - 1].partition) s.mismatch();
    topics.push({ name: names.get(name), internal, configs, partitions: sorted });
  });
  return topics;
}

function scanPartition(s: JsonScanner, names: Interner): PartitionInfo {
  let partition = -1;
  let leader = -2;
  let replicas: number[] | undefined;
  let isr: number[] | undefined;
  let offlineReplicas: number[] = [];
  let sizes: ReplicaSize[] = [];
  let endOffset = -1;
  s.object(() => {
    if (s.is('partition')) partition = s.int(0, Number.MAX_SAFE_INTEGER);
    else if (s.is('leader')) leader = s.int(-1, BROKER_ID.max);
    else if (s.is('replicas')) replicas = s.intArray(BROKER_ID.min, BROKER_ID.max);
    else if (s.is('isr')) isr = s.intArray(BROKER_ID.min, BROKER_ID.max);
    else if (s.is('offlineReplicas')) offlineReplicas = s.intArray(BROKER_ID.min, BROKER_ID.max);
    else if (s.is('sizes')) {
      const list: ReplicaSize[] = (sizes = []);
      s.array(() => list.push(scanReplicaSize(s, names)));
    } else if (s.is('endOffset')) endOffset = s.int(0, Number.MAX_SAFE_INTEGER);
    else s.skip();
  });
  if (partition < 0 || leader < -1 || !replicas || !isr) return s.mismatch();
  const r: number[] = replicas;
  for (let i = 1; i < r.length; i++) for (let j = 0; j < i; j++) if (r[i] === r[j]) s.mismatch();
  if (leader >= 0 && !r.includes(leader)) s.mismatch();
  if (isr.some((b) => !r.includes(b))) s.mismatch();
  const info: PartitionInfo = { partition, leader, replicas: r, isr, offlineReplicas, sizes };
  if (endOffset >= 0) info.endOffset = endOffset;
  return info;
}

function scanReplicaSize(s: JsonScanner, names: Interner): ReplicaSize {
  let broker = -1;
  let bytes = -1;
  let logDir: string | undefined;
  let offsetLag = -1;
  s.object(() => {
    if (s.is('broker')) broker = s.int(BROKER_ID.min, BROKER_ID.max);
    else if (s.is('bytes')) bytes = s.int(0, Number.MAX_SAFE_INTEGER);
    else if (s.is('logDir')) logDir = names.get(s.string());
    else if (s.is('offsetLag')) offsetLag = s.int(0, Number.MAX_SAFE_INTEGER);
    else s.skip();
  });
  if (broker < 0 || bytes < 0) return s.mismatch();
  const size: ReplicaSize = { broker, bytes };
  if (logDir !== undefined) size.logDir = logDir;
  if (offsetLag >= 0) size.offsetLag = offsetLag;
  return size;
}

/** Validates an already-parsed value (e.g. webview state) as a snapshot. */
export function validateSnapshot(value: unknown, source = 'snapshot'): ClusterSnapshot {
  return readSnapshot(new JsonReader(value, '$', source));
}

const BROKER_ID = { min: 0, max: 2 ** 31 - 1 };

function brokerId(r: JsonReader): number {
  return r.int(BROKER_ID.min, BROKER_ID.max);
}

function brokerIds(r: JsonReader): number[] {
  return r.array().map(brokerId);
}

/** `scannedTopics`: the topics already read (and checked) by the scanner; otherwise they are read here. */
function readSnapshot(r: JsonReader, scannedTopics?: TopicInfo[]): ClusterSnapshot {
  const version = r.field('schemaVersion');
  if (version.value !== SNAPSHOT_SCHEMA_VERSION) {
    version.fail(
      `schemaVersion ${SNAPSHOT_SCHEMA_VERSION} (this is a Kafka & Flink Planner snapshot file; newer files need a newer extension)`,
    );
  }
  const brokers = r.field('brokers').array().map(readBroker);
  const seenBrokers = new Set<number>();
  brokers.forEach((b, i) => {
    if (seenBrokers.has(b.id)) invalid(`$.brokers[${i}].id`, `broker id ${b.id} appears twice`, r.source);
    seenBrokers.add(b.id);
  });
  const topics = scannedTopics ?? r.field('topics').array().map(readTopic);
  const seenTopics = new Set<string>();
  topics.forEach((t, i) => {
    if (seenTopics.has(t.name)) invalid(`$.topics[${i}].name`, `topic ${JSON.stringify(t.name)} appears twice`, r.source);
    seenTopics.add(t.name);
  });
  const controller = r.field('controllerId');
  const controllerId = controller.value === null ? null : brokerId(controller);
  // Absent in files written before it existed: those keep their controllerId and isController flags as written.
  const controllerInfo = r.optional('controller', readControllerInfo);
  if (controllerInfo?.source === 'unknown' && controllerId !== null) controller.fail('null when controller.source is "unknown"');
  if (controllerInfo && controllerInfo.source !== 'unknown' && controllerId === null)
    controller.fail(`a node id when controller.source is "${controllerInfo.source}"`);
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    name: r.field('name').string(),
    clusterId: r.optional('clusterId', (x) => x.string()),
    source: r.field('source').oneOf(['live', 'demo', 'offline'] as const),
    takenAt: readIsoTime(r.field('takenAt')),
    controllerId,
    ...(controllerInfo ? { controller: controllerInfo } : {}),
    brokers,
    topics,
    consumerGroups: r.has('consumerGroups') ? r.field('consumerGroups').array().map(readGroup) : [],
    warnings: r.has('warnings')
      ? r
          .field('warnings')
          .array()
          .map((w) => w.string())
      : [],
  };
}

function readControllerInfo(r: JsonReader): ControllerInfo {
  const info: ControllerInfo = { source: r.field('source').oneOf(['metadataQuorum', 'metadataResponse', 'unknown'] as const) };
  const note = r.optional('note', (x) => x.string());
  if (note !== undefined) info.note = note;
  return info;
}

function readIsoTime(r: JsonReader): string {
  const s = r.string();
  if (Number.isNaN(Date.parse(s))) r.fail('an ISO-8601 time such as 2026-11-25T10:00:00Z');
  return s;
}

function readBroker(r: JsonReader): BrokerInfo {
  const rack = r.field('rack');
  return {
    id: brokerId(r.field('id')),
    host: r.field('host').string(),
    port: r.field('port').int(0, 65535),
    rack: rack.value === null || rack.value === undefined ? null : rack.nonEmptyString(),
    isController: r.has('isController') ? r.field('isController').boolean() : false,
    logDirs: r.has('logDirs') ? r.field('logDirs').array().map(readLogDir) : [],
  };
}

function readLogDir(r: JsonReader): LogDirInfo {
  const dir: LogDirInfo = { path: r.field('path').string() };
  const total = r.optional('totalBytes', (x) => x.int(0));
  const usable = r.optional('usableBytes', (x) => x.int(0));
  if (total !== undefined) dir.totalBytes = total;
  if (usable !== undefined) {
    if (total !== undefined && usable > total) r.field('usableBytes').fail(`at most totalBytes (${total})`);
    dir.usableBytes = usable;
  }
  const error = r.optional('error', (x) => x.string());
  if (error !== undefined) dir.error = error;
  return dir;
}

function readConfigs(r: JsonReader): TopicConfigs {
  const c: TopicConfigs = {};
  const retentionMs = r.optional('retentionMs', (x) => x.int(-1));
  const retentionBytes = r.optional('retentionBytes', (x) => x.int(-1));
  const minIsr = r.optional('minInsyncReplicas', (x) => x.int(1, 1000));
  const policy = r.optional('cleanupPolicy', (x) => x.string());
  // tiered storage configs: optional, so files written before they were read stay valid (schema version unchanged)
  const remote = r.optional('remoteStorageEnable', (x) => x.boolean());
  const localMs = r.optional('localRetentionMs', (x) => x.int(-2));
  const localBytes = r.optional('localRetentionBytes', (x) => x.int(-2));
  const unclean = r.optional('uncleanLeaderElectionEnable', (x) => x.boolean());
  if (retentionMs !== undefined) c.retentionMs = retentionMs;
  if (retentionBytes !== undefined) c.retentionBytes = retentionBytes;
  if (minIsr !== undefined) c.minInsyncReplicas = minIsr;
  if (policy !== undefined) c.cleanupPolicy = policy;
  if (remote !== undefined) c.remoteStorageEnable = remote;
  if (localMs !== undefined) c.localRetentionMs = localMs;
  if (localBytes !== undefined) c.localRetentionBytes = localBytes;
  if (unclean !== undefined) c.uncleanLeaderElectionEnable = unclean;
  return c;
}

function readTopic(r: JsonReader): TopicInfo {
  const partitions = r
    .field('partitions')
    .array()
    .map((p) => wellFormedPartition(p.value) ?? readPartition(p));
  const seen = new Set<number>();
  partitions.forEach((p, i) => {
    if (seen.has(p.partition)) invalid(`${r.path}.partitions[${i}].partition`, `partition ${p.partition} appears twice`, r.source);
    seen.add(p.partition);
  });
  return {
    name: r.field('name').nonEmptyString(),
    internal: r.has('internal') ? r.field('internal').boolean() : false,
    configs: r.has('configs') ? readConfigs(r.field('configs')) : {},
    partitions: partitions.sort((a, b) => a.partition - b.partition),
  };
}

function readPartition(r: JsonReader): PartitionInfo {
  const replicas = brokerIds(r.field('replicas'));
  const dup = replicas.find((b, i) => replicas.indexOf(b) !== i);
  if (dup !== undefined) r.field('replicas').fail(`distinct broker ids (broker ${dup} is listed twice)`);
  const leader = r.field('leader').int(-1, BROKER_ID.max);
  if (leader >= 0 && !replicas.includes(leader)) r.field('leader').fail(`-1 or one of the replicas [${replicas.join(', ')}]`);
  const isr = brokerIds(r.field('isr'));
  const strayIsr = isr.find((b) => !replicas.includes(b));
  if (strayIsr !== undefined)
    r.field('isr').fail(`a subset of the replicas [${replicas.join(', ')}] (broker ${strayIsr} is not a replica)`);
  const partition: PartitionInfo = {
    partition: r.field('partition').int(0),
    leader,
    replicas,
    isr,
    offlineReplicas: r.has('offlineReplicas') ? brokerIds(r.field('offlineReplicas')) : [],
    sizes: r.has('sizes') ? r.field('sizes').array().map(readReplicaSize) : [],
  };
  const endOffset = r.optional('endOffset', (x) => x.int(0));
  if (endOffset !== undefined) partition.endOffset = endOffset;
  return partition;
}

// Fast path for the bulk of a large file (50,000 partitions: millions of fields). It accepts exactly what
// readPartition accepts and returns the same object; anything else (or anything it is unsure of) returns undefined
// and goes through readPartition, which names the offending path.
const isBrokerId = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= BROKER_ID.min && x <= BROKER_ID.max;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= Number.MAX_SAFE_INTEGER;
const absent = (x: unknown): boolean => x === undefined || x === null;

function brokerIdList(x: unknown): number[] | undefined {
  if (!Array.isArray(x)) return undefined;
  for (const b of x) if (!isBrokerId(b)) return undefined;
  return x as number[];
}

function wellFormedPartition(value: unknown): PartitionInfo | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const replicas = brokerIdList(o.replicas);
  if (!replicas) return undefined;
  for (let i = 0; i < replicas.length; i++) if (replicas.indexOf(replicas[i]) !== i) return undefined;
  const leader = o.leader;
  if (typeof leader !== 'number' || !Number.isInteger(leader) || leader < -1 || leader > BROKER_ID.max) return undefined;
  if (leader >= 0 && !replicas.includes(leader)) return undefined;
  const isr = brokerIdList(o.isr);
  if (!isr || isr.some((b) => !replicas.includes(b))) return undefined;
  if (!isCount(o.partition)) return undefined;
  const offlineReplicas = absent(o.offlineReplicas) ? [] : brokerIdList(o.offlineReplicas);
  if (!offlineReplicas) return undefined;
  let sizes: ReplicaSize[] = [];
  if (!absent(o.sizes)) {
    if (!Array.isArray(o.sizes)) return undefined;
    sizes = [];
    for (const v of o.sizes as unknown[]) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
      const z = v as Record<string, unknown>;
      if (!isBrokerId(z.broker) || !isCount(z.bytes)) return undefined;
      const size: ReplicaSize = { broker: z.broker, bytes: z.bytes };
      if (!absent(z.logDir)) {
        if (typeof z.logDir !== 'string') return undefined;
        size.logDir = z.logDir;
      }
      if (!absent(z.offsetLag)) {
        if (!isCount(z.offsetLag)) return undefined;
        size.offsetLag = z.offsetLag;
      }
      sizes.push(size);
    }
  }
  const partition: PartitionInfo = { partition: o.partition, leader, replicas, isr, offlineReplicas, sizes };
  if (!absent(o.endOffset)) {
    if (!isCount(o.endOffset)) return undefined;
    partition.endOffset = o.endOffset;
  }
  return partition;
}

function readReplicaSize(r: JsonReader): ReplicaSize {
  const size: ReplicaSize = { broker: brokerId(r.field('broker')), bytes: r.field('bytes').int(0) };
  const logDir = r.optional('logDir', (x) => x.string());
  const lag = r.optional('offsetLag', (x) => x.int(0));
  if (logDir !== undefined) size.logDir = logDir;
  if (lag !== undefined) size.offsetLag = lag;
  return size;
}

function readGroup(r: JsonReader): ConsumerGroupInfo {
  const offsets = r
    .field('offsets')
    .array()
    .map((o) => {
      const entry = {
        topic: o.field('topic').nonEmptyString(),
        partition: o.field('partition').int(0),
        committedOffset: o.field('committedOffset').int(-1),
      } as ConsumerGroupInfo['offsets'][number];
      const end = o.optional('endOffset', (x) => x.int(0));
      const lag = o.optional('lag', (x) => x.int(0));
      if (end !== undefined) entry.endOffset = end;
      if (lag !== undefined) entry.lag = lag;
      return entry;
    });
  return {
    groupId: r.field('groupId').string(),
    state: r.has('state') ? r.field('state').string() : 'Unknown',
    members: r.has('members') ? r.field('members').int(0) : 0,
    offsets,
    totalLag: offsets.reduce((sum, o) => sum + (o.lag ?? 0), 0),
  };
}
