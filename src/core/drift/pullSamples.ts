import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { nonNullDoubles } from '../data/streamDoubles';
import { and, cast, col, isFinite, notNull } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { AggregatePlan, Source } from '../plan/plan';
import { asExecutor, duckdbFrom, toSource } from '../plan/target';

/**
 * A numeric column of one side as a Float64Array: `SELECT col::DOUBLE FROM side WHERE col IS NOT NULL`, read
 * from DuckDB's double vectors of a materialised result — no per-row JS objects, so 1M values cost 8 MB, not ~50 MB.
 * NULLs are excluded here (they are missing values); NaN/±Infinity are kept for the tests to drop and count.
 */
export async function pullNumeric(exec: Engine | PlanExecutor, source: Source | string, column: string, options: RunOptions = {}): Promise<Float64Array> {
  const x = quoteIdent(column);
  const { engine, from } = duckdbFrom(asExecutor(exec), source, 'A drift test that needs every value of a column');
  return engine.withConnection(options, async (conn) => {
    // Materialised: DuckDB fills every chunk natively, then chunks are read synchronously (no async hop per chunk).
    const result = await conn.run(`SELECT ${x}::DOUBLE AS v FROM ${from} WHERE ${x} IS NOT NULL`);
    const out = new Float64Array(result.rowCount);
    let offset = 0;
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      const n = chunk.rowCount;
      // One memcpy of DuckDB's buffer (the WHERE clause leaves no NULLs) instead of n getItem calls.
      out.set(nonNullDoubles(chunk.getColumnVector(0), n), offset);
      offset += n;
    }
    return out;
  });
}

/**
 * Category counts of one side, counted by DuckDB: `SELECT key, count(*) … GROUP BY key`. Keys are the value's
 * text; for numeric columns (`numeric`) the value is cast to DOUBLE first so that 1 and 1.0 agree across files,
 * and NaN/±Infinity are left out like NULL (the numeric NaN policy).
 */
export async function countValues(engine: Engine | PlanExecutor, source: Source | string, column: string, numeric: boolean, options: RunOptions = {}): Promise<Map<string, number>> {
  const rows = await asExecutor(engine).run({ source: toSource(source), ...countPlan(column, numeric) }, options);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r['k']), Number(r['n']));
  return counts;
}

/** countValues' plan without its source (k: the value's text, n: its count), e.g. for groupByWindow. */
export function countPlan(column: string, numeric: boolean): Omit<AggregatePlan, 'source'> {
  const x = col(column);
  const key = numeric ? cast(cast(x, 'double'), 'varchar') : cast(x, 'varchar');
  const where = numeric ? and(notNull(x), isFinite(cast(x, 'double'))) : notNull(x);
  return { where, groupBy: [{ name: 'k', expr: key, type: 'varchar' }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] };
}
