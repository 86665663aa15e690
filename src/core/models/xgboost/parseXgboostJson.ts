import { InputError } from '../../errors';
import type { FeatureType, TreeEnsemble } from '../types';
import { type Json, intField, invalid, numArray, obj, str, strArray } from './jsonAccess';
import { parseTrees } from './parseTrees';
import { own } from '../../dict';
import { checkDeclaredClasses, checkDeclaredFeatures } from '../declaredSizes';

/** What an XGBoost model document says, validated, before objective semantics are applied. */
export interface XgboostModelData {
  /** XGBoost version that wrote the file, e.g. [1, 7, 4]; null when absent. */
  version: number[] | null;
  booster: 'gbtree' | 'dart';
  objective: string;
  numFeatures: number;
  /** 0 for regression/binary (as XGBoost stores it), k for k-class models. */
  numClass: number;
  /** base_score as stored: output space (a probability for logistic objectives). */
  baseScore: number;
  featureNames: string[] | null;
  featureTypes: (FeatureType | null)[] | null;
  trees: TreeEnsemble;
}

const RESAVE = "Re-save the model with booster.save_model('model.json'), or check that the file was not edited.";
const FEATURE_TYPES: Record<string, FeatureType> = { float: 'numeric', q: 'numeric', int: 'integer', i: 'boolean', c: 'categorical' };

/**
 * Validates a parsed XGBoost JSON (or UBJSON) model document — the layout written by
 * `Booster.save_model` in XGBoost 1.x (e.g. 1.7: base_score "5E-1") and 2.x/3.x (base_score may be a
 * bracketed vector "[5E-1]"; gbtree models gain iteration_indptr). Reference: XGBoost
 * doc/model.schema and src/learner.cc (LearnerModelParam), src/gbm/gbtree_model.cc, src/tree/tree_model.cc.
 *
 * Supports gbtree and dart (weight_drop multiplies each tree). gblinear and categorical splits throw
 * InputError('UNSUPPORTED_MODEL'); a document without `learner` throws 'UNSUPPORTED_FORMAT'.
 */
export function parseXgboostJson(doc: unknown): XgboostModelData {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('learner' in doc)) {
    throw new InputError(
      'UNSUPPORTED_FORMAT',
      'This JSON is not an XGBoost model: it has no top-level "learner" key. Save the model with booster.save_model("model.json").',
      {},
    );
  }
  const root = doc as Json;
  const learner = obj(root, 'learner', '$');
  const version = Array.isArray(root['version']) ? (root['version'] as unknown[]).filter((x): x is number => typeof x === 'number') : null;
  const mp = obj(learner, 'learner_model_param', '$.learner');
  const numFeatures = intField(mp, 'num_feature', '$.learner.learner_model_param');
  const numClass = intField(mp, 'num_class', '$.learner.learner_model_param');
  const baseScore = parseBaseScore(str(mp, 'base_score', '$.learner.learner_model_param'));
  const objective = str(obj(learner, 'objective', '$.learner'), 'name', '$.learner.objective');

  const gb = obj(learner, 'gradient_booster', '$.learner');
  const name = str(gb, 'name', '$.learner.gradient_booster');
  let gbtree: Json;
  let weights: ArrayLike<number> | null = null;
  let gbPath = '$.learner.gradient_booster';
  if (name === 'gbtree') {
    gbtree = gb;
  } else if (name === 'dart') {
    gbtree = obj(gb, 'gbtree', gbPath);
    gbPath += '.gbtree';
    weights = numArray(gb, 'weight_drop', '$.learner.gradient_booster');
  } else {
    throw new InputError(
      'UNSUPPORTED_MODEL',
      `XGBoost booster "${name}" is not supported; only tree boosters (gbtree, dart) can be loaded.`,
      { booster: name },
    );
  }
  const model = obj(gbtree, 'model', gbPath);
  const trees = model['trees'];
  if (!Array.isArray(trees)) throw invalid(`${gbPath}.model.trees`, 'is missing or not an array');
  const treeInfo = numArray(model, 'tree_info', `${gbPath}.model`, trees.length);
  if (weights && weights.length !== trees.length) throw invalid('$.learner.gradient_booster.weight_drop', `has ${weights.length} entries for ${trees.length} trees`);
  checkDeclaredClasses('XGBoost', 'num_class', numClass, trees.length, RESAVE);
  const numGroups = Math.max(1, numClass);
  const featureNames = nonEmpty(strArray(learner, 'feature_names', '$.learner'), numFeatures, 'feature_names');
  const ensemble = parseTrees(trees, treeInfo, weights, numFeatures, numGroups, `${gbPath}.model`);
  let used = 0;
  for (let i = 0; i < ensemble.feature.length; i++) used = Math.max(used, ensemble.feature[i]! + 1);
  checkDeclaredFeatures('XGBoost', 'num_feature', numFeatures, Math.max(used, featureNames?.length ?? 0), RESAVE);

  return {
    version,
    booster: name,
    objective,
    numFeatures,
    numClass,
    baseScore,
    featureNames,
    featureTypes: nonEmpty(strArray(learner, 'feature_types', '$.learner'), numFeatures, 'feature_types')?.map((t) => own(FEATURE_TYPES, t) ?? null) ?? null,
    trees: ensemble,
  };
}

/**
 * base_score is a decimal string: "5E-1" (1.x) or a bracketed list "[5E-1]" (newer releases). A list
 * with several entries (one per target/class) is accepted only when all entries are equal.
 */
function parseBaseScore(s: string): number {
  const inner = s.trim().replace(/^\[/, '').replace(/\]$/, '');
  const parts = inner.split(',').map((x) => Number(x.trim()));
  const first = parts[0]!;
  if (inner === '' || !parts.every((v) => Number.isFinite(v))) throw invalid('$.learner.learner_model_param.base_score', `is "${s}", not a number`);
  if (!parts.every((v) => v === first)) {
    throw new InputError('UNSUPPORTED_MODEL', `XGBoost model has a per-class base_score ${s}; only a single base_score is supported.`, { baseScore: s });
  }
  return Math.fround(first);
}

function nonEmpty(list: string[] | null, numFeatures: number, key: string): string[] | null {
  if (list === null || list.length === 0) return null;
  if (list.length !== numFeatures) throw invalid(`$.learner.${key}`, `has ${list.length} entries, but the model has ${numFeatures} features`);
  return list;
}
