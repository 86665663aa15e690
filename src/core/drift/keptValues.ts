import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TouchJob } from './keptWorker';
import { replayShare, sortShare, type ColumnGrids, type FinishedColumn, type GridShape, type ReplayJob, type SortJob } from './keptGrids';
import { sortDoubles } from '../stats/sortDoubles';
import type { Sink } from './windowGrids';

/**
 * Bytes of numeric values drift over time may keep in memory from its first streamed pass (windowPasses.ts), so
 * the ambiguous buckets' values come from memory instead of a second pass over the file. Columns are kept whole
 * while they fit (8 bytes per row and column: 1M rows × 13 numeric columns is 104 MB, all kept; at 10M rows 10 of
 * the 13 are, and the other 3 are read again if their buckets are wanted: bench_10m's int_0…int_2 want none, so
 * there is no second pass). Pass 2 stores the wanted values over the kept values it has read (windowSamples.ts),
 * so kept memory is not paid twice. Measured at 10M rows (bench_10m, weekly): 512 MiB (6 kept, 4 columns read
 * again) peaked at 0.96 GiB, 800 MiB at 1.23 GiB, 1,100 MiB (all 13) at 1.45 GiB, against drift's 1.5 GiB at 10M.
 * Mutable for tests.
 */
export const keptValuesBudget = { bytes: 800 * 2 ** 20 };

/** How many of `columns` numeric columns over `rows` rows are kept within keptValuesBudget (a prefix of them). */
export function keptColumns(columns: number, rows: number): number {
  if (rows <= 0) return columns;
  return Math.max(0, Math.min(columns, Math.floor(keptValuesBudget.bytes / (8 * rows))));
}

/**
 * The non-NULL values of some columns of a streamed pass, per window (slot) and column, in the order they came:
 * one Float64Array per window and column, sized by the window's row count (known before the pass). The window's
 * grid and its bucket values are then built from them (replay) exactly as from the stream: the same values in
 * the same order.
 */
export class KeptValues {
  private readonly values: Float64Array[][] = [];
  private readonly fill: Int32Array[] = [];
  /** One allocation for every window's and column's values (views into it): one growth of external memory for V8. */
  private block: Float64Array | undefined;
  private readonly offsets: number[] = [];
  /** The thread touching the block's pages (allocate), then replaying kept columns beside this one (replayGrids). */
  private worker: Worker | undefined;
  /** The worker's stop flag for touching pages (TouchJob.stop). */
  private readonly stopTouching = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly rows: readonly number[], readonly columns: number) {
    let at = 0;
    for (const r of rows) {
      this.offsets.push(at);
      at += r * columns;
    }
    this.offsets.push(at);
  }

  /** The sink of window `slot`'s column `k` (undefined past the windows: rows of no window are dropped, as before). */
  sink(slot: number, k: number): Sink | undefined {
    if (slot >= this.rows.length || k >= this.columns) return undefined;
    return {
      add: (values, n) => {
        const out = this.array(slot, k);
        const f = this.fill[slot]!;
        if (f[k]! + n > out.length) throw new Error(`windowPasses: window ${slot} received more than its ${out.length} counted rows; the data changed between two reads`);
        out.set(n === values.length ? values : values.subarray(0, n), f[k]!);
        f[k]! += n;
      },
    };
  }

  /**
   * Every kept column's grids from its values (keptGrids.replayColumn): `local` gives this thread's builders of
   * column k; with the worker that touched the pages (allocate), the columns are shared out between both threads
   * through a counter, and the worker's are answered finished (its builders' cells transferred), by column. A
   * column is replayed whole by one thread: the same grids whichever builds it.
   */
  async replayGrids(sides: readonly GridShape[], windowShapes: readonly GridShape[], local: (k: number) => ColumnGrids): Promise<Map<number, FinishedColumn>> {
    const worker = this.worker;
    Atomics.store(this.stopTouching, 0, 1);
    const fill = new Float64Array(this.rows.length * this.columns);
    this.fill.forEach((f, slot) => fill.set(f, slot * this.columns));
    const replay = { block: this.block ?? new Float64Array(0), offsets: Float64Array.from(this.offsets), rows: Float64Array.from(this.rows), fill, columns: this.columns };
    const next = new Int32Array(worker ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
    const job: ReplayJob = { replay, sides: [...sides], windowShapes: [...windowShapes], next };
    const remote = worker && ask<FinishedColumn[]>(worker, job, (m) => m['replayed'] as FinishedColumn[] | undefined);
    try {
      replayShare(job, local);
      return new Map((remote ? await remote : []).map((c) => [c.k, c]));
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /**
   * Sorts every array of `groups` in place (sortDoubles): those stored over the kept values (pass 2's window
   * values, placed there by windowSamples.ts) shared out with the worker thread through a counter, the others
   * here; answers how many arrays the worker sorted. The worker then ends. 10M weekly: ~1 s of sorting after
   * pass 2, on the main thread alone before.
   */
  async sortAll(groups: readonly Map<number, Float64Array>[]): Promise<number> {
    const worker = this.worker;
    const block = this.block;
    const shared: number[] = [];
    for (const g of groups) {
      for (const v of g.values()) {
        if (worker && block && v.buffer === block.buffer && v.length > 1) shared.push(v.byteOffset / 8, v.byteOffset / 8 + v.length);
        else sortDoubles(v);
      }
    }
    try {
      if (!worker || !block || !shared.length) return 0;
      const job: SortJob = { sort: { block, ranges: Float64Array.from(shared), next: new Int32Array(new SharedArrayBuffer(4)) } };
      const remote = ask<number>(worker, job, (m) => m['sorted'] as number | undefined);
      sortShare(job);
      return await remote;
    } finally {
      this.close();
    }
  }

  /** Ends the worker thread, if any (a pass that failed, or no sort wanted). */
  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /**
   * Window `slot`'s memory for column `k` (its row count long; the first `kept(slot, k)` entries hold its values),
   * for pass 2 to reuse once it has read them; undefined when nothing was kept there.
   */
  memory(slot: number, k: number): Float64Array | undefined {
    return this.values[slot]?.[k];
  }

  /** How many values of window `slot`'s column `k` are kept. */
  kept(slot: number, k: number): number {
    return this.fill[slot]?.[k] ?? 0;
  }

  private array(slot: number, k: number): Float64Array {
    const row = (this.values[slot] ??= []);
    this.fill[slot] ??= new Int32Array(this.columns);
    this.block ??= this.allocate();
    const at = this.offsets[slot]! + k * this.rows[slot]!;
    return (row[k] ??= this.block.subarray(at, at + this.rows[slot]!));
  }

  /**
   * The block, in a SharedArrayBuffer whose pages a worker thread touches ahead of the stream (keptWorker.ts) when
   * it is large and a core is spare: every first touch of a 4 KiB page costs a page fault (~13 µs on the bench VM;
   * 800 MiB at 10M rows: ~2.6 s), taken on the worker's core instead of the main thread's, which streams.
   */
  private allocate(): Float64Array {
    const doubles = this.offsets.at(-1)!;
    const file = keptWorker.file;
    if (!file || doubles * 8 < keptWorker.minBytes || availableParallelism() < 2) return new Float64Array(doubles);
    const block = new Float64Array(new SharedArrayBuffer(doubles * 8));
    const worker = (this.worker = new Worker(file, { execArgv: keptWorker.execArgv }));
    worker.unref();
    // An error ends the worker's part: replayGrids then finds none and replays every column here.
    worker.once('error', () => { if (this.worker === worker) this.worker = undefined; });
    const job: TouchJob = { words: new Int32Array(block.buffer), offsets: Float64Array.from(this.offsets), rows: Float64Array.from(this.rows), columns: this.columns, stop: this.stopTouching };
    worker.postMessage(job);
    return block;
  }
}

/**
 * The worker thread of KeptValues: its script (dist/driftWorker.js beside the running bundle; null, e.g. running
 * from sources: no worker), node's options for it, and the smallest block given one (1M rows × 13 columns:
 * 104 MB). Mutable for tests (keptWorker.ts run through tsx).
 */
export const keptWorker = { file: bundledWorker(), execArgv: [] as string[], minBytes: 32 * 2 ** 20 };

function bundledWorker(): string | null {
  const f = join(__dirname, 'driftWorker.js');
  return existsSync(f) ? f : null;
}

/** Posts `job` to the worker and answers what `pick` finds in its reply; an error reply or event rejects. */
function ask<T>(worker: Worker, job: unknown, pick: (m: Record<string, unknown>) => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    const onMessage = (m: Record<string, unknown>) => {
      const got = pick(m);
      if (got !== undefined) {
        done();
        resolve(got);
      } else if (m['error']) {
        done();
        reject(new Error(`drift worker: ${String(m['error'])}`));
      }
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(job);
  });
}
