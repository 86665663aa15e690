import type { ColumnInfo } from './dataset';
import type { Engine, RunOptions } from './engine';
import { quoteLiteral } from './sql';

/**
 * The columns of an engine table or view, in their order. Not `DESCRIBE`: with `preserve_insertion_order = false`
 * (the CLI's setting) its rows come back in any order once there are more than 2,048 columns (one vector), and a
 * 10,006-column CSV's profile listed f2048…f10005 before f0…f2047 (measured: 14 of 30 DESCRIBEs reordered on 4
 * threads). `pragma_table_info` carries each column's position (`cid`), and its `type` is DESCRIBE's `column_type`.
 * `name` is an engine-made name (Engine.uniqueName), not quoted.
 *
 * `view: true` (a view over a Parquet file's scan): the catalog's `duckdb_columns()` instead, its `column_index` and
 * `data_type` (the same names, types and order): pragma_table_info binds the view's every column again (10,000
 * columns: 1.0–2.4 CPU-s against 0.07–0.17 from the catalog).
 */
export async function describeColumns(engine: Engine, name: string, options: RunOptions & { view?: boolean } = {}): Promise<ColumnInfo[]> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`describeColumns: '${name}' is not an engine-made name`);
  const rows = await engine.run(options.view
    ? `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = current_schema() AND table_name = ${quoteLiteral(name)} ORDER BY column_index`
    : `SELECT name, type FROM pragma_table_info(${quoteLiteral(name)}) ORDER BY cid`, options);
  return rows.map((r) => ({ name: String(r['name']), type: String(r['type']) }));
}
