// Broker capacity as people type it: a broker type from the sizing catalog that implies network and partition limits
// ("kafka.m7g.large"), explicit limits ("disk=1TiB,nw-in=50MB/s,nw-out=100MB/s"), or both (the explicit parts
// win), plus the ceiling ("ceiling=0.8"). Every broker gets the same capacity. Pure: the CLI flag and the plan
// wizard's custom entry parse it here, and both show the same lines saying where each number comes from.

import { InputError } from './errors';
import { BROKER_CATALOG, DEFAULT_UTILIZATION_CEILING, findBrokerType, type CatalogBrokerType } from './sizing/catalog';
import type { BrokerCapacity, CapacityLimits } from './traffic';
import { formatBytes, formatMBps } from './units';

/** The forms a capacity takes, for errors and help. */
export const CAPACITY_FORMS =
  'a broker type such as kafka.m7g.large or express.m7g.xlarge, and/or disk=1TiB, nw-in=50MB/s, nw-out=100MB/s, ' +
  'partitions=4000, ceiling=0.8 (comma-separated)';

/** A capacity that does not parse: names the bad part and the valid forms. */
export class CapacityInputError extends InputError {
  constructor(part: string, problem: string, where = '--capacity') {
    super(`${JSON.stringify(part)}: ${problem}`, { where, fix: `Give ${CAPACITY_FORMS}.` });
    this.name = 'CapacityInputError';
  }
}

export interface ParsedCapacity {
  limits: CapacityLimits;
  /** The broker type named, if any. */
  brokerType?: CatalogBrokerType;
  /** One line per limit: its value and where it comes from. */
  explained: string[];
}

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** "1TiB", "500GB", "2e12" -> bytes; "50MB/s" -> bytes/s when `rate`. Undefined when it does not read. */
function amount(text: string, rate: boolean): number | undefined {
  const m = /^([\d.]+(?:e\d+)?)\s*([kmgt]i?b|b)?(\/s)?$/i.exec(text.trim());
  if (!m || (m[3] !== undefined && !rate)) return undefined;
  const n = Number(m[1]) * BYTE_UNITS[(m[2] ?? 'b').toLowerCase()];
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * What a catalog broker type implies per broker. Standard brokers: the EC2 network baseline in each direction (EC2
 * quotes instance bandwidth per direction), derived as Gbps x 10^9 / 8 bytes/s; disk is the volume the cluster was
 * given, not the type, so it is not implied. Express brokers: the sustained ingress and egress throughput per broker
 * (client traffic: replication happens inside the service, so the network-in goal's replication part overstates
 * it). Partitions: the type's maximum partitions per broker.
 */
export function capacityOfBrokerType(type: CatalogBrokerType): { capacity: BrokerCapacity; explained: string[] } {
  if (type.kind === 'standard') {
    const perDirection = (type.networkBaselineGbps * 1e9) / 8;
    return {
      capacity: { networkInBytesPerSec: perDirection, networkOutBytesPerSec: perDirection, maxPartitions: type.partitionsMax },
      explained: [
        `network in and out ${formatMBps(perDirection)} each: derived from ${type.instance}'s EC2 network baseline ${type.networkBaselineGbps} Gbps (x 10^9 / 8 bytes/s, per direction; ${type.sources[3]?.url ?? ''})`,
        `partitions ${type.partitionsMax} per broker: the maximum for ${type.id} (${type.sources[0]?.url ?? ''})`,
        `disk: not implied by the broker type (the volume size is chosen per cluster): add disk=SIZE`,
      ],
    };
  }
  const mb = 1e6;
  return {
    capacity: {
      networkInBytesPerSec: type.ingressSustainedMbPerSec * mb,
      networkOutBytesPerSec: type.egressSustainedMbPerSec * mb,
      maxPartitions: type.partitionsMax,
    },
    explained: [
      `network in ${formatMBps(type.ingressSustainedMbPerSec * mb)}, out ${formatMBps(type.egressSustainedMbPerSec * mb)}: ${type.id}'s sustained ingress and egress (${type.sources[0]?.url ?? ''}, unverified: secondary source); they count client traffic, so the replication part of network in overstates an Express broker's load`,
      `partitions ${type.partitionsMax} per broker: the maximum for ${type.id}`,
      'disk: Express storage is not provisioned per broker: no disk capacity',
    ],
  };
}

/** Parses a capacity (see CAPACITY_FORMS). `where` names the input in errors (the flag, or the wizard's field). */
export function parseCapacity(text: string, where = '--capacity'): ParsedCapacity {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new CapacityInputError(text, 'no capacity given', where);
  const capacity: BrokerCapacity = {};
  const explained: string[] = [];
  let brokerType: CatalogBrokerType | undefined;
  let ceiling = DEFAULT_UTILIZATION_CEILING;
  let ceilingGiven = false;
  const explicit: string[] = [];
  for (const part of parts) {
    const kv = /^([a-z-]+)\s*=\s*(.+)$/i.exec(part);
    if (!kv) {
      const type = findBrokerType(part.toLowerCase());
      if (!type) {
        const near = BROKER_CATALOG.filter((t) => t.id.includes(part.toLowerCase().replace(/^(kafka|express)\./, ''))).map((t) => t.id);
        throw new CapacityInputError(
          part,
          `not a broker type of the catalog${near.length ? ` (did you mean ${near.slice(0, 3).join(' or ')}?)` : ''} nor a key=value`,
          where,
        );
      }
      if (brokerType) throw new CapacityInputError(part, `a second broker type (${brokerType.id} is already given)`, where);
      brokerType = type;
      continue;
    }
    const key = kv[1].toLowerCase();
    const value = kv[2].trim();
    if (key === 'disk') {
      const n = amount(value, false);
      if (n === undefined) throw new CapacityInputError(part, 'disk takes a size such as 1TiB, 500GB or 2e12 (bytes)', where);
      capacity.diskBytes = n;
      explicit.push(`disk ${formatBytes(n)} per broker (given)`);
    } else if (key === 'nw-in' || key === 'nw-out') {
      const n = amount(value, true);
      if (n === undefined) throw new CapacityInputError(part, `${key} takes a rate such as 50MB/s or 120MiB/s`, where);
      if (key === 'nw-in') capacity.networkInBytesPerSec = n;
      else capacity.networkOutBytesPerSec = n;
      explicit.push(`network ${key === 'nw-in' ? 'in' : 'out'} ${formatMBps(n)} per broker (given)`);
    } else if (key === 'partitions') {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0)
        throw new CapacityInputError(part, 'partitions takes a whole number of replicas per broker', where);
      capacity.maxPartitions = n;
      explicit.push(`partitions ${n} per broker (given)`);
    } else if (key === 'ceiling') {
      const n = Number(value.replace(/%$/, '')) / (value.endsWith('%') ? 100 : 1);
      if (!Number.isFinite(n) || n <= 0 || n > 1)
        throw new CapacityInputError(part, 'ceiling takes a fraction from 0 to 1 (0.8) or a percentage (80%)', where);
      ceiling = n;
      ceilingGiven = true;
    } else {
      throw new CapacityInputError(part, `unknown key "${key}" (keys: disk, nw-in, nw-out, partitions, ceiling)`, where);
    }
  }
  const merged: BrokerCapacity = {};
  if (brokerType) {
    const implied = capacityOfBrokerType(brokerType);
    Object.assign(merged, implied.capacity);
    // the explicit parts win over what the type implies: keep only the implied lines they do not replace
    explained.push(
      ...implied.explained.filter(
        (line) =>
          !(capacity.diskBytes !== undefined && line.startsWith('disk')) &&
          !(capacity.maxPartitions !== undefined && line.startsWith('partitions')) &&
          !((capacity.networkInBytesPerSec !== undefined || capacity.networkOutBytesPerSec !== undefined) && line.startsWith('network')),
      ),
    );
  }
  Object.assign(merged, capacity);
  explained.push(...explicit);
  explained.push(
    `ceiling ${Math.round(ceiling * 100)} % of each capacity${ceilingGiven ? ' (given)' : ': the product default, as the 80 % MSK storage alert and the right-sizing ceiling'}`,
  );
  return { limits: { default: merged, ceiling }, ...(brokerType ? { brokerType } : {}), explained };
}
