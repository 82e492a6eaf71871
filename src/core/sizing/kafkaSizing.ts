// Kafka cluster sizing (pure), the public entry: Equation 1 of the AWS right-sizing post, utilization in four states
// (normal, one broker lost, one AZ lost, catch-up after a broker returns), storage against MSK's 60 % / 80 % storage
// capacity alerts, partitions per broker, rebalance time after adding brokers, and the smallest broker count that
// fits. Every number is an Explained (./explained.ts) with a typed source (../sources.ts). The model and its limits:
// ./README.md. The parts: kafkaTypes.ts, kafkaInput.ts, kafkaThroughput.ts, kafkaCatchUp.ts, kafkaStorage.ts,
// kafkaPartitions.ts, kafkaEvaluate.ts, kafkaRecommend.ts.

import { evaluate } from './kafkaEvaluate';
import { validateCount, validateWorkload } from './kafkaInput';
import { recommendFor } from './kafkaRecommend';
import type { KafkaSizingInput, KafkaSizingResult } from './kafkaTypes';

export {
  DEFAULT_BROKER_DOWNTIME_MINUTES,
  DEFAULT_MAX_BROKER_COUNT,
  DEFAULT_UTILIZATION_CEILING,
  DISK_ACTION_RATIO,
  DISK_WARN_RATIO,
  EXPRESS_MB_PER_SEC_PER_PARTITION,
} from './catalog';
export { compareExpressStandard, recommendBrokerCount, recommendKafkaCluster } from './kafkaRecommend';
export type * from './kafkaTypes';

/**
 * Sizes one cluster: Equation 1, the four states, storage, partitions and (with addBrokers) the rebalance.
 * With brokerCount 'recommend', sizes at the smallest count that fits (see recommendBrokerCount).
 * Throws SizingInputError for nonsense input.
 */
export function sizeKafkaCluster(input: KafkaSizingInput): KafkaSizingResult {
  const w = validateWorkload(input);
  if (input.brokerCount === 'recommend') {
    const recommendation = recommendFor(w);
    return { ...recommendation.result, recommendation };
  }
  return evaluate(w, validateCount(w, input.brokerCount));
}
