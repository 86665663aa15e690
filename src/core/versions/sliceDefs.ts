import type { Dataset } from '../data/dataset';
import type { Engine } from '../data/engine';
import { quoteIdent, quoteLiteral } from '../data/sql';
import { readDoubles } from './readDoubles';
import { quantileEdges, type SliceDef } from './slices';

const CATEGORICAL = /^(VARCHAR|BOOLEAN|ENUM.*)$/i;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/i;
const MAX_LEVELS = 20;
/**
 * Columns that are not a population to slice by: identifiers, free text, and other models' outputs (a previous
 * score or prediction column would slice by the answer). Matched on name words.
 */
export const NOT_A_SLICE = /(^|[_\s-])(id|uuid|key|score|scores|pred|preds|prediction|predictions|predicted|prob|proba|probability|yhat|y_hat|output|margin|logit|notes?|comments?|description|remarks?|text|freetext)([_\s-]|$)/i;

/**
 * The slices of the rows that model comparisons (`diff`) and evaluations (`evaluate`) test: each level of a
 * categorical or boolean column with 2–20 values (numeric columns with 2–10 values), and the quartile bins of
 * other numeric columns, over the `labeled` rows (indices into the relation's rows, in scan order). Columns in
 * `exclude` (the label, scores, predictions …) are not sliced.
 */
export async function sliceDefs(engine: Engine, ds: Pick<Dataset, 'relation' | 'columns' | 'rows'>, exclude: readonly string[], labeled: Int32Array, run: { signal?: AbortSignal }): Promise<SliceDef[]> {
  const cands = ds.columns.filter((c) => !exclude.includes(c.name) && !NOT_A_SLICE.test(c.name) && (CATEGORICAL.test(c.type) || NUMERIC.test(c.type)));
  if (cands.length === 0) return [];
  const distinct = (await engine.run(`SELECT ${cands.map((c, i) => `approx_count_distinct(${quoteIdent(c.name)}) AS "d${i}"`).join(', ')} FROM ${ds.relation}`, run))[0] ?? {};
  const maybeLevels = cands.filter((c, i) => Number(distinct[`d${i}`]) >= 2 && Number(distinct[`d${i}`]) <= (NUMERIC.test(c.type) ? 12 : MAX_LEVELS + 2));
  const binCols = cands.filter((c, i) => NUMERIC.test(c.type) && Number(distinct[`d${i}`]) > 12);
  // Exact levels of the candidates (approx_count_distinct is only a filter), then one code per row in SQL.
  const levelCols: { name: string; levels: string[] }[] = [];
  for (const c of maybeLevels) {
    const x = quoteIdent(c.name);
    const levels = (await engine.run(`SELECT DISTINCT ${x}::VARCHAR AS v FROM ${ds.relation} WHERE ${x} IS NOT NULL ORDER BY 1 LIMIT ${MAX_LEVELS + 1}`, run)).map((r) => String(r['v']));
    if (levels.length >= 2 && levels.length <= (NUMERIC.test(c.type) ? 10 : MAX_LEVELS)) levelCols.push({ name: c.name, levels });
  }
  const exprs = [
    ...levelCols.map((c) => `CASE ${quoteIdent(c.name)}::VARCHAR ${c.levels.map((l, k) => `WHEN ${quoteLiteral(l)} THEN ${k}`).join(' ')} END`),
    ...binCols.map((c) => quoteIdent(c.name)),
  ];
  const cols = await readDoubles(engine, ds.relation, exprs, ds.rows, run);
  const defs: SliceDef[] = [];
  // Plain loops: typed-array forEach/from with a callback cost seconds on 1M rows.
  levelCols.forEach((c, j) => {
    const codes = cols[j]!;
    const groups = c.levels.map(() => [] as number[]);
    for (let i = 0; i < labeled.length; i++) {
      const k = codes[labeled[i]!]!;
      if (Number.isFinite(k)) groups[k]!.push(i);
    }
    c.levels.forEach((value, k) => defs.push({ column: c.name, value, rows: Int32Array.from(groups[k]!) }));
  });
  binCols.forEach((c, j) => {
    const v = cols[levelCols.length + j]!;
    const lab = new Float64Array(labeled.length);
    for (let i = 0; i < labeled.length; i++) lab[i] = v[labeled[i]!]!;
    const edges = quantileEdges(lab);
    const bins = edges.length - 1;
    const members = Array.from({ length: Math.max(bins, 0) }, () => [] as number[]);
    for (let i = 0; i < lab.length; i++) {
      const x = lab[i]!;
      // Bin k is [edge k, edge k+1), the last one closed; NaN and values outside the edges fall in none.
      for (let k = 0; k < bins; k++) {
        if (x >= edges[k]! && (x < edges[k + 1]! || (k === bins - 1 && x <= edges[k + 1]!))) {
          members[k]!.push(i);
          break;
        }
      }
    }
    for (let k = 0; k < bins; k++) {
      const last = k === bins - 1;
      defs.push({ column: c.name, value: `[${fmt(edges[k]!)}, ${fmt(edges[k + 1]!)}${last ? ']' : ')'}`, rows: Int32Array.from(members[k]!) });
    }
  });
  return defs;
}

const fmt = (v: number): string => String(Number(v.toPrecision(4)));
