/** What a drift run compares and how; every field optional except where noted. Built by the CLI or the extension. */
export interface DriftSettings {
  /** Feature columns to test (default: every column of the reference that the current also has). */
  columns?: readonly string[];
  /** Columns left out. */
  exclude?: readonly string[];
  /** Test id for every column it applies to (others keep their default). */
  test?: string;
  /** Threshold for every column. */
  threshold?: number;
  /** Per-column test ids; win over `test`. */
  testByColumn?: Readonly<Record<string, string>>;
  /** Per-column thresholds; win over `threshold`. */
  thresholdByColumn?: Readonly<Record<string, number>>;
  /** Dataset drift when the share of drifted feature columns is ≥ this (default 0.5). */
  driftShare?: number;
  /** Label column: its drift is reported as `target`, outside the feature columns. */
  label?: string;
  /** Prediction column: reported as `prediction`, outside the feature columns. */
  prediction?: string;
  /** Timestamp column for windowed ("Drift Over Time") comparison. */
  timeColumn?: string;
  /** 'day' | 'week' | 'month' | '<N>chunks'; needs timeColumn. */
  window?: string;
  /** Seed of the random source for tests that sample (empirical_mmd). Default 1. */
  seed?: number;
}
