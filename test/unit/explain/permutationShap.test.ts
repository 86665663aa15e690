import assert from 'assert';
import { chooseExplainer } from '../../../src/core/explain/methods';
import { permutationExplainer, permutationShap } from '../../../src/core/explain/permutationShap';
import { mulberry32 } from '../../../src/core/random';
import { loadFixture, maxAbsDiff } from '../models/xgbFixtures';
import { AGNOSTIC, linearModel } from './agnosticFixtures';

describe('Permutation SHAP (antithetic)', () => {
  for (const c of AGNOSTIC.shapley) {
    it(`${c.model}: default budget (⌊500/(2M+1)⌋ permutations) within 2% of the largest |φ| of the exact values (seed 1); Σφ + base = f(x) to 1e-12`, () => {
      const { model, X } = loadFixture(c.model);
      const F = model.numFeatures;
      const pick = (rows: number[]) => Float64Array.from(rows.flatMap((r) => Array.from(X.subarray(r * F, (r + 1) * F))));
      const bg = { X: pick(c.background), n: c.background.length };
      const exact = c.values.flat(2);
      const scale = Math.max(...exact.map(Math.abs));
      const report = permutationExplainer.explain(model, pick(c.rows), c.rows.length, { background: bg, seed: 1 });
      const res = permutationShap(model, pick(c.rows), c.rows.length, bg, { seed: 1 });
      // Measured 0.28%, 0.75% and 1.6% of the scale for binary, multiclass and missing.
      assert.ok(maxAbsDiff(res.values, exact) < 0.02 * scale, `max diff ${maxAbsDiff(res.values, exact)} vs scale ${scale}`);
      assert.ok(report.additivity.ok && report.additivity.maxAbsError < 1e-12, `additivity ${report.additivity.maxAbsError}`);
      assert.strictEqual(report.method, 'permutation');
    });
  }

  it('more permutations get closer to the exact values (missing, 7 features: 200 vs the default 33)', () => {
    const c = AGNOSTIC.shapley[2]!;
    const { model, X } = loadFixture(c.model);
    const F = model.numFeatures;
    const pick = (rows: number[]) => Float64Array.from(rows.flatMap((r) => Array.from(X.subarray(r * F, (r + 1) * F))));
    const bg = { X: pick(c.background), n: c.background.length };
    const few = maxAbsDiff(permutationShap(model, pick(c.rows), c.rows.length, bg, { seed: 1 }).values, c.values.flat(2));
    const many = maxAbsDiff(permutationShap(model, pick(c.rows), c.rows.length, bg, { seed: 1, nsamples: 200 }).values, c.values.flat(2));
    assert.ok(many < few / 2, `${many} vs ${few}`);
  });

  it('two features: one permutation and its antithetic reverse cover both orders, so the values are exact (1e-12)', () => {
    const { model, X } = loadFixture('binary');
    const F = model.numFeatures;
    // Background = x except in features 1 and 4: only those two vary.
    const x = X.slice(0, F);
    const z = Float64Array.from(x);
    z[1] = X[F + 1]!;
    z[4] = X[F + 4]!;
    const res = permutationShap(model, x, 1, { X: z, n: 1 }, { nsamples: 1, seed: 3 });
    const v = (a: boolean, b: boolean) => {
      const h = Float64Array.from(z);
      if (a) h[1] = x[1]!;
      if (b) h[4] = x[4]!;
      return model.predictMargin(h, 1)[0]!;
    };
    const phi1 = 0.5 * (v(true, false) - v(false, false)) + 0.5 * (v(true, true) - v(false, true));
    const phi4 = 0.5 * (v(false, true) - v(false, false)) + 0.5 * (v(true, true) - v(true, false));
    assert.ok(Math.abs(res.values[1]! - phi1) < 1e-12 && Math.abs(res.values[4]! - phi4) < 1e-12);
    assert.deepStrictEqual([res.values[0], res.values[2], res.values[3], res.values[5]], [0, 0, 0, 0]);
  });

  it('linear model: every pass is exact, φ_j = β_j (x_j − mean_bg x_j) to 1e-10; same seed, same values', () => {
    const rng = mulberry32(8);
    const F = 9;
    const beta = Array.from({ length: F }, () => rng() * 4 - 2);
    const model = linearModel(beta, -1);
    const bgX = Float64Array.from({ length: 15 * F }, () => rng() * 10);
    const X = Float64Array.from({ length: 2 * F }, () => rng() * 10);
    const a = permutationShap(model, X, 2, { X: bgX, n: 15 }, { seed: 5 });
    assert.deepStrictEqual(a.values, permutationShap(model, X, 2, { X: bgX, n: 15 }, { seed: 5 }).values);
    for (let r = 0; r < 2; r++) {
      for (let j = 0; j < F; j++) {
        let m = 0;
        for (let b = 0; b < 15; b++) m += bgX[b * F + j]! / 15;
        assert.ok(Math.abs(a.values[r * (F + 1) + j]! - beta[j]! * (X[r * F + j]! - m)) < 1e-10);
      }
    }
  });

  it('is selectable by id and refuses a bad permutation count (BAD_ARGUMENT)', () => {
    const { model, X } = loadFixture('binary');
    assert.strictEqual(chooseExplainer('permutation', model).id, 'permutation');
    assert.throws(() => permutationShap(model, X.subarray(0, 6), 1, { X: X.subarray(6, 12), n: 1 }, { nsamples: 0 }), { code: 'BAD_ARGUMENT' });
  });
});
