import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { batchedAndWhole, writeWideParquet } from './wideFixture';

/**
 * Issue 18: in the wide profile's batches a text or boolean column's top values and distinct count come from one
 * GROUP BY (topDistinct.ts) instead of a count(DISTINCT) and a top-values GROUP BY. The profile must equal the
 * unbatched one whatever the values: ties in counts (broken by the text), more values than the top k, a column
 * of unique values (an identifier: no top values), an all-missing column, empty strings, two-valued text.
 */
describe('wide profile: text and boolean top values and distinct counts from one GROUP BY', function () {
  this.timeout(120000);
  const ROWS = 1200;
  const dir = mkdtempSync(join(tmpdir(), 'ml-top-distinct-'));
  const file = join(dir, 'wide.parquet');
  const kinds = [
    (j: number) => `chr(65 + (i % 4)::INTEGER) || ${j} AS "tie${j}"`, // four values, 300 rows each: ties throughout
    (j: number) => `'v' || (hash(i, ${j}) % 40) AS "many${j}"`,
    (j: number) => `'id-' || i || '-' || ${j} AS "uid${j}"`,
    (j: number) => `CASE WHEN i < 0 THEN 'x' END AS "none${j}"`,
    (j: number) => `CASE WHEN i % 3 = 0 THEN '' WHEN i % 3 = 1 THEN NULL ELSE 'Yes' END AS "two${j}"`,
    (j: number) => `CASE WHEN i % 7 = 0 THEN NULL ELSE (hash(i, ${j}) % 2 = 0) END AS "boo${j}"`,
    (j: number) => `CASE WHEN i % 5 = 0 THEN NULL ELSE 'word ' || (hash(i, ${j}) % 900) || ' more words' END AS "txt${j}"`,
    (j: number) => `(hash(i, ${j}) % 100)::DOUBLE AS "num${j}"`,
  ];
  const COLS = 80; // ten of each kind in batches of 40: wide tables

  before(() => writeWideParquet(file, Array.from({ length: COLS }, (_, j) => kinds[j % kinds.length]!(j)), ROWS));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const topValues of [10, 3]) {
    it(`top ${topValues}: equals the unbatched profile; no count(DISTINCT) of a text or boolean column`, async () => {
      const engine = await Engine.create({ threads: 2 });
      try {
        const { batched, whole, sql } = await batchedAndWhole(engine, file, { batchColumns: 40, topValues });
        assert.deepEqual(batched, whole);
        const byName = new Map(batched.columns.map((c) => [c.name, c]));
        // The cases are there.
        assert.equal(byName.get('tie0')!.top!.length, Math.min(4, topValues));
        assert.equal(byName.get('uid2')!.kind, 'identifier');
        assert.equal(byName.get('none3')!.distinct, 0);
        assert.equal(byName.get('two4')!.distinct, 2);
        assert.equal(byName.get('many1')!.top!.length, topValues);
        const counted = sql.filter((s) => s.includes('"ml_batch_')).flatMap((s) => [...s.matchAll(/count\(DISTINCT "([a-z]+)\d+"\)/g)].map((m) => m[1]!));
        assert.deepEqual([...new Set(counted)], [], 'distinct counts of the batches: from sorted values or the top values');
      } finally {
        engine.close();
      }
    });
  }
});
