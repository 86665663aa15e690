import { repeatedRowsBound } from './duplicateEstimate';
import type { ColumnProfile, DatasetProfile, NumericSummary } from './types';

/** A relative error as a short percentage: 0.0123 → "1.2%", 0.000004 → "0.0004%". */
export function percent(fraction: number): string {
  const p = 100 * fraction;
  return `${p >= 10 ? p.toFixed(0) : Number(p.toPrecision(2))}%`;
}

/** "estimated (±x%)" for an estimate with a relative standard error. */
export function estimatedText(relativeError: number): string {
  return `estimated (±${percent(relativeError)})`;
}

/** The duplicate-row count as shown: exact, or the estimate with its error (one standard error). */
export function duplicatesText(p: Pick<DatasetProfile, 'duplicateRows' | 'duplicateRowsEstimate'>): string {
  const e = p.duplicateRowsEstimate;
  if (!e) return String(p.duplicateRows);
  if (e.relativeError === null) return `0, estimated (none in a 1-in-${e.sampleRate} sample of distinct rows: 95% sure fewer than ${repeatedRowsBound(e.sampleRate)} distinct rows repeat)`;
  return `≈ ${p.duplicateRows}, ${estimatedText(e.relativeError)}`;
}

/** A column's distinct count as shown: exact, or "≈ n, estimated (±x%)". */
export function distinctText(c: Pick<ColumnProfile, 'distinct' | 'approximateDistinct' | 'distinctRelativeError'>): string {
  if (!c.approximateDistinct) return String(c.distinct);
  return c.distinctRelativeError === undefined ? `≈ ${c.distinct}` : `≈ ${c.distinct}, ${estimatedText(c.distinctRelativeError)}`;
}

/** The note on a column's quantiles when they are estimates (fine bins, a merged sketch, or the engine's sketch), else ''. */
export function quantilesNote(n: Pick<NumericSummary, 'approximateQuantiles' | 'quantileRankError' | 'quantileRelativeError'>): string {
  if (!n.approximateQuantiles) return '';
  if (n.quantileRelativeError !== undefined) return `estimated (±${percent(n.quantileRelativeError)} of the value, merged log-bucket sketch)`;
  return n.quantileRankError === undefined ? "estimated (the engine's sketch)" : `estimated (±${percent(n.quantileRankError)} of rows in rank)`;
}
