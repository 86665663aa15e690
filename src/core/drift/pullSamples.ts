import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { InputError } from '../errors';
import { nonNullDoubles } from '../data/streamDoubles';
import { and, cast, col, isFinite, notNull } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { AggregatePlan, NamedAggregate, Source } from '../plan/plan';
import { asExecutor, duckdbFrom, toSource } from '../plan/target';

/**
 * A numeric column of one side as a Float64Array: `SELECT col::DOUBLE FROM side WHERE col IS NOT NULL`, read
 * from DuckDB's double vectors of a materialised result — no per-row JS objects, so 1M values cost 8 MB, not ~50 MB.
 * NULLs are excluded here (they are missing values); NaN/±Infinity are kept for the tests to drop and count.
 */
export async function pullNumeric(exec: Engine | PlanExecutor, source: Source | string, column: string, options: RunOptions = {}): Promise<Float64Array> {
  const x = quoteIdent(column);
  const executor = asExecutor(exec);
  // Elsewhere (a database): (value, count) pairs, for small sides.
  if (!executor.capabilities?.embedded) return pullByCounts(executor, toSource(source), column, options);
  const { engine, from } = duckdbFrom(executor, source, 'A drift test that needs every value of a column');
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
 * Values a database side sends for a test that needs every value (KS, Anderson–Darling…): at most this many.
 * The default tests ask for them only on small sides (≤ 1,000 rows); at any size they have aggregate forms.
 */
export const MAX_REMOTE_VALUES = 100_000;

/**
 * pullNumeric where the data lives elsewhere: the column's distinct values with their counts (one GROUP BY, at most
 * MAX_REMOTE_VALUES values over the wire), expanded into the values in ascending order. The tests that take them
 * depend only on the multiset of values, not on the rows' order.
 */
async function pullByCounts(exec: PlanExecutor, source: Source, column: string, options: RunOptions): Promise<Float64Array> {
  const x = col(column);
  const n: NamedAggregate = { name: 'n', agg: { fn: 'count' }, type: 'bigint' };
  const [total] = await exec.run({ source, where: notNull(x), aggregates: [n] }, options);
  const count = Number(total?.['n'] ?? 0);
  if (count > MAX_REMOTE_VALUES) {
    throw new InputError('UNSUPPORTED_ON_ENGINE', `A drift test that needs every value of a column reads at most ${MAX_REMOTE_VALUES.toLocaleString('en-US')} values from ${exec.engine.label}; '${column}' has ${count.toLocaleString('en-US')} on one side. Use the default drift tests (they run in the database at any size), or export the data to a file.`, { engine: exec.engine.name, column });
  }
  const rows = await exec.run({ source, where: notNull(x), groupBy: [{ name: 'v', expr: cast(x, 'double'), type: 'double' }], aggregates: [n] }, options);
  const values = rows.map((r) => [Number(r['v']), Number(r['n'])] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Number.isNaN(a[0]) ? 1 : Number.isNaN(b[0]) ? -1 : 0));
  const out = new Float64Array(count);
  let offset = 0;
  for (const [v, k] of values) {
    out.fill(v, offset, offset + k);
    offset += k;
  }
  if (offset !== count) throw new Error(`pullByCounts: ${column} counted ${count} values but grouped ${offset}`);
  return out;
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
