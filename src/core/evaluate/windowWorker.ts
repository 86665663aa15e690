/**
 * Worker-thread entry (bundled by esbuild as dist/evaluateWorker.js): evaluates windows, taken one at a time
 * from a shared counter, with summarize(), on rows shared through SharedArrayBuffers, and posts the summaries back. Nothing else runs here.
 */
import { parentPort } from 'node:worker_threads';
import type { InputPlan } from './inputs';
import type { EvalRows } from './readRows';
import { summarize, type BootstrapSettings } from './summarize';
import { sortBuckets, sortDoubles } from '../stats/sortDoubles';

export interface WindowJob {
  y: Float64Array;
  v: Float64Array;
  loss: Float64Array | null;
  top: Float64Array | null;
  plan: InputPlan;
  settings: Omit<BootstrapSettings, 'signal'>;
  /** Every window, largest first; a thread takes window `next[0]` (incremented atomically) until none is left. */
  windows: { index: number; rows: Int32Array }[];
  next: Int32Array;
}

/** Arrays in SharedArrayBuffers, sorted in place for the calling thread; `buckets`: buckets [from, end) of an array laid out by bucketize. */
export interface SortJob {
  sort: Float64Array[];
  buckets?: { values: Float64Array; offsets: Int32Array; from: number };
}

parentPort?.on('message', (job: WindowJob | SortJob) => {
  try {
    if ('sort' in job) {
      for (const a of job.sort) sortDoubles(a);
      if (job.buckets) sortBuckets(job.buckets.values, job.buckets.offsets, job.buckets.from, job.buckets.offsets.length - 1);
      parentPort!.postMessage({ sorted: true });
      return;
    }
    const rows: EvalRows = { n: job.y.length, y: job.y, v: job.v, loss: job.loss, top: job.top, window: null, business: [] };
    const out: { index: number; summary: ReturnType<typeof summarize> }[] = [];
    for (let k = Atomics.add(job.next, 0, 1); k < job.windows.length; k = Atomics.add(job.next, 0, 1)) {
      const w = job.windows[k]!;
      out.push({ index: w.index, summary: summarize(rows, w.rows, job.plan, job.settings, 2 + w.index) });
    }
    parentPort!.postMessage({ out });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
