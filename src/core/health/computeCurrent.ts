import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { EXACT_DISTINCT_ROWS } from '../data/distinctCount';
import { duplicateSamplePlan, estimateDuplicates } from '../profile/duplicateEstimate';
import { addInterval, cast, cmp, col, dbl, finiteOrNull, hash, tryCast, type Expr } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { NamedAggregate } from '../plan/plan';
import { asExecutor, sourceOf } from '../plan/target';
import { NUMERIC_TYPE } from '../profile/profileSql';
import type { CurrentFacts } from './check';
import { computeStats, timeExpr } from './computeStats';
import type { Baseline } from './types';

export interface CurrentOptions extends RunOptions {
  /** Tolerance of the range check, as a fraction of the baseline's max − min. */
  rangeTolerance: number;
  /** The latest window of the frozen-feature check, in days. */
  windowDays: number;
  /** Overrides the baseline's time column (null: none). */
  timeColumn?: string | null | undefined;
}

/** Bounds of the range check: [min − t·(max − min), max + t·(max − min)]; a constant column uses t·max(|min|, 1). */
export function rangeBounds(min: number, max: number, tolerance: number): { lo: number; hi: number } {
  const span = max > min ? max - min : Math.max(Math.abs(min), 1);
  return { lo: min - tolerance * span, hi: max + tolerance * span };
}

/**
 * The current dataset's facts for the checks: its statistics computed like a baseline (columns that were numeric
 * in the baseline are read as numbers, counting values that do not parse), duplicate rows, values outside the
 * baseline's widened bounds, and the latest time window's distinct counts: aggregate plans only (three passes plus one).
 */
export async function computeCurrent(engine: Engine | PlanExecutor, ds: Dataset, baseline: Baseline, options: CurrentOptions): Promise<CurrentFacts> {
  const numericInBaseline = new Set(baseline.columns.filter((c) => c.kind === 'numeric').map((c) => c.name));
  const present = new Set(ds.columns.map((c) => c.name));
  let timeColumn = options.timeColumn === undefined ? (baseline.time?.column ?? null) : options.timeColumn;
  if (timeColumn !== null && !present.has(timeColumn)) timeColumn = null;
  const exec = asExecutor(engine);
  const source = sourceOf(ds);
  const { baseline: stats, parseFailures } = await computeStats(exec, ds, { ...options, timeColumn, numericHints: numericInBaseline });
  const aggs: NamedAggregate[] = [];
  const ranged: { name: string; lo: number; hi: number; i: number }[] = [];
  ds.columns.forEach((c, i) => {
    const b = baseline.columns.find((x) => x.name === c.name)?.numeric;
    if (!b || b.min === null || b.max === null) return;
    const { lo, hi } = rangeBounds(b.min, b.max, options.rangeTolerance);
    const f = finiteOrNull(NUMERIC_TYPE.test(c.type) ? cast(col(c.name), 'double') : tryCast(col(c.name), 'double'));
    aggs.push({ name: `c${i}_below`, agg: { fn: 'countIf', cond: cmp(f, '<', dbl(lo)) }, type: 'bigint' }, { name: `c${i}_above`, agg: { fn: 'countIf', cond: cmp(f, '>', dbl(hi)) }, type: 'bigint' });
    ranged.push({ name: c.name, lo, hi, i });
  });
  // One scan for every range count and the duplicates: distinct 64-bit row hashes, as the profile counts them
  // (collision chance ≈ n²/2^65, < 3e-6 at 10M rows).
  // Above what the engine's memory holds as a hash table of row hashes (100M rows: ~2 GB), the duplicates are
  // estimated from a hash sample of distinct rows, as the profile does (duplicateEstimate.ts), with their error.
  const estimated = await duplicatesEstimated(exec, stats.rows, options) ? exec.run(duplicateSamplePlan(source, ds.columns), options) : undefined;
  aggs.push({ name: 'rows', agg: { fn: 'count' }, type: 'bigint' });
  if (!estimated) aggs.push({ name: 'distinct_rows', agg: { fn: 'distinct', args: [hash(...ds.columns.map((c) => col(c.name)))], mode: 'exact' }, type: 'bigint' });
  const ti = timeColumn === null ? -1 : ds.columns.findIndex((c) => c.name === timeColumn);
  const from = ti >= 0 && stats.time?.max ? addInterval(timestamp(stats.time.max), -options.windowDays * 86400, 'second') : undefined;
  if (from) aggs.push({ name: 'w_from', agg: { fn: 'min', arg: from }, type: 'varchar' });
  const row = (await exec.run({ source, aggregates: aggs }, options))[0] ?? {};
  const estimate = estimated ? estimateDuplicates(await estimated) : undefined;
  const dup = estimate ? Math.round(estimate.value) : Number(row['rows'] ?? 0) - Number(row['distinct_rows'] ?? 0);
  const outOfRange = new Map(ranged.map((r) => [r.name, { below: Number(row[`c${r.i}_below`] ?? 0), above: Number(row[`c${r.i}_above`] ?? 0), lo: r.lo, hi: r.hi }]));

  let latestWindow: CurrentFacts['latestWindow'] = null;
  if (from && stats.time?.max) {
    const cols = ds.columns.map((c, i) => ({ c, i })).filter(({ i }) => i !== ti);
    const sel = cols.flatMap(({ c, i }): NamedAggregate[] => {
      const x = col(c.name);
      return [{ name: `c${i}_n`, agg: { fn: 'count', arg: x }, type: 'bigint' }, { name: `c${i}_d`, agg: { fn: 'distinct', args: [x], mode: 'exact' }, type: 'bigint' }, { name: `c${i}_ex`, agg: { fn: 'min', arg: x }, type: 'varchar' }];
    });
    const w = sel.length ? (await exec.run({ source, where: cmp(timeExpr(ds, ti), '>', from), aggregates: sel }, options))[0] ?? {} : {};
    latestWindow = {
      from: String(row['w_from']),
      to: stats.time.max,
      days: options.windowDays,
      columns: new Map(cols.map(({ c, i }) => [c.name, { values: Number(w[`c${i}_n`] ?? 0), distinct: Number(w[`c${i}_d`] ?? 0), example: (w[`c${i}_ex`] as string | null) ?? null }])),
    };
  }
  return { stats, parseFailures, duplicateRows: dup, ...(estimate ? { duplicateRowsEstimate: estimate } : {}), outOfRange, latestWindow };
}

/** Bytes per row of an exact count of distinct row hashes in DuckDB (hash table entry, hash and salt, headroom). */
const DISTINCT_ROW_BYTES = 40;

/**
 * Whether the duplicate rows are estimated: on an engine with a memory limit here (the `memoryBytes` capability:
 * the embedded engine), when a hash table of every row's hash would not fit in it (1 GB: above 25M rows); never
 * on a warehouse (its own memory, exact counts).
 */
export async function duplicatesEstimated(exec: PlanExecutor, rows: number, options: RunOptions = {}): Promise<boolean> {
  const memoryBytes = exec.capabilities?.memoryBytes;
  if (!memoryBytes || rows <= EXACT_DISTINCT_ROWS) return false;
  return rows * DISTINCT_ROW_BYTES > (await memoryBytes(options));
}

/** A timestamp literal from the engine's own text of a timestamp ('2026-10-31 00:00:00'). */
function timestamp(text: string): Expr {
  return { op: 'timestamp', iso: text };
}
