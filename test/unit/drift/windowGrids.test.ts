import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { DriftReport } from '../../../src/core/drift/driftReport';
import { runDrift } from '../../../src/core/drift/runDrift';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import { asExecutor } from '../../../src/core/plan/target';
import { CancelledError } from '../../../src/core/errors';
import { bucketBatchLimit } from '../../../src/core/drift/compareSides';
import { keptValuesBudget } from '../../../src/core/drift/keptValues';
import { WindowPasses } from '../../../src/core/drift/windowPasses';
import { timeWindows, windowKeyValue } from '../../../src/core/drift/windows';
import { scanSide, scanSideInParts, type DriftSide } from '../../../src/core/drift/driftSide';
import type { ColumnInfo } from '../../../src/core/data/dataset';
import { EXACT_DISTINCT_ROWS } from '../../../src/core/data/distinctCount';
import { and, not, notNull } from '../../../src/core/plan/expr';
import { withFilter } from '../../../src/core/plan/target';
import { countingStreams } from './streamWrap';

/**
 * Drift over time from two streamed passes for all windows (windowGrids.ts) against the window-by-window way
 * (the same engine without its streaming fast path: one GROUP BY grid and one bucket-values query per window
 * and column, as on warehouses). Scores agree to 1e-12 and the chart shares exactly, on windows whose grids
 * have fewer buckets than the whole comparison's (2,560 → 1,280 here), with NULLs, NaN and ±Infinity among
 * the values, a column shifted in later windows, a reference file and the first window as reference.
 */
describe('drift over time: the plan, the top-level comparison and every window from two streamed passes', function () {
  this.timeout(120000);
  let engine: Engine;
  let dir: string;
  const u = (k: number) => `((hash(i, ${k}) % 1000003)::DOUBLE + 0.5) / 1000003`;
  const table = (rows: number, seed: number, shift: number) => `SELECT TIMESTAMP '2026-01-01' + to_minutes((i * 97 % ${rows})::BIGINT * 2) AS t,
      round(sqrt(-2 * ln(${u(seed)})) * cos(6.283185307179586 * ${u(seed + 1)}) + CASE WHEN i * 97 % ${rows} > ${rows / 2} THEN ${shift} ELSE 0 END, 3) AS x,
      CASE WHEN ${u(seed + 2)} < 0.1 THEN NULL WHEN ${u(seed + 2)} < 0.101 THEN 'nan'::DOUBLE WHEN ${u(seed + 2)} < 0.102 THEN 'inf'::DOUBLE ELSE floor(${u(seed + 3)} * 5000) / 7 END AS y,
      (['a', 'b', 'c'])[1 + floor(${u(seed + 4)} * 3)::BIGINT] AS g
    FROM range(${rows}) r(i)`;
  // Windows with gaps (no rows in the week of 2 Feb: no window there), one window of a single row (1 June),
  // a row without a time, NULLs, ties, a category first seen after the first window, and three columns counted
  // by window (g, h, and z with four values and some infinities) in one statement (windowCounts.ts).
  const edgeTable = `SELECT CASE WHEN i = 1 THEN NULL WHEN i = 0 THEN TIMESTAMP '2026-06-01 12:00' ELSE TIMESTAMP '2026-01-05' + to_minutes((i * 97 % 20000)::BIGINT * 6) END AS t,
      CASE WHEN ${u(31)} < 0.1 THEN NULL ELSE round(sqrt(-2 * ln(${u(32)})) * cos(6.283185307179586 * ${u(33)}) + CASE WHEN i * 97 % 20000 > 12000 THEN 0.5 ELSE 0 END, 2) END AS x,
      floor(${u(34)} * 50) AS y,
      CASE WHEN i * 97 % 20000 > 15000 AND ${u(35)} < 0.3 THEN 'd' ELSE (['a', 'b', 'c'])[1 + floor(${u(36)} * 3)::BIGINT] END AS g,
      CASE WHEN ${u(37)} < 0.05 THEN NULL ELSE ${u(38)} < 0.3 END AS h,
      CASE WHEN ${u(39)} < 0.01 THEN 'inf'::DOUBLE ELSE floor(${u(40)} * 4) END AS z
    FROM range(20000) r(i)`;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    dir = mkdtempSync(join(tmpdir(), 'ml-drift-wingrid-'));
    await engine.exec(`COPY (${table(30000, 11, 0.4)}) TO '${join(dir, 'cur.parquet')}' (FORMAT parquet)`);
    await engine.exec(`COPY (${table(30000, 21, 0)}) TO '${join(dir, 'ref.parquet')}' (FORMAT parquet)`);
    await engine.exec(`COPY (SELECT * FROM (${edgeTable}) WHERE t IS NULL OR NOT (t >= TIMESTAMP '2026-02-02' AND t < TIMESTAMP '2026-02-09')) TO '${join(dir, 'edge.parquet')}' (FORMAT parquet)`);
  });
  after(() => engine.close());


  it('kept values against the window-by-window path: week, month and chunk windows, gaps, a one-row window, NULLs, unseen categories', async () => {
    const ds = await loadDataset(engine, join(dir, 'edge.parquet'));
    try {
      for (const [window, minWindows] of [['week', 10], ['month', 3], ['7chunks', 6]] as const) {
        const settings = { timeColumn: 't', window, test: 'wasserstein' };
        const c = counting();
        let grouped = 0;
        observeStatements((sql) => { if (/GROUPING SETS/.test(sql)) grouped++; });
        const fast = await runDrift(c.exec, ds, undefined, settings).finally(() => observeStatements(undefined));
        assert.equal(c.passes(), 1, window);
        assert.equal(grouped, 1, `${window}: g, h and z counted by window in one statement`);
        const slow = await runDrift(windowByWindow(), ds, undefined, settings);
        assertSameWindows(fast, slow, minWindows);
        assert.equal(fast.windowing!.rowsWithoutTime, 1);
        if (window === 'week') {
          assert.ok(!fast.windows!.some((w) => w.start.startsWith('2026-02-02')), 'no window for the empty week');
          const last = fast.windows!.at(-1)!;
          assert.equal(last.start.slice(0, 10), '2026-06-01');
          assert.equal(last.rows, 1);
        }
        if (window === 'month') {
          const g = fast.windows!.find((w) => w.start.startsWith('2026-03'))!.columns.find((c) => c.column === 'g')!;
          assert.ok(g.drifted, 'the category first seen in March drifts');
        }
      }
    } finally {
      await ds.release();
    }
  });

  /** The embedded engine's executor without its streaming fast path: every window compared on its own. */
  function windowByWindow(): PlanExecutor {
    const x = asExecutor(engine) as DuckDbExecutor;
    return Object.assign(Object.create(DuckDbExecutor.prototype) as DuckDbExecutor, x, { fast: {} });
  }

  /** The embedded engine's executor, counting its streamed passes. */
  const counting = () => countingStreams(engine);

  function assertSameWindows(fast: DriftReport, slow: DriftReport, minWindows: number): void {
    assert.ok(fast.windows!.length >= minWindows, `${fast.windows!.length} windows`);
    assert.equal(fast.windows!.length, slow.windows!.length);
    let compared = 0;
    // The top-level comparison (first window against all later ones, or the reference file against the whole
    // current file) and every window.
    [{ ...fast, start: 'top' }, ...fast.windows!].forEach((w, i) => {
      const s = i === 0 ? slow : slow.windows![i - 1]!;
      if (i > 0) assert.equal(w.start, (s as { start: string }).start);
      assert.deepEqual(w.dataset, s.dataset, `${w.start} dataset drift`);
      w.columns.forEach((c, j) => {
        const o = s.columns[j]!;
        assert.equal(c.column, o.column);
        assert.equal(c.test, o.test);
        assert.equal(c.drifted, o.drifted, `${w.start} ${c.column}`);
        if (c.score === null) return assert.equal(o.score, null);
        assert.ok(Math.abs(c.score - o.score!) <= 1e-12 * Math.max(1, Math.abs(o.score!)), `${w.start} ${c.column}: ${c.score} vs ${o.score}`);
        assert.deepEqual(c.details.distribution, o.details.distribution, `${w.start} ${c.column} chart`);
        assert.equal(c.details.referenceValues, o.details.referenceValues);
        assert.equal(c.details.currentValues, o.details.currentValues);
        if (c.test === 'wasserstein') compared++;
      });
    });
    assert.ok(compared >= 2 * minWindows, `${compared} Wasserstein scores compared`);
  }

  /** edge.parquet's weekly windows: their passes, the first window and the later ones as sides (the later side claiming `curRows`), the columns but t. */
  async function edgeWeeks(body: (passes: WindowPasses, sides: (curRows: number) => [DriftSide, DriftSide], columns: ColumnInfo[], laterRows: number) => Promise<void>): Promise<void> {
    const ds = await loadDataset(engine, join(dir, 'edge.parquet'));
    const w = await timeWindows(engine, ds, 't', { unit: 'week' });
    try {
      const first = w.windows[0]!;
      const sides = (curRows: number): [DriftSide, DriftSide] => [
        { path: ds.path, source: withFilter(w.base, first.where), rows: first.rows, columns: ds.columns },
        { path: ds.path, source: withFilter(w.base, and(notNull(windowKeyValue(w.key)), not(first.where))), rows: curRows, columns: ds.columns },
      ];
      await body((await WindowPasses.open(engine, w))!, sides, ds.columns.filter((c) => c.name !== 't'), w.windows.slice(1).reduce((n, x) => n + x.rows, 0));
    } finally {
      await w.release();
      await ds.release();
    }
  }

  /** The later side's kind evidence planColumns asks scanSide for on the embedded engine: numeric columns' only. */
  const laterEvidence = (columns: readonly ColumnInfo[]) => columns.map((c) => /^(BIGINT|DOUBLE|INTEGER)$/.test(c.type));

  it('both sides\' scans from one pass grouped by side equal scanSide\'s (the later side\'s evidence as the plan asks it), with exact and estimated distinct counts', async () => {
    await edgeWeeks(async (passes, sides, columns, laterRows) => {
      // rows decide exact or estimated distinct counts (EXACT_DISTINCT_ROWS): both exact, then the later side estimated.
      for (const curRows of [laterRows, EXACT_DISTINCT_ROWS + 1]) {
        const [ref, cur] = sides(curRows);
        const both = await passes.scanBoth(ref, cur, columns);
        assert.deepEqual(both, [await scanSide(engine, ref, columns, true), await (await scanSideInParts(engine, cur, columns, laterEvidence(columns))).complete()], `later side of ${curRows} rows`);
        assert.equal(both![0].columns[columns.findIndex((c) => c.name === 'g')]!.distinct, 3, 'the first window\'s a, b, c');
      }
    });
  });

  it('the later side\'s text columns: no evidence read (the first window\'s on its own); their windows\' category counts start during the scans and the plan reuses them', async () => {
    await edgeWeeks(async (passes, sides, columns) => {
      const [ref, cur] = sides(EXACT_DISTINCT_ROWS + 1);
      const seen: string[] = [];
      observeStatements((sql) => seen.push(sql));
      const both = await passes.scanBoth(ref, cur, columns);
      const before = seen.length;
      const counts = await passes.countBoth('g', false);
      const flags = await passes.countBoth('h', false);
      observeStatements(undefined);
      const g = both![1].columns[columns.findIndex((c) => c.name === 'g')]!;
      assert.equal(g.distinct, undefined);
      assert.equal(g.meanLength, undefined);
      assert.deepEqual([...counts.current.keys()].sort(), ['a', 'b', 'c', 'd']);
      assert.equal(flags.current.size, 2);
      // The old scans: g's text evidence grouped by side (both sides), and a hash sample of the later side.
      const evidence = seen.filter((sql) => /avg\(length\(CAST\("g" AS VARCHAR\)\)\)/.test(sql));
      assert.equal(evidence.length, 1, 'g\'s text evidence in one statement');
      assert.ok(!/THEN 0 ELSE 1 END/.test(evidence[0]!) && !/NOT \(/.test(evidence[0]!), 'over the first window only');
      assert.ok(!seen.some((sql) => /hash\("g"\) </.test(sql)), 'no hash sample of g');
      assert.ok(!seen.some((sql) => /count\(DISTINCT "g"\) FILTER/.test(sql)), 'no distinct count of g grouped by side');
      assert.equal(seen.filter((sql) => /GROUPING SETS/.test(sql)).length, 1, 'g and h counted by window in one statement');
      assert.equal(seen.length, before, 'the plan\'s counts of g and h are those already read');
    });
  });

  it('the first window as reference (weekly windows)', async () => {
    const ds = await loadDataset(engine, join(dir, 'cur.parquet'));
    const settings = { timeColumn: 't', window: 'week' };
    const c = counting();
    const fast = await runDrift(c.exec, ds, undefined, settings);
    // One pass in all (windowPasses.ts): the plan's grids of both sides and every window's grid, with the values
    // kept in memory (keptValues.ts), from which the ambiguous buckets' values of both sides and of every window
    // come; no plain drift run before, no second read.
    assert.equal(c.passes(), 1);
    const slow = await runDrift(windowByWindow(), ds, undefined, settings);
    assertSameWindows(fast, slow, 5);
    // The shift of x in the later half of the rows is seen in the later windows only.
    const xDrift = fast.windows!.map((w) => w.columns.find((c) => c.column === 'x')!.drifted);
    assert.deepEqual(xDrift, [false, false, true, true, true, true]);
    const y = fast.windows![3]!.columns.find((c) => c.column === 'y')!;
    assert.ok(y.details.currentMissingRate > 0.05 && (y.details.test as { currentDropped: number }).currentDropped > 0);
    await ds.release();
  });

  it('values kept in memory within a budget: none kept (two passes) or some columns kept (the others read again) give the same scores', async () => {
    const ds = await loadDataset(engine, join(dir, 'cur.parquet'));
    const settings = { timeColumn: 't', window: 'week' };
    const slow = await runDrift(windowByWindow(), ds, undefined, settings);
    const saved = keptValuesBudget.bytes;
    try {
      for (const [bytes, passes] of [[0, 2], [8 * 30000, 2], [2 * 8 * 30000, 1]] as const) {
        keptValuesBudget.bytes = bytes;
        const c = counting();
        const fast = await runDrift(c.exec, ds, undefined, settings);
        assert.equal(c.passes(), passes, `budget ${bytes}`);
        assertSameWindows(fast, slow, 5);
      }
    } finally {
      keptValuesBudget.bytes = saved;
      await ds.release();
    }
  });

  it('pass 2 reads again only the columns not kept whose buckets are wanted: not an integer column with one value per bucket', async () => {
    const file = join(dir, 'ints.parquet');
    await engine.exec(`COPY (SELECT t, x, (hash(t, x) % 20)::BIGINT AS n FROM (${table(30000, 41, 0.4)})) TO '${file}' (FORMAT parquet)`);
    const ds = await loadDataset(engine, file);
    const settings = { timeColumn: 't', window: 'week', test: 'wasserstein' };
    const saved = keptValuesBudget.bytes;
    try {
      keptValuesBudget.bytes = 0;
      const streamed: string[] = [];
      const c = counting();
      observeStatements((sql) => { if (/ AS c0, /.test(sql)) streamed.push(sql); });
      const fast = await runDrift(c.exec, ds, undefined, settings).finally(() => observeStatements(undefined));
      assert.equal(c.passes(), 2);
      assert.equal(streamed.length, 2);
      assert.match(streamed[0]!, /"n"/, 'pass 1 builds every grid');
      assert.match(streamed[1]!, /"x"/, 'x has ambiguous buckets');
      assert.doesNotMatch(streamed[1]!, /"n"/, 'n (20 integers, one per bucket) has none: not read again');
      assertSameWindows(fast, await runDrift(windowByWindow(), ds, undefined, settings), 5);
    } finally {
      keptValuesBudget.bytes = saved;
      await ds.release();
    }
  });

  it('huge sides: a column with more ambiguous values than bucketBatchLimit is compared at the top level in batches', async () => {
    const ds = await loadDataset(engine, join(dir, 'cur.parquet'));
    const settings = { timeColumn: 't', window: 'week' };
    bucketBatchLimit.values = 100;
    bucketBatchLimit.batchesRead = 0;
    try {
      const fast = await runDrift(asExecutor(engine), ds, undefined, settings);
      assert.ok(bucketBatchLimit.batchesRead >= 2, `${bucketBatchLimit.batchesRead} batches`);
      bucketBatchLimit.values = 8 * 2 ** 20;
      const slow = await runDrift(windowByWindow(), ds, undefined, settings);
      assertSameWindows(fast, slow, 5);
    } finally {
      bucketBatchLimit.values = 8 * 2 ** 20;
      await ds.release();
    }
  });

  it('a reference file against every window of the current file', async () => {
    const ref = await loadDataset(engine, join(dir, 'ref.parquet'));
    const cur = await loadDataset(engine, join(dir, 'cur.parquet'));
    const settings = { timeColumn: 't', window: 'day' };
    const c = counting();
    const fast = await runDrift(c.exec, ref, cur, settings);
    // And two over the reference file, for its grid at the windows' resolution and its bucket values.
    assert.equal(c.passes(), 6);
    const slow = await runDrift(windowByWindow(), ref, cur, settings);
    assertSameWindows(fast, slow, 40);
    await ref.release();
    await cur.release();
  });

  it('cancel (the editor\'s progress notification) stops the windows\' streamed passes', async () => {
    const ds = await loadDataset(engine, join(dir, 'cur.parquet'));
    const x = asExecutor(engine) as DuckDbExecutor;
    const stream = x.fast.streamDoubles!;
    const controller = new AbortController();
    let calls = 0;
    let batches = 0;
    const exec = Object.assign(Object.create(DuckDbExecutor.prototype) as DuckDbExecutor, x, {
      fast: {
        streamDoubles: (...args: Parameters<typeof stream>) => {
          // The first pass is over every window: cancel after its first batch.
          if (++calls !== 1) return stream(...args);
          const [source, exprs, visit, options] = args;
          return stream(source, exprs, (b, n) => { if (++batches === 1) controller.abort(); return visit(b, n); }, options);
        },
      },
    });
    await assert.rejects(runDrift(exec, ds, undefined, { timeColumn: 't', window: 'week' }, { signal: controller.signal }), CancelledError);
    assert.equal(batches, 1);
    await ds.release();
  });
});
