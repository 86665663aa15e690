import { InputError } from '../errors';
import type { FeatureMatrix, Model } from '../models/types';
import { interventionalTreeShap } from './interventionalTreeShap';
import { expectedMargin } from './nodeMeans';
import { treeShap } from './treeShap';
import { shapReport } from './shapReport';
import { treeShapInteractions } from './treeShapInteractions';

export type TreeAlgorithm = 'pathDependent' | 'interventional';
/** Game a report's values answer: TreeSHAP's two, or 'surrogate' for LIME (a local linear fit, not Shapley values). */
export type ExplainAlgorithm = TreeAlgorithm | 'surrogate';
/** Ids of the implemented explainers. */
export type ExplainerId = 'tree' | 'linear' | 'kernel' | 'permutation' | 'lime';

export interface ExplainOptions {
  modelName?: string;
  datasetName?: string;
  /** 'pathDependent' (default, TreeSHAP with covers) or 'interventional' (needs `background`). */
  algorithm?: TreeAlgorithm;
  background?: { X: FeatureMatrix; n: number };
  /** Also return SHAP interaction values per row (path-dependent only). */
  interactions?: boolean;
  /** Dataset row index of each explained row (default 0..n-1). */
  rowIndices?: readonly number[];
  /** kernel: coalitions per row; permutation: permutations per row; lime: perturbation samples per row. */
  nsamples?: number;
  /** Seed of the sampling explainers (kernel, permutation, lime); default 0. */
  seed?: number;
  /** Fraction of the explained rows done, for progress bars. */
  onProgress?: (fraction: number) => void;
}

export interface ExplainRow {
  index: number;
  /** The model's output (probability, value or class index); an array per class for multiclass. */
  prediction: number | number[];
  /** One value per feature, in margin space; per class (classes × features) for multiclass. */
  contributions: number[] | number[][];
  /** (F+1) × (F+1) SHAP interaction values (bias last); per class for multiclass. */
  interactions?: number[][] | number[][][];
  /** LIME only: this row's surrogate intercept (per class for multiclass). */
  intercept?: number | number[];
  /** LIME only: weighted R² of the surrogate on the perturbation samples (per class for multiclass). */
  fitScore?: number | number[];
}

export interface ExplainReport {
  model: string;
  dataset: string;
  method: ExplainerId;
  algorithm: ExplainAlgorithm;
  /** Space of contributions and baseValue: 'margin' when a link maps it to the output, else 'value'. */
  output: 'margin' | 'probability' | 'value';
  features: string[];
  baseValue: number | number[];
  rows: ExplainRow[];
  /** Mean |contribution| per feature over rows (summed over classes), largest first. */
  global: { feature: string; meanAbs: number }[];
  /**
   * max over rows and classes of |Σ contributions + baseValue − margin| (LIME: |intercept + Σ coef − output|,
   * the surrogate's miss at x). For Shapley methods `ok` says whether it is within `tolerance`
   * (1e-6 · max(1, max |margin|)); LIME, a regression surrogate, states no tolerance.
   */
  additivity: { maxAbsError: number; tolerance?: number; ok?: boolean };
  /** Sampling explainers: the seed and samples used, and whether every row was computed exactly. */
  sampling?: { seed: number; nsamples: number | null; background: number; exact: boolean };
}

export interface Explainer {
  id: string;
  label: string;
  supports(model: Model): boolean;
  explain(model: Model, X: FeatureMatrix, n: number, options?: ExplainOptions): ExplainReport;
}

/** Tree explainer: exact TreeSHAP (Lundberg et al. 2018/2020) for models with a TreeEnsemble. */
export const treeExplainer: Explainer = {
  id: 'tree',
  label: 'TreeSHAP (exact)',
  supports: (model) => model.trees !== undefined,
  explain(model, X, n, options = {}) {
    const e = model.trees;
    if (!e) throw new InputError('UNSUPPORTED_MODEL', `The tree explainer needs a tree model; this ${model.kind} model has no trees.`, { kind: model.kind });
    const F = model.numFeatures;
    const algorithm = options.algorithm ?? 'pathDependent';
    let phi: Float64Array;
    let interactions: Float64Array | null = null;
    let bias: Float64Array;
    if (algorithm === 'interventional') {
      if (!options.background) throw new InputError('BAD_ARGUMENT', 'Interventional TreeSHAP needs a background sample (options.background).', {});
      if (options.interactions) throw new InputError('BAD_ARGUMENT', 'Interaction values are only available with the path-dependent algorithm.', {});
      const result = interventionalTreeShap(e, model.baseMargin, X, n, options.background.X, options.background.n, F);
      phi = result.values;
      bias = result.baseValue;
    } else {
      phi = treeShap(e, model.baseMargin, X, n, F);
      bias = expectedMargin(e, model.baseMargin);
      if (options.interactions) interactions = treeShapInteractions(e, model.baseMargin, X, n, F);
    }
    return shapReport(model, X, n, phi, bias, options, 'tree', algorithm, interactions);
  },
};
