import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureMapping } from '../../../../src/core/models/featureMapping';
import type { Model } from '../../../../src/core/models/types';
import { loadModel } from '../../../../src/core/models/xgboost/loadModel';

/** Fixtures written by test/fixtures/sklearn/generate.py with Debian's scikit-learn 1.2.1. */
export const SK_DIR = join(__dirname, '../../../fixtures/sklearn');

type Cell = number | string | null;
type Nested = number | null | Nested[];

export interface SkCase {
  file: string;
  estimator: string;
  columns: string[];
  X: Cell[][];
  output: Nested;
  margin: Nested;
  link: string;
  classes: string[] | null;
  params: Record<string, string>;
  importance?: number[];
  background?: Cell[][];
  /** [rows][groups][columns + 1], over `columns`, base value last. */
  shap_path?: number[][][];
  shap_interv?: number[][][];
}

export const EXPECTED = JSON.parse(readFileSync(join(SK_DIR, 'expected.json'), 'utf8')) as Record<string, SkCase> & {
  containers: { files: string[]; columns: string[]; X: Cell[][]; output: number[] };
  layout13: { file: string; columns: string[]; X: Cell[][]; output: number[] };
};

/** Every estimator / pipeline case (those with a model file and SHAP or prediction references). */
export const CASES = Object.keys(EXPECTED).filter((k) => !k.startsWith('_') && typeof (EXPECTED[k] as Partial<SkCase>).file === 'string' && 'margin' in EXPECTED[k]!);

export function loadCase(name: string): { model: Model; c: SkCase } {
  const c = EXPECTED[name] as SkCase;
  return { model: loadModel(readFileSync(join(SK_DIR, c.file)), c.file), c };
}

/** Rows as the model's feature matrix, through featureMapping (by name, category indices for encoded columns). */
export function matrix(model: Model, columns: string[], rows: Cell[][]): Float64Array {
  const names = model.featureNames ? columns : columns.slice(0, model.numFeatures);
  return featureMapping(model, names.map((name) => ({ name, values: rows.map((r) => r[columns.indexOf(name)] ?? null) }))).X;
}

export function flat(a: Nested): number[] {
  return Array.isArray(a) ? a.flatMap(flat) : [a ?? NaN];
}

/** The largest |a − b| / max(1, |b|): relative for large values, absolute below 1. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!));
    if (!(d <= m)) m = d;
  }
  return m;
}

/**
 * Reference SHAP values over the model's features in model order, from the fixture's [rows][groups][columns+1]
 * (columns the model does not use must have 0 there, which is checked).
 */
export function referenceShap(model: Model, c: SkCase, ref: number[][][]): Float64Array {
  const F = model.numFeatures;
  const names = model.featureNames ?? c.columns.slice(0, F);
  const out: number[] = [];
  for (const row of ref) {
    for (const g of row) {
      c.columns.forEach((col, k) => {
        if (!names.includes(col) && Math.abs(g[k]!) > 1e-12) throw new Error(`${col} is unused by the model but has SHAP ${g[k]}`);
      });
      for (const name of names) out.push(g[c.columns.indexOf(name)]!);
      out.push(g[g.length - 1]!);
    }
  }
  return Float64Array.from(out);
}
