// The sizing reports: one JSON-safe view of a Kafka or Flink sizing that the webview draws, `kfp size --json`
// prints, and the Markdown below renders ("Copy as Markdown" and the CLI's text output), so every surface shows
// the same numbers. Each number keeps its Explained (formula, inputs, source) for the "why" line.

import { sourceMarkdown, unverifiedNote } from '../sources';
import { GiB as GIB, formatBytes, formatDuration, formatRetentionHours, formatUsd, plural } from '../units';
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
import { MSK_VOLUME_MAX_GIB, findBrokerType } from './catalog';
import type { ClusterSizingDefaults, TopicSizingRow } from './fromSnapshot';
import { recommendedHeading, todayHeading, topicRetentionText } from './reportText';

export { recommendedHeading, todayHeading, topicRetentionText };
import { DEFAULT_PARTITIONS, KAFKA_FIELDS, flinkInputOf, kafkaInputOf, type FlinkSizingRequest, type KafkaSizingRequest } from './request';

export const SIZING_REPORT_VERSION = 1;

export interface ReportNumber extends Explained {
  /** Stable id, e.g. "throughputLimit", "state.oneAzLost". */
  id: string;
  label: string;
  /** The value formatted with its unit, as the report shows it. */
  text: string;
  /** "unverified: <why>" when the number rests on a source not confirmed by a primary one (shown next to it). */
  unverified?: string;
  /** The formula's inputs for people: human names, rounded values ("Storage throughput per broker = 262.14 MB/s"). */
  inputsText: string;
}

/** Human names of the request fields and of the models' input names (what users see instead of the field names). */
const INPUT_NAMES: Record<string, string> = {
  ingressMbps: 'Average ingress (MB/s)',
  peakIngressMbps: 'Peak ingress (MB/s)',
  consumerGroups: 'Consumer groups reading everything',
  egressMbps: 'Peak egress (MB/s)',
  rf: 'Replication factor',
  replicationFactor: 'Replication factor',
  retentionHours: 'Retention',
  retentionBytesPerPartition: 'retention.bytes per partition',
  localRetentionHours: 'Local retention (tiered storage)',
  storedGiB: "Data on the brokers' volumes, all replicas",
  storedBytes: "Data on the brokers' volumes, all replicas",
  tieredGiB: 'Data in tiered storage, one copy',
  tieredBytes: 'Data in tiered storage, one copy',
  azs: 'Availability zones',
  numberOfAzs: 'Availability zones',
  brokerType: 'Broker type',
  brokers: 'Brokers',
  partitions: 'Partitions (leaders)',
  volumeGiB: 'Volume per broker (GiB)',
  volumeSizeGiB: 'Volume per broker (GiB)',
  utilizationCeiling: 'Utilization ceiling',
  downtimeMinutes: 'Broker downtime (min)',
  brokerDowntimeMinutes: 'Broker downtime (min)',
  replicationThrottleMbps: 'Replication throttle (MB/s)',
  replicationThrottleMbPerSec: 'Replication throttle (MB/s)',
  ingressAvgMbPerSec: 'Average ingress (MB/s)',
  ingressPeakMbPerSec: 'Peak ingress (MB/s)',
  egressPeakMbPerSec: 'Peak egress (MB/s)',
  storageMbPerSec: 'Storage throughput per broker (MB/s)',
  ebsNetworkMbPerSec: 'EBS bandwidth per broker (MB/s)',
  networkMbPerSec: 'Network bandwidth per broker (MB/s)',
  networkMbPerSecPerBroker: 'Network bandwidth per broker (MB/s)',
  perBrokerIngressMbPerSec: 'Ingress per broker (MB/s)',
  readFanout: 'Read fan-out (× ingress)',
  brokerCount: 'Brokers',
  clusterBytes: "Data on the brokers' volumes, all replicas",
  retainedBytes: 'Retained data',
  perBrokerBytes: 'Storage per broker',
  localBytesPerBroker: 'Data on each broker volume',
  fillBytesPerSec: 'Fill rate per broker',
  thresholdBytes: 'Alert level',
  warnRatio: 'Alert level (ratio)',
  bytesToMove: 'Bytes to move',
  bytesToMoveLowerBound: 'Bytes to move (planner)',
  storedBytesTotal: 'Stored data',
  addBrokers: 'Brokers added',
  brokersAfter: 'Brokers after',
  throttleMbPerSec: 'Throttle per broker (MB/s)',
  parallelStreams: 'Parallel streams',
  backlogMb: 'Backlog (MB)',
  catchUpRateMbPerSec: 'Catch-up rate (MB/s)',
  suggestedThrottleMbPerSec: 'Suggested throttle (MB/s)',
  spareMbPerSec: 'Spare bandwidth (MB/s)',
  loadMbPerSec: 'Load (MB/s)',
  capacityMbPerSec: 'Capacity (MB/s)',
  vcpusPerBroker: 'vCPUs per broker',
  recordsPerSec: 'Peak records/s',
  inputRecordsPerSec: 'Records/s into the chain',
  recordsPerSecPerSubtask: 'Records/s one subtask sustains',
  targetUtilization: 'Target utilization',
  parallelism: 'Parallelism',
  parallelismPerKpu: 'ParallelismPerKPU',
  stateGB: 'State (GB)',
  stateSizeGB: 'State (GB)',
  memoryPerKpuGB: 'Memory per KPU (GB)',
  hoursPerMonth: 'Hours per month',
  kpuHourPriceUsd: 'Price per KPU-hour (USD)',
  runningStorageGbMonthPriceUsd: 'Running storage price per GB-month (USD)',
  maxKpus: 'KPU limit',
};

/** "storageMbPerSec" → "Storage throughput per broker (MB/s)"; unknown names split into words with their units. */
export function inputName(key: string): string {
  const known = INPUT_NAMES[key];
  if (known) return known;
  const units: [RegExp, string][] = [
    [/MbPerSec$/, ' (MB/s)'],
    [/Mbps$/, ' (MB/s)'],
    [/GiB$/, ' (GiB)'],
    [/GB$/, ' (GB)'],
    [/Bytes$/, ''],
    [/Usd$/, ' (USD)'],
    [/Hours$/, ' (h)'],
    [/Minutes$/, ' (min)'],
  ];
  let unit = '';
  let base = key;
  for (const [re, u] of units)
    if (re.test(base)) {
      base = base.replace(re, '');
      unit = u;
      break;
    }
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());
  return `${words}${unit}`;
}

/** One input value for people: bytes binary, hours as hours/days, no float noise. */
export function inputValueText(key: string, value: unknown): string {
  if (typeof value !== 'number') return String(value);
  if (/Bytes$|Bytes[A-Z]/.test(key) || key === 'clusterBytes' || key === 'thresholdBytes' || key === 'bytesToMove')
    return formatBytes(value);
  if (/Hours$/.test(key) && key !== 'hoursPerMonth') return formatRetentionHours(value);
  if (key === 'utilizationCeiling' || key === 'targetUtilization' || key === 'warnRatio') return pct(value);
  return fmt(value, Math.abs(value) < 0.01 && value !== 0 ? 6 : 2);
}

function inputsText(inputs: Explained['inputs']): string {
  return Object.entries(inputs)
    .map(([k, v]) => `${inputName(k)} = ${inputValueText(k, v)}`)
    .join(', ');
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
      return formatUsd(v);
    default:
      return `${fmt(v)} ${e.unit}`;
  }
}

function num(id: string, label: string, e: Explained): ReportNumber {
  const note = unverifiedNote(e.source);
  return { id, label, text: formatExplained(e), ...e, inputsText: inputsText(e.inputs), ...(note ? { unverified: note } : {}) };
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

/** One input as the report shows it: a human name and the value with its unit. */
export interface ReportInput {
  key: string;
  label: string;
  text: string;
  /** Where a derived default came from (the cluster and how it was measured). */
  origin?: string;
}

/** The cluster as it is today (the broker count given): one verdict per state, and the storage. */
export interface TodayVerdict {
  brokerCount: number;
  brokerTypeId: string;
  fits: boolean;
  /** "does not fit: 2 of 4 states above the 80 % ceiling; storage needs …" */
  summary: string;
  states: { label: string; verdict: string; withinCeiling: boolean }[];
  storage: string | null;
}

/** Per-topic derivation of the inputs from a cluster, shown with the report. */
export interface ReportDerivation {
  cluster: string;
  intervalSeconds: number | null;
  topics: TopicSizingRow[];
  notes: string[];
}

export interface KafkaSizingReport {
  version: typeof SIZING_REPORT_VERSION;
  kind: 'kafka';
  /** The neutral heading: neither the count today nor the recommended one (both have their own block). */
  title: string;
  request: KafkaSizingRequest;
  /** The inputs with human names, in request order. */
  inputs: ReportInput[];
  /** Present when the request gave a broker count: the cluster at that count (what the states chart shows). */
  today: TodayVerdict | null;
  errors: string[];
  derivation: ReportDerivation | null;
  brokerTypeId: string;
  brokerCount: number;
  /** True when the request gave no broker count and the report is at the recommended one. */
  brokerCountRecommended: boolean;
  utilizationCeiling: number;
  withinCeiling: boolean;
  states: KafkaStateBar[];
  numbers: ReportNumber[];
  storage: StorageSeries | null;
  /** The smallest count of the type that fits, and why ("Recommended: M × type, because …"). */
  recommendation: { found: boolean; brokerCount: number | null; brokerTypeId: string; reason: string };
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

export interface KafkaReportContext {
  /** The cluster the inputs came from (for the heading and the derivation block). */
  clusterName?: string;
  /** The per-topic derivation of the defaults (sizingDefaultsFromCluster). */
  derived?: ClusterSizingDefaults;
}

/** A value the user kept: the derived default itself, or as the wizard showed it (6 significant digits). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'number' && typeof b === 'number' && Number(a.toPrecision(6)) === Number(b.toPrecision(6));
}

function requestInputs(request: KafkaSizingRequest, derived?: ClusterSizingDefaults): ReportInput[] {
  const fields = request as unknown as Record<string, unknown>;
  return KAFKA_FIELDS.filter((key) => fields[key] !== undefined).map((key) => {
    const value = fields[key];
    let text = inputValueText(key, value);
    if (key === 'storedGiB' || key === 'tieredGiB') text = formatBytes((value as number) * GIB);
    else if (key === 'brokers' || key === 'partitions' || key === 'consumerGroups' || key === 'azs' || key === 'rf')
      text = fmt(value as number, 0);
    else if (/Mbps$/.test(key)) text = `${fmt(value as number, (value as number) < 1 ? 6 : 3)} MB/s`;
    // the origin only while the value is the derived one: a value the user changed is theirs
    const origin = derived && sameValue(derived.defaults[key], value) ? derived.origins[key] : undefined;
    return { key, label: inputName(key), text, ...(origin ? { origin } : {}) };
  });
}

function todayVerdict(result: ReturnType<typeof sizeKafkaCluster>, errors: string[]): TodayVerdict {
  const states = result.states.map((s) => ({
    label: s.label,
    withinCeiling: s.withinCeiling,
    verdict: !s.applicable
      ? 'not modelled'
      : `${pct(s.utilization?.value ?? 0)} ${s.withinCeiling ? 'within' : 'ABOVE'} the ${pct(result.utilizationCeiling, 0)} ceiling${s.binding ? ` (${s.binding})` : ''}`,
  }));
  const st = result.storage;
  let storage: string | null = null;
  let storageOk = true;
  if (st) {
    if (st.usedRatio) {
      storageOk = st.level === 'ok';
      storage = `${fmt(st.perBrokerBytes.value / GIB)} GiB per broker, ${pct(st.usedRatio.value)} of the volume${storageOk ? '' : `, at or above the ${pct(DISK_WARN_RATIO)} alert`}`;
    } else {
      storageOk = result.brokerType.kind !== 'standard' || st.volumeGiBBelowWarn.value <= MSK_VOLUME_MAX_GIB;
      storage = `${fmt(st.perBrokerBytes.value / GIB)} GiB per broker, needs a ${fmt(Math.ceil(st.volumeGiBBelowWarn.value))} GiB volume below the ${pct(DISK_WARN_RATIO)} alert${storageOk ? '' : ` (above the MSK maximum of ${fmt(MSK_VOLUME_MAX_GIB)} GiB)`}`;
    }
  }
  const above = states.filter((s) => !s.withinCeiling).length;
  const partitionsOk = result.partitions.level === 'ok';
  const fits = above === 0 && storageOk && partitionsOk && errors.length === 0;
  const problems: string[] = [];
  if (above) problems.push(`${above} of ${plural(states.length, 'state')} above the ${pct(result.utilizationCeiling, 0)} ceiling`);
  if (!storageOk && storage) problems.push(`storage: ${storage}`);
  if (!partitionsOk && result.partitions.reason) problems.push(result.partitions.reason);
  return {
    brokerCount: result.brokerCount,
    brokerTypeId: result.brokerTypeId,
    fits,
    summary: fits
      ? 'fits: every state within the ceiling, storage and partitions within their limits'
      : `does not fit: ${problems.join('; ')}`,
    states,
    storage,
  };
}

/** Sizes a Kafka request and builds its report. Throws SizingInputError for nonsense input. */
export function buildKafkaReport(request: KafkaSizingRequest, context: KafkaReportContext = {}): KafkaSizingReport {
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
  if (result.storage?.tieredBytes)
    numbers.push(num('storage.tiered', 'Data in tiered storage (one copy, not on the volumes)', result.storage.tieredBytes));
  const errors = [...result.errors];
  const derived = context.derived;
  const clusterName = context.clusterName;
  return {
    version: SIZING_REPORT_VERSION,
    kind: 'kafka',
    title: `Kafka sizing${clusterName ? ` of ${clusterName}` : ''}: ${request.brokerType}`,
    request,
    inputs: requestInputs(request, derived),
    today: request.brokers !== undefined ? todayVerdict(result, errors) : null,
    errors,
    derivation:
      derived && clusterName
        ? { cluster: clusterName, intervalSeconds: derived.intervalSeconds, topics: derived.topics, notes: derived.notes }
        : null,
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
      brokerTypeId: recommendation.brokerTypeId,
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
    .map(([k, v]) => `${inputName(k)} = ${inputValueText(k, v)}`)
    .join(', ');
}

function partitionsText(c: ComparisonColumn): string {
  const note = c.partitionsRecommended.unverified ?? c.partitionsMax.unverified;
  return `${c.partitionsRecommended.text} / ${c.partitionsMax.text}${note ? ` (${note})` : ''}`;
}

export function derivationRows(d: ReportDerivation): string[] {
  return [
    '| Topic | Partitions | RF | Write rate | Retention | On the volumes (steady state) | On disk today | How |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...d.topics.map(
      (t) =>
        `| ${mdCell(t.topic)} | ${t.partitions} | ${t.replicationFactor} | ${t.writeBytesPerSec === null ? 'not measured' : `${fmt(t.writeBytesPerSec / 1e6, 6)} MB/s`} | ` +
        `${mdCell(topicRetentionText(t))} | ${formatBytes(t.storedBytes)} | ${formatBytes(t.todayBytes)} | ${mdCell(t.how)} |`,
    ),
  ];
}

export function kafkaReportMarkdown(report: KafkaSizingReport): string {
  const lines = [`# ${report.title}`, ''];
  if (report.errors.length) lines.push('## Errors', '', ...report.errors.map((e) => `- **Error:** ${e}`), '');
  lines.push(
    '## Inputs',
    '',
    '| Input | Value | From |',
    '| --- | --- | --- |',
    ...report.inputs.map((i) => `| ${mdCell(i.label)} | ${mdCell(i.text)} | ${mdCell(i.origin ?? 'entered')} |`),
    '',
  );
  if (report.derivation) {
    const d = report.derivation;
    lines.push(
      `### Per topic, from ${d.cluster}${d.intervalSeconds !== null ? ` (write rates over ${fmt(d.intervalSeconds, 1)} s)` : ''}`,
      '',
      ...derivationRows(d),
      '',
      ...d.notes.map((n) => `_${n}_`),
      ...(d.notes.length ? [''] : []),
    );
  }
  if (report.today) {
    const t = report.today;
    lines.push(
      `## ${todayHeading(t)}: ${t.summary}`,
      '',
      ...t.states.map((s) => `- ${s.label}: ${s.verdict}`),
      ...(t.storage ? [`- Storage: ${t.storage}`] : []),
      '',
    );
  }
  lines.push(
    `## ${recommendedHeading(report)}`,
    '',
    `**Because:** ${report.recommendation.reason}`,
    '',
    `## Utilization in four states at ${plural(report.brokerCount, 'broker')}${report.today ? ' (your cluster today)' : ' (the recommended count)'}, ceiling ${pct(report.utilizationCeiling, 0)}`,
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
  );
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
    `# Flink sizing: parallelism ${report.parallelism}, ${report.kpus} KPUs, ${formatUsd(report.monthlyCostUsd)} a month`,
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
      (s) => `| ${s.parallelism}${s.cappedAtLimit ? ' (limit)' : ''} | ${s.kpus} | ${formatUsd(s.monthlyKpuCostUsd)} |`,
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
