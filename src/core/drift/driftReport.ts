import type { DataIssue } from '../data/dataset';
import type { ColumnKind } from './types';

/**
 * The drift report (`model-lens drift --format json`); Markdown and HTML are renderings of it.
 * Every field is plain JSON. `score` is what was compared with `threshold`: the p-value for hypothesis tests,
 * the distance otherwise (see isDrifted).
 */
export interface DriftReport {
  reference: SideSummary;
  current: SideSummary;
  /** Feature columns (label and prediction excluded: they are reported in `target` / `prediction`). */
  columns: ColumnDrift[];
  dataset: DatasetDriftSummary;
  /** Drift of the label column (--label), separate from the feature columns and from `dataset`. */
  target?: ColumnDrift;
  /** Drift of the prediction column (--prediction), separate from the feature columns and from `dataset`. */
  prediction?: ColumnDrift;
  /** Present when some columns' figures come from sketches (drift from partial results): which and why. */
  approximate?: { columns: string[]; note: string };
  /** Columns not tested, with the reason (identifier, free text, datetime, the time column, excluded). */
  skipped: { column: string; reason: string }[];
  /** Only with a time column: each window of the current data compared with the reference. */
  windows?: DriftWindow[];
  /** The window scheme used, e.g. 'week' or '4chunks', and the time column. */
  windowing?: { timeColumn: string; window: string; reference: 'first window' | 'reference file'; rowsWithoutTime: number };
  issues: DataIssue[];
}

export interface SideSummary {
  path: string;
  rows: number;
  /** Set when this side is a time window of a file. */
  start?: string;
  end?: string;
}

export interface ColumnDrift {
  column: string;
  kind: ColumnKind;
  /** Drift test id (Evidently's stattest name). */
  test: string;
  /** The test's statistic; null when the test could not run on this column (see details.error). */
  statistic: number | null;
  /** p-value for hypothesis tests; null for distances. */
  pValue: number | null;
  /** The value compared with the threshold. */
  score: number | null;
  threshold: number;
  drifted: boolean;
  details: ColumnDetails;
  /**
   * Present when the figures come from sketches, not values (merged partial profiles whose column had more
   * distinct values than a part carries; partial/sketchDrift.ts). statistic, pValue and score are then estimates;
   * `drifted` is true only when the whole range is drifted.
   */
  approximate?: ApproximateDrift;
}

/** How far a sketch-derived figure can be from the exact one, and whether the verdict holds over that range. */
export interface ApproximateDrift {
  source: 'sketch';
  /** Which part carried a sketch instead of its values, and what that sketch is. */
  reason: string;
  /** Every dataset consistent with the sketches has its statistic in [lower, upper]; maxError = the most |estimate − exact| can be. */
  statistic: { lower: number; upper: number; maxError: number };
  /** The same range for the score (the p-value or the distance compared with the threshold). */
  score: { lower: number; upper: number };
  /** Wasserstein: the range of W₁ in the column's own units (the score divides it by the reference's std). */
  units?: { lower: number; upper: number };
  /** 'undecided' when the score range straddles the threshold: the exact test could go either way. */
  decision: 'drifted' | 'not drifted' | 'undecided';
}

export interface ColumnDetails {
  /** 'default' when the test and threshold come from the default policy, else what overrode them. */
  testSource: 'default' | 'override';
  thresholdSource: 'default' | 'override';
  scoreKind: 'pValue' | 'distance';
  /** Non-missing values on each side (after dropping NULL; NaN/Infinity are counted by the test). */
  referenceValues: number;
  currentValues: number;
  referenceMissingRate: number;
  currentMissingRate: number;
  /** currentMissingRate − referenceMissingRate. */
  missingRateChange: number;
  /** Categories present in current but not reference (categorical and boolean columns, and counts-based tests). */
  unseenCategories?: string[];
  /** Categories present in reference but not current. */
  vanishedCategories?: string[];
  /** Set when unseenCategories lists only the first LISTED_CATEGORIES (categoryLists.ts): how many there are. */
  unseenCategoryCount?: number;
  /** Set when vanishedCategories lists only the first LISTED_CATEGORIES: how many there are. */
  vanishedCategoryCount?: number;
  /** Reference vs current shares, for charts: equal-width bins (numeric) or the most frequent categories. */
  distribution?: Distribution;
  /** The test's own details (dropped NaN, bin edges, …). */
  test?: Record<string, unknown>;
  /** Set when the test could not run on this column (e.g. no values on one side); the column is not counted. */
  error?: { code: string; message: string };
}

export type Distribution =
  | { type: 'bins'; edges: number[]; reference: number[]; current: number[] }
  | { type: 'categories'; categories: string[]; reference: number[]; current: number[]; otherReference: number; otherCurrent: number };

export interface DatasetDriftSummary {
  driftedColumns: number;
  totalColumns: number;
  share: number;
  driftShare: number;
  drifted: boolean;
  /** Columns whose drift is undecided within their sketch error (counted in totalColumns, not in driftedColumns). */
  undecidedColumns?: number;
  /** True when those columns could change the dataset verdict: drift cannot be excluded (`drifted` is false). */
  undecided?: boolean;
}

export interface DriftWindow {
  /** Calendar windows: the period start (inclusive). Chunks: the first timestamp in the chunk. ISO 8601. */
  start: string;
  /** Calendar windows: the period end (exclusive). Chunks: the last timestamp in the chunk (inclusive). */
  end: string;
  rows: number;
  columns: ColumnDrift[];
  dataset: DatasetDriftSummary;
  target?: ColumnDrift;
  prediction?: ColumnDrift;
}
