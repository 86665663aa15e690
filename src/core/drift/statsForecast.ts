import type { ColumnInfo } from '../data/dataset';
import type { RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import type { PlanRow } from '../plan/plan';
import { renderSource } from '../plan/render';
import { isFloating, NUMERIC_TYPE } from '../profile/profileSql';
import { NARROW_SIDE_COLUMNS, type DriftSide } from './driftSide';
import { gridSpecOf } from './columnPlan';
import { rangeAggregates, rangesFromGrids, sameGrids } from './gridForecast';
import { scanGrids, type GridSpec } from './gridScan';
import type { NumericGrid } from './numericGrid';

/** Off: the plan scans the numeric ranges first, as before (tests compare both ways). Mutable for tests. */
export const fromStatistics = { enabled: true };

/** One column's statistics as the engine keeps them: its range, and whether it holds NULLs and non-NULL values. */
export interface ColumnStats {
  min: number;
  max: number;
  hasNull: boolean;
  hasValues: boolean;
}

/**
 * A numeric column's statistics from DuckDB's stats() text ("[Min: 4.988, Max: 15.2962][Has Null: false, Has No
 * Null: true]…"); undefined where the text has another shape. Values are printed to round trip (checked: a
 * forecast is used only when the pass proves it, startFromStatistics).
 */
export function parseStats(text: unknown): ColumnStats | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^\[Min: ([^,\]]*), Max: ([^,\]]*)\]\[Has Null: (true|false), Has No Null: (true|false)\]/.exec(text);
  if (!m) return undefined;
  return { min: Number(m[1]), max: Number(m[2]), hasNull: m[3] === 'true', hasValues: m[4] === 'true' };
}

/**
 * A grid pass started before the plan's scans have said what to build (the file against file counterpart of drift
 * over time's early pass, gridForecast.ts):
 * - `ranges`: both sides' non-NULL count, min and max of every numeric column (scanAggregates' `c{i}_nn/min/max`),
 *   from the pass's grids (rangesFromGrids) and, for the columns they cannot tell, one query per side;
 * - `grids(specs)`: the pass's grid of each column whose spec the plan asks for as forecast, the others from a
 *   pass of their own.
 */
export interface EarlyGridPass {
  ranges: Promise<[PlanRow, PlanRow]>;
  grids(specs: readonly GridSpec[]): Promise<[NumericGrid[], NumericGrid[]]>;
}

/**
 * On the embedded engine, when both sides are whole relations (a CSV loaded into a table, a Parquet file's view)
 * with the same numeric columns, up to NARROW_SIDE_COLUMNS columns: forecasts the plan's grids from the statistics DuckDB
 * keeps for them (stats(): a table's min and max of what was inserted, a Parquet file's footer; ~3 ms, no read of
 * the data) and starts both sides' grid pass at once. The plan's scans then need no numeric min and max (1M-row
 * CSV tables: 0.35 CPU-s a side, and the pass waited for them), and run while the pass streams.
 * The forecast is checked, never trusted: the pass's grids hold every value's exact min and max (rangesFromGrids),
 * the plan's specs are computed from those, and the columns whose specs differ (statistics wider than the data
 * after a DELETE, a NULL count guessed wrong) are streamed again on the right ones; a range at ±0, whose sign
 * min() may not share with the grid (FLOAT and DOUBLE columns), is queried. Undefined where it does not apply
 * (and where a column holds NaN or ±Infinity): the plan as before.
 */
export async function startFromStatistics(exec: PlanExecutor, ref: DriftSide, cur: DriftSide, columns: readonly ColumnInfo[], options: RunOptions): Promise<EarlyGridPass | undefined> {
  const embedded = exec.capabilities?.embedded;
  if (!fromStatistics.enabled || !embedded || columns.length > NARROW_SIDE_COLUMNS || ref.source.kind !== 'relation' || cur.source.kind !== 'relation' || ref.source.where || cur.source.where) return undefined;
  const typeIn = (side: DriftSide, name: string) => side.columns.find((c) => c.name === name)?.type;
  const numeric = columns.flatMap((c, i) => (NUMERIC_TYPE.test(c.type) ? [i] : []));
  if (!numeric.length || columns.some((c) => NUMERIC_TYPE.test(c.type) !== NUMERIC_TYPE.test(typeIn(cur, c.name) ?? ''))) return undefined;
  const d = embedded.dialect;
  const read = async (side: DriftSide): Promise<Map<number, ColumnStats> | undefined> => {
    const sql = `SELECT ${numeric.map((i) => `stats(${d.quoteIdent(columns[i]!.name)}) AS ${d.quoteIdent(`s${i}`)}`).join(', ')} FROM ${renderSource(side.source, d)} LIMIT 1`;
    const row = (await embedded.db.run(sql, options))[0];
    if (!row) return undefined;
    const out = new Map<number, ColumnStats>();
    for (const i of numeric) {
      const s = parseStats(row[`s${i}`]);
      if (!s) return undefined;
      out.set(i, s);
    }
    return out;
  };
  const [rs, cs] = await Promise.all([read(ref), read(cur)]);
  if (!rs || !cs) return undefined;
  const specs: GridSpec[] = [];
  for (const i of numeric) {
    const r = rs.get(i)!;
    const c = cs.get(i)!;
    if (!r.hasValues || !c.hasValues) continue;
    const lo = Math.min(r.min, c.min);
    const hi = Math.max(r.max, c.max);
    // NaN or ±Infinity: the plan queries the finite range first, and that column's grid would need a pass of its own.
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
    // With NULLs the count is a guess (all rows); the check below catches a grid size it got wrong.
    const spec = gridSpecOf(exec, columns[i]!.name, lo, hi, ref.rows + cur.rows);
    if (spec) specs.push(spec);
  }
  if (!specs.length) return undefined;
  const run = Promise.all([scanGrids(exec, ref.source, specs, options), scanGrids(exec, cur.source, specs, options)]);
  run.catch(() => undefined); // awaited by ranges and grids()
  const ranges = run.then(async (sides): Promise<[PlanRow, PlanRow]> => {
    const known = rangesFromGrids(columns, specs, sides);
    // −0 and 0 are equal to min() and to the grid, which may keep a different one of them (floating types only).
    const zero = (v: unknown) => v === 0;
    const unsure = new Set(known.missing);
    for (const i of numeric) if (isFloating(columns[i]!.type) && known.rows.some((row) => zero(row[`c${i}_min`]) || zero(row[`c${i}_max`]))) unsure.add(i);
    if (!unsure.size) return known.rows;
    const aggregates = rangeAggregates(columns).filter((a) => unsure.has(Number(/^c(\d+)_/.exec(a.name)![1])));
    const queried = await Promise.all([ref, cur].map(async (side) => (await exec.run({ source: side.source, aggregates }, options))[0] ?? {}));
    return [{ ...known.rows[0], ...queried[0] }, { ...known.rows[1], ...queried[1] }];
  });
  return {
    ranges,
    grids: async (asked) => {
      const sides = await run;
      // Column by column: a grid whose spec the forecast got right is taken, the others are built in a pass of their own.
      const at = new Map(specs.map((spec, k) => [spec.column, k]));
      const taken = asked.map((spec) => {
        const k = at.get(spec.column);
        return k !== undefined && sameGrids([spec], [specs[k]!]) ? k : -1;
      });
      const rest = asked.filter((_spec, j) => taken[j]! < 0);
      const built = rest.length ? await Promise.all([scanGrids(exec, ref.source, rest, options), scanGrids(exec, cur.source, rest, options)]) : [[], []];
      let next = 0;
      const out: [NumericGrid[], NumericGrid[]] = [[], []];
      taken.forEach((k) => {
        const from = k >= 0 ? sides.map((g) => g[k]!) : built.map((g) => g[next]!);
        if (k < 0) next++;
        out[0].push(from[0]!);
        out[1].push(from[1]!);
      });
      return out;
    },
  };
}
