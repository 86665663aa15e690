import type { Dataset } from '../../../src/core/data/dataset';
import type { Engine } from '../../../src/core/data/engine';

/** A table of the engine made from `sql`, as a Dataset (its columns and rows read back from DuckDB). */
export async function table(engine: Engine, name: string, sql: string): Promise<Dataset> {
  await engine.exec(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
  const columns = (await engine.run(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${name})`)) as unknown as Dataset['columns'];
  const rows = Number((await engine.run(`SELECT count(*)::BIGINT AS n FROM ${name}`))[0]?.['n']);
  return { path: name, format: 'parquet', relation: name, columns, rows, issues: [], engineTable: true, release: async () => undefined };
}
