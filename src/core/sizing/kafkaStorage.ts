// Kafka sizing, storage: the retained bytes per broker in steady state, the fill rate, the volume that stays below
// MSK's first storage capacity alert, the time to each alert level, and the rebalance after adding brokers (the
// stored bytes that move, under a per-broker replication throttle).

import { DISK_ACTION_RATIO, DISK_WARN_RATIO, diskLevel as brokerDiskLevel } from '../brokerLoad';
import { REFS, at, derived, publicSourcesOf, userInput, type Source } from '../sources';
import { MSK_VOLUME_MAX_GIB, sourceOf } from './catalog';
import { explained, fmt, given, pct } from './explained';
import type { Workload } from './kafkaInput';
import { formatRetentionHours } from '../units';
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

const TIERED_SOURCE = derived(
  'with tiered storage the brokers keep local.retention.ms (or local.retention.bytes) of data on their volumes and the rest ' +
    'of retention.ms in the low-cost tier (one copy): broker storage is sized on the local retention',
  REFS.mskTieredStorage,
  REFS.mskTieredStorageTopicConfig,
);

const STORED_SOURCE = derived(
  "storage per broker = data on the brokers' volumes (all replicas) ÷ brokers; the data is derived per topic: measured write rate × " +
    "RF × the topic's own retention (time or retention.bytes per partition, whichever binds first; compacted topics at their " +
    "measured size), at least the topic's bytes on disk today",
  REFS.kafkaRetention,
  REFS.mskTieredStorage,
);

export function storage(w: Workload, brokers: number): KafkaStorage {
  const r = w.replicationFactor;
  const avg = w.ingressAvgMbPerSec;
  const tiered = w.localRetentionHours !== undefined;
  let retainedBytes: KafkaStorage['retainedBytes'];
  let clusterBytes: number;
  let perBrokerFormula: string;
  let retentionSource: Source = RETENTION_SOURCE;
  let tieredBytes: KafkaStorage['tieredBytes'];
  if (w.storedBytes !== undefined) {
    clusterBytes = w.storedBytes;
    retentionSource = STORED_SOURCE;
    retainedBytes = explained(
      w.storedBytes / r,
      'B',
      `${fmt(w.storedBytes / GIB)} GiB on the brokers' volumes (all replicas) ÷ RF ${r} = ${fmt(w.storedBytes / r / GIB)} GiB`,
      { storedBytes: w.storedBytes, replicationFactor: r },
      STORED_SOURCE,
    );
    perBrokerFormula = `${fmt(w.storedBytes / GIB)} GiB (all replicas) ÷ ${brokers} brokers`;
  } else {
    const localHours = tiered ? w.localRetentionHours : w.retentionHours;
    const byTime = localHours !== undefined ? avg * MB * localHours * 3600 : Infinity;
    const bySize = w.retentionBytesPerPartition !== undefined ? w.retentionBytesPerPartition * w.partitions : Infinity;
    const retained = Math.min(byTime, bySize);
    const parts: string[] = [];
    if (localHours !== undefined)
      parts.push(`${fmt(avg)} MB/s × ${fmt(localHours)} h${tiered ? ' local retention' : ''} × 3,600 s = ${fmt(byTime / MB)} MB`);
    if (w.retentionBytesPerPartition !== undefined)
      parts.push(`${fmt(w.retentionBytesPerPartition)} B × ${w.partitions} partitions = ${fmt(bySize / MB)} MB`);
    if (tiered) retentionSource = TIERED_SOURCE;
    retainedBytes = explained(
      retained,
      'B',
      parts.length > 1 ? `min(${parts.join(', ')}) = ${fmt(retained / MB)} MB` : `${parts[0]}`,
      {
        ingressAvgMbPerSec: avg,
        ...(localHours !== undefined ? { [tiered ? 'localRetentionHours' : 'retentionHours']: localHours } : {}),
        ...(w.retentionBytesPerPartition !== undefined
          ? { retentionBytesPerPartition: w.retentionBytesPerPartition, partitions: w.partitions }
          : {}),
      },
      retentionSource,
    );
    clusterBytes = retained * r;
    perBrokerFormula = `${fmt(retained / MB)} MB × RF ${r} ÷ ${brokers} brokers`;
    if (tiered && w.retentionHours !== undefined && w.tieredBytes === undefined) {
      const total = Math.min(avg * MB * w.retentionHours * 3600, bySize);
      tieredBytes = explained(
        total,
        'B',
        `${fmt(avg)} MB/s × ${fmt(w.retentionHours)} h total retention × 3,600 s = ${fmt(total / MB)} MB (one copy)`,
        { ingressAvgMbPerSec: avg, retentionHours: w.retentionHours },
        TIERED_SOURCE,
      );
    }
  }
  if (w.tieredBytes !== undefined) tieredBytes = given(w.tieredBytes, 'B', 'tieredBytes', userInput('data in tiered storage, one copy'));
  const perBroker = clusterBytes / brokers;
  const perBrokerBytes = explained(
    perBroker,
    'B',
    `${perBrokerFormula} = ${fmt(perBroker / MB)} MB (${fmt(perBroker / GIB)} GiB)`,
    { clusterBytes, brokers },
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
  const result: KafkaStorage = {
    retainedBytes,
    ...(tieredBytes ? { tieredBytes } : {}),
    perBrokerBytes,
    fillBytesPerSec,
    volumeGiBBelowWarn,
    crossings: [],
  };
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

/**
 * Error-level storage findings at one broker count: a volume the broker type cannot have (the volume that keeps the
 * steady state below the 60 % alert is above MSK's maximum per broker), or retained data larger than the given
 * volume. Each names the ways out with numbers: more brokers, shorter retention, tiered storage (local retention).
 */
export function storageErrors(w: Workload, brokers: number, st: KafkaStorage): string[] {
  if (w.type.kind !== 'standard') return [];
  const errors: string[] = [];
  const clusterBytes = st.perBrokerBytes.value * brokers;
  const maxBytesBelowWarn = MSK_VOLUME_MAX_GIB * GIB * DISK_WARN_RATIO;
  const n = w.numberOfAzs;
  const waysOut = (capacityBytesPerBroker: number): string => {
    const needed = Math.ceil(clusterBytes / capacityBytesPerBroker / n - 1e-9) * n;
    const factor = (capacityBytesPerBroker * brokers) / clusterBytes;
    const retention =
      w.storedBytes === undefined && w.localRetentionHours === undefined && w.retentionHours !== undefined
        ? `retention.ms at most ${formatRetentionHours(w.retentionHours * factor)} instead of ${formatRetentionHours(w.retentionHours)}`
        : `each topic's retention at most ${pct(factor)} of what it is (the data kept shrinks in proportion)`;
    const local =
      w.retentionHours !== undefined && w.storedBytes === undefined
        ? `local.retention.ms at most ${formatRetentionHours((w.localRetentionHours ?? w.retentionHours) * factor)}`
        : `local.retention.ms at most ${pct(factor)} of each topic's retention`;
    return (
      `Ways out: (1) more brokers: ${needed} × ${w.typeId} (a multiple of ${n} AZs) keep each broker below ${fmt(capacityBytesPerBroker / GIB)} GiB; ` +
      `(2) shorter retention at ${brokers} brokers: ${retention}; ` +
      `(3) MSK tiered storage (remote.storage.enable=true) with ${local}: broker volumes hold only the local retention, ` +
      `the rest of the retention goes to the low-cost tier (${REFS.mskTieredStorage.title}, ${REFS.mskTieredStorage.url}).`
    );
  };
  if (st.volumeBytes === undefined && st.volumeGiBBelowWarn.value > MSK_VOLUME_MAX_GIB) {
    errors.push(
      `Storage does not fit ${w.typeId}: each of ${brokers} brokers keeps ${fmt(st.perBrokerBytes.value / GIB)} GiB, which needs a ` +
        `${fmt(Math.ceil(st.volumeGiBBelowWarn.value))} GiB volume to stay below the ${pct(DISK_WARN_RATIO)} alert, ` +
        `${fmt(st.volumeGiBBelowWarn.value / MSK_VOLUME_MAX_GIB, 1)} × the MSK maximum of ${fmt(MSK_VOLUME_MAX_GIB)} GiB per broker. ` +
        waysOut(maxBytesBelowWarn),
    );
  } else if (st.volumeBytes !== undefined && st.usedRatio && st.usedRatio.value >= 1) {
    errors.push(
      `Storage does not fit the ${fmt(st.volumeBytes.value / GIB)} GiB volume: each of ${brokers} brokers would keep ` +
        `${fmt(st.perBrokerBytes.value / GIB)} GiB (${pct(st.usedRatio.value)} of it); the brokers stop when the disk is full. ` +
        waysOut(Math.min(st.volumeBytes.value, MSK_VOLUME_MAX_GIB * GIB) * DISK_WARN_RATIO),
    );
  }
  return errors;
}
