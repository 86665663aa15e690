import assert from 'node:assert/strict';
import { sortDoubles } from '../../../src/core/stats/sortDoubles';

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
