import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { treeExplainer } from '../../../src/core/explain/explainer';
import { treeShap } from '../../../src/core/explain/treeShap';
import { treeShapInteractions } from '../../../src/core/explain/treeShapInteractions';
import { loadModel } from '../../../src/core/models/xgboost/loadModel';
import { predictMarginParallel } from '../../../src/core/models/xgboost/predictWorkers';
import { FIXTURE_DIR, flat, loadFixture, maxAbsDiff } from './xgbFixtures';

// XGBoost 1.7.4 with enable_categorical=True (test/fixtures/models/generate_categorical.py): one-hot splits on
// 'color' (3 categories) and partition splits on 'city' (10). The test rows hold unseen, negative, fractional,
// huge and missing codes. XGBoost sums in float32, hence the 1e-5 of the other XGBoost tests.
const TOL = 1e-5;
const CASES = ['categorical_binary', 'categorical_multiclass', 'categorical_regression'];

describe('XGBoost categorical splits (enable_categorical=True) match XGBoost 1.7.4', () => {
  for (const name of CASES) {
    it(`${name}: predict, pred_contribs and pred_interactions`, async () => {
      const { model, expected, X, n } = loadFixture(name);
      assert.ok(model.trees?.categories, 'the model has category splits');
      assert.deepStrictEqual(model.featureTypes, ['categorical', 'categorical', 'numeric', 'numeric']);
      const margin = model.predictMargin(X, n);
      assert.ok(maxAbsDiff(margin, flat(expected.margin)) < TOL);
      assert.ok(maxAbsDiff(model.transform(margin, n), flat(expected.prediction)) < TOL);
      assert.deepStrictEqual(await predictMarginParallel(model.trees!, model.baseMargin, X, n, model.numFeatures), margin);
      const contribs = treeShap(model.trees!, model.baseMargin, X, n, model.numFeatures);
      assert.ok(maxAbsDiff(contribs, flat(expected.contribs)) < TOL);
      assert.ok(maxAbsDiff(treeShapInteractions(model.trees!, model.baseMargin, X, n, model.numFeatures), flat(expected.interactions)) < TOL);
      const iv = treeExplainer.explain(model, X, n, { algorithm: 'interventional', background: { X, n } });
      assert.ok(iv.additivity.ok);
    });
  }

  it('reads the NaN that XGBoost 1.7 writes as a categorical split condition in JSON', () => {
    const text = readFileSync(join(FIXTURE_DIR, 'categorical_binary.model.json'), 'utf8');
    assert.match(text, /[,[]NaN[,\]]/);
    assert.doesNotThrow(() => loadModel(text, 'categorical_binary.model.json'));
  });

  it('categories beyond the listed ones, negative and huge codes go left; missing takes the default child', () => {
    const { model } = loadFixture('categorical_regression');
    const e = model.trees!;
    const c = e.categories!;
    const node = Array.from(c.index).findIndex((i) => i >= 0);
    const set = c.index[node]!;
    assert.equal(c.outsideLeft?.[set], 1);
    const one = (city: number): number => model.predictMargin(Float64Array.of(1, city, 0, 0), 1)[0]!;
    assert.equal(one(-1), one(-0.5));
    assert.equal(one(20000000), one(12));
    assert.equal(one(1.7), one(1));
  });
});
