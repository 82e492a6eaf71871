// The skew report of one snapshot: per-broker load and traffic, a score and verdict per metric, each topic's spread
// over brokers and racks, and the hot partitions. Pure: snapshots in, plain data out.

import { brokerLoads } from '../brokerLoad';
import { partitionBytes, topicPartitionKey, type BrokerInfo, type ClusterSnapshot } from '../model';
import {
  DEFAULT_HOT_PARTITION_COUNT,
  SKEW_REPORT_VERSION,
  SkewInputError,
  type BrokerSkewRow,
  type HotPartition,
  type MetricSkew,
  type RackSharedPartition,
  type SkewMetricName,
  type SkewOptions,
  type SkewReport,
  type SkewUnit,
  type TopicBrokerSpread,
  type TopicRackSpread,
  type TopicRackStatus,
  type TopicSkew,
} from './model';
import { partitionWriteRates, type PartitionWriteRate } from './rates';
import { DEFAULT_BALANCE_TOLERANCE, skewScore } from './score';
import { listSome, metricVerdict, topicVerdict } from './verdicts';
import { plural } from '../units';

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
  if (!Number.isFinite(tolerance) || tolerance < 0)
    throw new SkewInputError(`The balance tolerance must be a number >= 0 (0.1 = ±10 %), got ${tolerance}.`);
  const hotCount = options.hotPartitionCount ?? DEFAULT_HOT_PARTITION_COUNT;
  if (!Number.isInteger(hotCount) || hotCount < 0)
    throw new SkewInputError(`The hot partition count must be a whole number >= 0, got ${hotCount}.`);

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
  if (leaderless.length)
    notes.push(
      `${plural(leaderless.length, 'partition')} without a leader (offline): not counted as a leader anywhere, no traffic: ${listSome(leaderless)}.`,
    );
  if (missingBrokerReplicas)
    notes.push(
      `${plural(missingBrokerReplicas, 'replica')} on broker ids missing from the metadata (down?): not in the per-broker scores.`,
    );

  const brokers: BrokerSkewRow[] = loads.map((l) => ({
    broker: l.broker.id,
    rack: l.broker.rack,
    counted: countedSet.has(l.broker.id),
    replicas: l.replicas,
    leaders: l.leaders,
    replicaBytes: l.replicaBytes,
    diskUsedRatio: l.diskUsedRatio ?? null,
    diskLevel: l.diskLevel,
    produceInBytesPerSec: rates ? (produce.get(l.broker.id) ?? 0) : null,
    produceInRecordsPerSec: rates ? (produceRecords.get(l.broker.id) ?? 0) : null,
    replicationInBytesPerSec: rates ? (replIn.get(l.broker.id) ?? 0) : null,
    replicationOutBytesPerSec: rates ? (replOut.get(l.broker.id) ?? 0) : null,
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
    else if (unit === 'bytesPerSec' && !rates)
      unavailable = 'needs an earlier snapshot of the same cluster (rates come from size and end-offset deltas)';
    else if (metric === 'diskUsed') {
      const unknown = rows.filter((b) => b.diskUsedRatio === null).map((b) => b.broker);
      if (unknown.length)
        unavailable = `volume capacity not reported by broker(s) ${listSome(unknown.map(String), 8)} (KIP-827, Kafka 3.3+)`;
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
    ? partitionRows
        .filter((p) => p.bytesPerSec !== null)
        .sort((x, y) => (y.bytesPerSec ?? 0) - (x.bytesPerSec ?? 0) || byName(x, y))
        .slice(0, hotCount)
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
        sharedRacks: [...counts]
          .filter(([, n]) => n > 1)
          .map(([r]) => r)
          .sort(),
        // Kafka's rack-aware placement puts replicas on min(RF, racks) distinct racks: anything less is fixable.
        avoidable: counts.size < Math.min(known.length, clusterRacks.size),
      });
    }
  }
  const brokers = [...perBroker.values()];
  const replicaSkew = skewScore(
    brokers.map((b) => ({ broker: b.broker, value: b.replicas })),
    tolerance,
    true,
  );
  const leaderSkew = skewScore(
    brokers.map((b) => ({ broker: b.broker, value: b.leaders })),
    tolerance,
    true,
  );
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
