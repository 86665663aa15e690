import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { Dataset } from '../../../src/core/data/dataset';
import { computeStats } from '../../../src/core/health/computeStats';
import { HEALTH_CHECKS, getHealthCheck } from '../../../src/core/health/registry';
import { runHealth, type HealthSettings } from '../../../src/core/health/runHealth';
import type { Baseline, HealthReport, HealthResult } from '../../../src/core/health/types';
import { craft, SAMPLE } from './craft';

// The reference sample covers 2026-09-01 … 2026-09-30; "now" is the day after, so the untouched copy is fresh.
const NOW = new Date('2026-10-01T12:00:00Z');

describe('health checks on broken copies of sample/loans_reference.csv', () => {
  let engine: Engine;
  let ref: Dataset;
  let baseline: Baseline;
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    ref = await loadDataset(engine, SAMPLE);
    baseline = (await computeStats(engine, ref)).baseline;
  });
  after(() => engine.close());

  const count = async (sql: string) => Number((await engine.run(sql.replace(/\bref\b/g, ref.relation)))[0]!['n']);
  const check = async (select: string, settings: HealthSettings = {}, now = NOW): Promise<HealthReport> => runHealth(engine, await craft(engine, ref, select), baseline, { now, settings });
  const only = (r: HealthReport, id: string, column: string | null): HealthResult[] => r.checks.filter((c) => c.id === id && c.column === column);
  const notPassing = (r: HealthReport) => r.checks.filter((c) => c.status !== 'pass');

  it('an unchanged copy passes every check (so the checks below can fail for the right reason)', async () => {
    const r = await check('SELECT * FROM ref');
    assert.deepEqual(notPassing(r), []);
    assert.equal(r.summary.fail + r.summary.warn, 0);
    for (const c of HEALTH_CHECKS) assert.ok(r.checks.some((x) => x.id === c.id), `check '${c.id}' reported`);
  });

  it('stale copy: the same data checked 56 days later fails staleness, and says it is no newer than the baseline', async () => {
    const [s] = only(await check('SELECT * FROM ref', {}, new Date('2026-11-25T00:00:00Z')), 'staleness', 'application_date');
    assert.equal(s?.status, 'fail');
    assert.deepEqual(s.observed, { latest: '2026-09-30 00:00:00', ageDays: 56 });
    assert.match(s.message, /56 days old \(expected at most 7 days\).*stale copy/);
    // Within a larger allowed age the same copy passes.
    const [w] = only(await check('SELECT * FROM ref', { thresholds: { staleness: 60 } }, new Date('2026-11-25T00:00:00Z')), 'staleness', 'application_date');
    assert.equal(w?.status, 'pass');
  });

  it('dropped column: schema fails for the removed column', async () => {
    const r = await check('SELECT * EXCLUDE (loan_amount) FROM ref');
    const [s] = only(r, 'schema', 'loan_amount');
    assert.equal(s?.status, 'fail');
    assert.equal(s.message, "column 'loan_amount' was removed (it is in the baseline)");
  });

  it('renamed column: a removed and an added column with the same values read as a rename', async () => {
    const r = await check('SELECT * RENAME (income AS annual_income) FROM ref');
    const s = r.checks.filter((c) => c.id === 'schema');
    assert.equal(s.length, 1, s.map((x) => x.message).join(' | '));
    assert.equal(s[0]!.status, 'fail');
    assert.match(s[0]!.message, /column 'income' seems renamed to 'annual_income'/);
  });

  it('frozen feature: credit_score stuck at 700 fails; stuck only on the latest day fails through the window', async () => {
    const [all] = only(await check('SELECT * REPLACE (700 AS credit_score) FROM ref'), 'frozen', 'credit_score');
    assert.equal(all?.status, 'fail');
    assert.match(all.message, /stopped varying: all 3300 values are 700; baseline 461 to 850/);
    const lastDay = await count("SELECT count(*) AS n FROM ref WHERE application_date = DATE '2026-09-30'");
    const r = await check("SELECT * REPLACE (CASE WHEN application_date = DATE '2026-09-30' THEN 700 ELSE credit_score END AS credit_score) FROM ref");
    const [w] = only(r, 'frozen', 'credit_score');
    assert.equal(w?.status, 'fail');
    assert.deepEqual(w.observed, { distinct: 1, values: lastDay, value: '700' });
    assert.equal(only(r, 'frozen', 'income')[0]?.status, 'pass');
  });

  it('unseen and vanished categories: west renamed to WEST', async () => {
    const west = await count("SELECT count(*) AS n FROM ref WHERE region = 'west'");
    const r = await check("SELECT * REPLACE (CASE WHEN region = 'west' THEN 'WEST' ELSE region END AS region) FROM ref");
    const [unseen, vanished] = only(r, 'categories', 'region');
    assert.equal(unseen?.status, 'warn');
    assert.match(unseen.message, new RegExp(`${Math.round((100 * west) / 3300)}% of values are categories unseen in the baseline \\('WEST'\\)`));
    assert.equal(vanished?.status, 'warn');
    assert.match(vanished.message, /baseline categories missing now: 'west'/);
  });

  it('out of range: 5 ages of 200+ are reported with their count', async () => {
    const r = await check("SELECT * REPLACE (CASE WHEN application_id <= 'APP-202609-00005' THEN age + 200 ELSE age END AS age) FROM ref");
    const [a] = only(r, 'range', 'age');
    assert.equal(a?.status, 'warn');
    assert.equal((a.observed as { above: number }).above, 5);
    assert.equal((a.observed as { below: number }).below, 0);
  });

  it("missing spike: 40% of income emptied gives the issue's message; an empty column is an error", async () => {
    const before = await count('SELECT count(*) - count(income) AS n FROM ref');
    const emptied = await count("SELECT count(*) AS n FROM ref WHERE income IS NOT NULL AND hash(application_id) % 10 < 4");
    const r = await check("SELECT * REPLACE (CASE WHEN hash(application_id) % 10 < 4 THEN NULL ELSE income END AS income) FROM ref");
    const [m] = only(r, 'missing', 'income');
    assert.equal(m?.status, 'fail');
    assert.equal(m.observed, (before + emptied) / 3300);
    assert.equal(m.expected, before / 3300);
    assert.match(m.message, /^column 'income': \d+% missing, baseline 2% — the pipeline may be dropping values$/);
    const [e] = only(await check('SELECT * REPLACE (NULL::BIGINT AS income) FROM ref'), 'missing', 'income');
    assert.equal(e?.status, 'fail');
    assert.match(e.message, /entirely missing/);
  });

  it('row count drop: a third of the rows warns', async () => {
    const [c] = only(await check("SELECT * FROM ref WHERE application_id <= 'APP-202609-01100'"), 'rowCount', null);
    assert.equal(c?.status, 'warn');
    assert.equal(c.observed, 1100);
    assert.equal(c.expected, 3300);
    assert.match(c.message, /1100 rows, baseline 3300 \(−67%\)/);
  });

  it('cadence: five missing days are a gap; keeping a quarter of each day is fewer rows per day', async () => {
    const r = await check("SELECT * FROM ref WHERE application_date NOT BETWEEN DATE '2026-09-10' AND DATE '2026-09-14'");
    const [gap] = only(r, 'cadence', 'application_date');
    assert.equal(gap?.status, 'warn');
    assert.match(gap.message, /5 day\(s\) without rows .*longest gap 5 day\(s\) from 2026-09-10/);
    const kept = await count('SELECT count(*) AS n FROM ref WHERE hash(application_id) % 4 = 0');
    const r2 = await check('SELECT * FROM ref WHERE hash(application_id) % 4 = 0');
    const perDay = only(r2, 'cadence', 'application_date').find((c) => /rows per day/.test(c.message))!;
    assert.equal(perDay.status, 'warn');
    assert.ok(Math.abs((perDay.observed as number) - kept / 30) < 1e-3, `${String(perDay.observed)} vs ${kept / 30}`);
  });

  it('duplicate rows: 100 rows loaded twice', async () => {
    const [d] = only(await check("SELECT * FROM ref UNION ALL SELECT * FROM ref WHERE application_id <= 'APP-202609-00100'"), 'duplicates', null);
    assert.equal(d?.status, 'warn');
    assert.equal(d.observed, 100);
  });

  it('invalid values: negative loan amounts and NaN ratios where the baseline had none', async () => {
    const r = await check("SELECT * REPLACE (CASE WHEN application_id <= 'APP-202609-00003' THEN -loan_amount ELSE loan_amount END AS loan_amount, CASE WHEN application_id <= 'APP-202609-00002' THEN 'NaN'::DOUBLE ELSE debt_to_income END AS debt_to_income) FROM ref");
    const [neg] = only(r, 'invalid', 'loan_amount');
    assert.equal(neg?.status, 'fail');
    assert.deepEqual(neg.observed, { negatives: 3, nonFinite: 0 });
    const [nan] = only(r, 'invalid', 'debt_to_income');
    assert.equal(nan?.status, 'fail');
    assert.deepEqual(nan.observed, { negatives: 0, nonFinite: 2 });
  });

  it("parse failures: 'n/a' text in income is counted; the column is still checked as numbers", async () => {
    const r = await check("SELECT * REPLACE (CASE WHEN application_id <= 'APP-202609-00007' THEN 'n/a' ELSE income::VARCHAR END AS income) FROM ref");
    const [p] = only(r, 'parse', 'income');
    assert.equal(p?.status, 'fail');
    assert.deepEqual(p.observed, { notNumbers: 7, example: 'n/a', type: 'VARCHAR' });
    assert.equal(only(r, 'schema', 'income').length, 0, 'not reported again as a kind change');
  });

  it('unexpected distribution: income doubled drifts by PSI (the drift registry) and leaves other columns alone', async () => {
    const r = await check('SELECT * REPLACE (income * 2 AS income) FROM ref');
    const [d] = only(r, 'distribution', 'income');
    assert.equal(d?.status, 'warn');
    assert.ok((d.observed as { score: number }).score > 1, JSON.stringify(d.observed));
    // The evidence: baseline shares per bin (about a tenth each) against now.
    const bins = (d.expected as { bins: number[] }).bins;
    assert.equal(bins.length, 10);
    assert.ok(Math.abs(bins.reduce((a, b) => a + b, 0) - 1) < 1e-3);
    assert.equal((d.observed as { bins: number[] }).bins.length, 10);
    assert.equal(only(r, 'distribution', 'age')[0]?.status, 'pass');
    const js = only(await check('SELECT * REPLACE (income * 2 AS income) FROM ref', { distributionTest: 'jensenshannon' }), 'distribution', 'income')[0];
    assert.equal((js?.observed as { test: string }).test, 'jensenshannon');
    await assert.rejects(check('SELECT * FROM ref', { distributionTest: 'ks' }), (e: { code?: string }) => e.code === 'BAD_ARGUMENT');
  });

  it('settings: a severity override turns a warning into a failure; unknown ids are rejected', async () => {
    const [c] = only(await check("SELECT * FROM ref WHERE application_id <= 'APP-202609-01100'", { severities: { rowCount: 'error' } }), 'rowCount', null);
    assert.equal(c?.status, 'fail');
    await assert.rejects(check('SELECT * FROM ref', { thresholds: { nope: 1 } }), (e: { code?: string }) => e.code === 'UNKNOWN_CHECK');
    assert.throws(() => getHealthCheck('nope'), /Valid ids are: schema, parse/);
  });
});
