// Kafka sizing at one broker count: per-broker capacity, the four states (normal, one broker lost, one AZ lost,
// catch-up), storage, partitions and the rebalance, with the warnings a reader needs next to the numbers.

import { derived, publicSourcesOf, unverifiedNote, type Source } from '../sources';
import { EXPRESS_MB_PER_SEC_PER_PARTITION, sourceOf } from './catalog';
import { fmt } from './explained';
import { catchUpState } from './kafkaCatchUp';
import type { Workload } from './kafkaInput';
import { partitionCheck } from './kafkaPartitions';
import { rebalance, storage, storageErrors } from './kafkaStorage';
import { EQUATION_1, expressLimitSource, perBrokerCapacity, throughputLimit, throughputState } from './kafkaThroughput';
import type { KafkaSizingResult, KafkaState } from './kafkaTypes';

export function evaluate(w: Workload, brokers: number): KafkaSizingResult {
  const warnings: string[] = [];
  const cap = perBrokerCapacity(w);
  const n = w.numberOfAzs;
  const t = w.type;
  if (t.kind !== 'custom' && t.verify) warnings.push(`${t.id}: ${t.note ?? 'catalog numbers marked verify'}`);
  else if (t.kind === 'standard' && t.note) warnings.push(`${t.id}: ${t.note}`);
  if (brokers % n !== 0) {
    warnings.push(
      `brokerCount ${brokers} is not a multiple of numberOfAzs ${n}: brokers are not spread evenly; the AZ-lost state assumes the AZ with the most brokers (ceil(${brokers} / ${n}) = ${Math.ceil(brokers / n)}) is lost.`,
    );
  }
  if (w.replicationFactor === 1) warnings.push('replicationFactor 1: a lost broker takes its partitions offline.');
  if (t.kind === 'express' && w.ingressPeakMbPerSec / w.partitions > EXPRESS_MB_PER_SEC_PER_PARTITION) {
    warnings.push(
      `${fmt(w.ingressPeakMbPerSec)} MB/s over ${w.partitions} partitions is ${fmt(w.ingressPeakMbPerSec / w.partitions)} MB/s per partition, above the ` +
        `${EXPRESS_MB_PER_SEC_PER_PARTITION} MB/s per partition for Express (${unverifiedNote(sourceOf('EXPRESS_MB_PER_SEC_PER_PARTITION')) ?? 'Amazon MSK Express brokers'}): plan at least ${Math.ceil(w.ingressPeakMbPerSec / EXPRESS_MB_PER_SEC_PER_PARTITION)} partitions.`,
    );
  }

  const normalSource: Source = t.kind === 'express' ? expressLimitSource(cap) : EQUATION_1;
  const normalLimit = throughputLimit(w, cap, brokers, normalSource);
  const lostSource = derived('one broker lost: the same limit with brokers − 1 serving', ...publicSourcesOf(normalSource));
  const lost = throughputLimit(w, cap, brokers - 1, lostSource);
  const azServing = brokers - Math.ceil(brokers / n);
  const azSource = derived(
    `one AZ lost: the same limit with brokers × (1 − 1/AZs) serving (here ${brokers} − ceil(${brokers} / ${n}) = ${azServing})`,
    ...publicSourcesOf(normalSource),
  );
  const az = throughputLimit(w, cap, azServing, azSource);

  // storage first: catch-up and rebalance copy only what is on the brokers' volumes (the local bytes with tiered storage)
  const storageResult = t.kind === 'express' ? undefined : storage(w, brokers);
  const errors = storageResult ? storageErrors(w, brokers, storageResult) : [];
  const states: KafkaState[] = [
    throughputState(w, 'normal', 'Normal', normalLimit, normalSource),
    throughputState(w, 'oneBrokerLost', 'One broker lost', lost, lostSource, 'no broker is left to serve'),
    throughputState(
      w,
      'oneAzLost',
      'One AZ lost',
      az,
      azSource,
      n === 1 ? 'a single-AZ cluster does not survive the loss of its AZ' : 'no broker is left to serve',
    ),
    catchUpState(w, cap, brokers, warnings, storageResult?.perBrokerBytes.value),
  ];

  if (t.kind === 'express')
    warnings.push(`${t.id}: no storage to size (Express manages storage); catch-up and rebalance are not modelled.`);
  const catchUp = states[3].catchUp;
  const rebalanceResult =
    t.kind === 'express' || !storageResult
      ? undefined
      : rebalance(w, brokers, storageResult.perBrokerBytes.value, catchUp?.suggestedThrottleMbPerSec.value ?? 0, warnings);

  return {
    brokerType: t,
    brokerTypeId: w.typeId,
    brokerCount: brokers,
    numberOfAzs: n,
    utilizationCeiling: w.ceiling,
    perBroker: cap,
    readFanout: w.fanout,
    throughputLimit: normalLimit,
    states,
    withinCeiling: states.every((s) => s.withinCeiling),
    ...(storageResult ? { storage: storageResult } : {}),
    partitions: partitionCheck(w, brokers),
    ...(rebalanceResult ? { rebalance: rebalanceResult } : {}),
    errors,
    warnings,
  };
}
