import type { BiasReport } from '../../src/core/bias/audit';
import type { CheckResult } from '../../src/core/bias/checks';
import { worstAttribute } from '../../src/core/verdict/bias';

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
      // First report: show the worst attribute (the failing one); later reports keep the person's choice.
      return { ...s, status: 'ready', report: a.report, attribute: !s.report ? worstAttribute(a.report) : s.attribute < a.report.attributes.length ? s.attribute : 0 };
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'attribute':
      return s.report && a.index >= 0 && a.index < s.report.attributes.length ? { ...s, attribute: a.index } : s;
    case 'metric':
      return { ...s, metric: a.metric };
  }
}

/** Kinds of findings, in the order the panel groups them (worst first). */
export const FINDING_KINDS: { label: string; test: RegExp }[] = [
  { label: 'Below the four-fifths rule', test: /below the four-fifths rule|more group\(s\) .* below the four-fifths/i },
  { label: 'Gaps between groups', test: /ranges from|equalized odds|gap/i },
  { label: 'Groups too small to compare', test: /fewer than \d+ rows/i },
  { label: 'Undefined metrics', test: /is undefined/i },
  { label: 'Within the four-fifths rule', test: /within the four-fifths rule/i },
  { label: 'Reference group', test: /privileged group|comparisons use/i },
];

/** Every attribute's findings grouped by kind with counts ("Groups too small to compare (3)"), each prefixed with its attribute. */
export function groupedFindings(r: CheckedReport): { label: string; items: string[] }[] {
  const groups = FINDING_KINDS.map((k) => ({ label: k.label, items: [] as string[] }));
  const other = { label: 'Other', items: [] as string[] };
  for (const a of r.attributes) {
    for (const f of a.findings) {
      const k = FINDING_KINDS.findIndex((x) => x.test.test(f));
      (k >= 0 ? groups[k]! : other).items.push(`${a.attribute}: ${f}`);
    }
  }
  return [...groups, other].filter((g) => g.items.length);
}

/**
 * Splits a finding that ends in a long list of groups ("43 group(s) of a & b & c have fewer than 30 rows … (still
 * listed with their own numbers): x (n=13), y (n=4), …") into its sentence and the names, so the panel can fold the
 * list (a three-way intersection made a wall of text). Short lists (up to `keep` groups) stay inline: null.
 */
export function foldGroupList(text: string, keep = 6): { head: string; names: string[] } | null {
  const m = /^(.*?(?:still listed with their own numbers\)|left out of the comparisons)): (.+)\.$/s.exec(text);
  if (!m) return null;
  const names = m[2]!.match(/[^,]+?\(n=\d+\)(?=,|$)/g)?.map((x) => x.trim()) ?? [];
  if (names.length <= keep) return null;
  const head = m[1]!.replace(/\b(\d+) group\(s\)/, (_x, n: string) => `${n} ${n === '1' ? 'group' : 'groups'}`);
  return { head: `${head}.`, names };
}
