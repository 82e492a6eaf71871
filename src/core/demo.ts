// The embedded demo cluster: a realistic, deterministic snapshot so every feature works with no cluster.
// Shape (chosen to exercise every view):
// - 9 brokers over racks a/b/c: 1-6 in service, 7-9 just added and still empty;
// - broker 1 is clearly hot: it holds a replica of every clickstream partition and leads half of them,
//   which pushes its disk to ~80 % (MSK's "action required" level);
// - topics from a 2 GiB compacted offsets topic to a 1.2 TiB clickstream, 0.1 to 42 MB/s;
// - payments-7 is under-replicated (broker 5 fell out of its ISR).
// Rates: `demoSnapshot(secondsLater)` advances end offsets and sizes by each topic's write rate, so two demo
// snapshots taken N seconds apart give write rates the same way two live snapshots do.

import { SNAPSHOT_SCHEMA_VERSION, type BrokerInfo, type ClusterSnapshot, type ConsumerGroupInfo, type TopicInfo } from './model';
import { seededRandom } from './random';
import { GiB, TiB } from './units';

export const DEMO_CLUSTER_NAME = 'Demo cluster';
const DEMO_TAKEN_AT = Date.parse('2026-11-25T09:00:00Z');
const DAY_MS = 86_400_000;

interface DemoTopicSpec {
  name: string;
  partitions: number;
  rf: number;
  /** Bytes of one copy of the whole topic (sum over partitions of the leader's log size). */
  bytes: number;
  /** Produce rate into the topic, bytes/s. */
  bytesPerSec: number;
  recordBytes: number;
  retentionMs: number;
  cleanupPolicy: string;
  minInsyncReplicas: number;
  /** How skewed partition sizes are: 0 = even, 1 = heavy-tailed. */
  skew: number;
  internal?: boolean;
}

const TOPICS: DemoTopicSpec[] = [
  {
    name: 'clickstream',
    partitions: 64,
    rf: 3,
    bytes: 1.2 * TiB,
    bytesPerSec: 42e6,
    recordBytes: 900,
    retentionMs: 3 * DAY_MS,
    cleanupPolicy: 'delete',
    minInsyncReplicas: 2,
    skew: 1,
  },
  {
    name: 'orders',
    partitions: 32,
    rf: 3,
    bytes: 420 * GiB,
    bytesPerSec: 8e6,
    recordBytes: 1_400,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    minInsyncReplicas: 2,
    skew: 0.4,
  },
  {
    name: 'metrics-raw',
    partitions: 48,
    rf: 2,
    bytes: 300 * GiB,
    bytesPerSec: 25e6,
    recordBytes: 300,
    retentionMs: 6 * 3_600_000,
    cleanupPolicy: 'delete',
    minInsyncReplicas: 1,
    skew: 0.2,
  },
  {
    name: 'audit-log',
    partitions: 6,
    rf: 3,
    bytes: 640 * GiB,
    bytesPerSec: 0.6e6,
    recordBytes: 2_000,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    minInsyncReplicas: 2,
    skew: 0.1,
  },
  {
    name: 'inventory-cdc',
    partitions: 24,
    rf: 3,
    bytes: 180 * GiB,
    bytesPerSec: 3e6,
    recordBytes: 1_100,
    retentionMs: -1,
    cleanupPolicy: 'compact',
    minInsyncReplicas: 2,
    skew: 0.6,
  },
  {
    name: 'payments',
    partitions: 12,
    rf: 3,
    bytes: 60 * GiB,
    bytesPerSec: 1.5e6,
    recordBytes: 700,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    minInsyncReplicas: 2,
    skew: 0.3,
  },
  {
    name: 'user-profiles',
    partitions: 8,
    rf: 3,
    bytes: 12 * GiB,
    bytesPerSec: 0.1e6,
    recordBytes: 2_500,
    retentionMs: -1,
    cleanupPolicy: 'compact',
    minInsyncReplicas: 2,
    skew: 0.2,
  },
  {
    name: '__consumer_offsets',
    partitions: 50,
    rf: 3,
    bytes: 2 * GiB,
    bytesPerSec: 0.05e6,
    recordBytes: 120,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'compact',
    minInsyncReplicas: 2,
    skew: 0.5,
    internal: true,
  },
];

const RACKS = ['a', 'b', 'c'];
const SERVING_BROKERS = [1, 2, 3, 4, 5, 6];
const NEW_BROKERS = [7, 8, 9];
/** 2,400 GiB EBS volumes (MSK allows 1-16,384 GiB per broker). */
const VOLUME_BYTES = 2400 * GiB;
/** Bytes on each volume that are not Kafka logs (OS, Kafka's own files): part of "used". */
const VOLUME_OVERHEAD_BYTES = 8 * GiB;
export const DEMO_HOT_BROKER = 1;
/** The demo's brokers are Amazon MSK kafka.m5.large (the capacity the failure simulation checks them against). */
export const DEMO_BROKER_TYPE = 'kafka.m5.large';
export const DEMO_UNDER_REPLICATED = { topic: 'payments', partition: 7, outOfSync: 5 };

function rackOf(id: number): string {
  return RACKS[(id - 1) % RACKS.length];
}

/**
 * Kafka's default rack-aware placement over the serving brokers, alternating racks, starting at a per-topic
 * offset, except clickstream, which an old manual reassignment pinned to broker 1 (the hot broker).
 */
function assign(spec: DemoTopicSpec, topicIndex: number, p: number): number[] {
  const n = SERVING_BROKERS.length;
  if (spec.name === 'clickstream') {
    const others = SERVING_BROKERS.filter((b) => rackOf(b) !== rackOf(DEMO_HOT_BROKER));
    const second = others[p % others.length];
    const thirdChoices = others.filter((b) => rackOf(b) !== rackOf(second));
    const third = thirdChoices[Math.floor(p / others.length) % thirdChoices.length];
    return p % 2 === 0 ? [DEMO_HOT_BROKER, second, third] : [second, DEMO_HOT_BROKER, third];
  }
  // Brokers ordered a,b,c,a,b,c (1..6): any RF consecutive ids (mod 6) sit on distinct racks, and every
  // window of 6 partitions puts the same number of replicas and leaders on each broker.
  const start = (topicIndex * 7 + p) % n;
  const replicas: number[] = [];
  for (let k = 0; k < spec.rf; k++) replicas.push(SERVING_BROKERS[(start + k) % n]);
  return replicas;
}

function partitionWeights(spec: DemoTopicSpec, random: () => number): number[] {
  const w: number[] = [];
  for (let p = 0; p < spec.partitions; p++) {
    // log-normal-ish: exp(skew * N(0,1)) with a Box-Muller normal
    const u = Math.max(random(), 1e-9);
    const v = random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    w.push(Math.exp(spec.skew * normal));
  }
  if (spec.name === 'clickstream') w[0] *= 6; // one hot partition: a key that is far more common than others
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
}

/** Seconds between the demo's two samples: every view of the demo takes its rates over this interval. */
export const DEMO_SAMPLE_SECONDS = 60;

/**
 * The demo cluster as the tree shows it (`current`, the reference time) and a sample taken 60 s earlier
 * (`previous`): the pair every feature uses for the demo's write and replication rates, so the CLI, the skew view
 * and the sizing defaults show the same numbers.
 */
export function demoRateSamples(): { previous: ClusterSnapshot; current: ClusterSnapshot } {
  return { previous: demoSnapshot(-DEMO_SAMPLE_SECONDS), current: demoSnapshot(0) };
}

/** The demo cluster as it is `secondsLater` seconds after its fixed reference time. */
export function demoSnapshot(secondsLater = 0): ClusterSnapshot {
  const random = seededRandom(20251201);
  const topics: TopicInfo[] = [];
  const usedByBroker = new Map<number, number>();
  TOPICS.forEach((spec, ti) => {
    const weights = partitionWeights(spec, random);
    const partitions = weights.map((weight, p) => {
      const replicas = assign(spec, ti, p);
      const bytes = Math.round(spec.bytes * weight + spec.bytesPerSec * weight * secondsLater);
      const baseOffset = Math.round((spec.bytes * weight) / spec.recordBytes) * 3; // retention deleted older records
      const endOffset = baseOffset + Math.round((spec.bytesPerSec * weight * secondsLater) / spec.recordBytes);
      const underReplicated = spec.name === DEMO_UNDER_REPLICATED.topic && p === DEMO_UNDER_REPLICATED.partition;
      if (underReplicated && !replicas.includes(DEMO_UNDER_REPLICATED.outOfSync)) {
        // put the out-of-sync broker in place of the replica on its rack, keeping racks distinct
        const sameRack = replicas.findIndex((b) => rackOf(b) === rackOf(DEMO_UNDER_REPLICATED.outOfSync));
        replicas[sameRack >= 0 ? sameRack : replicas.length - 1] = DEMO_UNDER_REPLICATED.outOfSync;
      }
      const isr = underReplicated ? replicas.filter((b) => b !== DEMO_UNDER_REPLICATED.outOfSync) : [...replicas];
      const sizes = replicas.map((broker) => {
        const lagging = underReplicated && broker === DEMO_UNDER_REPLICATED.outOfSync;
        const size = lagging ? Math.round(bytes * 0.93) : bytes;
        usedByBroker.set(broker, (usedByBroker.get(broker) ?? 0) + size);
        return { broker, bytes: size, logDir: '/var/lib/kafka/data', offsetLag: lagging ? Math.round(endOffset * 0.07) : 0 };
      });
      return { partition: p, leader: replicas[0], replicas, isr, offlineReplicas: [], sizes, endOffset };
    });
    topics.push({
      name: spec.name,
      internal: spec.internal ?? false,
      configs: {
        retentionMs: spec.retentionMs,
        retentionBytes: -1,
        minInsyncReplicas: spec.minInsyncReplicas,
        cleanupPolicy: spec.cleanupPolicy,
      },
      partitions,
    });
  });
  const brokers: BrokerInfo[] = [...SERVING_BROKERS, ...NEW_BROKERS].map((id) => {
    const used = (usedByBroker.get(id) ?? 0) + VOLUME_OVERHEAD_BYTES;
    return {
      id,
      host: `b-${id}.demo.kafka.internal`,
      port: 9092,
      rack: rackOf(id),
      isController: id === 2,
      logDirs: [{ path: '/var/lib/kafka/data', totalBytes: VOLUME_BYTES, usableBytes: Math.max(0, VOLUME_BYTES - used) }],
    };
  });
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    name: DEMO_CLUSTER_NAME,
    clusterId: 'demo-cluster-0001',
    source: 'demo',
    takenAt: new Date(DEMO_TAKEN_AT + secondsLater * 1000).toISOString(),
    controllerId: 2,
    brokers,
    topics: topics.sort((a, b) => a.name.localeCompare(b.name)),
    consumerGroups: demoGroups(topics, secondsLater),
    warnings: [],
  };
}

function demoGroups(topics: TopicInfo[], secondsLater: number): ConsumerGroupInfo[] {
  const byName = new Map(topics.map((t) => [t.name, t]));
  const group = (groupId: string, state: string, members: number, topic: string, lagOf: (p: number) => number): ConsumerGroupInfo => {
    const t = byName.get(topic)!;
    const offsets = t.partitions.map((p) => {
      const endOffset = p.endOffset ?? 0;
      const lag = Math.min(endOffset, Math.max(0, Math.round(lagOf(p.partition) + secondsLater * 0)));
      return { topic, partition: p.partition, committedOffset: endOffset - lag, endOffset, lag };
    });
    return { groupId, state, members, offsets, totalLag: offsets.reduce((s, o) => s + o.lag, 0) };
  };
  return [
    group('orders-service', 'Stable', 8, 'orders', (p) => (p % 5) * 3),
    group('clickstream-etl', 'Stable', 16, 'clickstream', (p) => (p === 0 ? 1_850_000 : 2_000 + p * 150)),
    group('fraud-detector', 'Empty', 0, 'payments', () => 12_400),
    group('inventory-projector', 'Stable', 4, 'inventory-cdc', () => 0),
  ];
}
