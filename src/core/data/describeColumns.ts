import type { ColumnInfo } from './dataset';
import type { Engine, RunOptions } from './engine';
import { quoteLiteral } from './sql';

/**
 * The columns of an engine table or view, in their order. Not `DESCRIBE`: with `preserve_insertion_order = false`
 * (the CLI's setting) its rows come back in any order once there are more than 2,048 columns (one vector), and a
 * 10,006-column CSV's profile listed f2048…f10005 before f0…f2047 (measured: 14 of 30 DESCRIBEs reordered on 4
 * threads). `name` is an engine-made name (Engine.uniqueName), not quoted.
 *
 * A view (over a Parquet file, a folder or `glob:` of Parquet files, a wide CSV): the catalog's `duckdb_columns()`,
 * its `column_index` and `data_type` (the same names, types and order as pragma_table_info), because
 * pragma_table_info binds the view's every column again (10,000 columns: 1.0–2.4 CPU-s against 0.07–0.17 from the
 * catalog). A table: `pragma_table_info` (its `cid`, and DESCRIBE's `column_type` as `type`), because DuckDB 1.5 does
 * not push the name filter into `duckdb_columns()`: it lists every column of every table and view in the engine
 * first (measured: ~25–30 CPU-ms for each 10,000-column view loaded, against ~1 ms for pragma_table_info of a
 * table). Which one `name` is: `view` when the caller knows (the load that made it), else the catalog of views
 * (`duckdb_views()`, 1–6 ms: one entry a view, no columns).
 */
export async function describeColumns(engine: Engine, name: string, options: RunOptions & { view?: boolean } = {}): Promise<ColumnInfo[]> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`describeColumns: '${name}' is not an engine-made name`);
  const here = `database_name = current_database() AND schema_name = current_schema()`;
  const view = options.view ?? (await engine.run(`SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE ${here} AND view_name = ${quoteLiteral(name)}`, options))[0]?.['n'] === 1;
  const rows = await engine.run(view
    ? `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE ${here} AND table_name = ${quoteLiteral(name)} ORDER BY column_index`
    : `SELECT name, type FROM pragma_table_info(${quoteLiteral(name)}) ORDER BY cid`, options);
  return rows.map((r) => ({ name: String(r['name']), type: String(r['type']) }));
}
