import assert from 'assert';
import { treeExplainer } from '../../../src/core/explain/explainer';
import type { Model } from '../../../src/core/models/types';
import { flat, loadFixture, maxAbsDiff } from '../models/xgbFixtures';

describe('tree explainer report', () => {
  it('binary: margin-space report matching XGBoost, with prediction, global ranking and additivity', () => {
    const { model, expected, X, n } = loadFixture('binary');
    const report = treeExplainer.explain(model, X, n, { modelName: 'binary.model.json', datasetName: 'rows.csv', rowIndices: Array.from({ length: n }, (_, i) => 100 + i) });
    assert.deepStrictEqual([report.model, report.dataset, report.method, report.algorithm, report.output], ['binary.model.json', 'rows.csv', 'tree', 'pathDependent', 'margin']);
    assert.deepStrictEqual(report.features, ['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
    assert.strictEqual(report.rows.length, n);
    assert.strictEqual(report.rows[3]!.index, 103);
    const contribs = flat(expected.contribs);
    assert.ok(maxAbsDiff(report.rows[3]!.contributions as number[], contribs.slice(3 * 7, 3 * 7 + 6)) < 1e-5);
    assert.ok(Math.abs((report.baseValue as number) - contribs[6]!) < 1e-5);
    assert.ok(Math.abs((report.rows[3]!.prediction as number) - flat(expected.prediction)[3]!) < 1e-5);
    assert.ok(report.additivity.maxAbsError < 1e-9);
    // global: mean |φ_j| over rows, recomputed from XGBoost's own contributions, largest first
    const meanAbs = (j: number) => Array.from({ length: n }, (_, r) => Math.abs(contribs[r * 7 + j]!)).reduce((a, b) => a + b, 0) / n;
    for (const g of report.global) assert.ok(Math.abs(g.meanAbs - meanAbs(Number(g.feature.slice(1)))) < 1e-5);
    for (let i = 1; i < report.global.length; i++) assert.ok(report.global[i - 1]!.meanAbs >= report.global[i]!.meanAbs);
    assert.doesNotThrow(() => JSON.stringify(report));
  });

  it('multiclass: per-class baseValue, contributions and interactions; named features', () => {
    const { model, expected, X, n } = loadFixture('multiclass');
    const report = treeExplainer.explain(model, X.slice(0, 4 * 5), 4, { interactions: true });
    assert.strictEqual((report.baseValue as number[]).length, 3);
    const row = report.rows[1]!;
    assert.deepStrictEqual([(row.contributions as number[][]).length, (row.contributions as number[][])[0]!.length], [3, 5]);
    assert.deepStrictEqual((row.prediction as number[]).length, 3);
    const xgbRow1 = flat(expected.interactions).slice(1 * 3 * 36, 2 * 3 * 36);
    assert.ok(maxAbsDiff((row.interactions as number[][][]).flat(2), xgbRow1) < 1e-5);
    assert.ok(n > 4);
    const named = loadFixture('named');
    const r2 = treeExplainer.explain(named.model, named.X, named.n);
    assert.deepStrictEqual(r2.features, ['age', 'income', 'tenure', 'score', 'visits']);
    assert.strictEqual(r2.output, 'margin');
    const reg = loadFixture('regression');
    assert.strictEqual(treeExplainer.explain(reg.model, reg.X.slice(0, 2 * 6), 2).output, 'value');
  });

  it('interventional: baseValue is the mean background margin; additivity holds', () => {
    const { model, X, n } = loadFixture('poisson');
    const bg = X.slice(0, 10 * 5);
    const report = treeExplainer.explain(model, X, n, { algorithm: 'interventional', background: { X: bg, n: 10 } });
    const bgMean = model.predictMargin(bg, 10).reduce((a, b) => a + b, 0) / 10;
    assert.ok(Math.abs((report.baseValue as number) - bgMean) < 1e-12);
    assert.ok(report.additivity.maxAbsError < 1e-9);
    assert.throws(() => treeExplainer.explain(model, X, n, { algorithm: 'interventional' }), { code: 'BAD_ARGUMENT' });
  });

  it('supports() only tree models; explain() on others throws UNSUPPORTED_MODEL', () => {
    const { model } = loadFixture('binary');
    assert.strictEqual(treeExplainer.supports(model), true);
    const { trees: _trees, ...noTrees } = model;
    const onnxLike: Model = { ...noTrees, kind: 'onnx' };
    assert.strictEqual(treeExplainer.supports(onnxLike), false);
    assert.throws(() => treeExplainer.explain(onnxLike, new Float64Array(6), 1), { code: 'UNSUPPORTED_MODEL' });
  });
});
