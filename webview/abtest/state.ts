import { pEquals } from '../../src/core/render/numbers';
import type { AbtestReport, MetricComparison } from '../../src/core/abtest/types';

export interface AbtestViewState {
  status: 'loading' | 'ready' | 'failed';
  report?: AbtestReport;
  error?: string;
  /** Index into sequentialComparisons(report) shown in the sequential chart. */
  sequential: number;
}

export type AbtestAction = { type: 'loading' } | { type: 'snapshot'; report: AbtestReport } | { type: 'failed'; message: string } | { type: 'sequential'; index: number };

export const initialAbtestState: AbtestViewState = { status: 'loading', sequential: 0 };

/** Pure state transitions of the A/B test panel; unit-tested without a DOM. */
export function reduceAbtest(s: AbtestViewState, a: AbtestAction): AbtestViewState {
  switch (a.type) {
    case 'loading':
      return { ...s, status: 'loading' };
    case 'snapshot':
      return { ...s, status: 'ready', report: a.report, sequential: s.sequential < sequentialComparisons(a.report).length ? s.sequential : 0 };
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'sequential':
      return s.report && a.index >= 0 && a.index < sequentialComparisons(s.report).length ? { ...s, sequential: a.index } : s;
  }
}

/** Comparisons with more than one look over time (metrics first, then guardrails). */
export function sequentialComparisons(r: AbtestReport): MetricComparison[] {
  return [...r.metrics, ...r.guardrails].filter((m) => (m.sequential?.looks.length ?? 0) > 1);
}

/** Severity class of the decision banner. */
export function decisionTone(action: AbtestReport['decision']['action']): 'good' | 'bad' | 'wait' {
  return action === 'ship' ? 'good' : action === 'keep-running' ? 'wait' : 'bad';
}

/** The SRM line, e.g. "No sample ratio mismatch (p = 0.72)". */
export function srmStatus(r: AbtestReport): string {
  const p = pEquals(r.srm.pValue);
  return r.srm.detected ? `Sample ratio mismatch detected (χ² ${p}, fails below ${r.srm.threshold}): the split is broken` : `No sample ratio mismatch (χ² ${p})`;
}
