import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { runEvaluation } from '../../../src/core/evaluate/runEvaluation';
import { runSourceEvaluation } from '../../../src/core/evaluate/source/evaluateSource';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { SqlDialect } from '../../../src/core/plan/dialect';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import type { AggregatePlan, Source } from '../../../src/core/plan/plan';
import { renderPlan } from '../../../src/core/plan/render';
import { sourceOf } from '../../../src/core/plan/target';
import { WAREHOUSE_DIALECTS } from '../../../src/core/warehouse/dialects';
import { assertSelectOnly } from '../../../src/core/warehouse/selectOnly';
import { FIGURES, scoredCsv } from './evalRefData';
import { sameReport } from './pgLoad';

const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'warehouse', 'golden');

/** The embedded executor that also renders each plan in a warehouse dialect, the dataset's relation shown as sales.orders and the reference's as sales.reference. */
function recording(inner: DuckDbExecutor, dialect: SqlDialect, tables: [Source, string[]][]): PlanExecutor & { sql: string[] } {
  const sql: string[] = [];
  const swap = (p: AggregatePlan): AggregatePlan => {
    const hit = tables.find(([s]) => JSON.stringify(s) === JSON.stringify(p.source));
    return hit ? { ...p, source: { kind: 'table', path: hit[1] } } : p;
  };
  return {
    sql, dialect: inner.dialect, engine: inner.engine, fast: {},
    run: (p, o) => { sql.push(renderPlan(swap(p), dialect)); return inner.run(p, o); },
    runAll: (ps, o) => { for (const p of ps) sql.push(renderPlan(swap(p), dialect)); return inner.runAll(ps, o); },
  };
}

describe('evaluate --source --reference: the file path\'s --reference from (score, label) counts of the reference', function () {
  this.timeout(180_000);
  let engine: Engine;
  let dir: string;
  let cur: string;
  let ref: string;
  const open: Dataset[] = [];
  const load = async (f: string) => { const d = await loadDataset(engine, f); open.push(d); return d; };

  before(async () => {
    engine = await Engine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'ml-evalref-'));
    cur = join(dir, 'current.csv');
    ref = join(dir, 'reference.csv');
    writeFileSync(ref, scoredCsv(3, 2500, '2026-08-03', 28));
    writeFileSync(cur, scoredCsv(4, 4000, '2026-09-07', 49, { worseFrom: 28, labelsUntil: 42 }));
  });
  after(async () => {
    for (const d of open) await d.release();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const both = async (extra: { timeColumn?: string; window?: string }, seed = 7) => {
    const common = { label: 'label', score: 'score', bootstrap: 90, seed, ...extra };
    const a = await runEvaluation(engine, { dataset: cur, reference: ref, segments: false, ...common });
    const exec = new DuckDbExecutor(engine);
    const b = await runSourceEvaluation(exec, await load(cur), { ...common, reference: { exec, ds: await load(ref), given: ref } });
    return { a, b };
  };

  for (const window of ['week', 'day'] as const) {
    it(`--time-column ts --window ${window}: windows, flags against the reference, score drift, CBPE calibrated on it, verdict equal the file path to 1e-12`, async () => {
      const { a, b } = await both({ timeColumn: 'ts', window });
      for (const k of FIGURES) assert.equal(sameReport(b[k], a[k]), undefined, `${k}: ${sameReport(b[k], a[k])}`);
      assert.equal(a.estimated!.reference, ref.replace(/^\.\//, ''), 'CBPE is calibrated on the reference file');
      if (window === 'week') {
        assert.ok(a.windows!.some((w) => w.flags.length > 0), 'later windows are flagged against the reference');
        assert.ok(a.windows!.every((w) => w.scoreDrift !== null), 'score drift against the reference in every window (the first too)');
        assert.ok(a.estimated!.windows.some((w) => w.labeledRows === 0), 'unlabelled windows are estimated only');
      }
    });
  }

  it('without windows: CBPE for the whole table calibrated on the reference, and the reference metrics, equal the file path', async () => {
    const { a, b } = await both({});
    for (const k of FIGURES) assert.equal(sameReport(b[k], a[k]), undefined, `${k}: ${sameReport(b[k], a[k])}`);
    assert.equal(a.estimated!.windows.length, 1);
    assert.ok(a.referenceMetrics !== null);
  });

  it('a current table without any label: estimates only (no refusal), equal the file path', async () => {
    const unl = join(dir, 'unlabelled.csv');
    writeFileSync(unl, scoredCsv(5, 1500, '2026-09-07', 21, { labelsUntil: 0 }));
    const common = { label: 'label', score: 'score', bootstrap: 50, seed: 2, timeColumn: 'ts', window: 'week' };
    const a = await runEvaluation(engine, { dataset: unl, reference: ref, segments: false, ...common });
    const exec = new DuckDbExecutor(engine);
    const b = await runSourceEvaluation(exec, await load(unl), { ...common, reference: { exec, ds: await load(ref), given: ref } });
    for (const k of FIGURES) assert.equal(sameReport(b[k], a[k]), undefined, `${k}: ${sameReport(b[k], a[k])}`);
    assert.equal(a.labeledRows, 0);
    assert.ok(a.estimated!.windows.every((w) => w.labeledRows === 0 && w.metrics.length > 0));
    await assert.rejects(runSourceEvaluation(exec, await load(unl), { ...common }), (e: Error & { code?: string }) => e.code === 'NO_LABELS' && /--reference/.test(e.message));
  });

  it('refusals: a reference without labels, a reference with a third label value, a missing score column, a regression with a reference', async () => {
    const exec = new DuckDbExecutor(engine);
    const noLabels = join(dir, 'ref-nolabels.csv');
    writeFileSync(noLabels, scoredCsv(6, 300, '2026-08-03', 7, { labelsUntil: 0 }));
    const third = join(dir, 'ref-third.csv');
    writeFileSync(third, readFileSync(ref, 'utf8').replace(/,1\n/, ',2\n'));
    const noScore = join(dir, 'ref-noscore.csv');
    writeFileSync(noScore, 'id,ts,label\n1,2026-08-03 00:00:00,1\n');
    const curDs = await load(cur);
    const run = (r: string, extra: object = {}) => runSourceEvaluation(exec, curDs, { label: 'label', score: 'score', bootstrap: 0, ...extra, reference: { exec, ds: open.find((d) => d.path === r) ?? curDs, given: r } });
    for (const f of [noLabels, third, noScore]) await load(f);
    await assert.rejects(run(noLabels), (e: Error & { code?: string }) => e.code === 'NO_LABELS' && e.message.includes(noLabels) && /labelled reference/.test(e.message));
    await assert.rejects(run(third), (e: Error & { code?: string }) => e.code === 'LABEL_VALUES' && /'2'/.test(e.message) && e.message.includes(third));
    await assert.rejects(run(noScore), (e: Error & { code?: string }) => e.code === 'COLUMN_NOT_FOUND' && /Reference score column 'score'/.test(e.message));
    await assert.rejects(runSourceEvaluation(exec, curDs, { label: 'label', prediction: 'score', task: 'regression', reference: { exec, ds: curDs, given: cur } }), (e: Error & { code?: string }) => e.code === 'UNSUPPORTED_ON_ENGINE' && /--reference is read for a binary score/.test(e.message));
  });

  it('prototype-named classes (__proto__, constructor) on both sides: the same figures as the file path', async () => {
    const proto = (f: string) => readFileSync(f, 'utf8').replace(/,1\n/g, ',__proto__\n').replace(/,0\n/g, ',constructor\n');
    const c2 = join(dir, 'proto-current.csv');
    const r2 = join(dir, 'proto-reference.csv');
    writeFileSync(c2, proto(cur));
    writeFileSync(r2, proto(ref));
    const common = { label: 'label', score: 'score', positive: '__proto__', bootstrap: 40, seed: 1, timeColumn: 'ts', window: 'week' };
    const a = await runEvaluation(engine, { dataset: c2, reference: r2, segments: false, ...common });
    const exec = new DuckDbExecutor(engine);
    const b = await runSourceEvaluation(exec, await load(c2), { ...common, reference: { exec, ds: await load(r2), given: r2 } });
    for (const k of FIGURES) assert.equal(sameReport(b[k], a[k]), undefined, `${k}: ${sameReport(b[k], a[k])}`);
    assert.deepEqual(b.classes, ['constructor', '__proto__']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  for (const [name, dialect] of Object.entries(WAREHOUSE_DIALECTS)) {
    it(`golden SQL of evaluate over time with a reference table (week) in ${name}`, async () => {
      const inner = new DuckDbExecutor(engine);
      const curDs = await load(cur);
      const refDs = await load(ref);
      const exec = recording(inner, dialect, [[sourceOf(curDs), ['sales', 'orders']], [sourceOf(refDs), ['sales', 'reference']]]);
      await runSourceEvaluation(exec, curDs, { label: 'label', score: 'score', timeColumn: 'ts', window: 'week', bootstrap: 0, reference: { exec, ds: refDs, given: 'sales.reference' } });
      for (const text of exec.sql) assertSelectOnly(text, { backslashEscapes: name === 'bigquery' || name === 'databricks' || name === 'snowflake' });
      assert.ok(exec.sql.some((s) => /sales.*reference/.test(s)), 'the reference is read where it lives');
      const body = `${exec.sql.join(';\n\n')};\n`;
      const golden = join(GOLDEN, `evaluate-reference.${name}.sql`);
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(golden)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(golden, body);
      }
      assert.equal(body, readFileSync(golden, 'utf8'), `golden SQL changed: ${golden} (UPDATE_GOLDEN=1 after reviewing the diff)`);
    });
  }
});
