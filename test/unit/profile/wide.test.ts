import assert from 'node:assert/strict';
import { WIDE_COLUMNS } from '../../../src/core/data/distinctCount';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { profileDataset } from '../../../src/core/profile/profileDataset';

/**
 * Issue 18: wide tables. Above WIDE_COLUMNS columns the profile runs its first pass in column batches and its
 * distinct counts in long format (a 20-row, 500-column CSV used to end in an engine out-of-memory error).
 * Every column's numbers must equal those of a narrow profile of the same columns.
 */
describe('profile of a wide table', () => {
  let engine: Engine;
  const cols = 3 * WIDE_COLUMNS;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    const defs = Array.from({ length: cols }, (_, j) => {
      if (j % 4 === 0) return `round((hash(i, ${j}) % 1000)::DOUBLE / 13, 2) AS "n${j}"`;
      if (j % 4 === 1) return `['a', 'b', 'c', NULL][1 + (hash(i, ${j}) % 4)::INTEGER] AS "c${j}"`;
      if (j % 4 === 2) return `(hash(i, ${j}) % 2 = 0) AS "b${j}"`;
      return `CASE WHEN i % 50 = 0 THEN 'note ' || (i % 7)::VARCHAR END AS "t${j}"`;
    });
    await engine.exec(`CREATE TABLE w AS SELECT ${defs.join(', ')} FROM range(3000) r(i)`);
  });
  after(() => engine.close());

  const dataset = async (columns?: string[]): Promise<Dataset> => {
    const all = (await engine.run('DESCRIBE w')).map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
    const picked = columns ? all.filter((c) => columns.includes(c.name)) : all;
    const relation = columns ? `(SELECT ${picked.map((c) => `"${c.name}"`).join(', ')} FROM w)` : 'w';
    return { path: 'w', format: 'csv', relation, columns: picked, rows: 3000, issues: [], release: async () => undefined };
  };

  for (const exactRowLimit of [undefined, 0]) {
    it(`gives every column the numbers of a narrow profile (${exactRowLimit === 0 ? 'estimates' : 'exact'})`, async () => {
      const wide = await profileDataset(engine, await dataset(), exactRowLimit === 0 ? { exactRowLimit } : {});
      assert.equal(wide.columns.length, cols);
      for (let start = 0; start < cols; start += 16) {
        const names = wide.columns.slice(start, start + 16).map((c) => c.name);
        const narrow = await profileDataset(engine, await dataset(names), exactRowLimit === 0 ? { exactRowLimit } : {});
        for (const [k, c] of narrow.columns.entries()) {
          const w = wide.columns[start + k]!;
          if (exactRowLimit === 0 && w.numeric?.approximateQuantiles) {
            // t-digest estimates are not deterministic across runs: compare everything else.
            delete (w.numeric as { quantiles?: unknown }).quantiles;
            delete (c.numeric as { quantiles?: unknown }).quantiles;
          }
          assert.deepEqual(w, c, `column ${c.name}`);
        }
      }
      const rowsDistinct = Number((await engine.run('SELECT count(*)::INTEGER AS n FROM (SELECT DISTINCT * FROM w)'))[0]!['n']);
      assert.equal(wide.duplicateRows, 3000 - rowsDistinct);
    });
  }
});
