import assert from 'assert';
import { interventionalTreeShap } from '../../../src/core/explain/interventionalTreeShap';
import type { Model } from '../../../src/core/models/types';
import { loadFixture, maxAbsDiff } from '../models/xgbFixtures';

/**
 * Independent reference: exact Shapley values of v(S) = f(x_S, z_rest) by enumerating all 2^F
 * coalitions, φ_i = Σ_{S ∌ i} |S|!(F−|S|−1)!/F! · (v(S ∪ {i}) − v(S)), with f = the model's margin.
 */
function bruteForce(model: Model, x: Float64Array, z: Float64Array): Float64Array {
  const F = model.numFeatures;
  const G = model.numGroups;
  const m = 1 << F;
  const hybrids = new Float64Array(m * F);
  for (let s = 0; s < m; s++) for (let j = 0; j < F; j++) hybrids[s * F + j] = s & (1 << j) ? x[j]! : z[j]!;
  const v = model.predictMargin(hybrids, m);
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const out = new Float64Array(G * (F + 1));
  for (let g = 0; g < G; g++) {
    for (let i = 0; i < F; i++) {
      for (let s = 0; s < m; s++) {
        if (s & (1 << i)) continue;
        let size = 0;
        for (let j = 0; j < F; j++) if (s & (1 << j)) size++;
        out[g * (F + 1) + i]! += ((fact(size) * fact(F - size - 1)) / fact(F)) * (v[(s | (1 << i)) * G + g]! - v[s * G + g]!);
      }
    }
    out[g * (F + 1) + F] = v[g]!; // the empty coalition: f(z)
  }
  return out;
}

describe('interventional TreeSHAP', () => {
  for (const name of ['binary', 'multiclass', 'missing', 'dart'] as const) {
    it(`${name}: single-row background equals brute-force Shapley values over all 2^F coalitions (1e-9)`, () => {
      const { model, X, n } = loadFixture(name);
      const F = model.numFeatures;
      for (const [r, b] of [[0, 1], [2, 3], [4, 5], [6, 7]] as const) {
        const x = X.slice(r * F, (r + 1) * F);
        const z = X.slice(b * F, (b + 1) * F);
        const res = interventionalTreeShap(model.trees!, model.baseMargin, x, 1, z, 1, F);
        assert.ok(maxAbsDiff(res.values, bruteForce(model, x, z)) < 1e-9, `rows ${r} vs ${b}`);
      }
      assert.ok(n >= 8);
    });
  }

  it('a multi-row background averages the single-row results; Σφ + base = margin', () => {
    const { model, X, n } = loadFixture('missing');
    const F = model.numFeatures;
    const W = F + 1;
    const bg = X.slice(10 * F, 16 * F);
    const res = interventionalTreeShap(model.trees!, model.baseMargin, X, n, bg, 6, F);
    const avg = new Float64Array(W);
    for (let b = 0; b < 6; b++) {
      const one = interventionalTreeShap(model.trees!, model.baseMargin, X.slice(0, F), 1, bg.slice(b * F, (b + 1) * F), 1, F);
      for (let j = 0; j < W; j++) avg[j]! += one.values[j]! / 6;
    }
    assert.ok(maxAbsDiff(res.values.subarray(0, W), avg) < 1e-12);
    const margin = model.predictMargin(X, n);
    const sums = Array.from({ length: n }, (_, r) => res.values.subarray(r * W, (r + 1) * W).reduce((a, b) => a + b, 0));
    assert.ok(maxAbsDiff(sums, margin) < 1e-9);
    const bgMargin = model.predictMargin(bg, 6).reduce((a, b) => a + b, 0) / 6;
    assert.ok(Math.abs(res.baseValue[0]! - bgMargin) < 1e-12);
  });

  it('an empty background is refused', () => {
    const { model, X } = loadFixture('binary');
    assert.throws(() => interventionalTreeShap(model.trees!, model.baseMargin, X.slice(0, 6), 1, new Float64Array(0), 0, 6), { code: 'BAD_ARGUMENT' });
  });
});
