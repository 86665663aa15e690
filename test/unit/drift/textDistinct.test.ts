import assert from 'node:assert/strict';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { runDrift } from '../../../src/core/drift/runDrift';
import type { DriftSettings } from '../../../src/core/drift/driftSettings';
import { table } from './engineTable';

/**
 * Issue 18, wide drift: a wide reference's text columns get their exact distinct counts from the GROUP BY that
 * counts their categories (textDistinct.ts), not from a count(DISTINCT) in the scan beside it; a long text column
 * (its mean length decides its kind: text or identifier) still gets a count(DISTINCT) of its own. The kinds, tests
 * and scores are those of the same columns drifted narrow (under 65 columns: the scan's count(DISTINCT), as before).
 */
describe('drift: text distinct counts of a wide reference', function () {
  this.timeout(120000);

  /** 70 columns: six text columns of every kind, filled up with numeric ones. */
  const sql = (seed: number) => {
    const h = (k: number) => `hash(i, ${seed}, ${k})`;
    const cols = [
      `(['a', 'b', 'c', 'd'])[1 + (${h(1)} % 4)::BIGINT] AS cat`,
      `'w' || (${h(2)} % 1500)::VARCHAR AS many`,
      `CASE WHEN ${h(3)} % 3 = 0 THEN 'Yes' ELSE 'no' END AS yn`,
      `'id' || i::VARCHAR || '_' || ${seed}::VARCHAR AS code`,
      `'a rather long sentence of words, number ' || (${h(4)} % 50)::VARCHAR AS note`,
      `CAST(NULL AS VARCHAR) AS empty`,
    ];
    for (let j = 0; j < 64; j++) cols.push(`(${h(10 + j)} % 1000) / ${j + 3}.0 AS x${j}`);
    return `SELECT ${cols.join(', ')} FROM range(3000) t(i)`;
  };
  const text = ['cat', 'many', 'yn', 'code', 'note', 'empty'];

  it('counts distinct text values from the category counts, the same kinds and scores as a narrow drift', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const [ref, cur] = [await table(engine, 'tref', sql(1)), await table(engine, 'tcur', sql(2))];
      const seen: string[] = [];
      const drift = async (settings: DriftSettings) => {
        seen.length = 0;
        observeStatements((s) => seen.push(s));
        try {
          return await runDrift(engine, ref, cur, settings);
        } finally {
          observeStatements(undefined);
        }
      };
      const distinct = () => seen.filter((s) => s.includes('"tref"') || /\btref\b/.test(s)).flatMap((s) => [...s.matchAll(/count\(DISTINCT "([a-z]+)"\)/g)].map((m) => m[1]!));
      const wide = await drift({});
      const wideDistinct = distinct();
      const narrow = await drift({ columns: [...text, 'x0', 'x1'] });
      // The narrow drift counts every text column in its scan; the wide one only the long text column.
      assert.deepEqual([...new Set(distinct())].sort(), ['cat', 'code', 'empty', 'many', 'note', 'yn']);
      assert.deepEqual([...new Set(wideDistinct)].sort(), ['note']);
      const pick = (r: typeof wide) => ({
        columns: r.columns.filter((c) => text.includes(c.column) || c.column === 'x0' || c.column === 'x1'),
        skipped: r.skipped.filter((s) => text.includes(s.column)),
      });
      assert.deepEqual(pick(wide), pick(narrow));
      assert.deepEqual(wide.columns.filter((c) => text.includes(c.column)).map((c) => [c.column, c.kind]), [['cat', 'categorical'], ['many', 'categorical'], ['yn', 'boolean']]);
      assert.deepEqual(wide.skipped.map((s) => s.column).sort(), ['code', 'empty', 'note']);
      assert.equal(wide.columns.length, 67);
    } finally {
      engine.close();
    }
  });
});
