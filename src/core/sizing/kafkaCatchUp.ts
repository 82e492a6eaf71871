// Kafka sizing, catch-up after a broker returns (our model, built from the per-broker capacities of Equation 1):
// the backlog the returning broker must copy, the spare bandwidth under the ceiling on the four resources that
// carry it, the suggested replication throttle, and the utilization and time of the catch-up. README.md has the
// model in detail.

import { REFS, at, derived } from '../sources';
import { EQUATION_1_SOURCE } from './catalog';
import { atOrBelow, explained, fmt, pct } from './explained';
import type { Workload } from './kafkaInput';
import { TERM_LABELS } from './kafkaThroughput';
import { MB, type CatchUpTerm, type CatchUpTermName, type KafkaState, type PerBrokerCapacity } from './kafkaTypes';

const BACKLOG_SOURCE = derived(
  'backlog = peak ingress ÷ brokers × RF × downtime (the replicas the returning broker hosts)',
  at(REFS.reInventAnt307, 'a broker that returns must catch up before leadership rebalances'),
);

export const CATCH_UP_SOURCE = derived(
  'catch-up rate = min(replication throttle, spare per-broker bandwidth); time = backlog ÷ rate',
  EQUATION_1_SOURCE,
  REFS.kafkaReplicationThrottle,
);

/**
 * The catch-up rate from the spare bandwidth of the binding term, in any one unit: with a replication throttle, the
 * throttle up to the spare bandwidth at 100 %; without one, the suggested throttle, which is the spare bandwidth under
 * the ceiling (Kafka does not cap follower catch-up by itself). Shared by the sizing model and the failure simulation.
 */
export function catchUpRateOf(
  spareAtCeiling: number,
  spareAtFull: number,
  throttle: number | undefined,
): { rate: number; suggested: number } {
  const suggested = Math.max(0, spareAtCeiling);
  return { rate: throttle !== undefined ? Math.min(throttle, Math.max(0, spareAtFull)) : suggested, suggested };
}

/**
 * `localBytesPerBroker`: what a broker keeps on its volume (the local retention with tiered storage). A returning
 * broker never copies more than that: a backlog above it is capped (segments beyond the local retention stay in
 * tiered storage, or were deleted).
 */
export function catchUpState(
  w: Workload,
  cap: PerBrokerCapacity,
  brokers: number,
  warnings: string[],
  localBytesPerBroker?: number,
): KafkaState {
  const label = 'Catch-up after a broker returns';
  const r = w.replicationFactor;
  const notApplicable = (reason: string): KafkaState => ({
    state: 'catchUp',
    label,
    applicable: false,
    servingBrokers: brokers,
    withinCeiling: true,
    reason,
  });
  if (w.type.kind === 'express') {
    return notApplicable(
      'Not modelled for Express brokers: the service manages storage and recovery (Amazon MSK Developer Guide, Express brokers: they "recover 90% quicker").',
    );
  }
  if (r === 1) {
    return notApplicable(
      'replicationFactor 1: the partitions of a lost broker are offline while it is away, so there is no replica to catch up from.',
    );
  }
  const peak = w.ingressPeakMbPerSec;
  const fanout = w.fanout.value;
  const downtimeSeconds = w.downtimeMinutes * 60;
  const writtenMb = (peak / brokers) * r * downtimeSeconds;
  const localMb = localBytesPerBroker !== undefined ? localBytesPerBroker / MB : Infinity;
  const backlogMb = Math.min(writtenMb, localMb);
  const backlogBytes = explained(
    backlogMb * MB,
    'B',
    `${fmt(peak)} MB/s ÷ ${brokers} brokers × RF ${r} × ${fmt(w.downtimeMinutes)} min × 60 s = ${fmt(writtenMb)} MB` +
      (localMb < writtenMb ? `, capped at the ${fmt(localMb)} MB each broker keeps on its volume = ${fmt(backlogMb)} MB` : ''),
    {
      ingressPeakMbPerSec: peak,
      brokers,
      replicationFactor: r,
      brokerDowntimeMinutes: w.downtimeMinutes,
      ...(localBytesPerBroker !== undefined ? { localBytesPerBroker } : {}),
    },
    BACKLOG_SOURCE,
  );

  // The returning broker writes its share (peak × r / brokers) plus the backlog; its leaders stay on the others
  // until it has caught up, so they send the backlog on top of the cluster's normal outbound traffic.
  const writeLoad = (peak * r) / brokers;
  const terms: CatchUpTerm[] = [];
  const add = (term: CatchUpTermName, capacityMbPerSec: number, loadMbPerSec: number) =>
    terms.push({ term, label: TERM_LABELS[term], capacityMbPerSec, loadMbPerSec });
  add('storage', cap.storageMbPerSec!.value, writeLoad);
  if (cap.ebsNetworkMbPerSec) add('ebsNetwork', cap.ebsNetworkMbPerSec.value, writeLoad);
  add('networkIn', cap.networkMbPerSec!.value, writeLoad);
  add('leadersNetworkOut', (brokers - 1) * cap.networkMbPerSec!.value, peak * (fanout + r - 1));

  const spareAtCeiling = terms.map((t) => w.ceiling * t.capacityMbPerSec - t.loadMbPerSec);
  const spareFull = terms.map((t) => t.capacityMbPerSec - t.loadMbPerSec);
  const minIndex = (values: number[]) => values.reduce((best, v, i) => (v < values[best] ? i : best), 0);
  const ceilIdx = minIndex(spareAtCeiling);
  const fullIdx = minIndex(spareFull);
  const { rate, suggested } = catchUpRateOf(spareAtCeiling[ceilIdx], spareFull[fullIdx], w.replicationThrottleMbPerSec);
  const termText = (t: CatchUpTerm) => `${t.label} ${fmt(w.ceiling)} × ${fmt(t.capacityMbPerSec)} − ${fmt(t.loadMbPerSec)}`;
  const termSource = CATCH_UP_SOURCE;
  const suggestedThrottle = explained(
    suggested,
    'MB/s',
    `min(${terms.map(termText).join(', ')}) = ${fmt(suggested)} MB/s (binding: ${terms[ceilIdx].label})`,
    Object.fromEntries(
      terms.flatMap((t) => [
        [`${t.term}CapacityMbPerSec`, t.capacityMbPerSec],
        [`${t.term}LoadMbPerSec`, t.loadMbPerSec],
      ]),
    ),
    termSource,
  );

  const throttle = w.replicationThrottleMbPerSec;
  const throttled = throttle !== undefined;
  const spare100 = Math.max(0, spareFull[fullIdx]);
  const catchUpRate = throttled
    ? explained(
        rate,
        'MB/s',
        `min(throttle ${fmt(throttle)} MB/s, spare ${fmt(spare100)} MB/s on ${terms[fullIdx].label}) = ${fmt(rate)} MB/s`,
        { replicationThrottleMbPerSec: throttle, spareMbPerSec: spare100 },
        termSource,
      )
    : explained(
        rate,
        'MB/s',
        `no throttle given: assume the suggested throttle ${fmt(suggested)} MB/s (spare under the ${pct(w.ceiling)} ceiling) = ${fmt(rate)} MB/s`,
        { suggestedThrottleMbPerSec: suggested },
        termSource,
      );
  if (!throttled) {
    warnings.push(
      `No replicationThrottleMbPerSec: the catch-up estimate assumes follower.replication.throttled.rate = ${fmt(suggested)} MB/s on the returning broker. ` +
        `Kafka does not cap follower catch-up by itself; unthrottled, it would run ${terms[fullIdx].label} at 100 %.`,
    );
  }

  const seconds = backlogMb === 0 ? 0 : rate > 0 ? backlogMb / rate : Infinity;
  const catchUpSeconds = explained(
    seconds,
    's',
    `${fmt(backlogMb)} MB ÷ ${fmt(rate)} MB/s = ${fmt(seconds)} s`,
    { backlogMb, catchUpRateMbPerSec: rate },
    termSource,
  );

  const ratios = terms.map((t) => (t.capacityMbPerSec > 0 ? (t.loadMbPerSec + rate) / t.capacityMbPerSec : Infinity));
  const uIdx = ratios.reduce((best, v, i) => (v > ratios[best] ? i : best), 0);
  const u = ratios[uIdx];
  const bound = terms[uIdx];
  const utilization = explained(
    u,
    'ratio',
    `(${fmt(bound.loadMbPerSec)} MB/s live + ${fmt(rate)} MB/s catch-up) ÷ ${fmt(bound.capacityMbPerSec)} MB/s ${bound.label} = ${pct(u)}`,
    { loadMbPerSec: bound.loadMbPerSec, catchUpRateMbPerSec: rate, capacityMbPerSec: bound.capacityMbPerSec },
    termSource,
  );
  const canFinish = backlogMb === 0 || rate > 0;
  const within = canFinish && atOrBelow(u, w.ceiling);
  let reason: string | undefined;
  if (!canFinish) {
    reason = `${label}: no spare bandwidth under the ${pct(w.ceiling)} ceiling on ${terms[ceilIdx].label}, so the returning broker cannot catch up without exceeding it`;
  } else if (!within) {
    reason =
      `${label}: the replication throttle of ${fmt(throttle ?? rate)} MB/s brings ${bound.label} to ${pct(u)}, above the ${pct(w.ceiling)} ceiling` +
      (suggested > 0 ? `; a throttle of at most ${fmt(suggested)} MB/s stays within it` : '; no throttle fits under the ceiling');
  }
  return {
    state: 'catchUp',
    label,
    applicable: true,
    servingBrokers: brokers - 1,
    utilization,
    binding: bound.label,
    withinCeiling: within,
    ...(reason ? { reason } : {}),
    catchUp: {
      backlogBytes,
      terms,
      suggestedThrottleMbPerSec: suggestedThrottle,
      throttled,
      catchUpRateMbPerSec: catchUpRate,
      catchUpSeconds,
    },
  };
}
