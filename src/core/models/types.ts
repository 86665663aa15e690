import type { ModelMetadata } from './metadata';

/**
 * Model-neutral types shared by every model loader (XGBoost now; LightGBM and ONNX later) and by the
 * explainers. A loaded model is plain data plus two pure functions; nothing from the model file is
 * ever executed.
 */

export type ModelKind = 'xgboost' | 'lightgbm' | 'onnx' | 'sklearn';

/** What `transform(margin)` returns: class probabilities, a value (regression, counts), or a class index. */
export type OutputKind = 'probability' | 'value' | 'class';

/**
 * The inverse link that maps the raw margin to the model's output:
 * identity (squared error), logit (sigmoid), log (exp, Poisson), softmax (per-row over the groups), ovr
 * (one-vs-rest logistic: each group's sigmoid, normalised to sum to 1 — scikit-learn's LogisticRegression with
 * multi_class='ovr').
 */
export type LinkKind = 'identity' | 'logit' | 'log' | 'softmax' | 'ovr';

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
  /**
   * Per category set, 1 when a value outside it — negative, or beyond its last word — goes left (XGBoost sends
   * such values to the default child, scikit-learn's HistGradientBoosting treats unknown categories as missing).
   * Absent: they go right (LightGBM). A missing value (NaN) always takes the node's default child.
   */
  outsideLeft?: Uint8Array;
}

/**
 * A feature read as a category index instead of a number (scikit-learn's OneHotEncoder): the dataset value's
 * position in `values` (text compared as text, numbers as numbers), `missing` for a missing value, and -1 for
 * any other value (an unknown category).
 */
export interface CategoryEncoding {
  values: (string | number)[];
  /** Index a missing value takes (the encoder learned a missing category, or an imputer fills one in), else -1. */
  missing: number;
  /** 'error': scikit-learn refuses unknown categories, so Model Lens refuses a dataset holding one; 'ignore': they score as the encoder says. */
  unknown: 'error' | 'ignore';
}

/** How one model input is read from a dataset column, when it is more than "a number, NaN when missing". */
export interface FeatureInput {
  categories?: CategoryEncoding;
  /** The model cannot take a missing value here (scikit-learn raises on it), so rows with one are refused. */
  refusesMissing?: boolean;
}

/**
 * A model whose margin is a sum of one function per feature (linear models, and pipelines of per-column
 * transforms before one): margin[g] = intercept[g] + Σ_j terms[j, g](x_j). Exact linear SHAP reads it.
 */
export interface AdditiveModel {
  intercept: Float64Array;
  /** n × groups × features: each feature's term for each row, so that the margin is intercept + their sum. */
  terms(X: FeatureMatrix, n: number): Float64Array;
}

/** What the model editor shows about the file beyond the common facts (scikit-learn pickles). */
export interface ModelFileInfo {
  /** e.g. 'scikit-learn pickle (protocol 4)', 'joblib (zlib)'. */
  format: string;
  /** Writer version, e.g. 'scikit-learn 1.2.1'. */
  version: string | null;
  /** The estimator as a short structure, e.g. 'Pipeline(ColumnTransformer, RandomForestClassifier)'. */
  estimator: string;
  /** Class labels in output order (classifiers). */
  classes?: string[];
  /** Per ensemble node, the split's gain (impurity decrease × weight), for importance; null when none. */
  gains?: Float64Array | null;
  /** What the reader decided that a user should know (e.g. how missing values are routed). */
  notes?: string[];
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
  /** Additive models (linear models and linear pipelines): per-feature terms for exact linear SHAP. */
  additive?: AdditiveModel;
  /** Per feature, how it is read from a dataset when not as a plain number (absent: all plain numbers). */
  inputs?: (FeatureInput | null)[];
  /**
   * The model computes on float64 inputs (scikit-learn's linear models): dataset values are read for it as
   * float64 instead of the float32 that tree models compare (readNumericRows' float64 option).
   */
  float64Inputs?: boolean;
  /** Hyperparameters stored in the file (scikit-learn's get_params(deep=True) names), for version diffs. */
  params?: Record<string, string>;
  /** File facts for the model editor (scikit-learn pickles). */
  fileInfo?: ModelFileInfo;
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
