// Per-partition traffic and per-broker capacity: the inputs shared by the planner's traffic goals and the failure
// simulation. Pure: built from two snapshots' write rates (src/core/skew/rates.ts) and the consumer groups that
// commit offsets, then laid over any replica assignment.
//
// Kafka's data paths per partition with write rate r (bytes/s), replication factor RF and consumer fan-out c:
// - the leader receives r from producers (network in) and serves r x c to consumers plus r x (RF - 1) to followers
//   (network out);
// - every follower fetches r from the leader (network in, "replication in").
// Derived from Kafka's replication design (https://kafka.apache.org/documentation/#replication): followers fetch from
// the leader like consumers. Consumers fetching from followers (KIP-392) are not modelled: every consumer is counted
// on the leader, the worst case for the leader.

import { topicPartitionKey, type ClusterSnapshot } from './model';
import type { WriteRates } from './skew/rates';

export interface PartitionTraffic {
  topic: string;
  partition: number;
  /** Produce rate into the partition (bytes/s), measured between two snapshots. */
  bytesInPerSec: number;
  /** Consumer groups reading the topic (each reads every byte once). */
  consumerFanOut: number;
}

export type FanOutSource = 'groups' | 'default';

export interface TrafficModel {
  /** Keyed by topicPartitionKey(topic, partition). Partitions without a measured rate are absent (treated as 0). */
  partitions: Map<string, PartitionTraffic>;
  intervalSeconds: number;
  /** Per topic: where its fan-out came from (committed offsets of consumer groups, or the default). */
  fanOutSource: Map<string, FanOutSource>;
  defaultFanOut: number;
}

/** When no consumer group commits offsets for a topic: assume one reader (a product default, stated in reports). */
export const DEFAULT_CONSUMER_FAN_OUT = 1;

/** Consumer groups per topic: the groups that committed an offset for any of its partitions. */
export function consumerFanOutByTopic(snapshot: ClusterSnapshot): Map<string, number> {
  const groupsByTopic = new Map<string, Set<string>>();
  for (const g of snapshot.consumerGroups) {
    for (const o of g.offsets) {
      let set = groupsByTopic.get(o.topic);
      if (!set) groupsByTopic.set(o.topic, (set = new Set()));
      set.add(g.groupId);
    }
  }
  const out = new Map<string, number>();
  for (const [topic, groups] of groupsByTopic) out.set(topic, groups.size);
  return out;
}

/** The traffic model from measured write rates and the later snapshot's consumer groups. */
export function trafficModel(rates: WriteRates, later: ClusterSnapshot, defaultFanOut = DEFAULT_CONSUMER_FAN_OUT): TrafficModel {
  const fanOut = consumerFanOutByTopic(later);
  const partitions = new Map<string, PartitionTraffic>();
  const fanOutSource = new Map<string, FanOutSource>();
  for (const r of rates.partitions) {
    const groups = fanOut.get(r.topic);
    fanOutSource.set(r.topic, groups === undefined ? 'default' : 'groups');
    partitions.set(topicPartitionKey(r.topic, r.partition), {
      topic: r.topic,
      partition: r.partition,
      bytesInPerSec: r.bytesPerSec,
      consumerFanOut: groups ?? defaultFanOut,
    });
  }
  return { partitions, intervalSeconds: rates.intervalSeconds, fanOutSource, defaultFanOut };
}

export interface BrokerTraffic {
  broker: number;
  /** Produce into partitions this broker leads (bytes/s): Cruise Control's "leader bytes in". */
  leaderBytesIn: number;
  /** Replication fetched from leaders for partitions this broker follows. */
  replicationIn: number;
  /** leaderBytesIn + replicationIn. */
  networkIn: number;
  /** Served to consumer groups from partitions this broker leads. */
  consumerOut: number;
  /** Served to followers from partitions this broker leads. */
  replicationOut: number;
  /** consumerOut + replicationOut. */
  networkOut: number;
}

/** One partition's placement: its leader and its replicas (the leader among them). */
export interface Placement {
  topic: string;
  partition: number;
  leader: number;
  replicas: readonly number[];
}

/** Per-broker traffic for a placement (today's, a plan's, or one after a failure). Brokers with no traffic are listed with zeros. */
export function brokerTraffic(model: TrafficModel, placements: Iterable<Placement>, brokers: Iterable<number>): Map<number, BrokerTraffic> {
  const out = new Map<number, BrokerTraffic>();
  const row = (broker: number): BrokerTraffic => {
    let t = out.get(broker);
    if (!t) {
      t = { broker, leaderBytesIn: 0, replicationIn: 0, networkIn: 0, consumerOut: 0, replicationOut: 0, networkOut: 0 };
      out.set(broker, t);
    }
    return t;
  };
  for (const b of brokers) row(b);
  for (const p of placements) {
    const t = model.partitions.get(topicPartitionKey(p.topic, p.partition));
    if (!t || t.bytesInPerSec <= 0 || p.leader < 0) continue;
    const followers = p.replicas.filter((r) => r !== p.leader);
    const leader = row(p.leader);
    leader.leaderBytesIn += t.bytesInPerSec;
    leader.consumerOut += t.bytesInPerSec * t.consumerFanOut;
    leader.replicationOut += t.bytesInPerSec * followers.length;
    for (const f of followers) row(f).replicationIn += t.bytesInPerSec;
  }
  for (const t of out.values()) {
    t.networkIn = t.leaderBytesIn + t.replicationIn;
    t.networkOut = t.consumerOut + t.replicationOut;
  }
  return out;
}

/** Today's placements of a snapshot (leader -1 when offline). */
export function snapshotPlacements(snapshot: ClusterSnapshot): Placement[] {
  const out: Placement[] = [];
  for (const t of snapshot.topics)
    for (const p of t.partitions) out.push({ topic: t.name, partition: p.partition, leader: p.leader, replicas: p.replicas });
  return out;
}

/** What one broker can carry. Absent fields are unknown and not checked. */
export interface BrokerCapacity {
  diskBytes?: number;
  networkInBytesPerSec?: number;
  networkOutBytesPerSec?: number;
  /** Partitions (leaders + followers) the broker type supports. */
  maxPartitions?: number;
  /** Sustained write throughput of the broker's storage (what it receives is written: network in lands on disk). */
  storageWriteBytesPerSec?: number;
}

export interface CapacityLimits {
  /** Applies to every broker without its own entry. */
  default: BrokerCapacity;
  perBroker?: ReadonlyMap<number, BrokerCapacity>;
  /** Fraction of a capacity a plan or a failure may use (the 80 % utilization ceiling by default). */
  ceiling: number;
}

export function capacityOf(limits: CapacityLimits, broker: number): BrokerCapacity {
  return limits.perBroker?.get(broker) ?? limits.default;
}
