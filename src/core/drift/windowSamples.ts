import type { ColumnPlan } from './columnPlan';
import type { GridSpec } from './gridScan';
import { bucketBatchLimit } from './compareSides';
import { gridCount, type NumericGrid } from './numericGrid';
import { BucketCollector, bucketsToRead } from './bucketCollector';
import type { KeptValues } from './keptValues';
import type { DriftSample } from './types';
import { pairSink, Router, type WindowGridSamples } from './windowGrids';
import type { TimeWindow } from './windows';
import { sortedBuckets } from './bucketRuns';

type Pair = [DriftSample, DriftSample];

/** What pass 1 of WindowPasses left for pass 2. */
export interface FirstPassState {
  windows: readonly TimeWindow[];
  /** Pass 1's columns, in its order. */
  specs: readonly GridSpec[];
  /** Every window's grids (by slot: the index in `windows`), in the order of `specs`. */
  windowGrids: NumericGrid[][];
  /** The first `kept.columns` columns' values, kept in memory by pass 1 (none: undefined). */
  kept: KeptValues | undefined;
  /** Streams these columns of the windowed rows again to the router (the values of pass 1, in the same order). */
  stream(columns: readonly string[], router: Router): Promise<void>;
}

/**
 * Pass 2 of WindowPasses: grid samples with the values of the buckets each test asks for, for the top-level
 * comparison (`top`: the plan's grids; a column with more such values than bucketBatchLimit is left out, for
 * compareSides to read in batches) and for every later window against the first (`windows`, by TimeWindow.key).
 * Kept columns are replayed from memory; the others are streamed again, only those with a bucket wanted.
 */
export async function windowPassSamples(plans: readonly ColumnPlan[], s: FirstPassState): Promise<{ top: Map<ColumnPlan, Pair>; windows: WindowGridSamples }> {
  const later = s.windows.slice(1);
  const windows: WindowGridSamples = new Map(later.map((win) => [win.key, new Map()]));
  const top = new Map<ColumnPlan, Pair>();
  const on = plans.filter((p) => p.grids && p.test.gridBuckets && !p.useCounts);
  if (!on.length) return { top, windows };
  const index = on.map((p) => s.specs.findIndex((x) => x.column === p.column));
  if (index.some((i) => i < 0)) throw new Error('windowPasses: a grid column of the plan was not in pass 1');
  // A column whose sides need more values than compareSides reads at once (huge files) is left to it: it reads
  // them in batches of buckets (bucketBatchLimit) instead of holding them all.
  const sideNeed = on.map((p) => {
    const [r, c] = [p.grids!.reference, p.grids!.current];
    const need = p.test.gridBuckets!(r, c);
    const [rb, cb] = [bucketsToRead(r, need), bucketsToRead(c, need)];
    return valuesInBuckets(r, rb) + valuesInBuckets(c, cb) <= bucketBatchLimit.values ? [rb, cb] : undefined;
  });
  const sideCollectors = [0, 1].map((side) => on.map((p, k) => new BucketCollector(side ? p.grids!.current : p.grids!.reference, sideNeed[k]?.[side] ?? [])));
  const grid = (slot: number, k: number) => s.windowGrids[slot]![index[k]!]!;
  const refWanted = on.map(() => new Set<number>());
  const collectors: BucketCollector[][] = [];
  later.forEach((_win, i) => {
    collectors[i + 1] = on.map((p, k) => {
      const [r, c] = [grid(0, k), grid(i + 1, k)];
      if (r.finite === 0 || c.finite === 0) return new BucketCollector(c, []);
      const need = p.test.gridBuckets!(r, c);
      for (const b of bucketsToRead(r, need)) refWanted[k]!.add(b);
      return new BucketCollector(c, bucketsToRead(c, need));
    });
  });
  collectors[0] = on.map((_p, k) => new BucketCollector(grid(0, k), [...refWanted[k]!]));
  const sinks = collectors.map((row, slot) => row.map((c, k) => pairSink(c, sideCollectors[slot === 0 ? 0 : 1]![k]!)));
  const wanted = (k: number) => collectors.some((row) => row[k]!.wanted) || sideCollectors.some((row) => row[k]!.wanted);
  // Kept columns from memory (pass 1's values, in the same order); the others read again, only those with a
  // bucket wanted (10M rows: 4 of the 7 columns not kept; integer columns such as int_0, one value per bucket, want none).
  const kept = s.kept;
  const again = on.flatMap((_p, k) => (kept && index[k]! < kept.columns ? [] : [k])).filter(wanted);
  if (kept) on.forEach((_p, k) => {
    if (index[k]! < kept.columns && wanted(k)) for (let slot = 0; slot < s.windows.length; slot++) kept.replay(slot, index[k]!, sinks[slot]![k]);
  });
  if (again.length) {
    await s.stream(again.map((k) => on[k]!.column), new Router(s.windows.length + 1, again.length, (slot, j) => sinks[slot]?.[again[j]!]));
  }
  on.forEach((p, k) => {
    if (sideNeed[k]) top.set(p, [
      { kind: 'grid', grid: { ...p.grids!.reference, values: sideCollectors[0]![k]!.finish() } },
      { kind: 'grid', grid: { ...p.grids!.current, values: sideCollectors[1]![k]!.finish() } },
    ]);
  });
  // The first window's bucket values serve every window: sorted once here, not once per window.
  const refValues = on.map((_p, k) => sortedBuckets(collectors[0]![k]!.finish()));
  later.forEach((win, i) => {
    const m = windows.get(win.key)!;
    on.forEach((p, k) => m.set(p, [
      { kind: 'grid', grid: { ...grid(0, k), values: refValues[k]!, valuesSorted: true } },
      { kind: 'grid', grid: { ...grid(i + 1, k), values: sortedBuckets(collectors[i + 1]![k]!.finish()), valuesSorted: true } },
    ]));
  });
  return { top, windows };
}

/** Values in `buckets` of grid g. */
function valuesInBuckets(g: NumericGrid, buckets: readonly number[]): number {
  let n = 0;
  for (const b of buckets) n += gridCount(g, b);
  return n;
}
