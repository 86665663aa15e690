import assert from 'assert';
import { discretize, limeExplainer, limeFit, limeSamples, limeTarget, quartileDiscretizer } from '../../../src/core/explain/lime';
import { mulberry32 } from '../../../src/core/random';
import { loadFixture, maxAbsDiff } from '../models/xgbFixtures';
import { AGNOSTIC, matrix } from './agnosticFixtures';

const L = AGNOSTIC.lime;
const F = L.x.length;

describe('LIME tabular', () => {
  it('quartile discretizer: quartiles, per-bin mean/std/min/max and bin frequencies equal the lime re-implementation (1e-6 on float32 data)', () => {
    const d = quartileDiscretizer(matrix(L.train), L.train.length, F);
    assert.ok(maxAbsDiff(d.quartiles.flat(), L.quartiles.flat()) < 1e-12);
    assert.ok(maxAbsDiff(d.means.flat(), L.means.flat()) < 1e-6);
    assert.ok(maxAbsDiff(d.stds.flat(), L.stds.flat()) < 1e-6);
    assert.ok(maxAbsDiff(d.mins.flat(), L.mins.flat()) < 1e-12);
    assert.ok(maxAbsDiff(d.maxs.flat(), L.maxs.flat()) < 1e-12);
    assert.deepStrictEqual(d.values, L.values);
    assert.ok(maxAbsDiff(d.freqs.flat(), L.freqs.flat()) < 1e-15);
  });

  it('tied quartiles are deduplicated (np.unique): [0,0,0,0,1] has one cut at 0, bins {0: 4/5, 1: 1/5}', () => {
    const d = quartileDiscretizer(Float64Array.from([0, 0, 0, 0, 1]), 5, 1);
    assert.deepStrictEqual(d.quartiles, [[0]]);
    assert.deepStrictEqual(d.values, [[0, 1]]);
    assert.deepStrictEqual(d.freqs, [[0.8, 0.2]]);
    assert.deepStrictEqual([d.mins[0], d.maxs[0]], [[0, 0], [0, 1]]);
  });

  it('binary "same bin as x" matrix of the python samples matches discretising their values', () => {
    const d = quartileDiscretizer(matrix(L.train), L.train.length, F);
    for (let s = 0; s < L.binary.length; s++) {
      for (let j = 0; j < F; j++) {
        const same = discretize(d, j, L.inverse[s]![j]!) === discretize(d, j, L.x[j]!) ? 1 : 0;
        assert.strictEqual(same, L.binary[s]![j], `sample ${s} feature ${j}`);
      }
    }
  });

  for (const [key, numFeatures, selection] of [['auto10', 10, 'auto'], ['auto3', 3, 'auto'], ['highest4', 4, 'highest_weights']] as const) {
    it(`surrogate fit (${key}: num_features ${numFeatures}, ${selection}) on the python samples equals sklearn Ridge to 1e-8`, () => {
      const want = L.fits[key];
      const fit = limeFit(matrix(L.binary), Float64Array.from(L.yss), L.binary.length, F, L.kernelWidth, numFeatures, selection);
      assert.deepStrictEqual(fit.used, want.used);
      assert.ok(Math.abs(fit.intercept - want.intercept) < 1e-8, `intercept ${fit.intercept} vs ${want.intercept}`);
      assert.ok(maxAbsDiff(fit.coef, want.coef) < 1e-8, `coef ${maxAbsDiff(fit.coef, want.coef)}`);
      assert.ok(Math.abs(fit.score - want.score) < 1e-8);
      assert.ok(Math.abs(fit.localPred - want.localPred) < 1e-8);
    });
  }

  it('the model outputs on the python samples equal XGBoost predict_proba (1e-6): LIME explains the probability', () => {
    const { model } = loadFixture('binary');
    const y = limeTarget(model, matrix(L.inverse), L.inverse.length);
    assert.ok(maxAbsDiff(y, L.yss) < 1e-6, `max diff ${maxAbsDiff(y, L.yss)}`);
  });

  it('own samples: row 0 is x; drawn values lie in their bin; bins follow the training frequencies (±0.03 over 5000)', () => {
    const d = quartileDiscretizer(matrix(L.train), L.train.length, F);
    const n = 5000;
    const { binary, inverse } = limeSamples(d, L.x, F, n, mulberry32(2));
    assert.deepStrictEqual(Array.from(inverse.subarray(0, F)), L.x);
    const counts = d.values.map((v) => new Array<number>(v.length).fill(0));
    for (let s = 1; s < n; s++) {
      for (let j = 0; j < F; j++) {
        const v = inverse[s * F + j]!;
        const bin = discretize(d, j, v);
        assert.ok(v >= d.mins[j]![bin]! && v <= d.maxs[j]![bin]!, `value ${v} outside bin ${bin}`);
        assert.strictEqual(binary[s * F + j], bin === discretize(d, j, L.x[j]!) ? 1 : 0);
        counts[j]![d.values[j]!.indexOf(bin)]!++;
      }
    }
    counts.forEach((c, j) => c.forEach((k, b) => assert.ok(Math.abs(k / (n - 1) - d.freqs[j]![b]!) < 0.03, `feature ${j} bin ${b}`)));
  });

  it('explainer: seeded and reproducible, contributions are the surrogate coefficients, per-row intercept and fit score', () => {
    const { model, X } = loadFixture('binary');
    const train = { X: matrix(L.train), n: L.train.length };
    const a = limeExplainer.explain(model, X.subarray(0, 2 * F), 2, { background: train, seed: 4, nsamples: 1500 });
    const b = limeExplainer.explain(model, X.subarray(0, 2 * F), 2, { background: train, seed: 4, nsamples: 1500 });
    assert.deepStrictEqual(a, b);
    assert.strictEqual(a.output, 'probability');
    assert.strictEqual(a.additivity.ok, undefined);
    // additivity reports the surrogate's miss at x, max over rows of |intercept + Σ coef − f(x)| (x's binary row is all ones)
    const miss = a.rows.map((row) => Math.abs((row.contributions as number[]).reduce((s, v) => s + v, 0) + (row.intercept as number) - (row.prediction as number)));
    assert.ok(Math.abs(a.additivity.maxAbsError - Math.max(...miss)) < 1e-12);
    for (const row of a.rows) assert.ok((row.fitScore as number) > 0 && (row.fitScore as number) <= 1);
  });
});
