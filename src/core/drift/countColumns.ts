import type { Engine, RunOptions } from '../data/engine';
import { traced } from '../data/engine';
import { engineMemoryBytes } from '../data/engineMemory';
import { groupFileScan } from '../data/groupFileView';
import { mapLimit } from '../data/mapLimit';
import type { PlanExecutor } from '../plan/executor';
import type { Source } from '../plan/plan';
import { renderPlan } from '../plan/render';
import { countPlan, countValues } from './pullSamples';
import { SEPARATOR, SortedCounts } from './sortedCounts';

/** A column whose category counts are wanted (numeric: counted as DOUBLE text, finite values only; countPlan). */
export interface CountRequest {
  column: string;
  numeric: boolean;
}

/**
 * A count branch's source: a whole wide CSV's group-file view is read from the one file holding the column
 * (data/groupFileView.ts: every branch over the view bound all its files); any other source as it is.
 */
function columnSource(engine: Engine, s: Source, column: string): Source {
  const scan = s.kind === 'relation' && !s.where ? groupFileScan(engine, s.relation, column) : undefined;
  return scan ? { kind: 'relation', relation: scan } : s;
}

/** Columns counted one query each on engines without the grouped path (as before: a few in flight). */
const COUNT_QUERIES_IN_FLIGHT = 4;
/** Bytes of hash table assumed per row of one counted column (a key of up to ~30 bytes, its count, the table's slack). */
const BYTES_PER_ROW = 64;
/** Per statement: at least / at most this many GROUP BY branches (each its own hash table). */
const MIN_BRANCHES = 4;
const MAX_BRANCHES = 128;
/** Grouped count statements run at once, sharing one statement's budget of branches (branchesPerStatement). */
export const STATEMENTS_IN_FLIGHT = 2;

/**
 * Category counts of many columns of one or two sources, as countValues would return them (the same keys, the
 * same numbers), in few statements: on the embedded engine every (column, side) is one GROUP BY branch of a
 * UNION ALL (DuckDB reads only that column, the branches run on its threads, one statement pays the file's
 * footer and planning once), with as many branches per statement as fit a quarter of the memory limit, and
 * the rows read straight from DuckDB's vectors. A wide file (1,000 columns) otherwise pays one query per column
 * and side (600 statements, each parsing a 1,000-column Parquet footer). Elsewhere (executors without the
 * `embedded` capability) one query per column.
 */
export async function countColumns(exec: PlanExecutor, sources: readonly (Source)[], columns: readonly CountRequest[], rows: number, options: RunOptions = {}): Promise<SortedCounts[][]> {
  const embedded = exec.capabilities?.embedded;
  const one = async (s: Source, c: CountRequest) => SortedCounts.from(await countValues(exec, s, c.column, c.numeric, options));
  if (!embedded || columns.length < 2) {
    return mapLimit(columns, COUNT_QUERIES_IN_FLIGHT, (c) => Promise.all(sources.map((s) => one(s, c))));
  }
  const none = SortedCounts.from([]);
  const out = columns.map(() => sources.map(() => none));
  const jobs = columns.flatMap((c, i) => sources.map((s, side) => ({ c, i, side, s })));
  // The budget's branches go as STATEMENTS_IN_FLIGHT statements at once, each with its share: DuckDB runs a
  // statement's UNION ALL branches (one Parquet row group each on a 100k-row side) mostly on one thread, two
  // statements use both (the same hash tables in flight, so the same memory bound).
  const perStatement = Math.max(1, Math.floor((await branchesPerStatement(embedded.db, rows, options)) / STATEMENTS_IN_FLIGHT));
  const redo: (typeof jobs)[number][] = [];
  const batches: (typeof jobs)[] = [];
  for (let start = 0; start < jobs.length; start += perStatement) batches.push(jobs.slice(start, start + perStatement));
  await mapLimit(batches, STATEMENTS_IN_FLIGHT, async (batch) => {
    // One row per branch: its counts and keys as one string ('count:key' joined by SEPARATOR), so that JavaScript
    // reads one value per column instead of a non-inlined string per category (~3 µs each: 8.6M of them), and
    // keeps that string as it is (SortedCounts), not a string per key. One ordered aggregate per branch: keys and
    // counts as two (string_agg … ORDER BY each) ran a 140-column drift out of memory at 128 MB.
    // In key order: the tests, unseen categories and charts then merge both sides' counts instead of sorting their
    // union (mergedCounts.ts; a key order JavaScript disagrees with is sorted by SortedCounts).
    const sql = batch.map((j, b) => `SELECT ${b}::INTEGER AS "b", count(*)::BIGINT AS "m", string_agg(CAST("n" AS VARCHAR) || ':' || "k", chr(${SEPARATOR.charCodeAt(0)}) ORDER BY "k") AS "s" FROM (${renderPlan({ source: columnSource(embedded.db, j.s, j.c.column), ...countPlan(j.c.column, j.c.numeric) }, embedded.dialect)}) AS q${b}`).join('\nUNION ALL\n');
    await embedded.db.withConnection(options, async (conn) => {
      const result = await traced(sql, () => conn.run(sql));
      for (let k = 0; k < result.chunkCount; k++) {
        const chunk = result.getChunk(k);
        const [bv, mv, sv] = [0, 1, 2].map((c) => chunk.getColumnVector(c));
        for (let r = 0; r < chunk.rowCount; r++) {
          const j = batch[Number(bv!.getItem(r))]!;
          const m = Number(mv!.getItem(r));
          const text = sv!.getItem(r);
          if (m === 0 || text === null) continue;
          // A key holding the separator splits into more parts than categories: that column is counted alone.
          const got = SortedCounts.fromPairs(String(text), m);
          if (got) out[j.i]![j.side] = got;
          else redo.push(j);
        }
      }
    });
  });
  for (const j of redo) out[j.i]![j.side] = await one(j.s, j.c);
  return out;
}

/** GROUP BY branches per statement: a quarter of the memory limit over one branch's hash table (rows × BYTES_PER_ROW). */
async function branchesPerStatement(db: Engine, rows: number, options: RunOptions): Promise<number> {
  const limit = await engineMemoryBytes(db, options);
  return Math.max(MIN_BRANCHES, Math.min(MAX_BRANCHES, Math.floor((0.25 * limit) / (Math.max(1, rows) * BYTES_PER_ROW))));
}
