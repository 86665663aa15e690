import type { DataIssue } from '../data/dataset';
import type { BestThresholds, PrCurve, ReliabilityBin, RocCurve } from './binary/evaluateBinary';
import type { EvalTask } from './metricCatalog';

/** One metric with its bootstrap percentile interval; null value (with a note) where it is undefined. */
export interface MetricValue {
  name: string;
  value: number | null;
  ci: [number, number] | null;
  /** Why the value is null, or how it was computed when that matters. */
  note?: string;
}

export interface PerClassMetrics {
  class: string;
  support: number;
  precision: MetricValue;
  recall: MetricValue;
  f1: MetricValue;
}

export interface Curves {
  roc?: RocCurve;
  pr?: PrCurve;
  reliability?: ReliabilityBin[];
  /** Regression: an evenly spaced subset of (prediction, residual = label − prediction) pairs. */
  residuals?: { prediction: number[]; residual: number[] };
}

export interface Confusion {
  /** Row and column labels (binary: the negative and the positive label value). */
  labels: string[];
  /** matrix[i][j]: rows labelled labels[i] predicted labels[j]. */
  matrix: number[][];
  /** Binary: predicted positive when score ≥ threshold. */
  threshold?: number;
}

/** A slice of the rows (a category, or a quartile of a numeric column) where the model does worse than elsewhere. */
export interface SegmentResult {
  column: string;
  value: string;
  rows: number;
  /** The per-row metric compared: accuracy (classification) or mae (regression). */
  metric: string;
  /** The metric inside the segment and over the other rows. */
  inside: number;
  outside: number;
  delta: number;
  ci: [number, number];
  pValue: number;
  /** Benjamini–Hochberg across every segment tested. */
  adjustedP: number;
  weak: boolean;
}

export interface ScoreDrift {
  /** Drift test of the window's scores (or predictions) against the reference's, Evidently's default for numeric data. */
  test: string;
  statistic: number;
  pValue: number | null;
  score: number;
  threshold: number;
  drifted: boolean;
}

export interface BusinessFigure {
  column: string;
  /** Rows with a value. */
  count: number;
  mean: number | null;
  meanCi: [number, number] | null;
  sum: number | null;
  sumCi: [number, number] | null;
}

export interface WindowFlag {
  metric: string;
  /** Window minus reference. */
  delta: number;
  /** One-sided p-value that the window is worse (z on bootstrap standard errors), BH-adjusted across windows. */
  pValue: number;
  adjustedP: number;
}

export interface WindowResult {
  index: number;
  start: string;
  end: string;
  rows: number;
  labeledRows: number;
  metrics: MetricValue[];
  /** Metrics significantly and materially worse than the reference. */
  flags: WindowFlag[];
  /** True when the primary metric is flagged. */
  flagged: boolean;
  scoreDrift: ScoreDrift | null;
  /** Share of predictions close to the decision boundary (binary: |score − threshold| < margin; multiclass: top probability < 0.5). */
  lowConfidenceShare: number | null;
  business: BusinessFigure[];
}

export interface EstimatedMetric {
  name: string;
  /** CBPE estimate. */
  value: number | null;
  /** estimate ± 3 sampling errors (NannyML's band), clipped to [0, 1]. */
  band: [number, number] | null;
  samplingError: number | null;
  /** The realised value where the window has labels. */
  realized: number | null;
  /** Realised outside the band: calibration no longer holds there. */
  disagrees: boolean;
  /** The estimate is below the reference's realised value by more than 3 sampling errors. */
  alert: boolean;
}

export interface EstimatedWindow {
  index: number;
  start: string;
  end: string;
  rows: number;
  labeledRows: number;
  metrics: EstimatedMetric[];
}

export interface Estimated {
  method: 'CBPE';
  /** Scores were calibrated (isotonic regression on the reference) because that lowered the calibration error. */
  calibrated: boolean;
  /** What the calibration was fitted on: the --reference file or the first labelled window. */
  reference: string;
  referenceRows: number;
  /** One entry per window, or a single one for the whole dataset without windows. */
  windows: EstimatedWindow[];
  /** Windows (by index) whose realised performance falls outside the estimated band. */
  disagreements: number[];
  summary: string;
}

export interface FailOnResult {
  condition: string;
  metric: string;
  status: 'pass' | 'fail' | 'notEvaluated';
  value: number | null;
  /** For history conditions: the baseline it was compared with. */
  baseline?: number | null;
  note?: string;
}

export interface EvaluationReport {
  kind: 'evaluation';
  task: EvalTask;
  dataset: string;
  model: string | null;
  reference: string | null;
  columns: { label: string; score: string | null; prediction: string | null; timeColumn: string | null; business: string[] };
  /** Binary: the positive label value and the decision threshold. */
  positive: string | null;
  threshold: number | null;
  classes: string[] | null;
  rows: number;
  labeledRows: number;
  unlabeledRows: number;
  /** Rows left out: no finite score or prediction (NULL, NaN, ±Infinity), or no time with windows. */
  excludedRows: number;
  primaryMetric: string;
  metrics: MetricValue[];
  perClass: PerClassMetrics[] | null;
  curves: Curves;
  confusion: Confusion | null;
  thresholds: BestThresholds | null;
  residualQuantiles: { q: number; value: number }[] | null;
  segments: SegmentResult[];
  windows: WindowResult[] | null;
  /** Reference metrics (the --reference file or the first labelled window) windows are compared with. */
  referenceMetrics: MetricValue[] | null;
  estimated: Estimated | null;
  bootstrap: { draws: number; level: number; seed: number; exact: boolean; method: string };
  failOn: FailOnResult[];
  verdict: { status: 'pass' | 'warn' | 'fail'; text: string };
  issues: DataIssue[];
}
