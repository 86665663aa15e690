import type { DataIssue } from '../data/dataset';
import type { DatasetFormat } from '../data/formats';

export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text' | 'identifier';

export const QUANTILE_KEYS = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;
export type QuantileKey = (typeof QUANTILE_KEYS)[number];
export const QUANTILE_LEVELS: Readonly<Record<QuantileKey, number>> = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };

export interface Histogram {
  /** bins + 1 edges; bin k is [edges[k], edges[k+1]), the last bin also holds its right edge (numpy.histogram). */
  edges: number[];
  counts: number[];
}

export interface NumericSummary {
  /** Over finite values only; NaN and ±Infinity are counted in `nonFinite`. Null when no finite value exists. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (n − 1 denominator), as pandas' Series.std(). */
  std: number | null;
  /** Linear interpolation between order statistics (numpy's default, DuckDB quantile_cont). */
  quantiles: Record<QuantileKey, number | null>;
  /**
   * True when the quantiles are estimates: above the exact-size limit, for columns with more distinct values
   * than the profile counts one by one (VALUE_COUNT_LIMIT), unless every level came out exact. In the embedded
   * engine they come from fine bins (fineBins.ts), elsewhere from the engine's sketch (approx_quantile).
   */
  approximateQuantiles: boolean;
  /**
   * Present when `approximateQuantiles` and the error is known: each quantile lies between the exact quantiles
   * at level ± this (a share of the rows; 0.001 = a tenth of a percentile). Fine bins: the bound computed from
   * the bins' counts (at most 0.001 after refinement); the engine's t-digest: its measured 0.005.
   */
  quantileRankError?: number;
  /** Present when the quantiles come from a merged log-bucket sketch (merged partial profiles): each lies within this relative error of a value between the exact order statistics around its rank. */
  quantileRelativeError?: number;
  histogram: Histogram | null;
  /** True when the histogram was rebuilt from a merged sketch (merged partial profiles): a value near a bin edge may be counted in the neighbouring bin. */
  approximateHistogram?: boolean;
  nonFinite: number;
}

export interface TopValue {
  value: string;
  count: number;
  /** Percentage of all rows (missing included). */
  pct: number;
}

export interface ColumnProfile {
  name: string;
  /** The engine's type for the column, e.g. BIGINT, DOUBLE, VARCHAR, DATE. */
  type: string;
  kind: ColumnKind;
  missing: number;
  missingPct: number;
  /** Distinct non-missing values (NaN counts as one value). */
  distinct: number;
  /**
   * True when `distinct` is an estimate: above the exact-size limit, for columns with more than 16,384 distinct
   * values (a hash sample of 1 in 64 distinct values; relative standard error ≤ 6%, 0.8% at 1M).
   */
  approximateDistinct: boolean;
  /** Present when `approximateDistinct`: the estimate's relative standard error (data/distinctCount.ts). */
  distinctRelativeError?: number;
  numeric?: NumericSummary;
  top?: TopValue[];
  /** True when `top` was merged from the parts' own top lists (merged partial profiles): counts are lower bounds. */
  approximateTop?: boolean;
  datetime?: { min: string | null; max: string | null };
  text?: { minLength: number | null; maxLength: number | null; meanLength: number | null };
}

export interface DatasetProfile {
  path: string;
  format: DatasetFormat;
  rows: number;
  columnCount: number;
  /** Rows that repeat an earlier row exactly (pandas' duplicated().sum()). */
  duplicateRows: number;
  /**
   * Present when `duplicateRows` is an estimate (above the exact-size limit, without --exact): from a hash sample
   * of 1 in `sampleRate` distinct rows, with its standard error in rows and relative to the estimate (null when
   * no duplicate was in the sample). profile/duplicateEstimate.ts.
   */
  duplicateRowsEstimate?: { standardError: number; relativeError: number | null; sampleRate: number };
  delimiter?: string;
  /** True when the data was larger than the exact-size limit: then duplicate rows are estimated (`duplicateRowsEstimate`) and distinct counts and quantiles may be (`approximateDistinct`, `approximateQuantiles`). */
  approximate: boolean;
  columns: ColumnProfile[];
  issues: DataIssue[];
}
