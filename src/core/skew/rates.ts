// Write rates from two snapshots of one cluster: bytes/s and records/s per partition over the sampling interval,
// from log size growth, else from end-offset growth x the topic's bytes per record. Pure and JSON-safe.

import { partitionBytes, replicaBytes, topicPartitionKey, type ClusterSnapshot, type PartitionInfo } from '../model';
import { SkewInputError } from './model';
import { listSome } from './verdicts';
import { plural } from '../units';

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

/**
 * Write rate of every partition present in both snapshots (bytes/s and records/s over the interval).
 * Partitions in only one snapshot are skipped with a note. Throws SkewInputError when the later snapshot is not
 * strictly later, or when both snapshots name different cluster ids.
 */
export function partitionWriteRates(earlier: ClusterSnapshot, later: ClusterSnapshot): WriteRates {
  if (earlier.clusterId && later.clusterId && earlier.clusterId !== later.clusterId) {
    throw new SkewInputError(
      `The two snapshots come from different clusters (${earlier.clusterId} and ${later.clusterId}): rates need two samples of one cluster.`,
    );
  }
  const dt = samplingIntervalSeconds(earlier, later);
  const notes: string[] = [];
  const before = new Map<string, PartitionInfo>();
  for (const t of earlier.topics) for (const p of t.partitions) before.set(topicPartitionKey(t.name, p.partition), p);

  interface Raw {
    topic: string;
    a: PartitionInfo;
    b: PartitionInfo;
    sizeDelta: number | undefined;
    offsetDelta: number | undefined;
  }
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
  if (onlyLater.length)
    notes.push(`${plural(onlyLater.length, 'partition')} only in the later snapshot, ignored for rates: ${listSome(onlyLater)}.`);
  if (onlyEarlier.length)
    notes.push(`${plural(onlyEarlier.length, 'partition')} only in the earlier snapshot, ignored for rates: ${listSome(onlyEarlier)}.`);
  if (backwards.length)
    notes.push(
      `${plural(backwards.length, 'partition')} whose end offset went backwards (re-created topic or truncated log): no records/s for ${listSome(backwards)}.`,
    );

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
  const estimated = partitions
    .filter((p) => p.method === 'offset-estimate' && p.retentionInInterval)
    .map((p) => topicPartitionKey(p.topic, p.partition));
  const clamped = keys('retention-clamped');
  const unknown = keys('unknown');
  if (estimated.length)
    notes.push(
      `retention in interval: ${plural(estimated.length, 'log')} shrank; write rate estimated from end offsets x the topic's bytes per record: ${listSome(estimated)}.`,
    );
  if (clamped.length)
    notes.push(
      `retention in interval: ${plural(clamped.length, 'log')} shrank and no estimate was possible; write rate clamped at 0 (a floor): ${listSome(clamped)}.`,
    );
  if (unknown.length)
    notes.push(`${plural(unknown.length, 'partition')} with no log sizes: write rate unknown, counted as 0: ${listSome(unknown)}.`);
  return { fromTakenAt: earlier.takenAt, toTakenAt: later.takenAt, intervalSeconds: dt, partitions, notes };
}
