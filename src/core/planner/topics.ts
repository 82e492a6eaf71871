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
    const over = [...count.entries()].filter(([b, c]) => state.brokers.get(b)?.allowed && c > limits.limit(topic, b)).map(([b]) => b);
    if (over.length === 0) continue;
    // destinations: the target brokers below their share of this topic, tried in turn from a rotating start (a few per
    // replica), so the excess spreads over them
    const room = state.targets.filter((b) => (count.get(b.id) ?? 0) < limits.limit(topic, b.id));
    let cursor = 0;
    // smallest first (sorted once per topic: filtering a stably sorted list gives what sorting the filtered one would)
    const smallestFirst = parts.slice().sort((a, b) => a.bytes - b.bytes || a.partition - b.partition);
    for (const from of over.sort((a, b) => a - b)) {
      const src = state.brokers.get(from)!;
      const here = smallestFirst.filter((p) => p.replicas.includes(from));
      for (const p of here) {
        if ((count.get(from) ?? 0) <= limits.limit(topic, from)) break;
        let best: number | undefined;
        for (let k = 0, tried = 0; k < room.length && tried < DESTINATIONS_PER_REPLICA; k++) {
          const dst = room[(cursor + k) % room.length];
          if ((count.get(dst.id) ?? 0) + 1 > limits.limit(topic, dst.id)) continue;
          tried++;
          if (!canReceive(state, p, from, dst.id) || !guardsKeep(guards, src, dst, p)) continue;
          best = dst.id;
          cursor = (cursor + k + 1) % room.length;
          break;
        }
        if (best === undefined) continue;
        moveReplica(state, p, from, best, 'topic-spread');
        count.set(from, (count.get(from) ?? 0) - 1);
        count.set(best, (count.get(best) ?? 0) + 1);
      }
    }
  }
}

/** Destinations tried per excess replica (the ones with the fewest replicas of the topic): bounds the time. */
const DESTINATIONS_PER_REPLICA = 16;
