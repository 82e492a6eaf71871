// The plan summary operators read before they execute: replicas moved, leaders changed, bytes moved against
// the lower bound, skew before and after per metric, and the duration at the throttle.

import { skewScore, type SkewScore } from '../skew';
import { formatBytes, formatPercent } from '../units';
import { textTable } from '../summaryText';
import { formatGoalValue } from '../goalReportText';
import type { ExecutionSchedule } from './execution';
import type { BrokerTotals, GoalReport, Plan } from './plan';

export interface MetricChange {
  metric: 'bytes' | 'replicas' | 'leaders';
  before: SkewScore;
  after: SkewScore;
}

export interface PlanSummary {
  replicasMoved: number;
  partitionsMoved: number;
  leadersChanged: number;
  bytesMoved: number;
  lowerBoundBytes: number;
  /** bytesMoved / lowerBound (1.00 = no byte wasted); null when the bound is 0. */
  movementRatio: number | null;
  metrics: MetricChange[];
  batches: number;
  estimatedSeconds: number;
  estimateText: string;
  /** Every goal the plan measured (hard first, then soft in priority order), with its verdict and what blocks it. */
  goals: GoalReport[];
  /** The first line to show: what the plan does, or why nothing moves; never "nothing to move" when a goal is unmet. */
  headline: string;
  unmet: string[];
  notes: string[];
}

function score(totals: BrokerTotals[], brokers: number[], pick: (t: BrokerTotals) => number, tolerance: number, whole: boolean): SkewScore {
  const counted = new Set(brokers);
  return skewScore(
    totals.filter((t) => counted.has(t.id)).map((t) => ({ broker: t.id, value: pick(t) })),
    tolerance,
    whole,
  );
}

const MET = new Set(['balanced', 'within-capacity', 'not-measured']);

/** The goals a plan leaves unmet, in priority order. */
export function unmetGoals(plan: Plan): GoalReport[] {
  return plan.goals.filter((g) => !MET.has(g.verdict));
}

/**
 * The plan's headline. "Nothing to move" only when no replica or leader moves AND every measured goal is met; when a
 * goal stays unmet the headline names it and what blocks it (granularity, racks, capacity, a higher goal).
 */
export function planHeadline(plan: Plan): string {
  const unmet = unmetGoals(plan);
  const first = unmet[0];
  const why = first ? `${first.title} stays ${first.verdict}: ${first.blockedBy ?? 'no move or swap narrows it.'}` : '';
  if (plan.moves.length === 0) {
    if (!first) return `Nothing to move: every goal is already met (within ${formatPercent(plan.tolerance, 0)} of its target).`;
    return `Nothing to move that helps. ${why}`;
  }
  const changes = `Moves ${plan.replicasMoved} replicas and changes ${plan.leadersChanged} preferred leaders.`;
  if (!first) return `${changes} Every goal is met after the plan.`;
  return `${changes} ${unmet.length} goal${unmet.length > 1 ? 's stay' : ' stays'} unmet. ${why}`;
}

/** The goal whose verdict a metric row of the summary shows. */
const GOAL_OF_METRIC = { bytes: 'disk', replicas: 'replicas', leaders: 'leaders' } as const;

export function summarizePlan(plan: Plan, schedule: ExecutionSchedule): PlanSummary {
  // "before" is scored over the same brokers as "after", so new empty brokers count as the skew they are
  const metrics: MetricChange[] = [
    { metric: 'bytes', pick: (t: BrokerTotals) => t.bytes, whole: false },
    { metric: 'replicas', pick: (t: BrokerTotals) => t.replicas, whole: true },
    { metric: 'leaders', pick: (t: BrokerTotals) => t.leaders, whole: true },
  ].map(({ metric, pick, whole }) => ({
    metric: metric as MetricChange['metric'],
    before: score(plan.before, plan.brokers, pick, plan.tolerance, whole),
    after: score(plan.after, plan.brokers, pick, plan.tolerance, whole),
  }));
  return {
    replicasMoved: plan.replicasMoved,
    partitionsMoved: plan.moves.filter((m) => m.added.length > 0).length,
    leadersChanged: plan.leadersChanged,
    bytesMoved: plan.bytesMoved,
    lowerBoundBytes: plan.lowerBoundBytes,
    movementRatio: plan.lowerBoundBytes > 0 ? plan.bytesMoved / plan.lowerBoundBytes : null,
    metrics,
    batches: schedule.batches.length,
    estimatedSeconds: schedule.estimatedSeconds,
    estimateText: schedule.estimateText,
    goals: plan.goals,
    headline: planHeadline(plan),
    unmet: plan.unmet,
    notes: plan.notes,
  };
}

/** Worst broker against its target (or capacity), before and after, and the verdicts. */
function goalRows(goals: GoalReport[]): string[][] {
  return goals
    .filter((g) => g.verdict !== 'not-measured')
    .map((g) => {
      const worst = g.worstBroker === null ? undefined : g.brokers.find((b) => b.broker === g.worstBroker);
      const against = worst ? (worst.capacity ?? worst.target) : null;
      const worstBefore = g.worstBrokerBefore === null ? undefined : g.brokers.find((b) => b.broker === g.worstBrokerBefore);
      return [
        g.id,
        g.kind,
        g.worstRatioBefore !== null ? `${g.worstRatioBefore.toFixed(2)} x${worstBefore ? ` (broker ${worstBefore.broker})` : ''}` : '-',
        g.worstRatio !== null && worst
          ? `${g.worstRatio.toFixed(2)} x (broker ${worst.broker}: ${formatGoalValue(g.unit, worst.after)}${against !== null ? ` / ${formatGoalValue(g.unit, against)}` : ''})`
          : '-',
        g.verdictBefore,
        g.verdict,
      ];
    });
}

/** The measured goals as a text table: worst broker before and after (against its target or capacity), verdicts. */
export function formatGoalTable(goals: GoalReport[]): string {
  const rows = goalRows(goals);
  if (rows.length === 0) return '';
  return textTable(['goal', 'kind', 'worst before', 'worst after (value / target or capacity)', 'before', 'after'], rows, [
    false,
    false,
    true,
    false,
    false,
    false,
  ]);
}

/** The goal verdict for a metric row (bytes: disk, replicas, leaders), so the two tables never disagree. */
function verdictOf(summary: PlanSummary, metric: MetricChange['metric']): string | undefined {
  const g = summary.goals.find((x) => x.id === GOAL_OF_METRIC[metric]);
  return g && g.verdict !== 'not-measured' ? g.verdict : undefined;
}

export function formatPlanSummary(summary: PlanSummary): string {
  const lines = [
    summary.headline,
    `Moves ${summary.replicasMoved} replicas in ${summary.partitionsMoved} partitions, changes ${summary.leadersChanged} preferred leaders.`,
    `Bytes to move: ${formatBytes(summary.bytesMoved)}; lower bound ${formatBytes(summary.lowerBoundBytes)}` +
      (summary.movementRatio !== null ? ` (${summary.movementRatio.toFixed(3)} x the bound)` : '') +
      '.',
    `Duration: ${summary.estimateText} in ${summary.batches} batches (per-broker throttle; each batch waits for its busiest broker).`,
    '',
  ];
  const fmt = (metric: MetricChange['metric'], v: number | null) => (v === null ? '-' : metric === 'bytes' ? formatBytes(v) : String(v));
  const rows = summary.metrics.map((m) => [
    m.metric,
    `${fmt(m.metric, m.before.min)}..${fmt(m.metric, m.before.max)}`,
    m.before.maxOverMean?.toFixed(2) ?? '-',
    m.before.cv !== null ? formatPercent(m.before.cv) : '-',
    `${fmt(m.metric, m.after.min)}..${fmt(m.metric, m.after.max)}`,
    m.after.maxOverMean?.toFixed(2) ?? '-',
    m.after.cv !== null ? formatPercent(m.after.cv) : '-',
    verdictOf(summary, m.metric) ?? m.after.status,
  ]);
  lines.push(
    textTable(['metric', 'before min..max', 'max/mean', 'CV', 'after min..max', 'max/mean', 'CV', 'after'], rows, [
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]),
  );
  const goals = formatGoalTable(summary.goals);
  if (goals) lines.push('', goals);
  for (const g of summary.goals) if (g.blockedBy && g.verdict !== 'not-measured') lines.push(`${g.id}: ${g.verdict}: ${g.blockedBy}`);
  for (const u of summary.unmet) lines.push(`UNMET: ${u}`);
  for (const n of summary.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}
