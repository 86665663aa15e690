import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent, quoteLiteral } from '../data/sql';
import { dbl, NUMERIC_TYPE } from '../profile/profileSql';
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
 * baseline's widened bounds, and the latest time window's distinct counts. Three engine passes plus one.
 */
export async function computeCurrent(engine: Engine, ds: Dataset, baseline: Baseline, options: CurrentOptions): Promise<CurrentFacts> {
  const numericInBaseline = new Set(baseline.columns.filter((c) => c.kind === 'numeric').map((c) => c.name));
  const present = new Set(ds.columns.map((c) => c.name));
  let timeColumn = options.timeColumn === undefined ? (baseline.time?.column ?? null) : options.timeColumn;
  if (timeColumn !== null && !present.has(timeColumn)) timeColumn = null;
  const { baseline: stats, parseFailures } = await computeStats(engine, ds, { ...options, timeColumn, numericHints: numericInBaseline });
  const rel = ds.relation;
  const parts: string[] = [];
  const ranged: { name: string; lo: number; hi: number; i: number }[] = [];
  ds.columns.forEach((c, i) => {
    const b = baseline.columns.find((x) => x.name === c.name)?.numeric;
    if (!b || b.min === null || b.max === null) return;
    const { lo, hi } = rangeBounds(b.min, b.max, options.rangeTolerance);
    const v = NUMERIC_TYPE.test(c.type) ? `${quoteIdent(c.name)}::DOUBLE` : `TRY_CAST(${quoteIdent(c.name)} AS DOUBLE)`;
    const f = `(CASE WHEN isfinite(${v}) THEN ${v} END)`;
    parts.push(`sum(CASE WHEN ${f} < ${dbl(lo)} THEN 1 ELSE 0 END)::BIGINT AS c${i}_below`, `sum(CASE WHEN ${f} > ${dbl(hi)} THEN 1 ELSE 0 END)::BIGINT AS c${i}_above`);
    ranged.push({ name: c.name, lo, hi, i });
  });
  // One scan for every range count and the duplicates: distinct 64-bit row hashes, as the profile counts them
  // (collision chance ≈ n²/2^65, < 3e-6 at 10M rows).
  parts.push(`count(*)::BIGINT - count(DISTINCT hash(${ds.columns.map((c) => quoteIdent(c.name)).join(', ')}))::BIGINT AS dup`);
  const row = (await engine.run(`SELECT ${parts.join(', ')} FROM ${rel}`, options))[0] ?? {};
  const dup = Number(row['dup'] ?? 0);
  const outOfRange = new Map(ranged.map((r) => [r.name, { below: Number(row[`c${r.i}_below`] ?? 0), above: Number(row[`c${r.i}_above`] ?? 0), lo: r.lo, hi: r.hi }]));

  let latestWindow: CurrentFacts['latestWindow'] = null;
  const ti = timeColumn === null ? -1 : ds.columns.findIndex((c) => c.name === timeColumn);
  if (ti >= 0 && stats.time?.max) {
    const t = timeExpr(ds, ti);
    const from = `${quoteLiteral(stats.time.max)}::TIMESTAMP - INTERVAL (${options.windowDays * 86400}) SECOND`;
    const cols = ds.columns.map((c, i) => ({ c, i })).filter(({ i }) => i !== ti);
    const sel = cols.flatMap(({ c, i }) => {
      const x = quoteIdent(c.name);
      return [`count(${x})::BIGINT AS c${i}_n`, `count(DISTINCT ${x})::BIGINT AS c${i}_d`, `min(${x})::VARCHAR AS c${i}_ex`];
    });
    const w = (await engine.run(`SELECT (${from})::VARCHAR AS w_from, ${sel.join(', ')} FROM ${rel} WHERE ${t} > ${from}`, options))[0] ?? {};
    latestWindow = {
      from: String(w['w_from']),
      to: stats.time.max,
      days: options.windowDays,
      columns: new Map(cols.map(({ c, i }) => [c.name, { values: Number(w[`c${i}_n`] ?? 0), distinct: Number(w[`c${i}_d`] ?? 0), example: (w[`c${i}_ex`] as string | null) ?? null }])),
    };
  }
  return { stats, parseFailures, duplicateRows: dup, outOfRange, latestWindow };
}
