// The verdicts of the skew report: one line per metric and per topic that names the status, the numbers behind
// it and the threshold it was judged against, e.g. "leaders: skewed — broker 1 has 62 (1.9x the mean 32.7); …".

import { formatRatio, formatTolerance } from '../units';
import { formatMetricValue } from './format';
import type { SkewUnit, TopicSkew } from './model';
import type { BrokerValue, SkewScore } from './score';
import { plural } from '../units';

/** "a, b, c" or "a, b, c, d, e and 3 more": lists in notes and verdicts stay one line. */
export function listSome(items: string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** "broker 1" or "brokers 7, 8, 9": every broker holding `value`. */
function brokersWith(values: BrokerValue[], value: number): string {
  const ids = values.filter((v) => v.value === value).map((v) => String(v.broker));
  return ids.length === 1 ? `broker ${ids[0]} has` : `brokers ${listSome(ids)} have`;
}

export function metricVerdict(
  label: string,
  unit: SkewUnit,
  s: SkewScore,
  values: BrokerValue[],
  tolerance: number,
  unavailable?: string,
): string {
  if (unavailable || s.mean === null || s.max === null || s.min === null)
    return `${label}: not available — ${unavailable ?? 'no brokers that can host data'}`;
  const rule = `balanced means every broker within ${formatTolerance(tolerance)} of the mean`;
  const mean = formatMetricValue(unit, s.mean, true);
  if (s.brokers === 1) return `${label}: balanced — single broker (${formatMetricValue(unit, s.max)}), nothing to spread; ${rule}`;
  if (s.maxOverMean === 1 && s.cv === 0 && s.max === 0)
    return `${label}: balanced — every broker has ${formatMetricValue(unit, 0)}; ${rule}`;
  const band =
    s.lowerLimit !== null && s.upperLimit !== null
      ? ` (${formatMetricValue(unit, s.lowerLimit)}–${formatMetricValue(unit, s.upperLimit)})`
      : '';
  if (s.status === 'balanced') {
    return `${label}: balanced — broker ${s.maxBroker} has the most, ${formatMetricValue(unit, s.max)} (${formatRatio(s.maxOverMean)}x the mean ${mean}); ${rule}${band}`;
  }
  const parts: string[] = [];
  if (s.aboveUpper.length)
    parts.push(`${brokersWith(values, s.max)} ${formatMetricValue(unit, s.max)} (${formatRatio(s.maxOverMean)}x the mean ${mean})`);
  if (s.belowLower.length) {
    const ratio = s.mean > 0 ? formatRatio(s.min / s.mean) : '-';
    parts.push(
      `${brokersWith(values, s.min)} ${formatMetricValue(unit, s.min)} (${ratio}x${s.aboveUpper.length ? '' : ` the mean ${mean}`})`,
    );
  }
  const outside = s.aboveUpper.length + s.belowLower.length;
  return `${label}: skewed — ${parts.join(', ')}; ${outside} of ${s.brokers} brokers outside the band; ${rule}${band}`;
}

export function topicVerdict(t: TopicSkew): string {
  const part = (what: string, s: SkewScore) =>
    s.status === 'unavailable' ? `${what} n/a` : `${what} ${s.status} (max/mean ${formatRatio(s.maxOverMean)}, CV ${formatRatio(s.cv)})`;
  let racks: string;
  const sharedList = () =>
    listSome(
      t.rackSharedPartitions.map((s) => `${t.topic}-${s.partition} on ${s.sharedRacks.join('+')}`),
      3,
    );
  switch (t.rackStatus) {
    case 'spread':
      racks = 'every partition on distinct racks';
      break;
    case 'shared':
      racks = `RACK SHARED: ${plural(t.rackSharedPartitions.filter((s) => s.avoidable).length, 'partition')} ${t.rackSharedPartitions.filter((s) => s.avoidable).length === 1 ? 'has' : 'have'} replicas sharing a rack (${sharedList()})`;
      break;
    case 'shared-unavoidable':
      racks = `${plural(t.rackSharedPartitions.length, 'partition')} share a rack because the replication factor exceeds the rack count`;
      break;
    case 'unknown':
      racks = t.brokersWithoutRack.length
        ? `rack spread unknown: broker(s) ${t.brokersWithoutRack.join(', ')} have no rack (broker.rack unset)`
        : 'rack spread unknown: replicas on brokers missing from the metadata';
      break;
  }
  if (t.rackStatus !== 'unknown' && t.partitionsWithUnknownRack)
    racks += `; ${plural(t.partitionsWithUnknownRack, 'partition')} with a replica of unknown rack`;
  const offline = t.offlinePartitions ? `; ${plural(t.offlinePartitions, 'offline partition')}` : '';
  return `${t.topic}: ${part('replicas', t.replicaSkew)}, ${part('leaders', t.leaderSkew)}; ${racks}${offline}`;
}
