import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors';
import type { InputPlan } from './inputs';
import type { EvalRows } from './readRows';
import { summarize, type BootstrapSettings, type Summary } from './summarize';
import type { WindowJob } from './windowWorker';
import { mergeRuns, sortScores, type SortedScores } from './binary/sortedScores';

/** Below this many rows in all windows together, one thread is faster than starting a worker. */
const PARALLEL_MIN_ROWS = 500_000;

/** The bundled worker beside the running bundle (dist/evaluateWorker.js), or null (e.g. running from sources). */
function workerFile(): string | null {
  const f = join(__dirname, 'evaluateWorker.js');
  return existsSync(f) ? f : null;
}

/** The array itself when it already lives in a SharedArrayBuffer (readRows puts rows there), else a shared copy. */
function shared(a: Float64Array | null): Float64Array | null {
  if (!a || a.buffer instanceof SharedArrayBuffer) return a;
  const s = new Float64Array(new SharedArrayBuffer(a.length * 8));
  s.set(a);
  return s;
}

/**
 * summarize() for every window, on the calling thread and on worker threads together (one per spare core,
 * at most 3): windows are dealt out alternately by size so each thread gets a similar share. Each window
 * draws its bootstrap from its own seeded stream, so the results do not depend on which thread computed them.
 */
export async function summarizeWindows(r: EvalRows, subsets: Int32Array[], plan: InputPlan, s: BootstrapSettings, onWindow?: (done: number) => void): Promise<(Summary | null)[]> {
  const out: (Summary | null)[] = subsets.map(() => null);
  const total = subsets.reduce((a, b) => a + b.length, 0);
  const file = workerFile();
  const threads = Math.min(4, Math.max(1, availableParallelism()));
  const order = subsets.map((rows, index) => ({ index, rows })).filter((w) => w.rows.length > 0).sort((a, b) => b.rows.length - a.rows.length);
  if (!file || threads < 2 || total < PARALLEL_MIN_ROWS || order.length < 2) {
    let done = 0;
    for (const w of order) {
      if (s.signal?.aborted) throw new CancelledError();
      out[w.index] = summarize(r, w.rows, plan, s, 2 + w.index);
      onWindow?.(++done);
    }
    return out;
  }
  const shares: (typeof order)[] = Array.from({ length: threads }, () => []);
  order.forEach((w, i) => shares[i % threads]!.push(w));
  const rows = { y: shared(r.y)!, v: shared(r.v)!, loss: shared(r.loss), top: shared(r.top) };
  const { signal, ...settings } = s;
  const workers: Worker[] = [];
  try {
    const remote = shares.slice(1).map((share) => new Promise<void>((resolve, reject) => {
      const worker = new Worker(file);
      workers.push(worker);
      const job: WindowJob = { ...rows, plan, settings, windows: share };
      worker.once('message', (m: { out?: { index: number; summary: Summary }[]; error?: string }) => {
        if (m.error || !m.out) { reject(new Error(`evaluation worker: ${m.error ?? 'no result'}`)); return; }
        for (const x of m.out) out[x.index] = x.summary;
        resolve();
      });
      worker.once('error', reject);
      worker.postMessage(job);
    }));
    let done = 0;
    for (const w of shares[0]!) {
      if (signal?.aborted) throw new CancelledError();
      out[w.index] = summarize(r, w.rows, plan, s, 2 + w.index);
      onWindow?.(++done);
    }
    await Promise.all(remote);
    if (signal?.aborted) throw new CancelledError();
    return out;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Below this many rows one thread sorts faster than a worker starts. */
const PARALLEL_SORT_ROWS = 2_000_000;

/**
 * sortScores on two threads for large inputs: the positives and the second half of the negatives are sorted
 * by a worker while this thread sorts the first half, then the two halves are merged. Same result as
 * sortScores (a sort is a sort); falls back to it without the bundled worker or for small inputs.
 */
export async function sortScoresParallel(y: Float64Array, s: Float64Array, rows: Int32Array): Promise<SortedScores> {
  const file = workerFile();
  if (!file || rows.length < PARALLEL_SORT_ROWS || availableParallelism() < 2) return sortScores(y, s, rows);
  let nPos = 0;
  for (let k = 0; k < rows.length; k++) nPos += y[rows[k]!] === 1 ? 1 : 0;
  const pos = new Float64Array(new SharedArrayBuffer(nPos * 8));
  const negAll = new Float64Array(new SharedArrayBuffer((rows.length - nPos) * 8));
  let a = 0;
  let b = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    if (y[i] === 1) pos[a++] = s[i]!;
    else negAll[b++] = s[i]!;
  }
  // Balance the two threads: the worker takes the positives and enough negatives to make half the rows.
  const cut = Math.max(0, Math.min(negAll.length, Math.round(rows.length / 2)));
  const mine = negAll.subarray(0, cut);
  const theirs = negAll.subarray(cut);
  const worker = new Worker(file);
  try {
    const done = new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { sorted?: boolean; error?: string }) => (m.sorted ? resolve() : reject(new Error(`evaluation worker: ${m.error ?? 'no result'}`))));
      worker.once('error', reject);
    });
    worker.postMessage({ sort: [pos, theirs] });
    mine.sort();
    await done;
  } finally {
    await worker.terminate();
  }
  return { pos, neg: mergeRuns([mine, theirs]) };
}
