import type { Dataset } from '../data/dataset';
import type { PlanExecutor } from '../plan/executor';
import { add, and, bool, cast, cmp, col, contains, dbl, div, fn, int, mul, not, notNull, str, sub, when, type Expr } from '../plan/expr';
import type { AggregatePlan, NamedAggregate, PlanRow, Source } from '../plan/plan';
import type { RunOptions } from '../data/engine';
import { sourceOf } from '../plan/target';
import { attributeSets, compareValueLists } from './attributeSets';
import type { BiasData, ScoreSpec } from './biasData';
import type { BinaryColumns, SqlScalar } from './confusionSql';
import { scoreHistograms, type GroupingRow } from './groupingSql';
import { rollUp } from './rollUp';
import { INTERSECTION_SEPARATOR, MISSING_GROUP } from './types';
import { own } from '../dict';

/** Above this many distinct scores the exact AUC would ship too many rows from a warehouse; it is reported as unavailable. */
export const MAX_RANKED_SCORES = 100_000;

type Combine = 'sum' | 'min' | 'max';
/** A finest cell (one value per sensitive attribute, optionally a bin or score) and its additive stats. */
export interface Cell { values: string[]; bin?: number; stats: Record<string, number> }

/** A value of the data as a plan literal (numbers as doubles, as the SQL path writes them). */
export function literal(v: SqlScalar): Expr {
  if (typeof v === 'boolean') return bool(v);
  if (typeof v === 'number') return dbl(v);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? int(Number(v)) : str(v.toString());
  return str(v);
}

/**
 * The audit's data access as aggregate plans, for any executor (the embedded DuckDB or a warehouse): one
 * GROUP BY over the finest cells (every sensitive attribute, as text) per question, rolled up in memory to
 * every attribute, intersection and the overall row (counts and sums are additive; min/max combine). Exact
 * AUC ranks come from per-cell counts of each distinct score (two passes: the distinct count first, so no
 * more than MAX_RANKED_SCORES scores cross the wire).
 */
export function planBiasData(target: PlanExecutor, ds: Pick<Dataset, 'columns' | 'rows' | 'relation' | 'source'>, options: RunOptions = {}): BiasData {
  const source: Source = sourceOf(ds);
  const exec = { run: (plan: AggregatePlan) => target.run(plan, options) };
  const keysOf = (attributes: readonly string[]) => attributes.map((a, i) => ({ name: `k${i}`, expr: cast(col(a), 'varchar'), type: 'varchar' as const }));
  const finest = async (attributes: readonly string[], where: Expr, aggregates: NamedAggregate[], extra?: { expr: Expr; type: 'integer' | 'double' }): Promise<Cell[]> => {
    const groupBy = [...keysOf(attributes), ...(extra ? [{ name: 'bin', expr: extra.expr, type: extra.type }] : [])];
    const rows = await exec.run({ source, where, groupBy, aggregates });
    return rows.map((r) => ({ values: attributes.map((_a, i) => cellText(r[`k${i}`])), ...(extra ? { bin: Number(r['bin']) } : {}), stats: Object.fromEntries(aggregates.map((a) => [a.name, Number(own(r, a.name) ?? 0)])) }));
  };
  const scoreBase = (c: ScoreSpec) => {
    const s = cast(col(c.score), 'double');
    const y = cmp(col(c.label), '=', literal(c.labelFavorable));
    return { s, y, where: and(notNull(col(c.label)), notNull(col(c.score))) };
  };
  return {
    columnTypes: async () => new Map(ds.columns.map((c) => [c.name, c.type])),
    rowCount: async () => Number((await exec.run({ source, aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] }))[0]?.['n'] ?? 0),
    distinctValues: async (column, limit) => {
      const rows = await exec.run({ source, where: notNull(col(column)), groupBy: [{ name: 'v', expr: col(column) }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }], top: { k: Math.floor(limit), by: 'n' } });
      return rows.map((r) => r['v'] as SqlScalar).sort(compareScalars);
    },
    attributeStats: async (column) => {
      const x = col(column);
      const text = cast(x, 'varchar');
      const [r] = await exec.run({ source, aggregates: [
        { name: 'n', agg: { fn: 'count', arg: x }, type: 'bigint' },
        { name: 'd', agg: { fn: 'distinct', args: [x], mode: 'exact' }, type: 'bigint' },
        { name: 'len', agg: { fn: 'avg', arg: cast(fn('length', text), 'double') }, type: 'double' },
        { name: 'sp', agg: { fn: 'avg', arg: when([[contains(text, ' '), dbl(1)]], dbl(0)) }, type: 'double' },
      ] });
      return { nonNull: Number(r?.['n'] ?? 0), distinct: Number(r?.['d'] ?? 0), meanLength: r?.['len'] == null ? null : Number(r['len']), spaceShare: r?.['sp'] == null ? null : Number(r['sp']) };
    },
    confusion: async (attributes, c, totalRows) => {
      const { y, p, notNullCond } = positives(c);
      const cells = await finest(attributes, notNullCond, [
        { name: 'n', agg: { fn: 'count' }, type: 'bigint' },
        { name: 'tp', agg: { fn: 'countIf', cond: and(y, p) }, type: 'bigint' },
        { name: 'fp', agg: { fn: 'countIf', cond: and(not(y), p) }, type: 'bigint' },
        { name: 'fn', agg: { fn: 'countIf', cond: and(y, not(p)) }, type: 'bigint' },
        { name: 'tn', agg: { fn: 'countIf', cond: and(not(y), not(p)) }, type: 'bigint' },
      ]);
      const { overall, groups } = rollUp(attributes, cells.map((x) => ({ values: x.values, counts: { n: x.stats['n']!, tp: x.stats['tp']!, fp: x.stats['fp']!, fn: x.stats['fn']!, tn: x.stats['tn']! } })));
      return { attributes, overall, groups, droppedRows: totalRows - overall.n };
    },
    scoreSums: async (c) => {
      const { s, y, where } = scoreBase(c);
      const cells = await finest(c.attributes, where, [
        { name: 'n', agg: { fn: 'count' }, type: 'bigint' }, { name: 'sumS', agg: { fn: 'sum', arg: s }, type: 'double' },
        { name: 'sumS2', agg: { fn: 'sumSquares', arg: s }, type: 'double' }, { name: 'sumSY', agg: { fn: 'sum', arg: when([[y, s]], dbl(0)) }, type: 'double' },
        { name: 'sumY', agg: { fn: 'countIf', cond: y }, type: 'bigint' }, { name: 'minS', agg: { fn: 'min', arg: s }, type: 'double' }, { name: 'maxS', agg: { fn: 'max', arg: s }, type: 'double' },
      ]);
      const rows = rollUpCells(c.attributes, cells, { minS: 'min', maxS: 'max' });
      return new Map(rows.map((r) => [`${r.attribute}\u0000${r.group}`, r.stats]));
    },
    rankSums: async (c) => {
      const { s, y, where } = scoreBase(c);
      const distinct = Number((await exec.run({ source, where, aggregates: [{ name: 'd', agg: { fn: 'distinct', args: [s], mode: 'exact' }, type: 'bigint' }] }))[0]?.['d'] ?? 0);
      if (distinct > MAX_RANKED_SCORES) return { unavailable: `${distinct} distinct scores: an exact AUC would read every one out of ${ds.rows.toLocaleString('en-US')} rows; round the scores (e.g. to 4 decimals) to rank them` };
      const cells = await finest(c.attributes, where, [{ name: 'pos', agg: { fn: 'countIf', cond: y }, type: 'bigint' }, { name: 'neg', agg: { fn: 'countIf', cond: not(y) }, type: 'bigint' }], { expr: s, type: 'double' });
      return rankSumsFromCounts(c.attributes, cells);
    },
    scoreHistogram: async (c, bins) => {
      const { s, y, where } = scoreBase(c);
      const cells = await finest(c.attributes, where, [{ name: 'pos', agg: { fn: 'countIf', cond: y }, type: 'bigint' }, { name: 'neg', agg: { fn: 'countIf', cond: not(y) }, type: 'bigint' }, { name: 'sumS', agg: { fn: 'sum', arg: s }, type: 'double' }], { expr: binOf(s, bins), type: 'integer' });
      return histogramFromCells(c.attributes, cells, bins);
    },
    regressionRows: async (attributes, label, prediction) => {
      const y = cast(col(label), 'double');
      const p = cast(col(prediction), 'double');
      const cells = await finest(attributes, and(notNull(col(label)), notNull(col(prediction))), [
        { name: 'n', agg: { fn: 'count' }, type: 'bigint' }, { name: 'sumP', agg: { fn: 'sum', arg: p }, type: 'double' }, { name: 'sumY', agg: { fn: 'sum', arg: y }, type: 'double' },
        { name: 'sumAbs', agg: { fn: 'sum', arg: fn('abs', sub(p, y)) }, type: 'double' }, { name: 'sumSq', agg: { fn: 'sumSquares', arg: sub(p, y) }, type: 'double' },
      ]);
      return rollUpCells(attributes, cells, {});
    },
  };
}

function cellText(v: unknown): string {
  return v === null || v === undefined ? MISSING_GROUP : String(v);
}

/** y (actual positive), p (predicted positive) and the not-missing condition, as confusionSql.positiveExpressions writes them. */
function positives(c: BinaryColumns): { y: Expr; p: Expr; notNullCond: Expr } {
  const y = cmp(col(c.label), '=', literal(c.labelFavorable));
  if (c.score !== undefined) return { y, p: cmp(col(c.score), '>=', dbl(c.threshold ?? 0.5)), notNullCond: and(notNull(col(c.label)), notNull(col(c.score))) };
  if (c.prediction === undefined || c.predictionFavorable === undefined) throw new RangeError('biasPlans: give prediction + predictionFavorable, or score + threshold');
  const p = c.predictionFavorable === null ? bool(false) : cmp(col(c.prediction), '=', literal(c.predictionFavorable));
  return { y, p, notNullCond: and(notNull(col(c.label)), notNull(col(c.prediction))) };
}

/** b(s) = max{k ∈ 0..B : k/B ≤ s} for s in [0, 1], as scoreSql.binExpression (k/B in IEEE doubles). */
function binOf(s: Expr, bins: number): Expr {
  const b = dbl(bins);
  const f = fn('floor', mul(s, b));
  return cast(when([[cmp(s, '>=', dbl(1)), b], [cmp(div(add(f, dbl(1)), b), '<=', s), add(f, dbl(1))], [cmp(div(f, b), '>', s), sub(f, dbl(1))]], f), 'integer');
}

/** Per-group score histograms (pos, neg, Σs per bin 0..bins) from finest cells with a bin and stats pos, neg, sumS. */
export function histogramFromCells(attributes: readonly string[], cells: readonly Cell[], bins: number): Map<string, { pos: number[]; neg: number[]; sumS: number[] }> {
  return scoreHistograms(rollUpCells(attributes, cells, {}, true), bins);
}

/**
 * Finest cells rolled up to the overall row (indices []) and every attribute set, in parseGroupingRows' order:
 * overall first, then attribute sets in attributeSets order, groups by value, then bin. Stats are summed
 * unless `combine` says min or max.
 */
export function rollUpCells(attributes: readonly string[], cells: readonly Cell[], combine: Record<string, Combine>, byBin = false): GroupingRow[] {
  const sets = [{ name: '', indices: [] as number[] }, ...attributeSets(attributes)];
  const out: GroupingRow[] = [];
  for (const set of sets) {
    const acc = new Map<string, GroupingRow>();
    for (const c of cells) {
      const values = set.indices.map((i) => c.values[i] ?? MISSING_GROUP);
      const key = `${values.join('\u0000')}\u0001${byBin ? c.bin : ''}`;
      const cur = acc.get(key);
      if (!cur) {
        acc.set(key, { indices: set.indices, attribute: set.name, group: values.join(INTERSECTION_SEPARATOR), values, ...(byBin ? { bin: c.bin ?? 0 } : {}), stats: { ...c.stats } });
        continue;
      }
      for (const [k, v] of Object.entries(c.stats)) {
        const how = own(combine, k) ?? 'sum';
        // eslint-disable-next-line model-lens/prototype-safe-lookup -- keys are the plan's aggregate names, chosen by code
        cur.stats[k] = how === 'sum' ? (cur.stats[k] ?? 0) + v : how === 'min' ? Math.min(cur.stats[k] ?? v, v) : Math.max(cur.stats[k] ?? v, v);
      }
    }
    out.push(...[...acc.values()].sort((a, b) => compareValueLists(a.values, b.values, MISSING_GROUP) || (a.bin ?? 0) - (b.bin ?? 0)));
  }
  return out;
}

/**
 * Mann–Whitney rank sums from per-cell counts of each distinct score (bin = the score here): for each group,
 * scores ascending, a score's rank is 1 + the count below it plus (ties − 1)/2, as RANK() + (COUNT − 1)/2 in SQL.
 */
export function rankSumsFromCounts(attributes: readonly string[], cells: readonly Cell[]): Map<string, { p: number; n: number; rankSumPos: number }> {
  const scored = cells.map((c) => ({ ...c, score: c.bin! }));
  const out = new Map<string, { p: number; n: number; rankSumPos: number }>();
  for (const set of [{ name: '', indices: [] as number[] }, ...attributeSets(attributes)]) {
    const groups = new Map<string, Map<number, { pos: number; neg: number }>>();
    for (const c of scored) {
      const group = set.indices.map((i) => c.values[i] ?? MISSING_GROUP).join(INTERSECTION_SEPARATOR);
      let g = groups.get(group);
      if (!g) groups.set(group, (g = new Map()));
      const t = g.get(c.score) ?? { pos: 0, neg: 0 };
      t.pos += c.stats['pos'] ?? 0;
      t.neg += c.stats['neg'] ?? 0;
      g.set(c.score, t);
    }
    for (const [group, byScore] of groups) {
      let below = 0, p = 0, n = 0, r = 0;
      for (const s of [...byScore.keys()].sort((a, b) => a - b)) {
        const t = byScore.get(s)!;
        const ties = t.pos + t.neg;
        r += t.pos * (below + 1 + (ties - 1) / 2);
        below += ties;
        p += t.pos;
        n += t.neg;
      }
      out.set(`${set.name}\u0000${group}`, { p, n, rankSumPos: r });
    }
  }
  return out;
}

/** Ascending order of column values as SQL orders them (numbers, text by code unit, false < true). */
function compareScalars(a: SqlScalar, b: SqlScalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'boolean' ? Number(a) : a;
  const y = typeof b === 'boolean' ? Number(b) : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

export type { PlanRow };
