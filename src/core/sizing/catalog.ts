// The catalog of sourced facts the sizing models use: ONE table of broker types (one row per type, each with the
// public pages its numbers come from) and the named constants (each with its typed source), so a wrong number is
// corrected in one place. docs/SOURCES.md lists every row and constant with its value and source; a unit test
// (test/unit/sources.test.ts) keeps the two equal. Rows marked `verify: true` carry numbers we could not confirm
// against a primary source; their sources say so, and so does every report number built from them.
//
// Units are the ones the sources print: MSK storage throughput in MiB/s, EC2 EBS bandwidth in Mbps (megabits),
// EC2 network bandwidth in Gbps, Express broker throughput in MB/s. kafkaThroughput.ts converts to MB/s.
// The right-sizing post sizes to baseline rates, not burst credits: the sizing model uses the baseline columns;
// the burst columns are kept for display only.

import { DISK_ACTION_RATIO, DISK_WARN_RATIO } from '../brokerLoad';
import { REFS, at, productDefault, unverified, type Source, type UrlSource } from '../sources';

export { DISK_ACTION_RATIO, DISK_WARN_RATIO };

/** Amazon EC2 Instance Types guide, general purpose: network (baseline / burst Gbps) and EBS (baseline / maximum Mbps). */
export const EC2_GENERAL_PURPOSE_SPECS_URL = REFS.ec2GeneralPurpose.url;
/** Recommended / maximum partitions per Standard broker (leaders + followers). */
export const MSK_BEST_PRACTICES_URL = REFS.mskBestPractices.url;
/** Provisioned storage throughput: default 250 MiB/s, per-size ceilings. */
export const MSK_PROVISIONED_THROUGHPUT_URL = REFS.mskProvisionedThroughput.url;

// ----- named constants: one definition each, with its source

export interface CatalogConstant {
  readonly value: number;
  readonly unit: string;
  readonly what: string;
  readonly source: Source;
}

const constant = (value: number, unit: string, what: string, source: Source): CatalogConstant => ({ value, unit, what, source });

/** The sizing models' named constants by their exported names (docs/SOURCES.md has a row for each). */
export const CATALOG_CONSTANTS = {
  MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC: constant(
    250,
    'MiB/s',
    'MSK storage throughput per broker when none is provisioned',
    at(REFS.mskThroughputManagement, '"250 MiB per second is the default"'),
  ),
  MSK_VOLUME_MIN_GIB: constant(
    1,
    'GiB',
    'MSK Standard broker storage, minimum',
    at(REFS.mskQuotas, 'Amazon MSK Standard broker quota: minimum storage per broker'),
  ),
  MSK_VOLUME_MAX_GIB: constant(
    16384,
    'GiB',
    'MSK Standard broker storage, maximum',
    at(REFS.mskQuotas, 'Amazon MSK Standard broker quota: maximum storage per broker'),
  ),
  KAFKA_DEFAULT_RETENTION_HOURS: constant(
    168,
    'h',
    'retention.ms when a topic does not say (log.retention.hours default, 7 days)',
    at(REFS.kafkaRetention, 'retention.ms default 604800000 (7 days)'),
  ),
  DISK_WARN_RATIO: constant(
    DISK_WARN_RATIO,
    'ratio',
    'MSK storage capacity alert ("Action required") at 60 % used',
    at(REFS.mskStorageAlerts, 'proactive alerts at 60 % and 80 %'),
  ),
  DISK_ACTION_RATIO: constant(
    DISK_ACTION_RATIO,
    'ratio',
    'MSK storage capacity alert ("Action required") at 80 % used',
    at(REFS.mskStorageAlerts, 'proactive alerts at 60 % and 80 %'),
  ),
  DEFAULT_UTILIZATION_CEILING: constant(
    0.8,
    'ratio',
    'utilization ceiling: the fraction of the Equation 1 limit production may use',
    productDefault(
      '80 % of the theoretical sustained limit (the right-sizing post sizes production below the limit; the ceiling is a parameter)',
      REFS.rightSizingBlog,
    ),
  ),
  DEFAULT_BROKER_DOWNTIME_MINUTES: constant(
    30,
    'min',
    'time a broker is away for patching or failure',
    productDefault('30 minutes of broker downtime for the catch-up estimate; not an AWS number'),
  ),
  DEFAULT_MAX_BROKER_COUNT: constant(
    100,
    'brokers',
    'how far the broker-count recommendation searches',
    productDefault('search bound of the recommender; not an AWS quota'),
  ),
  EXPRESS_MB_PER_SEC_PER_PARTITION: constant(
    15,
    'MB/s',
    'Express: throughput per partition to plan with',
    unverified(at(REFS.mskExpressBrokers, 'throughput per partition'), 'secondary source'),
  ),
  KPU_VCPUS: constant(1, 'vCPU', 'vCPUs per KPU', at(REFS.flinkResources, 'one KPU: one CPU core, 4 GB memory, 50 GB disk')),
  KPU_MEMORY_GB: constant(4, 'GB', 'memory per KPU', at(REFS.flinkResources, 'one KPU: one CPU core, 4 GB memory, 50 GB disk')),
  KPU_RUNNING_STORAGE_GB: constant(
    50,
    'GB',
    'running application storage per KPU',
    at(REFS.flinkResources, 'one KPU: one CPU core, 4 GB memory, 50 GB disk'),
  ),
  ORCHESTRATION_KPUS: constant(
    1,
    'KPU',
    'KPUs billed per application for orchestration',
    at(REFS.flinkBilling, '"a single additional KPU per application, used for orchestration"'),
  ),
  DEFAULT_PARALLELISM_PER_KPU: constant(
    1,
    'subtasks/KPU',
    'ParallelismPerKPU default',
    at(REFS.flinkScaling, 'ParallelismPerKPU: default 1, maximum 8'),
  ),
  MAX_PARALLELISM_PER_KPU: constant(
    8,
    'subtasks/KPU',
    'ParallelismPerKPU maximum',
    at(REFS.flinkScaling, 'ParallelismPerKPU: default 1, maximum 8'),
  ),
  DEFAULT_KPU_LIMIT: constant(
    64,
    'KPU',
    'default KPU limit per application (a quota that can be raised)',
    at(REFS.flinkScaling, 'default KPU limit 64'),
  ),
  DEFAULT_KPU_HOUR_PRICE_USD: constant(
    0.11,
    'USD',
    'price per KPU-hour, us-east-1 (prices vary by region: an input)',
    at(REFS.flinkPricing, 'US East (N. Virginia)'),
  ),
  DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD: constant(
    0.1,
    'USD',
    'running application storage per GB-month, us-east-1 (an input)',
    at(REFS.flinkPricing, 'US East (N. Virginia)'),
  ),
  DEFAULT_HOURS_PER_MONTH: constant(
    720,
    'h',
    'hours in the month the cost is computed for',
    productDefault('a 30-day month of continuous running: 30 × 24 h'),
  ),
  SCALE_UP_CPU_RATIO: constant(
    0.75,
    'ratio',
    'autoscaling: scale up at containerCPUUtilization >= 75 %',
    at(REFS.flinkAutoscaling, 'scale up: >= 75 % for 15 minutes, parallelism doubles'),
  ),
  SCALE_UP_MINUTES: constant(
    15,
    'min',
    'autoscaling: for 15 minutes',
    at(REFS.flinkAutoscaling, 'scale up: >= 75 % for 15 minutes, parallelism doubles'),
  ),
  SCALE_DOWN_CPU_RATIO: constant(
    0.1,
    'ratio',
    'autoscaling: scale down below 10 % CPU',
    at(REFS.flinkAutoscaling, 'scale down: < 10 % for six hours, parallelism halves'),
  ),
  SCALE_DOWN_HOURS: constant(
    6,
    'h',
    'autoscaling: for 6 hours',
    at(REFS.flinkAutoscaling, 'scale down: < 10 % for six hours, parallelism halves'),
  ),
  FLINK_MAX_PARALLELISM_NOTICE: constant(
    128,
    'subtasks',
    'above this parallelism, set maxParallelism explicitly',
    at(REFS.flinkProductionReady, 'set an explicit max parallelism'),
  ),
} satisfies Record<string, CatalogConstant>;

export type CatalogConstantName = keyof typeof CATALOG_CONSTANTS;

/** The typed source of a named constant, for "why" lines that quote it. */
export function sourceOf(name: CatalogConstantName): Source {
  return CATALOG_CONSTANTS[name].source;
}

export const MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC = CATALOG_CONSTANTS.MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC.value;
export const MSK_VOLUME_MIN_GIB = CATALOG_CONSTANTS.MSK_VOLUME_MIN_GIB.value;
export const MSK_VOLUME_MAX_GIB = CATALOG_CONSTANTS.MSK_VOLUME_MAX_GIB.value;
export const KAFKA_DEFAULT_RETENTION_HOURS = CATALOG_CONSTANTS.KAFKA_DEFAULT_RETENTION_HOURS.value;
export const DEFAULT_UTILIZATION_CEILING = CATALOG_CONSTANTS.DEFAULT_UTILIZATION_CEILING.value;
export const DEFAULT_BROKER_DOWNTIME_MINUTES = CATALOG_CONSTANTS.DEFAULT_BROKER_DOWNTIME_MINUTES.value;
export const DEFAULT_MAX_BROKER_COUNT = CATALOG_CONSTANTS.DEFAULT_MAX_BROKER_COUNT.value;
export const EXPRESS_MB_PER_SEC_PER_PARTITION = CATALOG_CONSTANTS.EXPRESS_MB_PER_SEC_PER_PARTITION.value;
export const KPU_VCPUS = CATALOG_CONSTANTS.KPU_VCPUS.value;
export const KPU_MEMORY_GB = CATALOG_CONSTANTS.KPU_MEMORY_GB.value;
export const KPU_RUNNING_STORAGE_GB = CATALOG_CONSTANTS.KPU_RUNNING_STORAGE_GB.value;
export const ORCHESTRATION_KPUS = CATALOG_CONSTANTS.ORCHESTRATION_KPUS.value;
export const DEFAULT_PARALLELISM_PER_KPU = CATALOG_CONSTANTS.DEFAULT_PARALLELISM_PER_KPU.value;
export const MAX_PARALLELISM_PER_KPU = CATALOG_CONSTANTS.MAX_PARALLELISM_PER_KPU.value;
export const DEFAULT_KPU_LIMIT = CATALOG_CONSTANTS.DEFAULT_KPU_LIMIT.value;
export const DEFAULT_KPU_HOUR_PRICE_USD = CATALOG_CONSTANTS.DEFAULT_KPU_HOUR_PRICE_USD.value;
export const DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD = CATALOG_CONSTANTS.DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD.value;
export const DEFAULT_HOURS_PER_MONTH = CATALOG_CONSTANTS.DEFAULT_HOURS_PER_MONTH.value;
export const SCALE_UP_CPU_RATIO = CATALOG_CONSTANTS.SCALE_UP_CPU_RATIO.value;
export const SCALE_UP_MINUTES = CATALOG_CONSTANTS.SCALE_UP_MINUTES.value;
export const SCALE_DOWN_CPU_RATIO = CATALOG_CONSTANTS.SCALE_DOWN_CPU_RATIO.value;
export const SCALE_DOWN_HOURS = CATALOG_CONSTANTS.SCALE_DOWN_HOURS.value;
export const FLINK_MAX_PARALLELISM_NOTICE = CATALOG_CONSTANTS.FLINK_MAX_PARALLELISM_NOTICE.value;

// ----- broker types

export interface StandardBrokerType {
  kind: 'standard';
  /** The MSK name, e.g. "kafka.m5.large". */
  id: string;
  /** The EC2 instance it runs on. */
  instance: string;
  vcpus: number;
  /** Partitions per broker (leaders + followers): recommended, and the maximum that still allows updates. */
  partitionsRecommended: number;
  partitionsMax: number;
  /** Ceiling for provisioned storage throughput; null where MSK does not offer provisioning for the size. */
  provisionedStorageMaxMiBPerSec: number | null;
  ebsBaselineMbps: number;
  ebsBurstMbps?: number;
  networkBaselineGbps: number;
  networkBurstGbps?: number;
  sources: readonly UrlSource[];
  verify?: boolean;
  note?: string;
}

export interface ExpressBrokerType {
  kind: 'express';
  /** e.g. "express.m7g.large". */
  id: string;
  vcpus: number;
  ingressSustainedMbPerSec: number;
  ingressMaxMbPerSec: number;
  egressSustainedMbPerSec: number;
  egressMaxMbPerSec: number;
  partitionsRecommended: number;
  partitionsMax: number;
  sources: readonly UrlSource[];
  verify?: boolean;
  note?: string;
}

/** A broker the catalog does not know (self-managed, another cloud): the user supplies the limits. */
export interface CustomBrokerType {
  kind: 'custom';
  id?: string;
  /** Sustained write throughput of the broker's storage. */
  storageMbPerSec: number;
  /** Sustained bandwidth to network-attached storage; omit for local disks (the term then does not apply). */
  ebsNetworkMbPerSec?: number;
  /** Sustained network bandwidth of the broker (each direction). */
  networkMbPerSec: number;
  partitionsRecommended: number;
  /** Defaults to partitionsRecommended. */
  partitionsMax?: number;
  vcpus?: number;
}

export type CatalogBrokerType = StandardBrokerType | ExpressBrokerType;
export type BrokerType = CatalogBrokerType | CustomBrokerType;

/** The right-sizing post's Equation 1: the sustained cluster throughput limit from storage, EBS and EC2 network. */
export const EQUATION_1_SOURCE = at(REFS.rightSizingBlog, 'Equation 1');

/** Where each Standard column comes from. */
export const STANDARD_PARTITIONS_SOURCE = at(REFS.mskBestPractices, 'Right-size your cluster: number of partitions per Standard broker');
export const STANDARD_STORAGE_CEILING_SOURCE = at(REFS.mskThroughputManagement, 'maximum storage throughput per broker size');
export const EC2_EBS_SOURCE = at(REFS.ec2GeneralPurpose, 'Amazon EBS specifications (baseline bandwidth)');
export const EC2_NETWORK_SOURCE = at(REFS.ec2GeneralPurpose, 'Network specifications (baseline bandwidth)');
/** Every Express number: from a secondary source, to be confirmed against MSK's Express broker quota. */
export const EXPRESS_LIMITS_SOURCE = unverified(at(REFS.mskQuotas, 'Amazon MSK Express broker quota'), 'secondary source');

const STANDARD_SOURCES = [STANDARD_PARTITIONS_SOURCE, STANDARD_STORAGE_CEILING_SOURCE, EC2_EBS_SOURCE, EC2_NETWORK_SOURCE];

function standard(
  size: string,
  vcpus: number,
  partitions: [number, number],
  provisionedStorageMaxMiBPerSec: number | null,
  ebs: [baselineMbps: number, burstMbps?: number],
  network: [baselineGbps: number, burstGbps?: number],
  extra: Pick<StandardBrokerType, 'note' | 'verify'> = {},
): StandardBrokerType {
  return {
    kind: 'standard',
    id: `kafka.${size}`,
    instance: size,
    vcpus,
    partitionsRecommended: partitions[0],
    partitionsMax: partitions[1],
    provisionedStorageMaxMiBPerSec,
    ebsBaselineMbps: ebs[0],
    ...(ebs[1] !== undefined ? { ebsBurstMbps: ebs[1] } : {}),
    networkBaselineGbps: network[0],
    ...(network[1] !== undefined ? { networkBurstGbps: network[1] } : {}),
    sources: STANDARD_SOURCES,
    ...extra,
  };
}

const EXPRESS_NOTE =
  'The Express throughput and partition numbers come from a secondary source (unverified); confirm them against ' +
  'the Amazon MSK Developer Guide (Amazon MSK Express broker quota). vCPUs are those of the same m7g size.';

function express(
  size: string,
  vcpus: number,
  ingress: [sustained: number, max: number],
  egress: [sustained: number, max: number],
  partitions: [number, number],
): ExpressBrokerType {
  return {
    kind: 'express',
    id: `express.${size}`,
    vcpus,
    ingressSustainedMbPerSec: ingress[0],
    ingressMaxMbPerSec: ingress[1],
    egressSustainedMbPerSec: egress[0],
    egressMaxMbPerSec: egress[1],
    partitionsRecommended: partitions[0],
    partitionsMax: partitions[1],
    sources: [EXPRESS_LIMITS_SOURCE],
    verify: true,
    note: EXPRESS_NOTE,
  };
}

/**
 * The catalog, smallest to largest within each family. Columns (Standard): vCPUs; partitions recommended/max
 * (MSK best practices); provisioned storage throughput ceiling in MiB/s (MSK storage throughput management;
 * null = not offered for the size); EBS baseline/maximum Mbps and network baseline/burst Gbps (EC2 Instance Types
 * guide; the burst values exist only for sizes marked "up to").
 */
export const BROKER_CATALOG: readonly CatalogBrokerType[] = [
  standard('t3.small', 2, [300, 300], null, [174, 2085], [0.128, 5], {
    note: 'Burstable instance (CPU credits as well as network and EBS credits): for development only.',
  }),
  standard('m5.large', 2, [1000, 1500], null, [650, 4750], [0.75, 10]),
  standard('m5.xlarge', 4, [1000, 1500], null, [1150, 4750], [1.25, 10]),
  standard('m5.2xlarge', 8, [2000, 3000], null, [2300, 4750], [2.5, 10]),
  standard('m5.4xlarge', 16, [4000, 6000], 593, [4750], [5, 10]),
  standard('m5.8xlarge', 32, [4000, 6000], 850, [6800], [10]),
  standard('m5.12xlarge', 48, [4000, 6000], 1000, [9500], [12]),
  standard('m5.16xlarge', 64, [4000, 6000], 1000, [13600], [20]),
  standard('m5.24xlarge', 96, [4000, 6000], 1000, [19000], [25]),
  standard('m7g.large', 2, [1000, 1500], null, [630, 10000], [0.937, 12.5]),
  standard('m7g.xlarge', 4, [1000, 1500], null, [1250, 10000], [1.876, 12.5]),
  standard('m7g.2xlarge', 8, [2000, 3000], 312.5, [2500, 10000], [3.75, 15]),
  standard('m7g.4xlarge', 16, [4000, 6000], 625, [5000, 10000], [7.5, 15]),
  standard('m7g.8xlarge', 32, [4000, 6000], 1000, [10000], [15]),
  standard('m7g.12xlarge', 48, [4000, 6000], 1000, [15000], [22.5]),
  standard('m7g.16xlarge', 64, [4000, 6000], 1000, [20000], [30]),
  express('m7g.large', 2, [15.6, 23.4], [31.2, 58.5], [1000, 1500]),
  express('m7g.xlarge', 4, [31.2, 46.8], [62.5, 117], [1000, 2000]),
  express('m7g.2xlarge', 8, [62.5, 93.7], [125, 234.2], [2500, 4000]),
  express('m7g.4xlarge', 16, [124.9, 187.5], [249.8, 468.7], [6000, 8000]),
  express('m7g.8xlarge', 32, [250, 375], [500, 937.5], [12000, 16000]),
  express('m7g.12xlarge', 48, [375, 562.5], [750, 1406.2], [16000, 24000]),
  express('m7g.16xlarge', 64, [500, 750], [1000, 1875], [20000, 32000]),
];

export function findBrokerType(id: string): CatalogBrokerType | undefined {
  return BROKER_CATALOG.find((t) => t.id === id);
}

/** The Express size that matches a Standard size (kafka.m5.xlarge -> express.m7g.xlarge), if there is one. */
export function matchingExpressType(standardId: string): ExpressBrokerType | undefined {
  const size = standardId.split('.').pop();
  const found = BROKER_CATALOG.find((t) => t.kind === 'express' && t.id === `express.m7g.${size}`);
  return found?.kind === 'express' ? found : undefined;
}
