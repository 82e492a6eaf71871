// docs/SOURCES.md and the code agree: every named constant and broker row of src/core/sizing/catalog.ts, and the
// other product constants the doc lists, appear there with the same value, and each constant's row names the public
// pages its typed source names and says when the number is unverified or a product default.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES } from '../../src/core/planner/confirmation';
import { DEFAULT_MAX_LEADER_MOVES_PER_BATCH, DEFAULT_MAX_MOVES_PER_BROKER } from '../../src/core/planner/execution';
import { TOPIC_SPREAD_MIN_GAP } from '../../src/core/planner/topics';
import { MANY_BRANCHES_THRESHOLD, MAX_PARALLELISM_SAFE_DEFAULT } from '../../src/core/flink/rules';
import { DEFAULT_SAMPLE_SECONDS, DEFAULT_THROTTLE_MBPS } from '../../src/core/settings';
import * as catalog from '../../src/core/sizing/catalog';
import { DEFAULT_FLINK_TARGET_UTILIZATION } from '../../src/core/sizing/flinkSizing';
import { DEFAULT_PARTITIONS } from '../../src/core/sizing/request';
import { DEFAULT_HOT_PARTITION_COUNT } from '../../src/core/skew/model';
import { DEFAULT_BALANCE_TOLERANCE } from '../../src/core/skew/score';
import { publicSourcesOf, unverifiedNote } from '../../src/core/sources';

const { BROKER_CATALOG, CATALOG_CONSTANTS } = catalog;
const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'SOURCES.md'), 'utf8');

/** Table rows whose first cell is `name`, by name: the cells after it. */
function rows(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    const m = /^\| `([^`]+)` \|(.*)\|$/.exec(line);
    if (!m) continue;
    assert.ok(!out.has(m[1]), `${m[1]} has two rows in docs/SOURCES.md`);
    out.set(
      m[1],
      m[2].split(' | ').map((c) => c.trim()),
    );
  }
  return out;
}

/** A value cell as the doc writes it: a plain number, or "—" for none. */
function cellValue(cell: string): number | null {
  if (cell === '—') return null;
  assert.match(cell, /^-?\d+(\.\d+)?$/, `"${cell}" is not a plain number`);
  return Number(cell);
}

describe('docs/SOURCES.md lists every sourced number with the value the code uses', () => {
  const table = rows();

  it('has a row for each named constant of catalog.ts, with its value, unit, public sources and status', () => {
    for (const [name, c] of Object.entries(CATALOG_CONSTANTS)) {
      const cells = table.get(name);
      assert.ok(cells, `docs/SOURCES.md has no row for ${name}`);
      assert.equal(cellValue(cells[0]), c.value, `${name}: the doc says ${cells[0]}, the code ${c.value}`);
      assert.equal(cells[1], c.unit, `${name}: unit`);
      const row = cells.join(' | ');
      for (const s of publicSourcesOf(c.source))
        if (s.kind === 'url') assert.ok(row.includes(`(${s.url})`), `${name}: the row links ${s.url}`);
      const status = cells[cells.length - 1];
      assert.equal(status.includes('unverified'), unverifiedNote(c.source) !== undefined, `${name}: status "${status}"`);
      assert.equal(status.includes('product default'), c.source.kind === 'default', `${name}: status "${status}"`);
    }
  });

  it('covers every number catalog.ts exports (a new constant needs a source and a row)', () => {
    const numbers = Object.entries(catalog)
      .filter(([, v]) => typeof v === 'number')
      .map(([k]) => k);
    assert.ok(numbers.length >= Object.keys(CATALOG_CONSTANTS).length);
    for (const name of numbers) {
      assert.ok(Object.hasOwn(CATALOG_CONSTANTS, name), `${name} is exported without an entry in CATALOG_CONSTANTS (value and source)`);
      assert.equal(
        (catalog as unknown as Record<string, number>)[name],
        CATALOG_CONSTANTS[name as catalog.CatalogConstantName].value,
        name,
      );
    }
  });

  it('has a row for each Standard broker type with every column equal to the catalog', () => {
    for (const t of BROKER_CATALOG) {
      if (t.kind !== 'standard') continue;
      const cells = table.get(t.id);
      assert.ok(cells, `docs/SOURCES.md has no row for ${t.id}`);
      const doc = cells.slice(0, 8).map(cellValue);
      const code = [
        t.vcpus,
        t.partitionsRecommended,
        t.partitionsMax,
        t.provisionedStorageMaxMiBPerSec,
        t.ebsBaselineMbps,
        t.ebsBurstMbps ?? null,
        t.networkBaselineGbps,
        t.networkBurstGbps ?? null,
      ];
      assert.deepEqual(doc, code, t.id);
      assert.equal(cells[8].includes('unverified'), t.verify === true, `${t.id}: status`);
    }
  });

  it('has a row for each Express broker type with every column equal to the catalog, marked unverified', () => {
    for (const t of BROKER_CATALOG) {
      if (t.kind !== 'express') continue;
      const cells = table.get(t.id);
      assert.ok(cells, `docs/SOURCES.md has no row for ${t.id}`);
      const doc = cells.slice(0, 7).map(cellValue);
      const code = [
        t.vcpus,
        t.ingressSustainedMbPerSec,
        t.ingressMaxMbPerSec,
        t.egressSustainedMbPerSec,
        t.egressMaxMbPerSec,
        t.partitionsRecommended,
        t.partitionsMax,
      ];
      assert.deepEqual(doc, code, t.id);
      assert.equal(cells[7], 'unverified: secondary source', `${t.id}: status`);
      assert.equal(t.verify, true, `${t.id} is listed as unverified but not marked verify in the catalog`);
    }
  });

  it('lists the other product constants with their values', () => {
    const others: Record<string, number> = {
      DEFAULT_BALANCE_TOLERANCE,
      DEFAULT_MAX_MOVES_PER_BROKER,
      DEFAULT_MAX_LEADER_MOVES_PER_BATCH,
      TOPIC_SPREAD_MIN_GAP,
      DEFAULT_THROTTLE_MBPS,
      DEFAULT_SAMPLE_SECONDS,
      DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES,
      DEFAULT_HOT_PARTITION_COUNT,
      DEFAULT_PARTITIONS,
      MANY_BRANCHES_THRESHOLD,
      MAX_PARALLELISM_SAFE_DEFAULT,
      DEFAULT_FLINK_TARGET_UTILIZATION,
    };
    for (const [name, value] of Object.entries(others)) {
      const cells = table.get(name);
      assert.ok(cells, `docs/SOURCES.md has no row for ${name}`);
      assert.equal(cellValue(cells[0]), value, name);
    }
  });

  it('has no row for a constant or broker type the code no longer has', () => {
    const known = new Set([
      ...Object.keys(CATALOG_CONSTANTS),
      ...BROKER_CATALOG.map((t) => t.id),
      'DEFAULT_BALANCE_TOLERANCE',
      'DEFAULT_MAX_MOVES_PER_BROKER',
      'DEFAULT_MAX_LEADER_MOVES_PER_BATCH',
      'TOPIC_SPREAD_MIN_GAP',
      'DEFAULT_THROTTLE_MBPS',
      'DEFAULT_SAMPLE_SECONDS',
      'DEFAULT_CONFIRM_BY_NAME_ABOVE_BYTES',
      'DEFAULT_HOT_PARTITION_COUNT',
      'DEFAULT_PARTITIONS',
      'MANY_BRANCHES_THRESHOLD',
      'MAX_PARALLELISM_SAFE_DEFAULT',
      'DEFAULT_FLINK_TARGET_UTILIZATION',
    ]);
    assert.deepEqual(
      [...table.keys()].filter((name) => !known.has(name)),
      [],
    );
  });

  it('states the cost example as 20 billed KPUs (19 + 1) = $1,584', () => {
    assert.match(doc, /20 KPUs \(19 for the job \+ 1 orchestration KPU\)/);
    assert.match(doc, /20 × 720 h × \$0\.11 = \$1,584\.00/);
    assert.doesNotMatch(doc, /21 × 720|21 x 720/);
  });
});
