import type { AdditiveModel, FeatureMatrix } from '../types';
import { columnValue, type Column } from './columns';

/**
 * A linear estimator over transformed columns as a sum of one term per raw column:
 * margin[g] = intercept[g] + Σ_o coef[g, o] · column_o(x_raw(o)), grouped by raw(o). Every transform Model Lens
 * reads works on one column, so the model is additive in the dataset's columns and exact (interventional)
 * SHAP values are each term minus its mean over a background (see explain/linearShap.ts).
 * `coef` is groups × columns, row-major.
 */
export function additiveModel(columns: readonly Column[], coef: Float64Array, intercept: Float64Array, numRaw: number): AdditiveModel {
  const G = intercept.length;
  const m = columns.length;
  return {
    intercept,
    terms(X: FeatureMatrix, n: number): Float64Array {
      const out = new Float64Array(n * G * numRaw);
      for (let r = 0; r < n; r++) {
        const xo = r * numRaw;
        for (let o = 0; o < m; o++) {
          const c = columns[o]!;
          const v = columnValue(c, X[xo + c.raw]!);
          for (let g = 0; g < G; g++) out[(r * G + g) * numRaw + c.raw]! += coef[g * m + o]! * v;
        }
      }
      return out;
    },
  };
}

/**
 * Margins n × groups, summed in column order as scikit-learn's X @ coef.T + intercept; NaN when a missing value
 * reaches the estimator unimputed (scikit-learn refuses such rows).
 */
export function linearMargin(columns: readonly Column[], coef: Float64Array, intercept: Float64Array, X: FeatureMatrix, n: number, numRaw: number): Float64Array {
  const G = intercept.length;
  const m = columns.length;
  const out = new Float64Array(n * G);
  const v = new Float64Array(m);
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < m; o++) v[o] = columnValue(columns[o]!, X[r * numRaw + columns[o]!.raw]!);
    for (let g = 0; g < G; g++) {
      let s = 0;
      for (let o = 0; o < m; o++) s += v[o]! * coef[g * m + o]!;
      out[r * G + g] = s + intercept[g]!;
    }
  }
  return out;
}
