import type { Dataset } from '../data/dataset';
import type { Engine, Row, RunOptions } from '../data/engine';
import { cast, cmp, col, finiteOrNull, int, isNull, notNull, tryCast, utcTimestamp, when, type Expr } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { AggregatePlan, NamedAggregate, Source } from '../plan/plan';
import { EXACT_DISTINCT_ROWS, sampledDistinctCounts } from '../data/distinctCount';
import { asExecutor, sourceOf } from '../plan/target';
import { InputError } from '../errors';
import { NUMERIC_TYPE, TEMPORAL_TYPE, ZONED_TYPE } from '../profile/profileSql';
import { sketchHistogram, sketchQuantiles } from './derived';
import { RELATIVE_ACCURACY, sketchBucket, type LogSketch } from './sketch';
import { BASELINE_SCHEMA, BASELINE_VERSION, MAX_CATEGORIES, type Baseline, type BaselineColumn, type BaselineTime } from './types';

export interface StatsOptions extends RunOptions {
  /** The time column; undefined picks the first DATE/TIMESTAMP column, null means none. */
  timeColumn?: string | null | undefined;
  /** Columns read as numbers even if the file now holds text (values that do not parse are counted). */
  numericHints?: ReadonlySet<string>;
  /** The file name recorded in the baseline (default: the dataset's base name). */
  sourceName?: string;
}

export interface DatasetStats {
  baseline: Baseline;
  /** Per hinted column: non-missing values that are not numbers, and one example. */
  parseFailures: Map<string, { count: number; example: string | null }>;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The statistics of a baseline for one dataset, as aggregate plans (plan/): one aggregate plan (counts, missing,
 * min/max, non-finite, negatives, parse failures), then one batch of grouped plans: sketch buckets per numeric
 * column, category counts per string/boolean column (at most MAX_CATEGORIES + 1 rows each) and rows per day of
 * the time column. Only aggregates come back, so it runs on any executor (the embedded DuckDB or a warehouse). NaN/±Infinity are neither missing nor in the sketch: they are counted in
 * `nonFinite`. Missing = SQL NULL.
 */
export async function computeStats(engine: Engine | PlanExecutor, ds: Dataset, options: StatsOptions = {}): Promise<DatasetStats> {
  const hints = options.numericHints ?? new Set<string>();
  const timeColumn = pickTimeColumn(ds, options.timeColumn);
  const exec = asExecutor(engine);
  const source = sourceOf(ds);
  const isNumeric = (c: { name: string; type: string }) => !isIdentifier(c) && (NUMERIC_TYPE.test(c.type) || hints.has(c.name));
  const valueOf = (i: number): Expr => {
    const c = ds.columns[i]!;
    return NUMERIC_TYPE.test(c.type) ? cast(col(c.name), 'double') : tryCast(col(c.name), 'double');
  };
  const aggs: NamedAggregate[] = [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }];
  ds.columns.forEach((c, i) => {
    const x = col(c.name);
    aggs.push({ name: `c${i}_nn`, agg: { fn: 'count', arg: x }, type: 'bigint' });
    if (isNumeric(c)) {
      const f = finiteOrNull(valueOf(i));
      aggs.push({ name: `c${i}_min`, agg: { fn: 'min', arg: f } }, { name: `c${i}_max`, agg: { fn: 'max', arg: f } });
      aggs.push({ name: `c${i}_values`, agg: { fn: 'count', arg: valueOf(i) }, type: 'bigint' }, { name: `c${i}_finite`, agg: { fn: 'count', arg: f }, type: 'bigint' });
      aggs.push({ name: `c${i}_neg`, agg: { fn: 'countIf', cond: cmp(f, '<', int(0)) }, type: 'bigint' });
      if (!NUMERIC_TYPE.test(c.type)) aggs.push({ name: `c${i}_badex`, agg: { fn: 'min', arg: when([[isNull(valueOf(i)), cast(x, 'varchar')]]) } });
    } else if (TEMPORAL_TYPE.test(c.type)) {
      aggs.push({ name: `c${i}_tmin`, agg: { fn: 'min', arg: x }, type: 'varchar' }, { name: `c${i}_tmax`, agg: { fn: 'max', arg: x }, type: 'varchar' });
    }
  });
  const timeIndex = timeColumn === null ? -1 : ds.columns.findIndex((c) => c.name === timeColumn);
  const t = timeIndex < 0 ? undefined : timeExpr(ds, timeIndex);
  if (t) aggs.push({ name: 't_lo', agg: { fn: 'min', arg: t }, type: 'varchar' }, { name: 't_hi', agg: { fn: 'max', arg: t }, type: 'varchar' });
  const first: Row = (await exec.run({ source, aggregates: aggs }, options))[0] ?? {};
  const rows = num(first['n']) ?? 0;

  // Sketch buckets per numeric column, category counts (at most MAX_CATEGORIES + 1) per string/boolean column,
  // rows per day of the time column: one batch of grouped plans.
  const plans: AggregatePlan[] = [];
  const planOf: { col: number; part: 'sketch' | 'cats' | 'daily' }[] = [];
  const count: NamedAggregate = { name: 'n', agg: { fn: 'count' }, type: 'bigint' };
  const manyValues = await provenText(exec, source, ds.columns.filter((c) => !isNumeric(c) && !TEMPORAL_TYPE.test(c.type) && !isIdentifier(c) && c.type.toUpperCase() !== 'BOOLEAN').map((c) => c.name), rows, options);
  ds.columns.forEach((c, i) => {
    if (manyValues.has(c.name)) return;
    const x = col(c.name);
    if (isNumeric(c)) {
      const v = col('v');
      plans.push({
        source, derive: [{ name: 'v', expr: finiteOrNull(valueOf(i)) }], where: notNull(v),
        groupBy: [{ name: 'sign', expr: sketchBucket(v, 'sign'), type: 'integer' }, { name: 'idx', expr: sketchBucket(v, 'index'), type: 'integer' }],
        aggregates: [count],
      });
      planOf.push({ col: i, part: 'sketch' });
    } else if (!TEMPORAL_TYPE.test(c.type) && !isIdentifier(c)) {
      plans.push({ source, where: notNull(x), groupBy: [{ name: 'value', expr: cast(x, 'varchar'), type: 'varchar' }], aggregates: [count], top: { k: MAX_CATEGORIES + 1, by: 'n' } });
      planOf.push({ col: i, part: 'cats' });
    }
  });
  if (t) {
    plans.push({ source, where: notNull(t), groupBy: [{ name: 'value', expr: cast(cast(t, 'date'), 'varchar'), type: 'varchar' }], aggregates: [count] });
    planOf.push({ col: -1, part: 'daily' });
  }
  const results = plans.length ? await exec.runAll(plans, options) : [];
  const sketches = new Map<number, LogSketch>();
  const cats = new Map<number, [string, number][]>();
  const daily: [string, number][] = [];
  results.forEach((rs, k) => {
    const { col: i, part } = planOf[k]!;
    for (const r of rs) {
      const n = num(r['n']) ?? 0;
      if (part === 'daily') daily.push([String(r['value']), n]);
      else if (part === 'cats') cats.set(i, [...(cats.get(i) ?? []), [String(r['value']), n]]);
      else {
        const s = sketches.get(i) ?? { zero: 0, positive: [], negative: [] };
        const sign = num(r['sign']);
        const idx = num(r['idx'])!;
        if (sign === 0) s.zero += n;
        else (sign === 1 ? s.positive : s.negative).push([idx, n]);
        sketches.set(i, s);
      }
    }
  });
  const parseFailures = new Map<string, { count: number; example: string | null }>();
  const columns: BaselineColumn[] = ds.columns.map((c, i) => {
    const g = (s: string) => first[`c${i}_${s}`];
    const count = num(g('nn')) ?? 0;
    const col: BaselineColumn = { name: c.name, type: c.type, kind: 'categorical', count, missing: rows - count };
    if (isIdentifier(c)) {
      col.kind = 'identifier';
    } else if (isNumeric(c)) {
      const sketch = sketches.get(i) ?? { zero: 0, positive: [], negative: [] };
      sketch.positive.sort((a, b) => a[0] - b[0]);
      sketch.negative.sort((a, b) => a[0] - b[0]);
      const min = num(g('min'));
      const max = num(g('max'));
      col.kind = 'numeric';
      col.numeric = { min, max, nonFinite: (num(g('values')) ?? 0) - (num(g('finite')) ?? 0), negatives: num(g('neg')) ?? 0, sketch, quantiles: sketchQuantiles(sketch, min, max), histogram: sketchHistogram(sketch, min, max) };
      if (!NUMERIC_TYPE.test(c.type)) {
        const bad = count - (num(g('values')) ?? 0);
        parseFailures.set(c.name, { count: bad, example: g('badex') === null || g('badex') === undefined ? null : String(g('badex')) });
      }
    } else if (TEMPORAL_TYPE.test(c.type)) {
      col.kind = 'datetime';
      col.datetime = { min: (g('tmin') as string | null) ?? null, max: (g('tmax') as string | null) ?? null };
    } else {
      const list = (cats.get(i) ?? []).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      if (c.type.toUpperCase() === 'BOOLEAN') col.kind = 'boolean';
      else col.kind = list.length > MAX_CATEGORIES || manyValues.has(c.name) ? 'text' : 'categorical';
      if (col.kind !== 'text') col.categories = list;
    }
    return col;
  });
  let time: BaselineTime | null = null;
  if (timeIndex >= 0) {
    time = { column: timeColumn!, min: (first['t_lo'] as string | null) ?? null, max: (first['t_hi'] as string | null) ?? null, daily: daily.sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
  }
  const sourceName = options.sourceName ?? ds.path.split(/[\\/]/).pop() ?? ds.path;
  const baseline: Baseline = {
    schema: BASELINE_SCHEMA,
    version: BASELINE_VERSION,
    source: { files: [sourceName], format: ds.format },
    rows,
    sketch: { kind: 'ddsketch', relativeAccuracy: RELATIVE_ACCURACY },
    time,
    columns,
  };
  return { baseline, parseFailures };
}

/**
 * Text columns of a big dataset proven to hold more than MAX_CATEGORIES distinct values, so that their category
 * counts (a GROUP BY over every distinct value: 100M identifiers ran the engine out of memory at 1 GB) are not
 * computed: the distinct hashes of a 1-in-64 hash sample of a column's values are at most its distinct values, so
 * a sample above MAX_CATEGORIES proves the column is text (the kind the counts would give). A smaller sample
 * proves nothing and the column is counted as before. One pass over just those columns, above
 * EXACT_DISTINCT_ROWS rows only.
 */
async function provenText(exec: PlanExecutor, source: Source, columns: readonly string[], rows: number, options: RunOptions): Promise<Set<string>> {
  if (rows <= EXACT_DISTINCT_ROWS || !columns.length) return new Set();
  const samples = await sampledDistinctCounts(exec, source, columns, options);
  return new Set(columns.filter((_c, k) => samples[k]! > MAX_CATEGORIES));
}

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;
const ID_NAME = /(^id$|_id$|^id_|uuid|guid|(^|_)key$)/i;

/**
 * An integer column with an id-like name (id, *_id, uuid, key): kept as 'identifier' (counts and missing only),
 * since new ids are out of the baseline's range by design. Decided from name and type alone, so it merges.
 */
export function isIdentifier(c: { name: string; type: string }): boolean {
  return INTEGER_TYPE.test(c.type) && ID_NAME.test(c.name);
}

/** The time column: the one named (which must exist), else the first DATE/TIMESTAMP column, else none. */
export function pickTimeColumn(ds: Dataset, requested: string | null | undefined): string | null {
  if (requested === null) return null;
  if (requested !== undefined) {
    if (!ds.columns.some((c) => c.name === requested)) {
      throw new InputError('COLUMN_NOT_FOUND', `time column '${requested}' not found in ${ds.path}; columns are: ${ds.columns.map((c) => c.name).join(', ')}.`, { column: requested });
    }
    return requested;
  }
  return ds.columns.find((c) => TEMPORAL_TYPE.test(c.type))?.name ?? null;
}

/** The time column as TIMESTAMP, an instant at its UTC wall clock (text is parsed with TRY_CAST; unparsable values count as missing). */
export function timeExpr(ds: Dataset, i: number): Expr {
  const c = ds.columns[i]!;
  if (ZONED_TYPE.test(c.type)) return utcTimestamp(col(c.name));
  return TEMPORAL_TYPE.test(c.type) ? cast(col(c.name), 'timestamp') : tryCast(col(c.name), 'timestamp');
}
