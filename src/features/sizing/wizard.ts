// The sizing wizards: multi-step InputBoxes/QuickPicks with Back and validation on every step (units and ranges in
// every prompt), defaults from a chosen cluster (pattern: vscode-extension-samples quickinput-sample multiStepInput.ts).

import { BROKER_CATALOG } from '../../core/sizing/catalog';
import { MAX_PARALLELISM_PER_KPU } from '../../core/sizing/flinkSizing';
import type { ClusterSizingDefaults } from '../../core/sizing/fromSnapshot';
import type { FlinkSizingRequest, KafkaSizingRequest } from '../../core/sizing/request';
import type { Services } from '../../services';
import { BACK, inputStep, pickStep, type Back, type PickItem } from '../quickInput';
import { InputError } from '../../core/errors';
import { GiB, formatBytes, plural } from '../../core/units';

type Item<T> = PickItem<T>;

/** One single-choice QuickPick step (see ../quickInput). */
async function pick<T>(title: string, step: number, steps: number, placeholder: string, items: Item<T>[]): Promise<T | Back> {
  const chosen = await pickStep({ title, step, totalSteps: steps, placeholder, items });
  return chosen === BACK ? BACK : chosen[0];
}

/** One InputBox step (see ../quickInput). */
function input(
  title: string,
  step: number,
  steps: number,
  prompt: string,
  value: string,
  validate: (text: string) => string | undefined,
): Promise<string | Back> {
  return inputStep({ title, step, totalSteps: steps, prompt, value, validate });
}

interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** The lower bound itself is not allowed. */
  above?: boolean;
  optional?: boolean;
  /** A cross-field check, e.g. RF <= brokers. */
  check?: (n: number) => string | undefined;
}

/** Validates a typed number; the message says the unit, the range and what was typed. */
export function numberProblem(text: string, unit: string, rule: NumberRule): string | undefined {
  const t = text.trim();
  if (t === '' && rule.optional) return undefined;
  const n = Number(t);
  const range = `${rule.integer ? 'a whole number' : 'a number'} ${rule.above ? `above ${rule.min}` : `from ${rule.min}`} to ${rule.max.toLocaleString('en-US')} ${unit}`;
  if (t === '' || !Number.isFinite(n)) return `Enter ${range}${rule.optional ? ', or leave empty' : ''}; "${text}" is not a number.`;
  if ((rule.integer && !Number.isInteger(n)) || n < rule.min || (rule.above && n === rule.min) || n > rule.max)
    return `Enter ${range}; ${t} is out of range.`;
  return rule.check?.(n);
}

type Step = () => Promise<boolean | Back>;

/** Runs steps with Back: a step returning BACK goes to the previous one. */
async function runSteps(steps: Step[]): Promise<void> {
  for (let i = 0; i < steps.length;) {
    const r = await steps[i]();
    i = r === BACK ? Math.max(0, i - 1) : i + 1;
  }
}

export interface ClusterChoice {
  id: string;
  label: string;
  /** Derives the defaults (a live cluster takes a second snapshot to measure write rates: may take seconds). */
  defaults: () => Promise<ClusterSizingDefaults>;
}

/** The wizard's output: the request, where it came from, and the per-topic derivation when a cluster was chosen. */
export interface KafkaWizardResult {
  request: KafkaSizingRequest;
  origin: string;
  clusterName?: string;
  derived?: ClusterSizingDefaults;
}

/** A derived default as the InputBox shows it: at most 6 significant digits, no float noise (1572.8640000000003). */
export function defaultText(v: number | undefined, fallback = ''): string {
  if (v === undefined) return fallback;
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

const KAFKA_TITLE = 'Kafka: Size a Cluster';

export async function kafkaSizingWizard(services: Services, clusters: ClusterChoice[]): Promise<KafkaWizardResult> {
  const s: Partial<KafkaSizingRequest> & { consumers?: 'groups' | 'egress' } = { peakIngressMbps: undefined };
  let origin = 'the wizard';
  let origins: ClusterSizingDefaults['origins'] = {};
  let applied: Partial<KafkaSizingRequest> = {};
  let derived: ClusterSizingDefaults | undefined;
  let clusterName: string | undefined;
  const total = 13;
  const text = defaultText;
  const from = (key: keyof KafkaSizingRequest) => (origins[key] ? ` (default from ${origins[key]})` : '');
  const num =
    (step: number, key: keyof KafkaSizingRequest, prompt: string, unit: string, rule: NumberRule, fallback = ''): Step =>
    async () => {
      const r = await input(KAFKA_TITLE, step, total, `${prompt}${from(key)}`, text(s[key] as number | undefined, fallback), (t) =>
        numberProblem(t, unit, rule),
      );
      if (r === BACK) return BACK;
      (s as Record<string, unknown>)[key] = r.trim() === '' ? undefined : Number(r);
      return true;
    };
  await runSteps([
    async () => {
      const items: Item<string>[] = [
        { label: 'No cluster', description: 'type every number', value: '', picked: true },
        ...clusters.map((c) => ({ label: c.label, description: 'defaults from this cluster', value: c.id })),
      ];
      for (;;) {
        const r = await pick(
          KAFKA_TITLE,
          1,
          total,
          'Take defaults (brokers, RF, partitions, measured write rate, storage per topic) from a cluster?',
          items,
        );
        if (r === BACK) return BACK;
        const chosen = clusters.find((c) => c.id === r);
        // Back to this step and another choice: drop the earlier cluster's defaults (unless retyped) and their origins
        for (const [k, v] of Object.entries(applied)) if ((s as Record<string, unknown>)[k] === v) delete (s as Record<string, unknown>)[k];
        applied = {};
        origins = {};
        origin = 'the wizard';
        derived = undefined;
        clusterName = undefined;
        if (!chosen) return true;
        const d = await chosen.defaults();
        services.log.info(`sizing wizard: defaults from ${chosen.id}: ${JSON.stringify(d.defaults)}`);
        // the per-topic breakdown: every derived input with how it was measured, before the user edits them
        const shown = await pick(KAFKA_TITLE, 1, total, `Derived from ${chosen.label}, per topic: accept to review and edit each input`, [
          {
            label: 'Use these defaults',
            description: `${plural(d.topics.length, 'topic')}; data on the volumes ${formatBytes((d.defaults.storedGiB ?? 0) * GiB)}${d.defaults.ingressMbps !== undefined ? `, write rate ${defaultText(d.defaults.ingressMbps)} MB/s` : ''}`,
            detail: d.origins.storedGiB,
            value: 'use',
            picked: true,
          },
          { label: 'Choose another cluster', value: 'back' },
          ...d.topics.map((t) => ({ label: t.topic, description: formatBytes(t.storedBytes), detail: t.how, value: 'use' })),
          ...d.notes.map((n) => ({ label: 'Note', detail: n, value: 'use' })),
        ]);
        if (shown === BACK || shown === 'back') continue;
        Object.assign(s, d.defaults);
        applied = d.defaults;
        origins = d.origins;
        derived = d;
        clusterName = chosen.label;
        origin = `${chosen.label} (derived per topic) and the wizard`;
        return true;
      }
    },
    num(2, 'ingressMbps', 'Average producer traffic into the cluster, in MB/s (10^6 bytes/s), before replication', 'MB/s', {
      min: 0,
      max: 100_000,
    }),
    num(3, 'peakIngressMbps', 'Peak producer traffic, in MB/s; leave empty to use the average', 'MB/s', {
      min: 0,
      max: 100_000,
      optional: true,
      check: (n) =>
        s.ingressMbps !== undefined && n < s.ingressMbps
          ? `The peak (${n} MB/s) cannot be below the average (${s.ingressMbps} MB/s).`
          : undefined,
    }),
    num(
      4,
      'consumerGroups',
      'Consumer groups that each read everything (a whole number)',
      'groups',
      { min: 0, max: 10_000, integer: true },
      '1',
    ),
    async () =>
      num(
        5,
        'rf',
        s.storedGiB !== undefined
          ? "Replication factor (copies of each partition) for throughput; the data on the volumes keeps each topic's own RF"
          : 'Replication factor (copies of each partition)',
        'replicas',
        { min: 1, max: 10, integer: true },
        '3',
      )(),
    async () =>
      num(
        6,
        'retentionHours',
        s.storedGiB !== undefined
          ? "Retention, in hours (retention.ms ÷ 3,600,000); optional: the data on the volumes (next step) already holds each topic's own retention"
          : 'Retention, in hours (retention.ms ÷ 3,600,000)',
        'hours',
        { min: 0, above: true, max: 876_000, optional: s.storedGiB !== undefined },
        s.storedGiB !== undefined ? '' : '168',
      )(),
    async () =>
      num(
        7,
        'storedGiB',
        s.retentionHours === undefined
          ? "Data on the brokers' volumes in steady state, all replicas, in GiB (needed: no retention was entered)"
          : "Data on the brokers' volumes in steady state, all replicas, in GiB; leave empty to use ingress × RF × retention",
        'GiB',
        { min: 0, max: 1e9, optional: s.retentionHours !== undefined },
      )(),
    num(
      8,
      'localRetentionHours',
      'MSK tiered storage: local retention in hours (local.retention.ms ÷ 3,600,000); leave empty without tiered storage',
      'hours',
      {
        min: 0,
        above: true,
        max: 876_000,
        optional: true,
        check: (n) =>
          s.retentionHours !== undefined && n > s.retentionHours
            ? `The local retention (${n} h) cannot exceed the retention (${s.retentionHours} h): it is the part kept on the brokers.`
            : undefined,
      },
    ),
    num(9, 'azs', 'Availability zones the brokers are spread over', 'AZs', { min: 1, max: 10, integer: true }, '3'),
    async () => {
      const items = BROKER_CATALOG.map((t) => ({
        label: t.id,
        description:
          t.kind === 'express'
            ? `Express · ${t.vcpus} vCPU · ${t.ingressSustainedMbPerSec} MB/s in per broker`
            : `Standard · ${t.vcpus} vCPU · ${t.partitionsRecommended} partitions per broker`,
        picked: t.id === (s.brokerType ?? 'kafka.m5.large'),
        value: t.id,
      }));
      const r = await pick(KAFKA_TITLE, 10, total, 'Broker type (MSK Standard or Express)', items);
      if (r === BACK) return BACK;
      s.brokerType = r;
      return true;
    },
    num(11, 'brokers', 'Broker count; leave empty to recommend the smallest count that fits', 'brokers', {
      min: 1,
      max: 10_000,
      integer: true,
      optional: true,
      check: (n) =>
        s.rf !== undefined && s.rf > n
          ? `Replication factor ${s.rf} needs at least ${s.rf} brokers: RF cannot exceed the broker count (go Back to change the RF).`
          : s.azs !== undefined && s.azs > n
            ? `${s.azs} AZs need at least ${s.azs} brokers (one per AZ).`
            : undefined,
    }),
    num(
      12,
      'partitions',
      'Planned partitions (leaders, before replication)',
      'partitions',
      { min: 1, max: 10_000_000, integer: true },
      '100',
    ),
    num(
      13,
      'volumeGiB',
      'EBS volume per broker, in GiB (1 to 16,384); leave empty to get the size that stays below the 60 % alert',
      'GiB',
      { min: 1, max: 16_384, optional: true },
    ),
  ]);
  if (s.retentionHours === undefined && s.storedGiB === undefined)
    throw new InputError('The sizing needs a retention or the data on the volumes: run the wizard again and enter one of the two.');
  const request: KafkaSizingRequest = {
    ingressMbps: s.ingressMbps!,
    rf: s.rf!,
    azs: s.azs!,
    brokerType: s.brokerType!,
  };
  if (s.retentionHours !== undefined) request.retentionHours = s.retentionHours;
  if (s.storedGiB !== undefined) request.storedGiB = s.storedGiB;
  if (s.tieredGiB !== undefined && s.storedGiB !== undefined) request.tieredGiB = s.tieredGiB;
  if (s.localRetentionHours !== undefined) request.localRetentionHours = s.localRetentionHours;
  if (s.peakIngressMbps !== undefined) request.peakIngressMbps = s.peakIngressMbps;
  if (s.consumerGroups !== undefined) request.consumerGroups = s.consumerGroups;
  if (s.brokers !== undefined) request.brokers = s.brokers;
  if (s.partitions !== undefined) request.partitions = s.partitions;
  if (s.volumeGiB !== undefined) request.volumeGiB = s.volumeGiB;
  return { request, origin, ...(clusterName ? { clusterName } : {}), ...(derived ? { derived } : {}) };
}

const FLINK_TITLE = 'Flink: Size an Application';

export async function flinkSizingWizard(prices: {
  kpuHourPriceUsd: number;
  runningStorageGbMonthPriceUsd: number;
}): Promise<FlinkSizingRequest> {
  const s: FlinkSizingRequest = {};
  const total = 4;
  const num =
    (step: number, key: keyof FlinkSizingRequest, prompt: string, unit: string, rule: NumberRule, fallback = ''): Step =>
    async () => {
      const r = await input(FLINK_TITLE, step, total, prompt, s[key] === undefined ? fallback : String(s[key]), (t) =>
        numberProblem(t, unit, rule),
      );
      if (r === BACK) return BACK;
      s[key] = r.trim() === '' ? undefined : Number(r);
      return true;
    };
  await runSteps([
    num(1, 'recordsPerSec', 'Peak records per second into the job', 'records/s', { min: 0, above: true, max: 1e9 }),
    num(2, 'recordsPerSecPerSubtask', 'Records per second one subtask can process (measured, or estimated)', 'records/s', {
      min: 0,
      above: true,
      max: 1e9,
    }),
    num(
      3,
      'parallelismPerKpu',
      `ParallelismPerKPU: subtasks per KPU (1 to ${MAX_PARALLELISM_PER_KPU}; 1 for CPU-heavy jobs)`,
      'subtasks/KPU',
      { min: 1, max: MAX_PARALLELISM_PER_KPU, integer: true },
      '1',
    ),
    num(4, 'stateGB', 'Total application state, in GB; leave empty if unknown', 'GB', { min: 0, max: 1e6, optional: true }),
  ]);
  return { ...s, kpuHourPriceUsd: prices.kpuHourPriceUsd, runningStorageGbMonthPriceUsd: prices.runningStorageGbMonthPriceUsd };
}
