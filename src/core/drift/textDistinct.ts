import type { ColumnInfo } from '../data/dataset';
import { exactDistinctCounts } from '../data/distinctCount';
import type { RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import type { Source } from '../plan/plan';
import { countColumns } from './countColumns';
import type { ColumnScan } from './driftSide';

/**
 * Exact distinct counts of a wide reference side's text columns from their category counts (issue 18). The
 * scan's count(DISTINCT) of a text column fed only its kind (inferKind), and a categorical or boolean column
 * is then counted by a GROUP BY anyway, whose groups are its distinct values: one hash table per column where
 * there were two. On 1,000 × 100k Parquet the reference's scan of its 300 text columns took 17 statements
 * and 8.7–9.9 CPU-s with the counts, one statement and 3.9–4.9 CPU-s without (05:23–05:25 UTC, load 4.5–5.7).
 * A column whose mean length already makes it text or an identifier (inferKind: never categorical or boolean
 * above LONG_TEXT) gets a plain count(DISTINCT) instead: its category counts would be thrown away.
 */
/** One side's category counts as countColumns gives them. */
export type SideCounts = Awaited<ReturnType<typeof countColumns>>[number][number];

export interface TextDistinct {
  distinct: number;
  /** The reference's category counts (countValues' keys and numbers), when the column was counted. */
  counts?: SideCounts;
}

/** Above this mean length a text column is `text` or `identifier` whatever its distinct count (inferKind.ts). */
const LONG_TEXT = 30;
/** Long text columns per count(DISTINCT) statement (one hash table of up to EXACT_DISTINCT_ROWS texts each). */
const LONG_PER_STATEMENT = 8;

/**
 * The distinct counts (and category counts) of the `later` columns (positions in `columns`) of one side, from
 * its scan without their count(DISTINCT) (scanSideInParts' distinctLater), keyed by position.
 */
export async function textDistinctCounts(exec: PlanExecutor, source: Source, rows: number, columns: readonly ColumnInfo[], scans: readonly ColumnScan[], later: ReadonlySet<number>, options: RunOptions = {}): Promise<Map<number, TextDistinct>> {
  const out = new Map<number, TextDistinct>();
  const counted: number[] = [];
  const long: number[] = [];
  for (const i of later) {
    const s = scans[i]!;
    if (s.nonNull === 0) out.set(i, { distinct: 0 });
    else if ((s.meanLength ?? 0) > LONG_TEXT) long.push(i);
    else counted.push(i);
  }
  const counts = await countColumns(exec, [source], counted.map((i) => ({ column: columns[i]!.name, numeric: false })), rows, options);
  counted.forEach((i, k) => out.set(i, { distinct: counts[k]![0]!.size, counts: counts[k]![0]! }));
  for (let start = 0; start < long.length; start += LONG_PER_STATEMENT) {
    const batch = long.slice(start, start + LONG_PER_STATEMENT);
    const d = await exactDistinctCounts(exec, source, batch.map((i) => columns[i]!.name), options);
    batch.forEach((i, k) => out.set(i, { distinct: d[k]! }));
  }
  return out;
}
