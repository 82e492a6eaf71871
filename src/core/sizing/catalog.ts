// The broker catalog: ONE data table, one row per broker type, each row with the links its numbers come from,
// so a wrong number can be corrected in one place. Rows marked `verify: true` carry a number we could not
// confirm against a primary source; their `note` says which.
//
// Units are the ones the sources print: MSK storage throughput in MiB/s, EC2 EBS bandwidth in Mbps (megabits),
// EC2 network bandwidth in Gbps, Express broker throughput in MB/s. kafkaSizing.ts converts to MB/s.
// "Size to baseline rates, not burst credits" (FIELD.md: Kafka sizing): the sizing model uses the baseline
// columns; the burst columns are kept for display only.

/** Amazon EC2 Instance Types guide, general purpose: "Network specifications" (baseline / burst Gbps) and
 *  "Amazon EBS specifications" (baseline / maximum Mbps). Checked against the 2024 edition of the guide. */
export const EC2_GENERAL_PURPOSE_SPECS_URL = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html';
/** Recommended / maximum partitions per Standard broker (leaders + followers). */
export const MSK_BEST_PRACTICES_URL = 'https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html';
/** Provisioned storage throughput: default 250 MiB/s, per-size ceilings. */
export const MSK_PROVISIONED_THROUGHPUT_URL = 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-provision-throughput.html';
export const FIELD_MSK_LIMITS = 'FIELD.md: Amazon MSK limits';

/** MSK's storage throughput when none is provisioned (FIELD.md: Amazon MSK limits, "default 250"). */
export const MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC = 250;
/** MSK Standard broker storage range (FIELD.md: Amazon MSK limits, "Storage per broker 1-16,384 GiB"). */
export const MSK_VOLUME_MIN_GIB = 1;
export const MSK_VOLUME_MAX_GIB = 16384;

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
  sources: string[];
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
  sources: string[];
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

const STANDARD_SOURCES = [MSK_BEST_PRACTICES_URL, MSK_PROVISIONED_THROUGHPUT_URL, EC2_GENERAL_PURPOSE_SPECS_URL, FIELD_MSK_LIMITS];

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
  'FIELD.md marks the Express throughput and partition numbers as taken from a secondary source; confirm them ' +
  'against the Amazon MSK Developer Guide (Express broker quotas). vCPUs are those of the same m7g size.';

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
    sources: [FIELD_MSK_LIMITS],
    verify: true,
    note: EXPRESS_NOTE,
  };
}

/**
 * The catalog, smallest to largest within each family. Columns (Standard): vCPUs; partitions recommended/max
 * (FIELD.md: Amazon MSK limits, from MSK best practices); provisioned storage throughput ceiling in MiB/s
 * (FIELD.md / msk-provision-throughput; null = not offered for the size); EBS baseline/maximum Mbps and network
 * baseline/burst Gbps (EC2 Instance Types guide; the burst values exist only for sizes marked "up to").
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
