/**
 * ∫ |F_r − F_c| dx of two samples summarised on one grid (numericGrid.ts explains the sums): which buckets need
 * their values (ambiguousBuckets), the distance (gridCdfDistance), and batches of ambiguous buckets integrated
 * ahead so their values can be dropped (bucketSteps).
 */
import { knownBucketValues } from './bucketCollector';
import { CELL, gridCount, gridEdge, MAX, MIN, TAIL, type NumericGrid } from './numericGrid';
import { sortDoubles } from '../stats/sortDoubles';

/** Integer-exact sign tests of D = R/nr − C/nc while n_r · n_c stays below 2^53; a relative margin beyond. */
function signTester(nr: number, nc: number): (rNum: number, cNum: number) => number {
  const exact = nr * nc < 2 ** 53;
  return (rNum, cNum) => {
    const d = rNum * nc - cNum * nr;
    if (exact) return Math.sign(d);
    return Math.abs(d) <= 1e-12 * nr * nc ? 0 : Math.sign(d);
  };
}
/** What a bucket needs: 'none' (empty), 'sums' (sign-definite), 'step' (one distinct value), 'values'. */
function classify(r: NumericGrid, c: NumericGrid, b: number, R: number, C: number, sign: (a: number, b: number) => number): 'none' | 'sums' | 'step' | 'values' {
  const o = CELL * b;
  const cr = r.cells[o]!;
  const cc = c.cells[o]!;
  if (cr + cc === 0) return 'none';
  // The same values on both sides and n_r = n_c: F_r − F_c = D_b over the whole bucket, like an empty one.
  if (r.finite === c.finite && (r.identical?.has(b) === true || c.identical?.has(b) === true)) return 'none';
  // F_r − F_c ≥ 0 on the whole bucket: its lowest point R/nr − (C + cc)/nc ≥ 0; ≤ 0: its highest (R + cr)/nr − C/nc ≤ 0.
  if (sign(R, C + cc) >= 0 || sign(R + cr, C) <= 0) return 'sums';
  const lo = Math.min(r.cells[o + MIN]!, c.cells[o + MIN]!);
  const hi = Math.max(r.cells[o + MAX]!, c.cells[o + MAX]!);
  return lo === hi ? 'step' : 'values';
}
function checkPair(r: NumericGrid, c: NumericGrid): void {
  if (r.lo !== c.lo || r.hi !== c.hi || r.bins !== c.bins) throw new Error('numericGrid: the two samples must share one grid (lo, hi, bins)');
}
/** Buckets whose values are needed to integrate |F_r − F_c| exactly (ascending). */
export function ambiguousBuckets(r: NumericGrid, c: NumericGrid): number[] {
  checkPair(r, c);
  const sign = signTester(r.finite, c.finite);
  const out: number[] = [];
  let R = 0;
  let C = 0;
  for (let b = 0; b < r.bins; b++) {
    if (classify(r, c, b, R, C, sign) === 'values') out.push(b);
    R += r.cells[CELL * b]!;
    C += c.cells[CELL * b]!;
  }
  return out;
}
/**
 * ∫ |F_r − F_c| dx over the grid. Throws when an ambiguous bucket's values are missing from either side's
 * `values` (a caller bug: ask ambiguousBuckets first).
 */
export function gridCdfDistance(r: NumericGrid, c: NumericGrid): number {
  checkPair(r, c);
  const nr = r.finite;
  const nc = c.finite;
  if (nr === 0 || nc === 0) return NaN;
  const sign = signTester(nr, nc);
  const D = (Rk: number, Ck: number) => Rk / nr - Ck / nc;
  let R = 0;
  let C = 0;
  let total = 0;
  for (let b = 0; b < r.bins; b++) {
    const e0 = gridEdge(r.lo, r.hi, r.bins, b);
    const e1 = gridEdge(r.lo, r.hi, r.bins, b + 1);
    const o = CELL * b;
    const cr = r.cells[o]!;
    const cc = c.cells[o]!;
    const kind = classify(r, c, b, R, C, sign);
    if (kind === 'none') total += Math.abs(D(R, C)) * (e1 - e0);
    else if (kind === 'sums') total += Math.abs(D(R, C) * (e1 - e0) + r.cells[o + TAIL]! / nr - c.cells[o + TAIL]! / nc);
    else if (kind === 'step') {
      const v = Math.min(r.cells[o + MIN]!, c.cells[o + MIN]!);
      total += Math.abs(D(R, C)) * (v - e0) + Math.abs(D(R + cr, C + cc)) * (e1 - v);
    } else {
      const step = r.steps?.get(b);
      if (step !== undefined) {
        total += step;
        R += cr;
        C += cc;
        continue;
      }
      const a = r.areas?.get(b) ?? c.areas?.get(b);
      // From the bucket's left edge to its first value, the window sums in between, then to its right edge.
      total += a ? Math.abs(D(R, C)) * (a.first - e0) + a.inner + Math.abs(D(R + cr, C + cc)) * (e1 - a.last) : stepIntegral(bucketSample(r, b), bucketSample(c, b), R, C, nr, nc, e0, e1);
    }
    R += cr;
    C += cc;
  }
  return total;
}
/**
 * Each of `buckets`' integral as gridCdfDistance computes it from the values `r` and `c` carry (the same
 * stepIntegral call with the same arguments, hence the same number): a batch of ambiguous buckets whose values
 * can then be dropped (NumericGrid.steps).
 */
export function bucketSteps(r: NumericGrid, c: NumericGrid, buckets: ReadonlySet<number>): Map<number, number> {
  checkPair(r, c);
  const out = new Map<number, number>();
  let R = 0;
  let C = 0;
  for (let b = 0; b < r.bins; b++) {
    if (buckets.has(b)) out.set(b, stepIntegral(bucketSample(r, b), bucketSample(c, b), R, C, r.finite, c.finite, gridEdge(r.lo, r.hi, r.bins, b), gridEdge(r.lo, r.hi, r.bins, b + 1)));
    R += r.cells[CELL * b]!;
    C += c.cells[CELL * b]!;
  }
  return out;
}
/** A bucket's values in ascending order, and how often each occurs (undefined: once per entry; NumericGrid.counts). */
function bucketSample(g: NumericGrid, b: number): readonly [Float64Array, Float64Array | undefined] {
  const want = gridCount(g, b);
  if (want === 0) return [new Float64Array(0), undefined];
  const v = g.values?.get(b);
  const n = v ? g.counts?.get(b) : undefined;
  const w = v ?? knownBucketValues(g, b);
  if (!w || (n ? countSum(n) : w.length) !== want) throw new Error(`numericGrid: the values of bucket ${b} are missing (ask ambiguousBuckets first)`);
  // Runs (counts given) are sorted by construction.
  return [n || (v && g.valuesSorted) ? w : sortDoubles(w.slice()), n];
}
function countSum(counts: Float64Array): number {
  let s = 0;
  for (const c of counts) s += c;
  return s;
}
/**
 * ∫_{e0}^{e1} |F_r − F_c| over one bucket from its sorted values (each with its count, or once per entry),
 * starting from cumulative counts R, C.
 */
function stepIntegral([u, un]: readonly [Float64Array, Float64Array | undefined], [v, vn]: readonly [Float64Array, Float64Array | undefined], R: number, C: number, nr: number, nc: number, e0: number, e1: number): number {
  let i = 0;
  let j = 0;
  let x0 = e0;
  let total = 0;
  while (i < u.length || j < v.length) {
    const x = j >= v.length || (i < u.length && u[i]! <= v[j]!) ? u[i]! : v[j]!;
    total += Math.abs(R / nr - C / nc) * (x - x0);
    while (i < u.length && u[i] === x) {
      R += un === undefined ? 1 : un[i]!;
      i++;
    }
    while (j < v.length && v[j] === x) {
      C += vn === undefined ? 1 : vn[j]!;
      j++;
    }
    x0 = x;
  }
  return total + Math.abs(R / nr - C / nc) * (e1 - x0);
}
