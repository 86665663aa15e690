import { and, cast, cmp, col, dbl, fn, int, isFinite, mul, sub } from '../plan/expr';
import type { AggregatePlan, PlanRow, Source } from '../plan/plan';
import type { PlanExecutor } from '../plan/executor';
import type { RunOptions } from '../data/engine';
import { histogramNeedsExact } from './profileSql';

/**
 * Quantiles and histograms above the exact-size limit from one GROUP BY per numeric column (issue 18): the
 * column's finite values in FINE_PER_BIN × bins equal-width fine bins over [min, max], each with its count,
 * smallest and largest value. The 20 histogram bins are unions of fine bins (numpy's edge rule checked on each
 * union's min and max, as histogramPlan's rows are), and an order statistic lies in a known fine bin: it is exact
 * when it is the bin's first or last value (or the bin holds one value), else interpolated inside the bin, which
 * puts it between the exact quantiles at level ± (bin count − 1)/(N − 1). That bound is computed, not assumed;
 * where it exceeds REFINE_ABOVE, the bins in question are read again — their values one by one when few, else
 * in finer bins — for up to REFINE_ROUNDS rounds. It replaces t-digest (approx_quantile) in the first pass,
 * which cost 1.0 of 4.8 CPU-s of a 1M × 20 Parquet profile; the fine bins add ~0.1 CPU-s to the histogram pass.
 */
export const FINE_PER_BIN = 256;
/** Quantiles whose rank bound exceeds this share of the rows are refined. */
export const REFINE_ABOVE = 0.001;
export const REFINE_ROUNDS = 4;
/** A bin with at most this many values is refined to its values (exact order statistics), else to finer bins. */
export const VALUES_BELOW = 65_536;
/** Finer bins per refined bin. */
const SUB_BINS = 4096;

/** Values of one column in [lo, hi] (lo = hi: a single value), n of them, disjoint from the other bins. */
export interface Bin {
  lo: number;
  hi: number;
  n: number;
}

/** A column's finite values as v, only those in [lo, hi] when given. */
function valuesOf(source: Source, name: string, range?: { lo: number; hi: number }): Pick<AggregatePlan, 'source' | 'derive' | 'where'> {
  const v = col('v');
  return { source, derive: [{ name: 'v', expr: cast(col(name), 'double') }], where: range ? and(isFinite(v), cmp(v, '>=', dbl(range.lo)), cmp(v, '<=', dbl(range.hi))) : isFinite(v) };
}

/** Bins of width (hi − lo)/k over [lo, hi] (the last one closed): f = min(trunc((v − lo)·k/(hi − lo)), k − 1). */
function binsPlan(source: Source, name: string, lo: number, hi: number, k: number, restrict: boolean): AggregatePlan {
  const f = fn('least', cast(fn('trunc', mul(sub(col('v'), dbl(lo)), dbl(k / (hi - lo)))), 'bigint'), int(k - 1));
  return {
    ...valuesOf(source, name, restrict ? { lo, hi } : undefined),
    groupBy: [{ name: 'f', expr: f, type: 'bigint' }],
    aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }, { name: 'lo', agg: { fn: 'min', arg: col('v') }, type: 'double' }, { name: 'hi', agg: { fn: 'max', arg: col('v') }, type: 'double' }],
  };
}

/** The fine bins of a numeric column over its histogram range [first, last] (first < last). */
export function fineBinsPlan(source: Source, name: string, first: number, last: number, bins: number): AggregatePlan {
  return binsPlan(source, name, first, last, bins * FINE_PER_BIN, false);
}

/** One column's fine bins as columns: bin number, count, smallest and largest value (in no particular order). */
export interface FineRows {
  f: number[];
  n: number[];
  lo: number[];
  hi: number[];
}

/**
 * Several fineBinsPlans in one statement through the executor's doubleColumns fast path (a column of doubles per
 * output: 5,120 rows per column as plan rows cost more JS time and garbage than the query).
 */
export async function runFineBins(exec: PlanExecutor, plans: readonly AggregatePlan[], options: RunOptions = {}): Promise<FineRows[]> {
  const doubleColumns = exec.fast.doubleColumns;
  if (!doubleColumns) throw new Error(`fine bins need the executor's doubleColumns fast path (${exec.engine.label} has none)`);
  // Outputs in plan order: f (the group key), then n, lo, hi.
  return (await doubleColumns(plans, options)).map(([f = [], n = [], lo = [], hi = []]): FineRows => ({ f, n, lo, hi }));
}

/** Fine rows as bins in value order (bins are disjoint, so ordered by lo). */
export function binsFromFine(rows: FineRows): Bin[] {
  return rows.n.map((n, j) => ({ lo: rows.lo[j]!, hi: rows.hi[j]!, n })).filter((b) => b.n > 0).sort((a, b) => a.lo - b.lo);
}

/** A refinement's rows as bins in value order. */
export function binsFromRows(rows: readonly PlanRow[]): Bin[] {
  return rows.map((r) => ({ lo: Number(r['lo']), hi: Number(r['hi']), n: Number(r['n']) })).filter((b) => b.n > 0).sort((a, b) => a.lo - b.lo);
}

/** A histogram from fine bins: the counts of the values known to be in their bin, and the ranges still to count. */
export interface FineHistogram {
  counts: number[];
  /**
   * Fine bins that reach across one of numpy's edges (a value on an edge, usually): their values' bins are
   * counted exactly by histogramExactPlan restricted to these ranges (a filter, not a second GROUP BY of every row).
   */
  unsure: { lo: number; hi: number }[];
}

/**
 * The 20-bin histogram from fine-bin rows: fine bin f lies in histogram bin c = ⌊f / FINE_PER_BIN⌋; its count
 * goes there when its smallest and largest value are inside [edges[c], edges[c + 1]) (the last bin closed), as
 * numpy.histogram puts them; otherwise the bin is left to be counted exactly (`unsure`).
 */
export function histogramFromFineRows(rows: FineRows, edges: readonly number[]): FineHistogram {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const unsure: { lo: number; hi: number }[] = [];
  for (let j = 0; j < rows.f.length; j++) {
    const c = Math.floor(rows.f[j]! / FINE_PER_BIN);
    const lo = rows.lo[j]!;
    const hi = rows.hi[j]!;
    if (c >= 0 && c < bins && !histogramNeedsExact(edges, c, lo, hi)) counts[c]! += rows.n[j]!;
    else unsure.push({ lo, hi });
  }
  return { counts, unsure };
}

export interface BinnedQuantiles {
  /** numpy.percentile (linear) at each level: exact, or interpolated inside a bin. */
  values: number[];
  /** Per level, the rank bound: the estimate lies between the exact quantiles at level ± this (0: exact). */
  errors: number[];
  /** Indexes of bins holding an inexact order statistic of a level whose bound exceeds `refineAbove`. */
  refine: number[];
}

/**
 * Quantiles from bins in value order: for each level h = (N − 1)·q, order statistics ⌊h⌋ and ⌊h⌋ + 1, then
 * x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋) as quantilesFromCounts (numpy's linear method). An order statistic of rank r in
 * a bin of n values starting at rank s is its lo (r = s), its hi (r = s + n − 1), else lo + (hi − lo)·(r − s)/(n − 1).
 */
export function quantilesFromBins(bins: readonly Bin[], levels: readonly number[], refineAbove = REFINE_ABOVE): BinnedQuantiles {
  const starts: number[] = [];
  let total = 0;
  for (const b of bins) {
    starts.push(total);
    total += b.n;
  }
  const refine = new Set<number>();
  const at = (r: number): { x: number; bin: number; exact: boolean } => {
    // The last bin whose start is ≤ r (binary search).
    let a = 0;
    let z = bins.length - 1;
    while (a < z) {
      const m = (a + z + 1) >> 1;
      if (starts[m]! <= r) a = m;
      else z = m - 1;
    }
    const b = bins[a]!;
    const k = r - starts[a]!;
    if (k <= 0 || b.lo === b.hi) return { x: b.lo, bin: a, exact: true };
    if (k >= b.n - 1) return { x: b.hi, bin: a, exact: true };
    return { x: b.lo + ((b.hi - b.lo) * k) / (b.n - 1), bin: a, exact: false };
  };
  const values: number[] = [];
  const errors: number[] = [];
  for (const q of levels) {
    if (total === 0) {
      values.push(NaN);
      errors.push(0);
      continue;
    }
    const h = (total - 1) * q;
    const lo = Math.floor(h);
    const x = at(lo);
    const frac = h - lo;
    const y = frac > 0 ? at(Math.min(total - 1, lo + 1)) : x;
    values.push(x.x + frac * (y.x - x.x));
    const inexact = [x, y].filter((s) => !s.exact);
    const error = total > 1 ? Math.max(0, ...inexact.map((s) => (bins[s.bin]!.n - 1) / (total - 1))) : 0;
    errors.push(error);
    if (error > refineAbove) for (const s of inexact) refine.add(s.bin);
  }
  return { values, errors, refine: [...refine].sort((a, b) => a - b) };
}

/** One column's quantiles from its fine bins. */
export interface BinnedColumn {
  name: string;
  bins: Bin[];
}

/**
 * Reads again the bins whose order statistics are too coarse (quantilesFromBins' `refine`), every column's in one
 * runAll per round: a bin of at most VALUES_BELOW values as its values, a bigger one as SUB_BINS finer bins.
 * Each column's `bins` is updated in place; a refined bin's parts must add up to its count (else it is kept).
 */
export async function refineBins(exec: PlanExecutor, source: Source, columns: readonly BinnedColumn[], levels: readonly number[], options: RunOptions = {}): Promise<void> {
  for (let round = 0; round < REFINE_ROUNDS; round++) {
    const plans: AggregatePlan[] = [];
    const targets: { column: BinnedColumn; bin: Bin }[] = [];
    for (const c of columns) {
      for (const i of quantilesFromBins(c.bins, levels).refine) {
        const b = c.bins[i]!;
        const step = SUB_BINS / (b.hi - b.lo);
        if (b.n <= VALUES_BELOW || !Number.isFinite(step)) {
          plans.push({ ...valuesOf(source, c.name, b), groupBy: [{ name: 'lo', expr: col('v'), type: 'double' }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] });
        } else plans.push(binsPlan(source, c.name, b.lo, b.hi, SUB_BINS, true));
        targets.push({ column: c, bin: b });
      }
    }
    if (!plans.length) return;
    const results = await exec.runAll(plans, options);
    targets.forEach(({ column, bin }, k) => {
      const parts = binsFromRows(results[k]!.map((r) => ('hi' in r ? r : { ...r, hi: r['lo'] })));
      if (parts.reduce((s, p) => s + p.n, 0) !== bin.n) return;
      const at = column.bins.indexOf(bin);
      column.bins.splice(at, 1, ...parts);
    });
  }
}
