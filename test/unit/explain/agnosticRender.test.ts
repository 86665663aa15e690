import assert from 'assert';
import { explainDocument, waterfall } from '../../../src/core/explain/explainDocument';
import { explainToMarkdown, methodDescription } from '../../../src/core/explain/explainMarkdown';
import { limeExplainer } from '../../../src/core/explain/lime';
import { permutationExplainer } from '../../../src/core/explain/permutationShap';
import { loadFixture } from '../models/xgbFixtures';

describe('rendering model-agnostic explanations', () => {
  it('LIME: waterfall starts at the row\'s own intercept and ends at intercept + Σ coef; units are the probability, not log-odds', () => {
    const { model, X } = loadFixture('binary');
    const F = model.numFeatures;
    const report = limeExplainer.explain(model, X.subarray(0, F), 1, { background: { X: X.subarray(F), n: 24 }, nsamples: 600, seed: 2 });
    const doc = explainDocument(report, model, X.subarray(0, F));
    assert.strictEqual(doc.unit, '');
    const row = doc.rows[0]!;
    const w = waterfall(doc, 0);
    const coef = row.contributions as number[];
    assert.strictEqual(w.base, row.intercept);
    assert.ok(Math.abs(w.end - ((row.intercept as number) + coef.reduce((a, b) => a + b, 0))) < 1e-12);
    assert.doesNotMatch(row.sentence, /log-odds/);
    const md = explainToMarkdown(doc);
    assert.match(md, /- Method: lime \(LIME tabular surrogate, seed 2, 24 background rows\)/);
    assert.match(md, /LIME is a local surrogate, not additive/);
  });

  it('permutation SHAP: method line names seed and background; additivity within its tolerance', () => {
    const { model, X } = loadFixture('binary');
    const F = model.numFeatures;
    const report = permutationExplainer.explain(model, X.subarray(0, 2 * F), 2, { background: { X: X.subarray(2 * F, 12 * F), n: 10 }, seed: 9, nsamples: 3 });
    assert.strictEqual(methodDescription(report), 'permutation (Permutation SHAP, antithetic, interventional, seed 9, 10 background rows)');
    assert.match(explainToMarkdown(explainDocument(report, model, X.subarray(0, 2 * F))), /\(within \d\.\de-6\)/);
    assert.strictEqual(methodDescription({ method: 'tree', algorithm: 'pathDependent' }), 'tree (pathDependent TreeSHAP)');
  });
});
