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
  // Label and values land in SharedArrayBuffers: worker threads then read them without a copy.
  const cols = await readDoubles(engine, relation, exprs, rows, run, (n) => new Float64Array(new SharedArrayBuffer(n * 8)));
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

/**
 * Rows with a usable score/prediction, and those of them with a label (with `inWindow`: only rows in a window):
 * one counting pass, then one fill pass, skipped when every row qualifies (both are then the same array of
 * all rows; neither is ever written to).
 */
export function usableAndLabeled(r: EvalRows, inWindow: boolean): { usable: Int32Array; labeled: Int32Array } {
  const { v, y, n } = r;
  const w = inWindow ? r.window! : null;
  let nu = 0;
  let nl = 0;
  if (w === null) {
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      // x − x is 0 for a finite x and NaN for NaN and ±Infinity.
      if (x - x !== 0) continue;
      nu++;
      const l = y[i]!;
      if (l - l === 0) nl++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v[i]!) || w[i]! < 0) continue;
      nu++;
      if (Number.isFinite(y[i]!)) nl++;
    }
  }
  if (nu === n && nl === n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return { usable: all, labeled: all };
  }
  const usable = new Int32Array(nu);
  const labeled = new Int32Array(nl);
  nu = 0;
  nl = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(v[i]!) || (w !== null && w[i]! < 0)) continue;
    usable[nu++] = i;
    if (Number.isFinite(y[i]!)) labeled[nl++] = i;
  }
  return { usable, labeled };
}

/** Rows with a usable score/prediction (and, with `labeled`, a label; with `inWindow`, a window). */
export function selectRows(r: EvalRows, labeled: boolean, inWindow: boolean): Int32Array {
  const { v, y, n } = r;
  const w = inWindow ? r.window! : null;
  const ok = (i: number) => Number.isFinite(v[i]!) && (!labeled || Number.isFinite(y[i]!)) && (w === null || w[i]! >= 0);
  let m = 0;
  for (let i = 0; i < n; i++) if (ok(i)) m++;
  const out = new Int32Array(m);
  m = 0;
  for (let i = 0; i < n; i++) if (ok(i)) out[m++] = i;
  return out;
}

/** Every window's rows at once, in one counting pass and one fill pass: the usable ones and, of those, the labelled ones. */
export function rowsByWindow(r: EvalRows, windows: number): { usable: Int32Array[]; labeled: Int32Array[] } {
  const { v, y, n } = r;
  const win = r.window!;
  const nu = new Int32Array(windows);
  const nl = new Int32Array(windows);
  for (let i = 0; i < n; i++) {
    const w = win[i]!;
    if (w < 0 || !Number.isFinite(v[i]!)) continue;
    nu[w]! += 1;
    if (Number.isFinite(y[i]!)) nl[w]! += 1;
  }
  const usable = Array.from(nu, (c) => new Int32Array(c));
  // The labelled rows of all windows in one SharedArrayBuffer: worker threads read their windows without a copy.
  let totalLabeled = 0;
  for (let w = 0; w < windows; w++) totalLabeled += nl[w]!;
  const labeledRows = new Int32Array(new SharedArrayBuffer(totalLabeled * 4));
  let at = 0;
  const labeled = Array.from(nl, (c) => {
    const view = labeledRows.subarray(at, at + c);
    at += c;
    return view;
  });
  nu.fill(0);
  nl.fill(0);
  for (let i = 0; i < n; i++) {
    const w = win[i]!;
    if (w < 0 || !Number.isFinite(v[i]!)) continue;
    usable[w]![nu[w]!++] = i;
    if (Number.isFinite(y[i]!)) labeled[w]![nl[w]!++] = i;
  }
  return { usable, labeled };
}

/** The values (scores or predictions) of `rows`, sorted ascending. */
export function sortedValues(r: EvalRows, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = r.v[rows[j]!]!;
  return out.sort();
}
