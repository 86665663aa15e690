import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { bucketValuesByPlan, gridByPlan } from '../../../src/core/drift/gridPlan';
import { scanGrids } from '../../../src/core/drift/gridScan';
import { gridBucket as jsGridBucket } from '../../../src/core/drift/numericGrid';
import { bucketsToRead } from '../../../src/core/drift/bucketCollector';
import { ambiguousBuckets, gridCdfDistance } from '../../../src/core/drift/gridDistance';
import { InputError } from '../../../src/core/errors';
import { GAMMA, LN_GAMMA, ZERO_LIMIT } from '../../../src/core/health/sketch';
import { and, cast, cmp, col, dbl, DuckDbExecutor, duckdbDialect, finiteOrNull, gridBucket, hash, int, notNull, parseFilter, renderExpr, renderPlan, str, approximateOutputs, type AggregatePlan } from '../../../src/core/plan';

/** The plan layer on DuckDB: golden SQL, literals read back exactly, guards, batching, and filters as data. */
describe('plan layer (DuckDB)', () => {
  let engine: Engine;
  let ex: DuckDbExecutor;
  const t = { kind: 'relation' as const, relation: 't' };
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    ex = new DuckDbExecutor(engine);
    await engine.exec(`CREATE TABLE t AS SELECT i, i % 3 AS g, ['a','b','c','d'][1 + i % 4] AS "we""ird", CASE WHEN i % 10 = 0 THEN NULL WHEN i = 7 THEN 'NaN'::DOUBLE WHEN i = 8 THEN 'inf'::DOUBLE ELSE (i * 0.37) - 50 END AS x,
      DATE '2026-01-05' + (i % 20)::INTEGER AS d FROM range(200) r(i)`);
  });
  after(() => engine.close());

  it('renders a plan as golden SQL (names quoted, doubles exact, every compound parenthesised)', () => {
    const plan: AggregatePlan = {
      source: { kind: 'table', path: ['sales', 'or"ders'] },
      where: cmp(col('x'), '>=', dbl(0.1)),
      groupBy: [{ name: 'g', expr: col('g'), type: 'integer' }],
      aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }, { name: 's', agg: { fn: 'sum', arg: col('x'), filter: notNull(col('x')) } }],
      top: { k: 2, by: 'n' },
    };
    assert.equal(renderPlan(plan, duckdbDialect),
      `SELECT * FROM (SELECT CAST("g" AS INTEGER) AS "g", CAST(count(*) AS BIGINT) AS "n", sum("x") FILTER (WHERE ("x" IS NOT NULL)) AS "s" FROM "sales"."or""ders" WHERE ("x" >= '0.1'::DOUBLE) GROUP BY "g" ORDER BY "n" DESC, "g" ASC LIMIT 2) AS top`);
  });

  it('reads back every double literal bit for bit', async () => {
    const values = [0.1, 0.30000000000000004, 1 / 3, -2.5e-308, 5e-324, 1.7976931348623157e308, 123456789.123456789, -1e-9];
    const plan: AggregatePlan = { source: t, aggregates: values.map((v, k) => ({ name: `v${k}`, agg: { fn: 'min', arg: dbl(v) } })) };
    const row = (await ex.run(plan))[0]!;
    values.forEach((v, k) => assert.ok(Object.is(row[`v${k}`], v), `${v} came back as ${String(row[`v${k}`])}`));
    assert.throws(() => dbl(NaN), /finite/);
  });

  it('quotes hostile names and strings; output names must be plain identifiers', async () => {
    const plan: AggregatePlan = { source: t, where: cmp(col('we"ird'), '=', str("a'); DROP TABLE t; --")), aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] };
    assert.deepEqual((await ex.run(plan)).map((r) => ({ ...r })), [{ n: 0 }]);
    assert.equal((await engine.run('SELECT count(*)::INTEGER AS n FROM t'))[0]!['n'], 200);
    assert.throws(() => renderPlan({ source: t, aggregates: [{ name: 'n"; DROP', agg: { fn: 'count' } }] }, duckdbDialect), /plain identifier/);
  });

  it('computes the drift grid bucket in SQL exactly as numericGrid.gridBucket does in JavaScript', async () => {
    const [lo, hi, bins] = [-50, 23.26, 40960];
    const rows = await ex.run({ source: t, where: and(notNull(col('x')), { op: 'isFinite', arg: col('x') }), groupBy: [{ name: 'x', expr: col('x') }, { name: 'b', expr: gridBucket(col('x'), lo, hi, bins), type: 'integer' }], aggregates: [] });
    assert.ok(rows.length > 150);
    for (const r of rows) assert.equal(r['b'], jsGridBucket(lo, hi, bins, r['x'] as number), `x = ${String(r['x'])}`);
  });

  it('log-bucket index guards ln inside its argument (0 and tiny values go to the zero bucket)', async () => {
    const v = col('v');
    const plan: AggregatePlan = {
      source: t, derive: [{ name: 'v', expr: finiteOrNull(cast(col('x'), 'double')) }], where: notNull(v),
      groupBy: [{ name: 'sign', expr: { op: 'logBucket', arg: v, part: 'sign', lnGamma: LN_GAMMA, zeroLimit: ZERO_LIMIT }, type: 'integer' }, { name: 'idx', expr: { op: 'logBucket', arg: v, part: 'index', lnGamma: LN_GAMMA, zeroLimit: ZERO_LIMIT }, type: 'integer' }],
      aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }], orderBy: ['sign', 'idx'],
    };
    assert.match(renderPlan(plan, duckdbDialect), /ln\(CASE WHEN abs\(/);
    const rows = await ex.run(plan);
    assert.equal(rows.reduce((s, r) => s + Number(r['n']), 0), 178); // 200 − 20 NULL − NaN − inf
    for (const r of rows) {
      if (r['sign'] === 0) continue;
      const i = Number(r['idx']);
      assert.ok(Math.pow(GAMMA, i - 1) < 50 * GAMMA && i > -3000, `index ${i}`);
    }
    const zero = await ex.run({ source: t, aggregates: [{ name: 'i', agg: { fn: 'min', arg: { op: 'logBucket', arg: dbl(0), part: 'index', lnGamma: LN_GAMMA, zeroLimit: ZERO_LIMIT } } }] });
    assert.equal(zero[0]!['i'], 0);
  });

  it('batches alike plans into one UNION ALL and returns each plan its own rows; top-k per group', async () => {
    const count = { name: 'n', agg: { fn: 'count' as const }, type: 'bigint' as const };
    const a: AggregatePlan = { source: t, groupBy: [{ name: 'k', expr: cast(col('g'), 'varchar'), type: 'varchar' }], aggregates: [count] };
    const b: AggregatePlan = { source: t, groupBy: [{ name: 'k', expr: cast(col('we"ird'), 'varchar'), type: 'varchar' }], aggregates: [count], top: { k: 2, by: 'n' } };
    const [ra, rb] = await ex.runAll([a, b]);
    assert.deepEqual(ra!.map((r) => [r['k'], r['n']]).sort(), [['0', 67], ['1', 67], ['2', 66]]);
    assert.deepEqual(rb!.map((r) => [r['k'], r['n']]), [['a', 50], ['b', 50]]);
    const perGroup = await ex.run({ source: t, groupBy: [{ name: 'g', expr: col('g'), type: 'integer' }, { name: 'w', expr: col('we"ird'), type: 'varchar' }], aggregates: [count], top: { k: 1, by: 'n', partitionBy: ['g'] }, orderBy: ['g'] });
    assert.deepEqual(perGroup.map((r) => [r['g'], r['w'], r['n']]), [[0, 'a', 17], [1, 'a', 17], [2, 'b', 17]]);
  });

  it('hash-sampled and approximate distinct counts are marked approximate; exact ones are exact', async () => {
    const plan: AggregatePlan = { source: t, aggregates: [
      { name: 'exact', agg: { fn: 'distinct', args: [col('i')], mode: 'exact' }, type: 'bigint' },
      { name: 'sample', agg: { fn: 'distinct', args: [col('i')], mode: 'hashSample', rate: 2 }, type: 'bigint' },
      { name: 'rows', agg: { fn: 'distinct', args: [hash(col('g'), col('we"ird'))], mode: 'exact' }, type: 'bigint' },
    ] };
    const r = (await ex.run(plan))[0]!;
    assert.equal(r['exact'], 200);
    assert.equal(r['rows'], 12);
    assert.ok(Number(r['sample']) > 60 && Number(r['sample']) < 140, String(r['sample']));
    assert.deepEqual(approximateOutputs(plan), ['sample']);
  });

  it("a 'distinct' source (GROUP BY) counts what count(DISTINCT) counts: NULL left out, NaN a value, with the source's filter", async () => {
    for (const [value, where] of [[col('x'), undefined], [col('we"ird'), cmp(col('i'), '>', int(50))], [col('d'), undefined]] as const) {
      const src = where ? { ...t, where } : t;
      const want = (await ex.run({ source: src, aggregates: [{ name: 'd', agg: { fn: 'distinct', args: [value], mode: 'exact' }, type: 'bigint' }] }))[0]!['d'];
      const plan: AggregatePlan = { source: { kind: 'distinct', of: src, value }, aggregates: [{ name: 'd', agg: { fn: 'count' }, type: 'bigint' }] };
      assert.match(renderPlan(plan, duckdbDialect), /GROUP BY/);
      assert.equal((await ex.run(plan))[0]!['d'], want, renderPlan(plan, duckdbDialect));
    }
  });

  it('streams expressions through the fast path', async () => {
    let sum = 0;
    let n = 0;
    await ex.fast.streamDoubles!({ kind: 'relation', relation: 't', where: cmp(col('g'), '=', int(1)) }, [col('i')], (cols, rows) => {
      for (let k = 0; k < rows; k++) sum += cols[0]!.values[k]!;
      n += rows;
    });
    assert.equal(n, 67);
    assert.equal(sum, Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 3 === 1).reduce((a, b) => a + b, 0));
  });

  it('turns a user filter into a plan expression, never into SQL text', async () => {
    const columns = [{ name: 'd', type: 'DATE' }, { name: 'we"ird', type: 'VARCHAR' }, { name: 'i', type: 'BIGINT' }];
    const f = parseFilter("d < '2026-01-10' and `we\"ird` in ['a', 'b'] and i between 0 and 150", columns);
    const rows = await ex.run({ source: { kind: 'relation', relation: 't', where: f }, aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] });
    const expect = Array.from({ length: 151 }, (_, i) => i).filter((i) => i % 20 < 5 && i % 4 < 2).length;
    assert.equal(rows[0]!['n'], expect);
    assert.match(renderExpr(f, duckdbDialect), /"we""ird"/);
    assert.throws(() => parseFilter('i = 1; DROP TABLE t', columns), (e: unknown) => e instanceof InputError);
    assert.throws(() => parseFilter('nope > 1', columns), (e: unknown) => e instanceof InputError && e.code === 'COLUMN_NOT_FOUND');
    assert.throws(() => parseFilter('exp(i) > 1', columns), (e: unknown) => e instanceof InputError && e.code === 'BAD_FILTER');
  });
});

describe('drift grid as plain plans (the path for executors without streaming)', () => {
  it('gives the streamed grid: equal counts, min, max and bucket values; sums to 1e-12', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      await engine.exec(`CREATE TABLE r AS SELECT CASE WHEN i % 97 = 0 THEN 'NaN'::DOUBLE WHEN i % 89 = 0 THEN NULL ELSE round(sqrt(-2 * ln((hash(i, 1) % 100003 + 0.5) / 100003)) * cos(6.283185307179586 * (hash(i, 2) % 100003) / 100003), 3) END AS v FROM range(20000) t(i)`);
      await engine.exec(`CREATE TABLE c AS SELECT round(0.05 + sqrt(-2 * ln((hash(i, 3) % 100003 + 0.5) / 100003)) * cos(6.283185307179586 * (hash(i, 4) % 100003) / 100003), 3) AS v FROM range(15000) t(i)`);
      const ex = new DuckDbExecutor(engine);
      const spec = { lo: -5, hi: 5, bins: 1280 };
      const [sr] = await scanGrids(engine, 'r', [{ column: 'v', ...spec }]);
      const [sc] = await scanGrids(engine, 'c', [{ column: 'v', ...spec }]);
      const pr = await gridByPlan(ex, { kind: 'relation', relation: 'r' }, 'v', spec);
      const pc = await gridByPlan(ex, { kind: 'relation', relation: 'c' }, 'v', spec);
      assert.equal(pr.finite, sr!.finite);
      assert.equal(pr.dropped, sr!.dropped);
      for (let k = 0; k < pr.cells.length; k++) {
        const [a, b] = [pr.cells[k]!, sr!.cells[k]!];
        if (k % 5 === 1 || k % 5 === 2) assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `cell ${k}: ${a} vs ${b}`);
        else assert.equal(a, b, `cell ${k}`);
      }
      const need = ambiguousBuckets(pr, pc);
      const of = (x: number) => jsGridBucket(spec.lo, spec.hi, spec.bins, x);
      const rv = await bucketValuesByPlan(ex, { kind: 'relation', relation: 'r' }, 'v', pr, bucketsToRead(pr, need), of);
      const cv = await bucketValuesByPlan(ex, { kind: 'relation', relation: 'c' }, 'v', pc, bucketsToRead(pc, need), of);
      const streamed = gridCdfDistance({ ...sr!, values: rv }, { ...sc!, values: cv });
      assert.ok(need.length > 0 && streamed > 0.01);
      assert.ok(Math.abs(gridCdfDistance({ ...pr, values: rv }, { ...pc, values: cv }) - streamed) < 1e-12);
    } finally {
      engine.close();
    }
  });
});
