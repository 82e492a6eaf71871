// Kafka sizing input: validation of everything that does not depend on the broker count (a Workload), of a broker
// count, and the adaptation of an input to another broker type (for the type search and the Express comparison).
// Every nonsense input throws a SizingInputError naming the input, the value and the allowed range.

import {
  BROKER_CATALOG,
  DEFAULT_BROKER_DOWNTIME_MINUTES,
  DEFAULT_MAX_BROKER_COUNT,
  DEFAULT_UTILIZATION_CEILING,
  EQUATION_1_SOURCE,
  MSK_VOLUME_MAX_GIB,
  MSK_VOLUME_MIN_GIB,
  findBrokerType,
  type BrokerType,
  type CustomBrokerType,
} from './catalog';
import { SizingInputError, checkNumber, checkOptional, explained, fmt, type Explained } from './explained';
import { derived, userInput } from '../sources';
import type { KafkaSizingInput } from './kafkaTypes';

/** The validated input, everything that does not depend on the broker count. */
export interface Workload {
  ingressAvgMbPerSec: number;
  ingressPeakMbPerSec: number;
  fanout: Explained;
  replicationFactor: number;
  retentionHours?: number;
  retentionBytesPerPartition?: number;
  localRetentionHours?: number;
  storedBytes?: number;
  tieredBytes?: number;
  partitions: number;
  numberOfAzs: number;
  type: BrokerType;
  typeId: string;
  volumeSizeGiB?: number;
  provisionedStorageMiBPerSec?: number;
  ceiling: number;
  downtimeMinutes: number;
  replicationThrottleMbPerSec?: number;
  addBrokers?: number;
  rebalanceThrottleMbPerSec?: number;
  bytesToMoveLowerBound?: number;
  maxBrokerCount: number;
}

export const CATALOG_IDS = BROKER_CATALOG.map((t) => t.id);

function resolveBrokerType(value: unknown): BrokerType {
  if (typeof value === 'string') {
    const found = findBrokerType(value);
    if (!found) throw new SizingInputError('brokerType', value, `one of ${CATALOG_IDS.join(', ')}, or a custom type`);
    return found;
  }
  if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== 'custom') {
    throw new SizingInputError('brokerType', value, 'a catalog id (e.g. "kafka.m5.large") or { kind: "custom", ... }');
  }
  const c = value as CustomBrokerType;
  const storageMbPerSec = checkNumber('brokerType.storageMbPerSec', c.storageMbPerSec, { min: 0, minExclusive: true });
  const networkMbPerSec = checkNumber('brokerType.networkMbPerSec', c.networkMbPerSec, { min: 0, minExclusive: true });
  const ebsNetworkMbPerSec = checkOptional('brokerType.ebsNetworkMbPerSec', c.ebsNetworkMbPerSec, { min: 0, minExclusive: true });
  const partitionsRecommended = checkNumber('brokerType.partitionsRecommended', c.partitionsRecommended, { min: 1, integer: true });
  const partitionsMax =
    checkOptional('brokerType.partitionsMax', c.partitionsMax, {
      min: partitionsRecommended,
      integer: true,
      allowed: `a whole number >= brokerType.partitionsRecommended (${partitionsRecommended})`,
    }) ?? partitionsRecommended;
  const vcpus = checkOptional('brokerType.vcpus', c.vcpus, { min: 1, integer: true });
  return {
    kind: 'custom',
    id: c.id ?? 'custom',
    storageMbPerSec,
    networkMbPerSec,
    ...(ebsNetworkMbPerSec !== undefined ? { ebsNetworkMbPerSec } : {}),
    partitionsRecommended,
    partitionsMax,
    ...(vcpus !== undefined ? { vcpus } : {}),
  };
}

function typeIdOf(type: BrokerType): string {
  return type.kind === 'custom' ? (type.id ?? 'custom') : type.id;
}

/** Validates everything that does not depend on the broker count. */
export function validateWorkload(input: KafkaSizingInput): Workload {
  const ingressAvgMbPerSec = checkNumber('ingressAvgMbPerSec', input.ingressAvgMbPerSec, { min: 0 });
  const ingressPeakMbPerSec = checkNumber('ingressPeakMbPerSec', input.ingressPeakMbPerSec, {
    min: Math.max(ingressAvgMbPerSec, 0),
    minExclusive: ingressAvgMbPerSec === 0,
    allowed: `a number > 0 and >= ingressAvgMbPerSec (${fmt(ingressAvgMbPerSec)})`,
  });
  const maxBrokerCount =
    checkOptional('maxBrokerCount', input.maxBrokerCount, { min: 1, max: 10000, integer: true }) ?? DEFAULT_MAX_BROKER_COUNT;
  const replicationFactor = checkNumber('replicationFactor', input.replicationFactor, { min: 1, max: maxBrokerCount, integer: true });

  if (input.consumerGroups !== undefined && input.egressPeakMbPerSec !== undefined) {
    throw new SizingInputError(
      'egressPeakMbPerSec',
      input.egressPeakMbPerSec,
      'nothing when consumerGroups is given (give one of the two)',
    );
  }
  let fanout: Explained;
  if (input.consumerGroups !== undefined) {
    const groups = checkNumber('consumerGroups', input.consumerGroups, { min: 0, max: 10000, integer: true });
    fanout = explained(
      groups,
      'x ingress',
      `${groups} consumer groups reading everything = ${groups} x ingress`,
      { consumerGroups: groups },
      userInput('consumerGroups'),
    );
  } else if (input.egressPeakMbPerSec !== undefined) {
    const egress = checkNumber('egressPeakMbPerSec', input.egressPeakMbPerSec, { min: 0 });
    const value = egress / ingressPeakMbPerSec;
    fanout = explained(
      value,
      'x ingress',
      `${fmt(egress)} MB/s egress ÷ ${fmt(ingressPeakMbPerSec)} MB/s peak ingress = ${fmt(value, 3)} x ingress`,
      { egressPeakMbPerSec: egress, ingressPeakMbPerSec },
      derived(
        'read fan-out = peak egress ÷ peak ingress: consumer groups reading everything, as Equation 1 counts them',
        EQUATION_1_SOURCE,
      ),
    );
  } else {
    throw new SizingInputError('consumerGroups', undefined, 'a whole number >= 0, or egressPeakMbPerSec instead');
  }

  const retentionHours = checkOptional('retentionHours', input.retentionHours, { min: 0, minExclusive: true });
  const retentionBytesPerPartition = checkOptional('retentionBytesPerPartition', input.retentionBytesPerPartition, {
    min: 0,
    minExclusive: true,
  });
  const partitions = checkNumber('partitions', input.partitions, { min: 1, max: 10_000_000, integer: true });
  const numberOfAzs = checkNumber('numberOfAzs', input.numberOfAzs, { min: 1, max: 10, integer: true });
  const type = resolveBrokerType(input.brokerType);
  const typeId = typeIdOf(type);

  const storedBytes = checkOptional('storedBytes', input.storedBytes, { min: 0 });
  const tieredBytes = checkOptional('tieredBytes', input.tieredBytes, { min: 0 });
  const localRetentionHours = checkOptional('localRetentionHours', input.localRetentionHours, {
    min: 0,
    minExclusive: true,
    ...(retentionHours !== undefined
      ? {
          max: retentionHours,
          allowed: `a number > 0 and <= retentionHours (${fmt(retentionHours)}): local retention is part of the total`,
        }
      : {}),
  });
  if (type.kind !== 'express' && retentionHours === undefined && retentionBytesPerPartition === undefined && storedBytes === undefined) {
    throw new SizingInputError(
      'retentionHours',
      undefined,
      'a number > 0 (or retentionBytesPerPartition, or storedBytes): storage needs a retention',
    );
  }

  let volumeSizeGiB: number | undefined;
  let provisionedStorageMiBPerSec: number | undefined;
  if (type.kind === 'express') {
    if (input.volumeSizeGiB !== undefined) {
      throw new SizingInputError('volumeSizeGiB', input.volumeSizeGiB, `nothing for ${typeId}: Express brokers have no storage to manage`);
    }
    if (input.provisionedStorageMiBPerSec !== undefined) {
      throw new SizingInputError(
        'provisionedStorageMiBPerSec',
        input.provisionedStorageMiBPerSec,
        `nothing for ${typeId}: Express brokers have no storage to provision`,
      );
    }
  } else if (type.kind === 'standard') {
    volumeSizeGiB = checkOptional('volumeSizeGiB', input.volumeSizeGiB, {
      min: MSK_VOLUME_MIN_GIB,
      max: MSK_VOLUME_MAX_GIB,
      allowed: `a number from ${MSK_VOLUME_MIN_GIB} to ${fmt(MSK_VOLUME_MAX_GIB)} GiB (MSK storage per broker)`,
    });
    if (input.provisionedStorageMiBPerSec !== undefined) {
      const ceiling = type.provisionedStorageMaxMiBPerSec;
      if (ceiling === null) {
        throw new SizingInputError(
          'provisionedStorageMiBPerSec',
          input.provisionedStorageMiBPerSec,
          `nothing for ${typeId}: MSK offers provisioned storage throughput on kafka.m5.4xlarge and larger, kafka.m7g.2xlarge and larger`,
        );
      }
      provisionedStorageMiBPerSec = checkNumber('provisionedStorageMiBPerSec', input.provisionedStorageMiBPerSec, {
        min: 0,
        max: ceiling,
        minExclusive: true,
        allowed: `a number > 0 and <= ${fmt(ceiling)} MiB/s (the ceiling for ${typeId})`,
      });
    }
  } else {
    volumeSizeGiB = checkOptional('volumeSizeGiB', input.volumeSizeGiB, { min: 0, minExclusive: true });
    if (input.provisionedStorageMiBPerSec !== undefined) {
      throw new SizingInputError(
        'provisionedStorageMiBPerSec',
        input.provisionedStorageMiBPerSec,
        'nothing for a custom type: give brokerType.storageMbPerSec',
      );
    }
  }

  const ceiling =
    checkOptional('utilizationCeiling', input.utilizationCeiling, { min: 0, max: 1, minExclusive: true }) ?? DEFAULT_UTILIZATION_CEILING;
  const downtimeMinutes =
    checkOptional('brokerDowntimeMinutes', input.brokerDowntimeMinutes, { min: 0, max: 60 * 24 * 30 }) ?? DEFAULT_BROKER_DOWNTIME_MINUTES;
  const replicationThrottleMbPerSec = checkOptional('replicationThrottleMbPerSec', input.replicationThrottleMbPerSec, {
    min: 0,
    minExclusive: true,
  });
  const addBrokers = checkOptional('addBrokers', input.addBrokers, { min: 1, max: 10000, integer: true });
  const rebalanceThrottleMbPerSec = checkOptional('rebalanceThrottleMbPerSec', input.rebalanceThrottleMbPerSec, {
    min: 0,
    minExclusive: true,
  });
  const bytesToMoveLowerBound = checkOptional('bytesToMoveLowerBound', input.bytesToMoveLowerBound, { min: 0 });

  return {
    ingressAvgMbPerSec,
    ingressPeakMbPerSec,
    fanout,
    replicationFactor,
    retentionHours,
    retentionBytesPerPartition,
    ...(localRetentionHours !== undefined ? { localRetentionHours } : {}),
    ...(storedBytes !== undefined ? { storedBytes } : {}),
    ...(tieredBytes !== undefined ? { tieredBytes } : {}),
    partitions,
    numberOfAzs,
    type,
    typeId,
    volumeSizeGiB,
    provisionedStorageMiBPerSec,
    ceiling,
    downtimeMinutes,
    replicationThrottleMbPerSec,
    addBrokers,
    rebalanceThrottleMbPerSec,
    bytesToMoveLowerBound,
    maxBrokerCount,
  };
}

export function validateCount(w: Workload, brokerCount: unknown): number {
  const count = checkNumber('brokerCount', brokerCount, {
    min: 1,
    max: 10000,
    integer: true,
    allowed: 'a whole number from 1 to 10000, or "recommend"',
  });
  if (w.replicationFactor > count) {
    throw new SizingInputError('replicationFactor', w.replicationFactor, `a whole number from 1 to brokerCount (${count})`);
  }
  if (w.numberOfAzs > count) {
    throw new SizingInputError('numberOfAzs', w.numberOfAzs, `a whole number from 1 to brokerCount (${count})`);
  }
  return count;
}

/** Drops the inputs a type cannot take (storage for Express, provisioning where not offered) for a type search. */
export function inputForType(input: KafkaSizingInput, type: BrokerType): KafkaSizingInput {
  const adapted: KafkaSizingInput = { ...input, brokerType: type.kind === 'custom' ? type : type.id };
  if (
    type.kind !== 'standard' ||
    type.provisionedStorageMaxMiBPerSec === null ||
    (input.provisionedStorageMiBPerSec ?? 0) > type.provisionedStorageMaxMiBPerSec
  ) {
    delete adapted.provisionedStorageMiBPerSec;
  }
  if (type.kind === 'express') delete adapted.volumeSizeGiB;
  return adapted;
}
