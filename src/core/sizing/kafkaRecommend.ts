// Kafka sizing, recommendations: the smallest broker count of a type that fits in every state (a multiple of the AZ
// count, >= RF), the broker type with the fewest total vCPUs among those that fit, and Express vs Standard for the
// same workload.

import { DISK_WARN_RATIO } from '../brokerLoad';
import { REFS, at, derived } from '../sources';
import { BROKER_CATALOG, EQUATION_1_SOURCE, MSK_VOLUME_MAX_GIB, findBrokerType, matchingExpressType, type BrokerType } from './catalog';
import { SizingInputError, explained, fmt, pct } from './explained';
import { evaluate } from './kafkaEvaluate';
import { CATALOG_IDS, inputForType, validateWorkload, type Workload } from './kafkaInput';
import { perBrokerCapacity, throughputLimit } from './kafkaThroughput';
import type {
  BrokerTypeSummary,
  ExpressStandardComparison,
  KafkaRecommendation,
  KafkaSizingInput,
  KafkaSizingResult,
  KafkaTypeRecommendation,
} from './kafkaTypes';

/**
 * With a fixed volume, retained data must stay below MSK's first disk alert (60 %) in steady state: a cluster
 * that is alerting on day one is not a fit. Without a volume the report gives the volume needed instead.
 */
function storageFits(result: KafkaSizingResult): boolean {
  const st = result.storage;
  if (!st) return true;
  if (st.level !== undefined) return st.level === 'ok';
  // No volume given: the volume this count needs below the 60 % alert must exist on MSK Standard (<= 16,384 GiB).
  return result.brokerType.kind !== 'standard' || st.volumeGiBBelowWarn.value <= MSK_VOLUME_MAX_GIB;
}

function fits(result: KafkaSizingResult): boolean {
  return result.withinCeiling && result.partitions.level === 'ok' && storageFits(result);
}

function failures(result: KafkaSizingResult): string {
  const reasons = result.states.filter((s) => !s.withinCeiling).map((s) => s.reason ?? s.label);
  if (result.partitions.reason) reasons.push(result.partitions.reason);
  if (!storageFits(result) && result.storage?.usedRatio) {
    reasons.push(
      `retained data fills ${pct(result.storage.usedRatio.value)} of each broker's volume, at or above the ${pct(DISK_WARN_RATIO)} alert`,
    );
  } else if (!storageFits(result) && result.storage) {
    reasons.push(
      `each broker would need ${fmt(result.storage.volumeGiBBelowWarn.value)} GiB to keep retained data below the ${pct(DISK_WARN_RATIO)} alert, ` +
        `more than MSK's ${fmt(MSK_VOLUME_MAX_GIB)} GiB per broker (shorter retention, more brokers, or tiered storage)`,
    );
  }
  return reasons.join('; ');
}

export function recommendFor(w: Workload): KafkaRecommendation {
  const n = w.numberOfAzs;
  const smallest = Math.max(n, Math.ceil(w.replicationFactor / n) * n);
  const ceilingText = pct(w.ceiling);
  let previous: KafkaSizingResult | undefined;
  let last: KafkaSizingResult | undefined;
  for (let count = smallest; count <= w.maxBrokerCount; count += n) {
    const result = evaluate(w, count);
    if (fits(result)) {
      const checked = result.states.filter((s) => s.applicable).map((s) => s.label.toLowerCase().replace(/\baz\b/, 'AZ'));
      const why =
        `${count} brokers of ${w.typeId}: the smallest multiple of ${n} AZs (and >= RF ${w.replicationFactor}) where ${checked.join(', ')} ` +
        `stay at or below ${ceilingText}, partitions per broker stay within the recommended ${fmt(result.partitions.recommended.value)}` +
        (result.storage?.usedRatio
          ? ` and retained data stays below the ${pct(DISK_WARN_RATIO)} disk alert (${pct(result.storage.usedRatio.value)})`
          : result.storage && result.brokerType.kind === 'standard'
            ? `, each broker needs ${fmt(result.storage.volumeGiBBelowWarn.value)} GiB to stay below the ${pct(DISK_WARN_RATIO)} alert (MSK allows ${fmt(MSK_VOLUME_MAX_GIB)})`
            : '') +
        (previous ? `. At ${previous.brokerCount}: ${failures(previous)}` : '');
      return { brokerTypeId: w.typeId, found: true, brokerCount: count, reason: why, result };
    }
    previous = result;
    last = result;
  }
  if (!last) {
    // Even the smallest count is beyond the search bound: show it anyway so the caller sees the numbers.
    const result = evaluate(w, smallest);
    return {
      brokerTypeId: w.typeId,
      found: false,
      reason: `No count fits: the smallest possible count (${smallest}, a multiple of ${n} AZs >= RF ${w.replicationFactor}) exceeds maxBrokerCount ${w.maxBrokerCount}`,
      result,
    };
  }
  return {
    brokerTypeId: w.typeId,
    found: false,
    reason: `No count of ${w.typeId} up to ${last.brokerCount} brokers (maxBrokerCount ${w.maxBrokerCount}, multiples of ${n} AZs) fits. At ${last.brokerCount}: ${failures(last)}`,
    result: last,
  };
}

/** The smallest broker count of the input's type (a multiple of the AZ count) that fits in all four states. */
export function recommendBrokerCount(input: KafkaSizingInput): KafkaRecommendation {
  return recommendFor(validateWorkload(input));
}

/**
 * Recommends a broker type and count: the smallest fitting count for each candidate type, then the candidate with
 * the fewest total vCPUs (ties: fewer brokers, then catalog order). Default candidates: every Standard m5/m7g type.
 */
export function recommendKafkaCluster(input: KafkaSizingInput, brokerTypeIds?: string[]): KafkaTypeRecommendation {
  validateWorkload(input); // report input errors against the caller's own type first
  const ids = brokerTypeIds ?? BROKER_CATALOG.filter((t) => t.kind === 'standard' && t.id !== 'kafka.t3.small').map((t) => t.id);
  if (ids.length === 0) throw new SizingInputError('brokerTypeIds', ids, 'at least one catalog id');
  const candidates = ids.map((id) => {
    const type = findBrokerType(id);
    if (!type) throw new SizingInputError('brokerTypeIds', id, `one of ${CATALOG_IDS.join(', ')}`);
    return recommendBrokerCount(inputForType(input, type));
  });
  const vcpusOf = (c: KafkaRecommendation) => {
    const t = c.result.brokerType;
    return t.kind === 'custom' ? (t.vcpus ?? Infinity) : t.vcpus;
  };
  let best: KafkaRecommendation | undefined;
  for (const c of candidates) {
    if (!c.found || c.brokerCount === undefined) continue;
    if (!best || best.brokerCount === undefined) {
      best = c;
      continue;
    }
    const total = vcpusOf(c) * c.brokerCount;
    const bestTotal = vcpusOf(best) * best.brokerCount;
    if (total < bestTotal || (total === bestTotal && c.brokerCount < best.brokerCount)) best = c;
  }
  if (!best || best.brokerCount === undefined) {
    return { candidates, reason: `None of ${ids.join(', ')} fits: ${candidates.map((c) => c.reason).join(' | ')}` };
  }
  const vcpus = vcpusOf(best);
  const total = vcpus * best.brokerCount;
  const bestTotalVcpus = explained(
    total,
    'vCPU',
    `${best.brokerCount} brokers × ${vcpus} vCPUs (${best.brokerTypeId}) = ${total} vCPUs`,
    { brokerCount: best.brokerCount, vcpusPerBroker: vcpus },
    derived(
      'total vCPUs = brokers × vCPUs per broker; the fewest among the types that fit, as a cost proxy',
      at(REFS.ec2GeneralPurpose, 'vCPUs'),
    ),
  );
  const others = candidates
    .filter((c) => c !== best)
    .map((c) =>
      c.found && c.brokerCount !== undefined
        ? `${c.brokerTypeId} × ${c.brokerCount} = ${vcpusOf(c) * c.brokerCount} vCPUs`
        : `${c.brokerTypeId}: none fits`,
    );
  return {
    best,
    bestTotalVcpus,
    candidates,
    reason:
      `${best.brokerTypeId} × ${best.brokerCount} = ${total} vCPUs, the fewest among the types that fit` +
      (others.length ? ` (${others.join('; ')})` : ''),
  };
}

function summarize(input: KafkaSizingInput, type: BrokerType): BrokerTypeSummary {
  const adapted = inputForType({ ...input, brokerCount: 'recommend' }, type);
  const w = validateWorkload(adapted);
  const recommendation = recommendFor(w);
  const cap = perBrokerCapacity(w);
  const r = w.replicationFactor;
  const fanout = w.fanout.value;
  if (type.kind === 'express') {
    return {
      brokerTypeId: w.typeId,
      kind: 'express',
      perBrokerIngressMbPerSec: cap.ingressMbPerSec!,
      perBrokerEgressMbPerSec: cap.egressMbPerSec!,
      partitionsRecommended: recommendation.result.partitions.recommended,
      partitionsMax: recommendation.result.partitions.max,
      storageManaged: true,
      storageNote: 'No storage management: Express brokers manage storage (pay as you go); no volume, no 60 % / 80 % alerts to plan for.',
      recommendation,
    };
  }
  const one = throughputLimit(w, cap, 1, EQUATION_1_SOURCE);
  const ingress = one.limitMbPerSec.value;
  const network = cap.networkMbPerSec!.value;
  const egress = Math.max(0, network - ingress * (r - 1));
  return {
    brokerTypeId: w.typeId,
    kind: type.kind,
    perBrokerIngressMbPerSec: explained(
      ingress,
      'MB/s',
      `Equation 1 with 1 broker: ${one.limitMbPerSec.formula}`,
      one.limitMbPerSec.inputs,
      derived('ingress per broker = Equation 1 with one broker (every term is linear in the broker count)', EQUATION_1_SOURCE),
    ),
    perBrokerEgressMbPerSec: explained(
      egress,
      'MB/s',
      `${fmt(network)} MB/s network − ${fmt(ingress)} MB/s × (RF ${r} − 1) replication out = ${fmt(egress)} MB/s left for consumers`,
      { networkMbPerSecPerBroker: network, perBrokerIngressMbPerSec: ingress, replicationFactor: r, readFanout: fanout },
      derived(
        'egress per broker = network − ingress per broker × (RF − 1): outbound carries consumer traffic and replication',
        EQUATION_1_SOURCE,
      ),
    ),
    partitionsRecommended: recommendation.result.partitions.recommended,
    partitionsMax: recommendation.result.partitions.max,
    storageManaged: false,
    storageNote:
      'You size and grow the EBS volume (1 to 16,384 GiB per broker): MSK alerts at 60 % and 80 % used; scaling storage down is not possible.',
    recommendation,
  };
}

/**
 * Express vs Standard for the same workload: per-broker ingress/egress limits, partition limits, storage, and the
 * recommended count of each. The Express size defaults to the one matching the Standard size.
 */
export function compareExpressStandard(input: KafkaSizingInput, standardTypeId: string, expressTypeId?: string): ExpressStandardComparison {
  const standardType = findBrokerType(standardTypeId);
  if (!standardType || standardType.kind !== 'standard') {
    throw new SizingInputError(
      'standardTypeId',
      standardTypeId,
      `one of ${BROKER_CATALOG.filter((t) => t.kind === 'standard')
        .map((t) => t.id)
        .join(', ')}`,
    );
  }
  const expressIds = BROKER_CATALOG.filter((t) => t.kind === 'express').map((t) => t.id);
  const expressType = expressTypeId !== undefined ? findBrokerType(expressTypeId) : matchingExpressType(standardTypeId);
  if (!expressType || expressType.kind !== 'express') {
    throw new SizingInputError('expressTypeId', expressTypeId ?? `(none matches ${standardTypeId})`, `one of ${expressIds.join(', ')}`);
  }
  return { standard: summarize(input, standardType), express: summarize(input, expressType) };
}
