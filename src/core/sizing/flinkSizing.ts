// Managed Service for Apache Flink sizing (pure): parallelism from the peak record rate and the rate one subtask
// sustains, KPUs, memory and running storage per KPU against the state, monthly cost, and the autoscaling range.
// Every number is an Explained (./explained.ts) with a typed source (../sources.ts); the service's numbers are
// named constants of ./catalog.ts. The model and its limits: ./README.md.

import { REFS, at, derived, publicSourcesOf, userInput, type Source } from '../sources';
import {
  DEFAULT_HOURS_PER_MONTH,
  DEFAULT_KPU_HOUR_PRICE_USD,
  DEFAULT_KPU_LIMIT,
  DEFAULT_PARALLELISM_PER_KPU,
  DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD,
  FLINK_MAX_PARALLELISM_NOTICE,
  KPU_MEMORY_GB,
  KPU_RUNNING_STORAGE_GB,
  MAX_PARALLELISM_PER_KPU,
  ORCHESTRATION_KPUS,
  SCALE_DOWN_CPU_RATIO,
  SCALE_DOWN_HOURS,
  SCALE_UP_CPU_RATIO,
  SCALE_UP_MINUTES,
  sourceOf,
} from './catalog';
import { SizingInputError, checkNumber, checkOptional, explained, fmt, given, pct, type Explained } from './explained';

export {
  DEFAULT_HOURS_PER_MONTH,
  DEFAULT_KPU_HOUR_PRICE_USD,
  DEFAULT_KPU_LIMIT,
  DEFAULT_PARALLELISM_PER_KPU,
  DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD,
  FLINK_MAX_PARALLELISM_NOTICE,
  KPU_MEMORY_GB,
  KPU_RUNNING_STORAGE_GB,
  MAX_PARALLELISM_PER_KPU,
  SCALE_DOWN_CPU_RATIO,
  SCALE_DOWN_HOURS,
  SCALE_UP_CPU_RATIO,
  SCALE_UP_MINUTES,
};

export const MANAGED_FLINK_PRICING_DOC_URL = REFS.flinkBilling.url;

/** KPUs = ceil(Parallelism / ParallelismPerKPU) + 1 orchestration KPU per application (billing and scaling pages). */
const KPU_SOURCE = derived(
  'KPUs = ceil(Parallelism ÷ ParallelismPerKPU) + 1 orchestration KPU per application',
  at(REFS.flinkScaling, 'allocated KPUs = Parallelism ÷ ParallelismPerKPU'),
  at(REFS.flinkBilling, 'a single additional KPU per application, used for orchestration'),
);
const KPU_RESOURCES = sourceOf('KPU_MEMORY_GB');
const TALK = `${REFS.reInventAnt307.event} session ${REFS.reInventAnt307.session}, "${REFS.reInventAnt307.title}"`;
const PRICE_SOURCE = derived(
  'cost = KPUs × hours × price per KPU-hour (us-east-1 prices by default; prices vary by region: inputs)',
  REFS.flinkPricing,
  REFS.flinkBilling,
);
const AUTOSCALING_SOURCE = derived(
  'autoscaling doubles Parallelism at >= 75 % CPU for 15 minutes, halves it below 10 % for 6 hours, never below the configured Parallelism; at most the KPU limit (default 64)',
  REFS.flinkAutoscaling,
  at(REFS.flinkScaling, 'default KPU limit 64'),
);

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
  /**
   * Size so that peak load keeps each subtask at this fraction of what it sustains (0 < u <= 1). Default 0.75: the
   * CPU level at which Managed Flink autoscaling scales up, so a job sized to it does not scale up at its own peak.
   */
  targetUtilization?: number;
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

/** Billed KPUs for a parallelism: ceil(Parallelism / ParallelismPerKPU) + 1 orchestration KPU. */
export function kpusFor(parallelism: number, parallelismPerKpu: number): number {
  return Math.ceil(parallelism / parallelismPerKpu) + ORCHESTRATION_KPUS;
}

/** The default target utilization: the autoscaling scale-up level (SCALE_UP_CPU_RATIO, 75 %). */
export const DEFAULT_FLINK_TARGET_UTILIZATION = SCALE_UP_CPU_RATIO;

function chainParallelism(inputRecordsPerSec: number, perSubtask: number, target: number, source: Source): Explained {
  // a tiny epsilon keeps 750 ÷ (1000 × 0.75) = 1 from rounding up to 2 on floating point
  const p = Math.max(1, Math.ceil(inputRecordsPerSec / (perSubtask * target) - 1e-9));
  return explained(
    p,
    'subtasks',
    `ceil(${fmt(inputRecordsPerSec)} records/s ÷ (${fmt(perSubtask)} records/s per subtask × ${pct(target)} target utilization)) = ${p}`,
    { inputRecordsPerSec, recordsPerSecPerSubtask: perSubtask, targetUtilization: target },
    source,
  );
}

export function sizeFlinkApplication(input: FlinkSizingInput): FlinkSizingResult {
  const warnings: string[] = [];
  const configured =
    input.parallelism !== undefined &&
    input.recordsPerSecPerSubtask === undefined &&
    input.operatorChains === undefined &&
    input.peakRecordsPerSec === undefined;
  const peak = configured
    ? 0
    : checkNumber('peakRecordsPerSec', input.peakRecordsPerSec, {
        min: 0,
        minExclusive: true,
        allowed: 'a number > 0 (or parallelism instead of the rates)',
      });
  const ppk =
    checkOptional('parallelismPerKpu', input.parallelismPerKpu, { min: 1, max: MAX_PARALLELISM_PER_KPU, integer: true }) ??
    DEFAULT_PARALLELISM_PER_KPU;
  const stateSizeGB = checkOptional('stateSizeGB', input.stateSizeGB, { min: 0 });
  const hoursPerMonth =
    checkOptional('hoursPerMonth', input.hoursPerMonth, { min: 0, max: 744, minExclusive: true }) ?? DEFAULT_HOURS_PER_MONTH;
  const kpuPrice = checkOptional('kpuHourPriceUsd', input.kpuHourPriceUsd, { min: 0 }) ?? DEFAULT_KPU_HOUR_PRICE_USD;
  const storagePrice =
    checkOptional('runningStorageGbMonthPriceUsd', input.runningStorageGbMonthPriceUsd, { min: 0 }) ??
    DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD;
  const limit = checkOptional('maxKpus', input.maxKpus, { min: 2, max: 100000, integer: true }) ?? DEFAULT_KPU_LIMIT;
  const target =
    checkOptional('targetUtilization', input.targetUtilization, { min: 0, max: 1, minExclusive: true }) ?? DEFAULT_FLINK_TARGET_UTILIZATION;

  // Parallelism: one chain (the whole job) or the largest over the chains.
  const rateSource = derived(
    'subtasks needed = ceil(peak records/s ÷ (records/s one subtask sustains × target utilization)); the default target 75 % is ' +
      'the CPU level at which autoscaling scales up, so the job keeps headroom at its own peak instead of running at 100 %',
    at(REFS.flinkScaling, 'Parallelism sets the KPUs'),
    ...publicSourcesOf(sourceOf('SCALE_UP_CPU_RATIO')),
  );
  let parallelism: Explained;
  let chains: FlinkChainParallelism[] | undefined;
  if (input.parallelism !== undefined && !configured) {
    throw new SizingInputError(
      'parallelism',
      input.parallelism,
      'nothing when the rates (peakRecordsPerSec, recordsPerSecPerSubtask or operatorChains) are given (give one of the two)',
    );
  }
  if (configured) {
    const p = checkNumber('parallelism', input.parallelism, { min: 1, max: 100000, integer: true });
    parallelism = explained(
      p,
      'subtasks',
      `configured Parallelism = ${p}`,
      { parallelism: p },
      userInput("the job's configured parallelism"),
    );
  } else if (input.recordsPerSecPerSubtask !== undefined && input.operatorChains !== undefined) {
    throw new SizingInputError(
      'operatorChains',
      `${input.operatorChains.length} chains`,
      'nothing when recordsPerSecPerSubtask is given (give one of the two)',
    );
  } else if (input.operatorChains !== undefined) {
    if (!Array.isArray(input.operatorChains) || input.operatorChains.length === 0) {
      throw new SizingInputError('operatorChains', input.operatorChains, 'at least one operator chain');
    }
    chains = input.operatorChains.map((c, i) => {
      const name = typeof c.name === 'string' && c.name ? c.name : `chain ${i + 1}`;
      const perSubtask = checkNumber(`operatorChains[${i}].recordsPerSecPerSubtask`, c.recordsPerSecPerSubtask, {
        min: 0,
        minExclusive: true,
      });
      const inRate = checkOptional(`operatorChains[${i}].inputRecordsPerSec`, c.inputRecordsPerSec, { min: 0 }) ?? peak;
      return { name, parallelism: chainParallelism(inRate, perSubtask, target, rateSource) };
    });
    const max = chains.reduce((a, c) => Math.max(a, c.parallelism.value), 0);
    parallelism = explained(
      max,
      'subtasks',
      `max(${chains.map((c) => `${c.name} ${c.parallelism.value}`).join(', ')}) = ${max}`,
      Object.fromEntries(chains.map((c) => [c.name, c.parallelism.value])),
      derived(
        'Parallelism = the highest chain parallelism: with slot sharing a job needs as many slots as its highest operator parallelism',
        at(REFS.flinkResources, 'operator parallelism and task slots'),
      ),
    );
    const min = chains.reduce((a, c) => Math.min(a, c.parallelism.value), Infinity);
    if (chains.length > 1 && max > 2 * min) {
      warnings.push(
        `Operator chains need ${min} to ${max} subtasks: uneven operator parallelism leaves some task managers hot, others idle (${TALK}).`,
      );
    }
  } else {
    const perSubtask = checkNumber('recordsPerSecPerSubtask', input.recordsPerSecPerSubtask, {
      min: 0,
      minExclusive: true,
      allowed: 'a number > 0 (or operatorChains instead)',
    });
    parallelism = chainParallelism(peak, perSubtask, target, rateSource);
  }

  const p = parallelism.value;
  const parallelismPerKpu = given(
    ppk,
    'subtasks/KPU',
    'ParallelismPerKPU',
    input.parallelismPerKpu === undefined ? sourceOf('DEFAULT_PARALLELISM_PER_KPU') : userInput('parallelismPerKpu'),
  );
  const worker = Math.ceil(p / ppk);
  const workerKpus = explained(
    worker,
    'KPU',
    `ceil(${p} ÷ ${ppk}) = ${worker}`,
    { parallelism: p, parallelismPerKpu: ppk },
    derived(
      'worker KPUs = ceil(Parallelism ÷ ParallelismPerKPU)',
      at(REFS.flinkScaling, 'allocated KPUs = Parallelism ÷ ParallelismPerKPU'),
    ),
  );
  const total = worker + ORCHESTRATION_KPUS;
  const kpus = explained(
    total,
    'KPU',
    `ceil(${p} ÷ ${ppk}) + ${ORCHESTRATION_KPUS} orchestration KPU = ${worker} + ${ORCHESTRATION_KPUS} = ${total}`,
    { parallelism: p, parallelismPerKpu: ppk },
    KPU_SOURCE,
  );

  const memoryPerKpuGB = given(KPU_MEMORY_GB, 'GB', 'memory per KPU', KPU_RESOURCES);
  const perSubtaskMemory = KPU_MEMORY_GB / ppk;
  const memoryPerSubtaskGB = explained(
    perSubtaskMemory,
    'GB',
    `${KPU_MEMORY_GB} GB per KPU ÷ ${ppk} subtasks per KPU = ${fmt(perSubtaskMemory)} GB`,
    { memoryPerKpuGB: KPU_MEMORY_GB, parallelismPerKpu: ppk },
    derived(
      'memory per subtask = memory per KPU ÷ ParallelismPerKPU: the subtasks of a KPU share its memory',
      ...publicSourcesOf(KPU_RESOURCES),
    ),
  );
  const runningStoragePerKpuGB = given(KPU_RUNNING_STORAGE_GB, 'GB', 'running storage per KPU', KPU_RESOURCES);

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
    const stateSource = derived(
      'state per KPU = state ÷ worker KPUs: the KPUs running subtasks hold the state (the orchestration KPU holds none)',
      ...publicSourcesOf(KPU_RESOURCES),
    );
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
      derived(
        'worker KPUs whose running storage holds the state = ceil(state ÷ running storage per KPU)',
        ...publicSourcesOf(KPU_RESOURCES),
      ),
    );
    if (perKpu > KPU_RUNNING_STORAGE_GB) {
      result.stateLevel = 'exceedsRunningStorage';
      warnings.push(
        `State per KPU ${fmt(perKpu)} GB exceeds the ${KPU_RUNNING_STORAGE_GB} GB running storage of a KPU: ` +
          `at least ${needed} worker KPUs are needed to hold ${fmt(stateSizeGB)} GB (raise Parallelism or lower ParallelismPerKPU); enforce state TTLs (${REFS.flinkStateTtl.title}).`,
      );
    } else if (perKpu > KPU_MEMORY_GB) {
      result.stateLevel = 'exceedsMemory';
      warnings.push(
        `State per KPU ${fmt(perKpu)} GB exceeds the ${KPU_MEMORY_GB} GB memory of a KPU: it lives on disk (RocksDB, running storage), so state access costs I/O.`,
      );
    } else {
      result.stateLevel = 'ok';
    }
  }

  const priceSource = PRICE_SOURCE;
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
    derived(
      'running storage cost = worker KPUs × 50 GB × price per GB-month (the orchestration KPU is not counted)',
      REFS.flinkPricing,
      ...publicSourcesOf(KPU_RESOURCES),
    ),
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

function autoscalingRange(
  p: number,
  ppk: number,
  limit: number,
  hoursPerMonth: number,
  kpuPrice: number,
  warnings: string[],
): FlinkAutoscaling {
  const source = AUTOSCALING_SOURCE;
  const cappedSource = derived(
    `${AUTOSCALING_SOURCE.formula}; a doubling that would pass the limit is counted as stopping at the limit`,
    ...AUTOSCALING_SOURCE.from,
  );
  const cost = (parallelism: number) => roundCents(kpusFor(parallelism, ppk) * hoursPerMonth * kpuPrice);
  const steps: FlinkAutoscalingStep[] = [{ parallelism: p, kpus: kpusFor(p, ppk), monthlyKpuCostUsd: cost(p), cappedAtLimit: false }];
  const atLimit = (limit - 1) * ppk; // the largest parallelism whose KPUs (incl. orchestration) fit the limit
  if (kpusFor(p, ppk) > limit) {
    warnings.push(
      `${kpusFor(p, ppk)} KPUs exceed the ${limit} KPU limit per application: request a quota increase, or raise ParallelismPerKPU.`,
    );
  } else {
    for (let current = p; ;) {
      const doubled = current * 2;
      if (kpusFor(doubled, ppk) <= limit) {
        steps.push({ parallelism: doubled, kpus: kpusFor(doubled, ppk), monthlyKpuCostUsd: cost(doubled), cappedAtLimit: false });
        current = doubled;
        continue;
      }
      if (atLimit > current)
        steps.push({ parallelism: atLimit, kpus: kpusFor(atLimit, ppk), monthlyKpuCostUsd: cost(atLimit), cappedAtLimit: true });
      break;
    }
  }
  const top = steps[steps.length - 1];
  if (top.parallelism > FLINK_MAX_PARALLELISM_NOTICE) {
    warnings.push(
      `Autoscaling can reach parallelism ${top.parallelism} (> ${FLINK_MAX_PARALLELISM_NOTICE}): set setMaxParallelism explicitly so keyed state can be rescaled (${REFS.flinkProductionReady.title}).`,
    );
  }
  const chain = steps.map((s) => `${s.parallelism}${s.cappedAtLimit ? ' (limit)' : ''}`).join(' → ');
  return {
    kpuLimit: given(
      limit,
      'KPU',
      'KPU limit per application',
      limit === DEFAULT_KPU_LIMIT ? sourceOf('DEFAULT_KPU_LIMIT') : userInput('maxKpus'),
    ),
    minParallelism: explained(p, 'subtasks', `configured Parallelism = ${p} (autoscaling never goes below it)`, { parallelism: p }, source),
    minKpus: explained(
      steps[0].kpus,
      'KPU',
      `ceil(${p} ÷ ${ppk}) + 1 = ${steps[0].kpus}`,
      { parallelism: p, parallelismPerKpu: ppk },
      source,
    ),
    maxParallelism: explained(
      top.parallelism,
      'subtasks',
      `doubling ${chain}; the next doubling would need ${kpusFor(top.parallelism * 2, ppk)} KPUs > limit ${limit}`,
      { parallelism: p, parallelismPerKpu: ppk, maxKpus: limit },
      top.cappedAtLimit ? cappedSource : source,
    ),
    maxKpus: explained(
      top.kpus,
      'KPU',
      `ceil(${top.parallelism} ÷ ${ppk}) + 1 = ${top.kpus}`,
      { parallelism: top.parallelism, parallelismPerKpu: ppk },
      top.cappedAtLimit ? cappedSource : source,
    ),
    maxMonthlyCostUsd: explained(
      top.monthlyKpuCostUsd,
      'USD',
      `${top.kpus} KPUs × ${fmt(hoursPerMonth)} h × $${fmt(kpuPrice, 4)} = $${fmt(top.monthlyKpuCostUsd)} (KPUs only, if it stayed scaled out all month)`,
      { kpus: top.kpus, hoursPerMonth, kpuHourPriceUsd: kpuPrice },
      derived('cost at the most KPUs = the largest KPU count × hours × price per KPU-hour', REFS.flinkPricing),
    ),
    steps,
    scaleUpRule: `Doubles Parallelism when max containerCPUUtilization >= ${pct(SCALE_UP_CPU_RATIO, 0)} for ${SCALE_UP_MINUTES} minutes (${REFS.flinkAutoscaling.title}).`,
    scaleDownRule: `Halves Parallelism (rounded up) when CPU < ${pct(SCALE_DOWN_CPU_RATIO, 0)} for ${SCALE_DOWN_HOURS} hours, never below the configured ${p} (${REFS.flinkAutoscaling.title}).`,
  };
}
