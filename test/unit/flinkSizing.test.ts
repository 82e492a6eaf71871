// Managed Service for Apache Flink sizing: expectations computed by hand in the comments.
// KPUs = ceil(Parallelism / ParallelismPerKPU) + 1; a KPU has 4 GB memory and 50 GB running storage;
// us-east-1: $0.11 per KPU-hour, $0.10 per GB-month of running storage (Managed Service for Apache Flink pricing page;
// the orchestration KPU: its billing page). Every constant and its source: docs/SOURCES.md.
import assert from 'node:assert/strict';
import { SizingInputError } from '../../src/core/sizing/explained';
import { kpusFor, sizeFlinkApplication, type FlinkSizingInput } from '../../src/core/sizing/flinkSizing';
import { sourceText } from '../../src/core/sources';

function close(actual: number, expected: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what} ${actual} ≈ ${expected}`);
}

function rejects(input: () => unknown, ...parts: string[]): void {
  assert.throws(input, (err: unknown) => {
    assert.ok(err instanceof SizingInputError, `expected a SizingInputError, got ${String(err)}`);
    for (const p of parts) assert.ok(err.message.includes(p), `"${err.message}" should include "${p}"`);
    return true;
  });
}

// targetUtilization 1: these tests check the KPU and cost arithmetic at exactly the subtasks the rate needs; the
// headroom (default 75 %) has its own tests below.
const app = (over: Partial<FlinkSizingInput> = {}): FlinkSizingInput => ({
  peakRecordsPerSec: 19_000,
  recordsPerSecPerSubtask: 1_000,
  targetUtilization: 1,
  ...over,
});

describe('Flink sizing: headroom (target utilization)', () => {
  it('sizes to 75 % of what a subtask sustains by default: ceil(19,000 ÷ (1,000 × 0.75)) = 26 subtasks, 27 KPUs', () => {
    const r = sizeFlinkApplication({ peakRecordsPerSec: 19_000, recordsPerSecPerSubtask: 1_000 });
    assert.equal(r.parallelism.value, 26);
    assert.equal(r.kpus.value, 27);
    assert.match(r.parallelism.formula, /ceil\(19,000 records\/s ÷ \(1,000 records\/s per subtask × 75 % target utilization\)\) = 26/);
    // exactly at the target is not rounded up by floating point: 750 ÷ (1,000 × 0.75) = 1
    assert.equal(sizeFlinkApplication({ peakRecordsPerSec: 750, recordsPerSecPerSubtask: 1_000 }).parallelism.value, 1);
  });

  it('takes another target, and 1 means no headroom; rejects 0 and above 1', () => {
    assert.equal(sizeFlinkApplication(app({ targetUtilization: 0.5 })).parallelism.value, 38);
    assert.equal(sizeFlinkApplication(app({ targetUtilization: 1 })).parallelism.value, 19);
    rejects(() => sizeFlinkApplication(app({ targetUtilization: 0 })), 'targetUtilization = 0', '> 0');
    rejects(() => sizeFlinkApplication(app({ targetUtilization: 1.2 })), 'targetUtilization = 1.2', '<= 1');
  });
});

describe('Flink sizing: KPUs and the monthly cost', () => {
  it('bills 20 KPUs (19 for the job + 1 orchestration) × 720 h × $0.11 = $1,584 for parallelism 19', () => {
    // Parallelism ceil(19,000 ÷ 1,000) = 19; KPUs 19 + 1 = 20; 20 × 720 × 0.11 = 1,584.00.
    const r = sizeFlinkApplication(app());
    assert.equal(r.parallelism.value, 19);
    assert.equal(r.kpus.value, 20);
    assert.equal(r.monthlyKpuCostUsd.value, 1584);
    assert.match(r.monthlyKpuCostUsd.formula, /^20 KPUs × 720 h × \$0\.11 per KPU-hour = \$1,584$/);
    assert.match(r.kpus.formula, /^ceil\(19 ÷ 1\) \+ 1 orchestration KPU = 19 \+ 1 = 20$/);
  });

  it('counts the orchestration KPU once per application, whatever the parallelism', () => {
    // Parallelism 40: 40 + 1 = 41 KPUs; 41 × 720 × 0.11 = 3,247.20.  ParallelismPerKPU 4: ceil(40 ÷ 4) + 1 = 11.
    assert.equal(sizeFlinkApplication(app({ peakRecordsPerSec: 40_000 })).monthlyKpuCostUsd.value, 3247.2);
    assert.equal(sizeFlinkApplication(app({ peakRecordsPerSec: 40_000, parallelismPerKpu: 4 })).kpus.value, 11);
  });

  it('adds running storage for the worker KPUs and takes prices and hours as inputs', () => {
    // 19 worker KPUs × 50 GB × $0.10 = $95; total 1,584 + 95 = 1,679.
    const r = sizeFlinkApplication(app());
    assert.equal(r.monthlyRunningStorageCostUsd.value, 95);
    assert.equal(r.monthlyCostUsd.value, 1679);
    // Another region's prices, 10 days: 20 KPUs × 240 h × $0.13 = 624; 19 × 50 × $0.12 = 114.
    const other = sizeFlinkApplication(app({ kpuHourPriceUsd: 0.13, runningStorageGbMonthPriceUsd: 0.12, hoursPerMonth: 240 }));
    assert.equal(other.monthlyKpuCostUsd.value, 624);
    assert.equal(other.monthlyRunningStorageCostUsd.value, 114);
  });

  it('packs subtasks with ParallelismPerKPU 1..8 and splits KPU memory between them', () => {
    // Parallelism 20, 8 per KPU: ceil(20 ÷ 8) + 1 = 3 + 1 = 4; 4 GB ÷ 8 = 0.5 GB per subtask.
    const r = sizeFlinkApplication(app({ peakRecordsPerSec: 20_000, parallelismPerKpu: 8 }));
    assert.equal(r.workerKpus.value, 3);
    assert.equal(r.kpus.value, 4);
    assert.equal(r.memoryPerSubtaskGB.value, 0.5);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((ppk) => kpusFor(20, ppk)),
      [21, 11, 8, 6, 5, 5, 4, 4],
    );
  });

  it('rejects ParallelismPerKPU outside 1..8 with the input, the value and the range', () => {
    for (const bad of [0, 9, 2.5, -1])
      rejects(() => sizeFlinkApplication(app({ parallelismPerKpu: bad })), `parallelismPerKpu = ${bad}`, 'a whole number from 1 to 8');
  });

  it('rejects other nonsense', () => {
    rejects(() => sizeFlinkApplication(app({ peakRecordsPerSec: 0 })), 'peakRecordsPerSec = 0', '> 0');
    rejects(
      () => sizeFlinkApplication(app({ recordsPerSecPerSubtask: undefined })),
      'recordsPerSecPerSubtask = (missing)',
      'or operatorChains',
    );
    rejects(
      () => sizeFlinkApplication(app({ operatorChains: [{ name: 'x', recordsPerSecPerSubtask: 1 }] })),
      'operatorChains',
      'give one of the two',
    );
    rejects(() => sizeFlinkApplication(app({ hoursPerMonth: 800 })), 'hoursPerMonth = 800', '<= 744');
    rejects(() => sizeFlinkApplication(app({ stateSizeGB: -5 })), 'stateSizeGB = -5', '>= 0');
    rejects(() => sizeFlinkApplication(app({ maxKpus: 1 })), 'maxKpus = 1', 'a whole number');
  });
});

describe('Flink sizing: parallelism per operator chain', () => {
  it('sizes each chain from its own rate and runs the job at the largest, warning about uneven chains', () => {
    // source+parse ceil(20,000 ÷ 5,000) = 4; window ceil(8,000 ÷ 1,000) = 8; sink ceil(8,000 ÷ 10,000) = 1 -> 8.
    const r = sizeFlinkApplication({
      peakRecordsPerSec: 20_000,
      targetUtilization: 1,
      operatorChains: [
        { name: 'source+parse', recordsPerSecPerSubtask: 5_000 },
        { name: 'window', recordsPerSecPerSubtask: 1_000, inputRecordsPerSec: 8_000 },
        { name: 'sink', recordsPerSecPerSubtask: 10_000, inputRecordsPerSec: 8_000 },
      ],
    });
    assert.deepEqual(
      r.chains!.map((c) => [c.name, c.parallelism.value]),
      [
        ['source+parse', 4],
        ['window', 8],
        ['sink', 1],
      ],
    );
    assert.equal(r.parallelism.value, 8);
    assert.equal(r.kpus.value, 9);
    assert.ok(r.warnings.some((w) => w.includes('uneven operator parallelism')));
    rejects(
      () => sizeFlinkApplication({ peakRecordsPerSec: 1, operatorChains: [{ name: 'a', recordsPerSecPerSubtask: 0 }] }),
      'operatorChains[0].recordsPerSecPerSubtask = 0',
    );
  });
});

describe('Flink sizing: state per KPU against 4 GB memory and 50 GB running storage', () => {
  // Parallelism 4 (4,000 ÷ 1,000), 1 per KPU -> 4 worker KPUs.
  const withState = (stateSizeGB: number) => sizeFlinkApplication(app({ peakRecordsPerSec: 4_000, stateSizeGB }));

  it('is fine when the state fits in memory', () => {
    const r = withState(10); // 10 ÷ 4 = 2.5 GB per KPU
    close(r.statePerKpuGB!.value, 2.5);
    assert.equal(r.stateLevel, 'ok');
  });

  it('warns when the state spills from memory to running storage', () => {
    const r = withState(100); // 25 GB per KPU: > 4 GB memory, < 50 GB storage
    assert.equal(r.stateLevel, 'exceedsMemory');
    assert.ok(r.warnings.some((w) => w.includes('exceeds the 4 GB memory')));
  });

  it('warns when the state exceeds running storage and says how many KPUs hold it', () => {
    const r = withState(300); // 75 GB per KPU > 50; ceil(300 ÷ 50) = 6 worker KPUs needed
    assert.equal(r.stateLevel, 'exceedsRunningStorage');
    assert.equal(r.minWorkerKpusForState!.value, 6);
    assert.ok(r.warnings.some((w) => w.includes('exceeds the 50 GB running storage') && w.includes('at least 6 worker KPUs')));
  });
});

describe('Flink sizing: autoscaling range', () => {
  it('doubles from the configured parallelism and is capped at 64 KPUs', () => {
    // 10 (11 KPUs) -> 20 (21) -> 40 (41) -> 80 would need 81 > 64: capped at (64 − 1) × 1 = 63 (64 KPUs).
    const a = sizeFlinkApplication(app({ peakRecordsPerSec: 10_000 })).autoscaling;
    assert.deepEqual(
      a.steps.map((s) => [s.parallelism, s.kpus, s.cappedAtLimit]),
      [
        [10, 11, false],
        [20, 21, false],
        [40, 41, false],
        [63, 64, true],
      ],
    );
    assert.equal(a.minParallelism.value, 10);
    assert.equal(a.maxKpus.value, 64);
    assert.equal(a.kpuLimit.value, 64);
    assert.equal(a.maxMonthlyCostUsd.value, 5068.8); // 64 × 720 × 0.11
    assert.match(a.scaleUpRule, /75 % for 15 minutes/);
    assert.match(a.scaleDownRule, /10 % for 6 hours, never below the configured 10/);
  });

  it('caps by KPUs, not subtasks, with several subtasks per KPU, and flags parallelism above 128', () => {
    // 4 per KPU: 10 (4 KPUs), 20 (6), 40 (11), 80 (21), 160 (41); 320 needs 81 > 64 -> (64 − 1) × 4 = 252 (64 KPUs).
    const r = sizeFlinkApplication(app({ peakRecordsPerSec: 10_000, parallelismPerKpu: 4 }));
    assert.deepEqual(
      r.autoscaling.steps.map((s) => [s.parallelism, s.kpus]),
      [
        [10, 4],
        [20, 6],
        [40, 11],
        [80, 21],
        [160, 41],
        [252, 64],
      ],
    );
    assert.ok(r.warnings.some((w) => w.includes('setMaxParallelism')));
  });

  it('follows a raised KPU limit, and warns when the configured parallelism is already past it', () => {
    // Limit 200: 10, 20, 40, 80, 160 (161 KPUs); 320 needs 321 -> capped at 199 (200 KPUs).
    const raised = sizeFlinkApplication(app({ peakRecordsPerSec: 10_000, maxKpus: 200 })).autoscaling;
    assert.deepEqual(
      raised.steps.map((s) => s.parallelism),
      [10, 20, 40, 80, 160, 199],
    );
    // Parallelism 100 -> 101 KPUs > 64.
    const over = sizeFlinkApplication(app({ peakRecordsPerSec: 100_000 }));
    assert.deepEqual(
      over.autoscaling.steps.map((s) => s.parallelism),
      [100],
    );
    assert.ok(over.warnings.some((w) => w.includes('101 KPUs exceed the 64 KPU limit')));
  });

  it('explains every output with a source', () => {
    const r = sizeFlinkApplication(app({ stateSizeGB: 10 }));
    for (const e of [
      r.parallelism,
      r.kpus,
      r.workerKpus,
      r.memoryPerKpuGB,
      r.runningStoragePerKpuGB,
      r.statePerKpuGB!,
      r.monthlyCostUsd,
      r.autoscaling.maxKpus,
    ]) {
      assert.ok(e.formula.includes('='), e.formula);
      assert.ok(['url', 'derived', 'default'].includes(e.source.kind), sourceText(e.source));
      assert.doesNotMatch(sourceText(e.source), /FIELD\.md|\/work\/|\bthe talk\b/);
    }
  });
});
