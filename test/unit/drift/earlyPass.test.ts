import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { runDrift } from '../../../src/core/drift/runDrift';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import { asExecutor, withFilter } from '../../../src/core/plan/target';
import { and, not, notNull } from '../../../src/core/plan/expr';
import { earlyPassRows, rangesFromGrids } from '../../../src/core/drift/gridForecast';
import { WindowPasses } from '../../../src/core/drift/windowPasses';
import { timeWindows, windowKeyValue } from '../../../src/core/drift/windows';
import { scanSide, scanSideInParts, type DriftSide } from '../../../src/core/drift/driftSide';
import { GridBuilder } from '../../../src/core/drift/numericGrid';

/**
 * Drift over time of a big file (earlyPassRows; 0 here) starts its first streamed pass from grids forecast by the
 * numeric columns' ranges, before the sides' grouped scan, and takes the sides' numeric counts, minima and maxima
 * from that pass's grids: the same scans, plan and report as without, one pass, one statement less work.
 */
describe('drift over time: the first pass started early (gridForecast.ts)', function () {
  this.timeout(120000);
  let engine: Engine;
  let dir: string;
  const u = (k: number) => `((hash(i, ${k}) % 1000003)::DOUBLE + 0.5) / 1000003`;
  // Ten weeks; x shifts in the later half, k is a BIGINT, c holds one value (no grid: its range is queried), g a category.
  const table = (rows: number, extra: string) => `SELECT TIMESTAMP '2026-01-05' + to_minutes((i * 97 % ${rows})::BIGINT * 10) AS t,
      round(sqrt(-2 * ln(${u(1)})) * cos(6.283185307179586 * ${u(2)}) + CASE WHEN i * 97 % ${rows} > ${rows / 2} THEN 0.4 ELSE 0 END, 3) AS x,
      CASE WHEN ${u(3)} < 0.1 THEN NULL ELSE floor(${u(4)} * 5000) / 7 END AS y,
      (floor(${u(5)} * 300) - 100)::BIGINT AS k,
      5.0::DOUBLE AS c,
      (['a', 'b', 'c'])[1 + floor(${u(6)} * 3)::BIGINT] AS g${extra}
    FROM range(${rows}) r(i)`;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    dir = mkdtempSync(join(tmpdir(), 'ml-drift-early-'));
    await engine.exec(`COPY (${table(12000, '')}) TO '${join(dir, 'plain.parquet')}' (FORMAT parquet)`);
    // late: no value in the first week (the forecast gives it a grid, the plan does not); a row without a time.
    await engine.exec(`COPY (SELECT CASE WHEN i = 7 THEN NULL ELSE t END AS t, * EXCLUDE (t) FROM (${table(12000, `, CASE WHEN i * 97 % 12000 < 1100 THEN NULL ELSE ${u(7)} END AS late, i`)})) TO '${join(dir, 'late.parquet')}' (FORMAT parquet)`);
  });
  after(() => engine.close());

  /** The embedded engine's executor, counting its streamed passes and logging when they start and when a plan grouped by side ends. */
  function counting(): { exec: PlanExecutor; passes: () => number; events: string[] } {
    const x = asExecutor(engine) as DuckDbExecutor;
    let n = 0;
    const events: string[] = [];
    const stream = x.fast.streamDoubles!;
    const exec = Object.assign(Object.create(DuckDbExecutor.prototype) as DuckDbExecutor, x, {
      fast: { streamDoubles: (...args: Parameters<typeof stream>) => { n++; events.push('pass'); return stream(...args); } },
    });
    const run = exec.run.bind(exec);
    exec.run = async (plan, options) => {
      const rows = await run(plan, options);
      if (plan.groupBy?.[0]?.name === 'side') events.push('sides');
      return rows;
    };
    return { exec, passes: () => n, events };
  }

  /** runDrift by week with the early pass from `min` rows on: its report, streamed passes and statements. */
  async function weekly(file: string, min: number): Promise<{ json: string; passes: number; seen: string[]; events: string[] }> {
    const ds = await loadDataset(engine, join(dir, file));
    const saved = earlyPassRows.min;
    earlyPassRows.min = min;
    const seen: string[] = [];
    try {
      const c = counting();
      observeStatements((sql) => seen.push(sql));
      const report = await runDrift(c.exec, ds, undefined, { timeColumn: 't', window: 'week' });
      return { json: JSON.stringify(report), passes: c.passes(), seen, events: c.events };
    } finally {
      observeStatements(undefined);
      earlyPassRows.min = saved;
      await ds.release();
    }
  }

  it('starts before the sides\' grouped scan, which no longer reads the numeric ranges, and gives the same report in one pass', async () => {
    const early = await weekly('plain.parquet', 0);
    const plain = await weekly('plain.parquet', Infinity);
    assert.equal(early.json, plain.json);
    assert.equal(early.passes, 1);
    assert.equal(plain.passes, 1);
    // The pass starts before the sides' grouped scan ends (without: after it).
    assert.equal(early.events[0], 'pass', early.events.join(', '));
    assert.equal(plain.events[0], 'sides', plain.events.join(', '));
    const sides = early.seen.findIndex((sql) => /THEN 0 ELSE 1 END/.test(sql));
    assert.ok(!/min\(CAST\("x" AS DOUBLE\)\)/.test(early.seen[sides]!), 'x\'s range from the pass\'s grids');
    assert.ok(/min\(CAST\("x" AS DOUBLE\)\)/.test(plain.seen.find((sql) => /THEN 0 ELSE 1 END/.test(sql))!), 'without: from the scan');
    // The one-valued column c has no grid: its range is queried, after the pass.
    assert.ok(early.seen.some((sql, i) => i > sides && /THEN 0 ELSE 1 END/.test(sql) && /min\(CAST\("c" AS DOUBLE\)\)/.test(sql)), 'c queried');
  });

  it('a forecast the plan does not take (a column without values in the first window, a row without a time): the pass again on the plan\'s grids, the same report', async () => {
    const early = await weekly('late.parquet', 0);
    const plain = await weekly('late.parquet', Infinity);
    assert.equal(early.json, plain.json);
    assert.equal(early.passes, plain.passes + 1);
    assert.ok(JSON.parse(early.json).windowing.rowsWithoutTime === 1);
  });

  it('scanBoth with the early pass equals scanSide on each side', async () => {
    const ds = await loadDataset(engine, join(dir, 'late.parquet'));
    const w = await timeWindows(engine, ds, 't', { unit: 'week' });
    const saved = earlyPassRows.min;
    earlyPassRows.min = 0;
    try {
      const first = w.windows[0]!;
      const later = w.windows.slice(1).reduce((n, x) => n + x.rows, 0);
      const ref: DriftSide = { path: ds.path, source: withFilter(w.base, first.where), rows: first.rows, columns: ds.columns };
      const cur: DriftSide = { path: ds.path, source: withFilter(w.base, and(notNull(windowKeyValue(w.key)), not(first.where))), rows: later, columns: ds.columns };
      const columns = ds.columns.filter((c) => c.name !== 't');
      const passes = (await WindowPasses.open(engine, w))!;
      const both = await passes.scanBoth(ref, cur, columns);
      await passes.settle();
      // The later side's kind evidence as planColumns asks scanSide for it on the embedded engine: numeric columns' only.
      const laterEvidence = columns.map((c) => /^(BIGINT|DOUBLE|INTEGER)$/.test(c.type));
      assert.deepEqual(both, [await scanSide(engine, ref, columns, true), await (await scanSideInParts(engine, cur, columns, laterEvidence)).complete()]);
      assert.equal(both![0].columns[columns.findIndex((c) => c.name === 'late')]!.nonNull, 0);
    } finally {
      earlyPassRows.min = saved;
      await w.release();
      await ds.release();
    }
  });

  it('rangesFromGrids: counts, minima and maxima of each side; a column with a dropped value or without a grid is left to query', () => {
    const spec = (column: string) => ({ column, lo: -2, hi: 10, bins: 40 });
    const grid = (values: number[]) => {
      const g = new GridBuilder(-2, 10, 40);
      g.add(Float64Array.from(values), values.length);
      return g.finish();
    };
    const columns = ['a', 'b', 'c', 's'].map((name) => ({ name, type: name === 's' ? 'VARCHAR' : 'DOUBLE' }));
    const got = rangesFromGrids(columns, [spec('a'), spec('b')], [[grid([3, -1.5, 9.25]), grid([1, NaN])], [grid([]), grid([2])]]);
    assert.deepEqual(got.missing, [1, 2]);
    assert.deepEqual(got.rows, [{ c0_nn: 3, c0_min: -1.5, c0_max: 9.25 }, { c0_nn: 0, c0_min: null, c0_max: null }]);
  });
});
