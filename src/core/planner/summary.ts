// The plan summary operators read before they execute: replicas moved, leaders changed, bytes moved against
// the lower bound, skew before and after per metric, and the duration at the throttle.

import { skewScore, type SkewScore } from '../skew';
import { formatBytes, formatPercent } from '../units';
import { textTable } from '../summaryText';
import type { ExecutionSchedule } from './execution';
import type { BrokerTotals, Plan } from './plan';

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
    unmet: plan.unmet,
    notes: plan.notes,
  };
}

export function formatPlanSummary(summary: PlanSummary): string {
  const lines = [
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
    m.after.status,
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
  for (const u of summary.unmet) lines.push(`UNMET: ${u}`);
  for (const n of summary.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}
