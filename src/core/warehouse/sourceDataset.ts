import type { ColumnInfo, Dataset } from '../data/dataset';
import type { RunOptions } from '../data/engine';
import { InputError } from '../errors';
import type { Expr } from '../plan/expr';
import { parseFilter } from '../plan/parseFilter';
import type { Source } from '../plan/plan';
import { valueClass } from './coerce';
import type { WarehousePlanExecutor } from './planExecutor';
import type { SourceRef } from './sources/sourceRef';

/**
 * The DuckDB type name analyses expect (they classify columns by DuckDB's names: profile/profileSql.ts) for an
 * engine's column type. Integers → BIGINT, floating and decimal numbers → DOUBLE (read as doubles, as the
 * DuckDB path reads DECIMAL), booleans, dates and timestamps keep their kind, everything else is text.
 */
const SAME_NAME = new Map<string, string>([
  ['SMALLINT', 'SMALLINT'], ['INT2', 'SMALLINT'], ['INTEGER', 'INTEGER'], ['INT', 'INTEGER'], ['INT4', 'INTEGER'], ['BIGINT', 'BIGINT'], ['INT8', 'BIGINT'],
  ['INT64', 'BIGINT'], ['LONG', 'BIGINT'], ['TINYINT', 'TINYINT'], ['BYTE', 'TINYINT'], ['SHORT', 'SMALLINT'],
  ['REAL', 'FLOAT'], ['FLOAT4', 'FLOAT'], ['DOUBLE PRECISION', 'DOUBLE'], ['FLOAT8', 'DOUBLE'], ['DOUBLE', 'DOUBLE'], ['FLOAT64', 'DOUBLE'], ['FLOAT', 'DOUBLE'],
  ['BOOLEAN', 'BOOLEAN'], ['BOOL', 'BOOLEAN'],
]);

export function duckdbTypeOf(engineType: string, engine?: string): string {
  const t = engineType.toUpperCase().trim();
  const same = SAME_NAME.get(t);
  if (same) return same;
  if (/^(DATE)$/.test(t)) return 'DATE';
  if (zonedTimestamp(t, engine)) return 'TIMESTAMP WITH TIME ZONE';
  if (/^(TIMESTAMP|DATETIME|TIMESTAMP_NTZ|TIMESTAMP_LTZ|TIMESTAMP_TZ|TIMESTAMP WITH(OUT)? TIME ZONE|TIMESTAMPTZ|TIMESTAMP\(\d\)( WITH(OUT)? TIME ZONE)?)/.test(t)) return 'TIMESTAMP';
  if (/^(NUMBER|NUMERIC|DECIMAL)\(\s*\d+\s*(,\s*0\s*)?\)$/.test(t)) return 'BIGINT';
  const cls = valueClass(t);
  if (cls === 'integer') return 'BIGINT';
  if (cls === 'float') return 'DOUBLE';
  if (cls === 'boolean') return 'BOOLEAN';
  return 'VARCHAR';
}

/**
 * Whether an engine's timestamp type holds instants (time windows are cut at their UTC wall clock) rather than
 * wall-clock times: `… WITH TIME ZONE` / TIMESTAMPTZ (PostgreSQL, Trino, Athena/Iceberg), Snowflake's TIMESTAMP_LTZ
 * and TIMESTAMP_TZ, and a plain TIMESTAMP on Databricks (local-time-zone semantics; TIMESTAMP_NTZ is the naive one)
 * and BigQuery (an instant; DATETIME is the naive one).
 */
function zonedTimestamp(t: string, engine: string | undefined): boolean {
  if (/^TIMESTAMP(\(\d+\))? WITH TIME ZONE$|^TIMESTAMPTZ$|^TIMESTAMP_(LTZ|TZ)(\(\d+\))?$/.test(t)) return true;
  return /^TIMESTAMP$/.test(t) && (engine === 'databricks' || engine === 'bigquery');
}

export interface SourceDatasetOptions extends RunOptions {
  /** A filter in the rules language (`day >= '2026-11-01' and region = 'eu'`), validated against the columns. */
  where?: string | undefined;
  /** The option it came from, for messages ('--where', '--current-where'). */
  whereOption?: string;
}

/**
 * Opens a warehouse table as a Dataset for the analyses: its columns (with DuckDB type names) from the
 * engine's catalog, its row count (one aggregate), and `source` = the table with the optional filter. The
 * filter is parsed by the rules language's parser into a plan expression (plan/parseFilter.ts: only
 * whitelisted syntax over existing columns, never SQL text); a text literal compared with a date or
 * timestamp column becomes a typed literal, so `day < '2026-11-01'` means the same in every engine.
 */
export async function openSourceDataset(executor: WarehousePlanExecutor, ref: SourceRef, options: SourceDatasetOptions = {}): Promise<Dataset> {
  const described = await executor.warehouse.describe(ref.table, { signal: options.signal });
  const columns: ColumnInfo[] = described.map((c) => ({ name: c.name, type: duckdbTypeOf(c.type, executor.warehouse.engine) }));
  const where = options.where === undefined || options.where.trim() === '' ? undefined : typedLiterals(parseFilter(options.where, columns, options.whereOption ?? '--where'), columns, options.whereOption ?? '--where');
  const source: Source = { kind: 'table', path: [...ref.table.namespace, ref.table.name], ...(where ? { where } : {}) };
  executor.knowColumns(source.path, columns);
  const [row] = await executor.run({ source, aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] }, options);
  const rows = Number(row?.['n'] ?? 0);
  const label = options.where ? `${ref.text} where ${options.where}` : ref.text;
  if (rows === 0) throw new InputError('NO_DATA_ROWS', `${label} has no rows${options.where ? ' (the filter keeps none)' : ''}.`, { source: ref.text });
  return { path: label, format: 'table', relation: '', columns, rows, issues: [], source, release: async () => undefined };
}

/** Rewrites `col <op> 'text'` (either side) for date/timestamp columns into a literal of the column's type. */
function typedLiterals(e: Expr, columns: readonly ColumnInfo[], what: string): Expr {
  const kind = new Map(columns.map((c) => [c.name, c.type]));
  const temporal = (x: Expr): 'date' | 'timestamp' | undefined => {
    if (x.op !== 'col') return undefined;
    const t = kind.get(x.name);
    return t === 'DATE' ? 'date' : t === 'TIMESTAMP' || t === 'TIMESTAMP WITH TIME ZONE' ? 'timestamp' : undefined;
  };
  const literal = (x: Expr, to: 'date' | 'timestamp'): Expr => {
    if (x.op !== 'str') return x;
    if (!/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$/.test(x.value)) throw new InputError('BAD_FILTER', `${what}: '${x.value}' is not an ISO date or time (e.g. 2026-11-01 or 2026-11-01 08:00:00).`, { value: x.value });
    return { op: 'cast', to, arg: { op: 'str', value: to === 'date' ? x.value.slice(0, 10) : x.value.replace('T', ' ') } };
  };
  const walk = (x: Expr): Expr => {
    switch (x.op) {
      case 'cmp': {
        const l = walk(x.left);
        const r = walk(x.right);
        const tl = temporal(l);
        const tr = temporal(r);
        return { ...x, left: tr ? literal(l, tr) : l, right: tl ? literal(r, tl) : r };
      }
      case 'in': {
        const t = temporal(x.arg);
        return { ...x, values: x.values.map((v) => (t ? literal(v, t) : walk(v))) };
      }
      case 'and': case 'or': return { ...x, args: x.args.map(walk) };
      case 'not': return { ...x, arg: walk(x.arg) };
      default: return x;
    }
  };
  return walk(e);
}
