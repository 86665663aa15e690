import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { runDrift } from '../../../src/core/drift/runDrift';
import { MAX_REMOTE_VALUES } from '../../../src/core/drift/pullSamples';
import { isInputError } from '../../../src/core/errors';
import { PostgresExecutor } from '../../../src/core/warehouse/executors/postgres';
import { WarehousePlanExecutor } from '../../../src/core/warehouse/planExecutor';
import { openSourceDataset } from '../../../src/core/warehouse/sourceDataset';
import { parseSourceRef } from '../../../src/core/warehouse/sources/sourceRef';
import { copyToPostgres, sameReport } from './pgLoad';
import { pgUrl, settingsFromUrl } from './pgServer';

const SAMPLE = join(__dirname, '..', '..', '..', 'sample');

/**
 * Drift tests that need every value (the default tests on sides of ≤ 1,000 rows: KS and friends) on a table:
 * the values come over the wire as (value, count) pairs, up to MAX_REMOTE_VALUES a side, and give DuckDB's
 * report on the same rows. Before, a small table's drift with default tests was refused (UNSUPPORTED_ON_ENGINE).
 */
describe('warehouse: drift tests that need every value, on small tables (real PostgreSQL)', function () {
  this.timeout(120_000);
  let engine: Engine;
  let url: string;
  let exec: WarehousePlanExecutor;
  let dir: string;

  before(async function () {
    const u = await pgUrl();
    if (!u) return this.skip();
    url = u;
    engine = await Engine.create({ threads: 2 });
    exec = new WarehousePlanExecutor(new PostgresExecutor(settingsFromUrl(url)));
    dir = mkdtempSync(join(tmpdir(), 'ml-pg-small-'));
  });
  after(async () => {
    await exec?.warehouse.close();
    engine?.close();
  });

  /** The first `n` rows of a sample file, as a file and as a PostgreSQL table. */
  async function both(file: string, n: number, table: string) {
    const lines = readFileSync(join(SAMPLE, file), 'utf8').trim().split('\n');
    const path = join(dir, `${table}.csv`);
    writeFileSync(path, lines.slice(0, n + 1).join('\n') + '\n');
    const local = await loadDataset(engine, path);
    await copyToPostgres(url, engine, local, 'ml_small', table);
    return { local, remote: await openSourceDataset(exec, parseSourceRef(`pg:ml_small.${table}`)) };
  }

  it('default tests on 600 vs 500 rows (KS for numeric columns) and explicit KS, Anderson–Darling, Cramér–von Mises, Mann–Whitney and t-test: DuckDB\'s report to 1e-12', async () => {
    const r = await both('loans_reference.csv', 600, 'ref600');
    const c = await both('loans_current.csv', 500, 'cur500');
    const strip = (x: Awaited<ReturnType<typeof runDrift>>) => ({ ...x, reference: null, current: null, issues: null });
    const settings = { label: 'approved', prediction: 'predicted_approved' };
    const a = await runDrift(engine, r.local, c.local, settings);
    const b = await runDrift(exec, r.remote, c.remote, settings);
    assert.ok(a.columns.filter((x) => x.test === 'ks').length >= 5, `KS on the numeric columns: ${a.columns.map((x) => x.test).join(', ')}`);
    assert.equal(sameReport(strip(a), strip(b)), undefined, sameReport(strip(a), strip(b)));
    for (const test of ['ks', 'anderson', 'cramer_von_mises', 'mannw', 't_test']) {
      const columns = ['age', 'income', 'credit_score', 'debt_to_income'];
      const x = await runDrift(engine, r.local, c.local, { test, columns });
      const y = await runDrift(exec, r.remote, c.remote, { test, columns });
      assert.ok(x.columns.every((col) => col.test === test && typeof col.pValue === 'number'), test);
      assert.equal(sameReport(strip(x), strip(y)), undefined, `${test}: ${sameReport(strip(x), strip(y))}`);
    }
  });

  it(`above ${MAX_REMOTE_VALUES.toLocaleString('en-US')} values a side, such a test is refused with the figures and what to do; nothing is pulled`, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ml_small; DROP TABLE IF EXISTS ml_small.big; CREATE TABLE ml_small.big AS SELECT g::double precision AS x, (g % 7)::double precision AS y FROM generate_series(1, ${MAX_REMOTE_VALUES + 1}) g`);
    } finally {
      await c.end();
    }
    const big = await openSourceDataset(exec, parseSourceRef('pg:ml_small.big'));
    const before = exec.statements.length;
    await assert.rejects(runDrift(exec, big, big, { test: 'ks', columns: ['x'] }), (e: unknown) => isInputError(e) && e.code === 'UNSUPPORTED_ON_ENGINE'
      && /reads at most 100,000 values from PostgreSQL.*'x' has 100,001 on one side\. Use the default drift tests/.test(e.message));
    const issued = exec.statements.slice(before);
    assert.ok(issued.some((q) => /SELECT CAST\(count\(\*\) AS BIGINT\) AS "n" FROM "ml_small"\."big" WHERE \("x" IS NOT NULL\)/.test(q)), 'the side was counted');
    assert.ok(!issued.some((q) => /GROUP BY/.test(q) && /AS "v"/.test(q)), `no values were pulled: ${issued.map((q) => q.slice(0, 120)).join(' | ')}`);
  });
});
