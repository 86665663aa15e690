import assert from 'node:assert/strict';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { bucketValues } from '../../../src/core/drift/bucketCollector';
import { expandRuns, fewDistinct, queryBucketRuns, runsOf, withRuns, type BucketRuns } from '../../../src/core/drift/bucketRuns';
import { ambiguousBuckets, bucketSteps, gridCdfDistance } from '../../../src/core/drift/gridDistance';
import { scanGrids } from '../../../src/core/drift/gridScan';
import { bucketBatchLimit, readGridValues, valuesToRead, type ColumnValues } from '../../../src/core/drift/gridValues';
import { buildGrid, gridCount, gridEdge } from '../../../src/core/drift/numericGrid';
import type { DriftSide } from '../../../src/core/drift/driftSide';
import { mulberry32 } from '../../../src/core/random';
import { table } from './engineTable';

// Ambiguous buckets' values read again as runs (bucketRuns.ts): DuckDB groups them by value and orders them, so
// JavaScript neither places every value nor sorts each bucket. The runs must give every number the values gave.

/** What `run` returns, and the statements it sent to the engine. */
async function withStatements<T>(run: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const sql: string[] = [];
  observeStatements((s) => sql.push(s));
  try {
    return { result: await run(), sql };
  } finally {
    observeStatements(undefined);
  }
}

const rnd = mulberry32(77);
/** Values at a resolution of 1/100 (many repeats), some exactly on bucket edges. */
const coarse = (n: number, shift: number, lo: number, hi: number, bins: number) => Float64Array.from({ length: n }, (_x, i) => (i % 41 === 0 ? gridEdge(lo, hi, bins, i % bins) : Math.round((rnd() * 8 + shift) * 100) / 100));
const sortedRuns = (values: Float64Array): [Float64Array, Float64Array] => {
  const s = values.slice().sort();
  const xs: number[] = [];
  const ns: number[] = [];
  for (const x of s) {
    if (xs.length && xs.at(-1) === x) ns[ns.length - 1]!++;
    else {
      xs.push(x);
      ns.push(1);
    }
  }
  return [Float64Array.from(xs), Float64Array.from(ns)];
};
const ascending = (a: Float64Array) => a.every((x, i) => i === 0 || a[i - 1]! < x);

describe('bucketRuns: ambiguous buckets as runs of distinct values', () => {
  const [lo, hi, bins] = [0, 9, 256];
  const u = coarse(6000, 0, lo, hi, bins);
  const g = buildGrid(u, lo, hi, bins);
  const wanted = Array.from({ length: bins }, (_b, b) => b).filter((b) => gridCount(g, b) > 0 && b % 3 !== 1);

  it('runsOf: each wanted bucket\'s distinct values ascending with their counts, views of the rows (neighbours skipped)', () => {
    const [xs, ns] = sortedRuns(u);
    const runs = runsOf(g, wanted, xs, ns)!;
    assert.ok(runs, 'counts agree with the grid');
    assert.deepEqual([...runs.values.keys()].sort((a, b) => a - b), wanted);
    for (const b of wanted) {
      const v = runs.values.get(b)!;
      assert.ok(ascending(v), `bucket ${b} distinct and ascending`);
      assert.equal(v.buffer, xs.buffer, 'a view, not a copy');
    }
    assert.ok([...runs.values.values()].reduce((s, v) => s + v.length, 0) < wanted.reduce((s, b) => s + gridCount(g, b), 0), 'fewer runs than values');
    const expanded = expandRuns(runs);
    const direct = bucketValues(u, g, wanted);
    for (const b of wanted) assert.deepEqual(expanded.get(b), direct.get(b)!.slice().sort(), `bucket ${b}`);
  });

  it('runsOf: undefined when a bucket\'s counts disagree with the grid or its runs do not lie together', () => {
    const [xs, ns] = sortedRuns(u);
    const fewer = ns.slice();
    fewer[xs.findIndex((x) => x > gridEdge(lo, hi, bins, wanted[3]!))]! += 1;
    assert.equal(runsOf(g, wanted, xs, fewer), undefined);
    const swapped = xs.slice();
    [swapped[0], swapped[swapped.length - 1]] = [swapped[swapped.length - 1]!, swapped[0]!];
    assert.equal(runsOf(g, wanted, swapped, ns), undefined);
    assert.equal(runsOf(g, wanted, xs.subarray(0, xs.length - 1), ns.subarray(0, ns.length - 1)), undefined);
  });

  it('gridCdfDistance on runs equals the one on every value listed (bit for bit), and bucketSteps too', () => {
    const v = coarse(5000, 0, lo, hi, bins);
    const [r, c] = [buildGrid(u, lo, hi, bins), buildGrid(v, lo, hi, bins)];
    const need = ambiguousBuckets(r, c);
    assert.ok(need.length > 10);
    const [rl, cl] = [{ ...r, values: bucketValues(u, r, need) }, { ...c, values: bucketValues(v, c, need) }];
    const [ux, un] = sortedRuns(u);
    const [vx, vn] = sortedRuns(v);
    const [rr, cr] = [withRuns(r, runsOf(r, need, ux, un)!), withRuns(c, runsOf(c, need, vx, vn)!)];
    assert.ok([...rr.counts!.values()].some((n) => n.some((k) => k > 1)), 'some value repeats');
    assert.equal(gridCdfDistance(rr, cr), gridCdfDistance(rl, cl));
    assert.deepEqual(bucketSteps(rr, cr, new Set(need)), bucketSteps(rl, cl, new Set(need)));
  });
});

describe('bucketRuns: fewDistinct, whether DuckDB groups a side\'s bucket values', () => {
  const all = (g: ReturnType<typeof buildGrid>) => Array.from({ length: g.bins }, (_b, b) => b).filter((b) => gridCount(g, b) > 1);
  it('values at a resolution of 10^-k (integers, cents) with many per bucket: grouped', () => {
    const cents = buildGrid(Float64Array.from({ length: 20000 }, () => Math.round(rnd() * 5000) / 100), 0, 50, 256);
    assert.equal(fewDistinct(cents, all(cents)), true);
    const ints = buildGrid(Float64Array.from({ length: 20000 }, () => Math.floor(rnd() * 3000)), 0, 3000, 64);
    assert.equal(fewDistinct(ints, all(ints)), true);
  });
  it('full-precision values, or few values per possible distinct value: read one by one', () => {
    const full = buildGrid(Float64Array.from({ length: 20000 }, () => rnd() * 50), 0, 50, 256);
    assert.equal(fewDistinct(full, all(full)), false);
    // Cents, but ~8 values per bucket against up to ~20 possible cents: grouping would not pay.
    const sparse = buildGrid(Float64Array.from({ length: 2000 }, () => Math.round(rnd() * 5000) / 100), 0, 50, 256);
    assert.equal(fewDistinct(sparse, all(sparse)), false);
  });
});

describe('bucketRuns: queryBucketRuns and readGridValues through DuckDB', function () {
  this.timeout(30000);
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());

  it('one grouped and ordered statement per side; runs that expand to the values of the buckets', async () => {
    const ref = await table(engine, 'runs_r', `SELECT CASE WHEN i % 50 = 0 THEN NULL WHEN i % 77 = 0 THEN 'nan'::DOUBLE ELSE round((hash(i) % 900) / 100.0, 2) END AS x FROM range(20000) t(i)`);
    const cur = await table(engine, 'runs_c', `SELECT round((hash(i + 100000) % 900) / 100.0, 2) AS x FROM range(18000) t(i)`);
    const spec = [{ column: 'x', lo: 0, hi: 9.1, bins: 128 }];
    const [[r], [c]] = [await scanGrids(engine, ref.relation, spec), await scanGrids(engine, cur.relation, spec)];
    const need = ambiguousBuckets(r!, c!);
    assert.ok(need.length > 20, `${need.length} ambiguous buckets`);
    let got: ColumnValues;
    const side = (d: typeof ref): DriftSide => ({ path: d.path, source: { kind: 'relation', relation: d.relation }, rows: d.rows, columns: [] });
    const { sql } = await withStatements(() => readGridValues(engine, side(ref), side(cur), [{ column: 'x', r: r!, c: c!, buckets: need }], {}, (_k, v) => (got = v)));
    assert.equal(sql.filter((s) => /GROUP BY x ORDER BY x$/.test(s)).length, 2, sql.join('\n'));
    assert.ok(Array.isArray(got));
    const [rr, cr] = got as readonly [BucketRuns, BucketRuns];
    assert.ok(rr.counts && cr.counts, 'runs with their counts');
    const direct = await queryBucketRuns(engine, ref.relation, 'x', r!, need);
    assert.deepEqual(rr, direct);
    for (const [b, xs] of rr.values) {
      assert.ok(ascending(xs), `bucket ${b} ascending, each value once`);
      assert.equal(rr.counts.get(b)!.reduce((s, n) => s + n, 0), gridCount(r!, b));
    }
    const rows = (await engine.run(`SELECT x FROM runs_r WHERE isfinite(x)`)).map((row) => Number(row['x']));
    const expanded = expandRuns(rr);
    const byValue = bucketValues(Float64Array.from(rows), r!, need);
    for (const b of need) if (gridCount(r!, b) > 0) assert.deepEqual(expanded.get(b), byValue.get(b)!.sort(), `bucket ${b}`);
  });

  it('more values than bucketBatchLimit but few distinct ones: read at once as runs, not in batches; the same distance', async () => {
    const spec = [{ column: 'x', lo: 0, hi: 9.1, bins: 128 }];
    const [[r], [c]] = [await scanGrids(engine, 'runs_r', spec), await scanGrids(engine, 'runs_c', spec)];
    const need = ambiguousBuckets(r!, c!);
    const values = valuesToRead(r!, need) + valuesToRead(c!, need);
    const saved = { ...bucketBatchLimit };
    let got: ColumnValues;
    try {
      Object.assign(bucketBatchLimit, { values: Math.floor(values / 4), batchesRead: 0 });
      const side = (relation: string, rows: number): DriftSide => ({ path: relation, source: { kind: 'relation', relation }, rows, columns: [] });
      await readGridValues(engine, side('runs_r', 20000), side('runs_c', 18000), [{ column: 'x', r: r!, c: c!, buckets: need }], {}, (_k, v) => (got = v));
      assert.equal(bucketBatchLimit.batchesRead, 0);
    } finally {
      Object.assign(bucketBatchLimit, saved);
    }
    assert.ok(Array.isArray(got), 'both sides\' runs, not batches integrated');
    const [rr, cr] = got as readonly [BucketRuns, BucketRuns];
    const held = [rr, cr].reduce((n, x) => n + [...x.values.values()].reduce((m, v) => m + v.length, 0), 0);
    assert.ok(held <= values / 4, `${held} runs held for ${values} values`);
    const all = async (t: string) => Float64Array.from((await engine.run(`SELECT x FROM ${t} WHERE isfinite(x)`)).map((row) => Number(row['x'])));
    const [u, v] = [await all('runs_r'), await all('runs_c')];
    assert.equal(gridCdfDistance(withRuns(r!, rr), withRuns(c!, cr)), gridCdfDistance({ ...r!, values: bucketValues(u, r!, need) }, { ...c!, values: bucketValues(v, c!, need) }));
  });

  it('full-precision values: read one by one (no GROUP BY), each bucket sorted, no counts', async () => {
    const ref = await table(engine, 'full_r', `SELECT (hash(i) % 1000000007) / 1000000007.0 * 9 AS x FROM range(20000) t(i)`);
    const spec = [{ column: 'x', lo: 0, hi: 9, bins: 128 }];
    const [r] = await scanGrids(engine, ref.relation, spec);
    // No end bucket: the values are kept by their range (x BETWEEN lo AND hi).
    const wanted = Array.from({ length: 128 }, (_b, b) => b).filter((b) => b % 2 === 0 && b > 0 && b < 127);
    const { result: runs, sql } = await withStatements(() => queryBucketRuns(engine, ref.relation, 'x', r!, wanted));
    assert.equal(sql.length, 1);
    assert.doesNotMatch(sql[0]!, /GROUP BY/);
    assert.match(sql[0]!, /x BETWEEN/);
    assert.ok(runs && !runs.counts);
    const rows = (await engine.run(`SELECT x FROM full_r`)).map((row) => Number(row['x']));
    const byValue = bucketValues(Float64Array.from(rows), r!, wanted);
    assert.deepEqual([...runs.values.keys()].sort((a, b) => a - b), wanted);
    for (const b of wanted) assert.deepEqual(runs.values.get(b), byValue.get(b)!.sort(), `bucket ${b}`);
  });

  it('end buckets wanted: values beyond the grid\'s range, clamped into them as gridBucket does, are read too (NaN, ±inf and NULL are not)', async () => {
    const ref = await table(engine, 'ends_r', `SELECT CASE WHEN i % 97 = 0 THEN NULL WHEN i % 89 = 0 THEN 'nan'::DOUBLE WHEN i % 83 = 0 THEN '-inf'::DOUBLE ELSE round((hash(i) % 1400) / 100.0 - 2, 1) END AS x FROM range(30000) t(i)`);
    // A grid over [0, 10] of values in [-2, 12): the values beyond it lie in buckets 0 and 63.
    const [r] = await scanGrids(engine, ref.relation, [{ column: 'x', lo: 0, hi: 10, bins: 64 }]);
    for (const wanted of [[0, 5, 63], [0, 30], [40, 63]]) {
      const { result: runs, sql } = await withStatements(() => queryBucketRuns(engine, ref.relation, 'x', r!, wanted));
      assert.match(sql.join('\n'), /isfinite\(x\)/);
      assert.ok(runs?.counts, `wanted ${wanted.join(', ')}: grouped runs whose counts agree with the grid`);
      const rows = (await engine.run(`SELECT x FROM ends_r WHERE isfinite(x)`)).map((row) => Number(row['x']));
      const byValue = bucketValues(Float64Array.from(rows), r!, wanted);
      // GROUP BY makes −0 and 0 one value (either sign): equal to the integral, not to deepEqual.
      const unsigned = (v: Float64Array | undefined) => v!.map((y) => y + 0);
      for (const b of wanted) assert.deepEqual(unsigned(expandRuns(runs).get(b)), unsigned(byValue.get(b)!.sort()), `bucket ${b}`);
    }
  });
});
