import { arrayValues } from '../pickle/ndarray';
import { NdArray, PyObject, type PyValue } from '../pickle/values';
import type { LinkKind, OutputKind } from '../types';
import type { SourceTree } from './ensemble';
import { Attrs, bad, className, unsupported } from './state';
import { knownCategories, readPredictor, readTree } from './treeSources';

/** What the final estimator computes, before it is rewritten over dataset columns. */
export type Head =
  | { kind: 'trees'; sources: SourceTree[]; baseMargin: number; common: Common }
  | { kind: 'linear'; coef: Float64Array; intercept: Float64Array; common: Common };

export interface Common {
  numGroups: number;
  link: LinkKind;
  outputKind: OutputKind;
  /** Class labels (classifiers), in predict_proba's column order. */
  classes: string[] | null;
  objective: string;
}

const TREE_CLASSES = new Set(['DecisionTreeClassifier', 'DecisionTreeRegressor', 'ExtraTreeClassifier', 'ExtraTreeRegressor']);
const FOREST_CLASSES = new Set(['RandomForestClassifier', 'RandomForestRegressor', 'ExtraTreesClassifier', 'ExtraTreesRegressor']);
const LINEAR_REGRESSORS = new Set(['LinearRegression', 'Ridge', 'Lasso', 'ElasticNet']);

/** Estimators Model Lens reads, for messages. */
export const SUPPORTED_ESTIMATORS = [...TREE_CLASSES, ...FOREST_CLASSES, 'GradientBoostingClassifier', 'GradientBoostingRegressor', 'HistGradientBoostingClassifier', 'HistGradientBoostingRegressor', 'LogisticRegression', ...LINEAR_REGRESSORS];

function classLabels(est: Attrs): string[] {
  const a = est.array('classes_');
  return arrayValues(a, `${est.path}.classes_`).map((v) => (typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)));
}

function classifierCommon(est: Attrs, classes: string[], link: 'logit' | 'softmax' | 'ovr' | 'identity', objective: string): Common {
  if (classes.length < 2) throw unsupported(`has a ${est.name} fitted on ${classes.length} class`);
  return { numGroups: classes.length === 2 ? 1 : classes.length, link, outputKind: 'probability', classes, objective };
}

const regressorCommon = (objective: string, link: LinkKind = 'identity'): Common => ({ numGroups: 1, link, outputKind: 'value', classes: null, objective });

/**
 * Per-class copies of one decision tree whose leaves give predict_proba (class counts or fractions normalised
 * per leaf, as DecisionTreeClassifier.predict_proba), or its value (regressors); each copy adds `weight` × leaf.
 */
function treeSources(est: Attrs, classifier: boolean, numGroups: number, weight: number, group = 0, importance: 'perTree' | 'root' = 'root'): SourceTree[] {
  const t = readTree(est);
  // Gains scaled so that their sums per column give feature_importances_ once normalised: each tree's impurity
  // decreases over its root weight (compute_feature_importances(normalize=False)); forests average trees whose
  // importances are normalised first, so there each tree's gains sum to weight (1 / number of trees).
  let total = 0;
  for (const g of t.gain) total += g;
  const scale = importance === 'perTree' ? (total > 0 ? weight / total : 0) : 1 / (t.cover[0] || 1);
  const gain = t.gain;
  for (let i = 0; i < gain.length; i++) gain[i]! *= scale;
  const base = { left: t.left, right: t.right, feature: t.feature, threshold: t.threshold, missingLeft: t.missingLeft, cover: t.cover, gain, weight, compare: 'float32' as const };
  const n = t.left.length;
  const K = t.classes;
  if (!classifier) {
    if (K !== 1) throw bad(`has a regression tree with ${K} values per node`);
    return [{ ...base, value: t.values, group }];
  }
  const groups = numGroups === 1 ? [1] : Array.from({ length: numGroups }, (_, k) => k);
  if (numGroups === 1 ? K !== 2 : K !== numGroups) throw bad(`has a classification tree with ${K} classes for ${numGroups === 1 ? 2 : numGroups}`);
  return groups.map((k, g) => {
    const value = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (t.left[i] !== -1) continue;
      let sum = 0;
      for (let c = 0; c < K; c++) sum += t.values[i * K + c]!;
      value[i] = t.values[i * K + k]! / (sum === 0 ? 1 : sum);
    }
    return { ...base, value, group: g };
  });
}

/** The estimator objects in a list or object array attribute (estimators_), checked to be fitted objects. */
function members(est: Attrs, key: string): { items: Attrs[]; shape: number[] } {
  const v = est.raw(key);
  const shape = v instanceof NdArray ? v.shape : Array.isArray(v) ? [v.length] : [];
  const list: PyValue[] = v instanceof NdArray ? (v.objects ?? []) : Array.isArray(v) ? v : [];
  if (list.length === 0 || !list.every((x) => x instanceof PyObject)) throw bad(`has ${est.path}.${key} = ${className(v)}, expected fitted trees`);
  return { items: list.map((x, i) => Attrs.of(x, `${est.path}.${key}[${i}]`)), shape: [...shape] };
}

const F32_EPS = 2 ** -23;
const clip = (p: number): number => Math.min(Math.max(p, F32_EPS), 1 - F32_EPS);

/** Reads the final estimator of a model (or pipeline) as trees or a linear function. */
export function readHead(est: Attrs): Head {
  const n = est.name;
  if (TREE_CLASSES.has(n)) {
    const classifier = n.endsWith('Classifier');
    const common = classifier ? classifierCommon(est, classLabels(est), 'identity', `${n} (predict_proba)`) : regressorCommon(`${n} (predict)`);
    return { kind: 'trees', sources: treeSources(est, classifier, common.numGroups, 1), baseMargin: 0, common };
  }
  if (FOREST_CLASSES.has(n)) {
    const classifier = n.endsWith('Classifier');
    const common = classifier ? classifierCommon(est, classLabels(est), 'identity', `${n} (predict_proba)`) : regressorCommon(`${n} (predict)`);
    const { items } = members(est, 'estimators_');
    const sources = items.flatMap((t) => treeSources(t, classifier, common.numGroups, 1 / items.length, 0, 'perTree'));
    return { kind: 'trees', sources, baseMargin: 0, common };
  }
  if (n === 'GradientBoostingClassifier' || n === 'GradientBoostingRegressor') return gradientBoosting(est);
  if (n === 'HistGradientBoostingClassifier' || n === 'HistGradientBoostingRegressor') return histGradientBoosting(est);
  if (n === 'LogisticRegression') return logistic(est);
  if (LINEAR_REGRESSORS.has(n)) {
    const coef = est.numbers('coef_');
    const shape = est.array('coef_').shape;
    if (shape.length === 2 && shape[0] !== 1) throw unsupported(`has a ${n} with ${shape[0]} targets; Model Lens reads single-target regressors`);
    const icpt = est.numbers('intercept_');
    return { kind: 'linear', coef, intercept: Float64Array.of(icpt[0] ?? 0), common: regressorCommon(`${n} (predict)`) };
  }
  throw unsupported(`holds a ${n}; Model Lens reads ${SUPPORTED_ESTIMATORS.join(', ')}, optionally in a Pipeline`);
}

/** GradientBoosting (sklearn/ensemble/_gb.py, _gb_losses.py): init_ raw prediction + learning_rate × Σ trees. */
function gradientBoosting(est: Attrs): Head {
  const classifier = est.name === 'GradientBoostingClassifier';
  const lr = est.num('learning_rate');
  const { items, shape } = members(est, 'estimators_');
  const K = shape[1] ?? 1;
  const loss = est.optStr('loss') ?? '';
  const init = est.raw('init_');
  const prior = (): Float64Array => {
    if (init === 'zero') return new Float64Array(0);
    const d = Attrs.of(init, `${est.path}.init_`);
    if (d.name !== (classifier ? 'DummyClassifier' : 'DummyRegressor')) throw unsupported(`has a ${est.name} with init=${d.name}; only the default initial estimator is read`);
    if (classifier && (d.optStr('strategy') ?? 'prior') !== 'prior') throw unsupported(`has a ${est.name} whose init DummyClassifier uses strategy '${d.optStr('strategy')}'`);
    return classifier ? d.numbers('class_prior_') : d.numbers('constant_');
  };
  const p = prior();
  if (!classifier) {
    if (!['squared_error', 'ls', 'absolute_error', 'lad', 'huber', 'quantile'].includes(loss)) throw unsupported(`has a GradientBoostingRegressor with loss '${loss}'`);
    const sources = items.flatMap((t) => treeSources(t, false, 1, lr));
    return { kind: 'trees', sources, baseMargin: p.length ? p[0]! : 0, common: regressorCommon(`GradientBoostingRegressor (${loss})`) };
  }
  const classes = classLabels(est);
  if (classes.length === 2) {
    const exponential = loss === 'exponential';
    if (!exponential && loss !== 'log_loss' && loss !== 'deviance') throw unsupported(`has a GradientBoostingClassifier with loss '${loss}'`);
    const pos = p.length ? clip(p[1]!) : 0.5;
    const raw = p.length ? Math.log(pos / (1 - pos)) * (exponential ? 0.5 : 1) : 0;
    // exponential loss: predict_proba = expit(2 · raw), so the margin is 2 · raw.
    const scale = exponential ? 2 : 1;
    const sources = items.flatMap((t) => treeSources(t, false, 1, lr * scale));
    return { kind: 'trees', sources, baseMargin: raw * scale, common: classifierCommon(est, classes, 'logit', `GradientBoostingClassifier (${loss})`) };
  }
  if (K !== classes.length) throw bad(`has a GradientBoostingClassifier with ${K} trees per stage for ${classes.length} classes`);
  const sources = items.flatMap((t, i) => treeSources(t, false, 1, lr, i % K));
  // Per-class initial raw predictions log(prior_k) as one-leaf trees, so each class starts from its own value.
  for (let k = 0; k < K; k++) {
    const v = p.length ? Math.log(clip(p[k]!)) : 0;
    sources.push({ left: Int32Array.of(-1), right: Int32Array.of(-1), feature: Int32Array.of(-2), threshold: Float64Array.of(0), missingLeft: null, cover: Float64Array.of(1), gain: Float64Array.of(0), value: Float64Array.of(v), group: k, weight: 1, compare: 'float32' });
  }
  return { kind: 'trees', sources, baseMargin: 0, common: classifierCommon(est, classes, 'softmax', `GradientBoostingClassifier (${loss})`) };
}

/** HistGradientBoosting: _baseline_prediction + Σ TreePredictor values (float64 splits, NaN by missing_go_to_left). */
function histGradientBoosting(est: Attrs): Head {
  const classifier = est.name === 'HistGradientBoostingClassifier';
  const perIter = est.int('n_trees_per_iteration_');
  const baseline = est.numbers('_baseline_prediction');
  if (baseline.length !== perIter) throw bad(`has a ${est.name} with ${baseline.length} baseline values for ${perIter} trees per iteration`);
  const known = knownCategories(est.has('_bin_mapper') ? est.obj_('_bin_mapper') : null);
  const iterations = est.list('_predictors');
  const sources: SourceTree[] = [];
  iterations.forEach((it, i) => {
    const preds = Array.isArray(it) ? it : [];
    if (preds.length !== perIter) throw bad(`has ${est.path}._predictors[${i}] with ${preds.length} trees, expected ${perIter}`);
    preds.forEach((pr, k) => {
      const t = readPredictor(Attrs.of(pr, `${est.path}._predictors[${i}][${k}]`), known);
      sources.push({ left: t.left, right: t.right, feature: t.feature, threshold: t.threshold, missingLeft: t.missingLeft, cover: t.cover, gain: t.gain, value: t.value, ...(t.categorical ? { categorical: t.categorical } : {}), group: k, weight: 1, compare: 'float64' });
    });
  });
  const loss = est.optStr('loss') ?? '';
  let common: Common;
  if (classifier) {
    const classes = classLabels(est);
    common = classifierCommon(est, classes, classes.length === 2 ? 'logit' : 'softmax', `HistGradientBoostingClassifier (${loss})`);
  } else {
    const link: LinkKind = loss === 'poisson' || loss === 'gamma' ? 'log' : 'identity';
    if (!['squared_error', 'least_squares', 'absolute_error', 'least_absolute_deviation', 'quantile', 'poisson', 'gamma'].includes(loss)) throw unsupported(`has a HistGradientBoostingRegressor with loss '${loss}'`);
    common = regressorCommon(`HistGradientBoostingRegressor (${loss})`, link);
  }
  if (perIter === 1) return { kind: 'trees', sources, baseMargin: baseline[0]!, common };
  for (let k = 0; k < perIter; k++) {
    sources.push({ left: Int32Array.of(-1), right: Int32Array.of(-1), feature: Int32Array.of(-2), threshold: Float64Array.of(0), missingLeft: null, cover: Float64Array.of(1), gain: Float64Array.of(0), value: Float64Array.of(baseline[k]!), group: k, weight: 1, compare: 'float64' });
  }
  return { kind: 'trees', sources, baseMargin: 0, common };
}

/**
 * LogisticRegression.predict_proba (scikit-learn 1.2, linear_model/_logistic.py): one-vs-rest when multi_class is
 * 'ovr', or 'auto' with two classes or the liblinear solver — sigmoid of each decision, normalised across
 * classes; otherwise softmax, which for two classes is the sigmoid of twice the decision.
 */
function logistic(est: Attrs): Head {
  const classes = classLabels(est);
  const coef = est.numbers('coef_');
  const intercept = est.numbers('intercept_');
  const rows = est.array('coef_').shape[0] ?? 1;
  const multi = est.optStr('multi_class') ?? 'auto';
  const solver = est.optStr('solver') ?? 'lbfgs';
  const ovr = multi === 'ovr' || (multi === 'auto' && (classes.length <= 2 || solver === 'liblinear'));
  if (classes.length === 2) {
    if (rows !== 1) throw bad(`has a binary LogisticRegression with ${rows} coefficient rows`);
    const k = ovr ? 1 : 2;
    return { kind: 'linear', coef: coef.map((c) => c * k), intercept: Float64Array.of((intercept[0] ?? 0) * k), common: classifierCommon(est, classes, 'logit', `LogisticRegression (${ovr ? 'binary' : 'multinomial, binary'})`) };
  }
  if (rows !== classes.length || intercept.length !== rows) throw bad(`has a LogisticRegression with ${rows} coefficient rows for ${classes.length} classes`);
  return { kind: 'linear', coef, intercept, common: classifierCommon(est, classes, ovr ? 'ovr' : 'softmax', `LogisticRegression (${ovr ? 'one-vs-rest' : 'multinomial'})`) };
}

