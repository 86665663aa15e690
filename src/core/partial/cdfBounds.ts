/**
 * What two samples' CDFs allow when a side is known only partly: each side is a list of pieces, `count` finite
 * values known to lie in [lo, hi] (an exact value when lo = hi: a value map; an interval: a sketch bucket). At
 * every piece end the side's CDF is exact; inside a piece it is only known to rise from the mass below to the mass
 * at or below its end. So for every x:
 *   F_lo(x) = mass of pieces with hi ≤ x  ≤  F(x)  ≤  F_hi(x) = mass of pieces with lo ≤ x,
 * and the estimate F̂ spreads each piece's values evenly over [lo, hi] (linear inside a piece).
 *
 * Guaranteed ranges (every pair of samples consistent with the pieces has its statistic inside):
 * - KS D = sup |F_r − F_c| ∈ [sup max(F_r,lo − F_c,hi, F_c,lo − F_r,hi, 0), sup max(F_r,hi − F_c,lo, F_c,hi − F_r,lo)];
 * - W₁ = ∫ |F_r − F_c| dx ∈ [∫ max(F_r,lo − F_c,hi, F_c,lo − F_r,hi, 0), ∫ max(F_r,hi − F_c,lo, F_c,hi − F_r,lo)],
 *   and W₁ ≥ |mean_r − mean_c| (exact means, when given).
 * Both bounds are attained by some samples (every value of a piece at its lo or at its hi), so they are the
 * tightest the pieces allow. The estimates D̂, Ŵ use F̂ and are clamped into the ranges. With exact sides only
 * (atoms) the three numbers coincide and equal scipy's ks_2samp statistic and wasserstein_distance.
 * O(P log P) in the number of distinct piece ends P.
 */
const ROUNDING = 1e-9;

export interface Piece {
  lo: number;
  hi: number;
  count: number;
}

export interface CdfComparison {
  d: { estimate: number; lower: number; upper: number };
  w: { estimate: number; lower: number; upper: number };
}

export function compareCdfs(reference: readonly Piece[], current: readonly Piece[], means?: { reference: number; current: number }): CdfComparison {
  const points = [...new Set([...reference, ...current].flatMap((p) => [p.lo, p.hi]))].sort((a, b) => a - b);
  const at = new Map(points.map((x, k) => [x, k]));
  const r = sideArrays(reference, points, at);
  const c = sideArrays(current, points, at);
  let dHat = 0;
  let dLo = 0;
  let dHi = 0;
  let wHat = 0;
  let wLo = 0;
  let wHi = 0;
  const last = points.length - 1;
  for (let k = 0; k <= last; k++) {
    const lo = Math.max(0, r.lo[k]! - c.hi[k]!, c.lo[k]! - r.hi[k]!);
    const hi = Math.max(r.hi[k]! - c.lo[k]!, c.hi[k]! - r.lo[k]!);
    const d0 = r.a[k]! - c.a[k]!;
    const d1 = r.b[k]! - c.b[k]!;
    dLo = Math.max(dLo, lo);
    dHi = Math.max(dHi, hi);
    dHat = Math.max(dHat, Math.abs(d0), k < last ? Math.abs(d1) : 0);
    if (k === last) break;
    const width = points[k + 1]! - points[k]!;
    wLo += width * lo;
    wHi += width * hi;
    // ∫ |d| over the segment with d linear from d0 to d1 (split where it changes sign).
    wHat += Math.sign(d0) * Math.sign(d1) >= 0 ? (width * (Math.abs(d0) + Math.abs(d1))) / 2 : (width * (d0 * d0 + d1 * d1)) / (2 * (Math.abs(d0) + Math.abs(d1)));
  }
  if (means) wLo = Math.max(wLo, Math.min(wHi, Math.abs(means.reference - means.current)));
  // Rounding: the sums above (and the exact figure they bound) carry relative errors of ~1e-13; the stated range
  // is widened by ROUNDING so that it holds strictly. Exact sides (lower = upper) are left as they are.
  const clamp = (x: number, a: number, b: number) => Math.min(b, Math.max(a, x));
  const d = clamp(dHat, dLo, dHi);
  const w = clamp(wHat, wLo, wHi);
  const widen = (lo: number, hi: number) => (lo === hi ? [lo, hi] : [lo * (1 - ROUNDING), hi * (1 + ROUNDING)]);
  [dLo, dHi] = widen(dLo, dHi) as [number, number];
  [wLo, wHi] = widen(wLo, wHi) as [number, number];
  return { d: { estimate: d, lower: dLo, upper: Math.min(1, dHi) }, w: { estimate: w, lower: wLo, upper: wHi } };
}

/**
 * One side's CDF bounds and estimate at each point (as shares of its values), on [points[k], points[k+1]):
 * lo/hi the envelope, a the estimate at points[k], b its left limit at points[k+1].
 */
function sideArrays(pieces: readonly Piece[], points: readonly number[], at: ReadonlyMap<number, number>) {
  const m = points.length;
  const n = pieces.reduce((s, p) => s + p.count, 0);
  const done = new Float64Array(m + 1);
  const started = new Float64Array(m + 1);
  const slope = new Float64Array(m + 1);
  const offset = new Float64Array(m + 1);
  for (const p of pieces) {
    const i = at.get(p.lo)!;
    const j = at.get(p.hi)!;
    done[j]! += p.count;
    started[i]! += p.count;
    if (j > i) {
      // Inside the piece: count · (x − lo) / (hi − lo), as slope · x − offset over points i … j − 1.
      const s = p.count / (p.hi - p.lo);
      slope[i]! += s;
      slope[j]! -= s;
      offset[i]! += s * p.lo;
      offset[j]! -= s * p.lo;
    }
  }
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  const a = new Float64Array(m);
  const b = new Float64Array(m);
  let cl = 0;
  let ch = 0;
  let cs = 0;
  let co = 0;
  for (let k = 0; k < m; k++) {
    cl += done[k]!;
    ch += started[k]!;
    cs += slope[k]!;
    co += offset[k]!;
    const x0 = points[k]!;
    const x1 = k + 1 < m ? points[k + 1]! : x0;
    const f = (x: number) => Math.min(ch, Math.max(cl, cl + cs * x - co));
    lo[k] = cl / n;
    hi[k] = ch / n;
    a[k] = f(x0) / n;
    b[k] = f(x1) / n;
  }
  return { lo, hi, a, b };
}
