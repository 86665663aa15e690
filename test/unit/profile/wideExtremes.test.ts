import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { firstPassOf } from '../../../src/core/profile/sortedValues';
import { batchedAndWhole, writeWideParquet } from './wideFixture';

/**
 * Issue 18: in the wide profile's column batches, numeric columns whose quantiles come from their sorted values
 * (sortedValues.ts) take min, max, mean, std and the finite count from those values too (read in table order), so
 * the batch's first pass computes only their non-NULL count. The numbers must equal the unbatched profile's
 * (DuckDB's min, max, avg and stddev_samp over the same values cast to DOUBLE), bit for bit, including the sign of
 * a zero extreme: DuckDB keeps the first of equal values in scan order, so a column whose first zero is 0 reports
 * 0 even when −0 follows, and one whose first is −0 reports −0. A mean that overflows is DuckDB's (Infinity), and a
 * std that overflows is DuckDB's error, as before.
 * (Zeros only at the ends here: a quantile that falls on zeros of both signs is not this test's subject.)
 */
describe('wide profile: min, max, mean, std and finite count from the sorted values', function () {
  this.timeout(120000);
  const ROWS = 2000;
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-extremes-'));
  const file = join(dir, 'wide.parquet');
  const kinds = [
    (j: number) => `CASE WHEN i = 0 THEN '0'::DOUBLE WHEN i = 1 THEN '-0'::DOUBLE ELSE (1 + hash(i, ${j}) % 1000)::DOUBLE END AS "zpos${j}"`,
    (j: number) => `CASE WHEN i = 0 THEN '-0'::DOUBLE WHEN i = 1 THEN '0'::DOUBLE WHEN i = 2 THEN 'nan'::DOUBLE ELSE (1 + hash(i, ${j}) % 1000)::DOUBLE END AS "zneg${j}"`,
    (j: number) => `CASE WHEN i = 0 THEN '0'::DOUBLE WHEN i = 1 THEN '-0'::DOUBLE WHEN i % 7 = 0 THEN '-inf'::DOUBLE ELSE -(1 + hash(i, ${j}) % 1000)::DOUBLE END AS "zmaxp${j}"`,
    (j: number) => `CASE WHEN i = 0 THEN '-0'::DOUBLE WHEN i = 1 THEN '0'::DOUBLE ELSE -(1 + hash(i, ${j}) % 1000)::DOUBLE END AS "zmaxn${j}"`,
    (j: number) => `CASE WHEN i % 5 = 0 THEN NULL ELSE round((hash(i, ${j}) % 100000)::DOUBLE / 7 - 5000, 3) END AS "dbl${j}"`,
    (j: number) => `CASE WHEN i % 4 = 0 THEN 'nan'::DOUBLE WHEN i % 4 = 1 THEN 'inf'::DOUBLE WHEN i % 4 = 2 THEN '-inf'::DOUBLE END + 0 * ${j} AS "fin${j}"`,
    (j: number) => `((hash(i, ${j}) % 50000)::INTEGER - 25000) AS "int${j}"`,
    (j: number) => `((hash(i, ${j}) % 1000000)::BIGINT * 1000000000000 + (hash(i, ${j}) % 7)::BIGINT) AS "hug${j}"`,
    (j: number) => `((hash(i, ${j}) % 100000)::DECIMAL(12, 0) / 1000)::DECIMAL(12, 3) AS "dec${j}"`,
    (j: number) => `['x', 'y z'][1 + (hash(i, ${j}) % 2)::INTEGER] AS "txt${j}"`,
    (j: number) => `CASE WHEN i % 3 = 0 THEN NULL ELSE 1e308::DOUBLE + 0 * ${j} END AS "big${j}"`,
    (j: number) => `(hash(i, ${j}) % 1000)::DOUBLE * 1e150 + ${j} AS "wid${j}"`,
  ];
  const COLS = 72; // six of each kind, in batches of 36 (wide tables: more than WIDE_COLUMNS)

  before(() => writeWideParquet(file, Array.from({ length: COLS }, (_, j) => kinds[j % kinds.length]!(j)), ROWS));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('equals the unbatched profile, zero signs and overflow included, and the batch first passes take no min, max, mean, std or finite count', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const { batched, whole, sql } = await batchedAndWhole(engine, file, { batchColumns: 36 });
      assert.deepEqual(batched, whole);
      const byName = new Map(batched.columns.map((c) => [c.name, c.numeric]));
      assert.ok(Object.is(byName.get('zpos0')!.min, 0), 'min zero: the first zero read (row 0) is 0');
      assert.ok(Object.is(byName.get('zneg1')!.min, -0), 'min zero: the first zero read (row 0) is −0');
      assert.ok(Object.is(byName.get('zmaxp2')!.max, 0), 'max zero: the first zero read (row 0) is 0');
      assert.ok(Object.is(byName.get('zmaxn3')!.max, -0), 'max zero: the first zero read (row 0) is −0');
      assert.equal(byName.get('fin5')!.min, null, 'no finite value: min null');
      assert.equal(byName.get('fin5')!.nonFinite, (3 * ROWS) / 4);
      assert.equal(byName.get('big10')!.mean, Infinity, 'an overflowing mean is the engine\'s Infinity');
      assert.equal(byName.get('big10')!.std, 0);
      assert.ok(Number.isFinite(byName.get('wid11')!.std) && Number.isFinite(byName.get('dbl4')!.mean));

      const firstPasses = sql.filter((s) => s.includes('"ml_batch_') && s.includes('AS "c0_nn"'));
      assert.equal(firstPasses.length, 2);
      for (const s of firstPasses) {
        assert.doesNotMatch(s, /AS "c\d+_(min|max|mean|std|finite)"/, 'no min, max, mean, std or finite count in a batch first pass');
        assert.match(s, /AS "c\d+_lmean"/, 'the text columns\' statistics stay');
      }
      // Only the overflowing mean goes to the engine's own aggregates, one statement per batch.
      const moments = sql.filter((s) => s.includes('"ml_batch_') && /AS "c\d+_mean"/.test(s));
      assert.equal(moments.length, 2);
      for (const s of moments) assert.deepEqual([...new Set([...s.matchAll(/avg\(\(CASE WHEN isfinite\("(\w+)"\)/g)].map((m) => m[1]!.replace(/\d+$/, '')))], ['big']);
    } finally {
      engine.close();
    }
  });

  it('a std that overflows is the engine\'s out-of-range error, batched or not', async () => {
    const engine = await Engine.create({ threads: 2 });
    const over = join(dir, 'over.parquet');
    try {
      await writeWideParquet(over, Array.from({ length: 40 }, (_, j) => (j === 33 ? `CASE WHEN i % 2 = 0 THEN 1e200 ELSE -1e200 END AS "o${j}"` : `(hash(i, ${j}) % 100)::DOUBLE AS "o${j}"`)), 500);
      const ds = await loadDataset(engine, over, { allowFileView: true });
      const outOfRange = (e: Error & { code?: string }) => e.code === 'VALUE_OUT_OF_RANGE' && e.message.includes(over);
      await assert.rejects(profileDataset(engine, ds, { batchColumns: 36 }), outOfRange);
      await engine.exec(`CREATE TABLE over AS SELECT * FROM ${ds.relation}`);
      const { fileScan: _s, fileView: _v, ...rest } = ds;
      await assert.rejects(profileDataset(engine, { ...rest, relation: 'over', engineTable: true } satisfies Dataset), outOfRange);
    } finally {
      engine.close();
    }
  });

  it('firstPassOf: the sorted ends, a zero end signed as the first zero read, NULLs without values, undefined where the moments overflow', () => {
    assert.deepEqual(firstPassOf({ sorted: new Float64Array(0), nonFiniteKinds: 1, mean: null, std: null }), { min: null, max: null, finite: 0, mean: null, std: null });
    const mixed = firstPassOf({ sorted: Float64Array.from([-0, 0, 0]), nonFiniteKinds: 0, mean: 0, std: 0, firstZero: 0 });
    assert.ok(Object.is(mixed.min, 0) && Object.is(mixed.max, 0));
    const negative = firstPassOf({ sorted: Float64Array.from([-2, -0, 0]), nonFiniteKinds: 0, mean: -2 / 3, std: 1, firstZero: -0 });
    assert.equal(negative.min, -2);
    assert.ok(Object.is(negative.max, -0));
    assert.deepEqual(firstPassOf({ sorted: Float64Array.from([1.5]), nonFiniteKinds: 0, mean: 1.5, std: null }), { min: 1.5, max: 1.5, finite: 1, mean: 1.5, std: null });
    assert.deepEqual(firstPassOf({ sorted: Float64Array.from([1e308, 1e308]), nonFiniteKinds: 0, mean: Infinity, std: NaN }), { min: 1e308, max: 1e308, finite: 2, mean: undefined, std: undefined });
  });
});
