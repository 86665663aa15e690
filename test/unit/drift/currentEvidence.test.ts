import assert from 'node:assert/strict';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { runDrift } from '../../../src/core/drift/runDrift';
import { table } from './engineTable';

/**
 * Issue 18, wide drift: a text column's kind comes from the reference, so the current side's scan counts no
 * distinct values of it (1,000 × 100k: 300 exact distinct counts that split the current side's scan into 20
 * statements, for nothing). An integer column with an identifier's name still gets its current distinct count
 * (it decides whether the few-valued numeric rule applies), and the report is the same.
 */
describe('drift: kind evidence of the current side', function () {
  this.timeout(120000);

  it('counts distinct values of text columns on the reference only', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const sql = (seed: number) => `SELECT (['a', 'b', 'c'])[1 + (hash(i, ${seed}) % 3)::BIGINT] AS s, 'w' || (hash(i, ${seed}, 2) % 900)::VARCHAR AS t, (hash(i, ${seed}, 3) % 4)::INTEGER AS user_id, (hash(i, ${seed}, 4) % 1000) / 7.0 AS x FROM range(3000) t(i)`;
      const [ref, cur] = [await table(engine, 'eref', sql(1)), await table(engine, 'ecur', sql(2))];
      const seen: string[] = [];
      observeStatements((s) => seen.push(s));
      let report;
      try {
        report = await runDrift(engine, ref, cur, {});
      } finally {
        observeStatements(undefined);
      }
      const distinct = (table: string) => seen.filter((s) => s.includes(`FROM "${table}"`) || s.includes(`FROM ${table}`)).flatMap((s) => [...s.matchAll(/count\(DISTINCT "([a-z_]+)"\)/g)].map((m) => m[1]));
      assert.deepEqual(distinct('eref').sort(), ['s', 't', 'user_id']);
      assert.deepEqual(distinct('ecur'), ['user_id']);
      assert.deepEqual(report.columns.map((c) => [c.column, c.kind]), [['s', 'categorical'], ['t', 'categorical'], ['user_id', 'numeric'], ['x', 'numeric']]);
    } finally {
      engine.close();
    }
  });
});
