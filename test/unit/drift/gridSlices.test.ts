import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { bucketGroupLimit, gridSliceLimit, valuesHeld } from '../../../src/core/drift/gridValues';
import { buildGrid } from '../../../src/core/drift/numericGrid';
import { openDriftDatasets } from '../../../src/core/drift/openDriftDatasets';
import { runDrift } from '../../../src/core/drift/runDrift';
import { planColumns } from '../../../src/core/drift/columnPlan';
import { compareSides } from '../../../src/core/drift/compareSides';
import type { DriftSide } from '../../../src/core/drift/driftSide';
import type { Dataset } from '../../../src/core/data/dataset';
import { sourceOf } from '../../../src/core/plan/target';

/**
 * Issue 18, drift of two 10,000-column CSVs: the ambiguous buckets' values of all 6,000 numeric columns were read
 * before any column was tested (~1.5 GB of JavaScript memory). They are now read and tested slice by slice, each
 * slice dropped before the next; a slice never cuts a group of columns read in one pass.
 */
describe('drift: bucket values read and tested slice by slice', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-grid-slices-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds at most one slice of values at once, with the same report and the same passes as one slice', async () => {
    const engine = await Engine.create({ threads: 2 });
    const saved = { groups: { ...bucketGroupLimit }, slices: { ...gridSliceLimit } };
    try {
      // 20,000 rows, eight numeric columns holding the same values on both sides in another order: every bucket is
      // ambiguous and every value is read again (too few for the identity check). Column x has NULLs, a NaN and an
      // infinity.
      const files = [0, 1].map((side) => join(dir, `side${side}.parquet`));
      for (const [side, f] of files.entries()) {
        const i = side === 0 ? 'i' : '(19999 - i)';
        const cols = Array.from({ length: 7 }, (_c, j) => `(hash(${i}, ${j}) % 100000) / ${j + 7}.0 AS n${j}`);
        await engine.exec(`COPY (SELECT ${cols.join(', ')}, CASE WHEN ${i} % 11 = 0 THEN NULL WHEN ${i} = 5 THEN 'NaN'::DOUBLE WHEN ${i} = 6 THEN 'Infinity'::DOUBLE ELSE (hash(${i}, 9) % 777) * 1.5 END AS x, 'k' || (i % 3)::VARCHAR AS g FROM range(20000) t(i)) TO '${f}' (FORMAT parquet)`);
      }
      const ds = await openDriftDatasets(engine, files);
      const run = async (sliceValues: number) => {
        Object.assign(bucketGroupLimit, { columns: 3 });
        Object.assign(gridSliceLimit, { values: sliceValues, slices: 0, peak: 0 });
        const sql: string[] = [];
        observeStatements((s) => sql.push(s));
        try {
          const report = await runDrift(engine, ds[0]!, ds[1], {});
          return { report, slices: gridSliceLimit.slices, peak: gridSliceLimit.peak, passes: sql.filter((s) => /^SELECT \("[a-z0-9]+"\)::DOUBLE AS c0, /.test(s)).length };
        } finally {
          observeStatements(undefined);
        }
      };
      const whole = await run(saved.slices.values);
      const sliced = await run(1);
      assert.equal(whole.slices, 1);
      // Seven columns to read again in groups of at most three: two groups and n6 read alone; x (777 distinct values,
      // one per bucket) needs no value. Each is a slice of its own.
      assert.equal(sliced.slices, 4);
      assert.ok(whole.peak > 250_000, `values read: ${whole.peak}`);
      assert.ok(sliced.peak <= whole.peak / 2, `peak held sliced ${sliced.peak}, whole ${whole.peak}`);
      // The same passes: both sides' grids, then one bucket-values pass per group and side.
      assert.equal(sliced.passes, whole.passes);
      assert.equal(whole.passes, 2 + 2 * 2);
      assert.deepEqual(sliced.report, whole.report);
      assert.deepEqual(sliced.report.columns.map((c) => c.column), ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'x', 'g']);
      // Without windows to follow (releaseGrids), each column's grids are dropped once it is tested: the same
      // comparison, and no plan keeps its grids.
      const side = (d: Dataset): DriftSide => ({ path: d.path, source: sourceOf(d), rows: d.rows, columns: d.columns });
      const compare = async (releaseGrids: boolean) => {
        const plan = await planColumns(engine, side(ds[0]!), side(ds[1]!), {});
        const kept = plan.plans.filter((p) => p.grids).length;
        const c = await compareSides(engine, side(ds[0]!), side(ds[1]!), plan.plans, 0.5, 1, { reference: plan.reference, current: plan.current, useCachedCounts: true, releaseGrids }, {});
        return { c, kept, after: plan.plans.filter((p) => p.grids).length };
      };
      const [keep, drop] = [await compare(false), await compare(true)];
      assert.deepEqual(drop.c, keep.c);
      assert.equal(keep.kept, 8);
      assert.equal(keep.after, 8);
      assert.equal(drop.after, 0);
      for (const d of ds) await d.release();
    } finally {
      Object.assign(bucketGroupLimit, saved.groups);
      Object.assign(gridSliceLimit, saved.slices);
      engine.close();
    }
  });

  it('a column read on its own whose buckets DuckDB groups counts its runs toward a slice, not its values (valuesHeld)', () => {
    // 10,000 values a side, multiples of 0.1 in [0, 10): 20 buckets of 500 values holding 5 distinct ones each.
    const tenths = (seed: number) => Float64Array.from({ length: 10_000 }, (_v, i) => Math.floor(((i * 7919 + seed) % 10_007) / 10_007 * 100) / 10);
    const grid = (v: Float64Array) => buildGrid(v, 0, 10, 20);
    const buckets = Array.from({ length: 20 }, (_b, k) => k);
    const few = { column: 'x', r: grid(tenths(1)), c: grid(tenths(2)), buckets };
    // Read on its own: DuckDB returns each bucket's distinct values once with a count (at most 5 runs a bucket and side).
    assert.equal(valuesHeld(few, false), 2 * (20 * 5 + 20 * 5));
    // In a group (every value streamed to JavaScript), and at full precision (no grouping), the values count.
    assert.equal(valuesHeld(few, true), 20_000);
    const full = (seed: number) => Float64Array.from({ length: 10_000 }, (_v, i) => ((i * 7919 + seed) % 10_007) / 1000.7);
    assert.equal(valuesHeld({ column: 'y', r: grid(full(1)), c: grid(full(2)), buckets }, false), 20_000);
  });
});
