import { attributeSets, compareValueLists } from './attributeSets';
import { quoteIdent } from './sql';
import { INTERSECTION_SEPARATOR, MISSING_GROUP } from './types';
import { dict, own } from '../dict';

/**
 * One `GROUP BY GROUPING SETS ((a), (b), (a, b), ..., ())` query over additive aggregates, so that a
 * single scan yields every attribute, every intersection and the overall row. Sensitive values are
 * cast to VARCHAR; NULL becomes the group "(missing)" (told apart from roll-up NULLs by GROUPING()).
 * Reference: DuckDB docs, "GROUPING SETS" (https://duckdb.org/docs/sql/query_syntax/grouping_sets).
 */
export interface AggregateSpec {
  /** Output name: a plain identifier chosen by the caller (letters, digits, underscore). */
  name: string;
  /** SQL expression built only from quoted identifiers and literals. */
  expr: string;
}

export interface GroupingQuery {
  /** A FROM item: a quoted table name or a parenthesised sub-query. */
  from: string;
  attributes: readonly string[];
  aggregates: readonly AggregateSpec[];
  /** Optional WHERE condition (already safe SQL). */
  where?: string;
  /**
   * 'groupingSets' (default): every attribute set and the overall row in one GROUPING SETS query.
   * 'finest': only the full intersection; the caller rolls it up (counts are additive).
   */
  strategy?: 'groupingSets' | 'finest';
  /** Extra grouping key expression appended to every set (e.g. a score bin), output as "bin". */
  extraKey?: string;
}

export interface GroupingRow {
  /** Indices of the attributes grouped by; empty for the overall row. */
  indices: number[];
  attribute: string;
  group: string;
  values: string[];
  bin?: number;
  stats: Record<string, number>;
}

export function groupingSetsSql(q: GroupingQuery): string {
  for (const a of q.aggregates) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a.name)) throw new RangeError(`bad aggregate name ${a.name}`);
  const cols = q.attributes.map((a, i) => `CAST(${quoteIdent(a)} AS VARCHAR) AS __mlk${i}`);
  const inner = `SELECT ${[...cols, '*'].join(', ')} FROM ${q.from}${q.where ? ` WHERE ${q.where}` : ''}`;
  const extra = q.extraKey === undefined ? [] : ['__mlbin'];
  const all = q.attributes.map((_, i) => `__mlk${i}`);
  const keySets = q.strategy === 'finest' ? [all] : [...attributeSets(q.attributes).map((s) => s.indices.map((i) => `__mlk${i}`)), []];
  const sets = keySets.map(
    (keys) => `(${[...keys, ...extra].join(', ')})`,
  );
  const select = [
    ...q.attributes.map((_, i) => `GROUPING(__mlk${i}) AS __mlg${i}, __mlk${i}`),
    ...(q.extraKey === undefined ? [] : ['__mlbin']),
    ...q.aggregates.map((a) => `CAST(${a.expr} AS DOUBLE) AS ${a.name}`),
  ];
  const source = q.extraKey === undefined ? `(${inner})` : `(SELECT *, ${q.extraKey} AS __mlbin FROM (${inner}))`;
  return `SELECT ${select.join(', ')} FROM ${source} AS t GROUP BY GROUPING SETS (${sets.join(', ')})`;
}

/** Turns the rows of `groupingSetsSql` into named groups, sorted by attribute set then group value. */
export function parseGroupingRows(rows: readonly Record<string, unknown>[], q: GroupingQuery): GroupingRow[] {
  const names = attributeSets(q.attributes);
  const order = new Map(names.map((s, i) => [s.indices.join(','), i]));
  const out: GroupingRow[] = rows.map((r) => {
    const indices = q.attributes.map((_, i) => i).filter((i) => Number(r[`__mlg${i}`]) === 0);
    const values = indices.map((i) => {
      const v = r[`__mlk${i}`];
      return v === null || v === undefined ? MISSING_GROUP : String(v);
    });
    const stats = dict<number>();
    for (const a of q.aggregates) stats[a.name] = Number(own(r, a.name) ?? 0);
    const row: GroupingRow = {
      indices,
      attribute: indices.map((i) => q.attributes[i]).join(INTERSECTION_SEPARATOR),
      group: values.join(INTERSECTION_SEPARATOR),
      values,
      stats,
    };
    if (q.extraKey !== undefined) row.bin = Number(r['__mlbin']);
    return row;
  });
  const rank = (g: GroupingRow): number => (g.indices.length === 0 ? -1 : (order.get(g.indices.join(',')) ?? 0));
  return out.sort((a, b) => rank(a) - rank(b) || compareValueLists(a.values, b.values, MISSING_GROUP) || (a.bin ?? 0) - (b.bin ?? 0));
}

/** Per-group score histograms: (pos, neg, Σs) per bin 0..bins, keyed attribute NUL group, from rows with a bin and stats pos, neg, sumS. */
export function scoreHistograms(rows: Iterable<Pick<GroupingRow, 'attribute' | 'group' | 'bin' | 'stats'>>, bins: number): Map<string, { pos: number[]; neg: number[]; sumS: number[] }> {
  const out = new Map<string, { pos: number[]; neg: number[]; sumS: number[] }>();
  for (const r of rows) {
    const k = `${r.attribute}\u0000${r.group}`;
    let h = out.get(k);
    if (!h) out.set(k, (h = { pos: new Array<number>(bins + 1).fill(0), neg: new Array<number>(bins + 1).fill(0), sumS: new Array<number>(bins + 1).fill(0) }));
    const b = r.bin ?? 0;
    h.pos[b] = r.stats['pos'] ?? 0;
    h.neg[b] = r.stats['neg'] ?? 0;
    h.sumS[b] = r.stats['sumS'] ?? 0;
  }
  return out;
}
