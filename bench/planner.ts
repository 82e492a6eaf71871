// Planner benchmark: movement against the lower bound, balance reached, time and memory.
// Targets (issue: reassignment planner): bytes moved <= 1.02 x lower bound, bytes per broker within 5 % of
// the mean, and 100,000 partitions RF 3 over 300 brokers planned in <= 2 s and <= 500 MB.
// Run: npm run bench:planner
import { planReassignment, type Plan, type PlanOptions } from '../src/core/planner/plan';
import type { ClusterSnapshot } from '../src/core/model';
import { heavyTailedScenario, largeSkewedScenario, talkScenario } from '../test/fixtures/scenarios';

function spread(plan: Plan): number {
  const bytes = plan.after.filter((b) => plan.brokers.includes(b.id)).map((b) => b.bytes);
  const mean = bytes.reduce((a, b) => a + b, 0) / bytes.length;
  return Math.max(...bytes.map((b) => Math.abs(b - mean) / mean));
}

function run(name: string, snapshot: ClusterSnapshot, options: PlanOptions): void {
  if (global.gc) global.gc();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = process.hrtime.bigint();
  const plan = planReassignment(snapshot, options);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const ratio = plan.bytesMoved / plan.lowerBoundBytes;
  const partitions = snapshot.topics.reduce((s, t) => s + t.partitions.length, 0);
  console.log(`\n${name}`);
  console.log(
    `  partitions ${partitions}, brokers after ${plan.brokers.length}, moves ${plan.moves.length}, replicas moved ${plan.replicasMoved}, leaders changed ${plan.leadersChanged}`,
  );
  console.log(
    `  bytes moved ${(plan.bytesMoved / 1e12).toFixed(3)} TB, lower bound ${(plan.lowerBoundBytes / 1e12).toFixed(3)} TB, ratio ${ratio.toFixed(4)} (target <= 1.02)`,
  );
  console.log(`  worst broker vs mean bytes ${(spread(plan) * 100).toFixed(2)} % (target <= 5 %)`);
  const leaders = plan.after.filter((b) => plan.brokers.includes(b.id)).map((b) => b.leaders);
  const replicas = plan.after.filter((b) => plan.brokers.includes(b.id)).map((b) => b.replicas);
  console.log(
    `  leaders per broker ${Math.min(...leaders)}..${Math.max(...leaders)}, replicas per broker ${Math.min(...replicas)}..${Math.max(...replicas)}`,
  );
  console.log(
    `  time ${ms.toFixed(0)} ms, RSS ${(rssBefore / 1e6).toFixed(0)} -> peak ${(peak / 1e6).toFixed(0)} MB${plan.unmet.length ? `, unmet: ${plan.unmet.length}` : ''}`,
  );
}

run('talk: 3 -> 6 brokers, 2,000 partitions RF 3, 4 TB per broker', talkScenario(), {
  goal: {
    kind: 'add',
    brokers: [
      { id: 4, rack: 'a' },
      { id: 5, rack: 'b' },
      { id: 6, rack: 'c' },
    ],
  },
  tolerance: 0.05,
});
run('heavy-tailed, rack-aware: 6 -> 9 brokers, 400 topics', heavyTailedScenario({ brokerCount: 6, topicCount: 400 }), {
  goal: {
    kind: 'add',
    brokers: [
      { id: 7, rack: 'a' },
      { id: 8, rack: 'b' },
      { id: 9, rack: 'c' },
    ],
  },
  tolerance: 0.05,
});
run('rebalance: 100,000 partitions RF 3 over 300 brokers', largeSkewedScenario({ brokerCount: 300, partitionCount: 100_000 }), {
  goal: { kind: 'rebalance' },
  tolerance: 0.05,
});
