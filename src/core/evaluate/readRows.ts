import type { Engine, RunOptions } from '../data/engine';
import { readDoubles } from '../versions/readDoubles';
import type { InputPlan } from './inputs';
import { multiclassRowLoss } from './multiclass';

/** The evaluated rows as numbers, read in one scan (file order, or drift's chunk order with windows). */
export interface EvalRows {
  n: number;
  /** Binary 0/1, multiclass class code, or the regression target; NaN when the row has no label. */
  y: Float64Array;
  /** Binary score (or 0/1 prediction), regression prediction, or multiclass predicted class code; NaN when unusable. */
  v: Float64Array;
  /** Multiclass with probabilities: per-row log loss (NaN without a label). */
  loss: Float64Array | null;
  /** Multiclass with probabilities: the top class probability, for the low-confidence share. */
  top: Float64Array | null;
  /** Window index per row (−1: no window), when windows were asked for. */
  window: Int32Array | null;
  business: Float64Array[];
}

/**
 * Streams the plan's expressions (plus a window key and business columns) over `relation` into typed arrays:
 * DuckDB's double buffers, no per-row objects. Multiclass probabilities become the predicted class (argmax,
 * first on ties as numpy) and the row's log loss here, so only three numbers per row are kept.
 */
export async function readRows(engine: Engine, relation: string, rows: number, plan: InputPlan, extra: { keyExpr?: string; indexOf?: (key: number) => number; business: string[] }, run: RunOptions): Promise<EvalRows> {
  const exprs = [plan.labelExpr, ...plan.valueExprs, ...(extra.keyExpr ? [extra.keyExpr] : []), ...extra.business];
  const cols = await readDoubles(engine, relation, exprs, rows, run);
  const n = cols[0]?.length ?? 0;
  const y = cols[0]!;
  const k = plan.valueExprs.length;
  let v = cols[1]!;
  let loss: Float64Array | null = null;
  let top: Float64Array | null = null;
  if (plan.multiclassProbabilities) {
    v = new Float64Array(n);
    loss = new Float64Array(n);
    top = new Float64Array(n);
    const p = new Float64Array(k);
    const flat = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let best = 0;
      let ok = true;
      for (let c = 0; c < k; c++) {
        p[c] = cols[1 + c]![i]!;
        if (!Number.isFinite(p[c]!)) ok = false;
        if (p[c]! > p[best]!) best = c;
      }
      v[i] = ok ? best : NaN;
      top[i] = ok ? p[best]! : NaN;
      flat.set(p);
      loss[i] = ok && Number.isFinite(y[i]!) ? multiclassRowLoss(flat, 0, k, y[i]!) : NaN;
    }
  } else if (plan.task === 'multiclass') {
    // Codes of a prediction column: −1 cannot happen (classes are the union of both columns' values).
    for (let i = 0; i < n; i++) if (v[i]! < 0) v[i] = NaN;
  }
  let window: Int32Array | null = null;
  if (extra.keyExpr) {
    const keys = cols[1 + k]!;
    window = new Int32Array(n);
    for (let i = 0; i < n; i++) window[i] = Number.isFinite(keys[i]!) ? extra.indexOf!(keys[i]!) : -1;
  }
  return { n, y, v, loss, top, window, business: cols.slice(1 + k + (extra.keyExpr ? 1 : 0)) };
}

/** Rows with a usable score/prediction (and, with `labeled`, a label; with `inWindow`, a window). */
export function selectRows(r: EvalRows, labeled: boolean, inWindow: boolean): Int32Array {
  const out = new Int32Array(r.n);
  let m = 0;
  for (let i = 0; i < r.n; i++) {
    if (!Number.isFinite(r.v[i]!)) continue;
    if (labeled && !Number.isFinite(r.y[i]!)) continue;
    if (inWindow && r.window![i]! < 0) continue;
    out[m++] = i;
  }
  return out.slice(0, m);
}

/** selectRows for every window at once, in one pass: rows of window w (usable, and labeled when asked). */
export function rowsByWindow(r: EvalRows, windows: number, labeled: boolean): Int32Array[] {
  const count = new Int32Array(windows);
  const ok = (i: number) => Number.isFinite(r.v[i]!) && (!labeled || Number.isFinite(r.y[i]!)) && r.window![i]! >= 0;
  for (let i = 0; i < r.n; i++) if (ok(i)) count[r.window![i]!]! += 1;
  const out = Array.from(count, (c) => new Int32Array(c));
  const at = new Int32Array(windows);
  for (let i = 0; i < r.n; i++) {
    if (!ok(i)) continue;
    const w = r.window![i]!;
    out[w]![at[w]!++] = i;
  }
  return out;
}
