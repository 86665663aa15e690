/**
 * The columns a scikit-learn estimator sees, each as a function of one dataset column (a "raw" feature): the
 * transforms Model Lens reads (scalers, SimpleImputer, OneHotEncoder, ColumnTransformer, Pipeline) all work
 * column by column, so every transformed column is described here by the raw column it comes from and what
 * is done to it. Trees are then rewritten in raw space (ensemble.ts) and linear models become sums of
 * per-column terms (linear.ts), which is what makes exact TreeSHAP and linear SHAP per dataset column possible.
 */

/** One float64 step of a numeric column, in scikit-learn's order of operations. */
export type Op =
  | { kind: 'impute'; value: number }
  | { kind: 'sub' | 'div' | 'mul' | 'add'; value: number }
  | { kind: 'clip'; lo: number; hi: number };

export type Column =
  /** A number: the raw value through `ops` (NaN stays NaN unless imputed). */
  | { kind: 'numeric'; raw: number; ops: Op[] }
  /** A raw value not yet encoded (text or number), with the value an imputer puts in place of a missing one. */
  | { kind: 'category'; raw: number; fill: string | number | null }
  /** A one-hot column: 1 when the raw column's category index is `code`, else 0. */
  | { kind: 'indicator'; raw: number; code: number };

/** Applies a numeric column's ops to x, as NumPy does (double arithmetic, one step at a time). */
export function applyOps(ops: readonly Op[], x: number): number {
  let v = x;
  for (const op of ops) {
    switch (op.kind) {
      case 'impute': if (v !== v) v = op.value; break;
      case 'sub': v -= op.value; break;
      case 'div': v /= op.value; break;
      case 'mul': v *= op.value; break;
      case 'add': v += op.value; break;
      case 'clip': v = v !== v ? v : Math.min(Math.max(v, op.lo), op.hi); break;
    }
  }
  return v;
}

/** Whether x ↦ applyOps(ops, x) never decreases (every scale positive), so a threshold on it is a threshold on x. */
export function opsIncreasing(ops: readonly Op[]): boolean {
  return ops.every((op) => (op.kind === 'div' || op.kind === 'mul' ? op.value > 0 : true));
}

/** A column's value for one raw value x (a number, or for indicators a category index). */
export function columnValue(c: Column, x: number): number {
  if (c.kind === 'numeric') return applyOps(c.ops, x);
  if (c.kind === 'indicator') return x === c.code ? 1 : 0;
  return x;
}

/** A short description of a column for messages, e.g. "'age' scaled" or "'city' = 'Paris'". */
export function describeColumn(c: Column, names: readonly string[], categories?: readonly (string | number)[]): string {
  const name = `'${names[c.raw] ?? `x${c.raw}`}'`;
  if (c.kind === 'indicator') return `${name} = ${JSON.stringify(categories?.[c.code] ?? c.code)}`;
  if (c.kind === 'numeric' && c.ops.length > 0) return `${name} (${c.ops.map((o) => o.kind).join(', ')})`;
  return name;
}
