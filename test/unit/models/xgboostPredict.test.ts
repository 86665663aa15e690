import assert from 'assert';
import { loadModel } from '../../../src/core/models/xgboost/loadModel';
import { FIXTURES, flat, loadFixture, maxAbsDiff } from './xgbFixtures';

// XGBoost sums leaf values in float32 (relative error ~6e-8 per addition); with <= 30 trees and
// |margin| < 10 the float32 sum can differ from our float64 sum by at most ~2e-5 in theory and
// ~1e-6 in practice, so 1e-5 absolute (the project's requirement) is a meaningful bound that a wrong
// leaf (leaf values here are >= 1e-3 apart) or a wrong base score would break.
const TOL = 1e-5;

describe('XGBoost prediction matches XGBoost 1.7.4 predict()', () => {
  for (const name of FIXTURES) {
    it(`${name}: margin and transformed prediction`, () => {
      const { model, expected, X, n } = loadFixture(name);
      assert.strictEqual(model.objective, expected.objective);
      const margin = model.predictMargin(X, n);
      assert.ok(maxAbsDiff(margin, flat(expected.margin)) < TOL);
      assert.ok(maxAbsDiff(model.transform(margin, n), flat(expected.prediction)) < TOL);
    });
  }

  it('the 2.x layout copy (base_score "[3E-1]", iteration_indptr) predicts like the 1.7 file', () => {
    const { model, expected, X, n } = loadFixture('binary', 'binary_v2.model.json');
    assert.strictEqual(model.baseScore, Math.fround(0.3));
    assert.ok(maxAbsDiff(model.predictMargin(X, n), flat(expected.margin)) < TOL);
  });

  it('the UBJSON (.ubj) copy predicts like the JSON file', () => {
    const { model, expected, X, n } = loadFixture('binary', 'binary.model.ubj');
    assert.ok(maxAbsDiff(model.predictMargin(X, n), flat(expected.margin)) < TOL);
  });

  it('reports model metadata', () => {
    const multi = loadFixture('multiclass').model;
    assert.deepStrictEqual([multi.numClasses, multi.numGroups, multi.outputWidth, multi.link, multi.outputKind], [3, 3, 3, 'softmax', 'probability']);
    const softmax = loadFixture('softmax').model;
    assert.deepStrictEqual([softmax.outputWidth, softmax.outputKind], [1, 'class']);
    const named = loadFixture('named').model;
    assert.deepStrictEqual(named.featureNames, ['age', 'income', 'tenure', 'score', 'visits']);
    assert.strictEqual(loadFixture('binary').model.featureNames, null);
    for (const name of FIXTURES) {
      const e = loadFixture(name).model.trees!;
      for (let i = 0; i < e.numNodes; i++) if (e.left[i] !== -1) assert.strictEqual(e.right[i], e.left[i]! + 1, `${name} node ${i}: predict relies on right = left + 1`);
    }
    const poisson = loadFixture('poisson').model;
    assert.strictEqual(poisson.baseMargin, Math.fround(Math.log(0.5)));
  });
});

/** A one-split stump: f0 < threshold -> -1, else +1; missing goes left iff defaultLeft. */
function stump(threshold: number, defaultLeft: number): string {
  const tree = {
    left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [threshold, -1, 1],
    default_left: [defaultLeft, 0, 0], sum_hessian: [2, 1, 1], base_weights: [0, -1, 1], split_type: [0, 0, 0],
  };
  return JSON.stringify({
    learner: {
      learner_model_param: { base_score: '5E-1', num_class: '0', num_feature: '1' },
      objective: { name: 'reg:squarederror' },
      gradient_booster: { name: 'gbtree', model: { trees: [tree], tree_info: [0] } },
    },
  });
}

describe('XGBoost split semantics', () => {
  it('compares in float32: x = 0.1 equals threshold float32(0.1), so it goes right (a float64 compare would go left)', () => {
    const model = loadModel(stump(0.1, 0));
    assert.ok(0.1 < Math.fround(0.1)); // the float64 trap this test guards against
    assert.deepStrictEqual(Array.from(model.predictMargin(new Float64Array([0.1, 0.09]), 2)), [1.5, -0.5]);
  });

  it('routes NaN by default_left', () => {
    assert.deepStrictEqual(Array.from(loadModel(stump(0, 1)).predictMargin(new Float64Array([NaN]), 1)), [-0.5]);
    assert.deepStrictEqual(Array.from(loadModel(stump(0, 0)).predictMargin(new Float64Array([NaN]), 1)), [1.5]);
  });

  it('rejects a matrix whose size is not n × numFeatures', () => {
    assert.throws(() => loadModel(stump(0, 0)).predictMargin(new Float64Array(3), 2), { code: 'BAD_ARGUMENT' });
  });
});
