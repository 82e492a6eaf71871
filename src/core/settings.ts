// The extension's settings: one table of keys (under "kafkaPlanner.") and defaults, taken from the core constants
// that the CLI and the core use too. package.json's contributes.configuration must declare exactly these keys with
// these defaults (test/unit/manifest.test.ts checks it), so a default is written once.

import { DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES } from './planner/confirmation';
import { DEFAULT_MAX_MOVES_PER_BROKER } from './planner/execution';
import { DEFAULT_GOALS, type GoalId } from './planner/plan';
import {
  DEFAULT_FLINK_TARGET_UTILIZATION,
  DEFAULT_KPU_HOUR_PRICE_USD,
  DEFAULT_PARALLELISM_PER_KPU,
  DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD,
} from './sizing/flinkSizing';
import { DEFAULT_HOT_PARTITION_COUNT } from './skew/model';
import { DEFAULT_BALANCE_TOLERANCE } from './skew/score';
import type { Severity } from './flink/rules';

/**
 * Where the embedded demo cluster is listed: once the user opens it (`whenOpened`, the first run shows the Clusters
 * view's welcome instead), from the start (`always`), or never (`never`). See explorerTree.ts demoPlacement().
 */
export type DemoClusterSetting = 'whenOpened' | 'always' | 'never';

/** Replication throttle per broker for plan durations and execution, MB/s (10^6 B/s). */
export const DEFAULT_THROTTLE_MBPS = 50;
/** Seconds between the two snapshots of "Sample rates". */
export const DEFAULT_SAMPLE_SECONDS = 30;

export const SETTING_DEFAULTS = {
  connectTimeoutMs: 5000,
  requestTimeoutMs: 15000,
  autoRefreshSeconds: 0,
  reconnectOnStartup: true,
  clusters: [] as unknown[],
  demoCluster: 'whenOpened' as DemoClusterSetting,
  'skew.balanceTolerance': DEFAULT_BALANCE_TOLERANCE,
  'skew.hotPartitions': DEFAULT_HOT_PARTITION_COUNT,
  'skew.sampleSeconds': DEFAULT_SAMPLE_SECONDS,
  'planner.tolerance': DEFAULT_BALANCE_TOLERANCE,
  'planner.throttleMBps': DEFAULT_THROTTLE_MBPS,
  'planner.movesPerBroker': DEFAULT_MAX_MOVES_PER_BROKER,
  'planner.confirmByNameAboveBytes': DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES,
  'planner.goals': [...DEFAULT_GOALS] as GoalId[],
  'planner.capacity': '',
  'sizing.kpuHourPriceUsd': DEFAULT_KPU_HOUR_PRICE_USD,
  'sizing.runningStorageGbMonthPriceUsd': DEFAULT_RUNNING_STORAGE_GB_MONTH_PRICE_USD,
  'sizing.flinkTargetUtilization': DEFAULT_FLINK_TARGET_UTILIZATION,
  'flinkLens.enabled': true,
  'flinkLens.deploymentTarget': 'self-managed' as 'self-managed' | 'managed',
  'flinkLens.disabledRules': [] as string[],
  'flinkLens.ruleSeverities': {} as Record<string, Severity | 'off'>,
  'flinkLens.defaultParallelism': 1,
  'flinkLens.parallelismPerKpu': DEFAULT_PARALLELISM_PER_KPU,
};

export type SettingKey = keyof typeof SETTING_DEFAULTS;
export const SETTINGS_SECTION = 'kafkaPlanner';
