import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { computeStats } from '../../../src/core/health/computeStats';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { runDrift } from '../../../src/core/drift/runDrift';
import { audit, auditPlans, type AuditOptions } from '../../../src/core/bias/audit';
import { PostgresExecutor } from '../../../src/core/warehouse/executors/postgres';
import { WarehousePlanExecutor } from '../../../src/core/warehouse/planExecutor';
import { openSourceDataset } from '../../../src/core/warehouse/sourceDataset';
import { parseSourceRef } from '../../../src/core/warehouse/sources/sourceRef';
import { copyToPostgres, sameReport } from './pgLoad';
import { parseRulesFile } from '../../../src/core/rules/rulesFile';
import { validateDataset } from '../../../src/core/rules/validateDataset';
import { validatePlans } from '../../../src/core/rules/rulesPlan';
import { evaluate } from '../../../src/core/rules/evaluate';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    assert.deepEqual(remote.columns.map((c) => ({ ...c })), local.columns.map((c) => ({ ...c })));
    assert.equal(remote.rows, local.rows);
  });

  it('profile: every figure (exact below the exact-size limit)', async () => {
    const a = await profileDataset(engine, local);
    const b = await profileDataset(pgExec, remote);
    const diff = sameReport({ ...a, path: null, format: null, delimiter: null }, { ...b, path: null, format: null, delimiter: null });
    assert.equal(diff, undefined, diff);
  });

  it('profile above the exact-size limit: PostgreSQL\'s quantiles are percentile_cont, exact, and labelled exact', async () => {
    // 30,000 distinct values (above VALUE_COUNT_LIMIT, so the quantiles come from the first pass's quantile
    // aggregate, not from value counts); the exact-size limit set below the row count.
    const dir = mkdtempSync(join(tmpdir(), 'ml-pgq-'));
    const file = join(dir, 'many.csv');
    writeFileSync(file, 'x,y,z\n' + Array.from({ length: 30_000 }, (_v, i) => `${Math.sin(i) * 1000 + i / 7},${(i * 7919) % 30011},${i % 50}`).join('\n') + '\n');
    const many = await loadDataset(engine, file);
    await copyToPostgres((await pgUrl())!, engine, many, 'ml_same', 'many');
    const table = await openSourceDataset(pgExec, parseSourceRef('pg:ml_same.many'));
    const a = await profileDataset(engine, many);
    const before = pgExec.statements.length;
    const b = await profileDataset(pgExec, table, { exactRowLimit: 1000 });
    // PostgreSQL sorts for every percentile_cont and count(DISTINCT), all of a statement's at once: above the
    // limit each statement holds at most one of them (100M rows: the first pass's six quantile sorts ran the
    // server out of temporary disk), and exact distinct counts are GROUP BY counts (hash aggregates).
    for (const sql of pgExec.statements.slice(before)) {
      // (Hash-sampled distinct counts, FILTER (WHERE …) on 1 row in 64, may share a statement.)
      const sorts = (sql.match(/percentile_cont|count\(DISTINCT/gi) ?? []).length;
      assert.ok(sorts <= 1 || /FILTER \(WHERE/.test(sql), `one sort per statement: ${sql.slice(0, 300)}`);
    }
    const duck = await profileDataset(engine, many, { exactRowLimit: 1000 });
    for (const [i, c] of b.columns.slice(0, 2).entries()) {
      assert.equal(c.numeric?.approximateQuantiles, false, c.name);
      assert.equal(c.numeric!.quantileRankError, undefined, c.name);
      assert.equal(sameReport(c.numeric!.quantiles, a.columns[i]!.numeric!.quantiles), undefined, c.name);
      // The embedded engine's sketch on the same path stays labelled approximate, with its rank error.
      assert.equal(duck.columns[i]!.numeric?.approximateQuantiles, true, c.name);
    }
    assert.equal(b.columns.length, 3);
    assert.equal(b.approximate, true, 'duplicates and distinct counts are still estimates');
    // z's 50 values: a small hash sample, so its distinct count is exact (the GROUP BY count), as are its quantiles.
    assert.equal(b.columns[2]!.distinct, 50, 'exact distinct count of z');
    assert.equal(sameReport(b.columns[2]!.numeric!.quantiles, a.columns[2]!.numeric!.quantiles), undefined, 'z quantiles');
  });

  it('drift: every column\'s test, score and p-value (the exact Wasserstein grid in two passes in PostgreSQL)', async () => {
    const cur = await loadDataset(engine, join(SAMPLE, 'loans_current.csv'));
    await copyToPostgres((await pgUrl())!, engine, cur, 'ml_same', 'loans_current');
    const remoteCur = await openSourceDataset(pgExec, parseSourceRef('pg:ml_same.loans_current'));
    const settings = { label: 'approved', prediction: 'predicted_approved' };
    const a = await runDrift(engine, local, cur, settings);
    const b = await runDrift(pgExec, remote, remoteCur, settings);
    const strip = (r: typeof a) => ({ ...r, reference: null, current: null, issues: null });
    const diff = sameReport(strip(a), strip(b));
    assert.equal(diff, undefined, diff);
    assert.ok(a.columns.length > 5);
  });

  it('drift at 120,000 rows a side: ambiguous buckets integrated in PostgreSQL (window per bucket) on a coarser grid, equal to DuckDB to 1e-12, few bytes', async () => {
    // Two near-identical sides (the hard case: F_ref − F_cur crosses zero often, so many buckets are
    // ambiguous), with repeated values and values shared by both sides.
    const dir = mkdtempSync(join(tmpdir(), 'ml-pgd-'));
    const side = (seed: number) => 'a,b,c\n' + Array.from({ length: 120_000 }, (_v, i) => {
      const k = i * 7919 + seed;
      return `${Math.sin(k) * 100},${(k * 48271) % 100_003 / 1000},${(k % 997) / 7}`;
    }).join('\n') + '\n';
    writeFileSync(join(dir, 'r.csv'), side(1));
    writeFileSync(join(dir, 'c.csv'), side(2));
    const url = (await pgUrl())!;
    const r = await loadDataset(engine, join(dir, 'r.csv'));
    const c = await loadDataset(engine, join(dir, 'c.csv'));
    await copyToPostgres(url, engine, r, 'ml_same', 'drift_r');
    await copyToPostgres(url, engine, c, 'ml_same', 'drift_c');
    const exec = new WarehousePlanExecutor(new PostgresExecutor(settingsFromUrl(url)));
    try {
      const rr = await openSourceDataset(exec, parseSourceRef('pg:ml_same.drift_r'));
      const cc = await openSourceDataset(exec, parseSourceRef('pg:ml_same.drift_c'));
      const a = await runDrift(engine, r, c, { test: 'wasserstein' });
      const before = exec.warehouse.stats.bytesReceived;
      const b = await runDrift(exec, rr, cc, { test: 'wasserstein' });
      const bytes = exec.warehouse.stats.bytesReceived - before;
      const strip = (x: typeof a) => ({ ...x, reference: null, current: null, issues: null });
      const diff = sameReport(strip(a), strip(b));
      assert.equal(diff, undefined, diff);
      assert.ok(a.columns.every((col) => typeof col.statistic === 'number' && col.statistic > 0));
      assert.ok(exec.statements.some((q) => q.includes('OVER (PARTITION BY')), 'the window query ran');
      assert.ok(bytes < 2_500_000, `${bytes} bytes`); // 1.6 MB measured: 3 columns × 2 sides × 2,560 grid rows, the side scans and one row per ambiguous bucket
    } finally {
      await exec.warehouse.close();
    }
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

  it('validate: rule counts (rows, violations, null results) equal the DuckDB path; examples are violating values', async () => {
    const pricing = await loadDataset(engine, join(SAMPLE, 'pricing_predictions.csv'));
    const url = (await pgUrl())!;
    await copyToPostgres(url, engine, pricing, 'ml_same', 'pricing');
    const table = await openSourceDataset(pgExec, parseSourceRef('pg:ml_same.pricing'));
    const extra = `
  - id: functions
    expr: coalesce(sqrt(unit_cost - 20), 0) + log(predicted_price) + min(unit_cost, predicted_price, null) + abs(-1) + len(lower(category)) > 3
  - id: between
    expr: predicted_price not between 10 and 20 or region = 'west'
`;
    const rules = parseRulesFile(readFileSync(join(SAMPLE, 'pricing.rules.yml'), 'utf8') + extra);
    const local = await validateDataset(engine, pricing, rules);
    const remote = await validatePlans(pgExec, table, rules);
    const duck = await validatePlans(engine, pricing, rules);
    const counts = (r: typeof local) => r.rules.map((x) => ({ id: x.id, rows: x.rows, violations: x.violations, nulls: x.nullResults, status: x.status }));
    assert.deepEqual(counts(remote), counts(local));
    assert.deepEqual(counts(duck), counts(local));
    assert.ok(local.rules.some((r) => r.violations > 0));
    // Independent reference for the examples: the rules' interpreter on every row of the CSV (no quotes in it),
    // violating rows counted per combination of the rule's values. A table has no row numbers, so each example
    // is a combination with its exact count, the most frequent first (ties in any order), never a fake row.
    const [header, ...lines] = readFileSync(join(SAMPLE, 'pricing_predictions.csv'), 'utf8').trim().split('\n');
    const names = header!.split(',');
    const records = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v === '' ? null : /^-?[0-9.]+$/.test(v) ? Number(v) : v])));
    const key = (values: Record<string, unknown>) => JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));
    let checked = 0;
    for (const r of remote.rules) {
      const rule = rules.find((x) => x.id === r.id)!;
      const tally = new Map<string, number>();
      for (const rec of records) {
        if (rule.whenAst && evaluate(rule.whenAst, rec) !== true) continue;
        if (evaluate(rule.exprAst, rec) !== false) continue;
        const k = key(Object.fromEntries(Object.keys(r.examples[0]?.values ?? {}).map((c) => [c, rec[c]])));
        tally.set(k, (tally.get(k) ?? 0) + 1);
      }
      assert.equal([...tally.values()].reduce((a, b) => a + b, 0), r.violations, r.id);
      if (r.violations === 0) continue;
      assert.ok(r.examples.length > 0 && r.examples.length <= 5, r.id);
      const top = [...tally.values()].sort((a, b) => b - a).slice(0, r.examples.length);
      assert.deepEqual(r.examples.map((e) => e.count), top, `${r.id}: counts, most frequent first`);
      for (const ex of r.examples) {
        assert.equal(ex.row, undefined, `${r.id}: no row number on a table`);
        assert.equal(tally.get(key(ex.values)), ex.count, `${r.id}: ${JSON.stringify(ex.values)}`);
        checked++;
      }
    }
    assert.ok(checked >= 3, String(checked));
  });

  it('injection through table, column and filter text never reaches SQL as syntax', async () => {
    await assert.rejects(openSourceDataset(pgExec, parseSourceRef('pg:"ml_same"."loans_reference; DROP TABLE ml_same.pricing"')), (e: unknown) => e instanceof Error && /not found/.test(e.message));
    for (const where of ["age > 30; DROP TABLE ml_same.pricing", "age > 30 -- x", "\"age\" > 1) OR (1=1", "nope > 1", "age > 1 or pg_sleep(10)", "region = 'x'' OR ''1''=''1'"]) {
      await assert.rejects(openSourceDataset(pgExec, parseSourceRef('pg:ml_same.loans_reference'), { where }), (e: unknown) => e instanceof Error && e.name === 'InputError', where);
    }
    // A value with quotes is a literal: it matches nothing, and the table is still there.
    const quoted = await openSourceDataset(pgExec, parseSourceRef('pg:ml_same.loans_reference'), { where: "region = 'x'' OR ''1''=''1' or age > 0" }).catch((e: unknown) => e);
    assert.ok(!(quoted instanceof Error) || /InputError/.test(quoted.name));
    const still = await openSourceDataset(pgExec, parseSourceRef('pg:ml_same.pricing'));
    assert.ok(still.rows > 0);
  });
});
