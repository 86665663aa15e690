import type { Engine, RunOptions } from '../data/engine';
import { cast, col, hash, int, not, notNull, when, type Expr } from '../plan/expr';
import type { ColumnInfo } from '../data/dataset';
import { EXACT_DISTINCT_ROWS, type DistinctCount } from '../data/distinctCount';
import { currentEvidence, distinctEstimates, NARROW_SIDE_COLUMNS, scanAggregates, scanFromRow, type ColumnScan, type DriftSide } from './driftSide';
import type { PlanExecutor } from '../plan/executor';
import type { PlanRow, Source } from '../plan/plan';
import { asExecutor, withFilter } from '../plan/target';
import type { ColumnPlan, PlanHooks } from './columnPlan';
import type { GridSpec } from './gridScan';
import { GridBuilder, type NumericGrid } from './numericGrid';
import { keptColumns, KeptValues } from './keptValues';
import { windowNonNull } from './windowNonNull';
import type { CountRequest } from './countColumns';
import type { DriftSample } from './types';
import { BatchedSink, both, keyValue, pairSink, Router, windowGridSpecs, windowHashes, type Sink, type WindowGridSamples } from './windowGrids';
import type { Windowing } from './windows';
import { WindowCountCache } from './windowCountCache';
import { windowPassSamples } from './windowSamples';
import { earlyGrids, rangeNames, rangesFromGrids, sameGrids } from './gridForecast';

type FirstPass = { sides: [NumericGrid[], NumericGrid[]]; windowGrids: NumericGrid[][]; kept: KeptValues | undefined };
type Counts = { reference: Map<string, number>; current: Map<string, number> };
type SideScan = ReturnType<typeof scanFromRow>;
/** Values a streamed column's side grid gets at once in pass 1 (BatchedSink; 2 MiB per column and side, at most). */
const SIDE_BATCH_VALUES = 2 ** 18;
/** Groups (windows × values) a text column's prefetched window counts may hold (prefetchSmallText). */
const MAX_COUNT_ROWS = 2 ** 18;

/**
 * Drift over time of one file's windows, each against the first (runDrift without a current file), with the
 * plan and the top-level comparison (first window against all later ones) built from the passes the windows need
 * anyway, instead of a plain drift run of their own before them:
 * - pass 1 (streamed, planColumns' `grids` hook): every row's numeric values go to its window's grid and to its
 *   side's grid (the first window, or all later ones) at the plan's resolution: the plan's two grids and every
 *   window's grid in one read where there were three;
 * - pass 2 (samples()): the values of the ambiguous buckets of every window and of both sides, from the values
 *   pass 1 kept in memory (keptValues.ts: every column while they fit its budget, as at 1M rows), streamed again
 *   only for the columns that did not fit;
 * - category counts (the `countBoth` hook): one pass grouped by window per counted column; the sides' counts
 *   are the sums of their windows' (the plan queried each side, and the windows once more).
 * Scores are those of the window-by-window path: the same grids and integrals, the same counts.
 * open() answers undefined where it cannot apply (no streaming fast path, two window keys with one hash).
 */
export class WindowPasses implements PlanHooks {
  private readonly counts: WindowCountCache;
  private specs: GridSpec[] = [];
  private windowGrids: NumericGrid[][] = [];
  private lastHash = NaN;
  private lastSlot = -1;
  private kept: KeptValues | undefined;
  /** The first pass started from forecast grids (scanBoth), for grids() to take when the plan asks for exactly those. */
  private early: { specs: GridSpec[]; run: Promise<FirstPass> } | undefined;

  private constructor(
    private readonly engine: Engine | PlanExecutor, private readonly w: Windowing, private readonly slotOf: Map<number, number>,
    private readonly key: Expr, private readonly source: Source, private readonly options: RunOptions,
  ) {
    this.counts = new WindowCountCache(engine, w, options);
  }

  static async open(engine: Engine | PlanExecutor, w: Windowing, options: RunOptions = {}): Promise<WindowPasses | undefined> {
    const exec = asExecutor(engine);
    if (!exec.fast.streamDoubles) return undefined;
    const inner = keyValue(w.key);
    const key = cast(hash(inner), 'double');
    const byKey = await windowHashes(exec, w, inner, key, options);
    if (!byKey) return undefined;
    const slotOf = new Map(w.windows.map((win, i) => [byKey.get(win.key)!, i]));
    return new WindowPasses(engine, w, slotOf, key, withFilter(w.base, notNull(inner)), options);
  }

  /** A streamed row's window (its index in w.windows; windows.length: none, never expected). Rows come in runs. */
  of(h: number): number {
    if (h !== this.lastHash) {
      this.lastHash = h;
      this.lastSlot = this.slotOf.get(h) ?? this.w.windows.length;
    }
    return this.lastSlot;
  }

  /**
   * Pass 1: the two sides' grids on `specs` (the plan's), and every window's on a coarser grid when they are many.
   * The first columns that fit keptValuesBudget are kept in memory (KeptValues) and their grids built from there
   * after the pass; pass 2 (samples) then reads only the other columns again, or nothing.
   */
  async grids(specs: readonly GridSpec[]): Promise<[NumericGrid[], NumericGrid[]]> {
    this.specs = [...specs];
    const early = this.early;
    this.early = undefined;
    let got: FirstPass;
    if (early && sameGrids(early.specs, specs)) got = await early.run;
    else {
      (await early?.run.catch(() => undefined))?.kept?.close();
      got = await this.firstPass(specs);
    }
    this.kept = got.kept;
    this.windowGrids = got.windowGrids;
    return got.sides;
  }

  /** Waits for an early first pass nobody asked for (the plan failed before its grids); ends a kept values' worker left. */
  async settle(): Promise<void> {
    (await this.early?.run.catch(() => undefined))?.kept?.close();
    this.kept?.close();
  }

  private async firstPass(specs: readonly GridSpec[]): Promise<FirstPass> {
    if (!specs.length) return { sides: [[], []], windowGrids: [], kept: undefined };
    const windows = this.w.windows;
    const winSpecs = windowGridSpecs(specs, windows.length, windows[0]!.rows + Math.max(...windows.slice(1).map((x) => x.rows)));
    const sides = [0, 1].map(() => specs.map((s) => new GridBuilder(s.lo, s.hi, s.bins)));
    const kept = new KeptValues(windows.map((x) => x.rows), keptColumns(specs.length, windows.reduce((s, x) => s + x.rows, 0)));
    // A streamed column's side grid gets its values in the router's order, in large batches: the router's batches
    // of a few thousand values, one column after another, found its 1.6 MB grid out of cache every time.
    const batched = sides.map((row) => row.map((g, k) => (k < kept.columns ? undefined : new BatchedSink(g, SIDE_BATCH_VALUES))));
    const perWindow: GridBuilder[][] = [];
    const sinks: Sink[][] = [];
    const sinksOf = (slot: number): Sink[] => {
      if (!sinks[slot]) {
        const own = (perWindow[slot] = winSpecs.map((s) => new GridBuilder(s.lo, s.hi, s.bins)));
        const side = slot === 0 ? 0 : 1;
        sinks[slot] = own.map((g, k) => {
          const b = batched[side]![k];
          return b ? both(g, b) : pairSink(g, sides[side]![k]!);
        });
      }
      return sinks[slot]!;
    };
    const router = new Router(windows.length + 1, specs.length, (slot, j) => {
      if (slot >= windows.length) return undefined;
      return j < kept.columns ? kept.sink(slot, j) : sinksOf(slot)[j];
    });
    try {
      await this.stream(specs.map((s) => s.column), router);
    } catch (e) {
      kept.close();
      throw e;
    }
    for (const row of batched) for (const b of row) b?.flush();
    // Column by column: one side grid (40,960 buckets, 1.6 MB) stays in cache while every window's values reach it.
    // Each grid gets the same values in the same order as window by window (the order of columns is free), and
    // the columns are shared out with the worker thread that touched the kept pages (10M weekly: 10 columns, the
    // replay 2.2–5.8 s on the main thread alone, after the stream).
    for (let slot = 0; slot < windows.length; slot++) sinksOf(slot);
    const remote = await kept.replayGrids(specs.slice(0, kept.columns), winSpecs.slice(0, kept.columns), (k) => ({ sides: [sides[0]![k]!, sides[1]![k]!], windows: perWindow.map((row) => row[k]!) }));
    const side = (s: number) => sides[s]!.map((g, k) => remote.get(k)?.sides[s] ?? g.finish());
    return {
      sides: [side(0), side(1)],
      windowGrids: windows.map((_w, slot) => perWindow[slot]!.map((g, k) => remote.get(k)?.windows[slot] ?? g.finish())),
      kept: kept.columns > 0 ? kept : undefined,
    };
  }

  /**
   * The plan's scans of both sides (the first window, all later ones: scanSide with evidence) from one pass grouped
   * by side, where scanSide read the file once per side; the later side's kind evidence only where the reference's
   * column is numeric, as planColumns asks of scanSide on the embedded engine (driftSide.ts, Evidence: a text
   * column's kind comes from the reference, and the later side's distinct count of it fed nothing). The first
   * window's text evidence is a statement of its own, filtered to it. 10M rows, weekly, each statement alone
   * (8 Dec, load ~3.4): the grouped statement with both sides' text evidence 1.8–1.9 CPU-s and the later side's
   * hash samples 0.55–0.65, against 0.56–0.6 grouped and 0.58–0.68 for the first week's evidence. An exact
   * distinct count of one side only is filtered to it, and the other's estimate (distinctEstimates) runs
   * meanwhile. Undefined for wide sides (scanSide's groups).
   */
  async scanBoth(ref: DriftSide, cur: DriftSide, columns: readonly ColumnInfo[]): Promise<[SideScan, SideScan] | undefined> {
    if (columns.length > NARROW_SIDE_COLUMNS) return undefined;
    const exec = asExecutor(this.engine);
    const isFirst = this.w.windows[0]!.where;
    const exact = [ref.rows <= EXACT_DISTINCT_ROWS, cur.rows <= EXACT_DISTINCT_ROWS];
    const laterEvidence = currentEvidence(exec, columns);
    const both = new Set(scanAggregates(columns, laterEvidence, exact[0]! || exact[1]!).map((a) => a.name));
    const all = scanAggregates(columns, true, exact[0]! || exact[1]!);
    const aggregates = all.filter((a) => both.has(a.name)).map((a) => (a.agg.fn === 'distinct' && exact[0] !== exact[1] ? { ...a, agg: { ...a.agg, filter: exact[0] ? isFirst : not(isFirst) } } : a));
    // The first window's evidence the later side does not need (text columns'), its distinct counts if exact there.
    const firstOnly = all.filter((a) => !both.has(a.name) && (exact[0] || a.agg.fn !== 'distinct'));
    const firstRow = firstOnly.length ? exec.run({ source: withFilter(this.source, isFirst), aggregates: firstOnly }, this.options).then((r) => r[0] ?? {}) : Promise.resolve({});
    const estimated = [
      exact[0] ? Promise.resolve(new Map<number, DistinctCount>()) : distinctEstimates(exec, ref.source, columns, this.options),
      exact[1] ? Promise.resolve(new Map<number, DistinctCount>()) : distinctEstimates(exec, cur.source, columns, this.options, (i) => laterEvidence === true || laterEvidence[i] === true),
    ] as const;
    const counting = this.prefetchSmallText(columns, firstRow, estimated[0]);
    const groupBy = [{ name: 'side', expr: when([[isFirst, int(0)]], int(1)), type: 'bigint' as const }];
    // Big files: the plan's grids are forecast from the numeric columns' ranges (Parquet statistics) and the first
    // pass starts at once; the sides' scans, the distinct estimates and the windows' category counts then take
    // DuckDB's threads while it keeps the main thread busy, where they ran before the pass with the main thread idle.
    const specs = await earlyGrids(exec, this.w, this.source, columns, this.options);
    if (specs) {
      const run = this.firstPass(specs);
      run.catch(() => undefined); // awaited by grids() or settle()
      this.early = { specs, run };
    }
    // With the early pass, the numeric columns' counts, minima and maxima come from its side grids (rangesFromGrids),
    // not from the statement (10M rows: 13 columns read and compared for 4.6 CPU-seconds).
    const early = this.early;
    const ranges = rangeNames(columns);
    const fromGrids = new Set(early ? [...ranges.values()].flat() : []);
    const [rows, pass, first, ...est] = await Promise.all([
      exec.run({ source: this.source, groupBy, aggregates: aggregates.filter((a) => !fromGrids.has(a.name)) }, this.options),
      early?.run, firstRow, ...estimated, counting,
    ]);
    const known = pass ? rangesFromGrids(columns, early!.specs, pass.sides) : { rows: [{}, {}], missing: [] };
    const left = new Set(known.missing.flatMap((i) => ranges.get(i)!));
    const more = left.size ? await exec.run({ source: this.source, groupBy, aggregates: aggregates.filter((a) => left.has(a.name)) }, this.options) : [];
    const bySide = (r: PlanRow[], side: number) => r.find((x) => Number(x['side']) === side);
    const row = (side: number) => ({ ...known.rows[side], ...bySide(more, side), ...(bySide(rows, side) ?? { n: 0 }) });
    return [scanFromRow({ ...first, ...row(0) }, columns, true, est[0]), scanFromRow(row(1), columns, laterEvidence, est[1])];
  }

  /**
   * Starts every window's category counts (one statement, WindowCountCache) of the text columns with few values in
   * the first window and of the BOOLEAN columns, as soon as the first window's distinct counts are known: the
   * plan counts such columns by window anyway (countBoth), and this way DuckDB counts them during pass 1 instead of
   * after it. A column the plan then does not count (a free-text one) costs at most MAX_COUNT_ROWS groups.
   */
  private async prefetchSmallText(columns: readonly ColumnInfo[], firstRow: Promise<PlanRow>, estimated: Promise<Map<number, DistinctCount>>): Promise<void> {
    const [row, est] = await Promise.all([firstRow, estimated]);
    const windows = this.w.windows.length;
    const names = columns.flatMap((c, i) => {
      const type = c.type.toUpperCase();
      const distinct = est.get(i)?.value ?? Number(row[`c${i}_distinct`] ?? NaN);
      return type === 'BOOLEAN' || (type === 'VARCHAR' && windows * Math.max(1, distinct) <= MAX_COUNT_ROWS) ? [c.name] : [];
    });
    this.prefetchCounts(names.map((column) => ({ column, numeric: false })));
  }

  /** Every window's column scans of the plan's columns from pass 1 and the category counts, where they hold them (windowNonNull). */
  windowScans(plans: readonly ColumnPlan[]): Promise<Map<string, ColumnScan[]> | undefined> {
    return windowNonNull(plans, this.w.windows, this.specs.map((s) => s.column), this.windowGrids, (column) => this.windowCounts(column, false));
  }

  /** The plan's category counts: the first window's, and the sum of the later windows'. */
  async countBoth(column: string, numeric: boolean): Promise<Counts> {
    const per = await this.windowCounts(column, numeric);
    const [first, ...later] = this.w.windows;
    const read = (key: string) => (per.get(key) ?? []).map((r): [string, number] => [String(r['k']), Number(r['n'])]);
    const current = new Map<string, number>();
    for (const win of later) for (const [k, n] of read(win.key)) current.set(k, (current.get(k) ?? 0) + n);
    return { reference: new Map(read(first!.key)), current };
  }

  /** Every window's category counts of these columns not yet asked for, from one statement (WindowCountCache). */
  prefetchCounts(requests: readonly CountRequest[]): void {
    this.counts.prefetch(requests);
  }

  /** Every window's category counts of a column, one pass whoever asks (WindowCountCache). */
  windowCounts(column: string, numeric: boolean): Promise<Map<string, PlanRow[]>> {
    return this.counts.of(column, numeric);
  }

  /** Pass 2 (windowSamples.ts): the values of the buckets each test asks for, for the top-level comparison and every later window. */
  samples(plans: readonly ColumnPlan[]): Promise<{ top: Map<ColumnPlan, [DriftSample, DriftSample]>; windows: WindowGridSamples }> {
    const kept = this.kept;
    this.kept = undefined;
    return windowPassSamples(plans, { windows: this.w.windows, specs: this.specs, windowGrids: this.windowGrids, kept, stream: (columns: readonly string[], router: Router) => this.stream(columns, router) })
      .finally(() => kept?.close());
  }

  private async stream(columns: readonly string[], router: Router): Promise<void> {
    const stream = asExecutor(this.engine).fast.streamDoubles!;
    await stream(this.source, [this.key, ...columns.map((c) => cast(col(c), 'double'))], (cols, n) => router.route(cols, n, this), this.options);
    router.flush();
  }
}
