// Kafka sizing, partitions: partition replicas per broker (leaders + followers) against the broker type's
// recommended count and the maximum that still allows cluster updates.

import { derived, userInput, type Source } from '../sources';
import { STANDARD_PARTITIONS_SOURCE } from './catalog';
import { explained, fmt, given } from './explained';
import type { Workload } from './kafkaInput';
import type { KafkaPartitions, PartitionLevel } from './kafkaTypes';

export function partitionCheck(w: Workload, brokers: number): KafkaPartitions {
  const t = w.type;
  const r = w.replicationFactor;
  const perBroker = (w.partitions * r) / brokers;
  const recommended = t.partitionsRecommended;
  const max = t.kind === 'custom' ? (t.partitionsMax ?? t.partitionsRecommended) : t.partitionsMax;
  const limitSource: Source =
    t.kind === 'custom' ? userInput('custom broker type') : t.kind === 'standard' ? STANDARD_PARTITIONS_SOURCE : t.sources[0];
  const level: PartitionLevel = perBroker > max ? 'overMax' : perBroker > recommended ? 'overRecommended' : 'ok';
  return {
    replicasPerBroker: explained(
      perBroker,
      'partitions',
      `${w.partitions} partitions × RF ${r} ÷ ${brokers} brokers = ${fmt(perBroker)} per broker (leaders + followers)`,
      { partitions: w.partitions, replicationFactor: r, brokers },
      derived('replicas per broker = partitions × RF ÷ brokers: the limits count leaders + followers', STANDARD_PARTITIONS_SOURCE),
    ),
    recommended: given(recommended, 'partitions', `${w.typeId} recommended partitions per broker`, limitSource),
    max: given(max, 'partitions', `${w.typeId} maximum partitions per broker (still allows updates)`, limitSource),
    level,
    ...(level === 'ok'
      ? {}
      : {
          reason:
            level === 'overMax'
              ? `partitions: ${fmt(perBroker)} per broker exceeds the maximum ${max} for ${w.typeId} (updates are blocked above it)`
              : `partitions: ${fmt(perBroker)} per broker exceeds the recommended ${recommended} for ${w.typeId}`,
        }),
  };
}
