// Skew metrics (issue 4): how evenly replicas, leaders, bytes, disk use and write traffic spread over the
// brokers; how each topic spreads over brokers and racks; which partitions are hot. Pure and JSON-safe.
// Design note (choices, limits, sources): skew.md beside this file.

import { brokerLoads, type DiskLevel } from './brokerLoad';
import { partitionBytes, replicaBytes, topicPartitionKey, type BrokerInfo, type ClusterSnapshot, type PartitionInfo } from './model';
import { textTable } from './summaryText';
import { formatBytes, formatPercent } from './units';

/**
 * Balanced = every broker within ±10 % of the mean: Cruise Control's default balance threshold 1.10
 * (replica.count.balance.threshold, leader.replica.count.balance.threshold, disk.balance.threshold, …).
 * Source: ../shared/FIELD.md, "Rebalancing tools and their behaviour".
 */
export const DEFAULT_BALANCE_TOLERANCE = 0.1;
export const DEFAULT_HOT_PARTITION_COUNT = 10;
/** Bumped when the JSON form of SkewReport changes incompatibly. */
export const SKEW_REPORT_VERSION = 1;

/** Bad input to the skew metrics (snapshots in the wrong order, a bad option): the caller's mistake, not a bug. */
export class SkewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkewInputError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Write rates from two snapshots

/**
 * How a partition's write rate was obtained:
 * - size-delta: growth of one replica's log (the leader's) over the interval;
 * - offset-estimate: the log shrank (retention/compaction deleted data) or its size is unknown, so
 *   end-offset delta x the topic's bytes per record measured over the same interval on its other partitions;
 * - retention-clamped: the log shrank and no estimate was possible: the rate is clamped at 0 (a floor);
 * - unknown: no size and no usable estimate: counted as 0.
 */
export type WriteRateMethod = 'size-delta' | 'offset-estimate' | 'retention-clamped' | 'unknown';

export interface PartitionWriteRate {
  topic: string;
  partition: number;
  /** Leader in the later snapshot; -1 when offline there (its rate is then attributed to no broker). */
  leader: number;
  /** Replicas in the later snapshot. */
  replicas: number[];
  bytesPerSec: number;
  /** End-offset delta / interval; null when an end offset is missing or went backwards. */
  recordsPerSec: number | null;
  method: WriteRateMethod;
  /** The log shrank over the interval: retention or compaction deleted data in between. */
  retentionInInterval: boolean;
}

export interface WriteRates {
  fromTakenAt: string;
  toTakenAt: string;
  intervalSeconds: number;
  partitions: PartitionWriteRate[];
  notes: string[];
}

function parseTakenAt(s: ClusterSnapshot, which: string): number {
  const ms = Date.parse(s.takenAt);
  if (!Number.isFinite(ms)) throw new SkewInputError(`The ${which} snapshot has an unreadable takenAt "${s.takenAt}" (expected ISO-8601).`);
  return ms;
}

/** Seconds from `earlier` to `later`; throws SkewInputError unless later is strictly after earlier. */
export function samplingIntervalSeconds(earlier: ClusterSnapshot, later: ClusterSnapshot): number {
  const dt = (parseTakenAt(later, 'later') - parseTakenAt(earlier, 'earlier')) / 1000;
  if (dt <= 0) {
    throw new SkewInputError(
      `Write rates need two snapshots taken at different times, the earlier one first: the earlier snapshot was taken at ` +
        `${earlier.takenAt} and the later one at ${later.takenAt} (interval ${dt} s). ` +
        (dt < 0 ? 'Swap the two snapshots.' : 'Take the second snapshot some seconds later.'),
    );
  }
  return dt;
}

/**
 * Size growth of the partition's log between the snapshots, measured on one broker in both (the later leader,
 * else the earlier leader) so that a leadership change does not read as growth; else leader-or-largest in each.
 */
function logSizeDelta(a: PartitionInfo, b: PartitionInfo): number | undefined {
  for (const broker of [b.leader, a.leader]) {
    if (broker < 0) continue;
    const before = replicaBytes(a, broker);
    const after = replicaBytes(b, broker);
    if (before !== undefined && after !== undefined) return after - before;
  }
  if (a.sizes.length === 0 || b.sizes.length === 0) return undefined;
  return partitionBytes(b) - partitionBytes(a);
}

function listSome(items: string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * Write rate of every partition present in both snapshots (bytes/s and records/s over the interval).
 * Partitions in only one snapshot are skipped with a note. Throws SkewInputError when the later snapshot is not
 * strictly later, or when both snapshots name different cluster ids.
 */
export function partitionWriteRates(earlier: ClusterSnapshot, later: ClusterSnapshot): WriteRates {
  if (earlier.clusterId && later.clusterId && earlier.clusterId !== later.clusterId) {
    throw new SkewInputError(`The two snapshots come from different clusters (${earlier.clusterId} and ${later.clusterId}): rates need two samples of one cluster.`);
  }
  const dt = samplingIntervalSeconds(earlier, later);
  const notes: string[] = [];
  const before = new Map<string, PartitionInfo>();
  for (const t of earlier.topics) for (const p of t.partitions) before.set(topicPartitionKey(t.name, p.partition), p);

  interface Raw { topic: string; a: PartitionInfo; b: PartitionInfo; sizeDelta: number | undefined; offsetDelta: number | undefined }
  const raws: Raw[] = [];
  const onlyLater: string[] = [];
  const backwards: string[] = [];
  const seen = new Set<string>();
  for (const t of later.topics) {
    for (const b of t.partitions) {
      const key = topicPartitionKey(t.name, b.partition);
      const a = before.get(key);
      if (!a) {
        onlyLater.push(key);
        continue;
      }
      seen.add(key);
      let offsetDelta: number | undefined;
      if (a.endOffset !== undefined && b.endOffset !== undefined) {
        offsetDelta = b.endOffset - a.endOffset;
        if (offsetDelta < 0) {
          backwards.push(key); // topic deleted and re-created, or the log truncated (unclean leader election)
          offsetDelta = undefined;
        }
      }
      raws.push({ topic: t.name, a, b, sizeDelta: logSizeDelta(a, b), offsetDelta });
    }
  }
  const onlyEarlier = [...before.keys()].filter((k) => !seen.has(k));
  if (onlyLater.length) notes.push(`${onlyLater.length} partition(s) only in the later snapshot, ignored for rates: ${listSome(onlyLater)}.`);
  if (onlyEarlier.length) notes.push(`${onlyEarlier.length} partition(s) only in the earlier snapshot, ignored for rates: ${listSome(onlyEarlier)}.`);
  if (backwards.length) notes.push(`${backwards.length} partition(s) whose end offset went backwards (re-created topic or truncated log): no records/s for ${listSome(backwards)}.`);

  // Bytes per record of each topic, measured over this interval on its partitions whose log only grew.
  // (size / endOffset would be wrong: retention and compaction remove records from the size but not from the offset.)
  const perTopic = new Map<string, { bytes: number; records: number }>();
  for (const r of raws) {
    if (r.sizeDelta === undefined || r.sizeDelta < 0 || r.offsetDelta === undefined || r.offsetDelta <= 0) continue;
    const acc = perTopic.get(r.topic) ?? { bytes: 0, records: 0 };
    acc.bytes += r.sizeDelta;
    acc.records += r.offsetDelta;
    perTopic.set(r.topic, acc);
  }
  const bytesPerRecord = (topic: string): number | undefined => {
    const acc = perTopic.get(topic);
    return acc && acc.records > 0 && acc.bytes > 0 ? acc.bytes / acc.records : undefined;
  };

  const partitions = raws.map((r): PartitionWriteRate => {
    const recordsPerSec = r.offsetDelta === undefined ? null : r.offsetDelta / dt;
    const shrank = r.sizeDelta !== undefined && r.sizeDelta < 0;
    let bytesPerSec = 0;
    let method: WriteRateMethod;
    if (r.sizeDelta !== undefined && r.sizeDelta >= 0) {
      bytesPerSec = r.sizeDelta / dt;
      method = 'size-delta';
    } else if (r.offsetDelta === 0) {
      method = 'offset-estimate'; // nothing written: 0 whatever the record size
    } else {
      const perRecord = bytesPerRecord(r.topic);
      if (r.offsetDelta !== undefined && perRecord !== undefined) {
        bytesPerSec = (r.offsetDelta * perRecord) / dt;
        method = 'offset-estimate';
      } else {
        method = shrank ? 'retention-clamped' : 'unknown';
      }
    }
    return {
      topic: r.topic,
      partition: r.b.partition,
      leader: r.b.leader,
      replicas: [...r.b.replicas],
      bytesPerSec,
      recordsPerSec,
      method,
      retentionInInterval: shrank,
    };
  });
  const keys = (m: WriteRateMethod) => partitions.filter((p) => p.method === m).map((p) => topicPartitionKey(p.topic, p.partition));
  const estimated = partitions.filter((p) => p.method === 'offset-estimate' && p.retentionInInterval).map((p) => topicPartitionKey(p.topic, p.partition));
  const clamped = keys('retention-clamped');
  const unknown = keys('unknown');
  if (estimated.length) notes.push(`retention in interval: ${estimated.length} log(s) shrank; write rate estimated from end offsets x the topic's bytes per record: ${listSome(estimated)}.`);
  if (clamped.length) notes.push(`retention in interval: ${clamped.length} log(s) shrank and no estimate was possible; write rate clamped at 0 (a floor): ${listSome(clamped)}.`);
  if (unknown.length) notes.push(`${unknown.length} partition(s) with no log sizes: write rate unknown, counted as 0: ${listSome(unknown)}.`);
  return { fromTakenAt: earlier.takenAt, toTakenAt: later.takenAt, intervalSeconds: dt, partitions, notes };
}

// ---------------------------------------------------------------------------------------------------------------
// Skew scores

export type SkewStatus = 'balanced' | 'skewed' | 'unavailable';

/** How one quantity spreads over a set of brokers. Every field is JSON-safe (null, never NaN or Infinity). */
export interface SkewScore {
  /** Number of brokers the score is over. */
  brokers: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Lowest broker id holding the min / max. */
  minBroker: number | null;
  maxBroker: number | null;
  /** max / mean; 1 when every broker has 0 (each equals the mean). */
  maxOverMean: number | null;
  /** Coefficient of variation: population standard deviation / mean; 0 when every broker has 0. */
  cv: number | null;
  /** The balanced band: mean x (1 ± tolerance); for counts widened to whole numbers (floor / ceil). */
  lowerLimit: number | null;
  upperLimit: number | null;
  aboveUpper: number[];
  belowLower: number[];
  status: SkewStatus;
}

export interface BrokerValue {
  broker: number;
  value: number;
}

/** Slack for floating-point noise at the band's edges (30 x 1.1 = 33.000000000000004). */
const EPSILON = 1e-9;

/**
 * Skew of `values` (one per broker, zeros included). Balanced when every value is within
 * mean x (1 ± tolerance). With `wholeCounts` the band is floor(mean x (1 - t)) .. ceil(mean x (1 + t)), as Cruise
 * Control's ReplicaDistributionAbstractGoal computes its balance limits, so a count that cannot be split evenly
 * (3 replicas on 2 brokers) is not flagged.
 */
export function skewScore(values: BrokerValue[], tolerance = DEFAULT_BALANCE_TOLERANCE, wholeCounts = false): SkewScore {
  const n = values.length;
  if (n === 0) {
    return { brokers: 0, mean: null, min: null, max: null, minBroker: null, maxBroker: null, maxOverMean: null, cv: null, lowerLimit: null, upperLimit: null, aboveUpper: [], belowLower: [], status: 'unavailable' };
  }
  const sorted = [...values].sort((x, y) => x.broker - y.broker);
  let sum = 0;
  let min = sorted[0];
  let max = sorted[0];
  for (const v of sorted) {
    sum += v.value;
    if (v.value < min.value) min = v;
    if (v.value > max.value) max = v;
  }
  const mean = sum / n;
  let variance = 0;
  for (const v of sorted) variance += (v.value - mean) ** 2;
  variance /= n;
  const allZero = mean === 0 && max.value === 0 && min.value === 0;
  const rawLower = mean * Math.max(0, 1 - tolerance);
  const rawUpper = mean * (1 + tolerance);
  const lowerLimit = wholeCounts ? Math.floor(rawLower + EPSILON) : rawLower;
  const upperLimit = wholeCounts ? Math.ceil(rawUpper - EPSILON) : rawUpper;
  const slack = wholeCounts ? 0 : EPSILON * Math.max(1, Math.abs(mean));
  const aboveUpper = sorted.filter((v) => v.value > upperLimit + slack).map((v) => v.broker);
  const belowLower = sorted.filter((v) => v.value < lowerLimit - slack).map((v) => v.broker);
  return {
    brokers: n,
    mean,
    min: min.value,
    max: max.value,
    minBroker: min.broker,
    maxBroker: max.broker,
    maxOverMean: allZero ? 1 : mean === 0 ? null : max.value / mean,
    cv: allZero ? 0 : mean === 0 ? null : Math.sqrt(variance) / mean,
    lowerLimit,
    upperLimit,
    aboveUpper,
    belowLower,
    status: aboveUpper.length || belowLower.length ? 'skewed' : 'balanced',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The report

export interface SkewOptions {
  /** An earlier snapshot of the same cluster: enables write and replication rates. */
  previous?: ClusterSnapshot;
  /** Balanced = every broker within ±tolerance of the mean (0.1 = ±10 %, Cruise Control's 1.10). */
  balanceTolerance?: number;
  /** How many hot partitions to list by write rate and by size. */
  hotPartitionCount?: number;
}

export type SkewMetricName = 'replicas' | 'leaders' | 'bytes' | 'diskUsed' | 'produceIn' | 'replicationIn' | 'replicationOut';
export type SkewUnit = 'count' | 'bytes' | 'bytesPerSec' | 'ratio';

export interface MetricSkew extends SkewScore {
  metric: SkewMetricName;
  label: string;
  unit: SkewUnit;
  /** One line for humans, naming the threshold, e.g. "leaders: skewed — broker 1 has 62 (1.9x the mean 32.7); …". */
  verdict: string;
}

export interface BrokerSkewRow {
  broker: number;
  rack: string | null;
  /** False when every log dir of the broker is offline: it cannot host data, so it is left out of the scores. */
  counted: boolean;
  replicas: number;
  leaders: number;
  /** Sum of the sizes of the replicas it hosts (DescribeLogDirs). */
  replicaBytes: number;
  diskUsedRatio: number | null;
  diskLevel: DiskLevel;
  /** Sum of the write rates of the partitions it leads (null without a previous snapshot). */
  produceInBytesPerSec: number | null;
  produceInRecordsPerSec: number | null;
  /** Sum of the write rates of the partitions it follows (in ISR or not; not for replicas whose log dir is offline). */
  replicationInBytesPerSec: number | null;
  /** Sum over the partitions it leads of write rate x followers fetching from it. */
  replicationOutBytesPerSec: number | null;
}

export interface TopicBrokerSpread {
  broker: number;
  replicas: number;
  leaders: number;
}

export interface TopicRackSpread {
  /** null gathers brokers with no broker.rack. */
  rack: string | null;
  replicas: number;
  leaders: number;
}

export interface RackSharedPartition {
  partition: number;
  replicas: number[];
  /** Rack of each replica, in replica order. */
  racks: string[];
  /** Racks holding more than one replica of this partition. */
  sharedRacks: string[];
  /** False when the replication factor exceeds the number of racks, so some sharing cannot be avoided. */
  avoidable: boolean;
}

/**
 * spread: every partition's replicas on distinct racks (or as many racks as exist);
 * shared: some partition has replicas sharing a rack that a better placement would avoid;
 * shared-unavoidable: sharing only where the replication factor exceeds the rack count;
 * unknown: some replica is on a broker with no rack (or not in the metadata), and nothing is shared elsewhere.
 */
export type TopicRackStatus = 'spread' | 'shared' | 'shared-unavoidable' | 'unknown';

export interface TopicSkew {
  topic: string;
  internal: boolean;
  partitions: number;
  /** The largest replica count of its partitions. */
  replicationFactor: number;
  offlinePartitions: number;
  /** Replicas and leaders per counted broker (zeros included). */
  brokers: TopicBrokerSpread[];
  racks: TopicRackSpread[];
  /** Replicas on brokers outside the counted set (missing from the metadata, or all log dirs offline). */
  replicasOnUncountedBrokers: number;
  replicaSkew: SkewScore;
  leaderSkew: SkewScore;
  /** The topic's skew score: replicaSkew.maxOverMean (1 = perfectly even). */
  score: number | null;
  rackStatus: TopicRackStatus;
  rackSharedPartitions: RackSharedPartition[];
  /** Partitions with a replica on a broker whose rack is unknown (rack null, or broker missing from the metadata). */
  partitionsWithUnknownRack: number;
  /** Brokers without a rack that host replicas of this topic. */
  brokersWithoutRack: number[];
  verdict: string;
}

export interface HotPartition {
  topic: string;
  partition: number;
  leader: number;
  replicas: number[];
  /** Leader's log size (else the largest replica). */
  bytes: number;
  bytesPerSec: number | null;
  recordsPerSec: number | null;
  /** This partition's write rate / its leader's produce-in: one partition should not take a broker's whole throughput. */
  shareOfLeaderProduceIn: number | null;
}

export interface SkewReport {
  version: typeof SKEW_REPORT_VERSION;
  cluster: string;
  clusterId: string | null;
  takenAt: string;
  /** The sampling interval of the rates, or null with a single snapshot. */
  rates: { fromTakenAt: string; intervalSeconds: number; partitions: number } | null;
  balanceTolerance: number;
  hotPartitionCount: number;
  /** Brokers the scores are over: every broker in the metadata, empty ones included, unless all its log dirs are offline. */
  countedBrokers: number[];
  brokers: BrokerSkewRow[];
  metrics: MetricSkew[];
  topics: TopicSkew[];
  hotPartitions: { byWriteRate: HotPartition[]; bySize: HotPartition[] };
  notes: string[];
}

/** A broker whose every log dir reports an error cannot host data (KAFKA_STORAGE_ERROR on all dirs). */
function canHostData(broker: BrokerInfo): boolean {
  return broker.logDirs.length === 0 || broker.logDirs.some((d) => !d.error);
}

const METRICS: { metric: SkewMetricName; label: string; unit: SkewUnit }[] = [
  { metric: 'replicas', label: 'replicas', unit: 'count' },
  { metric: 'leaders', label: 'leaders', unit: 'count' },
  { metric: 'bytes', label: 'bytes on disk', unit: 'bytes' },
  { metric: 'diskUsed', label: 'disk used', unit: 'ratio' },
  { metric: 'produceIn', label: 'produce in', unit: 'bytesPerSec' },
  { metric: 'replicationIn', label: 'replication in', unit: 'bytesPerSec' },
  { metric: 'replicationOut', label: 'replication out', unit: 'bytesPerSec' },
];

/** Skew of one cluster snapshot (plus rates when `options.previous` is an earlier snapshot of it). */
export function buildSkewReport(snapshot: ClusterSnapshot, options: SkewOptions = {}): SkewReport {
  const tolerance = options.balanceTolerance ?? DEFAULT_BALANCE_TOLERANCE;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new SkewInputError(`The balance tolerance must be a number >= 0 (0.1 = ±10 %), got ${tolerance}.`);
  const hotCount = options.hotPartitionCount ?? DEFAULT_HOT_PARTITION_COUNT;
  if (!Number.isInteger(hotCount) || hotCount < 0) throw new SkewInputError(`The hot partition count must be a whole number >= 0, got ${hotCount}.`);

  const notes: string[] = [];
  const rates = options.previous ? partitionWriteRates(options.previous, snapshot) : undefined;
  if (rates) notes.push(...rates.notes);
  const rateOf = new Map<string, PartitionWriteRate>();
  for (const r of rates?.partitions ?? []) rateOf.set(topicPartitionKey(r.topic, r.partition), r);

  const loads = brokerLoads(snapshot);
  const brokerById = new Map(snapshot.brokers.map((b) => [b.id, b]));
  const counted = loads.filter((l) => canHostData(l.broker)).map((l) => l.broker.id);
  const countedSet = new Set(counted);
  const excluded = loads.filter((l) => !countedSet.has(l.broker.id)).map((l) => l.broker.id);
  if (excluded.length) notes.push(`broker(s) ${excluded.join(', ')} left out of the scores: every log dir is offline.`);

  // Per-broker traffic from the partition rates, attributed by the later snapshot's leader and replicas.
  const produce = new Map<number, number>();
  const produceRecords = new Map<number, number>();
  const replIn = new Map<number, number>();
  const replOut = new Map<number, number>();
  const add = (m: Map<number, number>, k: number, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let missingBrokerReplicas = 0;
  const leaderless: string[] = [];
  for (const t of snapshot.topics) {
    for (const p of t.partitions) {
      for (const r of p.replicas) if (!brokerById.has(r)) missingBrokerReplicas++;
      if (p.leader < 0) leaderless.push(topicPartitionKey(t.name, p.partition));
      const rate = rateOf.get(topicPartitionKey(t.name, p.partition));
      if (!rate || p.leader < 0) continue; // no leader: nobody takes writes or serves fetches
      const followers = p.replicas.filter((r) => r !== p.leader && !p.offlineReplicas.includes(r));
      add(produce, p.leader, rate.bytesPerSec);
      add(produceRecords, p.leader, rate.recordsPerSec ?? 0);
      add(replOut, p.leader, rate.bytesPerSec * followers.length);
      for (const f of followers) add(replIn, f, rate.bytesPerSec);
    }
  }
  if (leaderless.length) notes.push(`${leaderless.length} partition(s) without a leader (offline): not counted as a leader anywhere, no traffic: ${listSome(leaderless)}.`);
  if (missingBrokerReplicas) notes.push(`${missingBrokerReplicas} replica(s) on broker ids missing from the metadata (down?): not in the per-broker scores.`);

  const brokers: BrokerSkewRow[] = loads.map((l) => ({
    broker: l.broker.id,
    rack: l.broker.rack,
    counted: countedSet.has(l.broker.id),
    replicas: l.replicas,
    leaders: l.leaders,
    replicaBytes: l.replicaBytes,
    diskUsedRatio: l.diskUsedRatio ?? null,
    diskLevel: l.diskLevel,
    produceInBytesPerSec: rates ? produce.get(l.broker.id) ?? 0 : null,
    produceInRecordsPerSec: rates ? produceRecords.get(l.broker.id) ?? 0 : null,
    replicationInBytesPerSec: rates ? replIn.get(l.broker.id) ?? 0 : null,
    replicationOutBytesPerSec: rates ? replOut.get(l.broker.id) ?? 0 : null,
  }));

  const rows = brokers.filter((b) => b.counted);
  const valueOf: Record<SkewMetricName, (b: BrokerSkewRow) => number | null> = {
    replicas: (b) => b.replicas,
    leaders: (b) => b.leaders,
    bytes: (b) => b.replicaBytes,
    diskUsed: (b) => b.diskUsedRatio,
    produceIn: (b) => b.produceInBytesPerSec,
    replicationIn: (b) => b.replicationInBytesPerSec,
    replicationOut: (b) => b.replicationOutBytesPerSec,
  };
  const metrics = METRICS.map(({ metric, label, unit }): MetricSkew => {
    let unavailable: string | undefined;
    if (rows.length === 0) unavailable = 'no brokers that can host data';
    else if (unit === 'bytesPerSec' && !rates) unavailable = 'needs an earlier snapshot of the same cluster (rates come from size and end-offset deltas)';
    else if (metric === 'diskUsed') {
      const unknown = rows.filter((b) => b.diskUsedRatio === null).map((b) => b.broker);
      if (unknown.length) unavailable = `volume capacity not reported by broker(s) ${listSome(unknown.map(String), 8)} (KIP-827, Kafka 3.3+)`;
    }
    const values = unavailable ? [] : rows.map((b) => ({ broker: b.broker, value: valueOf[metric](b) ?? 0 }));
    const score = skewScore(values, tolerance, unit === 'count');
    return { metric, label, unit, ...score, verdict: metricVerdict(label, unit, score, values, tolerance, unavailable) };
  });

  const topics = snapshot.topics.map((t) => topicSkew(t, counted, brokerById, tolerance));

  const partitionRows: HotPartition[] = [];
  for (const t of snapshot.topics) {
    for (const p of t.partitions) {
      const rate = rateOf.get(topicPartitionKey(t.name, p.partition));
      const leaderIn = p.leader >= 0 ? produce.get(p.leader) : undefined;
      partitionRows.push({
        topic: t.name,
        partition: p.partition,
        leader: p.leader,
        replicas: [...p.replicas],
        bytes: partitionBytes(p),
        bytesPerSec: rate ? rate.bytesPerSec : null,
        recordsPerSec: rate ? rate.recordsPerSec : null,
        shareOfLeaderProduceIn: rate && leaderIn && leaderIn > 0 ? rate.bytesPerSec / leaderIn : null,
      });
    }
  }
  const byName = (x: HotPartition, y: HotPartition) => (x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition);
  const bySize = [...partitionRows].sort((x, y) => y.bytes - x.bytes || byName(x, y)).slice(0, hotCount);
  const byWriteRate = rates
    ? partitionRows.filter((p) => p.bytesPerSec !== null).sort((x, y) => (y.bytesPerSec ?? 0) - (x.bytesPerSec ?? 0) || byName(x, y)).slice(0, hotCount)
    : [];

  return {
    version: SKEW_REPORT_VERSION,
    cluster: snapshot.name,
    clusterId: snapshot.clusterId ?? null,
    takenAt: snapshot.takenAt,
    rates: rates ? { fromTakenAt: rates.fromTakenAt, intervalSeconds: rates.intervalSeconds, partitions: rates.partitions.length } : null,
    balanceTolerance: tolerance,
    hotPartitionCount: hotCount,
    countedBrokers: counted,
    brokers,
    metrics,
    topics,
    hotPartitions: { byWriteRate, bySize },
    notes,
  };
}

function topicSkew(
  topic: ClusterSnapshot['topics'][number],
  counted: number[],
  brokerById: Map<number, BrokerInfo>,
  tolerance: number,
): TopicSkew {
  const perBroker = new Map<number, TopicBrokerSpread>(counted.map((id) => [id, { broker: id, replicas: 0, leaders: 0 }]));
  const perRack = new Map<string | null, TopicRackSpread>();
  for (const id of counted) {
    const rack = brokerById.get(id)?.rack ?? null;
    if (!perRack.has(rack)) perRack.set(rack, { rack, replicas: 0, leaders: 0 });
  }
  const clusterRacks = new Set([...brokerById.values()].map((b) => b.rack).filter((r): r is string => r !== null));
  let uncounted = 0;
  let offline = 0;
  let rf = 0;
  let unknownRack = 0;
  const withoutRack = new Set<number>();
  const shared: RackSharedPartition[] = [];
  for (const p of topic.partitions) {
    rf = Math.max(rf, p.replicas.length);
    if (p.leader < 0) offline++;
    for (const r of p.replicas) {
      const spread = perBroker.get(r);
      if (!spread) {
        uncounted++;
      } else {
        spread.replicas++;
        if (r === p.leader) spread.leaders++;
      }
      const broker = brokerById.get(r);
      if (broker) {
        const rackSpread = perRack.get(broker.rack) ?? { rack: broker.rack, replicas: 0, leaders: 0 };
        rackSpread.replicas++;
        if (r === p.leader) rackSpread.leaders++;
        perRack.set(broker.rack, rackSpread);
        if (broker.rack === null) withoutRack.add(r);
      }
    }
    const racks = p.replicas.map((r) => brokerById.get(r)?.rack ?? null);
    if (racks.some((r) => r === null)) {
      unknownRack++;
      continue;
    }
    const known = racks as string[];
    const counts = new Map<string, number>();
    for (const r of known) counts.set(r, (counts.get(r) ?? 0) + 1);
    if (counts.size < known.length) {
      shared.push({
        partition: p.partition,
        replicas: [...p.replicas],
        racks: known,
        sharedRacks: [...counts].filter(([, n]) => n > 1).map(([r]) => r).sort(),
        // Kafka's rack-aware placement puts replicas on min(RF, racks) distinct racks: anything less is fixable.
        avoidable: counts.size < Math.min(known.length, clusterRacks.size),
      });
    }
  }
  const brokers = [...perBroker.values()];
  const replicaSkew = skewScore(brokers.map((b) => ({ broker: b.broker, value: b.replicas })), tolerance, true);
  const leaderSkew = skewScore(brokers.map((b) => ({ broker: b.broker, value: b.leaders })), tolerance, true);
  const rackStatus: TopicRackStatus = shared.some((s) => s.avoidable)
    ? 'shared'
    : shared.length
      ? 'shared-unavoidable'
      : unknownRack
        ? 'unknown'
        : 'spread';
  const result: TopicSkew = {
    topic: topic.name,
    internal: topic.internal,
    partitions: topic.partitions.length,
    replicationFactor: rf,
    offlinePartitions: offline,
    brokers,
    racks: [...perRack.values()].sort((x, y) => (x.rack === null ? 1 : y.rack === null ? -1 : x.rack.localeCompare(y.rack))),
    replicasOnUncountedBrokers: uncounted,
    replicaSkew,
    leaderSkew,
    score: replicaSkew.maxOverMean,
    rackStatus,
    rackSharedPartitions: shared,
    partitionsWithUnknownRack: unknownRack,
    brokersWithoutRack: [...withoutRack].sort((x, y) => x - y),
    verdict: '',
  };
  result.verdict = topicVerdict(result);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Words and tables

export function formatRate(bytesPerSec: number): string {
  // Decimal units: AWS quotes MSK and EBS throughput in MB/s (see units.ts).
  const abs = Math.abs(bytesPerSec);
  if (abs >= 1e6) return `${(bytesPerSec / 1e6).toFixed(1)} MB/s`;
  if (abs >= 1e3) return `${(bytesPerSec / 1e3).toFixed(1)} kB/s`;
  return `${bytesPerSec.toFixed(0)} B/s`;
}

/** A metric value in its unit: counts as whole numbers (means with one decimal), bytes, B/s, %. */
export function formatMetricValue(unit: SkewUnit, value: number, isMean = false): string {
  switch (unit) {
    case 'count':
      return isMean || !Number.isInteger(value) ? value.toFixed(1) : String(value);
    case 'bytes':
      return formatBytes(value);
    case 'bytesPerSec':
      return formatRate(value);
    case 'ratio':
      return formatPercent(value);
  }
}

/** 1.9, 1.07, 0: ratios with at most two decimals. */
function formatRatio(r: number | null): string {
  return r === null ? '-' : String(Number(r.toFixed(2)));
}

function tolerancePercent(tolerance: number): string {
  return `±${Number((tolerance * 100).toFixed(2))} %`;
}

/** "broker 1" or "brokers 7, 8, 9": every broker holding `value`. */
function brokersWith(values: BrokerValue[], value: number): string {
  const ids = values.filter((v) => v.value === value).map((v) => String(v.broker));
  return ids.length === 1 ? `broker ${ids[0]} has` : `brokers ${listSome(ids)} have`;
}

function metricVerdict(label: string, unit: SkewUnit, s: SkewScore, values: BrokerValue[], tolerance: number, unavailable?: string): string {
  if (unavailable || s.mean === null || s.max === null || s.min === null) return `${label}: not available — ${unavailable ?? 'no brokers that can host data'}`;
  const rule = `balanced means every broker within ${tolerancePercent(tolerance)} of the mean`;
  const mean = formatMetricValue(unit, s.mean, true);
  if (s.brokers === 1) return `${label}: balanced — single broker (${formatMetricValue(unit, s.max)}), nothing to spread; ${rule}`;
  if (s.maxOverMean === 1 && s.cv === 0 && s.max === 0) return `${label}: balanced — every broker has ${formatMetricValue(unit, 0)}; ${rule}`;
  const band = s.lowerLimit !== null && s.upperLimit !== null ? ` (${formatMetricValue(unit, s.lowerLimit)}–${formatMetricValue(unit, s.upperLimit)})` : '';
  if (s.status === 'balanced') {
    return `${label}: balanced — broker ${s.maxBroker} has the most, ${formatMetricValue(unit, s.max)} (${formatRatio(s.maxOverMean)}x the mean ${mean}); ${rule}${band}`;
  }
  const parts: string[] = [];
  if (s.aboveUpper.length) parts.push(`${brokersWith(values, s.max)} ${formatMetricValue(unit, s.max)} (${formatRatio(s.maxOverMean)}x the mean ${mean})`);
  if (s.belowLower.length) {
    const ratio = s.mean > 0 ? formatRatio(s.min / s.mean) : '-';
    parts.push(`${brokersWith(values, s.min)} ${formatMetricValue(unit, s.min)} (${ratio}x${s.aboveUpper.length ? '' : ` the mean ${mean}`})`);
  }
  const outside = s.aboveUpper.length + s.belowLower.length;
  return `${label}: skewed — ${parts.join(', ')}; ${outside} of ${s.brokers} brokers outside the band; ${rule}${band}`;
}

function topicVerdict(t: TopicSkew): string {
  const part = (what: string, s: SkewScore) =>
    s.status === 'unavailable' ? `${what} n/a` : `${what} ${s.status} (max/mean ${formatRatio(s.maxOverMean)}, CV ${formatRatio(s.cv)})`;
  let racks: string;
  const sharedList = () => listSome(t.rackSharedPartitions.map((s) => `${t.topic}-${s.partition} on ${s.sharedRacks.join('+')}`), 3);
  switch (t.rackStatus) {
    case 'spread':
      racks = 'every partition on distinct racks';
      break;
    case 'shared':
      racks = `RACK SHARED: ${t.rackSharedPartitions.filter((s) => s.avoidable).length} partition(s) have replicas sharing a rack (${sharedList()})`;
      break;
    case 'shared-unavoidable':
      racks = `${t.rackSharedPartitions.length} partition(s) share a rack because the replication factor exceeds the rack count`;
      break;
    case 'unknown':
      racks = t.brokersWithoutRack.length
        ? `rack spread unknown: broker(s) ${t.brokersWithoutRack.join(', ')} have no rack (broker.rack unset)`
        : 'rack spread unknown: replicas on brokers missing from the metadata';
      break;
  }
  if (t.rackStatus !== 'unknown' && t.partitionsWithUnknownRack) racks += `; ${t.partitionsWithUnknownRack} partition(s) with a replica of unknown rack`;
  const offline = t.offlinePartitions ? `; ${t.offlinePartitions} offline partition(s)` : '';
  return `${t.topic}: ${part('replicas', t.replicaSkew)}, ${part('leaders', t.leaderSkew)}; ${racks}${offline}`;
}

const TOPIC_ROWS_IN_TEXT = 30;

/** The skew report as plain text: verdicts, a broker table with max/mean and CV rows, topics worst first, hot partitions. */
export function formatSkewReport(report: SkewReport): string {
  const out: string[] = [];
  const rates = report.rates;
  out.push(`Skew of ${report.cluster}${report.clusterId ? ` (id ${report.clusterId})` : ''} at ${report.takenAt}` +
    (rates ? `; rates over ${Number(rates.intervalSeconds.toFixed(3))} s since ${rates.fromTakenAt}` : '; no rates (give an earlier snapshot for write and replication rates)'));
  out.push(`Balanced = every broker within ${tolerancePercent(report.balanceTolerance)} of the mean (Cruise Control's balance threshold); ` +
    `${report.countedBrokers.length} broker(s) counted, empty ones included.`);
  out.push('', 'Verdicts:');
  for (const m of report.metrics) out.push(`  ${m.verdict}`);

  const metric = (name: SkewMetricName) => report.metrics.find((m) => m.metric === name)!;
  const showRates = rates !== null;
  const header = ['broker', 'rack', 'replicas', 'leaders', 'bytes', 'disk used', 'level'];
  const names: (SkewMetricName | null)[] = ['replicas', 'leaders', 'bytes', 'diskUsed', null];
  if (showRates) {
    header.push('produce in', 'replication in', 'replication out');
    names.push('produceIn', 'replicationIn', 'replicationOut');
  }
  const rows = report.brokers.map((b) => {
    const row = [
      String(b.broker) + (b.counted ? '' : ' (excluded)'),
      b.rack ?? '-',
      String(b.replicas),
      String(b.leaders),
      formatBytes(b.replicaBytes),
      b.diskUsedRatio === null ? '?' : formatPercent(b.diskUsedRatio),
      b.diskLevel,
    ];
    if (showRates) row.push(formatRate(b.produceInBytesPerSec ?? 0), formatRate(b.replicationInBytesPerSec ?? 0), formatRate(b.replicationOutBytesPerSec ?? 0));
    return row;
  });
  if (report.brokers.length) {
    rows.push(['max/mean', '', ...names.map((n) => (n ? formatRatio(metric(n).maxOverMean) : ''))]);
    rows.push(['CV', '', ...names.map((n) => (n ? formatRatio(metric(n).cv) : ''))]);
  }
  out.push('', 'Brokers:', textTable(header, rows, header.map((_, i) => i >= 2 && i !== 6)));

  const topics = [...report.topics].sort((x, y) => {
    const flagged = (t: TopicSkew) => (t.replicaSkew.status === 'skewed' || t.leaderSkew.status === 'skewed' || t.rackStatus === 'shared' ? 1 : 0);
    return flagged(y) - flagged(x) || (y.score ?? 0) - (x.score ?? 0) || x.topic.localeCompare(y.topic);
  });
  if (topics.length) {
    const shown = topics.slice(0, TOPIC_ROWS_IN_TEXT);
    const topicRows = shown.map((t) => [
      t.topic,
      String(t.partitions),
      String(t.replicationFactor),
      formatRatio(t.replicaSkew.maxOverMean),
      formatRatio(t.replicaSkew.cv),
      formatRatio(t.leaderSkew.maxOverMean),
      t.replicaSkew.status === 'skewed' || t.leaderSkew.status === 'skewed' ? 'skewed' : t.replicaSkew.status,
      t.rackStatus,
    ]);
    out.push('', 'Topics (worst first):', textTable(
      ['topic', 'partitions', 'rf', 'replicas max/mean', 'replicas CV', 'leaders max/mean', 'spread', 'racks'],
      topicRows,
      [false, true, true, true, true, true, false, false],
    ));
    if (topics.length > shown.length) out.push(`… ${topics.length - shown.length} more topic(s) in the JSON output.`);
    const flagged = topics.filter((t) => t.rackStatus === 'shared' || t.rackStatus === 'unknown' || t.rackStatus === 'shared-unavoidable');
    for (const t of flagged.slice(0, TOPIC_ROWS_IN_TEXT)) out.push(`  ${t.verdict}`);
  }

  const hotTable = (title: string, list: HotPartition[]) => {
    if (!list.length) return;
    out.push('', title, textTable(
      ['#', 'partition', 'leader', 'replicas', 'size', 'write rate', 'records/s', 'of leader in'],
      list.map((p, i) => [
        String(i + 1),
        topicPartitionKey(p.topic, p.partition),
        p.leader < 0 ? 'none' : String(p.leader),
        p.replicas.join(','),
        formatBytes(p.bytes),
        p.bytesPerSec === null ? '-' : formatRate(p.bytesPerSec),
        p.recordsPerSec === null ? '-' : p.recordsPerSec.toFixed(1),
        p.shareOfLeaderProduceIn === null ? '-' : formatPercent(p.shareOfLeaderProduceIn),
      ]),
      [true, false, true, false, true, true, true, true],
    ));
  };
  hotTable(`Hot partitions by write rate (top ${report.hotPartitionCount}):`, report.hotPartitions.byWriteRate);
  hotTable(`Hot partitions by size (top ${report.hotPartitionCount}):`, report.hotPartitions.bySize);

  if (report.notes.length) {
    out.push('', 'Notes:');
    for (const n of report.notes) out.push(`  - ${n}`);
  }
  return out.join('\n') + '\n';
}

/** The report as JSON text (it holds only plain data: no Maps, NaN or Infinity). */
export function skewReportToJson(report: SkewReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
