import { normalSf } from '../stats/normalSf';
import type { RandomSource } from '../random';
import { sortOrder, type MetricSpec, type Scored } from './metrics';
import { pairedBootstrap, percentile } from './pairedBootstrap';

/** A subgroup of rows: a level of a categorical column or a quantile bin of a numeric one. */
export interface SliceDef {
  column: string;
  /** e.g. 'north', or '[41700, 55200)' for a bin. */
  value: string;
  rows: Int32Array;
}

export interface SliceResult {
  column: string;
  value: string;
  rows: number;
  metric: string;
  a: number;
  b: number;
  delta: number;
  ci: [number, number] | null;
  /** Two-sided p-value of delta ≠ 0 from the bootstrap standard error (normal approximation). */
  pValue: number | null;
  /** Benjamini–Hochberg adjusted p-value across all slices. */
  adjustedP: number | null;
  /** B significantly worse in this slice: adjusted p < 1 − level and delta in the worse direction. */
  worse: boolean;
}

/** Quantile bin edges (numpy.quantile, linear) at 0, ¼, ½, ¾, 1 of the finite values, duplicates merged. */
export function quantileEdges(values: Float64Array, bins = 4): number[] {
  const v = values.filter((x) => Number.isFinite(x)).sort();
  if (v.length === 0) return [];
  return [...new Set(Array.from({ length: bins + 1 }, (_, i) => percentile(v, i / bins)))];
}

function subset(s: Scored, rows: Int32Array): Scored {
  const y = new Float64Array(rows.length);
  const p = new Float64Array(rows.length * s.width);
  rows.forEach((r, i) => {
    y[i] = s.y[r]!;
    for (let k = 0; k < s.width; k++) p[i * s.width + k] = s.p[r * s.width + k]!;
  });
  return { task: s.task, y, p, width: s.width, ...(s.task === 'binary' ? { order: sortOrder(p) } : {}) };
}

/**
 * The slice metric for A and B in every slice with at least `minRows` rows, a paired bootstrap interval of
 * the delta, and Benjamini–Hochberg control of the false discovery rate across slices (many slices are
 * tested at once, so a plain 95% interval would flag some by chance).
 */
export function sliceResults(a: Scored, b: Scored, slices: readonly SliceDef[], metric: MetricSpec, o: { draws: number; level: number; random: RandomSource; minRows: number }): SliceResult[] {
  const out: SliceResult[] = [];
  for (const s of slices) {
    if (s.rows.length < o.minRows) continue;
    const sa = subset(a, s.rows);
    const sb = subset(b, s.rows);
    const va = metric.fn(sa, null);
    const vb = metric.fn(sb, null);
    if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
    const r = pairedBootstrap(sa, sb, [metric], o)[0]!;
    const se = r.se;
    const p = se > 0 ? 2 * normalSf(Math.abs(r.delta) / se) : r.delta === 0 ? 1 : null;
    out.push({ column: s.column, value: s.value, rows: s.rows.length, metric: metric.id, a: va, b: vb, delta: r.delta, ci: r.ci, pValue: p, adjustedP: null, worse: false });
  }
  // Benjamini–Hochberg step-up adjustment.
  const idx = out.map((_, i) => i).filter((i) => out[i]!.pValue !== null).sort((x, y) => out[x]!.pValue! - out[y]!.pValue!);
  const m = idx.length;
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const r = out[idx[k]!]!;
    running = Math.min(running, (r.pValue! * m) / (k + 1));
    r.adjustedP = running;
    const worseDir = metric.higherIsBetter ? r.delta < 0 : r.delta > 0;
    r.worse = worseDir && running < 1 - o.level;
  }
  return out.sort((x, y) => Number(y.worse) - Number(x.worse) || (metric.higherIsBetter ? x.delta - y.delta : y.delta - x.delta));
}
