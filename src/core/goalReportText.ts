// What the plan view says about each goal: its verdict before and after, the worst broker against its target (or its
// capacity) read from the goal's own table, and why a goal that is not met cannot be (its blockedBy sentence). The
// sentence is built from the same report as the goal's table and chart, so the two never disagree. (`kfp plan`
// prints the planner summary's goal table, and the plan's headline is the summary's: planner/summary.ts.)

import type { GoalReport, GoalUnit, GoalVerdict } from './planner/types';
import { formatBytes, formatBytesPerSec, formatCount } from './units';

export function formatGoalValue(unit: GoalUnit, value: number): string {
  if (unit === 'bytes') return formatBytes(value);
  if (unit === 'bytes/s') return formatBytesPerSec(value);
  return formatCount(value);
}

const VERDICT_TEXT: Record<GoalVerdict, string> = {
  balanced: 'balanced',
  'within-capacity': 'within capacity',
  skewed: 'skewed',
  'over-capacity': 'over capacity',
  'not-measured': 'not measured',
};

export function verdictText(verdict: GoalVerdict): string {
  return VERDICT_TEXT[verdict];
}

/** A goal is met when its verdict after the plan is balanced or within capacity. */
export function goalMet(report: GoalReport): boolean {
  return report.verdict === 'balanced' || report.verdict === 'within-capacity';
}

/**
 * The broker furthest from its reference in one column of the goal's table: soft goals, the largest |value / target
 * - 1| (above or below); hard goals, the largest value / usable capacity. Null when no broker has a reference.
 */
export function worstOf(report: GoalReport, side: 'before' | 'after'): { broker: number; ratio: number } | null {
  let worst: { broker: number; ratio: number; score: number } | null = null;
  for (const b of report.brokers) {
    const ref = report.kind === 'hard' ? b.capacity : b.target;
    if (ref === null || ref <= 0) continue;
    const ratio = b[side] / ref;
    const score = report.kind === 'hard' ? ratio : Math.abs(ratio - 1);
    if (worst === null || score > worst.score) worst = { broker: b.broker, ratio, score };
  }
  return worst && { broker: worst.broker, ratio: worst.ratio };
}

/** "worst broker 1 2.15 x → broker 8 0.90 x its target", from the goal's table; empty when it has no reference. */
export function worstText(report: GoalReport): string {
  const before = worstOf(report, 'before');
  const after = worstOf(report, 'after');
  if (!before || !after) return '';
  const against = report.kind === 'hard' ? 'its usable capacity' : 'its target';
  return `worst broker ${before.broker} ${before.ratio.toFixed(2)} x → broker ${after.broker} ${after.ratio.toFixed(2)} x ${against}`;
}

/** One sentence per goal: "Disk usage distribution: skewed → balanced; worst broker 1 2.15 x → broker 8 0.90 x its target." */
export function goalSentence(report: GoalReport): string {
  if (report.verdict === 'not-measured')
    return `${report.title}: not measured${report.notMeasured ? `: ${report.notMeasured.replace(/\.$/, '')}` : ''}.`;
  const verdicts =
    report.verdictBefore === report.verdict
      ? verdictText(report.verdict)
      : `${verdictText(report.verdictBefore)} → ${verdictText(report.verdict)}`;
  const worst = worstText(report);
  const forced =
    report.forcedRatio !== null && report.forcedRatio > 1.005 ? `; racks force up to ${report.forcedRatio.toFixed(2)} x the mean` : '';
  const why = !goalMet(report) && report.blockedBy ? ` ${report.blockedBy}` : '';
  return `${report.title}: ${verdicts}${worst ? `; ${worst}` : ''}${forced}.${why}`;
}

/** "hard", or "soft N": the goal's rank among the soft goals (1 is the highest). */
export function goalRank(goals: readonly GoalReport[], report: GoalReport): string {
  if (report.kind === 'hard') return 'hard';
  return `soft ${goals.filter((g) => g.kind === 'soft').indexOf(report) + 1}`;
}
