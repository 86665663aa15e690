import { differenceBetweenGroups, ratioBetweenGroups, type Comparison } from './disparity';
import type { GroupingQuery } from './groupingSql';
import { quoteIdent } from './sql';
import type { BiasData } from './biasData';

/**
 * Regression audit (continuous label and prediction): per group n, mean prediction, mean label,
 * MAE = Σ|ŷ−y|/n and RMSE = √(Σ(ŷ−y)²/n) (sklearn.metrics mean_absolute_error,
 * mean_squared_error(squared=False)), from one GROUPING SETS query of additive sums; then for each
 * metric the between-groups difference (max − min) and ratio (min / max; undefined when a value is
 * negative), with the same small-group rule as classification.
 */
export const REGRESSION_METRICS = ['meanPrediction', 'meanLabel', 'mae', 'rmse'] as const;
export type RegressionMetricId = (typeof REGRESSION_METRICS)[number];

export interface RegressionGroup {
  group: string;
  n: number;
  small: boolean;
  meanPrediction: number;
  meanLabel: number;
  mae: number;
  rmse: number;
}

export interface RegressionAttributeReport {
  attribute: string;
  groups: RegressionGroup[];
  overall: Omit<RegressionGroup, 'group' | 'small'>;
  metrics: Record<string, number | null>;
  metricNotes: Record<string, string>;
  findings: string[];
}

const LABELS: Record<RegressionMetricId, string> = { meanPrediction: 'Mean prediction', meanLabel: 'Mean actual value', mae: 'Mean absolute error', rmse: 'Root mean squared error' };

/** Plain-language findings: the range of each metric over the compared groups, and the small groups left out. */
export function regressionFindings(attribute: string, groups: readonly RegressionGroup[], minGroupSize: number): string[] {
  const out: string[] = [];
  const big = groups.filter((g) => !g.small);
  const small = groups.filter((g) => g.small);
  if (small.length > 0) out.push(`${small.length} group(s) of ${attribute} have fewer than ${minGroupSize} rows and are left out of the comparisons: ${small.map((g) => `${g.group} (n=${g.n})`).join(', ')}.`);
  if (big.length < 2) return [...out, `Fewer than two groups of ${attribute} to compare.`];
  for (const m of ['mae', 'meanPrediction'] as const) {
    const lo = big.reduce((a, b) => (b[m] < a[m] ? b : a));
    const hi = big.reduce((a, b) => (b[m] > a[m] ? b : a));
    out.push(`${LABELS[m]} ranges from ${lo[m].toPrecision(4)} (${attribute}=${lo.group}) to ${hi[m].toPrecision(4)} (${attribute}=${hi.group}).`);
  }
  return out;
}

export function regressionQuery(from: string, attributes: readonly string[], label: string, prediction: string): GroupingQuery {
  const y = quoteIdent(label);
  const p = quoteIdent(prediction);
  return {
    from, attributes, strategy: 'groupingSets', where: `${y} IS NOT NULL AND ${p} IS NOT NULL`,
    aggregates: [
      { name: 'n', expr: 'COUNT(*)' }, { name: 'sumP', expr: `SUM(${p})` }, { name: 'sumY', expr: `SUM(${y})` },
      { name: 'sumAbs', expr: `SUM(ABS(${p} - ${y}))` }, { name: 'sumSq', expr: `SUM((${p} - ${y}) * (${p} - ${y}))` },
    ],
  };
}

export async function regressionAudit(data: BiasData, attributes: readonly string[], label: string, prediction: string, minGroupSize: number): Promise<RegressionAttributeReport[]> {
  const rows = await data.regressionRows(attributes, label, prediction);
  const toGroup = (r: (typeof rows)[number]): RegressionGroup => {
    const n = r.stats['n'] ?? 0;
    return { group: r.group, n, small: n < minGroupSize, meanPrediction: (r.stats['sumP'] ?? 0) / n, meanLabel: (r.stats['sumY'] ?? 0) / n, mae: (r.stats['sumAbs'] ?? 0) / n, rmse: Math.sqrt((r.stats['sumSq'] ?? 0) / n) };
  };
  const overallRow = rows.find((r) => r.indices.length === 0);
  const { group: _g, small: _s, ...overall } = overallRow ? toGroup(overallRow) : { group: '', small: false, n: 0, meanPrediction: 0, meanLabel: 0, mae: 0, rmse: 0 };
  const byAttr = new Map<string, RegressionGroup[]>();
  for (const r of rows) if (r.indices.length > 0) byAttr.set(r.attribute, [...(byAttr.get(r.attribute) ?? []), toGroup(r)]);
  return [...byAttr.entries()].map(([attribute, groups]) => {
    const metrics: Record<string, number | null> = {};
    const notes: Record<string, string> = {};
    for (const m of REGRESSION_METRICS) {
      const series = groups.map((g) => ({ group: g.group, small: g.small, value: { value: g[m] } }));
      const d = differenceBetweenGroups(series);
      let r: Comparison = ratioBetweenGroups(series);
      if (groups.some((g) => !g.small && g[m] < 0)) r = { value: null, reason: 'some values are negative, so min/max is not meaningful', excludedSmall: [], excludedUndefined: [] };
      metrics[`${m}Difference`] = d.value;
      metrics[`${m}Ratio`] = r.value;
      if (d.reason !== undefined) notes[`${m}Difference`] = d.reason;
      if (r.reason !== undefined) notes[`${m}Ratio`] = r.reason;
    }
    return { attribute, groups, overall, metrics, metricNotes: notes, findings: regressionFindings(attribute, groups, minGroupSize) };
  });
}
