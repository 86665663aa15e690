import { kolmogorovTwoSidedSf } from '../stats/kolmogorovTwoSidedSf';
import { ksTwoSampleExact } from '../stats/ksTwoSampleExact';
import type { ApproximateDrift, ColumnDetails, ColumnDrift, Distribution } from '../drift/driftReport';
import { isDrifted } from '../drift/isDrifted';
import type { DriftTest } from '../drift/types';
import { compareCdfs, type Piece } from './cdfBounds';
import type { ProfilePartial } from './profilePartial';
import { columnPieces, poolPieces } from './sketchPieces';

/** Drift tests a column without value maps can run, with a stated error: both read only the two CDFs. */
export const SKETCH_TESTS: readonly string[] = ['wasserstein', 'ks'];

export interface SketchPlan {
  column: string;
  test: DriftTest;
  threshold: number;
  testSource: 'default' | 'override';
  thresholdSource: 'default' | 'override';
  reason: string;
}

interface Side {
  parts: readonly ProfilePartial[];
  names: readonly string[];
}

/**
 * One numeric column's drift from the two sides' partial profiles when some part carries a sketch, not its
 * values (partial/driftFromPartials.ts). Each side's CDF is known exactly at every sketch bucket edge and every
 * value of a value map, and in between only within an envelope (cdfBounds.ts), so:
 * - wasserstein (the default above 1,000 reference rows): W₁ / σ_ref with W₁'s guaranteed range and the exact σ_ref
 *   (population std from the parts' Σx and Σ(x − mean)²) — the range in the column's units and normed like the score;
 * - ks: D's guaranteed range, and the p-value's from it (the p-value falls as D grows, n₁ and n₂ are exact);
 * the estimate spreads each bucket's values evenly. The verdict is the test's rule applied to both ends of the score
 * range: 'undecided' when they disagree (`drifted` false, and the column is counted as undecided).
 */
export function sketchColumnDrift(p: SketchPlan, kind: ColumnDrift['kind'], ref: Side, cur: Side): ColumnDrift {
  const gather = (s: Side) => {
    const cols = s.parts.map((part) => part.columns.find((c) => c.name === p.column)!);
    const pieces = poolPieces(cols.flatMap((c, k) => columnPieces(c, s.names[k]!)));
    const finite = cols.reduce((a, c) => a + (c.num?.finite ?? 0), 0);
    const sum = cols.reduce((a, c) => a + (c.num?.sum ?? 0), 0);
    const mean = finite ? sum / finite : 0;
    // Chan et al.: M2 = Σ M2ₖ + Σ nₖ (meanₖ − mean)².
    const m2 = cols.reduce((a, c) => a + (c.num && c.num.finite ? c.num.m2 + c.num.finite * (c.num.sum / c.num.finite - mean) ** 2 : 0), 0);
    const rows = s.parts.reduce((a, x) => a + x.rows, 0);
    const nonNull = cols.reduce((a, c) => a + c.nonNull, 0);
    const dropped = cols.reduce((a, c) => a + (c.num?.nonFinite ?? []).reduce((x, [, n]) => x + n, 0), 0);
    const min = Math.min(...pieces.map((x) => x.lo));
    const max = Math.max(...pieces.map((x) => x.hi));
    return { pieces, finite, mean, std: finite ? Math.sqrt(m2 / finite) : 0, rows, nonNull, dropped, min, max };
  };
  const r = gather(ref);
  const c = gather(cur);
  const rRate = r.rows ? (r.rows - r.nonNull) / r.rows : 0;
  const cRate = c.rows ? (c.rows - c.nonNull) / c.rows : 0;
  const details: ColumnDetails = {
    testSource: p.testSource, thresholdSource: p.thresholdSource, scoreKind: p.test.scoreKind,
    referenceValues: r.nonNull, currentValues: c.nonNull, referenceMissingRate: rRate, currentMissingRate: cRate, missingRateChange: cRate - rRate,
  };
  const base = { column: p.column, kind, test: p.test.id, threshold: p.threshold };
  const empty = r.finite === 0 ? 'reference' : c.finite === 0 ? 'current' : undefined;
  if (empty) {
    const dropped = empty === 'reference' ? r.dropped : c.dropped;
    details.error = { code: 'EMPTY_SAMPLE', message: `Drift test '${p.test.id}': the ${empty} sample has 0 finite value(s) after dropping ${dropped} NaN/Infinity; it needs at least 1. Check that the column has data in the ${empty} dataset.` };
    return { ...base, statistic: null, pValue: null, score: null, drifted: false, details };
  }
  details.distribution = pieceDistribution(r.pieces, c.pieces, Math.min(r.min, c.min), Math.max(r.max, c.max));
  const cmp = compareCdfs(r.pieces, c.pieces, { reference: r.mean, current: c.mean });
  const decide = (lower: number, upper: number): ApproximateDrift['decision'] => {
    const a = isDrifted(p.test, lower, p.threshold);
    const b = isDrifted(p.test, upper, p.threshold);
    return a && b ? 'drifted' : !a && !b ? 'not drifted' : 'undecided';
  };
  let out: ColumnDrift;
  if (p.test.id === 'wasserstein') {
    const norm = Math.max(r.std, 0.001);
    const w = cmp.w;
    details.test = { wasserstein: w.estimate, referenceStd: r.std, referenceDropped: r.dropped, currentDropped: c.dropped };
    const score = w.estimate / norm;
    const lower = w.lower / norm;
    const upper = w.upper / norm;
    const decision = decide(lower, upper);
    out = {
      ...base, statistic: score, pValue: null, score, drifted: decision === 'drifted', details,
      approximate: { source: 'sketch', reason: p.reason, statistic: { lower, upper, maxError: Math.max(score - lower, upper - score) }, score: { lower, upper }, units: { lower: w.lower, upper: w.upper }, decision },
    };
  } else {
    const d = cmp.d;
    const pOf = (x: number) => ksPValue(r.finite, c.finite, x);
    const pValue = pOf(d.estimate);
    // The p-value falls as D grows: the range of D gives the range of p, ends swapped.
    const score = { lower: pOf(d.upper), upper: pOf(d.lower) };
    const decision = decide(score.lower, score.upper);
    details.test = { method: Math.max(r.finite, c.finite) <= 10000 ? 'exact' : 'asymptotic', referenceDropped: r.dropped, currentDropped: c.dropped };
    out = {
      ...base, statistic: d.estimate, pValue, score: pValue, drifted: decision === 'drifted', details,
      approximate: { source: 'sketch', reason: p.reason, statistic: { lower: d.lower, upper: d.upper, maxError: Math.max(d.estimate - d.lower, d.upper - d.estimate) }, score, decision },
    };
  }
  return out;
}

/** The KS test's p-value for a statistic d (tests/ks.ts: exact lattice path up to 10,000 values a side, else kstwo). */
export function ksPValue(n1: number, n2: number, d: number): number {
  if (Math.max(n1, n2) <= 10000) {
    const res = ksTwoSampleExact(n1, n2, d);
    if (res.success) return Math.min(1, Math.max(0, res.pValue));
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = m * n / (m + n);
  const r = Math.round(en);
  const rounded = Math.abs(en % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return Math.min(1, Math.max(0, kolmogorovTwoSidedSf(rounded, d)));
}

/** The chart's 20 equal-width bins over the pooled range, each piece's values spread evenly (estimated shares). */
function pieceDistribution(r: readonly Piece[], c: readonly Piece[], lo: number, hi: number, bins = 20): Distribution {
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
    bins = 1;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
  const binOf = (x: number) => Math.max(0, Math.min(bins - 1, Math.floor((x - lo) / width)));
  const shares = (pieces: readonly Piece[]): number[] => {
    const acc = new Array<number>(bins).fill(0);
    let n = 0;
    for (const p of pieces) {
      n += p.count;
      if (p.hi === p.lo) {
        acc[binOf(p.lo)]! += p.count;
        continue;
      }
      for (let k = binOf(p.lo); k <= binOf(p.hi); k++) {
        const o = Math.min(p.hi, k === bins - 1 ? hi : edges[k + 1]!) - Math.max(p.lo, edges[k]!);
        if (o > 0) acc[k]! += (p.count * o) / (p.hi - p.lo);
      }
    }
    return acc.map((x) => (n ? x / n : 0));
  };
  return { type: 'bins', edges, reference: shares(r), current: shares(c) };
}
