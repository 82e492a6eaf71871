// What people read about a plan's goals, the same in `kfp plan` and the plan view: per goal its verdict before and
// after, the worst broker against its target (or its capacity), and why a goal that is not met cannot be (its
// blockedBy sentence). The verdict line is built from the same report as the goal's table, so the two never disagree,
// and the plan's headline never calls a cluster "within the tolerance" while a goal's own table says otherwise.

import type { GoalReport, GoalUnit, GoalVerdict, Plan } from './planner/types';
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

function ratioText(ratio: number | null): string {
  return ratio === null ? '–' : `${ratio.toFixed(2)} x`;
}

/** "worst broker 3: 1.85 x its target → broker 2: 1.04 x" (capacity goals: "x its capacity"). */
export function worstText(report: GoalReport): string {
  if (report.verdict === 'not-measured') return report.notMeasured ?? 'not measured';
  const against = report.kind === 'hard' && report.id !== 'rack' ? 'its usable capacity' : 'its target';
  const before = report.brokers.reduce<{ broker: number; ratio: number } | null>((worst, b) => {
    const ref = report.kind === 'hard' ? b.capacity : b.target;
    if (ref === null || ref <= 0) return worst;
    const r = b.before / ref;
    return worst === null || r > worst.ratio ? { broker: b.broker, ratio: r } : worst;
  }, null);
  const beforeText = before
    ? `broker ${before.broker} ${ratioText(report.worstRatioBefore ?? before.ratio)}`
    : ratioText(report.worstRatioBefore);
  const afterText =
    report.worstBroker === null ? ratioText(report.worstRatio) : `broker ${report.worstBroker} ${ratioText(report.worstRatio)}`;
  return `worst ${beforeText} → ${afterText} ${against}`;
}

/** One sentence per goal: "Disk usage distribution: skewed → balanced; worst broker 3 1.85 x → broker 2 1.04 x its target." */
export function goalSentence(report: GoalReport): string {
  const verdicts =
    report.verdictBefore === report.verdict
      ? verdictText(report.verdict)
      : `${verdictText(report.verdictBefore)} → ${verdictText(report.verdict)}`;
  const forced =
    report.forcedRatio !== null && report.forcedRatio > 1.005 ? `; racks force up to ${report.forcedRatio.toFixed(2)} x the mean` : '';
  const why = !goalMet(report) && report.verdict !== 'not-measured' ? (report.blockedBy ? ` ${report.blockedBy}` : '') : '';
  return `${report.title}: ${verdicts}; ${worstText(report)}${forced}.${why}`;
}

/** The goals as lines for a terminal: a header, then one line per goal, hard goals first. */
export function formatGoalReports(goals: readonly GoalReport[]): string {
  if (goals.length === 0) return '';
  const lines = ['Goals (hard first, then soft in priority order):'];
  for (const g of goals) lines.push(`  ${g.kind === 'hard' ? 'hard' : `soft ${g.priority}`.padEnd(4)}  ${goalSentence(g)}`);
  return lines.join('\n') + '\n';
}

/**
 * The headline of a plan with nothing to move: "within the tolerance" only when every measured goal is met and
 * every skew row (`metrics`: the plan summary's bytes, replicas and leaders after the plan) is balanced; otherwise
 * which stay unmet and why (a plan that moves nothing while its tables say skewed must say so).
 */
export function nothingToMoveText(plan: Pick<Plan, 'goals'>, metrics: readonly { metric: string; status: string }[] = []): string {
  const unmet = plan.goals.filter((g) => g.verdict !== 'not-measured' && !goalMet(g));
  const reasons = unmet.map(
    (g) =>
      `${g.title} stays ${verdictText(g.verdict)}${g.blockedBy ? `: ${g.blockedBy}` : ' (no move or swap improves it without making a higher goal worse).'}`,
  );
  // without goal reports, the skew rows are the tables on screen
  if (plan.goals.length === 0)
    for (const m of metrics)
      if (m.status !== 'balanced') reasons.push(`${m.metric} stays ${m.status}: no single move or swap brings it into the band.`);
  if (reasons.length === 0) return 'Nothing to move: every goal is already met within the tolerance.';
  return `Nothing to move, but not balanced: ${reasons.join(' ')}`;
}
