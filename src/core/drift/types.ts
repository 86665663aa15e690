import type { BinningStrategy } from '../stats/histogram';
import type { NumericGrid } from './numericGrid';

/** How a column is treated by drift detection. Boolean columns arrive as categorical counts with ≤ 2 keys. */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean';

/**
 * Category → count. Categorical tests take counts, not raw values, so callers can push the counting into
 * DuckDB (`SELECT col, count(*) … GROUP BY col`) and never materialise millions of strings. Missing values
 * (null/NaN) are NOT a key: count them separately (see countCategories) and report them with
 * categoryChanges. Keys are compared as strings. Any map will do; the drift's own counts are SortedCounts
 * (sortedCounts.ts: sorted columns, a fraction of a Map's memory, merged without lookups).
 */
export type CategoryCounts = ReadonlyMap<string, number>;

/**
 * One column's sample for one side (reference or current).
 * - numeric: raw values; NaN and ±Infinity are dropped by every test and counted in `details`.
 * - categorical: category counts (also used for boolean columns).
 * - grid: a numeric sample summarised on a grid shared with the other side (numericGrid.ts), for tests that
 *   declare `gridBuckets`; DuckDB computes it, so the values never reach JavaScript.
 */
export type DriftSample =
  | { readonly kind: 'numeric'; readonly values: Float64Array }
  | { readonly kind: 'categorical'; readonly counts: CategoryCounts }
  | { readonly kind: 'grid'; readonly grid: NumericGrid };

export interface DriftTestOptions {
  /** Uniform [0, 1) source for tests that sample or permute (empirical_mmd). Pass a seeded one for reproducibility. */
  readonly random?: () => number;
  /** Binning for numeric tests on frequencies (jensenshannon, psi, kl_div, hellinger, tvd). Default: sturgesBinning. */
  readonly binning?: BinningStrategy;
  /** Replacement for empty-bin frequencies in psi / kl_div / jensenshannon. Default: Evidently's rule (1e-4, or min nonzero share / 1e6 when that is ≤ 1e-4). */
  readonly epsilon?: number;
}

export interface DriftTestResult {
  /** The test's own statistic (KS D, χ², z, normed Wasserstein …), as scipy reports it. */
  readonly statistic: number;
  /** p-value for hypothesis tests; null for distances. */
  readonly pValue: number | null;
  /** What the threshold is compared with: the p-value for scoreKind 'pValue', the distance otherwise. */
  readonly score: number;
  readonly details?: Record<string, unknown>;
}

/** One registered drift statistic (STYLE.md §3). Ids follow Evidently's stattest names. */
export interface DriftTest {
  readonly id: string;
  readonly label: string;
  readonly appliesTo: readonly ColumnKind[];
  readonly defaultThreshold: number;
  readonly scoreKind: 'pValue' | 'distance';
  run(reference: DriftSample, current: DriftSample, options?: DriftTestOptions): DriftTestResult;
  /**
   * Present when the test also runs on grid samples: the buckets whose raw values it needs, given both grids
   * without values. The caller fetches those values into each grid's `values`, then calls run().
   */
  gridBuckets?(reference: NumericGrid, current: NumericGrid): number[];
}
