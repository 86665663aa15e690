import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral } from '../../../src/core/bias/sql';
import type { CellValue, ExecuteSql } from '../../../src/core/bias/types';

/** An in-memory DuckDB for tests, with an `execute` callback like the one the lead wires in. */
export async function memoryDb(): Promise<{ conn: DuckDBConnection; execute: ExecuteSql; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const execute: ExecuteSql = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  return { conn, execute, close: () => { conn.closeSync(); instance.closeSync(); } };
}

/** Creates table `name` with the given column types and rows from column arrays. */
export async function loadTable(execute: ExecuteSql, name: string, columns: Record<string, { type: string; values: readonly CellValue[] }>): Promise<void> {
  const names = Object.keys(columns);
  await execute(`CREATE OR REPLACE TABLE ${quoteIdent(name)} (${names.map((n) => `${quoteIdent(n)} ${columns[n]?.type ?? 'VARCHAR'}`).join(', ')})`);
  const n = columns[names[0] ?? '']?.values.length ?? 0;
  for (let start = 0; start < n; start += 1000) {
    const rows: string[] = [];
    for (let r = start; r < Math.min(n, start + 1000); r++) {
      rows.push(`(${names.map((c) => { const v = columns[c]?.values[r]; return v === null || v === undefined ? 'NULL' : quoteLiteral(v); }).join(', ')})`);
    }
    await execute(`INSERT INTO ${quoteIdent(name)} VALUES ${rows.join(', ')}`);
  }
}

/** Absolute-tolerance comparison that treats null (undefined metric) as a value of its own. */
export function close(actual: number | null | undefined, expected: number | null | undefined, tol = 1e-12): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  return actual !== null && actual !== undefined && Math.abs(actual - expected) <= tol;
}
