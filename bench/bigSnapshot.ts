// A synthetic large snapshot for benchmarks: `topics` x `partitionsPerTopic` partitions, RF 3 over `brokers` brokers,
// 1 MB a replica, one partition in 97 under-replicated.
import { SNAPSHOT_SCHEMA_VERSION, type ClusterSnapshot, type TopicInfo } from '../src/core/model';

export function bigSnapshot(topics: number, partitionsPerTopic: number, brokers: number): ClusterSnapshot {
  const list: TopicInfo[] = [];
  for (let t = 0; t < topics; t++) {
    list.push({
      name: `topic-${String(t).padStart(5, '0')}`,
      internal: false,
      configs: {},
      partitions: Array.from({ length: partitionsPerTopic }, (_, p) => {
        const replicas = [0, 1, 2].map((k) => ((t + p + k) % brokers) + 1);
        return {
          partition: p,
          leader: replicas[0],
          replicas,
          isr: p % 97 === 0 ? replicas.slice(0, 2) : replicas,
          offlineReplicas: [],
          sizes: replicas.map((b) => ({ broker: b, bytes: 1e6 })),
        };
      }),
    });
  }
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    name: 'bench',
    source: 'offline',
    takenAt: new Date(0).toISOString(),
    controllerId: 1,
    brokers: Array.from({ length: brokers }, (_, i) => ({
      id: i + 1,
      host: `b${i + 1}`,
      port: 9092,
      rack: 'abc'[i % 3],
      isController: i === 0,
      logDirs: [{ path: '/d', totalBytes: 4e12, usableBytes: 2e12 }],
    })),
    topics: list,
    consumerGroups: [],
    warnings: [],
  };
}
