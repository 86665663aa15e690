import pg from 'pg';
import type { Dataset } from '../../../src/core/data/dataset';
import type { Engine } from '../../../src/core/data/engine';
import { quoteIdent } from '../../../src/core/data/sql';

const PG_TYPES: Record<string, string> = { BIGINT: 'bigint', INTEGER: 'integer', SMALLINT: 'smallint', DOUBLE: 'double precision', FLOAT: 'real', VARCHAR: 'text', BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp' };

/**
 * Copies a dataset opened in DuckDB into a PostgreSQL table of the same column types (test setup: the same
 * rows in both engines). Values travel as text (doubles in their shortest round-trip form, so float8 reads
 * back the same bits), in multi-row INSERTs.
 */
export async function copyToPostgres(url: string, engine: Engine, ds: Dataset, schema: string, table: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const cols = ds.columns.map((k) => {
      const t = PG_TYPES[k.type.toUpperCase()];
      if (!t) throw new Error(`copyToPostgres: no PostgreSQL type for ${k.type}`);
      return `${quoteIdent(k.name)} ${t}`;
    });
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; DROP TABLE IF EXISTS ${quoteIdent(schema)}.${quoteIdent(table)}; CREATE TABLE ${quoteIdent(schema)}.${quoteIdent(table)} (${cols.join(', ')})`);
    const rows = await engine.run(`SELECT ${ds.columns.map((k) => `${quoteIdent(k.name)}::VARCHAR AS ${quoteIdent(k.name)}`).join(', ')} FROM ${ds.relation}`);
    const n = ds.columns.length;
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const params: unknown[] = [];
      const tuples = batch.map((r, j) => `(${ds.columns.map((k, m) => {
        params.push(r[k.name] ?? null);
        return `$${j * n + m + 1}`;
      }).join(', ')})`);
      await c.query(`INSERT INTO ${quoteIdent(schema)}.${quoteIdent(table)} VALUES ${tuples.join(', ')}`, params);
    }
    await c.query(`ANALYZE ${quoteIdent(schema)}.${quoteIdent(table)}`);
  } finally {
    await c.end();
  }
}

/** Deep equality where numbers may differ by `tol` relative (exact figures summed in another order); reports the first difference's path. */
export function sameReport(a: unknown, b: unknown, tol = 1e-12, path = '$'): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return undefined;
    return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b)) ? undefined : `${path}: ${a} ≠ ${b}`;
  }
  if (a instanceof Map && b instanceof Map) return sameReport(Object.fromEntries(a), Object.fromEntries(b), tol, path);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = sameReport(a[i], b[i], tol, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${path}: keys ${ka.join(',')} ≠ ${kb.join(',')}`;
    for (const k of ka) {
      const d = sameReport((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol, `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}
