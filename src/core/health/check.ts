import { formatNumber } from '../profile/formatNumber';
import type { Baseline, BaselineColumn, HealthSeverity } from './types';

/** What the current dataset looks like, next to the baseline (computeCurrent). */
export interface CurrentFacts {
  /** The current dataset's statistics, computed like a baseline (columns numeric in the baseline read as numbers). */
  stats: Baseline;
  /** Per column that was numeric in the baseline but is text now: values that are not numbers. */
  parseFailures: Map<string, { count: number; example: string | null }>;
  duplicateRows: number;
  /** Set when duplicateRows is an estimate (data beyond the engine's memory for an exact count; duplicateEstimate.ts). */
  duplicateRowsEstimate?: { standardError: number; sampleRate: number };
  /** Per numeric column: values below/above the baseline's [min, max] widened by the range tolerance. */
  outOfRange: Map<string, { below: number; above: number; lo: number; hi: number }>;
  /** The latest time window (with a time column): per column, values, distinct values and one value. */
  latestWindow: { from: string; to: string; days: number; columns: Map<string, { values: number; distinct: number; example: string | null }> } | null;
}

export interface CheckContext {
  baseline: Baseline;
  current: CurrentFacts;
  threshold: number;
  now: Date;
  /** The drift test id the distribution check uses. */
  distributionTest: string;
}

/** One check's verdict on the dataset (column null) or one column. `violated` becomes warn/fail by severity. */
export interface Finding {
  column: string | null;
  violated: boolean;
  message: string;
  observed: unknown;
  expected: unknown;
  /** Overrides the check's severity for this finding (e.g. a column that is now entirely missing is an error). */
  severity?: HealthSeverity;
}

/** A registered health check (STYLE.md §3): id, default threshold (its meaning in `threshold`), severity, run. */
export interface HealthCheck {
  id: string;
  title: string;
  /** What the threshold means, for help texts and settings. */
  threshold: string;
  defaultThreshold: number;
  severity: HealthSeverity;
  run(ctx: CheckContext): Finding[];
}

/** Columns present (same name) in the baseline and now. */
export function pairedColumns(ctx: CheckContext): { base: BaselineColumn; cur: BaselineColumn }[] {
  const now = new Map(ctx.current.stats.columns.map((c) => [c.name, c]));
  return ctx.baseline.columns.flatMap((base) => {
    const cur = now.get(base.name);
    return cur ? [{ base, cur }] : [];
  });
}

/** A share as a short percentage: 38%, 2.5%, 0.04%. */
export function pct(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const p = 100 * x;
  if (p === 0 || Math.abs(p) >= 10) return `${Math.round(p)}%`;
  return `${Number(p.toPrecision(2))}%`;
}

export const fmt = (v: number | null | undefined): string => formatNumber(v);
export const quoted = (values: string[], max = 5): string => values.slice(0, max).map((v) => `'${v}'`).join(', ') + (values.length > max ? ` and ${values.length - max} more` : '');
