import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { kernelExplainer } from '../../../src/core/explain/kernelShap';
import { chooseExplainer } from '../../../src/core/explain/methods';
import { loadModel } from '../../../src/core/models/xgboost/loadModel';
import { readModelFile } from '../../../src/core/models/readModelFile';
import { maxAbsDiff } from './xgbFixtures';

// Reference: scikit-learn 1.2.1 predict_proba / predict on the models that test/fixtures/onnx/generate.py
// wrote as ONNX graphs. Tolerance 1e-5: onnxruntime computes in float32.
const DIR = join(__dirname, '../../fixtures/onnx');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, number[][] | number[]>;
const X = Float64Array.from((expected['X'] as number[][]).flat());
const n = (expected['X'] as number[][]).length;

describe('ONNX models (onnxruntime-node)', function () {
  this.timeout(30000);

  it('logistic regression (MatMul + Sigmoid): P(class 1) equals sklearn predict_proba[:, 1] (1e-5)', () => {
    const model = readModelFile(join(DIR, 'logreg.onnx'));
    assert.deepStrictEqual([model.kind, model.numFeatures, model.numGroups, model.outputKind], ['onnx', 5, 1, 'probability']);
    const p = model.transform(model.predictMargin(X, n), n);
    assert.ok(maxAbsDiff(p, (expected['logreg'] as number[][]).map((r) => r[1]!)) < 1e-5);
  });

  it('random forest regressor (ai.onnx.ml TreeEnsembleRegressor) equals sklearn predict (1e-5)', () => {
    const model = readModelFile(join(DIR, 'rf_regressor.onnx'));
    assert.strictEqual(model.outputKind, 'value');
    assert.ok(maxAbsDiff(model.predictMargin(X, n), expected['rf_regressor'] as number[]) < 1e-5);
  });

  it('random forest classifier, 3 classes (TreeEnsembleClassifier): per-class probabilities equal sklearn predict_proba (1e-5)', () => {
    const model = readModelFile(join(DIR, 'rf_classifier.onnx'));
    assert.deepStrictEqual([model.numGroups, model.numClasses], [3, 3]);
    assert.ok(maxAbsDiff(model.predictMargin(X, n), (expected['rf_classifier'] as number[][]).flat()) < 1e-5);
    // Rows beyond one onnxruntime chunk and an empty batch.
    const big = new Float64Array(70000 * 5).map((_, i) => X[i % X.length]!);
    const out = model.predictMargin(big, 70000);
    assert.ok(maxAbsDiff(out.subarray(0, n * 3), (expected['rf_classifier'] as number[][]).flat()) < 1e-5);
    assert.ok(maxAbsDiff(out.subarray(65536 * 3 - 3 * 0, 65536 * 3 + 3), out.subarray(((65536 % n) * 3), ((65536 % n) * 3) + 3)) < 1e-12);
    assert.strictEqual(model.predictMargin(new Float64Array(0), 0).length, 0);
  });

  it('model-agnostic explanations: auto = kernel (no trees); exact Kernel SHAP is additive to 1e-9 in probability', () => {
    const model = readModelFile(join(DIR, 'logreg.onnx'));
    assert.strictEqual(chooseExplainer('auto', model).id, 'kernel');
    const report = kernelExplainer.explain(model, X.subarray(0, 15), 3, { background: { X: X.subarray(15 * 5, 35 * 5), n: 20 } });
    assert.ok(report.additivity.ok && report.additivity.maxAbsError < 1e-9);
    assert.strictEqual(report.sampling!.exact, true);
  });

  it('a damaged ONNX file and a wrong-width matrix are clear errors', () => {
    const bytes = readFileSync(join(DIR, 'rf_regressor.onnx'));
    assert.throws(() => loadModel(bytes.subarray(0, 200), 'cut.onnx'), { code: 'MODEL_RUNTIME' });
    const model = readModelFile(join(DIR, 'rf_regressor.onnx'));
    assert.throws(() => model.predictMargin(new Float64Array(7), 1), { code: 'BAD_ARGUMENT' });
    model.dispose!();
    assert.throws(() => model.predictMargin(X.subarray(0, 5), 1), { code: 'MODEL_RUNTIME' });
  });
});
