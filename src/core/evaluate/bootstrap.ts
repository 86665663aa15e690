import { binomial, type RandomSource } from '../random';
import { percentileSorted } from '../stats/percentile';

/**
 * One multinomial resample of n = Σ counts rows over cells holding `counts[k]` rows each (the ordinary
 * bootstrap, drawn cell by cell as sequential conditional binomials: O(cells), not O(rows)). Cells whose
 * rows are interchangeable for the statistic make this exactly the row bootstrap.
 */
export function drawCounts(counts: Float64Array, suffix: Float64Array, rng: RandomSource, out: Float64Array): void {
  let left = suffix[0] ?? 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]!;
    if (left <= 0 || c === 0) {
      out[k] = 0;
      continue;
    }
    const rest = suffix[k]!;
    const x = c >= rest ? left : binomial(left, c / rest, rng);
    out[k] = x;
    left -= x;
  }
}

/** suffix[k] = Σ_{j ≥ k} counts[j]. */
export function suffixSums(counts: Float64Array): Float64Array {
  const s = new Float64Array(counts.length);
  let acc = 0;
  for (let k = counts.length - 1; k >= 0; k--) {
    acc += counts[k]!;
    s[k] = acc;
  }
  return s;
}

export interface Interval {
  /** Percentile interval [α/2, 1 − α/2] of the finite draws, shifted by `shift`; null when fewer than 2 draws are finite. */
  ci: [number, number] | null;
  /** Standard deviation of the finite draws (the bootstrap standard error); NaN when undefined. */
  se: number;
  /** Draws where the statistic was undefined (e.g. a resample without positives). */
  undefinedDraws: number;
}

/**
 * The percentile interval of bootstrap draws. `shift` moves it when the draws come from binned cells: the
 * draws then centre on the binned statistic, so the interval is moved by (exact − binned) to centre on the
 * exact value (0 when the cells are exact). `clamp` keeps a proportion inside [0, 1].
 */
export function percentileInterval(draws: Float64Array, level: number, shift = 0, clamp?: [number, number]): Interval {
  const finite = new Float64Array(draws.length);
  let m = 0;
  let sum = 0;
  for (let i = 0; i < draws.length; i++) {
    const v = draws[i]!;
    if (Number.isFinite(v)) {
      finite[m++] = v;
      sum += v;
    }
  }
  if (m < 2) return { ci: null, se: NaN, undefinedDraws: draws.length - m };
  const v = finite.subarray(0, m).sort();
  const mean = sum / m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += (v[i]! - mean) ** 2;
  const a = (1 - level) / 2;
  const fix = (x: number) => (clamp ? Math.min(clamp[1], Math.max(clamp[0], x + shift)) : x + shift);
  return { ci: [fix(percentileSorted(v, a)), fix(percentileSorted(v, 1 - a))], se: Math.sqrt(ss / (m - 1)), undefinedDraws: draws.length - m };
}
