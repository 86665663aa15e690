/**
 * Worker-thread entry (bundled by esbuild as dist/evaluateWorker.js): evaluates the windows it is given with
 * summarize(), on rows shared through SharedArrayBuffers, and posts the summaries back. Nothing else runs here.
 */
import { parentPort } from 'node:worker_threads';
import type { InputPlan } from './inputs';
import type { EvalRows } from './readRows';
import { summarize, type BootstrapSettings } from './summarize';

export interface WindowJob {
  y: Float64Array;
  v: Float64Array;
  loss: Float64Array | null;
  top: Float64Array | null;
  plan: InputPlan;
  settings: Omit<BootstrapSettings, 'signal'>;
  windows: { index: number; rows: Int32Array }[];
}

parentPort?.on('message', (job: WindowJob | { sort: Float64Array[] }) => {
  try {
    if ('sort' in job) {
      // Arrays in SharedArrayBuffers, sorted in place for the calling thread.
      for (const a of job.sort) a.sort();
      parentPort!.postMessage({ sorted: true });
      return;
    }
    const rows: EvalRows = { n: job.y.length, y: job.y, v: job.v, loss: job.loss, top: job.top, window: null, business: [] };
    const out = job.windows.map((w) => ({ index: w.index, summary: summarize(rows, w.rows, job.plan, job.settings, 2 + w.index) }));
    parentPort!.postMessage({ out });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
