import type { Engine, RunOptions } from '../data/engine';
import { cast, col, hash, notNull, type Expr } from '../plan/expr';
import type { DoubleColumnBatch, PlanExecutor } from '../plan/executor';
import type { Source } from '../plan/plan';
import { renderExpr } from '../plan/render';
import { asExecutor, withFilter } from '../plan/target';
import type { ColumnPlan } from './columnPlan';
import { scanBucketValues, scanGrids, type GridSpec } from './gridScan';
import { gridBins, GridBuilder, type NumericGrid } from './numericGrid';
import { BucketCollector, bucketsToRead } from './bucketCollector';
import type { DriftSample } from './types';
import { groupByWindow, type TimeWindow, type Windowing } from './windows';
import { sortedBuckets } from './bucketRuns';

/** Grid samples (reference, window) of each grid-test column, by TimeWindow.key. */
export type WindowGridSamples = Map<string, Map<ColumnPlan, [DriftSample, DriftSample]>>;

/** Memory for every window's grids at once (5 doubles per bucket): buckets are halved until they fit. */
export const GRID_BUDGET_BYTES = 192 * 2 ** 20;
/** The coarsest grid a window gets (a multiple of the 20 chart bins; 20 · 2^k like gridBins). */
export const MIN_WINDOW_BINS = 20 * 16;
/** Values buffered per window and column before they are added at once (about 16 MiB in all). */
const BUFFER_BUDGET_VALUES = 2 * 2 ** 20;

/**
 * Every time window's grid samples for the columns whose test takes grids, from two streamed passes over the
 * windowed data whatever the number of windows (the old way: two per window): pass 1 routes each row's values
 * to its window's grid (the row's window from a 64-bit hash of the window key, streamed as a double; a
 * collision between two windows' hashes is detected and answered with undefined), the ambiguous buckets of
 * each window against the reference are then known, and pass 2 collects just their values. The reference is
 * a reference file (one more pass each, in parallel); one file's windows against its first come from
 * windowPasses.ts instead.
 * Exact: the same integrals as compareSides' own grids, on a grid with fewer buckets when the windows are many
 * (memory stays under GRID_BUDGET_BYTES; bucket edges are those of the full grid, as the counts 20 · 2^k differ
 * by powers of two). Returns undefined when the executor has no streaming fast path (warehouses: the caller
 * compares window by window).
 */
export async function windowGridSamples(
  engine: Engine | PlanExecutor, w: Windowing, compared: readonly TimeWindow[], ref: { source: Source; rows: number },
  plans: readonly ColumnPlan[], options: RunOptions = {},
): Promise<WindowGridSamples | undefined> {
  const exec = asExecutor(engine);
  const stream = exec.fast.streamDoubles;
  if (!stream) return undefined;
  const on = plans.filter((p) => p.grids && p.test.gridBuckets && !p.useCounts);
  const out: WindowGridSamples = new Map(compared.map((win) => [win.key, new Map()]));
  if (!on.length) return out;
  const inner = keyValue(w.key);
  const key = cast(hash(inner), 'double');
  const source = withFilter(w.base, notNull(inner));
  const specs = windowSpecs(on, w.windows.length, ref.rows + Math.max(...compared.map((c) => c.rows)));
  const slots = new SlotMap();
  const mapping = windowHashes(exec, w, inner, key, options);
  mapping.catch(() => undefined);

  // Pass 1: every window's grids (and the reference file's, at the windows' resolution, meanwhile).
  const grids: GridBuilder[][] = [];
  const pass1 = new Router(w.windows.length, on.length, (slot, j) => {
    grids[slot] ??= specs.map((s) => new GridBuilder(s.lo, s.hi, s.bins));
    return grids[slot]![j]!;
  });
  const sameAsPlan = specs.every((s, k) => s.bins === on[k]!.grids!.reference.bins);
  const refFile = sameAsPlan ? Promise.resolve(on.map((p) => p.grids!.reference)) : scanGrids(engine, ref.source, specs, options);
  refFile.catch(() => undefined);
  const exprs = [key, ...on.map((p) => cast(col(p.column), 'double'))];
  await stream(source, exprs, (cols, n) => pass1.route(cols, n, slots), options);
  pass1.flush();
  const byKey = await mapping;
  if (!byKey) return undefined;
  const winGrids = (win: TimeWindow): NumericGrid[] => {
    const slot = slots.slotOf(byKey.get(win.key)!);
    return specs.map((s, j) => (slot === undefined ? new GridBuilder(s.lo, s.hi, s.bins) : grids[slot]![j]!).finish());
  };
  const refGrids = await refFile;

  // The buckets each window needs read, and the union the reference needs over all windows.
  const current = new Map(compared.map((win) => [win.key, winGrids(win)]));
  const refWanted = specs.map(() => new Set<number>());
  const wanted = new Map<string, number[][]>();
  for (const win of compared) {
    const cg = current.get(win.key)!;
    wanted.set(win.key, on.map((p, k) => {
      if (refGrids[k]!.finite === 0 || cg[k]!.finite === 0) return [];
      const need = p.test.gridBuckets!(refGrids[k]!, cg[k]!);
      for (const b of bucketsToRead(refGrids[k]!, need)) refWanted[k]!.add(b);
      return bucketsToRead(cg[k]!, need);
    }));
  }

  // Pass 2: those buckets' values, windows and reference together.
  const collectors: BucketCollector[][] = [];
  for (const win of compared) {
    const slot = slots.slotOf(byKey.get(win.key)!);
    if (slot !== undefined) collectors[slot] = on.map((_p, k) => new BucketCollector(current.get(win.key)![k]!, wanted.get(win.key)![k]!));
  }
  const refValues = scanBucketValues(engine, ref.source, on.map((p, k) => ({ column: p.column, grid: refGrids[k]!, buckets: [...refWanted[k]!] })), options);
  refValues.catch(() => undefined);
  if (collectors.some((row) => row?.some((c) => c.wanted))) {
    const pass2 = new Router(w.windows.length, on.length, (slot, j) => collectors[slot]?.[j]);
    await stream(source, exprs, (cols, n) => pass2.route(cols, n, slots), options);
    pass2.flush();
  }
  // The reference's bucket values serve every window: sorted once here, not once per window.
  const refV = (await refValues).map(sortedBuckets);
  for (const win of compared) {
    const slot = slots.slotOf(byKey.get(win.key)!);
    const m = out.get(win.key)!;
    on.forEach((p, k) => {
      const values = slot === undefined ? new Map<number, Float64Array>() : collectors[slot]![k]!.finish();
      m.set(p, [{ kind: 'grid', grid: { ...refGrids[k]!, values: refV[k]!, valuesSorted: true } }, { kind: 'grid', grid: { ...current.get(win.key)![k]!, values } }]);
    });
  }
  return out;
}

/** The window key without its cast to text (a timestamp or a number: cheaper per row; equal exactly when the keys are). */
export function keyValue(key: Expr): Expr {
  return key.op === 'cast' && key.to === 'varchar' ? key.arg : key;
}

/**
 * Each window key's streamed hash; undefined when two windows share one (rows could not be told apart).
 * In the embedded engine (the `embedded` capability) from the keys as constants (read back as the key's own type:
 * no pass over the data); elsewhere from one grouped plan (min = max within a window, as a hash is a function).
 */
export async function windowHashes(exec: PlanExecutor, w: Windowing, inner: Expr, key: Expr, options: RunOptions): Promise<Map<string, number> | undefined> {
  const type = inner.op === 'cast' ? inner.to : inner.op === 'dateTrunc' ? 'timestamp' : undefined;
  let pairs: [string, number][];
  const embedded = exec.capabilities?.embedded;
  if (embedded && type && w.windows.length) {
    const row = (await embedded.db.run(`SELECT ${w.windows.map((win, i) => `${renderExpr(cast(hash(cast({ op: 'str', value: win.key }, type)), 'double'), embedded.dialect)} AS h${i}`).join(', ')}`, options))[0]!;
    pairs = w.windows.map((win, i) => [win.key, Number(row[`h${i}`])]);
  } else {
    const rows = await groupByWindow(exec, w, { aggregates: [{ name: 'h', agg: { fn: 'min', arg: key }, type: 'double' }] }, options);
    pairs = [...rows].map(([k, r]) => [k, Number(r[0]?.['h'])]);
  }
  const seen = new Set(pairs.map((p) => p[1]));
  return seen.size === pairs.length && !seen.has(NaN) ? new Map(pairs) : undefined;
}

/** The windows' grids: the plan's range, and as many buckets as the pooled sizes need within the memory budget. */
export function windowGridSpecs(specs: readonly GridSpec[], windows: number, pooled: number): GridSpec[] {
  let cap = gridBins(pooled);
  while (cap > MIN_WINDOW_BINS && (windows + 1) * specs.length * cap * 40 > GRID_BUDGET_BYTES) cap /= 2;
  return specs.map((s) => ({ ...s, bins: Math.min(s.bins, cap) }));
}

/** windowGridSpecs over the plans' reference grids. */
function windowSpecs(on: readonly ColumnPlan[], windows: number, pooled: number): GridSpec[] {
  return windowGridSpecs(on.map((p) => ({ column: p.column, lo: p.grids!.reference.lo, hi: p.grids!.reference.hi, bins: p.grids!.reference.bins })), windows, pooled);
}

/** Streamed window hashes → dense slots, in order of first appearance (the last one cached: rows come in runs). */
export class SlotMap {
  private readonly slots = new Map<number, number>();
  private lastHash = NaN;
  private lastSlot = -1;

  of(h: number): number {
    if (h === this.lastHash) return this.lastSlot;
    let s = this.slots.get(h);
    if (s === undefined) {
      s = this.slots.size;
      this.slots.set(h, s);
    }
    this.lastHash = h;
    this.lastSlot = s;
    return s;
  }

  slotOf(h: number): number | undefined {
    return this.slots.get(h);
  }

}

export interface Sink {
  add(values: Float64Array, n: number): void;
}

/** A sink that can also feed a coarser one of its kind in the same walk (GridBuilder, BucketCollector). */
export interface PairSink<T extends Sink> extends Sink {
  pairs(coarse: T): boolean;
  addPair(coarse: T, values: Float64Array, n: number): void;
}

/**
 * One batch of values to a window's sink and its side's (grids, or bucket collectors): in one walk (addPair) where
 * their buckets nest, else to each.
 */
export function pairSink<T extends Sink>(own: T, side: PairSink<T>): Sink {
  return side.pairs(own) ? { add: (values, n) => side.addPair(own, values, n) } : both(own, side);
}

/** One batch of values to two sinks (a window's and its side's). */
export function both(a: Sink, b: Sink): Sink {
  return { add: (values, n) => { a.add(values, n); b.add(values, n); } };
}

/**
 * Forwards the values it gets to `to` in batches of `size`: the same values in the same order, fewer and larger
 * batches. For a sink whose memory is larger than a cache (a side's 40,960-bucket grid, 1.6 MB), which then takes
 * many values while its buckets are in cache instead of a few thousand between every other column's.
 */
export class BatchedSink implements Sink {
  private buffer: Float64Array | undefined;
  private fill = 0;

  constructor(private readonly to: Sink, private readonly size: number) {}

  add(values: Float64Array, n: number): void {
    const buffer = (this.buffer ??= new Float64Array(this.size));
    for (let at = 0; at < n;) {
      const k = Math.min(n - at, buffer.length - this.fill);
      buffer.set(values.subarray(at, at + k), this.fill);
      this.fill += k;
      at += k;
      if (this.fill === buffer.length) this.flush();
    }
  }

  /** Forwards what is buffered (call once the values are all in). */
  flush(): void {
    if (this.fill > 0) this.to.add(this.buffer!, this.fill);
    this.fill = 0;
  }
}

/**
 * Routes streamed rows (column 0: the window hash, then one column per grid) to per-window, per-column sinks
 * through small buffers, so each sink gets its values in batches (its buckets stay in cache meanwhile).
 */
export class Router {
  private readonly buffers: Float64Array[][] = [];
  private readonly fill: Int32Array[] = [];
  private readonly size: number;
  private slotRows = new Int32Array(2048);

  constructor(windows: number, private readonly columns: number, private readonly sink: (slot: number, column: number) => Sink | undefined) {
    this.size = Math.max(256, Math.min(4096, Math.floor(BUFFER_BUDGET_VALUES / (windows * Math.max(1, columns)))));
  }

  route(cols: DoubleColumnBatch[], n: number, slots: Pick<SlotMap, 'of'>): void {
    if (this.slotRows.length < n) this.slotRows = new Int32Array(n);
    const keys = cols[0]!.values;
    const rowSlot = this.slotRows;
    // Rows of one window come in runs: a run's values are copied into its buffer at once (the same values in the
    // same buffers, drained at the same points, as row by row).
    const runs: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = slots.of(keys[i]!);
      rowSlot[i] = s;
      if (i === 0 || s !== rowSlot[i - 1]) runs.push(i);
      if (!this.buffers[s]) this.open(s);
    }
    const byRun = runs.length * 16 <= n;
    runs.push(n);
    for (let j = 0; j < this.columns; j++) {
      const { values, valid } = cols[j + 1]!;
      if (valid === null && byRun) {
        for (let r = 0; r + 1 < runs.length; r++) this.copy(rowSlot[runs[r]!]!, j, values, runs[r]!, runs[r + 1]!);
        continue;
      }
      for (let i = 0; i < n; i++) {
        if (valid !== null && ((valid[i >>> 5]! >>> (i & 31)) & 1) === 0) continue;
        const s = rowSlot[i]!;
        const buf = this.buffers[s]![j]!;
        const f = this.fill[s]!;
        buf[f[j]!] = values[i]!;
        if (++f[j]! === buf.length) this.drain(s, j);
      }
    }
  }

  flush(): void {
    for (let s = 0; s < this.buffers.length; s++) for (let j = 0; j < this.columns; j++) if (this.buffers[s]) this.drain(s, j);
  }

  /** Rows [from, to) of one window's column j into its buffer, drained whenever full. */
  private copy(s: number, j: number, values: Float64Array, from: number, to: number): void {
    const buf = this.buffers[s]![j]!;
    const f = this.fill[s]!;
    while (from < to) {
      const k = Math.min(to - from, buf.length - f[j]!);
      buf.set(values.subarray(from, from + k), f[j]!);
      f[j]! += k;
      from += k;
      if (f[j]! === buf.length) this.drain(s, j);
    }
  }

  private open(s: number): void {
    this.buffers[s] = Array.from({ length: this.columns }, () => new Float64Array(this.size));
    this.fill[s] = new Int32Array(this.columns);
  }

  private drain(s: number, j: number): void {
    const f = this.fill[s]!;
    if (f[j]! > 0) this.sink(s, j)?.add(this.buffers[s]![j]!, f[j]!);
    f[j] = 0;
  }
}
