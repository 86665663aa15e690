import { InputError } from '../../errors';
import { checkSingleOutput } from '../declaredSizes';
import type { FeatureMatrix, Model } from '../types';
import { objectiveSpec, transformMargin } from './objectives';
import type { XgboostModelData } from './parseXgboostJson';
import { predictMargin } from './predict';
import { predictMarginParallel } from './predictWorkers';

/** Wraps validated XGBoost model data as a model-neutral `Model` (see ../types.ts). */
export function xgboostModel(data: XgboostModelData): Model {
  const spec = objectiveSpec(data.objective);
  const numGroups = data.trees.numGroups;
  const baseMargin = spec.baseMargin(data.baseScore);
  if (spec.link !== 'softmax') checkSingleOutput('XGBoost', data.objective, 'num_class', data.numClass, "Re-save the model with booster.save_model('model.json').");
  if (spec.link === 'softmax' && data.numClass < 2) {
    throw new InputError('INVALID_MODEL', `XGBoost ${data.objective} model has num_class ${data.numClass}; expected at least 2.`, { numClass: data.numClass });
  }
  return {
    kind: 'xgboost',
    objective: data.objective,
    numFeatures: data.numFeatures,
    featureNames: data.featureNames,
    featureTypes: data.featureTypes,
    numClasses: Math.max(1, data.numClass),
    numGroups,
    outputWidth: spec.outputKind === 'class' ? 1 : numGroups,
    baseScore: data.baseScore,
    baseMargin,
    link: spec.link,
    outputKind: spec.outputKind,
    trees: data.trees,
    predictMargin: (X: FeatureMatrix, n: number) => predictMargin(data.trees, baseMargin, X, n, data.numFeatures),
    predictMarginAsync: (X: FeatureMatrix, n: number, options) => predictMarginParallel(data.trees, baseMargin, X, n, data.numFeatures, options),
    transform: (margin: Float64Array, n: number) => transformMargin(spec.link, spec.outputKind, margin, n, numGroups),
  };
}
