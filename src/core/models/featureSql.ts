import { doubleLiteral, quoteIdent, quoteLiteral } from '../data/sql';
import type { CategoryEncoding, Model } from './types';

/** A missing value among an encoder's categories: NaN (numbers) or None (kept as this marker, never dataset text). */
export const NONE_CATEGORY = '\u0000None';

const isMissingCategory = (v: string | number): boolean => v === NONE_CATEGORY || (typeof v === 'number' && Number.isNaN(v));

/**
 * SQL for one category-encoded feature: the index of the column's value among the encoder's categories
 * (compared as text for text categories, as numbers for numeric ones), `missing` for NULL (or NaN), -1 for
 * any other value. The column name is quoted; categories become literals (quoteLiteral, doubleLiteral).
 */
export function categorySql(column: string, enc: CategoryEncoding): string {
  const x = quoteIdent(column);
  const numeric = enc.values.some((v) => typeof v === 'number' && !Number.isNaN(v));
  const whens: string[] = [];
  if (numeric) {
    const d = `TRY_CAST(${x} AS DOUBLE)`;
    whens.push(`WHEN ${x} IS NULL OR isnan(${d}) THEN ${enc.missing}`);
    enc.values.forEach((v, k) => {
      if (typeof v === 'number' && Number.isFinite(v)) whens.push(`WHEN ${d} = ${doubleLiteral(v)} THEN ${k}`);
    });
  } else {
    whens.push(`WHEN ${x} IS NULL THEN ${enc.missing}`);
    enc.values.forEach((v, k) => {
      if (typeof v === 'string' && !isMissingCategory(v) && !v.includes('\u0000')) whens.push(`WHEN CAST(${x} AS VARCHAR) = ${quoteLiteral(v)} THEN ${k}`);
    });
  }
  return `CASE ${whens.join(' ')} ELSE -1 END`;
}

/** The SQL expression that reads each model feature from its dataset column (datasetFeatures' order). */
export function featureExprs(model: Pick<Model, 'inputs'>, columns: readonly string[]): string[] {
  return columns.map((c, j) => {
    const enc = model.inputs?.[j]?.categories;
    return enc ? categorySql(c, enc) : quoteIdent(c);
  });
}

/** The category index of one in-memory value (as featureExprs computes it in SQL). */
export function categoryIndex(enc: CategoryEncoding, v: unknown): number {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return enc.missing;
  const numeric = enc.values.some((x) => typeof x === 'number' && !Number.isNaN(x));
  if (numeric) {
    const d = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : Number(String(v).trim() === '' ? NaN : v);
    if (Number.isNaN(d)) return -1;
    return enc.values.findIndex((x) => x === d);
  }
  const s = typeof v === 'string' ? v : String(v);
  return enc.values.findIndex((x) => x === s && !isMissingCategory(x));
}
