import type { ModelMetadata } from './metadata';

/**
 * Model-neutral types shared by every model loader (XGBoost now; LightGBM and ONNX later) and by the
 * explainers. A loaded model is plain data plus two pure functions; nothing from the model file is
 * ever executed.
 */

export type ModelKind = 'xgboost' | 'lightgbm' | 'onnx';

/** What `transform(margin)` returns: class probabilities, a value (regression, counts), or a class index. */
export type OutputKind = 'probability' | 'value' | 'class';

/**
 * The inverse link that maps the raw margin to the model's output:
 * identity (squared error), logit (sigmoid), log (exp, Poisson), softmax (per-row over the groups).
 */
export type LinkKind = 'identity' | 'logit' | 'log' | 'softmax';

/** Declared type of a model feature; `null` in `Model.featureTypes` means the file did not say. */
export type FeatureType = 'numeric' | 'integer' | 'boolean' | 'categorical';

/**
 * All trees of an ensemble as one flat structure of arrays, so prediction and TreeSHAP walk typed
 * arrays without allocating. Node indices are global (into the node arrays), not per tree.
 *
 * - Tree `t` owns nodes `treeOffsets[t] .. treeOffsets[t+1]-1`; its root is `treeOffsets[t]`.
 * - `left[i] === -1` marks a leaf; then `value[i]` is the leaf output (already scaled by the learning rate).
 * - An internal node sends a row left when `float32(x[feature[i]]) < threshold[i]`, right otherwise,
 *   and to `defaultLeft[i] ? left : right` when the value is missing (NaN).
 * - `cover[i]` is the training weight reaching the node (XGBoost's sum_hessian); TreeSHAP needs it.
 * - `treeGroup[t]` is the output group (class) the tree adds to; `treeWeight[t]` its multiplier
 *   (DART's weight_drop, otherwise 1).
 */
export interface TreeEnsemble {
  numTrees: number;
  numNodes: number;
  /** Output columns of the margin: the number of classes for multiclass, else 1. */
  numGroups: number;
  /** Depth of the deepest tree (root only = 0). */
  maxDepth: number;
  treeOffsets: Int32Array;
  treeGroup: Int32Array;
  treeWeight: Float64Array;
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  threshold: Float32Array;
  defaultLeft: Uint8Array;
  value: Float64Array;
  cover: Float64Array;
  /**
   * Categorical splits (LightGBM), absent when there are none. Node i is categorical when `index[i] >= 0`:
   * the row goes left when x is a non-negative number whose integer part k has bit k set in
   * `bits[offsets[c] .. offsets[c+1])` (c = index[i], 32 categories per word), right otherwise — NaN,
   * negative values and categories outside the set included (LightGBM's Tree::CategoricalDecision).
   */
  categories?: CategorySplits;
}

export interface CategorySplits {
  index: Int32Array;
  offsets: Int32Array;
  bits: Uint32Array;
}

/** Row-major feature matrix: row `r`, feature `j` is at `r * numFeatures + j`; NaN = missing. */
export type FeatureMatrix = Float32Array | Float64Array;

export interface Model {
  kind: ModelKind;
  /** The objective as the file names it, e.g. 'binary:logistic'. */
  objective: string;
  numFeatures: number;
  featureNames: string[] | null;
  featureTypes: (FeatureType | null)[] | null;
  /** Number of classes; 1 for regression and binary classification. */
  numClasses: number;
  /** Columns of `predictMargin`'s output per row (classes for multiclass, else 1). */
  numGroups: number;
  /** Columns of `transform`'s output per row (1 when outputKind is 'class'). */
  outputWidth: number;
  /** Base score as stored by the model, in output space (e.g. a probability for logistic objectives). */
  baseScore: number;
  /** The same base score in margin space (e.g. logit(baseScore)); the margin every row starts from. */
  baseMargin: number;
  link: LinkKind;
  outputKind: OutputKind;
  trees?: TreeEnsemble;
  /** What readModelFile found beside the model file: MLflow MLmodel, model card (./metadata.ts). */
  metadata?: ModelMetadata;
  /** Raw scores, n × numGroups row-major. X is n × numFeatures row-major, NaN = missing. */
  predictMargin(X: FeatureMatrix, n: number): Float64Array;
  /**
   * `predictMargin` without holding the calling thread: the same result, bit for bit. Tree ensembles score
   * large inputs on worker threads (xgboost/predictWorkers.ts). Absent when the model has no such path
   * (ONNX); `predictBlocks` then calls predictMargin.
   */
  predictMarginAsync?: (X: FeatureMatrix, n: number, options?: { signal?: AbortSignal | undefined }) => Promise<Float64Array>;
  /** Frees what the model holds outside the JS heap (ONNX: its onnxruntime worker thread); absent when nothing. */
  dispose?: () => void;
  /** Maps `predictMargin`'s output to the model's output, n × outputWidth. */
  transform(margin: Float64Array, n: number): Float64Array;
}
