import { strict as assert } from 'node:assert';
import { audit, auditPlans, type AuditOptions } from '../../../src/core/bias/audit';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { MAX_BOOTSTRAP_CELL_DRAWS } from '../../../src/core/bias/attributeLimits';
import { InputError } from '../../../src/core/errors';
import { memoryDb } from './helpers';

// Issue 17 item 8 (an identifier as a sensitive attribute: 100,000 groups, 75 MB JSON, a bootstrap that never ended)
// and item 13 (an all-empty or all-NaN label column). Each refusal is quick and says what to do.

async function refused(p: Promise<unknown>, code: string, message: RegExp, ms = 5000): Promise<void> {
  const t0 = performance.now();
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof InputError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
  assert.ok(performance.now() - t0 < ms, `took ${(performance.now() - t0).toFixed(0)} ms`);
}

describe('bias audit: identifier-like attributes, bounded bootstrap, empty labels (issue 17 items 8, 13)', function () {
  this.timeout(60000);
  let db: Awaited<ReturnType<typeof memoryDb>>;
  const base: AuditOptions = { dataset: 'people', sensitive: ['gender'], label: 'y', prediction: 'p', minGroupSize: 30 };
  before(async () => {
    db = await memoryDb();
    await db.execute(`CREATE TABLE people AS SELECT 'A' || lpad(i::VARCHAR, 6, '0') AS applicant_id, i AS customer_id, 1000 + i * 1.37 AS income,
      CASE WHEN i % 2 = 0 THEN 'f' ELSE 'm' END AS gender, 'z' || (i % 900) AS zip, i % 7 AS age_band,
      (i % 3 = 0)::INTEGER AS y, (i % 5 < 2)::INTEGER AS p, NULL::INTEGER AS empty_label, 'NaN'::DOUBLE AS nan_label
      FROM range(100000) r(i)`);
  });
  after(() => db.close());

  it('a text identifier (100,000 distinct ids) is refused as SENSITIVE_IDENTIFIER before the audit scans', async () => {
    await refused(audit(db.execute, 'people', { ...base, sensitive: ['gender', 'applicant_id'] }), 'SENSITIVE_IDENTIFIER', /sensitive attribute 'applicant_id' looks like an identifier \(100,000 distinct values in 100,000 rows\)/);
  });

  it('an integer *_id column is an identifier too (the profile\u2019s rule)', async () => {
    await refused(audit(db.execute, 'people', { ...base, sensitive: ['customer_id'] }), 'SENSITIVE_IDENTIFIER', /'customer_id' looks like an identifier/);
  });

  it('a continuous number (income) has too many groups: TOO_MANY_GROUPS asks to bin it', async () => {
    await refused(audit(db.execute, 'people', { ...base, sensitive: ['income'] }), 'TOO_MANY_GROUPS', /'income' has 100,000 distinct values .* more than the 1,000 groups .* Bin it/);
  });

  it('a bootstrap over 6,300 cells × 1,000 draws is refused (it took minutes) with the largest draws that fit; a small one runs', async () => {
    await refused(audit(db.execute, 'people', { ...base, sensitive: ['zip', 'age_band'], bootstrap: { draws: 1000, seed: 1 } }), 'BOOTSTRAP_TOO_LARGE', new RegExp(`--bootstrap 1,000 over 6,300 groups .* Use --bootstrap ${Math.floor(MAX_BOOTSTRAP_CELL_DRAWS / 6300).toLocaleString('en')} or fewer`));
    const r = await audit(db.execute, 'people', { ...base, sensitive: ['gender', 'age_band'], bootstrap: { draws: 50, seed: 1 } });
    assert.equal(r.attributes.length, 3, 'gender, age_band and their intersection');
    assert.equal(r.bootstrap?.draws, 50);
  });

  it('a label column with no values (all NULL, or all NaN) is LABEL_EMPTY, not "favourable value not found"', async () => {
    await refused(audit(db.execute, 'people', { ...base, label: 'empty_label', prediction: undefined, score: 'income', threshold: 0.5 } as AuditOptions), 'LABEL_EMPTY', /label column 'empty_label' has no values: every row is empty\. /);
    await refused(audit(db.execute, 'people', { ...base, label: 'nan_label', prediction: undefined, score: 'income', threshold: 0.5 } as AuditOptions), 'LABEL_EMPTY', /label column 'nan_label' has no values: every row is empty or NaN/);
  });

  it('the aggregate-plan path (warehouses) refuses the same attributes with the same messages', async () => {
    const engine = await Engine.create({ threads: 1 });
    try {
      await engine.exec(`CREATE TABLE people AS SELECT 'A' || lpad(i::VARCHAR, 6, '0') AS applicant_id, 1000 + i * 1.37 AS income, CASE WHEN i % 2 = 0 THEN 'f' ELSE 'm' END AS gender,
        (i % 3 = 0)::INTEGER AS y, (i % 5 < 2)::INTEGER AS p FROM range(20000) r(i)`);
      const columns = (await engine.run('DESCRIBE people')).map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
      const ds = { path: 'people', relation: 'people', columns, rows: 20000 } as unknown as Dataset;
      await refused(auditPlans(engine, ds, { ...base, sensitive: ['gender', 'applicant_id'] }), 'SENSITIVE_IDENTIFIER', /sensitive attribute 'applicant_id' looks like an identifier \(20,000 distinct values in 20,000 rows\)/);
      await refused(auditPlans(engine, ds, { ...base, sensitive: ['income'] }), 'TOO_MANY_GROUPS', /'income' has 20,000 distinct values/);
      const ok = await auditPlans(engine, ds, base);
      assert.equal(ok.attributes[0]?.attribute, 'gender');
    } finally {
      await engine.close();
    }
  });
});
