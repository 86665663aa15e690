import assert from 'assert';
import { interventionalTreeShap } from '../../../src/core/explain/interventionalTreeShap';
import { kernelExplainer, kernelSamples, kernelShap } from '../../../src/core/explain/kernelShap';
import { chooseExplainer } from '../../../src/core/explain/methods';
import { mulberry32 } from '../../../src/core/random';
import { loadFixture, maxAbsDiff } from '../models/xgbFixtures';
import { AGNOSTIC, linearModel } from './agnosticFixtures';

describe('Kernel SHAP', () => {
  for (const c of AGNOSTIC.shapley) {
    it(`${c.model}: all coalitions enumerated = exact Shapley values from XGBoost's own margins over 2^F subsets (1e-5)`, () => {
      const { model, X } = loadFixture(c.model);
      const F = model.numFeatures;
      const pick = (rows: number[]) => Float64Array.from(rows.flatMap((r) => Array.from(X.subarray(r * F, (r + 1) * F))));
      const bg = { X: pick(c.background), n: c.background.length };
      const res = kernelShap(model, pick(c.rows), c.rows.length, bg);
      assert.ok(res.exact.every(Boolean), 'F ≤ 11 features: every coalition fits in the default budget');
      assert.ok(maxAbsDiff(res.values, c.values.flat(2)) < 1e-5, `max diff ${maxAbsDiff(res.values, c.values.flat(2))}`);
    });

    it(`${c.model}: equals interventional TreeSHAP with the same background (1e-10, both float64; measured ~5e-15)`, () => {
      const { model, X } = loadFixture(c.model);
      const F = model.numFeatures;
      const pick = (rows: number[]) => Float64Array.from(rows.flatMap((r) => Array.from(X.subarray(r * F, (r + 1) * F))));
      const bg = { X: pick(c.background), n: c.background.length };
      const res = kernelShap(model, pick(c.rows), c.rows.length, bg);
      const tree = interventionalTreeShap(model.trees!, model.baseMargin, pick(c.rows), c.rows.length, bg.X, bg.n, F);
      assert.ok(maxAbsDiff(res.values, tree.values) < 1e-10, `max diff ${maxAbsDiff(res.values, tree.values)}`);
    });
  }

  it('linear model, 14 features (sampled, not all 2^14 coalitions): φ_j = β_j (x_j − mean_bg x_j) to 1e-9', () => {
    const rng = mulberry32(4);
    const F = 14;
    const beta = Array.from({ length: F }, () => rng() * 4 - 2);
    const model = linearModel(beta, 0.7);
    const bgX = Float64Array.from({ length: 20 * F }, () => rng() * 10);
    const X = Float64Array.from({ length: 3 * F }, () => rng() * 10);
    const res = kernelShap(model, X, 3, { X: bgX, n: 20 }, { seed: 9 });
    assert.deepStrictEqual(res.exact, [false, false, false]);
    const expected = new Float64Array(3 * (F + 1));
    for (let r = 0; r < 3; r++) {
      for (let j = 0; j < F; j++) {
        let m = 0;
        for (let b = 0; b < 20; b++) m += bgX[b * F + j]! / 20;
        expected[r * (F + 1) + j] = beta[j]! * (X[r * F + j]! - m);
      }
      expected[r * (F + 1) + F] = res.baseValue[0]!;
    }
    assert.ok(maxAbsDiff(res.values, expected) < 1e-9, `max diff ${maxAbsDiff(res.values, expected)}`);
  });

  it('sampled (nsamples 30 < 62 coalitions) is near the exact values, reproducible per seed, and exactly additive', () => {
    const c = AGNOSTIC.shapley[0]!;
    const { model, X } = loadFixture(c.model);
    const F = model.numFeatures;
    const pick = (rows: number[]) => Float64Array.from(rows.flatMap((r) => Array.from(X.subarray(r * F, (r + 1) * F))));
    const bg = { X: pick(c.background), n: c.background.length };
    const a = kernelShap(model, pick(c.rows), c.rows.length, bg, { nsamples: 30, seed: 1 });
    const b = kernelShap(model, pick(c.rows), c.rows.length, bg, { nsamples: 30, seed: 1 });
    const other = kernelShap(model, pick(c.rows), c.rows.length, bg, { nsamples: 30, seed: 2 });
    assert.deepStrictEqual(a.values, b.values);
    assert.notDeepStrictEqual(a.values, other.values);
    assert.deepStrictEqual(a.exact, [false, false, false]);
    const exact = c.values.flat(2);
    const scale = Math.max(...exact.map(Math.abs));
    // Sampling error bound stated for this fixture: 10% of the largest |φ| (measured 3.9% with seed 1).
    assert.ok(maxAbsDiff(a.values, exact) < 0.1 * scale, `max diff ${maxAbsDiff(a.values, exact)} vs scale ${scale}`);
    const report = kernelExplainer.explain(model, pick(c.rows), c.rows.length, { background: bg, nsamples: 30, seed: 1 });
    assert.ok(report.additivity.ok && report.additivity.maxAbsError < 1e-9, `additivity ${report.additivity.maxAbsError}`);
  });

  it('kernel weights: fully enumerated sizes carry the Shapley kernel; all weights sum to 1', () => {
    const { masks, weights, k, isExact } = kernelSamples(4, 100, mulberry32(0));
    assert.strictEqual(k, 14);
    assert.ok(isExact);
    // π(S) ∝ (M−1)/(C(M,s) s (M−s)): sizes 1 and 3 get 3/(4·3) = 1/4 each, size 2 gets 3/(6·4) = 1/8; normalised.
    const raw = (s: number) => 3 / ([1, 4, 6, 4][s]! * s * (4 - s));
    const total = 4 * raw(1) + 6 * raw(2) + 4 * raw(3);
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < 4; j++) s += masks[i * 4 + j]!;
      assert.ok(Math.abs(weights[i]! - raw(s) / total) < 1e-15, `sample ${i} size ${s}`);
    }
    assert.ok(Math.abs(weights.reduce((x, y) => x + y, 0) - 1) < 1e-12);
  });

  it('a feature equal to every background row gets 0; one varying feature gets f(x) − E[f]', () => {
    const model = linearModel([2, -3, 1], 0);
    const bg = { X: Float64Array.from([1, 5, 2, 1, 7, 2]), n: 2 };
    const res = kernelShap(model, Float64Array.from([1, 4, 2]), 1, bg);
    assert.deepStrictEqual(Array.from(res.values.subarray(0, 3)), [0, -3 * (4 - 6), 0]);
  });

  it('auto picks tree for tree models; kernel is chosen explicitly; refuses without background (BAD_ARGUMENT)', () => {
    const { model, X } = loadFixture('binary');
    assert.strictEqual(chooseExplainer('auto', model).id, 'tree');
    assert.strictEqual(chooseExplainer('kernel', model).id, 'kernel');
    assert.strictEqual(chooseExplainer('auto', linearModel([1], 0)).id, 'kernel');
    assert.throws(() => kernelExplainer.explain(model, X.subarray(0, 6), 1), { code: 'BAD_ARGUMENT' });
  });
});
