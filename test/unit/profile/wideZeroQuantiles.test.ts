import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { summaryOf, zeroSignsUnsure } from '../../../src/core/profile/sortedValues';
import { batchedAndWhole, writeWideParquet } from './wideFixture';

/**
 * Issue 18 (found in the sixth session): the wide profile's batches take a numeric column's quantiles from its
 * sorted values (−0 sorted before 0), where quantile_cont (the unbatched profile) takes them from the values in
 * table order after std::nth_element, which treats −0 and 0 as equal and leaves either at a position. Both
 * interpolate as lo·(1 − d) + hi·d, so a quantile between zeros of both signs could be −0 batched and 0 unbatched
 * (JSON prints both as 0, markdown "-0"). Measured on the engine: which zero quantile_cont gives depends on the
 * order of the zeros in the table ([−0, 0, 0, −0 …] and [0, −0 …] differ), so no rule on sorted values equals it;
 * those columns (zeros of both signs and a zero quantile) take their quantiles from quantile_cont.
 */
describe('wide profile: quantiles among zeros of both signs', function () {
  this.timeout(120000);
  const ROWS = 2000;
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-zeros-'));
  const file = join(dir, 'wide.parquet');
  // Zeros of both signs among values distinct enough that the Parquet writer keeps no dictionary (a dictionary
  // keeps one zero: every zero of a dictionary-encoded column reads back with the first zero's sign).
  const other = (j: number) => `(hash(i, ${j}) % 1000000)::DOUBLE / 7 - 70000`;
  const kinds = [
    (j: number) => `CASE WHEN i % 5 = 0 THEN '-0'::DOUBLE WHEN i % 5 = 1 THEN '0'::DOUBLE WHEN i % 5 = 2 THEN '-0'::DOUBLE ELSE ${other(j)} END AS "alt${j}"`,
    (j: number) => `CASE WHEN i % 5 < 3 THEN (CASE WHEN hash(i, ${j}) % 2 = 0 THEN '-0' ELSE '0' END)::DOUBLE ELSE ${other(j)} END AS "rnd${j}"`,
    (j: number) => `CASE WHEN i % 5 < 3 THEN (CASE WHEN i < ${ROWS / 2} THEN '0' ELSE '-0' END)::DOUBLE ELSE ${other(j)} END AS "pos${j}"`,
    (j: number) => `CASE WHEN i % 5 < 3 THEN (CASE WHEN i < ${ROWS / 2} THEN '-0' ELSE '0' END)::DOUBLE ELSE ${other(j)} END AS "neg${j}"`,
    (j: number) => `CASE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN 'nan'::DOUBLE WHEN i % 5 < 3 THEN (CASE WHEN hash(i, ${j}) % 3 = 0 THEN '0' ELSE '-0' END)::DOUBLE ELSE ${other(j)} END AS "nul${j}"`,
    (j: number) => `CASE WHEN i % 5 < 3 THEN '-0'::DOUBLE ELSE ${other(j)} END AS "one${j}"`,
    (j: number) => `((hash(i, ${j}) % 50000)::INTEGER - 25000) AS "int${j}"`,
    (j: number) => `round((hash(i, ${j}) % 100000)::DOUBLE / 7 - 5000, 3) AS "dbl${j}"`,
  ];
  const COLS = 48; // six of each kind, in batches of 24 (wide tables: more than WIDE_COLUMNS)

  before(() => writeWideParquet(file, Array.from({ length: COLS }, (_, j) => kinds[j % kinds.length]!(j)), ROWS));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('equals the unbatched profile (quantile_cont) zero signs included, and only those columns go to quantile_cont', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const { batched, whole, sql } = await batchedAndWhole(engine, file, { batchColumns: 24 });
      assert.deepEqual(batched, whole);
      // The cases are there: zero quantiles of both signs (from quantile_cont), and columns with one sign of zero.
      const signs = batched.columns.flatMap((c) => Object.values(c.numeric?.quantiles ?? {}).filter((q) => q === 0).map((q) => (Object.is(q, -0) ? '-0' : '0')));
      assert.ok(signs.includes('-0') && signs.includes('0'), `zero quantiles of both signs: ${[...new Set(signs)].join(', ')}`);
      const byName = new Map(batched.columns.map((c) => [c.name, c.numeric!]));
      assert.ok(Object.is(byName.get('one5')!.quantiles.p50, -0), 'only −0 among the zeros: −0 from the sorted values');
      const engineQuantiles = sql.filter((s) => s.includes('"ml_batch_') && s.includes('quantile_cont'));
      const named = new Set(engineQuantiles.flatMap((s) => [...s.matchAll(/isfinite\("(\w+)"\)/g)].map((m) => m[1]!.replace(/\d+$/, ''))));
      assert.deepEqual([...named].sort(), ['alt', 'neg', 'nul', 'pos', 'rnd']);
    } finally {
      engine.close();
    }
  });

  it('zeroSignsUnsure: a zero quantile where the values hold −0 and 0', () => {
    const levels = [0, 0.25, 0.5, 0.75, 1];
    const both = Float64Array.from([-1, -0, -0, 0, 0, 2]);
    assert.equal(zeroSignsUnsure(both, summaryOf(both, levels).quantiles), true);
    const negative = Float64Array.from([-1, -0, -0, 2]);
    assert.equal(zeroSignsUnsure(negative, summaryOf(negative, levels).quantiles), false, 'one sign of zero: the sorted values are exact');
    const away = Float64Array.from([-3, -2, -0, 0, 5, 6, 7, 8, 9]);
    assert.equal(zeroSignsUnsure(away, summaryOf(away, [0.01, 0.99]).quantiles), false, 'no zero quantile');
    assert.equal(zeroSignsUnsure(new Float64Array(0), [null]), false);
  });
});
