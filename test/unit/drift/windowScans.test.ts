import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { DriftReport } from '../../../src/core/drift/driftReport';
import { keptValuesBudget } from '../../../src/core/drift/keptValues';
import { runDrift } from '../../../src/core/drift/runDrift';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import { asExecutor } from '../../../src/core/plan/target';

/**
 * Drift over time of one file (windowPasses.ts): every window's column scans (a window's comparison reads their
 * non-NULL counts) come from the passes' window grids and category counts (windowNonNull.ts), where one more
 * statement grouped by window read the file after everything else; when a column is in neither (a numeric
 * column counted without a grid), that statement starts once the plan is known, before pass 2.
 */
describe('drift over time: every window\'s column scans', function () {
  this.timeout(120000);
  let engine: Engine;
  let dir: string;
  const u = (k: number) => `((hash(i, ${k}) % 1000003)::DOUBLE + 0.5) / 1000003`;
  // x with NULLs, y with NULLs, NaN and ±Infinity (dropped from its grids), g text and h boolean with NULLs,
  // z one finite value, some Infinity and NULLs (counted, without a grid: its counts leave the Infinity out).
  const table = `SELECT TIMESTAMP '2026-01-05' + to_minutes((i * 97 % 30000)::BIGINT * 2) AS t,
      CASE WHEN ${u(1)} < 0.05 THEN NULL ELSE round(${u(2)} * 10 + CASE WHEN i * 97 % 30000 > 15000 THEN 0.5 ELSE 0 END, 4) END AS x,
      CASE WHEN ${u(3)} < 0.1 THEN NULL WHEN ${u(3)} < 0.11 THEN 'nan'::DOUBLE WHEN ${u(3)} < 0.12 THEN 'inf'::DOUBLE WHEN ${u(3)} < 0.13 THEN '-inf'::DOUBLE ELSE ${u(4)} END AS y,
      CASE WHEN ${u(5)} < 0.07 THEN NULL ELSE (['a', 'b', 'c'])[1 + floor(${u(6)} * 3)::BIGINT] END AS g,
      CASE WHEN ${u(7)} < 0.03 THEN NULL ELSE ${u(8)} < 0.4 END AS h,
      CASE WHEN ${u(9)} < 0.01 THEN 'inf'::DOUBLE WHEN ${u(10)} < 0.02 THEN NULL ELSE 3.0 END AS z
    FROM range(30000) r(i)`;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    dir = mkdtempSync(join(tmpdir(), 'ml-drift-winscans-'));
    await engine.exec(`COPY (SELECT * EXCLUDE (z) FROM (${table})) TO '${join(dir, 'grids.parquet')}' (FORMAT parquet)`);
    await engine.exec(`COPY (${table}) TO '${join(dir, 'counted.parquet')}' (FORMAT parquet)`);
  });
  after(() => engine.close());

  /** The same engine without its streaming fast path: every window scanned and compared on its own. */
  function windowByWindow(): PlanExecutor {
    const x = asExecutor(engine) as DuckDbExecutor;
    return Object.assign(Object.create(DuckDbExecutor.prototype) as DuckDbExecutor, x, { fast: {} });
  }

  /** Every window's values and missing rates per column (what the window scans decide), and the statements. */
  async function run(exec: Engine | PlanExecutor, file: string): Promise<{ counts: unknown[]; statements: string[] }> {
    const ds = await loadDataset(engine, join(dir, file));
    const statements: string[] = [];
    observeStatements((sql) => statements.push(sql));
    try {
      const report: DriftReport = await runDrift(exec, ds, undefined, { timeColumn: 't', window: 'week' });
      const counts = report.windows!.map((w) => w.columns.map((c) => [c.column, c.details.currentValues, c.details.currentMissingRate]));
      return { counts, statements };
    } finally {
      observeStatements(undefined);
      await ds.release();
    }
  }

  const windowScan = /AS "window_key", CAST\(count\(\*\) AS BIGINT\) AS "n", CAST\(count\("x"\)/;

  it('grid, text and boolean columns: from the passes, no statement of their own; the same counts as window by window', async () => {
    const fast = await run(engine, 'grids.parquet');
    const slow = await run(windowByWindow(), 'grids.parquet');
    assert.equal(fast.statements.filter((sql) => windowScan.test(sql)).length, 0);
    assert.equal(slow.statements.filter((sql) => windowScan.test(sql)).length, 1);
    assert.ok(fast.counts.length >= 4, `${fast.counts.length} windows`);
    assert.deepEqual(fast.counts, slow.counts);
    const y = (fast.counts[0] as [string, number, number][]).find((c) => c[0] === 'y')!;
    assert.ok(y[2] > 0.05 && y[2] < 0.15, `y's missing rate ${y[2]}: NULLs only, NaN and ±Infinity are values`);
  });

  it('a numeric column counted without a grid: the windows are scanned, from a statement issued before pass 2', async () => {
    const saved = keptValuesBudget.bytes;
    try {
      keptValuesBudget.bytes = 0; // nothing kept in memory: pass 2 streams the file again
      const fast = await run(engine, 'counted.parquet');
      const slow = await run(windowByWindow(), 'counted.parquet');
      assert.deepEqual(fast.counts, slow.counts);
      const streams = fast.statements.flatMap((sql, i) => (/ AS c0, /.test(sql) ? [i] : []));
      const scans = fast.statements.flatMap((sql, i) => (windowScan.test(sql) ? [i] : []));
      assert.equal(streams.length, 2, 'pass 1 and pass 2 stream the file');
      assert.equal(scans.length, 1, 'one grouped scan of every window');
      assert.ok(streams[0]! < scans[0]! && scans[0]! < streams[1]!, `scans at statement ${scans[0]}, streams at ${streams.join(', ')}`);
    } finally {
      keptValuesBudget.bytes = saved;
    }
  });
});
