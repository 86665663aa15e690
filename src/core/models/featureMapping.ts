import { InputError } from '../errors';
import { categoryIndex } from './featureSql';
import type { Model } from './types';

/** A dataset column as core code receives it: a name and its values (typed array or plain values). */
export interface FeatureColumn {
  name: string;
  values: ArrayLike<unknown>;
}

export interface FeatureMatrixResult {
  /** n × numFeatures row-major, NaN for missing (null/undefined/NaN). */
  X: Float64Array;
  n: number;
  /** For each model feature, the dataset column it was taken from. */
  columns: string[];
  mappedBy: 'name' | 'order';
}

/**
 * Builds the model's feature matrix from dataset columns. When the model stores feature names, each
 * feature takes the column of the same name (extra columns are ignored); otherwise the first
 * `numFeatures` columns are used in order. Numbers pass through, booleans become 0/1, null/undefined
 * become NaN (missing, routed by each split's default direction). Anything else (e.g. text) throws, except for
 * features the model reads as categories (model.inputs), which become category indices (featureSql.ts).
 *
 * @throws InputError FEATURE_MISSING — names the missing features and lists the dataset columns.
 * @throws InputError FEATURE_TYPE — a mapped column holds a non-numeric value.
 */
export function featureMapping(model: Pick<Model, 'numFeatures' | 'featureNames' | 'inputs'>, columns: readonly FeatureColumn[]): FeatureMatrixResult {
  const names = columns.map((c) => c.name);
  let chosen: FeatureColumn[];
  if (model.featureNames) {
    const byName = new Map(columns.map((c) => [c.name, c]));
    const missing = model.featureNames.filter((f) => !byName.has(f));
    if (missing.length > 0) {
      throw new InputError(
        'FEATURE_MISSING',
        `The dataset lacks model feature(s) ${missing.map((m) => `'${m}'`).join(', ')}; dataset columns are: ${names.join(', ')}. Rename the columns or use a dataset with these features.`,
        { missing, columns: names },
      );
    }
    chosen = model.featureNames.map((f) => byName.get(f)!);
  } else {
    if (columns.length < model.numFeatures) {
      // At most 10 names listed: the count can be large (a model may declare up to 2^20 unnamed features).
      const count = model.numFeatures - columns.length;
      const missing = Array.from({ length: Math.min(count, 10) }, (_, i) => `f${columns.length + i}`);
      const listed = count > missing.length ? `${missing.join(', ')} … f${model.numFeatures - 1} (${count.toLocaleString('en')} columns)` : missing.join(', ');
      throw new InputError(
        'FEATURE_MISSING',
        `The model has no feature names and expects ${model.numFeatures} columns in order, but the dataset has ${columns.length} (${names.join(', ')}); missing ${listed}.`,
        { missing, columns: names },
      );
    }
    chosen = columns.slice(0, model.numFeatures);
  }
  const n = chosen.length === 0 ? 0 : chosen[0]!.values.length;
  const f = chosen.length;
  const X = new Float64Array(n * f);
  chosen.forEach((col, j) => {
    if (col.values.length !== n) throw new InputError('BAD_ARGUMENT', `Column '${col.name}' has ${col.values.length} values, expected ${n}.`, { column: col.name });
    const enc = model.inputs?.[j]?.categories;
    for (let r = 0; r < n; r++) X[r * f + j] = enc ? categoryIndex(enc, col.values[r]) : toNumber(col.values[r], col.name, r);
  });
  return { X, n, columns: chosen.map((c) => c.name), mappedBy: model.featureNames ? 'name' : 'order' };
}

function toNumber(v: unknown, column: string, row: number): number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  throw new InputError(
    'FEATURE_TYPE',
    `Column '${column}' is used as a numeric model feature but row ${row} holds ${JSON.stringify(String(v))} (${typeof v}). Encode it numerically before explaining or predicting.`,
    { column, row, value: String(v) },
  );
}
