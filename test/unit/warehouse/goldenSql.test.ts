import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditPlans } from '../../../src/core/bias/audit';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { computeCurrent } from '../../../src/core/health/computeCurrent';
import { computeStats } from '../../../src/core/health/computeStats';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import type { AggregatePlan, Source } from '../../../src/core/plan/plan';
import { renderPlan } from '../../../src/core/plan/render';
import { parseRulesFile } from '../../../src/core/rules/rulesFile';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { runDrift } from '../../../src/core/drift/runDrift';
import { bucketAreasSql } from '../../../src/core/drift/bucketAreas';
import { gridByPlan } from '../../../src/core/drift/gridPlan';
import { gridCount, type NumericGrid } from '../../../src/core/drift/numericGrid';
import { validatePlans } from '../../../src/core/rules/rulesPlan';
import { WAREHOUSE_DIALECTS } from '../../../src/core/warehouse/dialects';
import { assertSelectOnly } from '../../../src/core/warehouse/selectOnly';

const SAMPLE = join(__dirname, '..', '..', '..', 'sample');
const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'warehouse', 'golden');

/** Runs plans in DuckDB and keeps them: the plans an analysis emits, whatever the engine. */
function recording(inner: PlanExecutor): PlanExecutor & { plans: AggregatePlan[] } {
  const plans: AggregatePlan[] = [];
  return {
    plans, dialect: inner.dialect, engine: inner.engine, fast: {},
    run: (p, o) => { plans.push(p); return inner.run(p, o); },
    runAll: async (ps, o) => { plans.push(...ps); return inner.runAll(ps, o); },
  };
}

/** The plan's source with DuckDB's relation (innermost, under unpivot/derive) replaced by table sales.orders (sales.orders_current for drift's current side). */
function repoint(source: Source, currentRelation: string): Source {
  if (source.kind === 'relation') return { kind: 'table', path: ['sales', source.relation === currentRelation ? 'orders_current' : 'orders'], ...(source.where ? { where: source.where } : {}) };
  if ('of' in source) return { ...source, of: repoint(source.of, currentRelation) } as Source;
  return source;
}

/**
 * Golden SQL: every plan of every ported analysis on the sample data, rendered by each warehouse dialect,
 * compared with test/fixtures/warehouse/golden/<analysis>.<dialect>.sql (UPDATE_GOLDEN=1 rewrites them).
 * Each statement must also pass the SELECT-only guard of its engine. The functions each dialect uses are
 * listed, with the documentation they were checked against, in docs/warehouse.md.
 */
describe('warehouse: golden SQL per dialect and analysis', function () {
  this.timeout(60_000);
  let engine: Engine;
  const captured = new Map<string, AggregatePlan[]>();
  let areaGrids: { r: NumericGrid; c: NumericGrid; buckets: number[] };

  before(async () => {
    engine = await Engine.create({ threads: 1 });
    const loans = await loadDataset(engine, join(SAMPLE, 'loans_reference.csv'));
    const pricing = await loadDataset(engine, join(SAMPLE, 'pricing_predictions.csv'));
    // Each analysis runs in DuckDB on the relation (to get its data-dependent plans), then the plans are re-pointed at a table.
    const current = await loadDataset(engine, join(SAMPLE, 'loans_current.csv'));
    const run = async (name: string, f: (x: PlanExecutor) => Promise<unknown>) => {
      const rec = recording(new DuckDbExecutor(engine));
      await f(rec);
      captured.set(name, rec.plans.map((p) => ({ ...p, source: repoint(p.source, current.relation) })));
    };
    await run('profile', (x) => profileDataset(x, loans));
    // One numeric column (default test: the exact Wasserstein grid, two passes), one categorical and one boolean: every kind of drift plan, at a reviewable size.
    await run('drift', (x) => runDrift(x, loans, current, { columns: ['income', 'region', 'has_mortgage'] }));
    // Drift's second query where the engine integrates the ambiguous buckets itself (drift/bucketAreas.ts), on a
    // 40-bucket grid of income with every fourth non-empty bucket asked for (a reviewable size).
    const duck = new DuckDbExecutor(engine);
    const spec = { lo: 0, hi: 400_000, bins: 40 };
    const r = await gridByPlan(duck, { kind: 'relation', relation: loans.relation }, 'income', spec);
    const c = await gridByPlan(duck, { kind: 'relation', relation: current.relation }, 'income', spec);
    areaGrids = { r, c, buckets: Array.from({ length: spec.bins }, (_v, b) => b).filter((b) => gridCount(r, b) + gridCount(c, b) > 0).filter((_b, i) => i % 4 === 0) };
    await run('health-baseline', (x) => computeStats(x, loans, { timeColumn: 'application_date' }));
    const { baseline } = await computeStats(engine, loans, { timeColumn: 'application_date' });
    await run('health-check', (x) => computeCurrent(x, loans, baseline, { rangeTolerance: 0.1, windowDays: 1 }));
    await run('bias-prediction', (x) => auditPlans(x, loans, { dataset: 'loans', sensitive: ['gender', 'race'], label: 'approved', prediction: 'predicted_approved', favorable: 1 }));
    await run('bias-score', (x) => auditPlans(x, loans, { dataset: 'loans', sensitive: ['gender'], label: 'approved', score: 'score', threshold: 0.5, favorable: 1 }));
    await run('validate', (x) => validatePlans(x, pricing, parseRulesFile(readFileSync(join(SAMPLE, 'pricing.rules.yml'), 'utf8'))));
    // Rule arithmetic with the embedded engine's IEEE results (rules/planMath.ts, plan/exactFmod.ts).
    await run('validate-math', (x) => validatePlans(x, pricing, parseRulesFile([
      'rules:',
      '  - { id: cents, expr: "round(predicted_price, 2) = predicted_price" }',
      '  - { id: margin, expr: "predicted_price / unit_cost < 10" }',
      '  - { id: whole-steps, expr: "predicted_price % 0.05 < 0.01 or round(predicted_price, -1) >= 0" }',
      '  - { id: growth, expr: "exp(unit_cost / 100) ^ 2 < 1e6" }',
    ].join('\n'))));
  });
  after(() => engine?.close());

  for (const [name, dialect] of Object.entries(WAREHOUSE_DIALECTS)) {
    it(`drift-areas in ${name}`, () => {
      const { r, c, buckets } = areaGrids;
      assert.ok(buckets.length >= 3);
      const sql = bucketAreasSql(dialect, { kind: 'table', path: ['sales', 'orders'] }, { kind: 'table', path: ['sales', 'orders_current'] }, 'income', r, c, buckets);
      assertSelectOnly(sql, { backslashEscapes: name === 'bigquery' || name === 'databricks' || name === 'snowflake' });
      const body = `${sql};\n`;
      const file = join(GOLDEN, `drift-areas.${name}.sql`);
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, body);
      }
      assert.equal(body, readFileSync(file, 'utf8'), `golden SQL changed: ${file} (UPDATE_GOLDEN=1 after reviewing the diff)`);
    });
  }

  for (const analysis of ['profile', 'drift', 'health-baseline', 'health-check', 'bias-prediction', 'bias-score', 'validate', 'validate-math']) {
    for (const [name, dialect] of Object.entries(WAREHOUSE_DIALECTS)) {
      it(`${analysis} in ${name}`, () => {
        const plans = captured.get(analysis)!;
        assert.ok(plans.length > 0);
        const sql: string[] = [];
        for (const p of plans) {
          let text: string;
          try {
            text = renderPlan(p, dialect);
          } catch (e) {
            // A capability the engine lacks (e.g. exact quantiles in Trino) is a planning-time error, never wrong SQL.
            text = `-- not renderable: ${(e as Error).message}`;
          }
          if (!text.startsWith('--')) assertSelectOnly(text, { backslashEscapes: name === 'bigquery' || name === 'databricks' || name === 'snowflake' });
          sql.push(text);
        }
        const body = `${sql.join(';\n\n')};\n`;
        const file = join(GOLDEN, `${analysis}.${name}.sql`);
        if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(file, body);
        }
        assert.equal(body, readFileSync(file, 'utf8'), `golden SQL changed: ${file} (UPDATE_GOLDEN=1 after reviewing the diff)`);
      });
    }
  }
});
