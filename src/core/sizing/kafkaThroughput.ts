// Kafka sizing, throughput: per-broker capacity from the catalog (converted to MB/s), Equation 1 of the AWS
// right-sizing post for a number of serving brokers (or the Express per-broker limits times brokers), and the
// utilization of peak ingress against it in a state (normal, one broker lost, one AZ lost).

import { derived, userInput, type Source } from '../sources';
import { EC2_EBS_SOURCE, EC2_NETWORK_SOURCE, EQUATION_1_SOURCE, MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC, sourceOf } from './catalog';
import { atOrBelow, explained, fmt, given, pct } from './explained';
import type { Workload } from './kafkaInput';
import {
  MB_PER_MIB,
  type CatchUpTermName,
  type KafkaState,
  type KafkaStateName,
  type PerBrokerCapacity,
  type ThroughputLimit,
  type ThroughputTerm,
  type ThroughputTermName,
} from './kafkaTypes';

const CUSTOM_TYPE = userInput('custom broker type');

/** Equation 1 as the source of the normal state and of the per-broker limits. */
export const EQUATION_1 = EQUATION_1_SOURCE;

/** Express: the cluster limit is the per-broker sustained limits times the serving brokers (ours, from the rows). */
export function expressLimitSource(cap: PerBrokerCapacity): Source {
  const row = cap.ingressMbPerSec?.source;
  return derived(
    'Express cluster limit = min(sustained ingress per broker × brokers, sustained egress per broker × brokers ÷ read fan-out)',
    ...(row && (row.kind === 'url' || row.kind === 'talk') ? [row] : []),
  );
}

export function perBrokerCapacity(w: Workload): PerBrokerCapacity {
  const t = w.type;
  if (t.kind === 'standard') {
    const mib = w.provisionedStorageMiBPerSec ?? MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC;
    const storage = mib * MB_PER_MIB;
    const ebs = t.ebsBaselineMbps / 8;
    const network = t.networkBaselineGbps * 125;
    return {
      storageMbPerSec: explained(
        storage,
        'MB/s',
        `${fmt(mib)} MiB/s ${w.provisionedStorageMiBPerSec === undefined ? '(default, none provisioned) ' : '(provisioned) '}× 1.048576 MB/MiB = ${fmt(storage)} MB/s`,
        { storageThroughputMiBPerSec: mib },
        w.provisionedStorageMiBPerSec === undefined
          ? sourceOf('MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC')
          : userInput('provisionedStorageMiBPerSec'),
      ),
      ebsNetworkMbPerSec: explained(
        ebs,
        'MB/s',
        `${t.instance} EBS baseline ${fmt(t.ebsBaselineMbps)} Mbps ÷ 8 = ${fmt(ebs)} MB/s` +
          (t.ebsBurstMbps !== undefined ? ` (burst ${fmt(t.ebsBurstMbps)} Mbps not used: size to baseline)` : ''),
        { ebsBaselineMbps: t.ebsBaselineMbps },
        EC2_EBS_SOURCE,
      ),
      networkMbPerSec: explained(
        network,
        'MB/s',
        `${t.instance} network baseline ${fmt(t.networkBaselineGbps, 3)} Gbps × 125 = ${fmt(network)} MB/s` +
          (t.networkBurstGbps !== undefined ? ` (burst ${fmt(t.networkBurstGbps)} Gbps not used: size to baseline)` : ''),
        { networkBaselineGbps: t.networkBaselineGbps },
        EC2_NETWORK_SOURCE,
      ),
    };
  }
  if (t.kind === 'custom') {
    return {
      storageMbPerSec: given(t.storageMbPerSec, 'MB/s', 'brokerType.storageMbPerSec', CUSTOM_TYPE),
      ...(t.ebsNetworkMbPerSec !== undefined
        ? { ebsNetworkMbPerSec: given(t.ebsNetworkMbPerSec, 'MB/s', 'brokerType.ebsNetworkMbPerSec', CUSTOM_TYPE) }
        : {}),
      networkMbPerSec: given(t.networkMbPerSec, 'MB/s', 'brokerType.networkMbPerSec', CUSTOM_TYPE),
    };
  }
  return {
    ingressMbPerSec: given(t.ingressSustainedMbPerSec, 'MB/s', `${t.id} sustained ingress`, t.sources[0]),
    egressMbPerSec: given(t.egressSustainedMbPerSec, 'MB/s', `${t.id} sustained egress`, t.sources[0]),
  };
}

export const TERM_LABELS: Record<ThroughputTermName | CatchUpTermName, string> = {
  storage: 'storage throughput',
  ebsNetwork: 'EBS network',
  ec2Network: 'EC2 network',
  expressIngress: 'Express ingress',
  expressEgress: 'Express egress',
  networkIn: 'EC2 network in (returning broker)',
  leadersNetworkOut: 'EC2 network out (leaders)',
};

/** Equation 1 for `brokers` serving brokers (standard/custom), or the Express per-broker limits times brokers. */
export function throughputLimit(w: Workload, cap: PerBrokerCapacity, brokers: number, source: Source): ThroughputLimit {
  const r = w.replicationFactor;
  const fanout = w.fanout.value;
  const terms: ThroughputTerm[] = [];
  const term = (name: ThroughputTermName, value: number, formula: string, inputs: Record<string, number>, src: Source) =>
    terms.push({ term: name, label: TERM_LABELS[name], limitMbPerSec: explained(value, 'MB/s', formula, inputs, src) });

  if (cap.storageMbPerSec && cap.networkMbPerSec) {
    const s = cap.storageMbPerSec.value;
    term(
      'storage',
      (s * brokers) / r,
      `${fmt(s)} MB/s × ${brokers} brokers ÷ RF ${r} = ${fmt((s * brokers) / r)} MB/s`,
      { storageMbPerSecPerBroker: s, brokers, replicationFactor: r },
      source,
    );
    if (cap.ebsNetworkMbPerSec) {
      const e = cap.ebsNetworkMbPerSec.value;
      term(
        'ebsNetwork',
        (e * brokers) / r,
        `${fmt(e)} MB/s × ${brokers} brokers ÷ RF ${r} = ${fmt((e * brokers) / r)} MB/s`,
        { ebsNetworkMbPerSecPerBroker: e, brokers, replicationFactor: r },
        source,
      );
    }
    const n = cap.networkMbPerSec.value;
    const denominator = fanout + r - 1;
    const v = denominator > 0 ? (n * brokers) / denominator : Infinity;
    term(
      'ec2Network',
      v,
      `${fmt(n)} MB/s × ${brokers} brokers ÷ (${fmt(fanout, 3)} consumer groups + RF ${r} − 1) = ${fmt(v)} MB/s`,
      { networkMbPerSecPerBroker: n, brokers, readFanout: fanout, replicationFactor: r },
      source,
    );
  } else if (cap.ingressMbPerSec && cap.egressMbPerSec) {
    const i = cap.ingressMbPerSec.value;
    const e = cap.egressMbPerSec.value;
    const expressSource = expressLimitSource(cap);
    term(
      'expressIngress',
      i * brokers,
      `${fmt(i)} MB/s × ${brokers} brokers = ${fmt(i * brokers)} MB/s`,
      { ingressMbPerSecPerBroker: i, brokers },
      expressSource,
    );
    const v = fanout > 0 ? (e * brokers) / fanout : Infinity;
    term(
      'expressEgress',
      v,
      `${fmt(e)} MB/s × ${brokers} brokers ÷ ${fmt(fanout, 3)} consumer groups = ${fmt(v)} MB/s of ingress`,
      { egressMbPerSecPerBroker: e, brokers, readFanout: fanout },
      expressSource,
    );
  }
  let binding = terms[0];
  for (const t of terms) if (t.limitMbPerSec.value < binding.limitMbPerSec.value) binding = t;
  const limit = binding.limitMbPerSec.value;
  const limitExplained = explained(
    limit,
    'MB/s',
    `min(${terms.map((t) => `${t.label} ${fmt(t.limitMbPerSec.value)}`).join(', ')}) = ${fmt(limit)} MB/s (binding: ${binding.label})`,
    Object.fromEntries(terms.map((t) => [`${t.term}MbPerSec`, t.limitMbPerSec.value])),
    source,
  );
  return { brokers, terms, binding: binding.term, bindingLabel: binding.label, limitMbPerSec: limitExplained };
}

export function throughputState(
  w: Workload,
  state: KafkaStateName,
  label: string,
  limit: ThroughputLimit,
  utilizationSource: Source,
  emptyReason?: string,
): KafkaState {
  const peak = w.ingressPeakMbPerSec;
  const l = limit.limitMbPerSec.value;
  const u = l > 0 ? peak / l : Infinity;
  const utilization = explained(
    u,
    'ratio',
    `${fmt(peak)} MB/s peak ingress ÷ ${fmt(l)} MB/s (${limit.brokers} brokers, ${limit.bindingLabel}) = ${pct(u)}`,
    { ingressPeakMbPerSec: peak, limitMbPerSec: l, servingBrokers: limit.brokers },
    utilizationSource,
  );
  const within = atOrBelow(u, w.ceiling);
  return {
    state,
    label,
    applicable: true,
    servingBrokers: limit.brokers,
    utilization,
    binding: limit.bindingLabel,
    withinCeiling: within,
    ...(within
      ? {}
      : {
          reason:
            limit.brokers === 0 && emptyReason
              ? `${label}: ${emptyReason}`
              : `${label}: ${pct(u)} of the ${limit.bindingLabel} limit (${fmt(l)} MB/s with ${limit.brokers} brokers), above the ${pct(w.ceiling)} ceiling`,
        }),
    throughputLimit: limit,
  };
}
