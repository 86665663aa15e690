import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelSummary } from '../../../../src/core/explain/view/modelSummary';
import { loadModel } from '../../../../src/core/models/xgboost/loadModel';
import { CASES, EXPECTED, flat, loadCase, matrix, maxRelDiff, SK_DIR } from './sklearnFixtures';

// scikit-learn computes in float64 and so does Model Lens; differences come only from summation order
// (~1e-16). 1e-9 relative (absolute below 1) is the bound; a wrong leaf, threshold, imputed value,
// category or link would miss it by many orders of magnitude.
const TOL = 1e-9;

describe('scikit-learn models predict as scikit-learn 1.2.1 does (test/fixtures/sklearn)', () => {
  it('covers every estimator and pipeline the issue lists', () => {
    const estimators = new Set(CASES.map((c) => EXPECTED[c]!.estimator));
    for (const e of ['DecisionTreeClassifier', 'DecisionTreeRegressor', 'ExtraTreeRegressor', 'RandomForestClassifier', 'RandomForestRegressor', 'ExtraTreesClassifier', 'ExtraTreesRegressor',
      'GradientBoostingClassifier', 'GradientBoostingRegressor', 'HistGradientBoostingClassifier', 'HistGradientBoostingRegressor', 'LogisticRegression', 'LinearRegression', 'Ridge', 'Lasso', 'ElasticNet']) {
      assert.ok(estimators.has(e), `no fixture for ${e}`);
    }
    assert.ok(CASES.filter((c) => c.startsWith('pipe_')).length >= 8);
  });

  for (const name of CASES) {
    it(`${name}: predict_proba / predict and the raw margin to ${TOL}`, () => {
      const { model, c } = loadCase(name);
      const X = matrix(model, c.columns, c.X);
      const n = c.X.length;
      const margin = model.predictMargin(X, n);
      const out = model.transform(margin, n);
      assert.equal(model.kind, 'sklearn');
      assert.equal(model.link, c.link);
      assert.ok(maxRelDiff(margin, flat(c.margin)) <= TOL, `margin differs by ${maxRelDiff(margin, flat(c.margin))}`);
      assert.ok(maxRelDiff(out, flat(c.output)) <= TOL, `output differs by ${maxRelDiff(out, flat(c.output))}`);
      assert.deepEqual(model.fileInfo?.classes ?? null, c.classes);
      assert.ok(model.objective.startsWith(c.estimator), model.objective);
    });
  }

  it('matches dataset columns by name (feature_names_in_) and keeps only the columns the model uses', () => {
    const { model } = loadCase('pipe_ct_logreg');
    assert.deepEqual(model.featureNames, ['age', 'income', 'city', 'plan', 'tenure']); // 'noise' is dropped by the ColumnTransformer
    assert.deepEqual(model.featureTypes, ['numeric', 'numeric', 'categorical', 'categorical', 'numeric']);
    const passthrough = loadCase('pipe_ct_ridge').model;
    assert.ok(passthrough.featureNames?.includes('noise'), 'remainder="passthrough" keeps the other columns');
    const numpyFit = loadCase('rf_numpy').model;
    assert.equal(numpyFit.featureNames, null, 'fitted on a NumPy array: columns map by position');
  });

  it('encodes text columns as the OneHotEncoder learned them: unknown categories as all zeros, missing as imputed', () => {
    const { model } = loadCase('pipe_ct_rf');
    const city = model.inputs?.[model.featureNames!.indexOf('city')]?.categories;
    assert.ok(city);
    assert.equal(city.unknown, 'ignore');
    assert.deepEqual(city.values.filter((v) => typeof v === 'string'), ['Lille', 'Lyon', 'Nice', 'Paris']);
    const err = loadCase('pipe_onehot_error').model;
    const plan = err.inputs?.[err.featureNames!.indexOf('plan')]?.categories;
    assert.equal(plan?.unknown, 'error');
  });

  it('reads one model from pickle protocols 0, 2 and 5 alike', () => {
    const c = EXPECTED.containers;
    for (const file of c.files) {
      const model = loadModel(readFileSync(join(SK_DIR, file)), file);
      const out = model.transform(model.predictMargin(matrix(model, c.columns, c.X), c.X.length), c.X.length);
      assert.ok(maxRelDiff(out, c.output) <= TOL, file);
    }
  });

  it("reads scikit-learn 1.3's tree layout (missing_go_to_left, fields in another order) by field name", () => {
    const c = EXPECTED.layout13;
    const model = loadModel(readFileSync(join(SK_DIR, c.file)), c.file);
    const X = matrix(model, c.columns, c.X);
    assert.ok(X.some((v) => Number.isNaN(v)), 'the rows hold missing values');
    assert.ok(maxRelDiff(model.transform(model.predictMargin(X, c.X.length), c.X.length), c.output) <= TOL);
    assert.equal(model.inputs?.some((i) => i?.refusesMissing), false, 'a tree that knows where NaN goes takes missing values');
  });

  it('scikit-learn 1.2 trees refuse missing values; imputed pipelines and HistGradientBoosting take them', () => {
    assert.ok(loadCase('rf_binary').model.inputs?.every((i) => i?.refusesMissing === true));
    assert.ok(loadCase('logreg_binary').model.inputs?.every((i) => i?.refusesMissing === true));
    assert.ok(loadCase('hgb_binary').model.inputs?.every((i) => !i?.refusesMissing));
    const ct = loadCase('pipe_ct_rf').model;
    assert.ok(ct.inputs?.every((i) => !i?.refusesMissing));
  });

  it('the model editor shows importances equal to feature_importances_, parameters and file facts', () => {
    for (const name of CASES.filter((k) => EXPECTED[k]!.importance)) {
      const { model, c } = loadCase(name);
      const s = modelSummary(model, c.file);
      const total = s.importance.reduce((a, x) => a + (x.gain ?? 0), 0);
      const names = model.featureNames ?? c.columns;
      for (const imp of s.importance) {
        const want = c.importance![c.columns.indexOf(imp.feature)]!;
        assert.ok(Math.abs((imp.gain ?? NaN) / total - want) <= TOL, `${name} ${imp.feature}: ${(imp.gain ?? NaN) / total} vs ${want}`);
      }
      assert.equal(s.importance.length, names.length);
    }
    const { model, c } = loadCase('pipe_ct_logreg');
    const s = modelSummary(model, c.file);
    assert.equal(s.kind, 'sklearn');
    assert.match(s.format, /^pickle, protocol 4$/);
    assert.equal(s.version, 'scikit-learn 1.2.1');
    const params = new Map(s.params);
    assert.equal(params.get('clf__max_iter'), '2000');
    assert.equal(params.get('prep__cat__onehotencoder__handle_unknown'), 'ignore');
    assert.match(new Map(s.details).get('estimator') ?? '', /^Pipeline\(ColumnTransformer\(num: Pipeline\(SimpleImputer, StandardScaler\); cat: Pipeline\(SimpleImputer, OneHotEncoder\)\), LogisticRegression\)$/);
  });

  it('stores get_params names and values as scikit-learn reports them', () => {
    for (const name of CASES) {
      const { model, c } = loadCase(name);
      for (const [k, v] of Object.entries(model.params ?? {})) {
        if (k === 'file.sklearn_version') continue;
        const key = k.replace(/^file\./, '');
        if (key in c.params) assert.equal(same(v, c.params[key]!), true, `${name}: ${key} is ${v}, scikit-learn says ${c.params[key]}`);
      }
      const shared = Object.keys(c.params).filter((k) => `file.${k}` in (model.params ?? {}));
      assert.ok(shared.length >= 3, `${name}: only ${shared.length} parameters matched`);
    }
  });
});

/** Equal as text, or as numbers (Python prints 1.0 and 1e-07 where JavaScript prints 1 and 1e-7). */
function same(a: string, b: string): boolean {
  return a === b || (a.trim() !== '' && Number(a) === Number(b));
}
