import type { ColumnDrift, DriftReport } from './driftReport';
import { formatNumber as f } from '../profile/formatNumber';

/** "wasserstein ≈ 0.0312 (exact value in [0.0207, 0.0418]): not drifted" for a column from sketches. */
export function sketchFigure(c: ColumnDrift): string {
  const a = c.approximate;
  if (!a) return '';
  if (c.details.error) return `not tested: ${c.details.error.message}`;
  const what = c.details.scoreKind === 'pValue' ? `${c.test} D ≈ ${f(c.statistic)} (exact value in [${f(a.statistic.lower)}, ${f(a.statistic.upper)}]), p ≈ ${f(c.pValue)} (exact value in [${f(a.score.lower)}, ${f(a.score.upper)}])` : `${c.test} ≈ ${f(c.score)} (exact value in [${f(a.score.lower)}, ${f(a.score.upper)}]${a.units ? `; ${f(a.units.lower)} to ${f(a.units.upper)} in the column's units` : ''})`;
  const verdict = a.decision === 'undecided' ? `undecided within the sketch error (threshold ${f(c.threshold)})` : a.decision;
  return `${what}: ${verdict}`;
}

/** What a reader must know about the figures from sketches: one line per such column, then the dataset's undecided verdict. */
export function sketchNotes(r: DriftReport): string[] {
  if (!r.approximate) return [];
  const cols = [...r.columns, ...(r.target ? [r.target] : []), ...(r.prediction ? [r.prediction] : [])].filter((c) => c.approximate);
  const out = [`drift of ${cols.length} column${cols.length === 1 ? '' : 's'} estimated from sketches (approximate; every other column is exact):`];
  // The reason once when every column shares it (the usual case: the same big parts).
  const reasons = new Set(cols.map((c) => c.approximate!.reason));
  for (const c of cols) out.push(`  ${c.column}: ${sketchFigure(c)}${reasons.size > 1 ? `; ${c.approximate!.reason}` : ''}.`);
  if (reasons.size === 1) out.push(`why: ${[...reasons][0]}.`);
  const d = r.dataset;
  if (d.undecided) out.push(`dataset drift cannot be excluded: ${d.undecidedColumns} undecided column${d.undecidedColumns === 1 ? '' : 's'} could bring the drifted share to ${f(d.driftShare)} or more.`);
  out.push(`for exact figures run 'model-lens drift' on the files, or make smaller parts (at most 10,000 distinct values per column and part).`);
  return out;
}
