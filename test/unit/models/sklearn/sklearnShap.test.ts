import assert from 'node:assert/strict';
import { treeExplainer } from '../../../../src/core/explain/explainer';
import { kernelExplainer } from '../../../../src/core/explain/kernelShap';
import { linearExplainer } from '../../../../src/core/explain/linearShap';
import { chooseExplainer } from '../../../../src/core/explain/methods';
import { permutationExplainer } from '../../../../src/core/explain/permutationShap';
import type { ExplainReport } from '../../../../src/core/explain/explainer';
import { CASES, EXPECTED, loadCase, matrix, referenceShap } from './sklearnFixtures';

// References are brute-force Shapley values over every coalition of dataset columns, computed in Python by
// test/fixtures/sklearn/generate.py (its path-dependent value function reproduces scikit-learn's margins;
// the interventional one calls scikit-learn itself). Both sides are float64: 1e-9 is far above rounding.
const TOL = 1e-9;

/** The report's values as [rows][groups][features + 1] flattened, base value last. */
function values(report: ExplainReport, groups: number): Float64Array {
  const out: number[] = [];
  for (const row of report.rows) {
    const per = groups === 1 ? [row.contributions as number[]] : (row.contributions as number[][]);
    per.forEach((phi, g) => out.push(...phi, Array.isArray(report.baseValue) ? report.baseValue[g]! : report.baseValue));
  }
  return Float64Array.from(out);
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const TREE_CASES = CASES.filter((k) => EXPECTED[k]!.shap_path);
const LINEAR_CASES = CASES.filter((k) => !EXPECTED[k]!.shap_path && EXPECTED[k]!.shap_interv);

describe('SHAP values of scikit-learn models equal brute-force Shapley values computed in Python', () => {
  it('covers trees, forests, boosting, HistGradientBoosting, linear models and pipelines', () => {
    assert.ok(TREE_CASES.length >= 18, TREE_CASES.join(', '));
    assert.ok(LINEAR_CASES.length >= 10, LINEAR_CASES.join(', '));
    assert.ok(TREE_CASES.some((k) => k.startsWith('pipe_')) && LINEAR_CASES.some((k) => k.startsWith('pipe_')));
  });

  for (const name of TREE_CASES) {
    it(`${name}: exact TreeSHAP, path-dependent and interventional, per dataset column`, () => {
      const { model, c } = loadCase(name);
      const rows = c.X.slice(0, c.shap_path!.length);
      const X = matrix(model, c.columns, rows);
      assert.equal(chooseExplainer('auto', model).id, 'tree');
      const path = treeExplainer.explain(model, X, rows.length);
      assert.ok(maxDiff(values(path, model.numGroups), referenceShap(model, c, c.shap_path!)) <= TOL, `path-dependent differs by ${maxDiff(values(path, model.numGroups), referenceShap(model, c, c.shap_path!))}`);
      assert.ok(path.additivity.maxAbsError <= TOL, `additivity ${path.additivity.maxAbsError}`);
      if (c.shap_interv && c.background) {
        const B = matrix(model, c.columns, c.background);
        const iv = treeExplainer.explain(model, X, rows.length, { algorithm: 'interventional', background: { X: B, n: c.background.length } });
        assert.ok(maxDiff(values(iv, model.numGroups), referenceShap(model, c, c.shap_interv)) <= TOL);
        assert.ok(iv.additivity.maxAbsError <= TOL);
      }
    });
  }

  for (const name of LINEAR_CASES) {
    it(`${name}: exact linear SHAP against the background`, () => {
      const { model, c } = loadCase(name);
      const rows = c.X.slice(0, c.shap_interv!.length);
      const X = matrix(model, c.columns, rows);
      const B = matrix(model, c.columns, c.background!);
      assert.equal(chooseExplainer('auto', model).id, 'linear');
      const report = linearExplainer.explain(model, X, rows.length, { background: { X: B, n: c.background!.length } });
      assert.equal(report.method, 'linear');
      assert.ok(maxDiff(values(report, model.numGroups), referenceShap(model, c, c.shap_interv!)) <= TOL, `differs by ${maxDiff(values(report, model.numGroups), referenceShap(model, c, c.shap_interv!))}`);
      assert.ok(report.additivity.maxAbsError <= TOL);
    });
  }

  it('model-agnostic methods work on pipelines: Kernel SHAP with every coalition equals the interventional values', () => {
    for (const name of ['pipe_ct_logreg', 'pipe_ct_rf', 'pipe_ct_hgb']) {
      const { model, c } = loadCase(name);
      const rows = c.X.slice(0, 2);
      const X = matrix(model, c.columns, rows);
      const B = matrix(model, c.columns, c.background!);
      const k = kernelExplainer.explain(model, X, 2, { background: { X: B, n: c.background!.length }, nsamples: 4096 });
      assert.equal(k.sampling?.exact, true);
      const want = referenceShap(model, c, c.shap_interv!.slice(0, 2));
      assert.ok(maxDiff(values(k, model.numGroups), want) <= 1e-8, `${name}: kernel differs by ${maxDiff(values(k, model.numGroups), want)}`);
      const p = permutationExplainer.explain(model, X, 2, { background: { X: B, n: c.background!.length }, nsamples: 20, seed: 1 });
      assert.ok(p.additivity.ok, `${name}: permutation additivity ${p.additivity.maxAbsError}`);
    }
  });
});
