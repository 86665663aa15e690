import type { ColumnPlan } from './columnPlan';
import type { GridSpec } from './gridScan';
import { bucketBatchLimit } from './compareSides';
import { bucketOf, gridCount, nestedShift, type NumericGrid } from './numericGrid';
import { bucketsToRead, GridMismatchError } from './bucketCollector';
import type { KeptValues } from './keptValues';
import type { DriftSample } from './types';
import { Router, type WindowGridSamples } from './windowGrids';
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
  const sideCollectors = [0, 1].map((side) => on.map((p, k) => new PlacedCollector(side ? p.grids!.current : p.grids!.reference, sideNeed[k]?.[side] ?? [])));
  for (const row of sideCollectors) for (const c of row) c.place(new Float64Array(c.total));
  const grid = (slot: number, k: number) => s.windowGrids[slot]![index[k]!]!;
  const refWanted = on.map(() => new Set<number>());
  const collectors: PlacedCollector[][] = [];
  later.forEach((_win, i) => {
    collectors[i + 1] = on.map((p, k) => {
      const [r, c] = [grid(0, k), grid(i + 1, k)];
      if (r.finite === 0 || c.finite === 0) return new PlacedCollector(c, []);
      const need = p.test.gridBuckets!(r, c);
      for (const b of bucketsToRead(r, need)) refWanted[k]!.add(b);
      return new PlacedCollector(c, bucketsToRead(c, need));
    });
  });
  collectors[0] = on.map((_p, k) => new PlacedCollector(grid(0, k), [...refWanted[k]!]));
  const sinks = collectors.map((row, slot) => row.map((c, k) => PlacedCollector.pair(sideCollectors[slot === 0 ? 0 : 1]![k]!, c)));
  const wanted = (k: number) => collectors.some((row) => row[k]!.wanted) || sideCollectors.some((row) => row[k]!.wanted);
  // Kept columns from memory (pass 1's values, in the same order), each window's wanted values then stored over
  // its own kept values; the others read again, only those with a bucket wanted (integer columns such as int_0,
  // one value per bucket, want none), their windows' values stored in the kept memory left over (FreeSpans).
  const kept = s.kept;
  const free = new FreeSpans();
  const again = on.flatMap((_p, k) => (kept && index[k]! < kept.columns ? [] : [k])).filter(wanted);
  if (kept) {
    let scratch = new Float64Array(0);
    const done = new Set<number>();
    on.forEach((_p, k) => {
      if (index[k]! >= kept.columns || !wanted(k)) return;
      done.add(index[k]!);
      for (let slot = 0; slot < s.windows.length; slot++) {
        const memory = kept.memory(slot, index[k]!);
        const c = collectors[slot]![k]!;
        if (!memory) {
          c.place(new Float64Array(c.total));
          continue;
        }
        if (scratch.length < c.total) scratch = new Float64Array(memory.length);
        c.place(scratch);
        sinks[slot]![k]!.add(memory, kept.kept(slot, index[k]!));
        c.place(memory);
        free.add(memory.subarray(c.total));
      }
    });
    for (let j = 0; j < kept.columns; j++) if (!done.has(j)) for (let slot = 0; slot < s.windows.length; slot++) free.add(kept.memory(slot, j));
  }
  for (const k of again) for (const row of collectors) row[k]!.place(free.take(row[k]!.total));
  if (again.length) {
    await s.stream(again.map((k) => on[k]!.column), new Router(s.windows.length + 1, again.length, (slot, j) => sinks[slot]?.[again[j]!]));
  }
  on.forEach((p, k) => {
    if (sideNeed[k]) top.set(p, [
      { kind: 'grid', grid: { ...p.grids!.reference, values: sideCollectors[0]![k]!.finish() } },
      { kind: 'grid', grid: { ...p.grids!.current, values: sideCollectors[1]![k]!.finish() } },
    ]);
  });
  // The first window's bucket values serve every window: sorted once here, not once per window. Those stored over
  // kept values are sorted by the kept values' worker thread and this one together (KeptValues.sortAll).
  const refValues = on.map((_p, k) => collectors[0]![k]!.finish());
  const values = later.map((_win, i) => on.map((_p, k) => collectors[i + 1]![k]!.finish()));
  if (kept) await kept.sortAll([...refValues, ...values.flat()]);
  else for (const v of [...refValues, ...values.flat()]) sortedBuckets(v);
  later.forEach((win, i) => {
    const m = windows.get(win.key)!;
    on.forEach((p, k) => m.set(p, [
      { kind: 'grid', grid: { ...grid(0, k), values: refValues[k]!, valuesSorted: true } },
      { kind: 'grid', grid: { ...grid(i + 1, k), values: values[i]![k]!, valuesSorted: true } },
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

/** Spans of kept memory pass 2 no longer needs, handed out first come first served (else fresh memory). */
class FreeSpans {
  private readonly spans: Float64Array[] = [];
  /** No span is longer (an upper bound, made exact by a search that finds none): larger requests skip the search. */
  private most = 0;

  add(span: Float64Array | undefined): void {
    if (!span || span.length === 0) return;
    this.spans.push(span);
    this.most = Math.max(this.most, span.length);
  }

  /** `n` doubles from a free span where one holds them, else a fresh array. */
  take(n: number): Float64Array {
    if (n === 0 || n > this.most) return new Float64Array(n);
    let longest = 0;
    for (let i = 0; i < this.spans.length; i++) {
      const span = this.spans[i]!;
      if (span.length < n) {
        longest = Math.max(longest, span.length);
        continue;
      }
      this.spans[i] = span.subarray(n);
      return span.subarray(0, n);
    }
    this.most = longest;
    return new Float64Array(n);
  }
}

const EMPTY = new Float64Array(0);

/**
 * The values of chosen buckets of a grid from the sample it was built from (BucketCollector's bookkeeping: each
 * wanted bucket's values side by side, in the order they come), stored in a block the caller places: drift over
 * time's pass 2 (windowPassSamples) puts them over kept values it has read instead of fresh memory, whose
 * first touch costs a page fault per 4 KiB (10M rows: ~13 µs each on the bench VM, 80k of them for pass 2).
 */
class PlacedCollector {
  /** slot[b]: index of bucket b among the wanted ones, −1 when not wanted. */
  readonly slot: Int32Array;
  private readonly ids: number[] = [];
  /** Where each wanted bucket's values start in the block, where they end, and where its next value goes. */
  private readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly next: Int32Array;
  /** Values the wanted buckets hold in all (the block's length needed). */
  readonly total: number;
  block: Float64Array = EMPTY;

  constructor(readonly grid: NumericGrid, buckets: readonly number[]) {
    this.slot = new Int32Array(buckets.length ? grid.bins : 0).fill(-1);
    const starts: number[] = [];
    let total = 0;
    for (const b of buckets) {
      const c = gridCount(grid, b);
      if (!(c > 0) || this.slot[b]! >= 0) continue;
      this.slot[b] = this.ids.length;
      this.ids.push(b);
      starts.push(total);
      total += c;
    }
    this.total = total;
    this.starts = Int32Array.from(starts);
    this.next = Int32Array.from(starts);
    this.ends = Int32Array.from(starts, (s, j) => s + gridCount(grid, this.ids[j]!));
  }

  /** Whether any bucket was asked for (otherwise the sample need not be read again). */
  get wanted(): boolean {
    return this.ids.length > 0;
  }

  /** Stores the values in `block` from now on (at least `total` long); what it held is taken along. */
  place(block: Float64Array): void {
    if (block.length < this.total) throw new Error(`placedCollector: a block of ${block.length} for ${this.total} values`);
    if (this.block !== block && this.block.length) block.set(this.block.subarray(0, this.total));
    this.block = block;
  }

  add(values: Float64Array, n: number): void {
    if (!this.wanted) return;
    const { lo, hi, bins } = this.grid;
    const { slot, next, ends, block } = this;
    const flat = !(hi > lo);
    const width = (hi - lo) / bins;
    const scale = bins / (hi - lo);
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      if (x - x !== 0) continue;
      const j = slot[flat ? 0 : bucketOf(lo, bins - 1, width, scale, x)]!;
      if (j < 0) continue;
      // A value past the count is not stored but still counted, so finish() reports the mismatch.
      const p = next[j]!++;
      if (p < ends[j]!) block[p] = x;
    }
  }

  /** The values by bucket (views into the block); throws GridMismatchError when a bucket got more or fewer than its count. */
  finish(): Map<number, Float64Array> {
    this.ids.forEach((b, j) => {
      const got = this.next[j]! - this.starts[j]!;
      if (got !== gridCount(this.grid, b)) throw new GridMismatchError(`numericGrid: bucket ${b} received ${got} values, its count is ${gridCount(this.grid, b)}; the data changed between two reads`);
    });
    return new Map(this.ids.map((b, j) => [b, this.block.subarray(this.starts[j]!, this.ends[j]!)]));
  }

  /** A sink giving each batch to `fine` and `coarse`, in one walk (each bucket computed once) where their grids nest. */
  static pair(fine: PlacedCollector, coarse: PlacedCollector): { add(values: Float64Array, n: number): void } {
    const shift = nestedShift(fine.grid, coarse.grid);
    if (shift === undefined) return { add: (values, n) => { coarse.add(values, n); fine.add(values, n); } };
    return { add: (values, n) => (fine.wanted && coarse.wanted ? addPair(fine, coarse, shift, values, n) : (fine.add(values, n), coarse.add(values, n))) };
  }
}

/** add(values, n) on `fine` and on `coarse`, whose buckets are each 2^shift of fine's: the bucket computed once. */
function addPair(fine: PlacedCollector, coarse: PlacedCollector, shift: number, values: Float64Array, n: number): void {
  const { lo, hi, bins } = fine.grid;
  const { slot, next, block } = fine;
  const ends = fine.ends;
  const cslot = coarse.slot;
  const cnext = coarse.next;
  const cends = coarse.ends;
  const cblock = coarse.block;
  const width = (hi - lo) / bins;
  const scale = bins / (hi - lo);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x - x !== 0) continue;
    const b = bucketOf(lo, bins - 1, width, scale, x);
    const j = slot[b]!;
    if (j >= 0) {
      const p = next[j]!++;
      if (p < ends[j]!) block[p] = x;
    }
    const k = cslot[b >> shift]!;
    if (k >= 0) {
      const p = cnext[k]!++;
      if (p < cends[k]!) cblock[p] = x;
    }
  }
}
