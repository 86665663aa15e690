import type { ColumnDrift, DriftReport } from '../drift/driftReport';
import { formatCount, formatNumber, formatPercent, formatPValue } from '../render/numbers';
import { term } from '../render/vocabulary';
import { listWords, type KeyNumber, type Verdict } from './types';

/** Dataset drift overall or in any time window: the check fails and `model-lens drift` exits 1. */
export function driftDetected(r: DriftReport): boolean {
  return r.dataset.drifted || (r.windows ?? []).some((w) => w.dataset.drifted);
}

/** How far past its threshold a column is (> 1 drifted): threshold / p for p-values, distance / threshold otherwise. */
export function driftSeverity(c: ColumnDrift): number {
  if (c.score === null) return 0;
  if (c.details.scoreKind === 'pValue') return c.threshold / Math.max(c.score, 1e-300);
  return c.threshold > 0 ? c.score / c.threshold : c.score > 0 ? Infinity : 0;
}

/** "Chi-square test p < 0.001 (drift when p < 0.05)" or "PSI 0.31 (drift at 0.1 or more)". */
export function driftEvidence(c: ColumnDrift): string {
  if (c.details.error) return `not tested: ${c.details.error.message}`;
  const t = term(c.test);
  const value = c.details.scoreKind === 'pValue' ? `p ${formatPValue(c.score).startsWith('<') ? formatPValue(c.score) : `= ${formatPValue(c.score)}`}` : formatNumber(c.score);
  const rule = c.details.scoreKind === 'pValue' ? `drift when p < ${formatNumber(c.threshold)}` : `drift at ${formatNumber(c.threshold)} or more`;
  return `${t.name} ${value} (${rule})`;
}

/** Drifted columns, worst first. */
export function driftedWorstFirst(r: DriftReport): ColumnDrift[] {
  return r.columns.filter((c) => c.drifted).sort((a, b) => driftSeverity(b) - driftSeverity(a));
}

/**
 * The drift verdict: fail on dataset drift (overall or in a window), warn when some features or the target or
 * prediction drifted, pass otherwise. Reasons: each drifted column, worst first, then target and prediction.
 */
export function driftVerdict(r: DriftReport): Verdict {
  const d = r.dataset;
  const drifted = driftedWorstFirst(r);
  const names = drifted.map((c) => c.column);
  const share = `${formatPercent(d.share)} ${d.drifted ? '≥' : '<'} ${formatPercent(d.driftShare)}`;
  const windows = (r.windows ?? []).filter((w) => w.dataset.drifted);
  const outputs = [r.target && ['target', r.target] as const, r.prediction && ['prediction', r.prediction] as const].filter((x): x is readonly ['target' | 'prediction', ColumnDrift] => !!x);
  const outputDrift = outputs.filter(([, c]) => c.drifted);
  let headline: string;
  let status: Verdict['status'];
  if (d.undecided) {
    // Columns from sketches whose range straddles their threshold could tip the dataset verdict: not a pass.
    status = 'fail';
    headline = `Dataset drift cannot be excluded: ${d.driftedColumns} of ${d.totalColumns} features drifted and ${d.undecidedColumns} more are undecided within the sketch error (drift share ${formatPercent(d.driftShare)}).`;
  } else if (d.drifted) {
    status = 'fail';
    headline = `Dataset drift: ${d.driftedColumns} of ${d.totalColumns} features drifted (${share}), most in ${listWords(names)}.`;
  } else if (windows.length) {
    status = 'fail';
    const w = windows[0]!;
    headline = `Dataset drift in ${windows.length} of ${r.windows!.length} time windows (first from ${w.start.slice(0, 10)}: ${w.dataset.driftedColumns} of ${w.dataset.totalColumns} features).`;
  } else if (drifted.length || outputDrift.length) {
    status = 'warn';
    const undecided = d.undecidedColumns ? `${d.undecidedColumns} more undecided within the sketch error` : '';
    const parts = [drifted.length ? `${d.driftedColumns} of ${d.totalColumns} features drifted (${listWords(names)})` : '', undecided, ...outputDrift.map(([k, c]) => `the ${k} '${c.column}' drifted`)].filter(Boolean);
    headline = `Some drift, below the dataset-drift share (${share}): ${parts.join('; ')}.`;
  } else if (d.undecidedColumns) {
    status = 'warn';
    headline = `No dataset drift, but ${d.undecidedColumns} of ${d.totalColumns} features ${d.undecidedColumns === 1 ? 'is' : 'are'} undecided within the sketch error.`;
  } else {
    status = 'pass';
    headline = `No drift: none of the ${d.totalColumns} tested features drifted.`;
  }
  const reasons = drifted.map((c) => `${c.column}: ${driftEvidence(c)}${c.details.unseenCategories?.length ? `; new categories ${newCategoryWords(c)}` : ''}.`);
  for (const c of r.columns) if (c.approximate?.decision === 'undecided') reasons.push(`${c.column}: undecided within the sketch error, ${driftEvidence(c)}.`);
  for (const [k, c] of outputs) reasons.push(`${k === 'target' ? 'Target' : 'Prediction'} '${c.column}': ${c.drifted ? 'drifted' : 'stable'}, ${driftEvidence(c)}.`);
  const numbers: KeyNumber[] = [
    { label: 'Features drifted', value: `${formatCount(d.driftedColumns)} of ${formatCount(d.totalColumns)}`, hint: term('share').definition },
    { label: 'Drifted share', value: formatPercent(d.share), hint: `Dataset drift at ${formatPercent(d.driftShare)} or more.` },
  ];
  if (outputs.length) numbers.push({ label: outputs.map(([k]) => (k === 'target' ? 'Target' : 'Prediction')).join(' / '), value: outputs.map(([, c]) => (c.drifted ? 'drifted' : 'stable')).join(' / '), hint: 'Drift of the label and prediction columns, tested apart from the features.' });
  else numbers.push({ label: 'Rows (reference → current)', value: `${formatCount(r.reference.rows)} → ${formatCount(r.current.rows)}` });
  return { status, headline, reasons, numbers };
}

/** "'a', 'b', 'c' and 7,041 more": the first new categories and how many in all (the report lists at most 1,000). */
function newCategoryWords(c: ColumnDrift): string {
  const names = (c.details.unseenCategories ?? []).map((x) => `'${x}'`);
  const total = Math.max(c.details.unseenCategoryCount ?? 0, names.length);
  return total > 3 ? `${names.slice(0, 3).join(', ')} and ${formatCount(total - 3)} more` : listWords(names);
}
