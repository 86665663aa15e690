import type { ColumnInfo } from './dataset';
import type { Engine, RunOptions } from './engine';
import { quoteLiteral } from './sql';

/**
 * The columns of an engine table or view, in their order. Not `DESCRIBE`: with `preserve_insertion_order = false`
 * (the CLI's setting) its rows come back in any order once there are more than 2,048 columns (one vector), and a
 * 10,006-column CSV's profile listed f2048…f10005 before f0…f2047 (measured: 14 of 30 DESCRIBEs reordered on 4
 * threads). The catalog's `duckdb_columns()` carries each column's position (`column_index`), and its `data_type` is
 * DESCRIBE's `column_type` (and pragma_table_info's `type`). Not `pragma_table_info`: on a view over a wide Parquet file
 * it binds the view's every column again (10,000 columns: ~1.0 CPU-s against 0.07–0.17 from the catalog).
 * `name` is an engine-made name (Engine.uniqueName), not quoted.
 */
export async function describeColumns(engine: Engine, name: string, options: RunOptions = {}): Promise<ColumnInfo[]> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`describeColumns: '${name}' is not an engine-made name`);
  const rows = await engine.run(`SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = current_schema() AND table_name = ${quoteLiteral(name)} ORDER BY column_index`, options);
  return rows.map((r) => ({ name: String(r['name']), type: String(r['type']) }));
}
