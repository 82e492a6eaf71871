// The sizing reports: one JSON-safe view of a Kafka or Flink sizing that the webview draws, `kfp size --json`
// prints, and the Markdown below renders ("Copy as Markdown" and the CLI's text output), so every surface shows
// the same numbers. Each number keeps its Explained (formula, inputs, source) for the "why" line.

import { sourceMarkdown, unverifiedNote } from '../sources';
import { GiB as GIB, formatBytes, formatDuration } from '../units';
import { SizingInputError, fmt, pct, type Explained } from './explained';
import { sizeFlinkApplication, type FlinkSizingResult } from './flinkSizing';
import {
  DISK_ACTION_RATIO,
  DISK_WARN_RATIO,
  compareExpressStandard,
  recommendBrokerCount,
  sizeKafkaCluster,
  type BrokerTypeSummary,
  type KafkaStateName,
} from './kafkaSizing';
import { findBrokerType } from './catalog';
import { DEFAULT_PARTITIONS, flinkInputOf, kafkaInputOf, type FlinkSizingRequest, type KafkaSizingRequest } from './request';

export const SIZING_REPORT_VERSION = 1;

export interface ReportNumber extends Explained {
  /** Stable id, e.g. "throughputLimit", "state.oneAzLost". */
  id: string;
  label: string;
  /** The value formatted with its unit, as the report shows it. */
  text: string;
  /** "unverified: <why>" when the number rests on a source not confirmed by a primary one (shown next to it). */
  unverified?: string;
}

/** Formats an Explained value for people: bytes binary, durations in h/min, ratios in %. */
export function formatExplained(e: Pick<Explained, 'value' | 'unit'>): string {
  const v = e.value;
  switch (e.unit) {
    case 'ratio':
      return pct(v);
    case 'B':
      // the formulas work in MB (10^6 B, like the rates); the binary size is what disk tools print
      return v >= 1e6 ? `${fmt(v / 1e6)} MB (${formatBytes(v)})` : formatBytes(v);
    case 'B/s':
      return `${fmt(v / 1e6)} MB/s`;
    case 's':
      return formatDuration(v);
    case 'USD':
      return `$${fmt(v, 2)}`;
    default:
      return `${fmt(v)} ${e.unit}`;
  }
}

function num(id: string, label: string, e: Explained): ReportNumber {
  const note = unverifiedNote(e.source);
  return { id, label, text: formatExplained(e), ...e, ...(note ? { unverified: note } : {}) };
}

/** What the source column means, under every report. */
const SOURCES_NOTE =
  'Sources: public pages (linked) and talks (by name); "derived (our model)" = our own formula, built from the sources it names; ' +
  '"product default" = a value we chose; "input" = yours.';
const UNVERIFIED_NOTE =
  'Numbers marked "unverified: secondary source" (the Express broker rows) come from a secondary source; confirm them ' +
  'against the Amazon MSK Developer Guide (Amazon MSK Express broker quota) before relying on them.';

// ----- Kafka

export interface KafkaStateBar {
  state: KafkaStateName;
  label: string;
  applicable: boolean;
  /** Live traffic as a fraction of the binding resource's capacity (0 when not applicable). */
  liveRatio: number;
  /** Catch-up replication on top (catch-up state only). */
  catchUpRatio: number;
  utilization: number | null;
  withinCeiling: boolean;
  binding: string | null;
  reason: string | null;
}

export interface StorageSeries {
  /** The volume the 60 / 80 % lines refer to, GiB, and whether the user gave it or it is the suggested one. */
  volumeGiB: number;
  volumeGiven: boolean;
  warnGiB: number;
  actionGiB: number;
  hours: number[];
  usedGiB: number[];
}

export interface ComparisonColumn {
  brokerTypeId: string;
  kind: string;
  perBrokerIngress: ReportNumber;
  perBrokerEgress: ReportNumber;
  partitionsRecommended: ReportNumber;
  partitionsMax: ReportNumber;
  storageManaged: boolean;
  storageNote: string;
  recommendedBrokers: number | null;
  recommendationReason: string;
}

export interface KafkaSizingReport {
  version: typeof SIZING_REPORT_VERSION;
  kind: 'kafka';
  request: KafkaSizingRequest;
  brokerTypeId: string;
  brokerCount: number;
  /** True when the request gave no broker count and the report is at the recommended one. */
  brokerCountRecommended: boolean;
  utilizationCeiling: number;
  withinCeiling: boolean;
  states: KafkaStateBar[];
  numbers: ReportNumber[];
  storage: StorageSeries | null;
  recommendation: { found: boolean; brokerCount: number | null; reason: string };
  comparison: { standard: ComparisonColumn; express: ComparisonColumn } | null;
  comparisonNote: string | null;
  notes: string[];
  warnings: string[];
}

function column(s: BrokerTypeSummary): ComparisonColumn {
  return {
    brokerTypeId: s.brokerTypeId,
    kind: s.kind,
    perBrokerIngress: num('perBrokerIngress', 'Ingress per broker', s.perBrokerIngressMbPerSec),
    perBrokerEgress: num('perBrokerEgress', 'Egress per broker', s.perBrokerEgressMbPerSec),
    partitionsRecommended: num('partitionsRecommended', 'Partitions per broker, recommended', s.partitionsRecommended),
    partitionsMax: num('partitionsMax', 'Partitions per broker, maximum', s.partitionsMax),
    storageManaged: s.storageManaged,
    storageNote: s.storageNote,
    recommendedBrokers: s.recommendation.found ? (s.recommendation.brokerCount ?? null) : null,
    recommendationReason: s.recommendation.reason,
  };
}

/** Sizes a Kafka request and builds its report. Throws SizingInputError for nonsense input. */
export function buildKafkaReport(request: KafkaSizingRequest): KafkaSizingReport {
  const input = kafkaInputOf(request);
  const result = sizeKafkaCluster(input);
  const recommendation = result.recommendation ?? recommendBrokerCount(input);
  const numbers: ReportNumber[] = [];
  const states: KafkaStateBar[] = result.states.map((s) => {
    const u = s.utilization?.value ?? null;
    let live = u ?? 0;
    let catchUp = 0;
    if (s.catchUp && s.utilization) {
      const bound = s.catchUp.terms.find((t) => t.label === s.binding);
      if (bound && bound.capacityMbPerSec > 0) {
        live = bound.loadMbPerSec / bound.capacityMbPerSec;
        catchUp = Math.max(0, s.utilization.value - live);
      }
    }
    if (s.utilization) numbers.push(num(`state.${s.state}`, `Utilization: ${s.label}`, s.utilization));
    return {
      state: s.state,
      label: s.label,
      applicable: s.applicable,
      liveRatio: live,
      catchUpRatio: catchUp,
      utilization: u,
      withinCeiling: s.withinCeiling,
      binding: s.binding ?? null,
      reason: s.reason ?? null,
    };
  });
  numbers.unshift(
    num(
      'throughputLimit',
      `Cluster throughput limit (binding: ${result.throughputLimit.bindingLabel})`,
      result.throughputLimit.limitMbPerSec,
    ),
  );
  for (const t of result.throughputLimit.terms) numbers.push(num(`term.${t.term}`, `Equation 1 term: ${t.label}`, t.limitMbPerSec));
  const catchUp = result.states.find((s) => s.catchUp)?.catchUp;
  if (catchUp) {
    numbers.push(num('catchUp.backlog', 'Catch-up backlog', catchUp.backlogBytes));
    numbers.push(num('catchUp.rate', 'Catch-up rate', catchUp.catchUpRateMbPerSec));
    numbers.push(num('catchUp.time', 'Catch-up time', catchUp.catchUpSeconds));
    numbers.push(num('catchUp.suggestedThrottle', 'Suggested replication throttle', catchUp.suggestedThrottleMbPerSec));
  }
  let storage: StorageSeries | null = null;
  if (result.storage) {
    const st = result.storage;
    numbers.push(num('storage.perBroker', 'Storage per broker (steady state)', st.perBrokerBytes));
    numbers.push(num('storage.fillRate', 'Fill rate per broker', st.fillBytesPerSec));
    numbers.push(num('storage.volumeBelowWarn', 'Volume that stays below the 60 % alert', st.volumeGiBBelowWarn));
    if (st.usedRatio) numbers.push(num('storage.usedRatio', 'Disk used (steady state)', st.usedRatio));
    for (const c of st.crossings) numbers.push(num(`storage.crossing.${c.ratio}`, `Time to ${c.label}`, c.seconds));
    const volumeGiB = st.volumeBytes ? st.volumeBytes.value / GIB : Math.ceil(st.volumeGiBBelowWarn.value);
    const perBrokerGiB = st.perBrokerBytes.value / GIB;
    const fillGiBPerHour = (st.fillBytesPerSec.value * 3600) / GIB;
    const fullHours = fillGiBPerHour > 0 ? perBrokerGiB / fillGiBPerHour : 0;
    const endHours = Math.max(1, Math.ceil(fullHours * 1.5));
    const hours = Array.from({ length: 49 }, (_, i) => Math.round(((endHours * i) / 48) * 100) / 100);
    storage = {
      volumeGiB,
      volumeGiven: st.volumeBytes !== undefined,
      warnGiB: volumeGiB * DISK_WARN_RATIO,
      actionGiB: volumeGiB * DISK_ACTION_RATIO,
      hours,
      usedGiB: hours.map((h) => Math.round(Math.min(perBrokerGiB, fillGiBPerHour * h) * 1000) / 1000),
    };
  }
  numbers.push(num('partitions.perBroker', 'Partition replicas per broker', result.partitions.replicasPerBroker));
  numbers.push(num('partitions.recommended', 'Recommended partitions per broker', result.partitions.recommended));

  let comparison: KafkaSizingReport['comparison'] = null;
  let comparisonNote: string | null = null;
  const type = findBrokerType(request.brokerType);
  const standardId = type?.kind === 'express' ? request.brokerType.replace(/^express\./, 'kafka.') : request.brokerType;
  try {
    const c = compareExpressStandard({ ...input, volumeSizeGiB: undefined }, standardId);
    comparison = { standard: column(c.standard), express: column(c.express) };
  } catch (err) {
    if (!(err instanceof SizingInputError)) throw err;
    comparisonNote = `No Express vs Standard comparison for ${request.brokerType}: ${err.message}.`;
  }

  const notes = ['Rates are MB/s (10^6 B/s); volumes GiB (2^30 B).', SOURCES_NOTE];
  const comparisonNumbers = comparison
    ? [comparison.standard, comparison.express].flatMap((c) => [
        c.perBrokerIngress,
        c.perBrokerEgress,
        c.partitionsRecommended,
        c.partitionsMax,
      ])
    : [];
  if ([...numbers, ...comparisonNumbers].some((n) => n.unverified)) notes.push(UNVERIFIED_NOTE);
  if (request.partitions === undefined)
    notes.push(`No partition count given: assumed ${DEFAULT_PARTITIONS} (only partitions per broker depend on it).`);
  if (!result.storage || !result.storage.volumeBytes)
    notes.push('No volume size given: the storage chart uses the volume that keeps the steady state below the 60 % alert.');
  return {
    version: SIZING_REPORT_VERSION,
    kind: 'kafka',
    request,
    brokerTypeId: result.brokerTypeId,
    brokerCount: result.brokerCount,
    brokerCountRecommended: request.brokers === undefined,
    utilizationCeiling: result.utilizationCeiling,
    withinCeiling: result.withinCeiling,
    states,
    numbers,
    storage,
    recommendation: {
      found: recommendation.found,
      brokerCount: recommendation.found ? (recommendation.brokerCount ?? null) : null,
      reason: recommendation.reason,
    },
    comparison,
    comparisonNote,
    notes,
    warnings: result.warnings,
  };
}

// ----- Flink

export interface FlinkSizingReport {
  version: typeof SIZING_REPORT_VERSION;
  kind: 'flink';
  request: FlinkSizingRequest;
  parallelism: number;
  kpus: number;
  monthlyCostUsd: number;
  numbers: ReportNumber[];
  /** Memory and running storage per KPU against the state held per worker KPU, GB. */
  perKpu: { memoryGB: number; runningStorageGB: number; stateGB: number | null; level: string | null };
  autoscaling: { steps: FlinkSizingResult['autoscaling']['steps']; scaleUpRule: string; scaleDownRule: string };
  /** Which reading of the pricing page's worked example the cost uses. */
  pricingReading: string;
  notes: string[];
  warnings: string[];
}

/**
 * How the cost counts KPUs: every KPU is billed, including the orchestration KPU each application gets
 * (Managed Service for Apache Flink billing page). KPUs = ceil(Parallelism / ParallelismPerKPU) + 1, so a job
 * of parallelism 19 is billed 20 KPUs: 20 × 720 h × $0.11 = $1,584.00 for 30 days in us-east-1.
 */
export const PRICING_READING =
  'Cost = billed KPUs × hours × price per KPU-hour, where billed KPUs include the 1 orchestration KPU per application. ' +
  'For example, parallelism 19 at ParallelismPerKPU 1 is billed 20 KPUs (19 + 1) × 720 h × $0.11 = $1,584 a month, plus running storage.';

export function buildFlinkReport(request: FlinkSizingRequest): FlinkSizingReport {
  const r = sizeFlinkApplication(flinkInputOf(request));
  const numbers: ReportNumber[] = [
    num('parallelism', 'Parallelism', r.parallelism),
    num('parallelismPerKpu', 'ParallelismPerKPU', r.parallelismPerKpu),
    num('workerKpus', 'Worker KPUs', r.workerKpus),
    num('kpus', 'KPUs (billed, incl. 1 orchestration)', r.kpus),
    num('memoryPerKpu', 'Memory per KPU', r.memoryPerKpuGB),
    num('memoryPerSubtask', 'Memory per subtask', r.memoryPerSubtaskGB),
    num('runningStoragePerKpu', 'Running storage per KPU', r.runningStoragePerKpuGB),
  ];
  if (r.statePerKpuGB) numbers.push(num('statePerKpu', 'State per worker KPU', r.statePerKpuGB));
  if (r.minWorkerKpusForState)
    numbers.push(num('minWorkerKpusForState', 'Worker KPUs whose storage holds the state', r.minWorkerKpusForState));
  numbers.push(
    num('monthlyKpuCost', 'Monthly KPU cost', r.monthlyKpuCostUsd),
    num('monthlyRunningStorageCost', 'Monthly running storage cost', r.monthlyRunningStorageCostUsd),
    num('monthlyCost', 'Monthly cost', r.monthlyCostUsd),
    num('autoscaling.minKpus', 'Autoscaling: fewest KPUs', r.autoscaling.minKpus),
    num('autoscaling.maxParallelism', 'Autoscaling: highest parallelism', r.autoscaling.maxParallelism),
    num('autoscaling.maxKpus', 'Autoscaling: most KPUs', r.autoscaling.maxKpus),
    num('autoscaling.kpuLimit', 'KPU limit per application', r.autoscaling.kpuLimit),
    num('autoscaling.maxMonthlyCost', 'Autoscaling: monthly KPU cost at the most KPUs', r.autoscaling.maxMonthlyCostUsd),
  );
  return {
    version: SIZING_REPORT_VERSION,
    kind: 'flink',
    request,
    parallelism: r.parallelism.value,
    kpus: r.kpus.value,
    monthlyCostUsd: r.monthlyCostUsd.value,
    numbers,
    perKpu: {
      memoryGB: r.memoryPerKpuGB.value,
      runningStorageGB: r.runningStoragePerKpuGB.value,
      stateGB: r.statePerKpuGB?.value ?? null,
      level: r.stateLevel ?? null,
    },
    autoscaling: { steps: r.autoscaling.steps, scaleUpRule: r.autoscaling.scaleUpRule, scaleDownRule: r.autoscaling.scaleDownRule },
    pricingReading: PRICING_READING,
    notes: [SOURCES_NOTE, "Prices are the request's (us-east-1 by default; prices vary by region)."],
    warnings: r.warnings,
  };
}

// ----- Markdown ("Copy as Markdown", and the CLI's text output)

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The value as the report shows it, with the unverified note next to it when there is one. */
export function valueText(n: ReportNumber): string {
  return n.unverified ? `${n.text} (${n.unverified})` : n.text;
}

function numbersTable(numbers: ReportNumber[]): string[] {
  return [
    '| Number | Value | Formula | Source |',
    '| --- | --- | --- | --- |',
    ...numbers.map((n) => `| ${mdCell(n.label)} | ${mdCell(valueText(n))} | ${mdCell(n.formula)} | ${mdCell(sourceMarkdown(n.source))} |`),
  ];
}

function requestLine(request: object): string {
  return Object.entries(request)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');
}

function partitionsText(c: ComparisonColumn): string {
  const note = c.partitionsRecommended.unverified ?? c.partitionsMax.unverified;
  return `${c.partitionsRecommended.text} / ${c.partitionsMax.text}${note ? ` (${note})` : ''}`;
}

export function kafkaReportMarkdown(report: KafkaSizingReport): string {
  const lines = [
    `# Kafka sizing: ${report.brokerCount} × ${report.brokerTypeId}${report.brokerCountRecommended ? ' (recommended)' : ''}`,
    '',
    `Inputs: ${requestLine(report.request)}.`,
    '',
    `**Recommendation:** ${report.recommendation.reason}`,
    '',
    `## Utilization in four states (ceiling ${pct(report.utilizationCeiling, 0)})`,
    '',
    '| State | Utilization | Within ceiling | Binding | Note |',
    '| --- | --- | --- | --- | --- |',
    ...report.states.map(
      (s) =>
        `| ${s.label} | ${s.utilization === null ? 'n/a' : pct(s.utilization)} | ${s.applicable ? (s.withinCeiling ? 'yes' : 'no') : 'n/a'} | ${s.binding ?? ''} | ${mdCell(s.reason ?? '')} |`,
    ),
    '',
    '## Numbers and why',
    '',
    ...numbersTable(report.numbers),
  ];
  if (report.comparison) {
    const { standard: s, express: e } = report.comparison;
    const row = (label: string, a: string, b: string) => `| ${label} | ${mdCell(a)} | ${mdCell(b)} |`;
    lines.push(
      '',
      '## Express vs Standard',
      '',
      `| | ${s.brokerTypeId} | ${e.brokerTypeId} |`,
      '| --- | --- | --- |',
      row('Ingress per broker', valueText(s.perBrokerIngress), valueText(e.perBrokerIngress)),
      row('Egress per broker', valueText(s.perBrokerEgress), valueText(e.perBrokerEgress)),
      row('Partitions per broker (recommended / max)', partitionsText(s), partitionsText(e)),
      row('Storage', s.storageNote, e.storageNote),
      row(
        'Brokers for this workload',
        s.recommendedBrokers === null ? 'none fits' : String(s.recommendedBrokers),
        e.recommendedBrokers === null ? 'none fits' : String(e.recommendedBrokers),
      ),
    );
  } else if (report.comparisonNote) {
    lines.push('', report.comparisonNote);
  }
  if (report.warnings.length) lines.push('', '## Warnings', '', ...report.warnings.map((w) => `- ${w}`));
  lines.push('', ...report.notes.map((n) => `_${n}_`));
  return lines.join('\n') + '\n';
}

export function flinkReportMarkdown(report: FlinkSizingReport): string {
  const lines = [
    `# Flink sizing: parallelism ${report.parallelism}, ${report.kpus} KPUs, $${fmt(report.monthlyCostUsd, 2)} a month`,
    '',
    `Inputs: ${requestLine(report.request)}.`,
    '',
    '## Numbers and why',
    '',
    ...numbersTable(report.numbers),
    '',
    '## Autoscaling range',
    '',
    '| Parallelism | KPUs | Monthly KPU cost |',
    '| --- | --- | --- |',
    ...report.autoscaling.steps.map(
      (s) => `| ${s.parallelism}${s.cappedAtLimit ? ' (limit)' : ''} | ${s.kpus} | $${fmt(s.monthlyKpuCostUsd, 2)} |`,
    ),
    '',
    `- ${report.autoscaling.scaleUpRule}`,
    `- ${report.autoscaling.scaleDownRule}`,
    '',
    `**Pricing:** ${report.pricingReading}`,
  ];
  if (report.warnings.length) lines.push('', '## Warnings', '', ...report.warnings.map((w) => `- ${w}`));
  lines.push('', ...report.notes.map((n) => `_${n}_`));
  return lines.join('\n') + '\n';
}

export function sizingReportToJson(report: KafkaSizingReport | FlinkSizingReport): string {
  // Infinity (a threshold never crossed) is not JSON: written as null.
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
