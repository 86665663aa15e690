import type { SrmResult } from './srmTest';
import type { SequentialLook } from './msprt';

export type MetricType = 'binary' | 'continuous';

/** How a guardrail is harmed: 'increase' (latency, refunds, errors: the default) or 'decrease' (retention). */
export type HarmDirection = 'increase' | 'decrease';

export interface AbtestOptions {
  /** Shown in reports (a workspace-relative path or the CLI argument). */
  dataset: string;
  variant: string;
  control: string;
  metrics: string[];
  guardrails?: { metric: string; harm: HarmDirection }[];
  /** Expected share per variant, in the order of `variantOrder` (control first, then the others sorted); default equal. */
  expectedSplit?: number[];
  timeColumn?: string;
  segments?: string[];
  alpha?: number;
  /** Bootstrap draws for continuous primary metrics (not guardrails; 0 = none); default 1000. */
  bootstrapDraws?: number;
  seed?: number;
  /** mSPRT mixing standard deviation per metric; default 10% of the control mean. */
  mixingSd?: Record<string, number>;
}

export interface ArmSummary {
  n: number;
  mean: number;
  /** binary: successes. */
  successes?: number;
  /** continuous: sample standard deviation. */
  sd?: number;
}

export interface SequentialReport {
  mixingVariance: number;
  /** Always-valid p-value at the last look. */
  pValue: number;
  /** Confidence sequence at the last look. */
  ci: [number, number];
  significant: boolean;
  looks: SequentialLook[];
}

export interface MetricComparison {
  metric: string;
  type: MetricType;
  variant: string;
  control: ArmSummary;
  treatment: ArmSummary;
  diff: number;
  /** binary: Newcombe; continuous: Welch. */
  ci: [number, number];
  ciMethod: 'newcombe' | 'welch';
  /** binary only. */
  waldCi?: [number, number];
  relativeLift: number | null;
  relativeCi: [number, number] | null;
  z?: number;
  t?: number;
  df?: number;
  pValue: number;
  /** Holm-adjusted over the treatment variants of this metric. */
  pAdjusted: number;
  significant: boolean;
  /** continuous: percentile bootstrap CI of diff. */
  bootstrapCi?: [number, number];
  /** Draws behind bootstrapCi (fewer than asked on very large data, see issues). */
  bootstrapDraws?: number;
  sequential?: SequentialReport;
  /** Units whose metric was NULL (left out), per arm. */
  missing: { control: number; treatment: number };
}

export interface GuardrailResult extends MetricComparison {
  harm: HarmDirection;
  /** Harmed significantly (p < α, unadjusted, in the harmful direction). */
  breached: boolean;
}

export interface SegmentRow {
  segment: string;
  level: string;
  variant: string;
  metric: string;
  nControl: number;
  nTreatment: number;
  control: number;
  treatment: number;
  diff: number;
  ci: [number, number];
  relativeLift: number | null;
  pValue: number;
  /** Significant and of the opposite sign to the overall difference. */
  disagrees: boolean;
}

export interface SegmentReport {
  segment: string;
  variant: string;
  metric: string;
  rows: SegmentRow[];
  heterogeneity: { q: number; df: number; pValue: number; i2: number } | null;
  /** Q p < 0.05 or a segment significantly disagrees with the overall direction. */
  warning: string | null;
}

export type DecisionAction = 'ship' | 'dont-ship' | 'keep-running' | 'investigate-srm';

export interface Decision {
  action: DecisionAction;
  /** The variant to ship when action is 'ship'. */
  variant?: string;
  headline: string;
  reasons: string[];
}

export interface AbtestReport {
  dataset: string;
  rows: number;
  variantColumn: string;
  controlValue: string;
  alpha: number;
  variants: { name: string; n: number; expectedShare: number }[];
  srm: SrmResult & { detected: boolean };
  metrics: MetricComparison[];
  guardrails: GuardrailResult[];
  segments: SegmentReport[];
  timeColumn?: string;
  /** Rows left out, with why. */
  issues: string[];
  decision: Decision;
}
