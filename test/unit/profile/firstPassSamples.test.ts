import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { EXACT_DISTINCT_ROWS } from '../../../src/core/data/distinctCount';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import { asExecutor } from '../../../src/core/plan/target';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import type { DatasetProfile } from '../../../src/core/profile/types';
import { assertSameProfile } from './withoutMoments';

/**
 * Issue 18 (the long Parquet profile): above the exact-size limit on the embedded engine, the distinct-count hash
 * samples are taken in the first pass, column by column (profileSql.firstPassSamplePlans), instead of in a
 * statement of their own that read every column a second time. Every number must be what the separate sample
 * statement and the one-SELECT first pass gave: the same profile through an executor that is not "local" (which
 * runs them one after the other, as before), but for the last digits of mean and std (DuckDB's parallel avg and
 * stddev_samp vary from run to run).
 */
describe('profile above the exact-size limit: distinct samples in the first pass', function () {
  this.timeout(120000);
  const ROWS = EXACT_DISTINCT_ROWS + 40000;
  const dir = mkdtempSync(join(tmpdir(), 'ml-first-samples-'));
  const file = join(dir, 'long.parquet');
  const defs = [
    `CASE WHEN i % 97 = 0 THEN 'nan'::DOUBLE WHEN i % 89 = 0 THEN 'inf'::DOUBLE WHEN i % 13 = 0 THEN NULL ELSE (hash(i, 1) % 1000000)::DOUBLE / 7 END AS "dbl"`,
    `(hash(i, 2) % 40)::INTEGER AS "low"`,
    `((hash(i, 3) % 100000)::DECIMAL(12, 0) / 100)::DECIMAL(12, 2) AS "dec"`,
    `((hash(i, 4) % 5000)::FLOAT / 3) AS "flt"`,
    `'id_' || i AS "id"`,
    `CASE WHEN i % 11 = 0 THEN NULL ELSE ['a b', 'c', 'dd e f'][1 + (hash(i, 5) % 3)::INTEGER] END AS "txt"`,
    `DATE '2024-01-01' + (hash(i, 6) % 300)::INTEGER AS "day"`,
    `(hash(i, 7) % 2 = 0) AS "flag"`,
  ];

  before(async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      await engine.exec(`COPY (SELECT ${defs.join(', ')} FROM range(${ROWS}) r(i)) TO '${file}' (FORMAT parquet)`);
    } finally {
      engine.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('no statement reads a column only for its sample, and the profile is the one of the separate statements', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const ds = await loadDataset(engine, file);
      const sql: string[] = [];
      observeStatements((s) => sql.push(s));
      let merged: DatasetProfile;
      try {
        merged = await profileDataset(engine, ds);
      } finally {
        observeStatements(undefined);
      }
      // The distinct samples (not the duplicate sample, a hash of whole rows): each taken once, by the first pass
      // (numeric columns with finite extremes in the footer, such as low, take nothing else there: streamedNumeric.ts).
      for (const name of ['dbl', 'low', 'id', 'txt']) {
        const takers = sql.filter((s) => new RegExp(`hash\\("${name}"\\) < \\d+::UBIGINT`).test(s));
        assert.equal(takers.length, 1, `one statement takes ${name}'s sample`);
        assert.match(takers[0]!, /stddev_samp/, 'the first pass');
      }
      assert.equal(sql.filter((s) => s.includes('stddev_samp')).length, 1, 'one first pass');
      assert.doesNotMatch(sql.find((s) => s.includes('stddev_samp'))!, /stddev_samp\(CAST\("low"/, 'low\'s moments from its streamed read');

      // The same profile with the statements one after the other (an executor that is not local: the separate
      // sample statement and the one-SELECT first pass).
      const exec = asExecutor(engine);
      const apart = Object.assign(Object.create(exec) as PlanExecutor, { engine: { ...exec.engine, local: false } });
      const separate = await profileDataset(apart, ds);
      assert.equal(merged.approximate, true);
      assertSameProfile(merged, separate);
      // The cases are there: an estimated distinct count, exact small ones, non-finite values, text lengths.
      const byName = new Map(merged.columns.map((c) => [c.name, c]));
      assert.equal(byName.get('id')!.approximateDistinct, true);
      assert.equal(byName.get('low')!.distinct, 40);
      assert.equal(byName.get('low')!.approximateDistinct, false);
      assert.ok(byName.get('dbl')!.numeric!.nonFinite > 0 && byName.get('dbl')!.missing > 0);
      assert.equal(byName.get('txt')!.distinct, 3);
      assert.equal(byName.get('txt')!.missing, Math.ceil(ROWS / 11));
    } finally {
      engine.close();
    }
  });

  it('an engine table (a loaded CSV) keeps the samples in their own statement: its columns cost little to read again', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const ds = await loadDataset(engine, file);
      await engine.exec(`CREATE TABLE long_table AS SELECT * FROM ${ds.relation}`);
      const { fileScan: _s, ...rest } = ds;
      const sql: string[] = [];
      observeStatements((s) => sql.push(s));
      try {
        await profileDataset(engine, { ...rest, relation: 'long_table', engineTable: true });
      } finally {
        observeStatements(undefined);
      }
      const sampled = sql.filter((s) => /hash\("(dbl|low|id|txt)"\) < \d+::UBIGINT/.test(s));
      assert.equal(sampled.length, 1);
      assert.doesNotMatch(sampled[0]!, /stddev_samp/);
    } finally {
      engine.close();
    }
  });
});
