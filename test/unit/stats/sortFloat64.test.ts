import assert from 'node:assert/strict';
import { sortFloat64 } from '../../../src/core/stats/sortFloat64';
import { mulberry32 } from '../../../src/core/random';

/** The reference order: V8's own typed-array sort. Compared bit for bit (Object.is tells −0 from +0). */
function assertSameAsBuiltin(values: Float64Array): void {
  const expected = Float64Array.from(values).sort();
  const actual = sortFloat64(Float64Array.from(values));
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`index ${i}: got ${actual[i]}, expected ${expected[i]}`);
  }
}

describe('sortFloat64 (radix sort of doubles)', () => {
  const random = mulberry32(7);
  const n = 10_000; // above the radix threshold

  it('sorts like Float64Array.prototype.sort: mixed signs, magnitudes, ±0, ±Infinity, subnormals', () => {
    const specials = [0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-310, -1e-310];
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = random();
      v[i] = i % 50 === 0 ? specials[i % specials.length]! : (r - 0.5) * 10 ** Math.floor(random() * 40 - 20);
    }
    assertSameAsBuiltin(v);
  });

  it('sorts integer-valued doubles with ties (low-word passes skipped)', () => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = Math.floor(random() * 200) - 100;
    assertSameAsBuiltin(v);
  });

  it('sorts all-equal, already sorted and reversed arrays', () => {
    assertSameAsBuiltin(new Float64Array(n).fill(3.25));
    const asc = Float64Array.from({ length: n }, (_, i) => i / 7 - 300);
    assertSameAsBuiltin(asc);
    assertSameAsBuiltin(asc.slice().reverse());
  });

  it('sorts a subarray view in place without touching its neighbours', () => {
    const whole = Float64Array.from({ length: n + 2 }, (_, i) => (i === 0 || i === n + 1 ? 99 : n - i));
    const view = whole.subarray(1, n + 1);
    sortFloat64(view);
    assert.equal(whole[0], 99);
    assert.equal(whole[n + 1], 99);
    for (let i = 1; i < n; i++) assert.ok(view[i - 1]! <= view[i]!);
  });

  it('uses the built-in sort below the threshold, with the same result', () => {
    assertSameAsBuiltin(Float64Array.from([3, -0, 0, -1, 2.5, -Infinity]));
    assertSameAsBuiltin(new Float64Array(0));
  });

  it('refuses NaN instead of placing it arbitrarily', () => {
    const v = Float64Array.from({ length: n }, (_, i) => i);
    v[123] = NaN;
    assert.throws(() => sortFloat64(v), /NaN at index 123/);
    assert.throws(() => sortFloat64(Float64Array.from([1, NaN])), /NaN at index 1/);
  });
});
