import { InputError } from '../../errors';
import { checkSingleOutput } from '../declaredSizes';
import type { FeatureMatrix, LinkKind, Model, OutputKind } from '../types';
import { predictMargin } from '../xgboost/predict';
import { predictMarginParallel } from '../xgboost/predictWorkers';
import { transformMargin } from '../xgboost/objectives';
import { parseLightgbm, type LightgbmModelData } from './parseLightgbm';

const IDENTITY = ['regression', 'regression_l2', 'l2', 'mean_squared_error', 'mse', 'l2_root', 'root_mean_squared_error', 'rmse', 'regression_l1', 'l1', 'mean_absolute_error', 'mae', 'huber', 'fair', 'quantile', 'mape', 'mean_absolute_percentage_error', 'lambdarank', 'rank_xendcg', 'xendcg'];
const LOG = ['poisson', 'gamma', 'tweedie'];
const LOGIT = ['binary', 'cross_entropy', 'xentropy'];
const SUPPORTED = [...IDENTITY, ...LOG, ...LOGIT, 'multiclass', 'softmax'];

/**
 * A LightGBM text model as a model-neutral `Model`. Links: identity for regression and ranking objectives,
 * sigmoid for binary/cross_entropy (a `sigmoid:s` parameter ≠ 1 is folded into the leaf values, so the
 * margin is s·score, the log-odds), exp for poisson/gamma/tweedie, softmax for multiclass. LightGBM keeps no
 * base score (boost_from_average puts it in the first tree), so baseMargin = 0. Split comparisons are done on
 * float32 feature values (see lessEqualToLessThan): a double input within float32 rounding of a threshold may
 * branch differently from LightGBM's double comparison.
 */
export function lightgbmModel(data: LightgbmModelData): Model {
  const { objective, objectiveParams } = data;
  if (!SUPPORTED.includes(objective)) {
    throw new InputError('UNSUPPORTED_OBJECTIVE', `LightGBM objective "${objective}" is not supported; supported objectives are: ${SUPPORTED.join(', ')}.`, { objective, supported: SUPPORTED });
  }
  if ('sqrt' in objectiveParams) throw new InputError('UNSUPPORTED_OBJECTIVE', `LightGBM ${objective} model trained with reg_sqrt is not supported.`, { objective });
  const trees = data.trees;
  let link: LinkKind = 'identity';
  let outputKind: OutputKind = 'value';
  if (LOGIT.includes(objective)) {
    link = 'logit';
    outputKind = 'probability';
    const s = Number(objectiveParams['sigmoid'] ?? '1');
    if (!(s > 0)) throw new InputError('INVALID_MODEL', `LightGBM binary model has sigmoid:${objectiveParams['sigmoid']}; expected a positive number.`, {});
    if (s !== 1) for (let i = 0; i < trees.value.length; i++) trees.value[i]! *= s;
  } else if (LOG.includes(objective)) {
    link = 'log';
  } else if (objective === 'multiclass' || objective === 'softmax') {
    link = 'softmax';
    outputKind = 'probability';
    if (data.numClass < 2 || trees.numGroups !== data.numClass) {
      throw new InputError('INVALID_MODEL', `LightGBM multiclass model has num_class ${data.numClass} and ${trees.numGroups} trees per iteration; expected equal and at least 2.`, {});
    }
  }
  if (link !== 'softmax') checkSingleOutput('LightGBM', objective, 'num_class', data.numClass, "Re-save the model with booster.save_model('model.txt').");
  if (link !== 'softmax' && trees.numGroups !== 1) throw new InputError('INVALID_MODEL', `LightGBM ${objective} model has ${trees.numGroups} trees per iteration; expected 1.`, {});
  const numGroups = trees.numGroups;
  return {
    kind: 'lightgbm',
    objective: [objective, ...Object.entries(objectiveParams).map(([k, v]) => (v ? `${k}:${v}` : k))].join(' '),
    numFeatures: data.numFeatures,
    featureNames: data.featureNames,
    featureTypes: data.featureTypes,
    numClasses: link === 'softmax' ? data.numClass : 1,
    numGroups,
    outputWidth: numGroups,
    baseScore: link === 'logit' ? 0.5 : link === 'log' ? 1 : 0,
    baseMargin: 0,
    link,
    outputKind,
    trees,
    predictMargin: (X: FeatureMatrix, n: number) => predictMargin(trees, 0, X, n, data.numFeatures),
    predictMarginAsync: (X: FeatureMatrix, n: number, options) => predictMarginParallel(trees, 0, X, n, data.numFeatures, options),
    transform: (margin: Float64Array, n: number) => transformMargin(link, outputKind, margin, n, numGroups),
  };
}

export function loadLightgbm(text: string): Model {
  return lightgbmModel(parseLightgbm(text));
}
