// Managed Service for Apache Flink sizing (pure): parallelism from the peak record rate and the rate one subtask
// sustains, KPUs, memory and running storage per KPU against the state, monthly cost, and the autoscaling range.
// Every number is an Explained (./explained.ts). The model and its limits: ./README.md.

import {
  DERIVED,
  SizingInputError,
  checkNumber,
  checkOptional,
  explained,
  fmt,
  given,
  pct,
  type Explained,
} from './explained';

export const MANAGED_FLINK_PRICING_DOC_URL = 'https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html';
const FIELD_FLINK = 'FIELD.md: Managed Service for Apache Flink';
const FIELD_KPU = 'FIELD.md: the talk, "KPU = 1 vCPU, 4 GB memory, 50 GB running storage"';

/** A KPU: 1 vCPU, 4 GB memory, 50 GB running storage (FIELD.md: the talk; how-pricing). */
export const KPU_MEMORY_GB = 4;
export const KPU_RUNNING_STORAGE_GB = 50;
/** ParallelismPerKPU: default 1, max 8 (FIELD.md: Managed Service for Apache Flink). */
export const DEFAULT_PARALLELISM_PER_KPU = 1;
export const MAX_PARALLELISM_PER_KPU = 8;
/** Default KPU limit per application (FIELD.md: Managed Service for Apache Flink). */
export const DEFAULT_KPU_LIMIT = 64;
/** us-east-1 prices (FIELD.md: Managed Service for Apache Flink); prices vary by region: inputs. */
export const DEFAULT_KPU_HOUR_PRICE_USD = 0.11;
export const DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD = 0.1;
/** 30 days × 24 h, the month of the pricing page's worked example. */
export const DEFAULT_HOURS_PER_MONTH = 720;
/** Autoscaling (FIELD.md: how-scaling-auto): up at >= 75 % CPU for 15 min (doubles), down below 10 % for 6 h. */
export const SCALE_UP_CPU_RATIO = 0.75;
export const SCALE_UP_MINUTES = 15;
export const SCALE_DOWN_CPU_RATIO = 0.1;
export const SCALE_DOWN_HOURS = 6;
/** Above 128, Flink needs setMaxParallelism (FIELD.md: Flink checks, ops/production_ready). */
export const FLINK_MAX_PARALLELISM_NOTICE = 128;

export interface OperatorChainInput {
  name: string;
  /** Records/s one subtask of this chain sustains (measured, or estimated). */
  recordsPerSecPerSubtask: number;
  /** Records/s into this chain at peak; defaults to peakRecordsPerSec (e.g. lower after a filter). */
  inputRecordsPerSec?: number;
}

export interface FlinkSizingInput {
  /** Required unless `parallelism` is given. */
  peakRecordsPerSec?: number;
  /**
   * The job's configured Parallelism when it is known and the rates are not (e.g. read from the code by the Flink
   * lens). Give this instead of the rates (peakRecordsPerSec with recordsPerSecPerSubtask or operatorChains).
   */
  parallelism?: number;
  /** For the whole job. Give this or operatorChains, not both. */
  recordsPerSecPerSubtask?: number;
  /** Per operator chain, when known. */
  operatorChains?: OperatorChainInput[];
  /** 1..8, default 1. */
  parallelismPerKpu?: number;
  /** Total application state. */
  stateSizeGB?: number;
  /** Default 720 (30 days). */
  hoursPerMonth?: number;
  /** Default $0.11 (us-east-1). */
  kpuHourPriceUsd?: number;
  /** Default $0.10 (us-east-1). */
  runningStorageGbMonthPriceUsd?: number;
  /** Default 64. */
  maxKpus?: number;
}

export interface FlinkChainParallelism {
  name: string;
  parallelism: Explained;
}

export type FlinkStateLevel = 'ok' | 'exceedsMemory' | 'exceedsRunningStorage';

export interface FlinkAutoscalingStep {
  parallelism: number;
  kpus: number;
  monthlyKpuCostUsd: number;
  /** The step was cut to the KPU limit instead of doubling. */
  cappedAtLimit: boolean;
}

export interface FlinkAutoscaling {
  kpuLimit: Explained;
  minParallelism: Explained;
  minKpus: Explained;
  maxParallelism: Explained;
  maxKpus: Explained;
  maxMonthlyCostUsd: Explained;
  /** Configured parallelism, then each doubling while it fits the limit, then the limit itself. */
  steps: FlinkAutoscalingStep[];
  scaleUpRule: string;
  scaleDownRule: string;
}

export interface FlinkSizingResult {
  parallelism: Explained;
  chains?: FlinkChainParallelism[];
  parallelismPerKpu: Explained;
  /** KPUs running subtasks: ceil(parallelism / ParallelismPerKPU). */
  workerKpus: Explained;
  /** Billed KPUs: worker KPUs + 1 orchestration KPU. */
  kpus: Explained;
  memoryPerKpuGB: Explained;
  memoryPerSubtaskGB: Explained;
  runningStoragePerKpuGB: Explained;
  statePerKpuGB?: Explained;
  stateLevel?: FlinkStateLevel;
  /** Worker KPUs whose running storage holds the state. */
  minWorkerKpusForState?: Explained;
  monthlyKpuCostUsd: Explained;
  monthlyRunningStorageCostUsd: Explained;
  monthlyCostUsd: Explained;
  autoscaling: FlinkAutoscaling;
  warnings: string[];
}

const roundCents = (usd: number) => Math.round(usd * 100) / 100;

/** Billed KPUs for a parallelism (FIELD.md: KPUs = ceil(Parallelism / ParallelismPerKPU) + 1). */
export function kpusFor(parallelism: number, parallelismPerKpu: number): number {
  return Math.ceil(parallelism / parallelismPerKpu) + 1;
}

function chainParallelism(name: string, inputRecordsPerSec: number, perSubtask: number, source: string): Explained {
  const p = Math.max(1, Math.ceil(inputRecordsPerSec / perSubtask));
  return explained(
    p,
    'subtasks',
    `ceil(${fmt(inputRecordsPerSec)} records/s ÷ ${fmt(perSubtask)} records/s per subtask) = ${p}`,
    { inputRecordsPerSec, recordsPerSecPerSubtask: perSubtask },
    source,
  );
}

export function sizeFlinkApplication(input: FlinkSizingInput): FlinkSizingResult {
  const warnings: string[] = [];
  const configured = input.parallelism !== undefined && input.recordsPerSecPerSubtask === undefined && input.operatorChains === undefined && input.peakRecordsPerSec === undefined;
  const peak = configured ? 0 : checkNumber('peakRecordsPerSec', input.peakRecordsPerSec, { min: 0, minExclusive: true, allowed: 'a number > 0 (or parallelism instead of the rates)' });
  const ppk = checkOptional('parallelismPerKpu', input.parallelismPerKpu, { min: 1, max: MAX_PARALLELISM_PER_KPU, integer: true }) ?? DEFAULT_PARALLELISM_PER_KPU;
  const stateSizeGB = checkOptional('stateSizeGB', input.stateSizeGB, { min: 0 });
  const hoursPerMonth = checkOptional('hoursPerMonth', input.hoursPerMonth, { min: 0, max: 744, minExclusive: true }) ?? DEFAULT_HOURS_PER_MONTH;
  const kpuPrice = checkOptional('kpuHourPriceUsd', input.kpuHourPriceUsd, { min: 0 }) ?? DEFAULT_KPU_HOUR_PRICE_USD;
  const storagePrice = checkOptional('runningStorageGbMonthPriceUsd', input.runningStorageGbMonthPriceUsd, { min: 0 }) ?? DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD;
  const limit = checkOptional('maxKpus', input.maxKpus, { min: 2, max: 100000, integer: true }) ?? DEFAULT_KPU_LIMIT;

  // Parallelism: one chain (the whole job) or the largest over the chains.
  const rateSource = `${DERIVED} subtasks needed = peak records/s ÷ records/s one subtask sustains (${FIELD_FLINK}: size parallelism, then KPUs)`;
  let parallelism: Explained;
  let chains: FlinkChainParallelism[] | undefined;
  if (input.parallelism !== undefined && !configured) {
    throw new SizingInputError('parallelism', input.parallelism, 'nothing when the rates (peakRecordsPerSec, recordsPerSecPerSubtask or operatorChains) are given (give one of the two)');
  }
  if (configured) {
    const p = checkNumber('parallelism', input.parallelism, { min: 1, max: 100000, integer: true });
    parallelism = explained(p, 'subtasks', `configured Parallelism = ${p}`, { parallelism: p }, 'input (the job\'s configured parallelism)');
  } else if (input.recordsPerSecPerSubtask !== undefined && input.operatorChains !== undefined) {
    throw new SizingInputError('operatorChains', `${input.operatorChains.length} chains`, 'nothing when recordsPerSecPerSubtask is given (give one of the two)');
  } else if (input.operatorChains !== undefined) {
    if (!Array.isArray(input.operatorChains) || input.operatorChains.length === 0) {
      throw new SizingInputError('operatorChains', input.operatorChains, 'at least one operator chain');
    }
    chains = input.operatorChains.map((c, i) => {
      const name = typeof c.name === 'string' && c.name ? c.name : `chain ${i + 1}`;
      const perSubtask = checkNumber(`operatorChains[${i}].recordsPerSecPerSubtask`, c.recordsPerSecPerSubtask, { min: 0, minExclusive: true });
      const inRate = checkOptional(`operatorChains[${i}].inputRecordsPerSec`, c.inputRecordsPerSec, { min: 0 }) ?? peak;
      return { name, parallelism: chainParallelism(name, inRate, perSubtask, rateSource) };
    });
    const max = chains.reduce((a, c) => Math.max(a, c.parallelism.value), 0);
    parallelism = explained(
      max,
      'subtasks',
      `max(${chains.map((c) => `${c.name} ${c.parallelism.value}`).join(', ')}) = ${max}`,
      Object.fromEntries(chains.map((c) => [c.name, c.parallelism.value])),
      `${DERIVED} Flink slot sharing: a job needs as many slots as its highest operator parallelism; the application Parallelism sets the KPUs (${FIELD_FLINK})`,
    );
    const min = chains.reduce((a, c) => Math.min(a, c.parallelism.value), Infinity);
    if (chains.length > 1 && max > 2 * min) {
      warnings.push(
        `Operator chains need ${min} to ${max} subtasks: uneven operator parallelism leaves some task managers hot, others idle (FIELD.md: the talk).`,
      );
    }
  } else {
    const perSubtask = checkNumber('recordsPerSecPerSubtask', input.recordsPerSecPerSubtask, {
      min: 0,
      minExclusive: true,
      allowed: 'a number > 0 (or operatorChains instead)',
    });
    parallelism = chainParallelism('job', peak, perSubtask, rateSource);
  }

  const p = parallelism.value;
  const parallelismPerKpu = given(ppk, 'subtasks/KPU', 'ParallelismPerKPU', `${FIELD_FLINK} (default 1, max 8)`);
  const worker = Math.ceil(p / ppk);
  const workerKpus = explained(worker, 'KPU', `ceil(${p} ÷ ${ppk}) = ${worker}`, { parallelism: p, parallelismPerKpu: ppk }, `${FIELD_FLINK}: KPUs = ceil(Parallelism / ParallelismPerKPU) + 1`);
  const total = worker + 1;
  const kpus = explained(
    total,
    'KPU',
    `ceil(${p} ÷ ${ppk}) + 1 orchestration KPU = ${worker} + 1 = ${total}`,
    { parallelism: p, parallelismPerKpu: ppk },
    `${FIELD_FLINK}: KPUs = ceil(Parallelism / ParallelismPerKPU) + 1 orchestration KPU per application; ${MANAGED_FLINK_PRICING_DOC_URL}`,
  );

  const memoryPerKpuGB = given(KPU_MEMORY_GB, 'GB', 'memory per KPU', FIELD_KPU);
  const perSubtaskMemory = KPU_MEMORY_GB / ppk;
  const memoryPerSubtaskGB = explained(
    perSubtaskMemory,
    'GB',
    `${KPU_MEMORY_GB} GB per KPU ÷ ${ppk} subtasks per KPU = ${fmt(perSubtaskMemory)} GB`,
    { memoryPerKpuGB: KPU_MEMORY_GB, parallelismPerKpu: ppk },
    `${DERIVED} ${FIELD_KPU}; the subtasks of a KPU share its memory`,
  );
  const runningStoragePerKpuGB = given(KPU_RUNNING_STORAGE_GB, 'GB', 'running storage per KPU', FIELD_KPU);

  const result: Omit<FlinkSizingResult, 'monthlyKpuCostUsd' | 'monthlyRunningStorageCostUsd' | 'monthlyCostUsd' | 'autoscaling'> = {
    parallelism,
    ...(chains ? { chains } : {}),
    parallelismPerKpu,
    workerKpus,
    kpus,
    memoryPerKpuGB,
    memoryPerSubtaskGB,
    runningStoragePerKpuGB,
    warnings,
  };

  if (stateSizeGB !== undefined) {
    const perKpu = stateSizeGB / worker;
    const stateSource = `${DERIVED} ${FIELD_KPU}: state is held by the KPUs running subtasks (the orchestration KPU holds none)`;
    result.statePerKpuGB = explained(
      perKpu,
      'GB',
      `${fmt(stateSizeGB)} GB state ÷ ${worker} worker KPUs = ${fmt(perKpu)} GB per KPU (memory ${KPU_MEMORY_GB} GB, running storage ${KPU_RUNNING_STORAGE_GB} GB)`,
      { stateSizeGB, workerKpus: worker },
      stateSource,
    );
    const needed = Math.max(1, Math.ceil(stateSizeGB / KPU_RUNNING_STORAGE_GB));
    result.minWorkerKpusForState = explained(
      needed,
      'KPU',
      `ceil(${fmt(stateSizeGB)} GB ÷ ${KPU_RUNNING_STORAGE_GB} GB) = ${needed}`,
      { stateSizeGB, runningStoragePerKpuGB: KPU_RUNNING_STORAGE_GB },
      stateSource,
    );
    if (perKpu > KPU_RUNNING_STORAGE_GB) {
      result.stateLevel = 'exceedsRunningStorage';
      warnings.push(
        `State per KPU ${fmt(perKpu)} GB exceeds the ${KPU_RUNNING_STORAGE_GB} GB running storage of a KPU: ` +
          `at least ${needed} worker KPUs are needed to hold ${fmt(stateSizeGB)} GB (raise Parallelism or lower ParallelismPerKPU); enforce state TTLs (FIELD.md: the talk).`,
      );
    } else if (perKpu > KPU_MEMORY_GB) {
      result.stateLevel = 'exceedsMemory';
      warnings.push(`State per KPU ${fmt(perKpu)} GB exceeds the ${KPU_MEMORY_GB} GB memory of a KPU: it lives on disk (RocksDB, running storage), so state access costs I/O.`);
    } else {
      result.stateLevel = 'ok';
    }
  }

  const priceSource = `${FIELD_FLINK} (us-east-1 prices, region-dependent: inputs); ${MANAGED_FLINK_PRICING_DOC_URL}`;
  const kpuCost = roundCents(total * hoursPerMonth * kpuPrice);
  const monthlyKpuCostUsd = explained(
    kpuCost,
    'USD',
    `${total} KPUs × ${fmt(hoursPerMonth)} h × $${fmt(kpuPrice, 4)} per KPU-hour = $${fmt(kpuCost)}`,
    { kpus: total, hoursPerMonth, kpuHourPriceUsd: kpuPrice },
    priceSource,
  );
  const storageGB = worker * KPU_RUNNING_STORAGE_GB;
  const storageCost = roundCents(storageGB * storagePrice);
  const monthlyRunningStorageCostUsd = explained(
    storageCost,
    'USD',
    `${worker} worker KPUs × ${KPU_RUNNING_STORAGE_GB} GB × $${fmt(storagePrice, 4)} per GB-month = $${fmt(storageCost)}`,
    { workerKpus: worker, runningStoragePerKpuGB: KPU_RUNNING_STORAGE_GB, runningStorageGbMonthPriceUsd: storagePrice },
    `${DERIVED} ${FIELD_FLINK}: running storage $0.10 per GB-month, 50 GB per KPU (counted for the worker KPUs, not the orchestration KPU)`,
  );
  const monthly = roundCents(kpuCost + storageCost);
  const monthlyCostUsd = explained(
    monthly,
    'USD',
    `$${fmt(kpuCost)} KPUs + $${fmt(storageCost)} running storage = $${fmt(monthly)} (durable backups not included)`,
    { monthlyKpuCostUsd: kpuCost, monthlyRunningStorageCostUsd: storageCost },
    priceSource,
  );

  const autoscaling = autoscalingRange(p, ppk, limit, hoursPerMonth, kpuPrice, warnings);
  return { ...result, monthlyKpuCostUsd, monthlyRunningStorageCostUsd, monthlyCostUsd, autoscaling };
}

function autoscalingRange(p: number, ppk: number, limit: number, hoursPerMonth: number, kpuPrice: number, warnings: string[]): FlinkAutoscaling {
  const source = `${FIELD_FLINK}: autoscaling doubles at >= 75% CPU for 15 min, halves below 10% for 6 h, never below the configured Parallelism; default limit 64 KPUs`;
  const cappedSource = `${DERIVED} ${source}; a doubling that would pass the limit is counted as stopping at the limit`;
  const cost = (parallelism: number) => roundCents(kpusFor(parallelism, ppk) * hoursPerMonth * kpuPrice);
  const steps: FlinkAutoscalingStep[] = [{ parallelism: p, kpus: kpusFor(p, ppk), monthlyKpuCostUsd: cost(p), cappedAtLimit: false }];
  const atLimit = (limit - 1) * ppk; // the largest parallelism whose KPUs (incl. orchestration) fit the limit
  if (kpusFor(p, ppk) > limit) {
    warnings.push(`${kpusFor(p, ppk)} KPUs exceed the ${limit} KPU limit per application: request a quota increase, or raise ParallelismPerKPU.`);
  } else {
    for (let current = p; ; ) {
      const doubled = current * 2;
      if (kpusFor(doubled, ppk) <= limit) {
        steps.push({ parallelism: doubled, kpus: kpusFor(doubled, ppk), monthlyKpuCostUsd: cost(doubled), cappedAtLimit: false });
        current = doubled;
        continue;
      }
      if (atLimit > current) steps.push({ parallelism: atLimit, kpus: kpusFor(atLimit, ppk), monthlyKpuCostUsd: cost(atLimit), cappedAtLimit: true });
      break;
    }
  }
  const top = steps[steps.length - 1];
  if (top.parallelism > FLINK_MAX_PARALLELISM_NOTICE) {
    warnings.push(
      `Autoscaling can reach parallelism ${top.parallelism} (> ${FLINK_MAX_PARALLELISM_NOTICE}): set setMaxParallelism explicitly so keyed state can be rescaled (FIELD.md: Flink checks).`,
    );
  }
  const chain = steps.map((s) => `${s.parallelism}${s.cappedAtLimit ? ' (limit)' : ''}`).join(' → ');
  return {
    kpuLimit: given(limit, 'KPU', 'KPU limit per application', `${FIELD_FLINK} (default 64)`),
    minParallelism: explained(p, 'subtasks', `configured Parallelism = ${p} (autoscaling never goes below it)`, { parallelism: p }, source),
    minKpus: explained(steps[0].kpus, 'KPU', `ceil(${p} ÷ ${ppk}) + 1 = ${steps[0].kpus}`, { parallelism: p, parallelismPerKpu: ppk }, source),
    maxParallelism: explained(
      top.parallelism,
      'subtasks',
      `doubling ${chain}; the next doubling would need ${kpusFor(top.parallelism * 2, ppk)} KPUs > limit ${limit}`,
      { parallelism: p, parallelismPerKpu: ppk, maxKpus: limit },
      top.cappedAtLimit ? cappedSource : source,
    ),
    maxKpus: explained(top.kpus, 'KPU', `ceil(${top.parallelism} ÷ ${ppk}) + 1 = ${top.kpus}`, { parallelism: top.parallelism, parallelismPerKpu: ppk }, top.cappedAtLimit ? cappedSource : source),
    maxMonthlyCostUsd: explained(
      top.monthlyKpuCostUsd,
      'USD',
      `${top.kpus} KPUs × ${fmt(hoursPerMonth)} h × $${fmt(kpuPrice, 4)} = $${fmt(top.monthlyKpuCostUsd)} (KPUs only, if it stayed scaled out all month)`,
      { kpus: top.kpus, hoursPerMonth, kpuHourPriceUsd: kpuPrice },
      `${DERIVED} ${FIELD_FLINK}: price per KPU-hour × the largest KPU count`,
    ),
    steps,
    scaleUpRule: `Doubles Parallelism when max containerCPUUtilization >= ${pct(SCALE_UP_CPU_RATIO, 0)} for ${SCALE_UP_MINUTES} minutes (${FIELD_FLINK}).`,
    scaleDownRule: `Halves Parallelism (rounded up) when CPU < ${pct(SCALE_DOWN_CPU_RATIO, 0)} for ${SCALE_DOWN_HOURS} hours, never below the configured ${p} (${FIELD_FLINK}).`,
  };
}
