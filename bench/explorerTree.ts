// Benchmark: building the Clusters tree for a 50,000-partition snapshot (pure model, core/explorerTree.ts).
// Prints timings; no assertions. Run: node esbuild.mjs && node out/bench/explorerTree.js
import { childrenOf, describeNode, healthSummary } from '../src/core/explorerTree';
import { bigSnapshot } from './bigSnapshot';

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
