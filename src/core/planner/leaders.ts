// Phase 4 of the planner, leaders: reorder replica lists so preferred leaders (the first replica) spread within one
// of the mean per broker. No data moves; the new leaders take effect after a preferred-leader election.

import type { WorkBroker, WorkPartition } from './state';

/** Reorders replica lists so that preferred leaders are within one of the mean per broker. */
export function balanceLeaders(partitions: WorkPartition[], brokers: WorkBroker[]): void {
  const leaders = new Map<number, number>(brokers.map((b) => [b.id, 0]));
  const movable = partitions.filter((p) => p.movable && !p.drainOnly && p.replicas.length > 1);
  for (const p of partitions) leaders.set(p.replicas[0], (leaders.get(p.replicas[0]) ?? 0) + 1);
  const countable = brokers.filter((b) => b.allowed);
  const total = countable.reduce((s, b) => s + (leaders.get(b.id) ?? 0), 0);
  const ceil = Math.ceil(total / countable.length);
  for (let pass = 0; pass < 4; pass++) {
    let changed = false;
    for (const p of movable) {
      const current = p.replicas[0];
      if ((leaders.get(current) ?? 0) <= ceil) continue;
      let best = -1;
      for (let i = 1; i < p.replicas.length; i++) {
        const c = p.replicas[i];
        if (!brokers.some((b) => b.id === c)) continue;
        if (
          (leaders.get(c) ?? 0) + 1 < (leaders.get(current) ?? 0) &&
          (best < 0 || (leaders.get(c) ?? 0) < (leaders.get(p.replicas[best]) ?? 0))
        )
          best = i;
      }
      if (best > 0) {
        const c = p.replicas[best];
        p.replicas[best] = current;
        p.replicas[0] = c;
        leaders.set(current, (leaders.get(current) ?? 0) - 1);
        leaders.set(c, (leaders.get(c) ?? 0) + 1);
        changed = true;
      }
    }
    // then lift brokers below the floor
    const floor = Math.floor(total / countable.length);
    for (const p of movable) {
      const current = p.replicas[0];
      for (let i = 1; i < p.replicas.length; i++) {
        const c = p.replicas[i];
        if ((leaders.get(c) ?? 0) < floor && (leaders.get(current) ?? 0) > floor && brokers.some((b) => b.id === c)) {
          p.replicas[i] = current;
          p.replicas[0] = c;
          leaders.set(current, (leaders.get(current) ?? 0) - 1);
          leaders.set(c, (leaders.get(c) ?? 0) + 1);
          changed = true;
          break;
        }
      }
    }
    if (!changed) break;
  }
}
