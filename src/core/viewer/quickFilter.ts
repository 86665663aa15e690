import { InputError } from '../errors';
import { doubleLiteral, quoteIdent, quoteLiteral } from '../data/sql';

/** How a column's quick filter reads its text, from the engine type. */
export type QuickKind = 'number' | 'time' | 'boolean' | 'text';

export function quickKind(duckdbType: string): QuickKind {
  const t = duckdbType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) return 'number';
  if (/^(DATE|TIMESTAMP|TIME)/.test(t)) return 'time';
  if (t === 'BOOLEAN') return 'boolean';
  return 'text';
}

/** What the quick filter box of a column accepts, shown as its placeholder/help. */
export const QUICK_HELP: Readonly<Record<QuickKind, string>> = {
  number: '> 5, <= 2.5, 1..10, = 3, != 0, empty, not empty',
  time: '>= 2026-01-01, 2026-01..2026-03, empty',
  boolean: 'true, false, empty',
  text: 'contains (any case); =exact, !=value, empty, not empty',
};

const COMPARE = /^(>=|<=|!=|<>|=|>|<)\s*(.+)$/;

/**
 * One column's quick filter as a SQL condition (undefined when empty). Values never become SQL text: numbers go
 * through doubleLiteral, everything else through quoteLiteral and a cast to the column's type. Throws
 * InputError('QUICK_FILTER') naming the column and what it accepts.
 */
export function quickFilterSql(column: string, duckdbType: string, input: string): string | undefined {
  const text = input.trim();
  if (!text) return undefined;
  const col = quoteIdent(column);
  const lower = text.toLowerCase();
  if (lower === 'empty' || lower === 'null') return `${col} IS NULL`;
  if (lower === 'not empty' || lower === '!empty' || lower === 'not null' || lower === '!null') return `${col} IS NOT NULL`;
  const kind = quickKind(duckdbType);
  const bad = (): never => {
    throw new InputError('QUICK_FILTER', `quick filter of '${column}': '${text}' is not understood; it takes ${QUICK_HELP[kind]}.`, { column });
  };
  if (kind === 'boolean') {
    if (['true', 'yes', '1'].includes(lower)) return `${col} = TRUE`;
    if (['false', 'no', '0'].includes(lower)) return `${col} = FALSE`;
    return bad();
  }
  if (kind === 'text') {
    if (text.startsWith('!=')) return `(${col} IS NULL OR CAST(${col} AS VARCHAR) <> ${quoteLiteral(text.slice(2).trim())})`;
    if (text.startsWith('=')) return `CAST(${col} AS VARCHAR) = ${quoteLiteral(text.slice(1).trim())}`;
    return `contains(lower(CAST(${col} AS VARCHAR)), ${quoteLiteral(text.toLowerCase())})`;
  }
  const value = (v: string): string => {
    const s = v.trim();
    if (kind === 'number') {
      const n = Number(s);
      if (s === '' || !Number.isFinite(n)) return bad();
      return doubleLiteral(n);
    }
    if (!/^\d{4}(-\d{2}(-\d{2}([ T]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?)?)?$/.test(s)) return bad();
    const full = /^\d{4}$/.test(s) ? `${s}-01-01` : /^\d{4}-\d{2}$/.test(s) ? `${s}-01` : s;
    return `CAST(${quoteLiteral(full)} AS TIMESTAMP)`;
  };
  const target = kind === 'time' ? `CAST(${col} AS TIMESTAMP)` : col;
  const range = /^(.+?)\s*\.\.\s*(.+)$/.exec(text);
  if (range) return `${target} BETWEEN ${value(range[1]!)} AND ${value(range[2]!)}`;
  const m = COMPARE.exec(text);
  if (m) return `${target} ${m[1] === '!=' ? '<>' : m[1]} ${value(m[2]!)}`;
  return `${target} = ${value(text)}`;
}
