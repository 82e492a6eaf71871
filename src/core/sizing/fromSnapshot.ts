// Defaults for the Kafka sizing wizard from a known cluster: broker count, AZs (racks), the most common RF and
// retention among the user topics, planned partitions, and the measured ingress when a skew report has rates.

import type { ClusterSnapshot } from '../model';
import type { SkewReport } from '../skew';
import type { KafkaSizingRequest } from './request';

export interface ClusterSizingDefaults {
  defaults: Partial<KafkaSizingRequest>;
  /** Where each default came from, for the wizard's prompts. */
  origins: Partial<Record<keyof KafkaSizingRequest, string>>;
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  for (const [v, c] of counts) if (best === undefined || c > counts.get(best)! || (c === counts.get(best)! && v > best)) best = v;
  return best;
}

export function sizingDefaultsFromCluster(snapshot: ClusterSnapshot, rates?: SkewReport): ClusterSizingDefaults {
  const topics = snapshot.topics.filter((t) => !t.internal);
  const defaults: Partial<KafkaSizingRequest> = {};
  const origins: ClusterSizingDefaults['origins'] = {};
  const name = snapshot.name;
  if (snapshot.brokers.length) {
    defaults.brokers = snapshot.brokers.length;
    origins.brokers = `${name}: ${snapshot.brokers.length} brokers`;
    const racks = new Set(snapshot.brokers.map((b) => b.rack).filter((r): r is string => r !== null));
    defaults.azs = Math.max(1, racks.size);
    origins.azs = racks.size ? `${name}: ${racks.size} racks (broker.rack)` : `${name}: no broker.rack set`;
  }
  const rf = mostCommon(topics.flatMap((t) => t.partitions.map((p) => p.replicas.length)).filter((n) => n > 0));
  if (rf !== undefined) {
    defaults.rf = rf;
    origins.rf = `${name}: most common replication factor of its topics`;
  }
  const retentionMs = mostCommon(topics.map((t) => t.configs.retentionMs).filter((ms): ms is number => ms !== undefined && ms > 0));
  if (retentionMs !== undefined) {
    defaults.retentionHours = Math.round((retentionMs / 3_600_000) * 100) / 100;
    origins.retentionHours = `${name}: most common retention.ms of its topics`;
  }
  const partitions = topics.reduce((a, t) => a + t.partitions.length, 0);
  if (partitions > 0) {
    defaults.partitions = partitions;
    origins.partitions = `${name}: partitions of its ${topics.length} topics`;
  }
  if (rates?.rates) {
    const bytesPerSec = rates.brokers.reduce((a, b) => a + (b.produceInBytesPerSec ?? 0), 0);
    defaults.ingressMbps = Math.round((bytesPerSec / 1e6) * 1000) / 1000;
    origins.ingressMbps = `${name}: measured produce rate over ${rates.rates.intervalSeconds} s`;
  }
  return { defaults, origins };
}
