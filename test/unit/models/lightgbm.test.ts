import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { interventionalTreeShap } from '../../../src/core/explain/interventionalTreeShap';
import { kernelShap } from '../../../src/core/explain/kernelShap';
import { treeShap } from '../../../src/core/explain/treeShap';
import { lessEqualToLessThan } from '../../../src/core/models/lightgbm/parseLightgbm';
import { loadModel } from '../../../src/core/models/xgboost/loadModel';
import { FIXTURE_DIR, flat, loadFixture, maxAbsDiff } from './xgbFixtures';

const lgb = (file: string) => loadModel(readFileSync(join(FIXTURE_DIR, file)), file);

describe('LightGBM text models', () => {
  for (const [name, objective] of [['regression', 'regression'], ['binary', 'binary sigmoid:1'], ['multiclass', 'multiclass num_class:3'], ['missing', 'binary sigmoid:1']] as const) {
    it(`lgb_${name} (written from the XGBoost ${name} fixture): margins, predictions and TreeSHAP equal XGBoost's (1e-5)`, () => {
      const { expected, X, n, model: xgbModel } = loadFixture(name);
      const model = lgb(`lgb_${name}.model.txt`);
      assert.strictEqual(model.kind, 'lightgbm');
      assert.strictEqual(model.objective, objective);
      assert.deepStrictEqual(model.featureNames, Array.from({ length: model.numFeatures }, (_, j) => `Column_${j}`));
      const margin = model.predictMargin(X, n);
      assert.ok(maxAbsDiff(margin, flat(expected.margin)) < 1e-5, `margin ${maxAbsDiff(margin, flat(expected.margin))}`);
      assert.ok(maxAbsDiff(model.transform(margin, n), flat(expected.prediction)) < 1e-5);
      const phi = treeShap(model.trees!, model.baseMargin, X, n, model.numFeatures);
      assert.ok(maxAbsDiff(phi, flat(expected.contribs)) < 1e-5, `contribs ${maxAbsDiff(phi, flat(expected.contribs))}`);
      // Same trees: interventional values match the XGBoost model's in float64 arithmetic.
      const bg = X.slice(10 * model.numFeatures, 16 * model.numFeatures);
      const a = interventionalTreeShap(model.trees!, model.baseMargin, X, n, bg, 6, model.numFeatures);
      const b = interventionalTreeShap(xgbModel.trees!, xgbModel.baseMargin, X, n, bg, 6, xgbModel.numFeatures);
      assert.ok(maxAbsDiff(a.values, b.values) < 1e-6);
    });
  }

  it('<= thresholds become float32 < thresholds: x <= t ⇔ x < T for float32 x around t', () => {
    for (const t of [0.5, -0.208812803, 1e-35, 0, -0, 3.4e38, -2.5, 1 / 3, 1e300, -1e-40]) {
      const T = lessEqualToLessThan(t);
      for (const x of [Math.fround(t), T, Math.fround(t) - 1e-7, Math.fround(t * (1 + 1e-7)), 0, Math.fround(-1e-45)]) {
        const x32 = Math.fround(x);
        assert.strictEqual(x32 < T, x32 <= t, `t=${t} x=${x32} T=${T}`);
      }
    }
  });

  /*
   * lgb_categorical.model.txt, one tree traced by hand (LightGBM tree.h semantics):
   *   node 0: categorical on segment (feature 1), set 0 = bitset words [10, 2] = {1, 3} ∪ {32 + 1} = {1, 3, 33}:
   *           int(x) in the set → node 1, else (also NaN, negative) → node 2
   *   node 1: amount <= 2.5, decision_type 10 = missing NaN (8) | default left (2): NaN → leaf 0
   *           leaf 0 = 1 (count 10), leaf 1 = 2 (count 20)
   *   node 2: amount <= 0.5, decision_type 0 = missing None: NaN is taken as 0 → 0 <= 0.5 → leaf 2
   *           leaf 2 = −1 (count 30), leaf 3 = 4 (count 40)
   */
  it('hand-made categorical/missing model: every branch rule traced by hand', () => {
    const model = lgb('lgb_categorical.model.txt');
    const rows: [number, number, number, string][] = [
      [1, 3, 1, '3 in set; 1 <= 2.5'],
      [NaN, 33, 1, '33 in set (second word); NaN → default left'],
      [3, 1, 2, '1 in set; 3 > 2.5'],
      [2.5, 1.7, 1, 'int(1.7) = 1 in set; 2.5 <= 2.5 goes left'],
      [NaN, 2, -1, '2 not in set; missing None: NaN as 0 <= 0.5'],
      [0.7, NaN, 4, 'NaN category → right; 0.7 > 0.5'],
      [0.5, -1, -1, 'negative category → right; 0.5 <= 0.5'],
      [1, 64, 4, '64 beyond the bitset → right; 1 > 0.5'],
      [1, 32, 4, '32: bit 0 of word 1 is 0 → right'],
    ];
    const X = Float64Array.from(rows.flatMap(([a, s]) => [a, s]));
    const margin = model.predictMargin(X, rows.length);
    rows.forEach(([, , want, why], r) => assert.strictEqual(margin[r], want, `row ${r}: ${why}`));
    assert.deepStrictEqual(model.featureNames, ['amount', 'segment']);
    assert.deepStrictEqual(model.featureTypes, ['numeric', 'categorical']);
  });

  it('hand-made categorical model: path-dependent TreeSHAP by hand; interventional = exact kernel SHAP', () => {
    const model = lgb('lgb_categorical.model.txt');
    // Row (amount 1, segment 3). Cover-weighted game: v(∅) = (10·1 + 20·2 − 30 + 160)/100 = 1.8;
    // v({segment}) = node 1 mean = 50/30; v({amount}) = 0.3·1 + 0.7·4 = 3.1; v(both) = 1.
    // φ_amount = ½(3.1 − 1.8) + ½(1 − 5/3) = 19/60; φ_segment = ½(5/3 − 1.8) + ½(1 − 3.1) = −67/60.
    const phi = treeShap(model.trees!, 0, Float64Array.from([1, 3]), 1, 2);
    assert.ok(maxAbsDiff(phi, [19 / 60, -67 / 60, 1.8]) < 1e-12, `${Array.from(phi)}`);
    const X = Float64Array.from([1, 3, NaN, 2, 0.7, NaN, 2.5, 1.7]);
    const bg = { X: Float64Array.from([3, 1, 0.2, 2, NaN, 33, 0.6, -1, 1, 64]), n: 5 };
    const tree = interventionalTreeShap(model.trees!, 0, X, 4, bg.X, bg.n, 2);
    const kern = kernelShap(model, X, 4, bg);
    assert.ok(maxAbsDiff(tree.values, kern.values) < 1e-12);
  });

  it('bad files: wrong tree counts, out-of-range features and unsupported objectives are rejected with codes', () => {
    const text = readFileSync(join(FIXTURE_DIR, 'lgb_categorical.model.txt'), 'utf8');
    assert.throws(() => loadModel(text.replace('split_feature=1 0 0', 'split_feature=1 0 7')), { code: 'INVALID_MODEL' });
    assert.throws(() => loadModel(text.replace('leaf_value=1 2 -1 4', 'leaf_value=1 2 -1')), { code: 'INVALID_MODEL' });
    assert.throws(() => loadModel(text.replace('objective=regression', 'objective=multiclassova num_class:3')), { code: 'UNSUPPORTED_OBJECTIVE' });
    assert.throws(() => loadModel(text.replace('left_child=1 -1 -3', 'left_child=1 -1 0')), { code: 'INVALID_MODEL' });
    assert.throws(() => loadModel(text.replace('is_linear=0', 'is_linear=1')), { code: 'UNSUPPORTED_MODEL' });
    assert.throws(() => loadModel(text.replace('decision_type=1 10 0', 'decision_type=1 10 4')), { code: 'UNSUPPORTED_MODEL' });
    // zero_as_missing whose default side is where 0 goes anyway (0 <= 0.5, default left) is representable.
    assert.strictEqual(loadModel(text.replace('decision_type=1 10 0', 'decision_type=1 10 6')).predictMargin(Float64Array.from([0, 2]), 1)[0], -1);
  });
});
