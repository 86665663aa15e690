import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { runEvaluation } from '../../../src/core/evaluate/runEvaluation';
import { runSourceEvaluation } from '../../../src/core/evaluate/source/evaluateSource';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import { PostgresExecutor } from '../../../src/core/warehouse/executors/postgres';
import { WarehousePlanExecutor } from '../../../src/core/warehouse/planExecutor';
import { openSourceDataset } from '../../../src/core/warehouse/sourceDataset';
import { parseSourceRef } from '../../../src/core/warehouse/sources/sourceRef';
import { FIGURES, scoredCsv } from './evalRefData';
import { copyToPostgres, sameReport } from './pgLoad';
import { pgExec, pgUrl, settingsFromUrl } from './pgServer';

const root = join(__dirname, '..', '..', '..');
const rejectsWith = (code: string, re: RegExp) => (e: Error & { code?: string }) => e.code === code && re.test(e.message);

/** Labels that are floats with ±Infinity among them (a class each on files), NaN (missing) and a prediction of the same kind. */
function infinityCsv(): string {
  const lines = ['ts,label,pred,score'];
  const classes = ['1.5', 'inf', '-inf', '2.0'];
  for (let i = 0; i < 600; i++) {
    const y = classes[i % 4]!;
    const p = i % 5 === 0 ? classes[(i + 1) % 4]! : y;
    lines.push(`2026-09-${String(1 + (i % 20)).padStart(2, '0')} 10:00:00,${i % 37 === 0 ? 'nan' : y},${p},${((i * 37) % 100) / 100}`);
  }
  return lines.join('\n') + '\n';
}

describe('evaluate --source: the small fixes (each test fails without its fix)', function () {
  this.timeout(240_000);
  let engine: Engine;
  let dir: string;
  const open: Dataset[] = [];
  const load = async (f: string) => { const d = await loadDataset(engine, f); open.push(d); return d; };

  before(async () => {
    engine = await Engine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'ml-evalfix-'));
  });
  after(async () => {
    for (const d of open) await d.release();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--max-scores over time bounds the (window, score) pairs it transfers, and says so (not the distinct scores overall)', async () => {
    // 101 distinct scores overall, but each of 7 weeks has most of them: ~700 (week, score) pairs come back.
    const f = join(dir, 'pairs.csv');
    writeFileSync(f, scoredCsv(8, 3000, '2026-09-07', 49, { labelsUntil: 35 }));
    const ds = await load(f);
    const exec = new DuckDbExecutor(engine);
    const o = { label: 'label', score: 'score', timeColumn: 'ts', window: 'week', bootstrap: 0 };
    await assert.rejects(runSourceEvaluation(exec, ds, { ...o, maxScores: 300 }), rejectsWith('TOO_MANY_SCORES', /has [0-9,]+ distinct \(week, score\) pairs in 'score' over its 7 windows.*one count per \(week, score, label\).*--max-scores [0-9]+000/));
    const ok = await runSourceEvaluation(exec, ds, { ...o, maxScores: 1000 });
    assert.equal(ok.windows!.length, 7);
    // Without windows the guard still counts distinct labelled scores (101 ≤ 300).
    await runSourceEvaluation(exec, ds, { label: 'label', score: 'score', bootstrap: 0, maxScores: 300 });
  });

  it('±Infinity in a float label is a class, as on files (only NaN is missing): multiclass and a binary --positive inf', async () => {
    const f = join(dir, 'inf.csv');
    writeFileSync(f, infinityCsv());
    const exec = new DuckDbExecutor(engine);
    const ds = await load(f);
    assert.equal(ds.columns.find((c) => c.name === 'label')!.type, 'DOUBLE');
    const multi = { label: 'label', prediction: 'pred', task: 'multiclass' as const, bootstrap: 40, seed: 2 };
    const a = await runEvaluation(engine, { dataset: f, segments: false, ...multi });
    const b = await runSourceEvaluation(exec, ds, multi);
    for (const k of ['classes', 'metrics', 'perClass', 'confusion', 'labeledRows', 'unlabeledRows', 'excludedRows'] as const) assert.equal(sameReport(b[k], a[k]), undefined, `${k}: ${sameReport(b[k], a[k])}`);
    assert.deepEqual(a.classes, ['-inf', '1.5', '2.0', 'inf']);
    // Binary: a two-valued float label {inf, 1.5} with --positive inf.
    const g = join(dir, 'inf-binary.csv');
    writeFileSync(g, infinityCsv().split('\n').filter((l, i) => i === 0 || /^[^,]*,(inf|1\.5|nan),/.test(l)).join('\n') + '\n');
    const bin = { label: 'label', score: 'score', positive: 'inf', bootstrap: 40, seed: 2 };
    const c = await runEvaluation(engine, { dataset: g, segments: false, ...bin });
    const d = await runSourceEvaluation(exec, await load(g), bin);
    for (const k of FIGURES) assert.equal(sameReport(d[k], c[k]), undefined, `${k}: ${sameReport(d[k], c[k])}`);
    assert.deepEqual(c.classes, ['1.5', 'inf']);
    assert.ok(c.labeledRows > 0 && c.metrics.find((m) => m.name === 'rocAuc')!.value !== null);
  });

  it('the embedded engine cuts TIMESTAMPTZ values into windows in UTC whatever the machine\'s time zone (TZ=Asia/Kolkata)', () => {
    const script = `const { Engine } = require('./src/core/data/engine');
      (async () => { const e = await Engine.create({ threads: 1 });
        const r = await e.run("SELECT current_setting('TimeZone') AS tz, date_trunc('day', TIMESTAMPTZ '2026-09-07 20:00:00+00')::TIMESTAMP::VARCHAR AS d");
        process.stdout.write(JSON.stringify(r[0])); e.close(); })();`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, TZ: 'Asia/Kolkata' }, timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { tz: 'UTC', d: '2026-09-07 00:00:00' }, 'in Kolkata 20:00 UTC is already the 8th');
  });

  describe('on PostgreSQL', () => {
    let url: string;
    let exec: PlanExecutor & WarehousePlanExecutor;
    let tzExec: WarehousePlanExecutor;

    before(async function () {
      const u = await pgUrl();
      if (!u) return this.skip();
      url = u;
      exec = new WarehousePlanExecutor(new PostgresExecutor(settingsFromUrl(url)));
      const scored = join(dir, 'tz.csv');
      // Hours spread over each day: a session in +05:30 would move a fifth of the rows to the next day.
      writeFileSync(scored, scoredCsv(9, 2000, '2026-09-07', 14, { labelsUntil: 10 }));
      await copyToPostgres(url, engine, await load(scored), 'ml_evalfix', 'scored');
      await copyToPostgres(url, engine, await load(join(dir, 'inf.csv')), 'ml_evalfix', 'inf');
      await pgExec(url, `ALTER TABLE ml_evalfix.scored ADD COLUMN tsz timestamptz; UPDATE ml_evalfix.scored SET tsz = ts AT TIME ZONE 'UTC';
        DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ml_kolkata') THEN CREATE ROLE ml_kolkata LOGIN; END IF; END $$;
        ALTER ROLE ml_kolkata SET timezone = 'Asia/Kolkata'; GRANT USAGE ON SCHEMA ml_evalfix TO ml_kolkata; GRANT SELECT ON ALL TABLES IN SCHEMA ml_evalfix TO ml_kolkata;`);
      tzExec = new WarehousePlanExecutor(new PostgresExecutor({ ...settingsFromUrl(url), user: 'ml_kolkata' }));
    });
    after(async () => {
      await exec?.warehouse.close();
      await tzExec?.warehouse.close();
    });

    it('a timestamptz time column read by a session in Asia/Kolkata gets the UTC windows of the file', async () => {
      const ds = await openSourceDataset(tzExec, parseSourceRef('pg:ml_evalfix.scored'));
      const o = { label: 'label', score: 'score', window: 'day', bootstrap: 30, seed: 4 };
      const a = await runEvaluation(engine, { dataset: join(dir, 'tz.csv'), timeColumn: 'ts', segments: false, ...o });
      const b = await runSourceEvaluation(tzExec, ds, { ...o, timeColumn: 'tsz' });
      const { ['timeColumn']: _a, ...ca } = a.columns;
      const { ['timeColumn']: _b, ...cb } = b.columns;
      assert.deepEqual(cb, ca);
      for (const k of ['windows', 'estimated', 'referenceMetrics', 'metrics', 'verdict'] as const) assert.equal(sameReport(b[k], a[k]), undefined, `${k}: ${sameReport(b[k], a[k])}`);
      assert.equal(b.windows![0]!.start, '2026-09-07T00:00:00');
    });

    it('±Infinity labels are classes on PostgreSQL too', async () => {
      const ds = await openSourceDataset(exec, parseSourceRef('pg:ml_evalfix.inf'));
      const multi = { label: 'label', prediction: 'pred', task: 'multiclass' as const, bootstrap: 40, seed: 2 };
      const a = await runEvaluation(engine, { dataset: join(dir, 'inf.csv'), segments: false, ...multi });
      const b = await runSourceEvaluation(exec, ds, multi);
      for (const k of ['classes', 'metrics', 'perClass', 'confusion', 'labeledRows', 'unlabeledRows'] as const) assert.equal(sameReport(b[k], a[k]), undefined, `${k}: ${sameReport(b[k], a[k])}`);
    });
  });
});
