// The topic-spread phase: a topic's replicas spread evenly, so no broker holds more of one topic than its share
// (rounded up) and a hot topic never sits on a few brokers. Moves the smallest excess replicas to brokers below their
// share of that topic, never making a higher goal worse.

import { guardsKeep, type Metric } from './balance';
import { topicLimits } from './reports';
import { canReceive, moveReplica, type PlannerState, type WorkPartition } from './state';
import type { PlannerMetrics } from './targets';

export function spreadTopics(state: PlannerState, metrics: PlannerMetrics, guards: readonly Metric[]): void {
  const limits = topicLimits(state, metrics);
  const byTopic = new Map<string, WorkPartition[]>();
  for (const p of state.partitions) {
    if (!p.movable || p.drainOnly || p.leader < 0) continue;
    let l = byTopic.get(p.topic);
    if (!l) byTopic.set(p.topic, (l = []));
    l.push(p);
  }
  for (const [topic, parts] of byTopic) {
    const count = new Map<number, number>();
    for (const p of parts) for (const r of p.replicas) count.set(r, (count.get(r) ?? 0) + 1);
    const over = [...count.entries()].filter(([b, c]) => state.brokers.get(b)?.allowed && c > limits.limit(topic, b));
    if (over.length === 0) continue;
    const smallestFirst = [...parts].sort((a, b) => a.bytes - b.bytes || a.partition - b.partition);
    for (const [from] of over) {
      const src = state.brokers.get(from)!;
      for (const p of smallestFirst) {
        if ((count.get(from) ?? 0) <= limits.limit(topic, from)) break;
        if (!p.replicas.includes(from)) continue;
        let best: number | undefined;
        for (const dst of state.targets) {
          const c = count.get(dst.id) ?? 0;
          if (c + 1 > limits.limit(topic, dst.id)) continue;
          if (!canReceive(state, p, from, dst.id) || !guardsKeep(guards, src, dst, p)) continue;
          if (best === undefined || c < (count.get(best) ?? 0)) best = dst.id;
        }
        if (best === undefined) continue;
        moveReplica(state, p, from, best, 'topic-spread');
        count.set(from, (count.get(from) ?? 0) - 1);
        count.set(best, (count.get(best) ?? 0) + 1);
      }
    }
  }
}
