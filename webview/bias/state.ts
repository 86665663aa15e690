import type { BiasReport } from '../../src/core/bias/audit';
import type { CheckResult } from '../../src/core/bias/checks';

export type CheckedReport = BiasReport & { checks: CheckResult[] };

/** Group metrics a person can chart, in the order the picker lists them. */
export const CHART_METRICS = ['selectionRate', 'tpr', 'fpr', 'fnr', 'tnr', 'precision', 'npv', 'accuracy'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

export interface BiasViewState {
  status: 'loading' | 'ready' | 'failed';
  report?: CheckedReport;
  error?: string;
  attribute: number;
  metric: ChartMetric;
}

export type BiasAction =
  | { type: 'loading' }
  | { type: 'snapshot'; report: CheckedReport }
  | { type: 'failed'; message: string }
  | { type: 'attribute'; index: number }
  | { type: 'metric'; metric: ChartMetric };

export const initialBiasState: BiasViewState = { status: 'loading', attribute: 0, metric: 'selectionRate' };

/** Pure state transitions of the bias panel; unit-tested without a DOM. */
export function reduceBias(s: BiasViewState, a: BiasAction): BiasViewState {
  switch (a.type) {
    case 'loading':
      return { ...s, status: 'loading' };
    case 'snapshot':
      return { ...s, status: 'ready', report: a.report, attribute: s.attribute < a.report.attributes.length ? s.attribute : 0 };
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'attribute':
      return s.report && a.index >= 0 && a.index < s.report.attributes.length ? { ...s, attribute: a.index } : s;
    case 'metric':
      return { ...s, metric: a.metric };
  }
}

/** The headline, e.g. "2 of 3 fairness checks failed" or "All 3 fairness checks passed". */
export function biasVerdict(r: CheckedReport): string {
  const evaluated = r.checks.filter((c) => c.status !== 'notEvaluated');
  const failed = evaluated.filter((c) => c.status === 'fail').length;
  if (evaluated.length === 0) return 'No fairness check could be evaluated (groups too small or metrics undefined)';
  return failed ? `${failed} of ${evaluated.length} fairness checks failed` : `All ${evaluated.length} fairness checks passed`;
}
