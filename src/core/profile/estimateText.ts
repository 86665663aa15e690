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

/** How a count is written: digits alone (Markdown, JSON-adjacent text) or with separators (panels: render/numbers' formatCount). */
type Count = (n: number) => string;

/** The duplicate-row count as shown: exact, or the estimate with its error (one standard error). */
export function duplicatesText(p: Pick<DatasetProfile, 'duplicateRows' | 'duplicateRowsEstimate'>, count: Count = String): string {
  const e = p.duplicateRowsEstimate;
  if (!e) return count(p.duplicateRows);
  if (e.relativeError === null) return `0, estimated (none in a 1-in-${e.sampleRate} sample of distinct rows: 95% sure fewer than ${count(repeatedRowsBound(e.sampleRate))} distinct rows repeat)`;
  return `≈ ${count(p.duplicateRows)}, ${estimatedText(e.relativeError)}`;
}

/** A column's distinct count as shown: exact, or "≈ n, estimated (±x%)". */
export function distinctText(c: Pick<ColumnProfile, 'distinct' | 'approximateDistinct' | 'distinctRelativeError'>, count: Count = String): string {
  if (!c.approximateDistinct) return count(c.distinct);
  return c.distinctRelativeError === undefined ? `≈ ${count(c.distinct)}` : `≈ ${count(c.distinct)}, ${estimatedText(c.distinctRelativeError)}`;
}

/** The same in a table cell: "≈ n" without the error, which distinctText gives for the cell's title and the column's detail. */
export function distinctCell(c: Pick<ColumnProfile, 'distinct' | 'approximateDistinct'>, count: Count = String): string {
  return c.approximateDistinct ? `≈ ${count(c.distinct)}` : count(c.distinct);
}

/** The note on a column's quantiles when they are estimates (fine bins, a merged sketch, or the engine's sketch), else ''. */
export function quantilesNote(n: Pick<NumericSummary, 'approximateQuantiles' | 'quantileRankError' | 'quantileRelativeError'>): string {
  if (!n.approximateQuantiles) return '';
  if (n.quantileRelativeError !== undefined) return `estimated (±${percent(n.quantileRelativeError)} of the value, merged log-bucket sketch)`;
  return n.quantileRankError === undefined ? "estimated (the engine's sketch)" : `estimated (±${percent(n.quantileRankError)} of rows in rank)`;
}
