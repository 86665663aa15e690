import assert from 'node:assert/strict';
import { bucketAt, bucketize, MIN_BUCKETED, sortBuckets, sortDoubles } from '../../../src/core/stats/sortDoubles';
import { sortScores } from '../../../src/core/evaluate/binary/sortedScores';
import { mulberry32, type RandomSource } from '../../../src/core/random';

/** Float64Array.prototype.sort's result (ascending, −0 before +0, NaN last), the reference. */
const reference = (a: Float64Array): Float64Array => a.slice().sort();

/** Element by element with Object.is, so −0 vs +0 and NaN count; the first difference names its index. */
function sameOrder(got: Float64Array, want: Float64Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) assert.fail(`${what}: index ${i} holds ${got[i]}, Float64Array.prototype.sort gives ${want[i]}`);
}

function check(a: Float64Array, what: string): void {
  const want = reference(a);
  // Array.prototype.sort with a numeric comparator agrees on everything but the order of −0 and +0 (and NaN, absent here).
  if (!a.some((x) => Number.isNaN(x) || Object.is(x, -0))) sameOrder(Float64Array.from(Array.from(a).sort((x, y) => x - y)), want, `${what} (Array.prototype.sort)`);
  sameOrder(sortDoubles(a.slice()), want, what);
}

const N = MIN_BUCKETED * 3;
const fill = (n: number, f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));
const sigmoidScores = (rng: RandomSource, n: number): Float64Array =>
  fill(n, () => 1 / (1 + Math.exp(-(rng() < 0.3 ? 1 : -1) - 1.2 * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()))));

describe('evaluate: scores sorted by stats/sortDoubles (value buckets) equal Float64Array.prototype.sort', () => {
  it('random doubles of every magnitude and sign, all distinct (bucketed path)', () => {
    const rng = mulberry32(1);
    check(fill(N, () => (rng() - 0.5) * 10 ** Math.floor(rng() * 40 - 20)), 'mixed magnitudes');
    check(sigmoidScores(rng, N), 'scores in (0, 1)');
  });

  it('heavy ties: few distinct values, and many repeats of each score', () => {
    const rng = mulberry32(2);
    check(fill(N, () => Math.floor(rng() * 7) / 7), '7 values');
    check(fill(N, () => Math.round(rng() * 1000) / 1000), '1,001 values');
    check(fill(N, (i) => (i % 2 ? 0.25 : 0.75)), 'two values');
    check(fill(N, () => 0.5), 'one value');
  });

  it('−0 before +0, and zeros among other values', () => {
    const rng = mulberry32(3);
    check(fill(N, (i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : rng() - 0.5)), 'zeros of both signs among others');
    check(fill(N, (i) => (i % 2 ? -0 : 0)), 'only zeros');
  });

  it('subnormals next to zero and normal numbers', () => {
    const rng = mulberry32(4);
    const tiny = Number.MIN_VALUE;
    check(fill(N, () => { const u = rng(); return u < 0.3 ? tiny * Math.floor(rng() * 1000) : u < 0.6 ? -tiny * Math.floor(rng() * 1000) : u < 0.8 ? 2.2250738585072014e-308 * rng() : rng(); }), 'subnormals');
  });

  it('±Infinity and NaN (sorted as Float64Array.prototype.sort: NaN last), and an overflowing range', () => {
    const rng = mulberry32(5);
    check(fill(N, (i) => (i % 101 === 0 ? Infinity : i % 103 === 0 ? -Infinity : rng())), 'infinities');
    check(fill(N, (i) => (i % 97 === 0 ? NaN : rng())), 'NaN');
    check(fill(N, () => (rng() - 0.5) * 3e308), 'range beyond the largest double');
  });

  it('skewed data (almost everything in one bucket), sorted and reversed input, short arrays', () => {
    const rng = mulberry32(6);
    check(fill(N, (i) => (i === 0 ? 1e6 : rng() * 1e-9)), 'one outlier');
    check(fill(N, (i) => i / N), 'already sorted');
    check(fill(N, (i) => (N - i) / N), 'reversed');
    for (const n of [0, 1, 2, 17, MIN_BUCKETED - 1, MIN_BUCKETED]) check(fill(n, () => rng() - 0.5), `n=${n}`);
  });

  it('bucketize + sortBuckets in two ranges (the two-thread split) gives the same order', () => {
    const rng = mulberry32(7);
    const a = sigmoidScores(rng, N);
    const want = reference(a);
    const offsets = bucketize(a);
    assert.ok(offsets, 'a large finite array is bucketed');
    const k = bucketAt(offsets, a.length / 2);
    assert.ok(k > 0 && k < offsets.length - 1 && offsets[k]! >= a.length / 2);
    sortBuckets(a, offsets, k, offsets.length - 1);
    sortBuckets(a, offsets, 0, k);
    sameOrder(a, want, 'split buckets');
    assert.equal(bucketize(fill(N, (i) => (i % 5 === 0 ? NaN : i))), null, 'NaN: not bucketed (sortDoubles moves NaN to the end first)');
  });

  it('sortScores: positives and negatives each equal to the native sort', () => {
    const rng = mulberry32(8);
    const n = N * 2;
    const y = fill(n, () => (rng() < 0.3 ? 1 : 0));
    const s = sigmoidScores(rng, n);
    const got = sortScores(y, s);
    sameOrder(got.pos, reference(s.filter((_, i) => y[i] === 1)), 'positives');
    sameOrder(got.neg, reference(s.filter((_, i) => y[i] !== 1)), 'negatives');
  });
});
