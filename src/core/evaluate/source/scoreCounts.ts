/**
 * A binary score's rows as counts per distinct score, split by label: what a GROUP BY (score, label) plan
 * returns, and all the evaluation needs (metrics and their bootstrap cells from the labelled counts; score drift,
 * the low-confidence share and CBPE from every usable score, rebuilt in memory as a sorted array).
 */
import { InputError } from '../../errors';
import type { PlanRow } from '../../plan/plan';

/** Distinct scores with their positive, negative and unlabelled counts. */
export interface ScoreCounts { pos: Map<number, number>; neg: Map<number, number>; unl: Map<number, number> }

/** Usable rows whose scores are rebuilt in memory for score drift and CBPE (8 bytes each): 400 MB. */
export const MAX_EXPANDED_ROWS = 50_000_000;

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

export const emptyCounts = (): ScoreCounts => ({ pos: new Map(), neg: new Map(), unl: new Map() });

/** Adds a plan row `{ s, y, n }` (y 1, 0 or NULL: unlabelled). */
export function addCountRow(c: ScoreCounts, r: PlanRow): void {
  const y = r['y'];
  const m = y === null || y === undefined ? c.unl : num(y) === 1 ? c.pos : c.neg;
  const s = num(r['s']);
  m.set(s, (m.get(s) ?? 0) + num(r['n']));
}

export function countsOf(rows: readonly PlanRow[]): ScoreCounts {
  const c = emptyCounts();
  for (const r of rows) addCountRow(c, r);
  return c;
}

export function sumOf(m: Map<number, number>): number {
  let t = 0;
  for (const n of m.values()) t += n;
  return t;
}

export const labeledOf = (c: ScoreCounts): number => sumOf(c.pos) + sumOf(c.neg);
export const usableOf = (c: ScoreCounts): number => labeledOf(c) + sumOf(c.unl);

/** Distinct labelled scores from the highest down with their positive and negative counts (summarizeBinaryCounts' input). */
export function descending(c: ScoreCounts): { scores: Float64Array; pos: Float64Array; neg: Float64Array } {
  const scores = Float64Array.from(new Set([...c.pos.keys(), ...c.neg.keys()])).sort().reverse();
  return { scores, pos: Float64Array.from(scores, (s) => c.pos.get(s) ?? 0), neg: Float64Array.from(scores, (s) => c.neg.get(s) ?? 0) };
}

/** The multiset of scores of the given counts as an ascending array (what the file path sorts from its rows). */
export function expand(...maps: Map<number, number>[]): Float64Array {
  const all = new Map<number, number>();
  for (const m of maps) for (const [s, n] of m) all.set(s, (all.get(s) ?? 0) + n);
  const keys = Float64Array.from(all.keys()).sort();
  let total = 0;
  for (const k of keys) total += all.get(k)!;
  const out = new Float64Array(total);
  let at = 0;
  for (const k of keys) { const n = all.get(k)!; out.fill(k, at, at + n); at += n; }
  return out;
}

/** Refuses to rebuild more than MAX_EXPANDED_ROWS scores in memory; `what` names the rows and `fix` how to narrow them. */
export function guardExpanded(rows: number, what: string, fix: string): void {
  if (rows > MAX_EXPANDED_ROWS) throw new InputError('TOO_MANY_ROWS', `evaluate --source: ${what} has ${rows.toLocaleString('en-US')} usable rows; score drift, the low-confidence share and CBPE rebuild its scores here from their counts (8 bytes a row), and stop above ${MAX_EXPANDED_ROWS.toLocaleString('en-US')} rows. ${fix}`, { rows, limit: MAX_EXPANDED_ROWS });
}
