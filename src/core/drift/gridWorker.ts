/**
 * Worker-thread entry (bundled by esbuild as dist/driftGridWorker.js): builds one side's grids (GridBuilder) from
 * batches of values the calling thread streams out of DuckDB (offThreadGrids.ts), so that a drift's two sides
 * are summarised on two cores. Each batch's buffer goes back to the caller for reuse once added. Nothing else
 * runs here.
 */
import { parentPort } from 'node:worker_threads';
import type { GridSpec } from './gridScan';
import { GridBuilder, type NumericGrid } from './numericGrid';

/** Messages to the worker: the grids to build, then batches of one column's values (in stream order), then finish. */
export type GridJob =
  | { kind: 'start'; specs: readonly GridSpec[] }
  | { kind: 'add'; column: number; values: Float64Array; n: number }
  | { kind: 'finish' };

/** Messages from the worker: a buffer it is done with, the finished grids, or an error. */
export type GridReply =
  | { kind: 'free'; values: Float64Array }
  | { kind: 'grids'; grids: NumericGrid[] }
  | { kind: 'error'; message: string };

let builders: GridBuilder[] = [];

/** Handles one job message; the replies (and buffers to transfer) go to `post`. Exported for tests. */
export function handleGridJob(job: GridJob, post: (reply: GridReply, transfer: ArrayBuffer[]) => void): void {
  if (job.kind === 'start') {
    builders = job.specs.map((s) => new GridBuilder(s.lo, s.hi, s.bins));
  } else if (job.kind === 'add') {
    builders[job.column]!.add(job.values, job.n);
    post({ kind: 'free', values: job.values }, [job.values.buffer as ArrayBuffer]);
  } else {
    const grids = builders.map((b) => b.finish());
    builders = [];
    post({ kind: 'grids', grids }, grids.map((g) => g.cells.buffer as ArrayBuffer));
  }
}

parentPort?.on('message', (job: GridJob) => {
  try {
    handleGridJob(job, (reply, transfer) => parentPort!.postMessage(reply, transfer));
  } catch (e) {
    parentPort!.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
