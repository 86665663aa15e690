import assert from 'node:assert/strict';
import { bucketize, MIN_BUCKETED, sortDoubles } from '../../../src/core/stats/sortDoubles';
import { mulberry32 } from '../../../src/core/random';

/**
 * Issue 18: the wide profile sorts each numeric column's finite values through 64-bit integer keys (sortDoubles.ts)
 * instead of Float64Array's own sort. The quantiles, histograms and distinct counts read the sorted array, so it
 * must be Float64Array.prototype.sort's result value for value, −0 before 0 included (compared with Object.is).
 */
describe('sortDoubles: the order of Float64Array.prototype.sort through integer keys', () => {
  const same = (values: Float64Array, what: string) => {
    const expected = Float64Array.from(values).sort();
    const got = sortDoubles(Float64Array.from(values));
    assert.equal(got.length, expected.length, what);
    for (let i = 0; i < expected.length; i++) assert.ok(Object.is(got[i], expected[i]), `${what}: index ${i} is ${got[i]}, expected ${expected[i]}`);
  };

  it('awkward values: ±0, subnormals, the largest and smallest doubles, ±Infinity, negative and positive neighbours', () => {
    const awkward = [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, 1, -1, 1 + Number.EPSILON, -1 - Number.EPSILON, 0.1, -0.1, 0.30000000000000004, -0.3, 2 ** 53, -(2 ** 53)];
    same(Float64Array.from(awkward), 'awkward values');
    same(Float64Array.from([...awkward].reverse()), 'awkward values reversed');
    same(Float64Array.from([-0, 0, -0, 0, 0, -0]), 'zeros of both signs');
  });

  it('random values with repeats, rounded like the profile bench data, at several lengths', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const n of [0, 1, 2, 3, 17, 1000, 100_003]) {
      const values = Float64Array.from({ length: n }, (_v, i) => (i % 5 === 0 ? Math.round((rand() - 0.5) * 2000) / 1000 : (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20)));
      same(values, `${n} values`);
    }
  });

  it('sorts a subarray in place, leaving the rest of its buffer alone', () => {
    const buffer = Float64Array.from([9, 3, -2, 7, -0, 1, -5, 8]);
    const part = buffer.subarray(2, 7);
    assert.equal(sortDoubles(part), part);
    assert.deepEqual([...buffer], [9, 3, -5, -2, -0, 1, 7, 8]);
    assert.ok(Object.is(buffer[4], -0));
  });
});

/**
 * From MIN_BUCKETED values up, sortDoubles puts values in value buckets and key-sorts each (a bucket holding one
 * non-zero value is skipped); NaN values go to the end first. The result must still be Float64Array.prototype.sort's.
 */
describe('sortDoubles: value buckets and NaN', () => {
  const random = mulberry32(7);
  const n = MIN_BUCKETED * 2 + 17;
  const same = (values: Float64Array, what: string) => {
    const expected = Float64Array.from(values).sort();
    const got = sortDoubles(Float64Array.from(values));
    for (let i = 0; i < expected.length; i++) if (!Object.is(got[i], expected[i])) assert.fail(`${what}: index ${i} is ${got[i]}, expected ${expected[i]}`);
  };

  it('mixed signs and magnitudes with ±0, ±Infinity and subnormals (buckets declined: infinite range), and without the infinities (bucketed)', () => {
    const specials = [0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-310, -1e-310];
    const v = Float64Array.from({ length: n }, (_x, i) => (i % 50 === 0 ? specials[i % specials.length]! : (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20)));
    same(v, 'with infinities');
    same(v.map((x) => (Number.isFinite(x) ? x : 1)), 'finite');
    assert.ok(bucketize(v.map((x) => (Number.isFinite(x) ? x : 1))) !== null, 'the finite array is bucketed');
  });

  it('integer-valued doubles with ties (buckets of one value skipped), zeros of both signs among them', () => {
    same(Float64Array.from({ length: n }, () => Math.floor(random() * 200) - 100), '200 integers');
    same(Float64Array.from({ length: n }, (_x, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : Math.floor(random() * 5))), 'zeros and four integers');
    same(new Float64Array(n).fill(3.25), 'one value');
  });

  it('sorted, reversed and skewed input (one outlier puts nearly everything in one bucket)', () => {
    const asc = Float64Array.from({ length: n }, (_x, i) => i / 7 - 300);
    same(asc, 'sorted');
    same(asc.slice().reverse(), 'reversed');
    same(Float64Array.from({ length: n }, (_x, i) => (i === 0 ? 1e6 : random() * 1e-9)), 'one outlier');
  });

  it('NaN last, as Float64Array.prototype.sort puts it, at every length', () => {
    for (const len of [2, 5, 1000, n]) {
      const v = Float64Array.from({ length: len }, (_x, i) => (i % 7 === 1 ? NaN : random() - 0.5));
      same(v, `${len} values with NaN`);
    }
    same(Float64Array.from([NaN, NaN, NaN]), 'only NaN');
    same(Float64Array.from([NaN, -0, 0, -Infinity]), 'NaN first');
  });

  it('sorts a long subarray view in place without touching its neighbours, with a scratch buffer', () => {
    const whole = Float64Array.from({ length: n + 2 }, (_x, i) => (i === 0 || i === n + 1 ? 99 : n - i));
    const view = whole.subarray(1, n + 1);
    assert.equal(sortDoubles(view, new Float64Array(n)), view);
    assert.equal(whole[0], 99);
    assert.equal(whole[n + 1], 99);
    for (let i = 1; i < n; i++) assert.ok(view[i - 1]! <= view[i]!, `index ${i}`);
  });
});
