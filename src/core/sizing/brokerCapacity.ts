// One broker's capacity (src/core/traffic.ts BrokerCapacity, bytes/s) from a broker type of the catalog: the same
// per-broker terms as Equation 1 of the right-sizing post, for checks on a real layout (the failure simulation).
// - Standard: network in and out = the EC2 baseline network bandwidth (each direction); storage writes = the lesser of
//   the storage throughput (provisioned, else MSK's 250 MiB/s default) and the EC2 EBS baseline bandwidth.
// - Express: network in = sustained ingress, network out = sustained egress (client traffic only: the service
//   replicates and stores the data itself, so replication and storage are not broker limits to check).
// - Custom: the user's own numbers.

import { REFS, derived, userInput, type Source } from '../sources';
import {
  EC2_EBS_SOURCE,
  EC2_NETWORK_SOURCE,
  EQUATION_1_SOURCE,
  MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC,
  findBrokerType,
  type BrokerType,
} from './catalog';
import { fmt } from './explained';
import { InputError } from '../errors';
import type { BrokerCapacity } from '../traffic';
import { MB, MB_PER_MIB } from './kafkaTypes';

export interface TypedBrokerCapacity {
  /** The broker type's id ("kafka.m5.large"), or "custom". */
  typeId: string;
  kind: BrokerType['kind'];
  capacity: BrokerCapacity;
  /** One line per limit: the value, how it was derived and from what. */
  lines: { limit: keyof BrokerCapacity; bytesPerSec: number; formula: string; source: Source }[];
}

export function brokerCapacityOfType(type: BrokerType, provisionedStorageMiBPerSec?: number): TypedBrokerCapacity {
  const lines: TypedBrokerCapacity['lines'] = [];
  const capacity: BrokerCapacity = { maxPartitions: type.partitionsRecommended };
  const add = (
    limit: 'networkInBytesPerSec' | 'networkOutBytesPerSec' | 'storageWriteBytesPerSec',
    v: number,
    formula: string,
    source: Source,
  ) => {
    capacity[limit] = v;
    lines.push({ limit, bytesPerSec: v, formula, source });
  };
  if (type.kind === 'standard') {
    const network = type.networkBaselineGbps * 125 * MB;
    const networkText = `${type.instance} network baseline ${fmt(type.networkBaselineGbps, 3)} Gbps × 125 = ${fmt(network / MB)} MB/s`;
    add('networkInBytesPerSec', network, networkText, EC2_NETWORK_SOURCE);
    add('networkOutBytesPerSec', network, networkText, EC2_NETWORK_SOURCE);
    const mib = provisionedStorageMiBPerSec ?? MSK_DEFAULT_STORAGE_THROUGHPUT_MIB_PER_SEC;
    const storage = mib * MB_PER_MIB * MB;
    const ebs = (type.ebsBaselineMbps / 8) * MB;
    add(
      'storageWriteBytesPerSec',
      Math.min(storage, ebs),
      `min(storage ${fmt(mib)} MiB/s ${provisionedStorageMiBPerSec === undefined ? '(default)' : '(provisioned)'} = ${fmt(storage / MB)} MB/s, ` +
        `EBS baseline ${fmt(type.ebsBaselineMbps)} Mbps ÷ 8 = ${fmt(ebs / MB)} MB/s) = ${fmt(Math.min(storage, ebs) / MB)} MB/s`,
      derived(
        'storage writes = min(storage throughput, EBS baseline bandwidth)',
        EQUATION_1_SOURCE,
        EC2_EBS_SOURCE,
        REFS.mskThroughputManagement,
      ),
    );
  } else if (type.kind === 'express') {
    add(
      'networkInBytesPerSec',
      type.ingressSustainedMbPerSec * MB,
      `${type.id} sustained ingress ${fmt(type.ingressSustainedMbPerSec)} MB/s`,
      type.sources[0],
    );
    add(
      'networkOutBytesPerSec',
      type.egressSustainedMbPerSec * MB,
      `${type.id} sustained egress ${fmt(type.egressSustainedMbPerSec)} MB/s`,
      type.sources[0],
    );
  } else {
    const custom = userInput('custom broker type');
    add('networkInBytesPerSec', type.networkMbPerSec * MB, `network ${fmt(type.networkMbPerSec)} MB/s (given)`, custom);
    add('networkOutBytesPerSec', type.networkMbPerSec * MB, `network ${fmt(type.networkMbPerSec)} MB/s (given)`, custom);
    const write = Math.min(type.storageMbPerSec, type.ebsNetworkMbPerSec ?? Infinity) * MB;
    add('storageWriteBytesPerSec', write, `storage ${fmt(write / MB)} MB/s (given)`, custom);
  }
  return { typeId: type.kind === 'custom' ? (type.id ?? 'custom') : type.id, kind: type.kind, capacity, lines };
}

/** A catalog broker type by id, or an error that lists the ids. */
export function brokerTypeById(id: string, where: string): BrokerType {
  const found = findBrokerType(id) ?? findBrokerType(`kafka.${id}`);
  if (!found)
    throw new InputError(`unknown broker type "${id}"`, {
      where,
      fix: 'Use an Amazon MSK broker type such as kafka.m5.large, kafka.m7g.xlarge or express.m7g.large.',
    });
  return found;
}
