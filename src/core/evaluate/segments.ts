import { normalPpf } from '../stats/normalPpf';
import { normalSf } from '../stats/normalSf';
import { benjaminiHochberg, type SliceDef } from '../versions/slices';
import type { SegmentResult } from './types';

/**
 * The weakest segments of one model: for each slice (the same slices `diff` compares two models on, from
 * versions/sliceDefs), the per-row metric inside the slice against the rest of the rows — accuracy (1 when the
 * prediction is right) for classifiers, absolute error for regression — as a two-sample z-test of the means
 * (unpooled: se = √(s²_in/n_in + s²_out/n_out)). Many slices are tested at once, so a slice is weak only when
 * its Benjamini–Hochberg adjusted p-value is below 1 − level (false-discovery rate controlled across slices),
 * the difference is in the worse direction, and it is material: |delta| ≥ minEffect · |overall value|
 * (default 1% relative, as `diff`). Slices with fewer than minRows rows (or no rows outside) are skipped.
 * Sorted weak first, then by how much worse.
 */
export function weakestSegments(perRow: Float64Array, defs: readonly SliceDef[], metric: { id: string; higherIsBetter: boolean }, o: { level: number; minRows: number; minEffect?: number }): SegmentResult[] {
  const n = perRow.length;
  let total = 0;
  let totalSq = 0;
  for (let i = 0; i < n; i++) {
    total += perRow[i]!;
    totalSq += perRow[i]! * perRow[i]!;
  }
  const overall = n > 0 ? total / n : NaN;
  const z = normalPpf(1 - (1 - o.level) / 2);
  const out: SegmentResult[] = [];
  for (const d of defs) {
    const k = d.rows.length;
    const rest = n - k;
    if (k < o.minRows || rest < 2) continue;
    let s = 0;
    let ss = 0;
    for (const r of d.rows) {
      s += perRow[r]!;
      ss += perRow[r]! * perRow[r]!;
    }
    const mIn = s / k;
    const mOut = (total - s) / rest;
    const varIn = Math.max(0, (ss - k * mIn * mIn) / (k - 1));
    const varOut = Math.max(0, (totalSq - ss - rest * mOut * mOut) / (rest - 1));
    const se = Math.sqrt(varIn / k + varOut / rest);
    const delta = mIn - mOut;
    const p = se > 0 ? 2 * normalSf(Math.abs(delta) / se) : delta === 0 ? 1 : 0;
    out.push({ column: d.column, value: d.value, rows: k, metric: metric.id, inside: mIn, outside: mOut, delta, ci: [delta - z * se, delta + z * se], pValue: p, adjustedP: p, weak: false });
  }
  const adjusted = benjaminiHochberg(out.map((r) => r.pValue));
  const worse = (d: number) => (metric.higherIsBetter ? d < 0 : d > 0);
  out.forEach((r, i) => {
    r.adjustedP = adjusted[i]!;
    r.weak = worse(r.delta) && r.adjustedP < 1 - o.level && Math.abs(r.delta) >= (o.minEffect ?? 0.01) * Math.abs(overall);
  });
  return out.sort((a, b) => Number(b.weak) - Number(a.weak) || (metric.higherIsBetter ? a.delta - b.delta : b.delta - a.delta));
}
