// The greedy rounds the bytes and count phases share: fill the least loaded brokers from the most loaded ones with
// moves that close both gaps, overshooting only when nothing fits.

import type { WorkBroker, WorkPartition } from './state';

/** How many candidate replicas one broker pair examines before giving up on the pair (bounds the time). */
export const CANDIDATES_PER_PAIR = 48;

/**
 * Greedy balancing of one metric in rounds. Each round sorts brokers once, then fills the least loaded
 * brokers from the most loaded ones with moves that fit inside both gaps (every unit moved closes a gap,
 * which keeps the total near the lower bound), aiming at half the tolerance band so the result is not on
 * the edge. Only when no fitting move is left does it take one overshooting move that still narrows the
 * widest pair outside the band, then starts a new round.
 */
export function balance(
  brokers: WorkBroker[],
  load: (b: WorkBroker) => number,
  tolerance: number,
  pick: (src: WorkBroker, dst: WorkBroker, want: number, overshootLimit?: number) => WorkPartition | undefined,
  apply: (p: WorkPartition, from: number, to: number) => void,
  minBand = 0,
): void {
  const n = brokers.length;
  if (n < 2) return;
  const avg = brokers.reduce((s, b) => s + load(b), 0) / n;
  const band = Math.max(tolerance * avg, minBand);
  const aim = band / 2;
  const maxRounds = 10 * n + 100;
  for (let round = 0; round < maxRounds; round++) {
    if (brokers.every((b) => Math.abs(load(b) - avg) <= aim)) return;
    const under = brokers.filter((b) => load(b) < avg).sort((a, b) => load(a) - load(b) || a.id - b.id);
    const over = brokers.filter((b) => load(b) > avg).sort((a, b) => load(b) - load(a) || a.id - b.id);
    let moved = 0;
    for (const dst of under) {
      for (const src of over) {
        for (;;) {
          const gapDst = avg - load(dst);
          const gapSrc = load(src) - avg;
          if (gapDst <= 0 || gapSrc <= 0 || (gapSrc <= aim && gapDst <= aim)) break;
          const p = pick(src, dst, Math.min(gapSrc, gapDst));
          if (!p) break;
          apply(p, src.id, dst.id);
          moved++;
        }
        if (avg - load(dst) <= aim) break;
      }
    }
    if (moved > 0) continue;
    // No fitting move: one overshooting move on the widest pair that is outside the band.
    let overshoot = false;
    outer: for (const src of over) {
      for (const dst of under) {
        if (load(src) - avg <= band && avg - load(dst) <= band) continue;
        const p = pick(src, dst, Math.min(load(src) - avg, avg - load(dst)), load(src) - load(dst));
        if (p) {
          apply(p, src.id, dst.id);
          overshoot = true;
          break outer;
        }
      }
    }
    if (!overshoot) return;
  }
}
