// Kafka sizing, storage: the retained bytes per broker in steady state, the fill rate, the volume that stays below
// MSK's first storage capacity alert, the time to each alert level, and the rebalance after adding brokers (the
// stored bytes that move, under a per-broker replication throttle).

import { DISK_ACTION_RATIO, DISK_WARN_RATIO, diskLevel as brokerDiskLevel } from '../brokerLoad';
import { REFS, at, derived, publicSourcesOf, userInput, type Source } from '../sources';
import { sourceOf } from './catalog';
import { explained, fmt, given, pct } from './explained';
import type { Workload } from './kafkaInput';
import { GIB, MB, type DiskLevel, type KafkaRebalance, type KafkaStorage } from './kafkaTypes';

const publicOf = (s: Source) => publicSourcesOf(s);

const RETENTION_SOURCE = derived(
  'storage per broker = min(average ingress × retention.ms, retention.bytes × partitions) × RF ÷ brokers; ' +
    'Kafka deletes old segments at whichever of retention.ms and retention.bytes (per partition) is reached first',
  REFS.kafkaRetention,
);

const CROSSING_SOURCE = derived(
  'time to a level = level × volume ÷ fill rate (linear fill at average ingress until retention deletes), at the storage capacity alerts (60 %, 80 %) and full',
  ...publicSourcesOf(sourceOf('DISK_WARN_RATIO')),
);

const REBALANCE_SOURCE = derived(
  'bytes to move = stored bytes × added ÷ brokers after; time = bytes to move ÷ (per-broker throttle × parallel streams)',
  at(REFS.reInventAnt307, 'horizontal scaling = moving partitions under reserved (throttled) bandwidth'),
  REFS.kafkaReplicationThrottle,
);

function diskLevel(ratio: number): DiskLevel {
  return brokerDiskLevel(ratio) as DiskLevel;
}

export function storage(w: Workload, brokers: number): KafkaStorage {
  const r = w.replicationFactor;
  const avg = w.ingressAvgMbPerSec;
  const byTime = w.retentionHours !== undefined ? avg * MB * w.retentionHours * 3600 : Infinity;
  const bySize = w.retentionBytesPerPartition !== undefined ? w.retentionBytesPerPartition * w.partitions : Infinity;
  const retained = Math.min(byTime, bySize);
  const parts: string[] = [];
  if (w.retentionHours !== undefined) parts.push(`${fmt(avg)} MB/s × ${fmt(w.retentionHours)} h × 3,600 s = ${fmt(byTime / MB)} MB`);
  if (w.retentionBytesPerPartition !== undefined)
    parts.push(`${fmt(w.retentionBytesPerPartition)} B × ${w.partitions} partitions = ${fmt(bySize / MB)} MB`);
  const retentionSource = RETENTION_SOURCE;
  const retainedBytes = explained(
    retained,
    'B',
    parts.length > 1 ? `min(${parts.join(', ')}) = ${fmt(retained / MB)} MB` : `${parts[0]}`,
    {
      ingressAvgMbPerSec: avg,
      ...(w.retentionHours !== undefined ? { retentionHours: w.retentionHours } : {}),
      ...(w.retentionBytesPerPartition !== undefined
        ? { retentionBytesPerPartition: w.retentionBytesPerPartition, partitions: w.partitions }
        : {}),
    },
    retentionSource,
  );
  const perBroker = (retained * r) / brokers;
  const perBrokerBytes = explained(
    perBroker,
    'B',
    `${fmt(retained / MB)} MB × RF ${r} ÷ ${brokers} brokers = ${fmt(perBroker / MB)} MB (${fmt(perBroker / GIB)} GiB)`,
    { retainedBytes: retained, replicationFactor: r, brokers },
    retentionSource,
  );
  const fill = (avg * MB * r) / brokers;
  const fillBytesPerSec = explained(
    fill,
    'B/s',
    `${fmt(avg)} MB/s × RF ${r} ÷ ${brokers} brokers = ${fmt(fill / MB)} MB/s per broker`,
    { ingressAvgMbPerSec: avg, replicationFactor: r, brokers },
    derived('fill rate per broker = average ingress × RF ÷ brokers'),
  );
  const belowWarn = perBroker / DISK_WARN_RATIO / GIB;
  const volumeGiBBelowWarn = explained(
    belowWarn,
    'GiB',
    `${fmt(perBroker / GIB)} GiB ÷ ${DISK_WARN_RATIO} = ${fmt(belowWarn)} GiB`,
    { perBrokerBytes: perBroker, warnRatio: DISK_WARN_RATIO },
    derived(
      'volume = steady-state storage per broker ÷ 0.6, below the first storage capacity alert',
      ...publicOf(sourceOf('DISK_WARN_RATIO')),
    ),
  );
  const result: KafkaStorage = { retainedBytes, perBrokerBytes, fillBytesPerSec, volumeGiBBelowWarn, crossings: [] };
  if (w.volumeSizeGiB !== undefined) {
    const volume = w.volumeSizeGiB * GIB;
    result.volumeBytes = explained(
      volume,
      'B',
      `${fmt(w.volumeSizeGiB)} GiB × 2^30 = ${fmt(volume, 0)} B`,
      { volumeSizeGiB: w.volumeSizeGiB },
      userInput('volumeSizeGiB'),
    );
    const ratio = perBroker / volume;
    result.usedRatio = explained(
      ratio,
      'ratio',
      `${fmt(perBroker / GIB)} GiB ÷ ${fmt(w.volumeSizeGiB)} GiB = ${pct(ratio)}`,
      { perBrokerBytes: perBroker, volumeSizeGiB: w.volumeSizeGiB },
      derived(
        'used = steady-state storage per broker ÷ volume, compared with the 60 % / 80 % storage capacity alerts',
        ...publicOf(sourceOf('DISK_WARN_RATIO')),
      ),
    );
    result.level = diskLevel(ratio);
    for (const [level, label] of [
      [DISK_WARN_RATIO, '60 % (MSK alert)'],
      [DISK_ACTION_RATIO, '80 % (MSK "action required")'],
      [1, 'full (MSK "critical")'],
    ] as const) {
      const threshold = level * volume;
      const reached = threshold <= perBroker && fill > 0;
      const seconds = reached ? threshold / fill : Infinity;
      result.crossings.push({
        ratio: level,
        label,
        seconds: explained(
          seconds,
          's',
          reached
            ? `${fmt(level)} × ${fmt(w.volumeSizeGiB)} GiB ÷ ${fmt(fill / MB)} MB/s = ${fmt(seconds)} s (${fmt(seconds / 3600)} h from empty)`
            : `never: the steady state ${fmt(perBroker / GIB)} GiB stays below ${fmt(level)} × ${fmt(w.volumeSizeGiB)} GiB = ${fmt(threshold / GIB)} GiB`,
          { thresholdBytes: threshold, fillBytesPerSec: fill, perBrokerBytes: perBroker },
          CROSSING_SOURCE,
        ),
      });
    }
  }
  return result;
}

export function rebalance(
  w: Workload,
  brokers: number,
  perBrokerBytes: number,
  suggestedThrottle: number,
  warnings: string[],
): KafkaRebalance | undefined {
  if (w.addBrokers === undefined) return undefined;
  const added = w.addBrokers;
  const after = brokers + added;
  const source = REBALANCE_SOURCE;
  const total = perBrokerBytes * brokers;
  const estimate = (total * added) / after;
  const bytesToMove =
    w.bytesToMoveLowerBound !== undefined
      ? explained(
          w.bytesToMoveLowerBound,
          'B',
          `the reassignment planner's bytes to move = ${fmt(w.bytesToMoveLowerBound / MB)} MB (the even-spread estimate ${fmt(estimate / MB)} MB is not used)`,
          { bytesToMoveLowerBound: w.bytesToMoveLowerBound },
          userInput('reassignment planner'),
        )
      : explained(
          estimate,
          'B',
          `${fmt(total / MB)} MB stored × ${added} new ÷ ${after} brokers after = ${fmt(estimate / MB)} MB (the new brokers take an even share)`,
          { storedBytes: total, addBrokers: added, brokersAfter: after },
          source,
        );
  const givenThrottle = w.rebalanceThrottleMbPerSec ?? w.replicationThrottleMbPerSec;
  const throttleValue = givenThrottle ?? suggestedThrottle;
  const throttleMbPerSec =
    givenThrottle !== undefined
      ? given(
          givenThrottle,
          'MB/s',
          w.rebalanceThrottleMbPerSec !== undefined ? 'rebalanceThrottleMbPerSec' : 'replicationThrottleMbPerSec',
          userInput(),
        )
      : explained(
          suggestedThrottle,
          'MB/s',
          `no throttle given: the catch-up suggestion (spare under the ${pct(w.ceiling)} ceiling) = ${fmt(suggestedThrottle)} MB/s`,
          { suggestedThrottleMbPerSec: suggestedThrottle },
          source,
        );
  if (givenThrottle === undefined)
    warnings.push(`No rebalance throttle given: the rebalance estimate assumes ${fmt(suggestedThrottle)} MB/s per broker.`);
  else if (givenThrottle > suggestedThrottle) {
    warnings.push(
      `The rebalance throttle ${fmt(givenThrottle)} MB/s exceeds the spare bandwidth under the ceiling (${fmt(suggestedThrottle)} MB/s): live traffic may suffer.`,
    );
  }
  const streams = Math.min(added, brokers);
  const parallelStreams = explained(
    streams,
    'brokers',
    `min(${added} new brokers receiving, ${brokers} existing brokers sending) = ${streams} (the throttle is per broker)`,
    { addBrokers: added, brokers },
    derived(
      'parallel streams = min(new brokers receiving, existing brokers sending): leader/follower.replication.throttled.rate is a per-broker rate',
      REFS.kip73ReplicationQuotas,
    ),
  );
  const seconds = bytesToMove.value === 0 ? 0 : throttleValue > 0 ? bytesToMove.value / (throttleValue * MB * streams) : Infinity;
  return {
    brokersAfter: after,
    bytesToMove,
    throttleMbPerSec,
    parallelStreams,
    seconds: explained(
      seconds,
      's',
      `${fmt(bytesToMove.value / MB)} MB ÷ (${fmt(throttleValue)} MB/s × ${streams}) = ${fmt(seconds)} s (${fmt(seconds / 3600)} h)`,
      { bytesToMove: bytesToMove.value, throttleMbPerSec: throttleValue, parallelStreams: streams },
      source,
    ),
  };
}
