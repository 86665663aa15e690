/**
 * REST warehouses send values as JSON text (Databricks JSON_ARRAY, Snowflake jsonv2, BigQuery's f/v rows) or
 * as JSON numbers that cannot say NaN (Trino). Rows leave an executor as the DuckDB engine returns them:
 * integers as numbers (as decimal strings beyond 2^53), floating values as numbers (NaN and ±Infinity
 * included), booleans as booleans, everything else as text.
 */

export type ValueClass = 'integer' | 'float' | 'boolean' | 'text' | 'array';

/** The class of an engine type name (any of the five engines' spellings, case-insensitive). */
export function valueClass(type: string): ValueClass {
  if (/^ARRAY|\[\]$/i.test(type.trim())) return 'array';
  const t = type.toUpperCase().replace(/\(.*$/, '').trim();
  if (/^(TINYINT|SMALLINT|INT|INTEGER|BIGINT|INT2|INT4|INT8|INT64|LONG|SHORT|BYTE|SMALLSERIAL|SERIAL|BIGSERIAL|FIXED_INTEGER)$/.test(t)) return 'integer';
  if (/^(FLOAT|FLOAT4|FLOAT8|FLOAT64|DOUBLE|DOUBLE PRECISION|REAL|DECIMAL|NUMERIC|BIGNUMERIC|BIGDECIMAL|NUMBER|FIXED)$/.test(t)) return 'float';
  if (/^(BOOL|BOOLEAN)$/.test(t)) return 'boolean';
  return 'text';
}

/** One value from a REST payload as a plain JS value of its class. */
export function coerceValue(v: unknown, cls: ValueClass): unknown {
  if (v === null || v === undefined) return null;
  switch (cls) {
    case 'integer': {
      if (typeof v === 'number') return v;
      const s = String(v).trim();
      const n = Number(s);
      if (Number.isSafeInteger(n)) return n;
      // Integers beyond 2^53 stay exact as text, as the DuckDB engine returns them; a decimal point means a NUMBER(p, s) sent as integer class.
      return /^-?\d+$/.test(s) ? s.replace(/^(-?)0+(?=\d)/, '$1') : n;
    }
    case 'float': {
      if (typeof v === 'number') return v;
      return parseFloatText(String(v));
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      return /^(true|t|1)$/i.test(String(v));
    case 'text':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'array': {
      // A list of numbers (quantiles): JSON text (Databricks, Snowflake), a JSON array (Trino) or BigQuery's [{v}].
      const list: unknown = typeof v === 'string' ? JSON.parse(v) : v;
      if (!Array.isArray(list)) return null;
      return list.map((x: unknown) => {
        const y = x !== null && typeof x === 'object' && 'v' in x ? (x as { v: unknown }).v : x;
        return y === null || y === undefined ? null : typeof y === 'number' ? y : parseFloatText(String(y));
      });
    }
  }
}

/** '1.5', '1e300', 'NaN', 'Infinity', '-inf', 'inf' (each engine spells the specials its own way). */
export function parseFloatText(s: string): number {
  const t = s.trim();
  if (/^[+]?(inf|infinity)$/i.test(t)) return Infinity;
  if (/^-(inf|infinity)$/i.test(t)) return -Infinity;
  if (/^nan$/i.test(t)) return NaN;
  const n = Number(t);
  if (Number.isNaN(n)) throw new Error(`not a number: '${t.slice(0, 40)}'`);
  return n;
}

/** Builds rows keyed by column name from positional arrays, classing each column once. */
export function rowsFromArrays(columns: readonly { name: string; type: string }[], data: readonly unknown[][]): Record<string, unknown>[] {
  const classes = columns.map((c) => valueClass(c.type));
  return data.map((values) => {
    const row: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    columns.forEach((c, j) => {
      row[c.name] = coerceValue(values[j], classes[j]!);
    });
    return row;
  });
}
