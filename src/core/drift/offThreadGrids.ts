import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Engine, RunOptions } from '../data/engine';
import { col } from '../plan/expr';
import type { DoubleColumnBatch, PlanExecutor } from '../plan/executor';
import type { Source } from '../plan/plan';
import { asExecutor } from '../plan/target';
import { scanGrids, type GridSpec } from './gridScan';
import type { GridJob, GridReply } from './gridWorker';
import type { NumericGrid } from './numericGrid';

/**
 * Below this many rows on both sides together both grids are built on the calling thread: starting a worker costs
 * ~50 ms, and small sides' grids take less.
 */
export const OFF_THREAD_MIN_ROWS = 500_000;

/** The worker's script (and node options, for tests running from sources); null: none, build on this thread. */
export interface WorkerScript {
  file: string;
  execArgv?: string[];
}

/** The bundled worker beside the running bundle (dist/driftGridWorker.js); tests may set `script`. */
export const gridWorker: { script: WorkerScript | null | undefined } = { script: undefined };

function workerScript(): WorkerScript | null {
  if (gridWorker.script !== undefined) return gridWorker.script;
  const file = join(__dirname, 'driftGridWorker.js');
  return existsSync(file) ? { file } : null;
}

/**
 * planColumns' `grids` hook for a drift of two files: the reference's grids on this thread (scanGrids) and the
 * current's on a worker thread, both sides streamed at once. Building grids (GridBuilder.add, JavaScript) was the
 * longest part of a 1M × 20 CSV drift after the loads, one core busy while the other waited; the worker gets
 * each column's values in the order scanGrids gives them (NULLs left out, stream order), so its grids are the
 * same to the last bit. Small sides, engines without the streaming fast path, or no bundled worker: scanGrids
 * for both sides, as planColumns' default.
 */
export async function bothSidesGrids(engine: Engine | PlanExecutor, ref: Source, cur: Source, rows: number, specs: readonly GridSpec[], options: RunOptions = {}): Promise<[NumericGrid[], NumericGrid[]]> {
  const script = workerScript();
  if (!script || !specs.length || rows < OFF_THREAD_MIN_ROWS || !asExecutor(engine).fast.streamDoubles) {
    return Promise.all([scanGrids(engine, ref, specs, options), scanGrids(engine, cur, specs, options)]);
  }
  return Promise.all([scanGrids(engine, ref, specs, options), workerGrids(engine, cur, specs, script, options)]);
}

/** Workers started (for tests). */
export const offThreadStats = { workers: 0 };

/** Values per column sent to the worker at once (scanGrids' batch: 512 KB), less when there are many columns. */
const BATCH = 65536;
const BUFFER_BYTES = 32 * 2 ** 20;
const MIN_BATCH = 2048;
/** Batches a column in flight to the worker at most: beyond, the stream waits for the worker. */
const IN_FLIGHT = 2;

/**
 * scanGrids of one side with GridBuilder.add on a worker: this thread streams the values and copies each column's
 * non-NULL values into a batch, sent (transferred, not copied) when full; the worker hands each buffer back for
 * reuse. At most two batches a column are in flight: the stream waits for the worker beyond that.
 */
export async function workerGrids(engine: Engine | PlanExecutor, source: Source, specs: readonly GridSpec[], script: WorkerScript, options: RunOptions = {}): Promise<NumericGrid[]> {
  const stream = asExecutor(engine).fast.streamDoubles!;
  const worker = new Worker(script.file, script.execArgv ? { execArgv: script.execArgv } : {});
  offThreadStats.workers++;
  const free: Float64Array[] = [];
  let inFlight = 0;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  let finished: ((grids: NumericGrid[]) => void) | undefined;
  const grids = new Promise<NumericGrid[]>((resolve, reject) => {
    finished = resolve;
    const fail = (e: Error) => {
      failed = e;
      reject(e);
      wake?.();
    };
    worker.on('message', (m: GridReply) => {
      if (m.kind === 'free') {
        free.push(m.values);
        inFlight--;
        wake?.();
      } else if (m.kind === 'grids') finished!(m.grids);
      else fail(new Error(`drift grid worker: ${m.message}`));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`drift grid worker exited (${code}) before its grids were done`)));
  });
  grids.catch(() => undefined);
  const post = (job: GridJob, transfer: ArrayBuffer[] = []) => worker.postMessage(job, transfer);
  try {
    const batch = Math.max(MIN_BATCH, Math.min(BATCH, Math.floor(BUFFER_BYTES / (8 * specs.length))));
    const take = () => free.pop() ?? new Float64Array(batch);
    const buffers = specs.map(take);
    const fill = new Int32Array(specs.length);
    const send = (j: number) => {
      if (fill[j] === 0) return;
      const values = buffers[j]!;
      post({ kind: 'add', column: j, values, n: fill[j]! }, [values.buffer as ArrayBuffer]);
      inFlight++;
      buffers[j] = take();
      fill[j] = 0;
    };
    const waitForWorker = async () => {
      while (inFlight > IN_FLIGHT * specs.length && !failed) await new Promise<void>((resolve) => { wake = resolve; });
      wake = undefined;
      if (failed) throw failed;
    };
    post({ kind: 'start', specs });
    await stream(source, specs.map((s) => col(s.column)), (cols: DoubleColumnBatch[], n: number) => {
      for (let j = 0; j < cols.length; j++) {
        if (fill[j]! + n > batch) send(j);
        fill[j] = appendValid(buffers[j]!, fill[j]!, cols[j]!, n);
      }
      return failed || inFlight > IN_FLIGHT * specs.length ? waitForWorker() : undefined;
    }, options);
    for (let j = 0; j < specs.length; j++) send(j);
    post({ kind: 'finish' });
    return await grids;
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

/** Appends a chunk column's non-NULL values to `buf` from index `f`; returns the new fill. */
function appendValid(buf: Float64Array, f: number, { values, valid }: DoubleColumnBatch, n: number): number {
  if (valid === null) {
    buf.set(values.subarray(0, n), f);
    return f + n;
  }
  for (let i = 0; i < n; i++) if (((valid[i >>> 5]! >>> (i & 31)) & 1) === 1) buf[f++] = values[i]!;
  return f;
}
