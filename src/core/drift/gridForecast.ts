import type { ColumnInfo } from '../data/dataset';
import { col } from '../plan/expr';
import type { NamedAggregate, PlanRow, Source } from '../plan/plan';
import type { RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import type { Windowing } from './windows';
import { NUMERIC_TYPE } from '../profile/profileSql';
import type { GridSpec } from './gridScan';
import { CELL, COUNT, MAX, MIN, type NumericGrid } from './numericGrid';
import { gridSpecOf } from './columnPlan';

/**
 * Rows of one file's windows from which drift over time starts its first streamed pass before the plan's scans
 * of both sides have finished (windowPasses.ts): those scans, the windows' category counts and the distinct
 * estimates then run on DuckDB's threads while the pass keeps the main thread busy, where each waited for the
 * other. Below it they take too little time to overlap. Mutable for tests.
 */
export const earlyPassRows = { min: 500_000 };

/**
 * The grids to start drift over time's first pass on before the plan asks for them (forecastGrids of
 * rangeAggregates' row over the windows' rows), when the windows hold earlyPassRows.min rows or more.
 */
export async function earlyGrids(exec: PlanExecutor, w: Windowing, source: Source, columns: readonly ColumnInfo[], options: RunOptions): Promise<GridSpec[] | undefined> {
  if (w.windows.reduce((n, x) => n + x.rows, 0) < earlyPassRows.min) return undefined;
  // Over the whole base when every row has a time (the same rows): a filter on the window key defeats the statistics.
  const [range] = await exec.run({ source: w.rowsWithoutTime === 0 ? w.base : source, aggregates: rangeAggregates(columns) }, options);
  return forecastGrids(exec, columns, range ?? {});
}

/**
 * Every numeric column's non-NULL count, min and max over rows with a window: plain aggregates, which DuckDB
 * answers from a Parquet file's statistics without reading the values (10M rows: 0.02 s, where the same with
 * the plan's casts, or grouped by side, read 13 columns for 4.6 CPU-seconds).
 */
export function rangeAggregates(columns: readonly ColumnInfo[]): NamedAggregate[] {
  return columns.flatMap((c, i): NamedAggregate[] => {
    if (!NUMERIC_TYPE.test(c.type)) return [];
    const x = col(c.name);
    return [
      { name: `c${i}_nn`, agg: { fn: 'count', arg: x }, type: 'bigint' },
      { name: `c${i}_min`, agg: { fn: 'min', arg: x }, type: 'double' },
      { name: `c${i}_max`, agg: { fn: 'max', arg: x }, type: 'double' },
    ];
  });
}

/**
 * The grids planColumns will ask for (numericGrids: every numeric column with values on both sides, over their
 * pooled range, columnPlan.gridSpecOf of both sides' values), from rangeAggregates' row over both sides; a column
 * is assumed to have values on both sides when it has any. Undefined when a range
 * is not finite (planColumns then queries the finite range first). A forecast, checked: WindowPasses.grids serves
 * the plan from the early pass only when its specs are exactly these.
 */
export function forecastGrids(exec: PlanExecutor, columns: readonly ColumnInfo[], row: Record<string, unknown>): GridSpec[] | undefined {
  const specs: GridSpec[] = [];
  for (const [i, c] of columns.entries()) {
    const nonNull = Number(row[`c${i}_nn`] ?? 0);
    if (!NUMERIC_TYPE.test(c.type) || !(nonNull > 0)) continue;
    const [lo, hi] = [row[`c${i}_min`], row[`c${i}_max`]].map((v) => (v === null || v === undefined ? NaN : Number(v)));
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
    const spec = gridSpecOf(exec, c.name, lo!, hi!, nonNull);
    if (spec) specs.push(spec);
  }
  return specs;
}

/** The same grids (columns, ranges and buckets, in order). */
export function sameGrids(a: readonly GridSpec[], b: readonly GridSpec[]): boolean {
  return a.length === b.length && a.every((s, k) => s.column === b[k]!.column && Object.is(s.lo, b[k]!.lo) && Object.is(s.hi, b[k]!.hi) && s.bins === b[k]!.bins);
}

/** Names of scanAggregates' count, min and max of the numeric columns among `columns`, by column index. */
export function rangeNames(columns: readonly ColumnInfo[]): Map<number, string[]> {
  return new Map(columns.flatMap((c, i): [number, string[]][] => (NUMERIC_TYPE.test(c.type) ? [[i, ['nn', 'min', 'max'].map((s) => `c${i}_${s}`)]] : [])));
}

/**
 * Both sides' non-NULL count, min and max of the numeric columns, as scanAggregates' plan would return them
 * (`c{i}_nn`, `c{i}_min`, `c{i}_max`), from both sides' grids of a first pass over the same rows: every non-NULL
 * value went to its side's grid (finite or dropped), and the smallest and largest lie in the first and last
 * non-empty buckets. Exact where no value was dropped; a column with a NaN or ±Infinity (min and max are then
 * the database's to order) or without a grid is left in `missing`, for the caller to query.
 */
export function rangesFromGrids(columns: readonly ColumnInfo[], specs: readonly GridSpec[], sides: readonly (readonly NumericGrid[])[]): { rows: [PlanRow, PlanRow]; missing: number[] } {
  const rows: [PlanRow, PlanRow] = [{}, {}];
  const missing: number[] = [];
  const at = new Map(specs.map((s, k) => [s.column, k]));
  for (const i of rangeNames(columns).keys()) {
    const k = at.get(columns[i]!.name);
    if (k === undefined || sides.some((g) => g[k]!.dropped > 0)) {
      missing.push(i);
      continue;
    }
    sides.forEach((g, side) => {
      const { cells, bins, finite } = g[k]!;
      let first = 0;
      while (first < bins && cells[CELL * first + COUNT]! === 0) first++;
      let last = bins - 1;
      while (last >= 0 && cells[CELL * last + COUNT]! === 0) last--;
      rows[side]![`c${i}_nn`] = finite;
      rows[side]![`c${i}_min`] = finite > 0 ? cells[CELL * first + MIN]! : null;
      rows[side]![`c${i}_max`] = finite > 0 ? cells[CELL * last + MAX]! : null;
    });
  }
  return { rows, missing };
}
