import type { ColumnInfo } from '../data/dataset';
import { distinctCounts, EXACT_DISTINCT_ROWS, type DistinctCount } from '../data/distinctCount';
import type { Engine, RunOptions } from '../data/engine';
import { cast, col, contains, fn } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { NamedAggregate, PlanRow, Source } from '../plan/plan';
import { asExecutor } from '../plan/target';
import { mapLimit } from '../data/mapLimit';
import { mayBeIdentifier } from '../profile/inferKind';
import { NUMERIC_TYPE, TEMPORAL_TYPE } from '../profile/profileSql';

/** One side of a comparison: a whole dataset, or a time window of one (a plan source with the window's filter). */
export interface DriftSide {
  path: string;
  source: Source;
  rows: number;
  columns: ColumnInfo[];
  start?: string;
  end?: string;
}

/**
 * Per-column aggregates of one side: non-missing count, min/max (as DOUBLE, NaN/±Infinity included) of numeric
 * columns, plus kind evidence when asked for (distinct only where distinctNeeded).
 */
export interface ColumnScan {
  nonNull: number;
  distinct?: number;
  /** Relative standard error of `distinct` when it is an estimate (hash sample; data/distinctCount.ts). */
  distinctRelativeError?: number;
  min?: number | null;
  max?: number | null;
  meanLength?: number | null;
  spaceShare?: number | null;
  smallDomain?: string[];
}

/**
 * Whether the scan hashes a column for its distinct count: text columns (categorical / text / identifier) and
 * integer columns with an identifier-like name (the identifier rule). Other numeric columns get exact small
 * distinct counts from their grid; BOOLEAN and date/time columns are decided by type.
 */
function distinctNeeded(c: ColumnInfo): boolean {
  if (NUMERIC_TYPE.test(c.type)) return mayBeIdentifier(c.name, c.type);
  return !TEMPORAL_TYPE.test(c.type) && c.type.toUpperCase() !== 'BOOLEAN';
}

/**
 * One aggregate pass over a side: count(*), count(col) per column, min/max of numeric columns, and with
 * `evidence` the inputs of
 * inferKind (distinct count, numeric min/max, text length and space share, lower-cased min/max text).
 * Aliases are positional, never derived from column names.
 */
export async function scanSide(engine: Engine | PlanExecutor, side: Pick<DriftSide, 'source' | 'rows'>, columns: readonly ColumnInfo[], evidence: boolean, options: RunOptions = {}): Promise<{ rows: number; columns: ColumnScan[] }> {
  return (await scanSideInParts(engine, side, columns, evidence, options)).complete();
}

/**
 * scanSide in two steps: the aggregate pass (`aggregates`: counts and numeric min/max, all a grid needs, with
 * distinct counts only where the side is small enough to count them exactly), then `complete()`: the same scans
 * with the distinct counts of a big side (hash-sample statements). Drift's plan starts the numeric grids' pass
 * in between, so DuckDB counts distinct values while JavaScript builds grids.
 * On the embedded engine an unfiltered big side's aggregate pass holds only counts, min and max, which DuckDB
 * answers from a Parquet file's statistics; the text evidence is then its own statement in `complete()`.
 * Without `numericRanges` the numeric columns' count, min and max are left out (nonNull 0, no min/max): the
 * caller has them from elsewhere (statsForecast.ts) and adds them with withRanges.
 */
export async function scanSideInParts(engine: Engine | PlanExecutor, side: Pick<DriftSide, 'source' | 'rows'>, columns: readonly ColumnInfo[], evidence: Evidence, options: RunOptions = {}, numericRanges = true): Promise<{ aggregates: { rows: number; columns: ColumnScan[] }; complete: () => Promise<{ rows: number; columns: ColumnScan[] }> }> {
  const exact = side.rows <= EXACT_DISTINCT_ROWS;
  const exec = asExecutor(engine);
  // A wide side goes a group of columns at a time (scanGroups): the exact distinct counts of 300 text columns
  // in one query ran out of memory at 1 GB. Positional names stay global (c{first + i}), so one row merges them.
  const r: PlanRow = {};
  const statistics = exec.capabilities?.embedded !== undefined;
  // Statistics answer no filtered statement (a time window): such a side keeps its one pass.
  const textLater = statistics && !exact && evidence !== false && side.source.where === undefined;
  // Two groups at a time: DuckDB reads one Parquet row group on one thread, and a wide file of 100k rows is one
  // row group (1,000 × 100k: 20 statements of the reference side, CPU ≈ wall).
  await mapLimit(await scanGroups(exec, columns, (i) => exact && evidenceOf(evidence, i), side.rows, options), GROUPS_IN_FLIGHT, async ([first, end]) => {
    Object.assign(r, (await exec.run({ source: side.source, aggregates: scanAggregates(columns.slice(first, end), textLater ? false : evidence, exact, first, statistics, numericRanges) }, options))[0] ?? {});
  });
  const aggregates = scanFromRow(r, columns, evidence);
  if (evidence === false || exact) return { aggregates, complete: async () => aggregates };
  const complete = async () => {
    const [distinct] = await Promise.all([
      distinctEstimates(exec, side.source, columns, options, (i) => evidenceOf(evidence, i)),
      textLater ? textEvidence(exec, side.source, columns, evidence, r, options) : undefined,
    ]);
    return scanFromRow(r, columns, evidence, distinct);
  };
  return { aggregates, complete };
}

/**
 * The text evidence of scanAggregates (mean length, space share, min/max text) of a side's text columns, by
 * column groups as scanSide's, merged into `r` under the same positional names.
 */
async function textEvidence(exec: PlanExecutor, source: Source, columns: readonly ColumnInfo[], evidence: Evidence, r: PlanRow, options: RunOptions): Promise<void> {
  const wanted = columns.flatMap((c, i) => (evidenceOf(evidence, i) && isText(c) ? [i] : []));
  if (!wanted.length) return;
  const aggregates = (k: readonly number[]) => k.flatMap((i) => textAggregates(columns[i]!, i));
  for (const [first, end] of await scanGroups(exec, wanted.map((i) => columns[i]!), () => false, 0, options)) {
    Object.assign(r, (await exec.run({ source, aggregates: aggregates(wanted.slice(first, end)) }, options))[0] ?? {});
  }
}

/**
 * Which columns a scan gathers kind evidence for: all (true), none (false), or those flagged (by position). The
 * current side of a plan needs it only where the reference's column is numeric (columnPlan.ts): a text column's
 * kind comes from the reference, and its current distinct count fed nothing (on 1,000 × 100k, 300 exact distinct
 * counts that split the current side's scan into 20 statements).
 */
export type Evidence = boolean | readonly boolean[];

/**
 * The current side's evidence as the plan asks for it: on the embedded engine only where the reference's column
 * is numeric (its kind comes from the reference); databases keep their golden SQL (all). `reference`: the
 * compared columns as the reference types them.
 */
export function currentEvidence(exec: PlanExecutor, reference: readonly ColumnInfo[]): true | readonly boolean[] {
  return exec.capabilities?.embedded ? reference.map((c) => NUMERIC_TYPE.test(c.type)) : true;
}

/**
 * Sides up to this many columns are narrow: scanned in one statement, and in drift's plan given the passes that
 * overlap (statsForecast.ts, the early category counts, drift over time's scanBoth), which on wide sides would
 * add their memory to each other's.
 */
export const NARROW_SIDE_COLUMNS = 64;

const evidenceOf = (evidence: Evidence, i: number): boolean => (typeof evidence === 'boolean' ? evidence : evidence[i] === true);

/**
 * The aggregates of scanSide (positional names c{i}_…). With `statistics`, a numeric column's min/max are the
 * column's own, cast to DOUBLE after: DuckDB answers a statement of plain counts, min and max from a Parquet
 * file's statistics, and one min(CAST(x AS DOUBLE)) of an integer column made it read every column of the side
 * (10M Parquet: ~3.4 CPU-s a side against 0.01 s). The cast is monotone (integers, DECIMAL and FLOAT to DOUBLE;
 * NaN sorts last in both), so the values are the same. Without it the SQL stays the warehouses' golden SQL.
 */
export function scanAggregates(columns: readonly ColumnInfo[], evidence: Evidence, exact: boolean, first = 0, statistics = false, numericRanges = true): NamedAggregate[] {
  const aggs: NamedAggregate[] = [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }];
  columns.forEach((c, i) => {
    const x = col(c.name);
    const a = (s: string) => `c${first + i}_${s}`;
    if (!numericRanges && NUMERIC_TYPE.test(c.type)) {
      if (evidenceOf(evidence, first + i) && exact && distinctNeeded(c)) aggs.push({ name: a('distinct'), agg: { fn: 'distinct', args: [x], mode: 'exact' }, type: 'bigint' });
      return;
    }
    aggs.push({ name: a('nn'), agg: { fn: 'count', arg: x }, type: 'bigint' });
    if (NUMERIC_TYPE.test(c.type) && statistics) aggs.push({ name: a('min'), agg: { fn: 'min', arg: x }, type: 'double' }, { name: a('max'), agg: { fn: 'max', arg: x }, type: 'double' });
    else if (NUMERIC_TYPE.test(c.type)) aggs.push({ name: a('min'), agg: { fn: 'min', arg: cast(x, 'double') } }, { name: a('max'), agg: { fn: 'max', arg: cast(x, 'double') } });
    if (!evidenceOf(evidence, first + i)) return;
    if (exact && distinctNeeded(c)) aggs.push({ name: a('distinct'), agg: { fn: 'distinct', args: [x], mode: 'exact' }, type: 'bigint' });
    // Numeric columns: min/max above; their small distinct counts come from the grid (columnPlan), not hashing.
    if (isText(c)) aggs.push(...textAggregates(c, first + i));
  });
  return aggs;
}

/** Columns whose kind evidence includes text length, space share and min/max text (not numeric, temporal or BOOLEAN). */
const isText = (c: ColumnInfo): boolean => !NUMERIC_TYPE.test(c.type) && !TEMPORAL_TYPE.test(c.type) && c.type.toUpperCase() !== 'BOOLEAN';

/** The text evidence of column `c` at position i: mean length, space share, and raw min/max (lower-cased by scanFromRow). */
function textAggregates(c: ColumnInfo, i: number): NamedAggregate[] {
  const s = cast(col(c.name), 'varchar');
  const a = (x: string) => `c${i}_${x}`;
  // Raw min/max, lower-cased below: the same two words when there are two distinct values (the only use).
  return [
    { name: a('lmean'), agg: { fn: 'avg', arg: fn('length', s) } }, { name: a('space'), agg: { fn: 'avg', arg: cast(contains(s, ' '), 'integer') } },
    { name: a('smin'), agg: { fn: 'min', arg: s } }, { name: a('smax'), agg: { fn: 'max', arg: s } },
  ];
}

/** ColumnScans from one row of scanAggregates' plan. */
export function scanFromRow(r: PlanRow, columns: readonly ColumnInfo[], evidence: Evidence, estimated = new Map<number, DistinctCount>()): { rows: number; columns: ColumnScan[] } {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const out = columns.map((c, i): ColumnScan => {
    const g = (s: string) => r[`c${i}_${s}`];
    const scan: ColumnScan = { nonNull: num(g('nn')) ?? 0 };
    if (NUMERIC_TYPE.test(c.type)) {
      scan.min = num(g('min'));
      scan.max = num(g('max'));
    }
    if (!evidenceOf(evidence, i)) return scan;
    if (distinctNeeded(c)) {
      const d = estimated.get(i);
      scan.distinct = d ? d.value : num(g('distinct')) ?? 0;
      if (d?.relativeError) scan.distinctRelativeError = d.relativeError;
    }
    if (g('lmean') !== undefined) {
      scan.meanLength = num(g('lmean'));
      scan.spaceShare = num(g('space'));
      if (scan.distinct === 2) scan.smallDomain = [g('smin'), g('smax')].filter((v) => v !== null && v !== undefined).map((v) => String(v).toLowerCase());
    }
    return scan;
  });
  return { rows: num(r['n']) ?? 0, columns: out };
}

/**
 * `scan` with the numeric columns' non-NULL count, min and max from `row` (scanAggregates' `c{i}_nn`, `c{i}_min`,
 * `c{i}_max`, as scanFromRow reads them), for a scan made without them (scanSideInParts' numericRanges).
 */
export function withRanges(scan: { rows: number; columns: ColumnScan[] }, row: PlanRow): { rows: number; columns: ColumnScan[] } {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    rows: scan.rows,
    columns: scan.columns.map((c, i) => (row[`c${i}_nn`] === undefined ? c : { ...c, nonNull: num(row[`c${i}_nn`]) ?? 0, min: num(row[`c${i}_min`]), max: num(row[`c${i}_max`]) })),
  };
}

/**
 * Distinct counts of the columns that need one (distinctNeeded) on a big side: the hash sample's estimate,
 * or an exact count where the sample is small. Keyed by column index. `wanted`: which columns (by index) at all.
 */
export async function distinctEstimates(
  engine: PlanExecutor, from: Source, columns: readonly ColumnInfo[], options: RunOptions, wanted: (i: number) => boolean = () => true,
): Promise<Map<number, DistinctCount>> {
  const needed = columns.flatMap((c, i) => (distinctNeeded(c) && wanted(i) ? [i] : []));
  const counts = await distinctCounts(engine, from, needed.map((i) => columns[i]!.name), options);
  return new Map(needed.map((i, k) => [i, counts[k]!]));
}

/** Column groups of one side scanned at once (scanGroups sizes each to an eighth of the memory limit). */
const GROUPS_IN_FLIGHT = 2;
/** Bytes an exact distinct count of one column holds per row (a hash table of values up to ~30 bytes, with slack). */
const DISTINCT_BYTES_PER_ROW = 64;
/** Bytes any column's aggregates cost in one scan (states and a chunk's values per thread). */
const COLUMN_BYTES = 128 * 1024;
/** Bytes an exact distinct count holds whatever the rows (its hash table's first blocks). */
const DISTINCT_BASE_BYTES = 2 ** 20;

/**
 * Column ranges [first, end) scanned by one query each: on an engine with a memory limit here (the `memoryBytes`
 * capability: the embedded engine) as many as fit an eighth of it shared by the groups in flight (both sides are
 * scanned at once, GROUPS_IN_FLIGHT groups each), weighing each
 * exact distinct count at rows × DISTINCT_BYTES_PER_ROW; elsewhere, and for narrow sides, one range.
 */
async function scanGroups(exec: PlanExecutor, columns: readonly ColumnInfo[], exactDistinct: (i: number) => boolean, rows: number, options: RunOptions): Promise<[number, number][]> {
  const memoryBytes = exec.capabilities?.memoryBytes;
  if (!memoryBytes || columns.length <= NARROW_SIDE_COLUMNS) return [[0, columns.length]];
  const budget = (0.125 / GROUPS_IN_FLIGHT) * (await memoryBytes(options));
  const out: [number, number][] = [];
  let first = 0;
  let used = 0;
  columns.forEach((c, i) => {
    const cost = COLUMN_BYTES + (exactDistinct(i) && distinctNeeded(c) ? DISTINCT_BASE_BYTES + Math.max(1, rows) * DISTINCT_BYTES_PER_ROW : 0);
    if (i > first && used + cost > budget) {
      out.push([first, i]);
      first = i;
      used = 0;
    }
    used += cost;
  });
  out.push([first, columns.length]);
  return out;
}
