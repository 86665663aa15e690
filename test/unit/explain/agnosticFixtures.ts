import { readFileSync } from 'fs';
import { join } from 'path';
import type { FeatureMatrix, Model } from '../../../src/core/models/types';
import { FIXTURE_DIR } from '../models/xgbFixtures';

/** agnostic.expected.json, written by test/fixtures/models/generate_agnostic.py (xgboost 1.7.4, sklearn 1.2.1). */
export interface AgnosticExpected {
  shapley: { model: string; rows: number[]; background: number[]; values: number[][][] }[];
  lime: {
    train: number[][]; x: number[]; quartiles: number[][]; means: number[][]; stds: number[][]; mins: number[][]; maxs: number[][];
    values: number[][]; freqs: number[][]; binary: number[][]; inverse: number[][]; yss: number[]; kernelWidth: number;
    fits: Record<'auto10' | 'auto3' | 'highest4', { used: number[]; intercept: number; coef: number[]; score: number; localPred: number }>;
  };
  pfi: Record<'regression' | 'binary', { X: number[][]; y: number[]; scoring: string; shuffles: number[][]; baseline: number; importances: number[][]; mean: number[]; std: number[] }>;
  pdp: Record<'regression' | 'binary', { feature: number; grid: number[]; average: number[][]; individual: number[][][] }[]>;
}

export const AGNOSTIC = JSON.parse(readFileSync(join(FIXTURE_DIR, 'agnostic.expected.json'), 'utf8')) as AgnosticExpected;

export const matrix = (rows: number[][]): Float64Array => Float64Array.from(rows.flat());

/** A linear model f(x) = b + Σ β_j x_j (identity link): its interventional Shapley values are β_j (x_j − mean_bg x_j). */
export function linearModel(beta: readonly number[], b: number): Model {
  const F = beta.length;
  const predictMargin = (X: FeatureMatrix, n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let s = b;
      for (let j = 0; j < F; j++) s += beta[j]! * X[r * F + j]!;
      out[r] = s;
    }
    return out;
  };
  return {
    kind: 'onnx', objective: 'linear', numFeatures: F, featureNames: null, featureTypes: null, numClasses: 1, numGroups: 1, outputWidth: 1,
    baseScore: b, baseMargin: b, link: 'identity', outputKind: 'value', predictMargin, transform: (m) => Float64Array.from(m),
  };
}
