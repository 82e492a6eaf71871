// Benchmark: building the Clusters tree for a 50,000-partition snapshot (pure model, core/explorerTree.ts).
// Prints timings; no assertions. Run: node esbuild.mjs && node out/bench/explorerTree.js
import { childrenOf, describeNode, healthSummary } from '../src/core/explorerTree';
import { SNAPSHOT_SCHEMA_VERSION, type ClusterSnapshot, type TopicInfo } from '../src/core/model';

function bigSnapshot(topics: number, partitionsPerTopic: number, brokers: number): ClusterSnapshot {
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

function time<T>(label: string, fn: () => T): T {
  const t0 = performance.now();
  const r = fn();
  console.log(`${label.padEnd(58)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`);
  return r;
}

for (const [topics, per] of [
  [500, 100],
  [50, 1000],
  [1, 50_000],
] as const) {
  const s = bigSnapshot(topics, per, 12);
  console.log(`\n${topics} topics x ${per} partitions = ${(topics * per).toLocaleString('en-US')} partitions, 12 brokers, RF 3`);
  time('first expansion of Topics (index build + first page)', () => childrenOf(s, { kind: 'topics' }).map((n) => describeNode(s, n)));
  time('Topics again (cached index)', () => childrenOf(s, { kind: 'topics' }).map((n) => describeNode(s, n)));
  time('Brokers (12 rows)', () => childrenOf(s, { kind: 'brokers' }).map((n) => describeNode(s, n)));
  time(`partitions of ${s.topics[0].name} (first page)`, () =>
    childrenOf(s, { kind: 'topic', topic: s.topics[0].name }).map((n) => describeNode(s, n)),
  );
  time('status-bar health summary', () => healthSummary(s, 'bench'));
}
