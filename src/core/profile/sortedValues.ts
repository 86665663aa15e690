import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { isValid, streamDoubleExprs } from '../data/streamDoubles';
import { sortDoubles } from '../stats/sortDoubles';

/**
 * Exact quantiles and numpy histograms of numeric columns from their sorted finite values, read once (issue 18,
 * the wide profile's column batches at the exact size). On a batch table of 10k–100k rows DuckDB's exact
 * quantile_cont cost about as much as the rest of the first pass together (1,000 × 100k Parquet: ~75% of it),
 * and each histogram was a GROUP BY per column (sometimes counted twice for numpy's edge rule). Here each
 * column's finite values come out as DuckDB's double buffers (streamDoubles), are sorted in JS (sortDoubles.ts),
 * and give:
 * - the quantiles by the rule quantile_cont uses (linear: h = (n − 1)·q, d = h − ⌊h⌋, lo·(1 − d) + hi·d between
 *   the order statistics ⌊h⌋ and ⌈h⌉; the order statistic itself when h is whole), in the same double arithmetic
 *   (measured equal bit for bit; lo + d·(hi − lo) differed in the last bit in 7 of 70 quantiles);
 *   except where a quantile is zero among zeros of both signs, whose sign quantile_cont takes from the table's
 *   order (zeroSignsUnsure: those columns' quantiles come from quantile_cont);
 * - the histogram counts by numpy's rule (valueCounts.histogramFromCounts: the first estimate, then moved down
 *   or up by the edges), the rule histogramExactPlan applies in SQL;
 * - on wide batches, the distinct count of columns whose values stay distinct as doubles (distinctOfSorted),
 *   instead of a count(DISTINCT) per column.
 * Only DOUBLE and integer/decimal columns (cast to DOUBLE as the SQL passes do): a FLOAT column's quantile_cont
 * interpolates in single precision, so it keeps the SQL path (usesSortedValues).
 */

/** The column types whose quantiles and histogram come from sorted values (the SQL casts them to DOUBLE too). */
export function usesSortedValues(type: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DOUBLE|DECIMAL.*)$/i.test(type);
}

export interface SortedSummary {
  /** One per level; null when the column has no finite value (quantile_cont's NULL). */
  quantiles: (number | null)[];
  /** numpy.histogram's counts over the column's edges, when edges were given. */
  counts?: number[];
}

/** Values per read statement (8 bytes each in JS): the columns of one read are bounded by it. */
export const SORTED_VALUES_PER_READ = 8_000_000;

/**
 * A column's finite values in ascending order, how many of NaN, +Infinity and −Infinity it holds (0–3), and what
 * firstPassOf needs beside them, taken while the values were read in table order: the mean and std of the finite
 * values and the first zero (0 or −0; undefined when none).
 */
export interface SortedValues {
  sorted: Float64Array;
  nonFiniteKinds: number;
  /** The sum of the finite values in table order over their count, as DuckDB's avg(DOUBLE); null without values. */
  mean?: number | null;
  /** Welford's running update in table order, as DuckDB's stddev_samp; null below two values. */
  std?: number | null;
  firstZero?: number | undefined;
}

/**
 * The sorted finite values of `names` (columns of `relation`, an engine table of `rows` rows, read as DOUBLE),
 * column groups of SORTED_VALUES_PER_READ values read one after another. Cancellable between chunks.
 */
export async function readSorted(engine: Engine, relation: string, rows: number, names: readonly string[], options: RunOptions = {}): Promise<SortedValues[]> {
  const out: SortedValues[] = [];
  const per = Math.max(1, Math.floor(SORTED_VALUES_PER_READ / Math.max(1, rows)));
  for (let start = 0; start < names.length; start += per) {
    const group = names.slice(start, start + per);
    const values = group.map(() => new Float64Array(Math.max(1, rows)));
    const filled = group.map(() => 0);
    const kinds = group.map(() => 0); // bits: 1 NaN, 2 +Infinity, 4 −Infinity
    const zeros = group.map((): number | undefined => undefined);
    const sums = new Float64Array(group.length);
    const means = new Float64Array(group.length);
    const squares = new Float64Array(group.length);
    await streamDoubleExprs(engine, relation, group.map(quoteIdent), (chunk, n) => {
      chunk.forEach((c, j) => {
        let k = filled[j]!;
        const target = values[j]!;
        let sum = sums[j]!;
        let mean = means[j]!;
        let squared = squares[j]!;
        for (let i = 0; i < n; i++) {
          if (!isValid(c.valid, i)) continue;
          const v = c.values[i]!;
          if (Number.isFinite(v)) {
            if (k === target.length) throw new Error(`readSorted: ${relation} has more than the ${rows} rows it was opened with`);
            target[k++] = v;
            if (v === 0 && zeros[j] === undefined) zeros[j] = v;
            // DuckDB's avg (a plain sum) and stddev_samp (Welford) of the same values in the same order, op for op.
            sum += v;
            const next = mean + (v - mean) / k;
            squared += (v - next) * (v - mean);
            mean = next;
          } else kinds[j]! |= Number.isNaN(v) ? 1 : v > 0 ? 2 : 4;
        }
        filled[j] = k;
        sums[j] = sum;
        means[j] = mean;
        squares[j] = squared;
      });
    }, options);
    group.forEach((_n, j) => out.push({
      sorted: sortDoubles(values[j]!.subarray(0, filled[j]!)),
      nonFiniteKinds: [1, 2, 4].filter((b) => (kinds[j]! & b) !== 0).length,
      mean: filled[j]! > 0 ? sums[j]! / filled[j]! : null,
      std: filled[j]! > 1 ? Math.sqrt(squares[j]! / (filled[j]! - 1)) : null,
      firstZero: zeros[j],
    }));
  }
  return out;
}

/**
 * count(DISTINCT x) of the column: distinct finite values (−0 and 0 one value, as DuckDB counts them) plus one
 * each for NaN (every NaN one value), +Infinity and −Infinity. Only for types whose values all stay distinct as
 * doubles (distinctAsDouble).
 */
export function distinctOfSorted(v: SortedValues): number {
  const s = v.sorted;
  let d = s.length > 0 ? 1 : 0;
  for (let k = 1; k < s.length; k++) if (s[k] !== s[k - 1]) d++;
  return d + v.nonFiniteKinds;
}

/**
 * What the first pass computes of a numeric column's finite values (the same values cast to DOUBLE), from those
 * read once: min and max, their count, mean and std (DuckDB's avg and stddev_samp, the same operations in the same
 * order: the batch table is read on one thread, in table order, by the first pass and readSorted alike; measured
 * bit for bit on 1,000 × 100k and 10M-row files). DuckDB's min and max keep the first of equal values in scan
 * order, so a zero extreme carries the sign of the first zero read, not the sorted array's −0 first. Null where
 * DuckDB gives NULL (no value; std below two). A non-finite mean or std is undefined: DuckDB's overflow (an error
 * for stddev_samp) is left to its own aggregates.
 */
export function firstPassOf(v: SortedValues): { min: number | null; max: number | null; finite: number; mean: number | null | undefined; std: number | null | undefined } {
  const s = v.sorted;
  const finite = (x: number | null | undefined) => (x === null || (x !== undefined && Number.isFinite(x)) ? x : undefined);
  if (s.length === 0) return { min: null, max: null, finite: 0, mean: null, std: null };
  const zero = (x: number) => (x === 0 && v.firstZero !== undefined ? v.firstZero : x);
  return { min: zero(s[0]!), max: zero(s[s.length - 1]!), finite: s.length, mean: finite(v.mean), std: finite(v.std) };
}

/** Types whose distinct values stay distinct as doubles: DOUBLE, integers up to 32 bits, DECIMAL of up to 15 digits. */
export function distinctAsDouble(type: string): boolean {
  if (/^(DOUBLE|TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER)$/i.test(type)) return true;
  const m = /^DECIMAL\((\d+),\s*\d+\)$/i.exec(type);
  return m !== null && Number(m[1]) <= 15;
}

/** Quantiles and histogram of ascending finite values. */
export function summaryOf(sorted: Float64Array, levels: readonly number[], edges?: readonly number[]): SortedSummary {
  const n = sorted.length;
  const quantiles = levels.map((q): number | null => {
    if (n === 0) return null;
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.ceil(h);
    if (lo === hi) return sorted[lo]!;
    const d = h - lo;
    return sorted[lo]! * (1 - d) + sorted[hi]! * d;
  });
  return edges ? { quantiles, counts: histogramOfSorted(sorted, edges) } : { quantiles };
}

/**
 * Whether quantiles from sorted values may carry another zero sign than quantile_cont: some quantile is zero and
 * the values hold zeros of both signs. Both interpolate as lo·(1 − d) + hi·d (measured on DuckDB 1.5: [−0, −0]
 * gives −0, [−0, 0] gives 0), but quantile_cont takes lo and hi from the values in table order after
 * std::nth_element, which treats −0 and 0 as equal and leaves either at a position ([0, −0] and [−0, 0] give
 * different signs at their ends), where the sorted values put every −0 first. With one sign of zero (or no zero
 * quantile) the two are the same.
 */
export function zeroSignsUnsure(sorted: Float64Array, quantiles: readonly (number | null)[]): boolean {
  if (!quantiles.some((q) => q === 0)) return false;
  const zeros = firstWhere(sorted, (x) => x >= 0);
  const positive = firstWhere(sorted, (x) => x > 0);
  // The zeros are sorted[zeros … positive − 1], every −0 before every 0.
  return positive - zeros >= 2 && Object.is(sorted[zeros], -0) && Object.is(sorted[positive - 1], 0);
}

/** The first index of ascending values where `at` holds (it holds from there on), or their length. */
function firstWhere(sorted: Float64Array, at: (x: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (at(sorted[m]!)) hi = m;
    else lo = m + 1;
  }
  return lo;
}

/** numpy.histogram's counts (valueCounts.histogramFromCounts' rule) of finite values over equal-width edges. */
export function histogramOfSorted(values: Float64Array, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const first = edges[0]!;
  const norm = bins / (edges[bins]! - first);
  const out = new Array<number>(bins).fill(0);
  for (let k = 0; k < values.length; k++) {
    const x = values[k]!;
    let b = Math.min(Math.trunc((x - first) * norm), bins - 1);
    if (x < edges[b]!) b--;
    else if (b < bins - 1 && x >= edges[b + 1]!) b++;
    out[b]!++;
  }
  return out;
}
