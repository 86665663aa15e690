import assert from 'assert';
import { permutationImportance } from '../../../src/core/explain/permutationImportance';
import { loadFixture, maxAbsDiff } from '../models/xgbFixtures';
import { AGNOSTIC, matrix } from './agnosticFixtures';

describe('permutation feature importance', () => {
  for (const [name, metric] of [['regression', 'r2'], ['binary', 'accuracy']] as const) {
    it(`${name} (${metric}): with sklearn's shuffles, importances equal sklearn.inspection.permutation_importance (1e-6)`, () => {
      const c = AGNOSTIC.pfi[name];
      const { model } = loadFixture(name);
      const res = permutationImportance(model, matrix(c.X), c.X.length, c.y, { metric, shuffles: c.shuffles });
      assert.strictEqual(res.metric, metric);
      assert.ok(Math.abs(res.baseline - c.baseline) < 1e-6);
      assert.ok(maxAbsDiff(res.features.flatMap((f) => f.importances), c.importances.flat()) < 1e-6);
      assert.ok(maxAbsDiff(res.features.map((f) => f.mean), c.mean) < 1e-6);
      assert.ok(maxAbsDiff(res.features.map((f) => f.std), c.std) < 1e-6);
    });
  }

  it('default metric: accuracy for classifiers, r2 for regressors; seeded shuffles are reproducible; x5 (noise) matters least', () => {
    const c = AGNOSTIC.pfi.regression;
    const { model } = loadFixture('regression');
    const a = permutationImportance(model, matrix(c.X), c.X.length, c.y, { seed: 3 });
    assert.strictEqual(a.metric, 'r2');
    assert.deepStrictEqual(a, permutationImportance(model, matrix(c.X), c.X.length, c.y, { seed: 3 }));
    // y = 1.5 x0 − x1 + 0.8 x2 x3 + 0.5 sin x4 + noise: x0 dominates.
    assert.strictEqual(a.features.reduce((best, f, j) => (f.mean > a.features[best]!.mean ? j : best), 0), 0);
    assert.strictEqual(permutationImportance(loadFixture('binary').model, matrix(c.X), c.X.length, AGNOSTIC.pfi.binary.y).metric, 'accuracy');
  });

  it('bad input: missing targets, wrong lengths and metric/model mismatch are BAD_ARGUMENT', () => {
    const { model, X } = loadFixture('regression');
    assert.throws(() => permutationImportance(model, X, 25, new Array<number>(24).fill(0)), { code: 'BAD_ARGUMENT' });
    assert.throws(() => permutationImportance(model, X, 25, [NaN, ...new Array<number>(24).fill(0)]), { code: 'BAD_ARGUMENT' });
    const multi = loadFixture('multiclass');
    assert.throws(() => permutationImportance(multi.model, multi.X, 25, new Array<number>(25).fill(0), { metric: 'r2' }), { code: 'BAD_ARGUMENT' });
  });
});
