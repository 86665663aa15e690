import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { bucketAreasSql, canIntegrateBuckets } from '../../../src/core/drift/bucketAreas';
import { gridByPlan } from '../../../src/core/drift/gridPlan';
import { gridBucket as jsBucket, gridCount, type NumericGrid } from '../../../src/core/drift/numericGrid';
import { runDrift } from '../../../src/core/drift/runDrift';
import type { SqlDialect } from '../../../src/core/plan/dialect';
import { duckdbDialect } from '../../../src/core/plan/duckdbDialect';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import type { AggregatePlan, PlanRow, Source } from '../../../src/core/plan/plan';
import { renderPlan } from '../../../src/core/plan/render';
import { WAREHOUSE_DIALECTS } from '../../../src/core/warehouse/dialects';
import { assertSelectOnly } from '../../../src/core/warehouse/selectOnly';
import { sameReport } from './pgLoad';

/**
 * A warehouse-shaped executor over the embedded DuckDB: plans rendered by `dialect` and sent as SQL text, a
 * generated-SELECT path and no streaming path, exactly what WarehousePlanExecutor offers. `shim` rewrites
 * the few spellings DuckDB does not share with the dialect (each one listed where it is used).
 */
class HostedExecutor implements PlanExecutor {
  readonly engine;
  readonly fast;
  readonly statements: string[] = [];
  constructor(private readonly db: Engine, readonly dialect: SqlDialect, private readonly shim: (sql: string) => string = (s) => s) {
    this.engine = { name: dialect.name, local: false, label: `${dialect.name} SQL on DuckDB` };
    this.fast = { select: (sql: string) => this.send(sql) };
  }
  private async send(sql: string): Promise<PlanRow[]> {
    this.statements.push(sql);
    return (await this.db.run(this.shim(sql))) as PlanRow[];
  }
  run(plan: AggregatePlan): Promise<PlanRow[]> {
    return this.send(renderPlan(plan, this.dialect));
  }
  runAll(plans: readonly AggregatePlan[]): Promise<PlanRow[][]> {
    return Promise.all(plans.map((p) => this.run(p)));
  }
}

/** Backtick-quoted identifiers as DuckDB's double-quoted ones (the generated SQL has no backtick inside a string). */
const unBacktick = (sql: string) => sql.replace(/`((?:[^`]|``)*)`/g, (_m, name: string) => `"${name.replace(/``/g, '`').replace(/"/g, '""')}"`);

/** ∫ |F_r − F_c| between a bucket's first and last pooled value, straight from the values (the reference). */
function areaOf(rv: number[], cv: number[], r0: number, c0: number, nr: number, nc: number): { inner: number; first: number; last: number } {
  const counts = new Map<number, [number, number]>();
  for (const v of rv) counts.set(v, [(counts.get(v)?.[0] ?? 0) + 1, counts.get(v)?.[1] ?? 0]);
  for (const v of cv) counts.set(v, [counts.get(v)?.[0] ?? 0, (counts.get(v)?.[1] ?? 0) + 1]);
  const xs = [...counts.keys()].sort((a, b) => a - b);
  let [cr, cc, inner] = [0, 0, 0];
  xs.forEach((x, i) => {
    cr += counts.get(x)![0];
    cc += counts.get(x)![1];
    if (i + 1 < xs.length) inner += Math.abs((r0 + cr) / nr - (c0 + cc) / nc) * (xs[i + 1]! - x);
  });
  return { inner, first: xs[0]!, last: xs[xs.length - 1]! };
}

/**
 * The ambiguous-bucket query (drift/bucketAreas.ts) as each warehouse dialect renders it, run on DuckDB where
 * the SQL has the same shape, against areas computed from the values in JavaScript; and the whole two-query
 * drift through a warehouse-shaped executor against the embedded engine's report. PostgreSQL runs the same
 * path on a real server in sameReports.test.ts; BigQuery's inline table (UNNEST of STRUCTs) has no DuckDB
 * spelling and is covered by its golden SQL only.
 */
describe('drift: ambiguous buckets integrated in SQL on every dialect', function () {
  this.timeout(120_000);
  let engine: Engine;
  const ref: number[] = [];
  const cur: number[] = [];

  before(async () => {
    engine = await Engine.create({ threads: 2 });
    // Near-identical sides (F_r − F_c crosses zero often), repeated values, values shared by both sides, and
    // NULL, NaN and ±Infinity rows that every dialect must leave out.
    const dir = mkdtempSync(join(tmpdir(), 'ml-areas-'));
    const side = (seed: number, out: number[]) => 'x,y\n' + Array.from({ length: 20_000 }, (_v, i) => {
      const k = i * 7919 + seed;
      if (i % 997 === 0) return `,${k % 5}`;
      if (i % 1009 === 0) return `${['nan', 'inf', '-inf'][i % 3]},${k % 5}`;
      const x = i % 3 === 0 ? Math.round(Math.sin(k) * 50) / 4 : Math.sin(k) * 100;
      out.push(x);
      return `${x},${k % 5}`;
    }).join('\n') + '\n';
    writeFileSync(join(dir, 'r.csv'), side(1, ref));
    writeFileSync(join(dir, 'c.csv'), side(2, cur));
    for (const t of ['r', 'c']) await engine.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv('${join(dir, `${t}.csv`)}', columns = {'x': 'DOUBLE', 'y': 'BIGINT'})`);
    // The two spellings the Trino/Athena and Databricks SQL use that DuckDB names otherwise.
    await engine.run('CREATE MACRO is_finite(v) AS isfinite(v)');
    await engine.run('CREATE MACRO "double"(v) AS CAST(v AS DOUBLE)');
  });
  after(() => engine?.close());

  const shims: Record<string, ((s: string) => string) | null> = {
    postgres: (s) => s,
    trino: (s) => s,
    athena: (s) => s,
    snowflake: (s) => s,
    databricks: unBacktick,
    bigquery: null,
  };

  for (const [name, dialect] of [['duckdb (generic)', duckdbDialect] as const, ...Object.entries(WAREHOUSE_DIALECTS)]) {
    const shim = name === 'duckdb (generic)' ? (s: string) => s : shims[name];
    if (shim === null) continue;
    it(`${name}: per-bucket areas, first/last values and counts equal those from the values`, async () => {
      const exec = new HostedExecutor(engine, dialect, shim);
      assert.equal(canIntegrateBuckets(exec), true);
      const [lo, hi, bins] = [Math.min(...ref, ...cur), Math.max(...ref, ...cur), 640];
      const source = (t: string): Source => ({ kind: 'table', path: [t] });
      const r: NumericGrid = await gridByPlan(exec, source('r'), 'x', { lo, hi, bins });
      const c: NumericGrid = await gridByPlan(exec, source('c'), 'x', { lo, hi, bins });
      assert.equal(r.finite, ref.length);
      assert.equal(r.dropped, 19); // NaN and ±Infinity rows (i = 1009·k, k ≥ 1); NULL rows are not values at all
      const buckets = Array.from({ length: bins }, (_v, b) => b).filter((b) => b % 3 !== 1 && gridCount(r, b) + gridCount(c, b) > 0);
      const sql = bucketAreasSql(dialect, source('r'), source('c'), 'x', r, c, buckets);
      assertSelectOnly(sql, { backslashEscapes: name === 'databricks' || name === 'snowflake' });
      const rows = await exec.fast.select!(sql);
      assert.equal(rows.length, buckets.length);
      // The reference: each bucket's values from the arrays, cumulative counts before it, the same step sum.
      const byBucket = (xs: number[]) => {
        const m = new Map<number, number[]>();
        for (const x of xs) {
          const b = jsBucket(lo, hi, bins, x);
          m.set(b, [...(m.get(b) ?? []), x]);
        }
        return m;
      };
      const [rb, cb] = [byBucket(ref), byBucket(cur)];
      let [r0, c0] = [0, 0];
      const want = new Map<number, ReturnType<typeof areaOf> & { rn: number; cn: number }>();
      for (let b = 0; b < bins; b++) {
        const [rv, cv] = [rb.get(b) ?? [], cb.get(b) ?? []];
        if (buckets.includes(b)) want.set(b, { ...areaOf(rv, cv, r0, c0, r.finite, c.finite), rn: rv.length, cn: cv.length });
        r0 += rv.length;
        c0 += cv.length;
      }
      let integrated = 0;
      for (const row of rows) {
        const b = Number(row['b']);
        const w = want.get(b)!;
        assert.ok(w, `bucket ${b}`);
        assert.equal(Number(row['rn']), w.rn, `bucket ${b} reference count`);
        assert.equal(Number(row['cn']), w.cn, `bucket ${b} current count`);
        assert.equal(Number(row['vlo']), w.first);
        assert.equal(Number(row['vhi']), w.last);
        const got = row['area'] === null ? 0 : Number(row['area']);
        assert.ok(Math.abs(got - w.inner) <= 1e-12 * Math.max(1e-300, Math.abs(w.inner)), `bucket ${b}: ${got} vs ${w.inner}`);
        if (w.inner > 0) integrated++;
      }
      assert.ok(integrated > 100, `${integrated} buckets with a non-zero area`);
    });
  }

  it('the whole drift in two queries per column through a warehouse-shaped executor (generic SQL) equals the embedded engine\'s report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-areas2-'));
    for (const t of ['r', 'c']) await engine.run(`COPY ${t} TO '${join(dir, `${t}.csv`)}' (HEADER)`);
    const r = await loadDataset(engine, join(dir, 'r.csv'));
    const c = await loadDataset(engine, join(dir, 'c.csv'));
    const exec = new HostedExecutor(engine, duckdbDialect);
    const a = await runDrift(engine, r, c, { test: 'wasserstein', columns: ['x'] });
    const b = await runDrift(exec, r, c, { test: 'wasserstein', columns: ['x'] });
    const strip = (x: typeof a) => ({ ...x, reference: null, current: null, issues: null, computedIn: null });
    assert.equal(sameReport(strip(a), strip(b)), undefined, sameReport(strip(a), strip(b)));
    assert.ok(a.columns[0]!.statistic! > 0);
    assert.ok(exec.statements.some((s) => s.includes('OVER (PARTITION BY') && s.includes('(VALUES (')), 'the area query ran');
    // The embedded engine itself still streams (no generated-SELECT path): its hot path is untouched.
    assert.equal(canIntegrateBuckets(new DuckDbExecutor(engine)), false);
  });
});
