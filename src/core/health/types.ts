import type { LogSketch } from './sketch';

/**
 * How the baseline treats a column. 'text' is a string column with more than MAX_CATEGORIES distinct values;
 * 'identifier' an integer column with an id-like name (isIdentifier). Both keep counts and missing only.
 */
export type BaselineKind = 'numeric' | 'boolean' | 'datetime' | 'categorical' | 'text' | 'identifier';

export const BASELINE_SCHEMA = 'model-lens/health-baseline';
export const BASELINE_VERSION = 1;
/** A string column keeps exact category counts up to this many distinct values; above, it is 'text'. */
export const MAX_CATEGORIES = 500;
/** Bins of the display histogram derived from a numeric column's sketch. */
export const DISPLAY_BINS = 20;

export interface NumericStats {
  /** Finite values: min and max over them (null when none). */
  min: number | null;
  max: number | null;
  /** NaN and ±Infinity values (not missing, not in the sketch). */
  nonFinite: number;
  /** Finite values below zero. */
  negatives: number;
  sketch: LogSketch;
  /** Derived from the sketch (relative error ≤ sketch.relativeAccuracy): p1 … p99. */
  quantiles: Record<string, number | null>;
  /** Derived from the sketch: DISPLAY_BINS equal-width bins over [min, max]; each sketch bucket counted in the bin of its representative value. */
  histogram: { edges: number[]; counts: number[] } | null;
}

export interface BaselineColumn {
  name: string;
  /** DuckDB type as read. */
  type: string;
  kind: BaselineKind;
  /** Non-missing values. */
  count: number;
  /** SQL NULL (an empty CSV field). */
  missing: number;
  numeric?: NumericStats;
  /** [value, count], count descending then value; for categorical and boolean columns. */
  categories?: [string, number][];
  /** ISO text of the first and last value, for datetime columns. */
  datetime?: { min: string | null; max: string | null };
}

export interface BaselineTime {
  column: string;
  min: string | null;
  max: string | null;
  /** Rows per calendar day (UTC), [YYYY-MM-DD, count] ascending. */
  daily: [string, number][];
}

/** A health baseline: statistics of a known-good dataset, never rows. Mergeable (mergeBaselines). */
export interface Baseline {
  schema: typeof BASELINE_SCHEMA;
  version: number;
  source: { files: string[]; format: string };
  rows: number;
  sketch: { kind: 'ddsketch'; relativeAccuracy: number };
  time: BaselineTime | null;
  columns: BaselineColumn[];
}

export type HealthStatus = 'pass' | 'warn' | 'fail';
export type HealthSeverity = 'error' | 'warning' | 'info';

/** One result line: a check on the dataset (column null) or on one column. */
export interface HealthResult {
  id: string;
  column: string | null;
  status: HealthStatus;
  severity: HealthSeverity;
  message: string;
  observed: unknown;
  expected: unknown;
}

export interface HealthReport {
  dataset: string;
  baseline: string;
  /** ISO time the staleness check measured against. */
  now: string;
  checks: HealthResult[];
  summary: { pass: number; warn: number; fail: number };
}
