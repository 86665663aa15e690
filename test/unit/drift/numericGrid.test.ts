import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { cdfDistanceIntegral } from '../../../src/core/drift/cdfDistance';
import { queryBucketValues, scanBucketValues, scanGrids } from '../../../src/core/drift/gridScan';
import { buildGrid, GridBuilder, gridBucket, gridCount, gridEdge, type NumericGrid } from '../../../src/core/drift/numericGrid';
import { gridDistinct, gridShares, gridStd } from '../../../src/core/drift/gridSummary';
import { bucketsToRead, bucketValues, knownBucketValues } from '../../../src/core/drift/bucketCollector';
import { ambiguousBuckets, gridCdfDistance } from '../../../src/core/drift/gridDistance';
import { mulberry32 } from '../../../src/core/random';
import { assertClose } from '../helpers';

// The grid integral is checked against the sort-and-merge integral (cdfDistanceIntegral, itself checked
// against scipy.stats.wasserstein_distance in scipyReference.test.ts) to 1e-12 relative.
const REL = 1e-12;

const rnd = mulberry32(2024);
const normal = () => Math.sqrt(-2 * Math.log(rnd() || 1e-300)) * Math.cos(2 * Math.PI * rnd());
const sample = (n: number, f: () => number) => Float64Array.from({ length: n }, f);
const finiteRange = (...xs: Float64Array[]) => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of xs) for (const x of a) if (Number.isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  return [lo, hi] as const;
};
const sortedFinite = (a: Float64Array) => a.filter(Number.isFinite).sort();

/** W₁ on a grid of `bins` buckets, with the values of the ambiguous buckets; also returns how many there were. */
function gridW1(u: Float64Array, v: Float64Array, bins: number): { w: number; ambiguous: number; r: NumericGrid; c: NumericGrid } {
  const [lo, hi] = finiteRange(u, v);
  const r = buildGrid(u, lo, hi, bins);
  const c = buildGrid(v, lo, hi, bins);
  const need = ambiguousBuckets(r, c);
  const w = gridCdfDistance({ ...r, values: bucketValues(u, r, need) }, { ...c, values: bucketValues(v, c, need) });
  // Reading only the buckets whose cells do not determine their values gives the very same number.
  const fewer = gridCdfDistance({ ...r, values: bucketValues(u, r, bucketsToRead(r, need)) }, { ...c, values: bucketValues(v, c, bucketsToRead(c, need)) });
  assert.equal(fewer, w);
  return { w, ambiguous: need.length, r, c };
}

describe('numericGrid: exact ∫|F_r − F_c| without sorting', () => {
  const cases: [string, Float64Array, Float64Array][] = [
    ['one distribution (F_r − F_c crosses zero often)', sample(20000, normal), sample(30000, normal)],
    ['shifted by 0.3', sample(20000, normal), sample(20000, () => normal() + 0.3)],
    ['integers 0..40 (ties; one value per bucket)', sample(15000, () => Math.floor(rnd() * 41)), sample(12000, () => Math.floor(rnd() * 43))],
    ['heavy right tail (lognormal)', sample(10000, () => Math.exp(2 * normal())), sample(10000, () => Math.exp(2 * normal() + 0.1))],
    ['large offset: 1e6 + noise', sample(5000, () => 1e6 + normal()), sample(5000, () => 1e6 + normal() * 1.1)],
    ['negative and positive, rounded to cents', sample(8000, () => Math.round(normal() * 5000) / 100), sample(8000, () => Math.round(normal() * 5200) / 100)],
    ['tiny samples', Float64Array.from([3, 1, 2]), Float64Array.from([2.5, 0.5, 4, 4, 1])],
  ];
  for (const [name, u, v] of cases) {
    it(`${name}: equals the sorted merge for coarse and fine grids`, () => {
      const exact = cdfDistanceIntegral(sortedFinite(u), sortedFinite(v), 1);
      for (const bins of [20, 1280, 40960]) {
        const { w } = gridW1(u, v, bins);
        assertClose(w, exact, REL, 1e-300, `${name}, ${bins} buckets`);
      }
    });
  }

  it('needs the values of buckets where F_r − F_c changes sign, and only there', () => {
    const u = sample(20000, normal);
    const v = sample(20000, normal);
    const { ambiguous, r, c } = gridW1(u, v, 1280);
    assert.ok(ambiguous > 0 && ambiguous < 1280, `ambiguous buckets: ${ambiguous}`);
    assert.throws(() => gridCdfDistance(r, c), /values of bucket \d+ are missing/);
    // A clearly shifted sample needs (almost) none: the sums alone give the integral.
    const far = gridW1(u, sample(20000, () => normal() + 3), 1280);
    assert.ok(far.ambiguous < 5, `ambiguous buckets for a shift of 3σ: ${far.ambiguous}`);
  });

  it('bucket values known from the cells: none, all equal, or two (min and max); three distinct must be read', () => {
    const g = buildGrid(Float64Array.of(0.5, 1.2, 1.7, 2.5, 2.5, 2.5, 3.1, 3.4, 3.9), 0, 4, 4);
    assert.deepEqual(knownBucketValues(g, 0), Float64Array.of(0.5));
    assert.deepEqual(knownBucketValues(g, 1), Float64Array.of(1.2, 1.7));
    assert.deepEqual(knownBucketValues(g, 2), Float64Array.of(2.5, 2.5, 2.5));
    assert.equal(knownBucketValues(g, 3), undefined);
    assert.deepEqual(bucketsToRead(g, [0, 1, 2, 3]), [3]);
    // A sparse pair (most buckets hold one or two values): the distance needs few buckets read.
    const u = sample(3000, normal);
    const v = sample(3000, () => normal() * 1.01);
    const { r, c } = gridW1(u, v, 40960);
    const need = ambiguousBuckets(r, c);
    assert.ok(need.length > 0 && bucketsToRead(r, need).length < need.length / 2 && bucketsToRead(c, need).length < need.length / 2, `${need.length} ambiguous buckets`);
  });

  it('identical samples: distance 0', () => {
    const u = sample(5000, normal);
    assert.equal(gridW1(u, u.slice(), 1280).w, 0);
  });

  it('drops NaN/±Infinity and counts them; skips NULL entries of a chunk', () => {
    const u = Float64Array.from([1, NaN, 2, Infinity, 3, -Infinity, 4]);
    const g = buildGrid(u, 1, 4, 20);
    assert.equal(g.finite, 4);
    assert.equal(g.dropped, 3);
    // Validity mask 0b0101: rows 0 and 2 are values, rows 1 and 3 are NULL (neither finite nor dropped).
    const b = new GridBuilder(0, 10, 20);
    b.add(Float64Array.from([1, 999, 2, NaN]), 4, Uint32Array.from([0b0101]));
    const h = b.finish();
    assert.equal(h.finite, 2);
    assert.equal(h.dropped, 0);
  });

  it('every value lies inside its bucket, also values sitting exactly on edges', () => {
    for (const [lo, hi, bins] of [[0, 1, 20], [-3.7, 11.3, 1280], [18, 75, 40960], [0.1, 0.7, 1280]] as const) {
      const xs = [lo, hi, ...Array.from({ length: 2000 }, (_, k) => gridEdge(lo, hi, bins, k % (bins + 1))), ...Array.from({ length: 2000 }, () => lo + rnd() * (hi - lo))];
      for (const x of xs) {
        const b = gridBucket(lo, hi, bins, x);
        assert.ok(x >= gridEdge(lo, hi, bins, b), `${x} below bucket ${b}`);
        assert.ok(b === bins - 1 ? x <= hi : x < gridEdge(lo, hi, bins, b + 1), `${x} above bucket ${b}`);
      }
    }
  });

  it('std from the bucket sums equals the two-pass population std (numpy.std) to 1e-12', () => {
    for (const u of [sample(10000, normal), sample(10000, () => 1e9 + normal()), sample(3000, () => Math.exp(3 * normal())), Float64Array.from([5, 5, 5, 7])]) {
      const [lo, hi] = finiteRange(u);
      // Two-pass, with the mean taken relative to the first value (exact enough for a 1e9 offset).
      const mean = u[0]! + u.reduce((s, x) => s + (x - u[0]!), 0) / u.length;
      const std = Math.sqrt(u.reduce((s, x) => s + (x - mean) ** 2, 0) / u.length);
      assertClose(gridStd(buildGrid(u, lo, hi, 1280)), std, 1e-12, 1e-300, 'std');
    }
  });

  it('distinct counts: exact when each bucket holds one value, a lower bound otherwise', () => {
    const ints = sample(5000, () => Math.floor(rnd() * 7));
    assert.deepEqual(gridDistinct(buildGrid(ints, 0, 6, 1280)), { count: 7, exact: true });
    const two = Float64Array.from([0, 1, 1, 0]);
    const other = Float64Array.from([0.5]);
    assert.deepEqual(gridDistinct(buildGrid(two, 0, 1, 1280), buildGrid(other, 0, 1, 1280)), { count: 3, exact: true });
    const cont = gridDistinct(buildGrid(sample(5000, normal), -6, 6, 20));
    assert.equal(cont.exact, false);
    assert.ok(cont.count > 10 && cont.count <= 40);
  });

  it('chart shares: 20 bins that sum to 1 and match a direct count', () => {
    const u = sample(4000, () => rnd() * 10);
    const g = buildGrid(u, 0, 10, 1280);
    const shares = gridShares(g);
    assertClose(shares.reduce((s, x) => s + x, 0), 1, 1e-12);
    const direct = new Array<number>(20).fill(0);
    for (const x of u) {
      let k = 19;
      while (x < gridEdge(0, 10, 1280, k * 64)) k--;
      direct[k]! += 1 / u.length;
    }
    shares.forEach((s, k) => assertClose(s, direct[k]!, 1e-12, 1e-15, `bin ${k}`));
  });
});

describe('gridScan: grids and bucket values read from DuckDB agree with the in-memory ones', function () {
  this.timeout(30000);
  let engine: Engine;
  let dir: string;
  before(async () => {
    engine = await Engine.create();
    dir = mkdtempSync(join(tmpdir(), 'ml-grid-'));
  });
  after(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scanGrids (one streamed pass over two columns, NULLs, NaN, ±inf, values on bucket edges) = buildGrid; queryBucketValues = bucketValues', async () => {
    const [lo, hi, bins] = [-4, 4.5, 1280];
    const a: (number | null)[] = [];
    const b: (number | null)[] = [];
    for (let i = 0; i < 9000; i++) {
      a.push(i % 97 === 0 ? null : i % 31 === 0 ? gridEdge(lo, hi, bins, i % bins) : Math.max(lo, Math.min(hi, normal())));
      b.push(i % 89 === 0 ? null : i % 53 === 0 ? Number.NaN : i % 59 === 0 ? Infinity : Math.round(normal() * 100) / 100 + 0); // + 0: no −0, which the CSV text would write as 0
    }
    const text = (v: number | null) => (v === null ? '' : Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : String(v));
    const file = join(dir, 'grid.csv');
    writeFileSync(file, `a,b\n${a.map((x, i) => `${text(x)},${text(b[i]!)}`).join('\n')}\n`);
    const ds = await loadDataset(engine, file);
    const [bLo, bHi] = finiteRange(Float64Array.from(b.filter((x): x is number => x !== null)));
    const [ga, gb] = await scanGrids(engine, ds.relation, [{ column: 'a', lo, hi, bins }, { column: 'b', lo: bLo, hi: bHi, bins }]);
    const memA = Float64Array.from(a.filter((x): x is number => x !== null));
    const memB = Float64Array.from(b.filter((x): x is number => x !== null));
    const ea = buildGrid(memA, lo, hi, bins);
    const eb = buildGrid(memB, bLo, bHi, bins);
    assert.deepEqual([ga!.finite, ga!.dropped, gb!.finite, gb!.dropped], [ea.finite, ea.dropped, eb.finite, eb.dropped]);
    assert.deepEqual(ga!.cells, ea.cells);
    assert.deepEqual(gb!.cells, eb.cells);

    const buckets = Array.from({ length: bins }, (_, k) => k).filter((k) => gridCount(ea, k) > 0 && k % 3 === 0);
    const fromSql = await queryBucketValues(engine, ds.relation, 'a', ga!, buckets);
    assert.ok(fromSql, 'SQL bucket counts agree with the grid');
    const fromJs = bucketValues(memA, ea, buckets);
    const [streamed] = await scanBucketValues(engine, ds.relation, [{ column: 'a', grid: ga!, buckets }]);
    const sorted = (m: Map<number, Float64Array>) => [...m].sort((x, y) => x[0] - y[0]).map(([k, v]) => [k, [...v].sort((p, q) => p - q)]);
    assert.deepEqual(sorted(fromSql), sorted(fromJs));
    assert.deepEqual(sorted(streamed!), sorted(fromJs));
  });
});
