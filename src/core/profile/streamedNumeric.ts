import type { ColumnInfo } from '../data/dataset';
import type { RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import { col } from '../plan/expr';
import type { Source } from '../plan/plan';
import { renderPlan } from '../plan/render';
import type { FineRows } from './fineBins';
import { num } from './firstPassColumns';
import { streamNumeric, type StreamedColumn } from './numericStream';
import { firstPassRow, firstPassSamplePlans, isFloating, momentsPlan, NUMERIC_TYPE } from './profileSql';
import { distinctAsDouble } from './sortedValues';

export type { StreamedColumn } from './numericStream';

/**
 * The long Parquet profile's numeric columns in one streamed read (issue 18). Above the exact-size limit each
 * numeric column was read three times: the first pass (min, max, mean, std, finite count, distinct sample), the
 * fine bins (a GROUP BY of 5,120 groups per column: 4.5 of ~14 CPU-s of the 10M × 20 Parquet profile) with the
 * edge counts after them, and for few values the value counts. The fine bins need the column's finite min and
 * max before the read; a Parquet footer holds every row group's min and max, and DuckDB answers min(x) and
 * max(x) from it without reading the data (footerExtremes). Where those are finite they are the finite values'
 * extremes (a finite min rules out −Infinity, a finite max +Infinity and NaN, which DuckDB orders above
 * everything, unless the writer left NaN out of the statistics, as the finite extremes do too), so
 * numericStream.ts reads each such column once for all of it; the stream checks the extremes it reads against
 * the footer's, and a column where they differ gets the first pass's own aggregates and the SQL passes.
 */

/** A numeric column's finite min and max from the footer, by column index. */
export type Extremes = Map<number, { min: number; max: number }>;

/**
 * min(x) and max(x) of the numeric columns given, where DuckDB answers them from the file's statistics (EXPLAIN
 * shows no aggregate and no scan left) and both are finite. DuckDB folds a column's min and max only when every
 * row group has them (a column holding NaN has none from DuckDB's writer), and a query with one column it cannot
 * fold reads every column: so all at once first, then each column alone (~2 ms an EXPLAIN), and the query only
 * over those folded.
 */
export async function footerExtremes(exec: PlanExecutor, source: Source, columns: readonly { index: number; column: ColumnInfo }[], options: RunOptions = {}): Promise<Extremes> {
  const embedded = exec.capabilities?.embedded;
  const out: Extremes = new Map();
  if (!embedded || columns.length === 0) return out;
  const sqlOf = (cs: readonly { index: number; column: ColumnInfo }[]) => renderPlan({
    source,
    aggregates: cs.flatMap(({ index, column }) => [
      { name: `c${index}_min`, agg: { fn: 'min', arg: col(column.name) }, type: 'double' as const },
      { name: `c${index}_max`, agg: { fn: 'max', arg: col(column.name) }, type: 'double' as const },
    ]),
  }, embedded.dialect);
  const folded = async (cs: readonly { index: number; column: ColumnInfo }[]) => {
    const plan = (await embedded.db.run(`EXPLAIN ${sqlOf(cs)}`, options)).map((r) => String(r['explain_value'] ?? '')).join('\n');
    return !/AGGREGATE|SCAN/i.test(plan.replace(/COLUMN_DATA_SCAN/g, ''));
  };
  let from = columns;
  if (!(await folded(columns))) {
    const each: { index: number; column: ColumnInfo }[] = [];
    for (const c of columns) if (await folded([c])) each.push(c);
    from = each;
  }
  if (!from.length) return out;
  const row = (await embedded.db.run(sqlOf(from), options))[0] ?? {};
  for (const { index } of from) {
    const min = num(row[`c${index}_min`]);
    const max = num(row[`c${index}_max`]);
    if (min !== null && max !== null && Number.isFinite(min) && Number.isFinite(max)) out.set(index, { min, max });
  }
  return out;
}

/** The histogram's range of a column from its extremes, as the second pass takes it (a single value: ±0.5). */
export function histogramRange(min: number, max: number): [number, number] {
  return min === max ? [min - 0.5, max + 0.5] : [min, max];
}

/**
 * Whether a column's values stay distinct as doubles, so that its distinct count can be counted from its values
 * read as doubles: sortedValues.distinctAsDouble's types, FLOAT, and 64-bit integers within ±2^53.
 */
export function samplesAsDouble(type: string, e: { min: number; max: number }): boolean {
  if (distinctAsDouble(type) || /^(FLOAT|REAL)$/i.test(type)) return true;
  return /^(BIGINT|UBIGINT)$/i.test(type) && Math.abs(e.min) <= 2 ** 53 && Math.abs(e.max) <= 2 ** 53;
}

/** The numeric columns streamed beside the first pass, and which of them keep distinct values as doubles. */
export interface StreamPlan {
  extremes: Extremes;
  /** Column index → whether its values stay distinct as doubles (samplesAsDouble). */
  streamed: Map<number, boolean>;
}

/** Which numeric columns to stream: those with finite footer extremes (none without the streamDoubles fast path). */
export async function planStream(exec: PlanExecutor, source: Source, columns: readonly ColumnInfo[], options: RunOptions = {}): Promise<StreamPlan> {
  const numeric = exec.fast.streamDoubles ? columns.flatMap((column, index) => (NUMERIC_TYPE.test(column.type) ? [{ index, column }] : [])) : [];
  const extremes = await footerExtremes(exec, source, numeric, options);
  const streamed = new Map<number, boolean>();
  for (const [i, e] of extremes) streamed.set(i, samplesAsDouble(columns[i]!.type, e));
  return { extremes, streamed };
}

/**
 * Streams at once (each its own connection, every STREAM_PARTS-th column). DuckDB fills a stream's buffer only while
 * it has room and the JS thread takes one chunk at a time: one stream of the 10M × 20 Parquet file's 13 numeric
 * columns alone left its JS thread idle 1.4 of 3.8 s, and ended last in the profile. Two overlap one's reading with
 * the other's accumulation: the profile 5.06–5.41 s against 5.44–6.12 s (five A/B pairs, every one faster; CPU
 * the same, 8.8–9.3 against 8.7–10.0 s; scans 1.45–1.50 s).
 */
export const STREAM_PARTS = 2;

/** Runs the stream of planStream's columns, in up to `parts` streams at once; by column index. */
export async function runStream(exec: PlanExecutor, source: Source, columns: readonly ColumnInfo[], plan: StreamPlan, bins: number, options: RunOptions & { rows?: number } = {}, parts = STREAM_PARTS): Promise<Map<number, StreamedColumn>> {
  const index = [...plan.streamed.keys()].sort((a, b) => a - b);
  const groups = Array.from({ length: Math.max(1, Math.min(parts, index.length)) }, (_g, p) => index.filter((_i, k) => k % parts === p));
  const done = groups.map(() => 0);
  const progress = options.onProgress;
  const reads = await Promise.all(groups.map((group, p) => {
    const targets = group.map((i) => {
      const e = plan.extremes.get(i)!;
      const [first, last] = histogramRange(e.min, e.max);
      return { name: columns[i]!.name, first, last };
    });
    // The streams' progress together: the mean of each one's share read.
    const onProgress = progress && ((f: number) => { done[p] = f; progress(done.reduce((a, b) => a + b, 0) / groups.length); });
    return streamNumeric(exec, source, targets, bins, { ...options, ...(onProgress ? { onProgress } : {}) });
  }));
  return new Map(groups.flatMap((group, p) => group.map((i, k) => [i, reads[p]![k]!] as const)));
}

/**
 * Puts the streamed columns' first-pass figures into the first pass's row (c{i}_nn, _min, _max, _mean, _std and,
 * for FLOAT/DOUBLE, _finite) and returns those whose bins hold. A column whose read extremes are not
 * the footer's (statistics that do not describe the data) gets the first pass's own aggregates instead, and no
 * streamed bins; a mean or std that overflowed comes from DuckDB's avg and stddev_samp, which give the result (or
 * the error) the first pass would have.
 */
export async function completeStreamed(exec: PlanExecutor, source: Source, columns: readonly ColumnInfo[], first: Record<string, unknown>, plan: StreamPlan, read: Map<number, StreamedColumn>, signal: AbortSignal): Promise<Map<number, StreamedColumn>> {
  const moments: { index: number; column: ColumnInfo }[] = [];
  for (const [i, s] of read) {
    const e = plan.extremes.get(i)!;
    const column = columns[i]!;
    if (s.min !== e.min || s.max !== e.max) {
      const { plans } = firstPassSamplePlans(source, [column]);
      Object.assign(first, firstPassRow(await exec.runAll(plans, { signal }), [i]));
      read.delete(i);
      continue;
    }
    Object.assign(first, { [`c${i}_nn`]: s.nonNull, [`c${i}_min`]: s.min, [`c${i}_max`]: s.max, [`c${i}_mean`]: s.mean, [`c${i}_std`]: s.std });
    if (isFloating(column.type)) first[`c${i}_finite`] = s.finite;
    if ((s.mean !== null && !Number.isFinite(s.mean)) || (s.std !== null && !Number.isFinite(s.std))) moments.push({ index: i, column });
  }
  if (moments.length) Object.assign(first, (await exec.run(momentsPlan(source, moments), { signal }))[0] ?? {});
  return read;
}

/**
 * The exact distinct count of a streamed column whose fine bins each hold one value (the values as doubles are
 * the column's own, samplesAsDouble): the bins plus one per kind of non-finite value (count DISTINCT's NaN,
 * +Infinity, −Infinity). Undefined otherwise.
 */
export function exactDistinctOfStream(s: StreamedColumn | undefined, asDouble: boolean): number | undefined {
  if (!s || !asDouble || s.histogram === undefined) return undefined;
  return valueCountsOfBins(s.fine) ? s.fine.f.length + s.nonFiniteKinds : undefined;
}

/**
 * A column's value counts from its fine bins when every bin holds one value (lo = hi): what valueCountsPlan's
 * GROUP BY would give, without reading the column again. Undefined when some bin holds several values.
 */
export function valueCountsOfBins(fine: FineRows): [number, number][] | undefined {
  const pairs: [number, number][] = [];
  for (let j = 0; j < fine.f.length; j++) {
    if (fine.lo[j] !== fine.hi[j]) return undefined;
    pairs.push([fine.lo[j]!, fine.n[j]!]);
  }
  return pairs;
}
