import { InputError } from '../errors';
import type { FeatureMatrix, Model } from '../models/types';
import { interventionalTreeShap } from './interventionalTreeShap';
import { expectedMargin } from './nodeMeans';
import { treeShap } from './treeShap';
import { treeShapInteractions } from './treeShapInteractions';

export type TreeAlgorithm = 'pathDependent' | 'interventional';

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
}

export interface ExplainRow {
  index: number;
  /** The model's output (probability, value or class index); an array per class for multiclass. */
  prediction: number | number[];
  /** One value per feature, in margin space; per class (classes × features) for multiclass. */
  contributions: number[] | number[][];
  /** (F+1) × (F+1) SHAP interaction values (bias last); per class for multiclass. */
  interactions?: number[][] | number[][][];
}

export interface ExplainReport {
  model: string;
  dataset: string;
  method: 'tree';
  algorithm: TreeAlgorithm;
  /** Space of contributions and baseValue: 'margin' when a link maps it to the output, else 'value'. */
  output: 'margin' | 'probability' | 'value';
  features: string[];
  baseValue: number | number[];
  rows: ExplainRow[];
  /** Mean |contribution| per feature over rows (summed over classes), largest first. */
  global: { feature: string; meanAbs: number }[];
  /** max over rows and classes of |Σ contributions + baseValue − margin|. */
  additivity: { maxAbsError: number };
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
    const G = model.numGroups;
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
    const margin = model.predictMargin(X, n);
    const pred = model.transform(margin, n);
    const W = F + 1;
    const features = model.featureNames ?? Array.from({ length: F }, (_, j) => `f${j}`);
    const meanAbs = new Float64Array(F);
    let maxAbsError = 0;
    const rows: ExplainRow[] = [];
    const perClass = <T>(f: (g: number) => T): T | T[] => (G === 1 ? f(0) : Array.from({ length: G }, (_, g) => f(g)));
    for (let r = 0; r < n; r++) {
      for (let g = 0; g < G; g++) {
        const o = (r * G + g) * W;
        let sum = 0;
        for (let j = 0; j <= F; j++) sum += phi[o + j]!;
        for (let j = 0; j < F; j++) meanAbs[j]! += Math.abs(phi[o + j]!) / Math.max(1, n);
        maxAbsError = Math.max(maxAbsError, Math.abs(sum - margin[r * G + g]!));
      }
      const row: ExplainRow = {
        index: options.rowIndices?.[r] ?? r,
        prediction: model.outputWidth === 1 ? pred[r]! : Array.from(pred.subarray(r * G, (r + 1) * G)),
        contributions: perClass((g) => Array.from(phi.subarray((r * G + g) * W, (r * G + g) * W + F))) as number[] | number[][],
      };
      if (interactions) {
        const m = interactions;
        row.interactions = perClass((g) => Array.from({ length: W }, (_, i) => Array.from(m.subarray(((r * G + g) * W + i) * W, ((r * G + g) * W + i + 1) * W)))) as number[][] | number[][][];
      }
      rows.push(row);
    }
    return {
      model: options.modelName ?? 'model',
      dataset: options.datasetName ?? 'dataset',
      method: 'tree',
      algorithm,
      output: model.link === 'identity' ? 'value' : 'margin',
      features,
      baseValue: perClass((g) => bias[g]!),
      rows,
      global: features.map((feature, j) => ({ feature, meanAbs: meanAbs[j]! })).sort((a, b) => b.meanAbs - a.meanAbs),
      additivity: { maxAbsError },
    };
  },
};
