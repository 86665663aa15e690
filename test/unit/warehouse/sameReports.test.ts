import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { computeStats } from '../../../src/core/health/computeStats';
import { audit, auditPlans, type AuditOptions } from '../../../src/core/bias/audit';
import { PostgresExecutor } from '../../../src/core/warehouse/executors/postgres';
import { WarehousePlanExecutor } from '../../../src/core/warehouse/planExecutor';
import { openSourceDataset } from '../../../src/core/warehouse/sourceDataset';
import { parseSourceRef } from '../../../src/core/warehouse/sources/sourceRef';
import { copyToPostgres, sameReport } from './pgLoad';
import { pgUrl, settingsFromUrl } from './pgServer';

const SAMPLE = join(__dirname, '..', '..', '..', 'sample');

/**
 * Every ported analysis on the same rows in DuckDB (the file) and in PostgreSQL (a table of the same
 * types): the same report, exact figures to 1e-12 relative (sums in another order), apart from where it ran.
 */
describe('warehouse: the same reports from DuckDB and PostgreSQL (real server)', function () {
  this.timeout(120_000);
  let engine: Engine;
  let local: Dataset;
  let pgExec: WarehousePlanExecutor;
  let remote: Dataset;

  before(async function () {
    const url = await pgUrl();
    if (!url) return this.skip();
    engine = await Engine.create({ threads: 2 });
    local = await loadDataset(engine, join(SAMPLE, 'loans_reference.csv'));
    await copyToPostgres(url, engine, local, 'ml_same', 'loans_reference');
    pgExec = new WarehousePlanExecutor(new PostgresExecutor(settingsFromUrl(url)));
    remote = await openSourceDataset(pgExec, parseSourceRef('pg:ml_same.loans_reference'));
  });
  after(async () => {
    await pgExec?.warehouse.close();
    engine?.close();
  });

  it('the table has the file\'s columns, types and rows', () => {
    assert.deepEqual(remote.columns, local.columns);
    assert.equal(remote.rows, local.rows);
  });

  it('health: baseline statistics (counts, min/max, sketches, categories, rows per day)', async () => {
    const a = await computeStats(engine, local, { timeColumn: 'application_date' });
    const b = await computeStats(pgExec, remote, { timeColumn: 'application_date' });
    const strip = (s: typeof a) => ({ ...s.baseline, source: null, createdAt: null });
    const diff = sameReport(strip(a), strip(b));
    assert.equal(diff, undefined, diff);
    assert.ok(pgExec.statements.length >= 2);
  });

  const audits: [string, AuditOptions][] = [
    ['binary predictions, bootstrap', { dataset: 'loans', sensitive: ['gender', 'race'], label: 'approved', prediction: 'predicted_approved', favorable: 1, bootstrap: { draws: 50, seed: 0 } }],
    ['scores: AUC, Brier, calibration, sweep', { dataset: 'loans', sensitive: ['gender', 'region'], label: 'approved', score: 'score', threshold: 0.5, favorable: 1 }],
    ['regression', { dataset: 'loans', sensitive: ['gender'], label: 'income', prediction: 'loan_amount', task: 'regression' }],
    ['boolean attribute and label as text', { dataset: 'loans', sensitive: ['has_mortgage', 'marital_status'], label: 'approved', prediction: 'predicted_approved', favorable: 1 }],
  ];
  for (const [name, o] of audits) {
    it(`bias (${name}): SQL path = plans in DuckDB = plans in PostgreSQL`, async () => {
      const sql = await audit((q) => engine.run(q), local.relation, o);
      const duck = await auditPlans(engine, local, o);
      const pg = await auditPlans(pgExec, remote, o);
      assert.equal(sameReport(sql, duck), undefined, sameReport(sql, duck));
      assert.equal(sameReport(sql, pg), undefined, sameReport(sql, pg));
      assert.ok(JSON.stringify(pg).length > 1000);
    });
  }
});
