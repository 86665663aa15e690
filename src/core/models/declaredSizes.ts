import { InputError } from '../errors';

/**
 * Counts a model file declares (classes, features, leaves, container lengths) are checked against what the file
 * really holds before anything is allocated by them (issue 17, item 6: XGBoost num_class 1e9 ran the heap out after
 * 59 s, 1e5 took 9.5 GB; LightGBM num_leaves=2e9 ended in "internal error: RangeError").
 */

/**
 * Features a model may declare beyond the ones its file describes (named, or split on by a tree): trailing unused
 * columns of the training data, as in models trained on hashed or sparse features. Above this a declared count is
 * not believed, since every feature costs memory (names, per-feature summaries) while the file backs none of them.
 */
export const MAX_UNDESCRIBED_FEATURES = 1 << 20;

/**
 * Refuses a declared feature count that exceeds both what the file describes (`described`: named features, or the
 * highest feature a split uses + 1) and MAX_UNDESCRIBED_FEATURES. InputError 'INVALID_MODEL', exit 2.
 */
export function checkDeclaredFeatures(format: string, key: string, declared: number, described: number, fix: string): void {
  if (declared <= Math.max(described, MAX_UNDESCRIBED_FEATURES)) return;
  throw new InputError(
    'INVALID_MODEL',
    `${format} model declares ${key} = ${declared.toLocaleString('en')} features, but its file describes only ${described.toLocaleString('en')} (names or features its trees split on); a declared count above ${MAX_UNDESCRIBED_FEATURES.toLocaleString('en')} must be backed by the file. ${fix}`,
    { key, declared, described },
  );
}

/** Refuses a declared class count that the trees do not back: every class needs at least one tree. */
export function checkDeclaredClasses(format: string, key: string, declared: number, trees: number, fix: string): void {
  if (declared <= 1 || declared <= trees) return;
  throw new InputError(
    'INVALID_MODEL',
    `${format} model declares ${key} = ${declared.toLocaleString('en')} classes but holds ${trees.toLocaleString('en')} tree${trees === 1 ? '' : 's'}; every class needs at least one tree. ${fix}`,
    { key, declared, trees },
  );
}

/**
 * Refuses a class count above 1 on an objective with one output (e.g. binary:logistic with num_class 3, which gave
 * three sigmoid columns): the file contradicts itself, and either reading may be the wrong one.
 */
export function checkSingleOutput(format: string, objective: string, key: string, declared: number, fix: string): void {
  if (declared <= 1) return;
  throw new InputError(
    'INVALID_MODEL',
    `${format} model has the one-output objective '${objective}' but declares ${key} = ${declared}; a multiclass model needs a multiclass objective (XGBoost multi:softprob/multi:softmax, LightGBM multiclass). ${fix}`,
    { objective, key, declared },
  );
}
