import type { ColumnProfile, DatasetProfile } from '../profile/types';
import { formatCount, formatPercent } from '../render/numbers';
import { listWords, plural, type Verdict } from './types';
import { duplicatesText } from '../profile/estimateText';

/** What needs attention in a column, in the order a person should look. */
export type AttentionKind = 'mostlyMissing' | 'constant' | 'skewed' | 'dominant';

export interface Attention {
  kind: AttentionKind;
  column: string;
  /** One line, e.g. "notes is 45% missing". */
  text: string;
  /** For sorting within a kind (larger = worse). */
  weight: number;
}

export const ATTENTION_LABEL: Record<AttentionKind, string> = {
  mostlyMissing: 'Mostly missing',
  constant: 'Constant',
  skewed: 'Heavily skewed',
  dominant: 'One value dominates',
};

/** Thresholds of the profile's attention summary. */
export const ATTENTION = { missingShare: 0.2, dominantShare: 0.95, skewRatio: 10 } as const;

/**
 * Columns that need attention: ≥ 20% missing; a single distinct value; numeric columns whose p99 is more than 10
 * interquartile ranges above the median (a long tail that dominates the mean); one category covering ≥ 95% of rows.
 * Pure: a function of the profile only.
 */
export function attention(p: DatasetProfile): Attention[] {
  const out: Attention[] = [];
  for (const c of p.columns) {
    const share = c.missingPct / 100;
    if (share >= ATTENTION.missingShare) out.push({ kind: 'mostlyMissing', column: c.name, text: `${c.name} is ${formatPercent(share)} missing`, weight: share });
    if (c.distinct === 1 && c.missing < p.rows) out.push({ kind: 'constant', column: c.name, text: `${c.name} holds one value${c.top?.[0] ? ` (${c.top[0].value})` : ''}`, weight: 1 });
    const skew = skewRatio(c);
    if (skew !== null && skew > ATTENTION.skewRatio) out.push({ kind: 'skewed', column: c.name, text: `${c.name} has a long tail (p99 is ${formatCount(skew)} IQRs above the median)`, weight: skew });
    const top = c.top?.[0];
    if (c.kind !== 'numeric' && c.distinct > 1 && top && top.pct / 100 >= ATTENTION.dominantShare) out.push({ kind: 'dominant', column: c.name, text: `${c.name} is '${top.value}' in ${formatPercent(top.pct / 100)} of rows`, weight: top.pct });
  }
  const order: AttentionKind[] = ['mostlyMissing', 'constant', 'skewed', 'dominant'];
  return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || b.weight - a.weight);
}

function skewRatio(c: ColumnProfile): number | null {
  const q = c.numeric?.quantiles;
  if (!q || q.p25 === null || q.p50 === null || q.p75 === null || q.p99 === null) return null;
  const iqr = q.p75 - q.p25;
  if (!(iqr > 0)) return null;
  return (q.p99 - q.p50) / iqr;
}

/** The profile's verdict card: 'warn' when columns need attention or rows repeat (≥ 1%), else 'pass'. */
export function profileVerdict(p: DatasetProfile): Verdict {
  const items = attention(p);
  const dupShare = p.rows ? p.duplicateRows / p.rows : 0;
  const columns = [...new Set(items.map((a) => a.column))];
  const status: Verdict['status'] = items.length || dupShare >= 0.01 || p.issues.some((i) => i.severity === 'error') ? 'warn' : 'pass';
  const parts = [columns.length ? `${plural(columns.length, 'column')} need${columns.length === 1 ? 's' : ''} attention: ${listWords(items.map((a) => a.text))}` : '', dupShare >= 0.01 ? `${p.duplicateRowsEstimate ? 'about ' : ''}${formatPercent(dupShare)} of rows are duplicates` : ''].filter(Boolean);
  const headline = parts.length ? `${parts.join('; ')}.` : `Nothing stands out: no column is mostly missing, constant, heavily skewed or dominated by one value.`;
  return {
    status,
    headline,
    reasons: items.map((a) => `${ATTENTION_LABEL[a.kind]}: ${a.text}.`),
    numbers: [
      { label: 'Rows', value: formatCount(p.rows) },
      { label: 'Columns', value: formatCount(p.columnCount) },
      { label: 'Duplicate rows', value: p.duplicateRowsEstimate ? duplicatesText(p, formatCount) : `${formatCount(p.duplicateRows)}${p.duplicateRows ? ` (${formatPercent(dupShare)})` : ''}`, hint: 'Rows equal to an earlier row in every column.' },
    ],
  };
}
