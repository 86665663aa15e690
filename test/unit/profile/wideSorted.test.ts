import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { histogramOfSorted, summaryOf } from '../../../src/core/profile/sortedValues';
import { histogramFromCounts, quantilesFromCounts, valueCounts } from '../../../src/core/profile/valueCounts';

/**
 * Issue 18: in the wide profile's column batches (exact size), numeric columns' quantiles and histograms come from
 * their sorted values read once (profile/sortedValues.ts) instead of quantile_cont in the first pass and a
 * histogram query per column, and the batches run on one engine thread (profile/singleThread.ts). Distinct counts of the columns whose values stay
 * distinct as doubles come from the same sorted values. Every number
 * must equal the unbatched profile of the same data (quantile_cont and the SQL histograms), bit for bit, over
 * the awkward cases: NaN, ±Infinity, −0 beside 0, NULLs, FLOAT (kept on the SQL path), DECIMAL, BIGINT beyond 2^53 (distinct counts kept in SQL), constant and
 * empty columns, a value so large that ±0.5 leaves no histogram, two-valued and low-cardinality numbers.
 */
describe('wide profile: numeric columns from sorted values, one engine thread', function () {
  this.timeout(120000); // ~4 s on a quiet 2-core machine
  const ROWS = 3000;
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-sorted-'));
  const file = join(dir, 'wide.parquet');
  const kinds = [
    (j: number) => `round((hash(i, ${j}) % 100000)::DOUBLE / 7 - 5000, 3) AS "dbl${j}"`,
    (j: number) => `CASE WHEN i % 97 = 0 THEN 'nan'::DOUBLE WHEN i % 89 = 0 THEN 'inf'::DOUBLE WHEN i % 83 = 0 THEN '-inf'::DOUBLE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN -0.0 WHEN i % 13 = 0 THEN 0.0 ELSE (hash(i, ${j}) % 1000)::DOUBLE / 3 END AS "nan${j}"`,
    (j: number) => `((hash(i, ${j}) % 1000)::FLOAT / 3) AS "flt${j}"`,
    (j: number) => `((hash(i, ${j}) % 100000)::DECIMAL(12, 0) / 1000)::DECIMAL(12, 3) AS "dec${j}"`,
    (j: number) => `((hash(i, ${j}) % 50000)::INTEGER - 25000) AS "int${j}"`,
    (j: number) => `(hash(i, ${j}) % 3)::BIGINT AS "low${j}"`,
    (j: number) => `((hash(i, ${j}) % 1000000)::BIGINT * 1000000000000 + (hash(i, ${j}) % 7)::BIGINT) AS "hug${j}"`,
    (j: number) => `4.25::DOUBLE + 0 * ${j} AS "con${j}"`,
    (j: number) => `CASE WHEN i < 0 THEN ${j}::DOUBLE END AS "nul${j}"`,
    (j: number) => `CASE WHEN i % 5 = 0 THEN NULL ELSE 7e204 END AS "ext${j}"`,
    (j: number) => `CASE WHEN i = 5 THEN 1.5 + ${j} WHEN i % 3 = 0 THEN NULL ELSE 'nan'::DOUBLE END AS "one${j}"`,
    (j: number) => `(hash(i, ${j}) % 2)::DOUBLE AS "bin${j}"`,
    (j: number) => `['x', 'y', 'z'][1 + (hash(i, ${j}) % 3)::INTEGER] AS "txt${j}"`,
    (j: number) => `(hash(i, ${j}) % 2 = 0) AS "boo${j}"`,
    (j: number) => `DATE '2024-01-01' + (hash(i, ${j}) % 400)::INTEGER AS "dat${j}"`,
  ];
  const COLS = 90; // six of each kind, in batches of 40 (wide tables: more than WIDE_COLUMNS) and a last one of 10 (narrow)

  before(async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const defs = Array.from({ length: COLS }, (_, j) => kinds[j % kinds.length]!(j));
      await engine.exec(`COPY (SELECT ${defs.join(', ')} FROM range(${ROWS}) r(i)) TO '${file}' (FORMAT parquet)`);
    } finally {
      engine.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('equals the unbatched profile of the same data, and no batch statement takes quantile_cont or a histogram of a DOUBLE/integer/DECIMAL column', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const ds = await loadDataset(engine, file, { allowFileView: true });
      const sql: string[] = [];
      observeStatements((s) => sql.push(s));
      let batched;
      try {
        batched = await profileDataset(engine, ds, { batchColumns: 40 });
      } finally {
        observeStatements(undefined);
      }
      // The same data as an engine table: one unbatched profile (quantile_cont and the SQL histograms).
      await engine.exec(`CREATE TABLE whole AS SELECT * FROM ${ds.relation}`);
      const { fileScan: _s, fileView: _v, ...rest } = ds;
      const table: Dataset = { ...rest, relation: 'whole', engineTable: true };
      const whole = await profileDataset(engine, table);
      assert.deepEqual(batched, whole);
      assert.equal(batched.columns.length, COLS);
      // The cases are there: quantiles with values, a histogram, none for the too-wide range, NaN counted.
      const byName = new Map(batched.columns.map((c) => [c.name, c]));
      assert.ok(byName.get('dbl0')!.numeric!.quantiles.p50 !== null && byName.get('dbl0')!.numeric!.histogram!.counts.reduce((a, b) => a + b, 0) === ROWS);
      assert.equal(byName.get('ext9')!.numeric!.histogram, null);
      assert.ok(byName.get('nan1')!.numeric!.nonFinite > 0);
      assert.equal(byName.get('one10')!.numeric!.quantiles.p99, 11.5);

      const batchSql = sql.filter((s) => s.includes('"ml_batch_'));
      assert.ok(batchSql.length > 0);
      const quantileColumns = new Set(batchSql.flatMap((s) => [...s.matchAll(/quantile_cont\(\(?(?:CASE WHEN isfinite\()?(?:CAST\()?"(\w+)"/g)].map((m) => m[1]!.replace(/\d+$/, ''))));
      assert.deepEqual([...quantileColumns], ['flt'], `quantile_cont only for FLOAT columns: ${[...quantileColumns].join(', ')}`);
      const histogramColumns = new Set(batchSql.flatMap((s) => [...s.matchAll(/CAST\("(\w+)" AS DOUBLE\) AS "v"/g)].map((m) => m[1]!.replace(/\d+$/, ''))));
      assert.deepEqual([...histogramColumns], ['flt'], `histogram queries only for FLOAT columns: ${[...histogramColumns].join(', ')}`);
      // Wide batches (the last, narrow one counts in its first pass): distinct counts from the sorted values where
      // doubles keep values apart, count(DISTINCT) for the others.
      const distinctColumns = new Set(batchSql.filter((s) => s.startsWith(`SELECT 0 AS "_plan"`)).flatMap((s) => [...s.matchAll(/count\(DISTINCT "(\w+)"\)/g)].map((m) => m[1]!.replace(/\d+$/, ''))));
      // (text and boolean columns: from their top values' GROUP BY, below)
      assert.deepEqual([...distinctColumns].sort(), ['dat', 'flt', 'hug', 'low'], `count(DISTINCT) columns: ${[...distinctColumns].join(', ')}`);
      // Text and boolean columns of the wide batches (columns 0–79): top values and distinct count from one GROUP BY
      // (topDistinct.ts), no other GROUP BY of them; the narrow last batch (80–89) keeps its plans.
      const grouped = (s: string) => [...s.matchAll(/GROUP BY "([a-z]+)(\d+)"/g)].filter((m) => Number(m[2]) < 80).map((m) => m[1]!);
      const merged = new Set(batchSql.filter((s) => s.includes('count(*) OVER ()')).flatMap(grouped));
      assert.deepEqual([...merged].sort(), ['boo', 'txt'], `top values with distinct counts: ${[...merged].join(', ')}`);
      const plain = new Set(batchSql.filter((s) => !s.includes('count(*) OVER ()')).flatMap(grouped).filter((c) => c === 'boo' || c === 'txt'));
      assert.deepEqual([...plain], [], 'no second GROUP BY of a text or boolean column in the wide batches');
      assert.ok(sql.includes('SET threads = 1'), 'the batches run on one engine thread');
      const threads = await engine.run(`SELECT current_setting('threads') AS v`);
      assert.equal(Number(threads[0]?.['v']), 2, 'the thread count is restored');
    } finally {
      engine.close();
    }
  });

  it('a cancelled wide profile restores the engine thread count', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const ds = await loadDataset(engine, file, { allowFileView: true });
      const abort = new AbortController();
      observeStatements((s) => { if (s.includes('"ml_batch_') && s.startsWith('SELECT')) abort.abort(); });
      try {
        await assert.rejects(profileDataset(engine, ds, { batchColumns: 40, signal: abort.signal }));
      } finally {
        observeStatements(undefined);
      }
      const threads = await engine.run(`SELECT current_setting('threads') AS v`);
      assert.equal(Number(threads[0]?.['v']), 2);
    } finally {
      engine.close();
    }
  });

  it('summaryOf: quantile_cont arithmetic and numpy histograms, as the value-count path computes them', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const n of [1, 2, 3, 10, 1001]) {
      const values = Float64Array.from({ length: n }, () => Math.round(rand() * 1e6) / 997 - 300).sort();
      const levels = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];
      const s = summaryOf(values, levels, [-300, -100, 100, 300, 800]);
      const vc = valueCounts([...values].map((v) => [v, 1] as const));
      // Same order statistics as numpy's rule (value counts); interpolation within a rounding of lo·(1 − d) + hi·d.
      quantilesFromCounts(vc, levels).forEach((q, k) => assert.ok(Math.abs(q - s.quantiles[k]!) <= 1e-12 * Math.max(1, Math.abs(q)), `n ${n} level ${levels[k]}`));
      assert.equal(s.quantiles[0], values[0]);
      assert.equal(s.quantiles[levels.length - 1], values[n - 1]);
      assert.deepEqual(s.counts, histogramFromCounts(vc, [-300, -100, 100, 300, 800]));
    }
    assert.deepEqual(summaryOf(new Float64Array(0), [0.5]), { quantiles: [null] });
    // numpy's edge rule: a value exactly on an inner edge goes up, the last edge is closed.
    assert.deepEqual(histogramOfSorted(Float64Array.from([0, 1, 2, 2, 3, 4]), [0, 1, 2, 3, 4]), [1, 1, 2, 2]);
  });
});
