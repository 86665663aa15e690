import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors';
import type { InputPlan } from './inputs';
import type { EvalRows } from './readRows';
import { summarize, type BootstrapSettings, type Summary } from './summarize';
import type { WindowJob } from './windowWorker';
import { sortScores, type SortedScores } from './binary/sortedScores';
import { bucketAt, bucketize, sortBuckets, sortDoubles } from '../stats/sortDoubles';

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
 * at most 3). The windows, largest first, are handed out one at a time through a shared counter: a thread
 * takes the next one when it is done, so a slow or late-starting thread never leaves the others waiting.
 * Each window draws its bootstrap from its own seeded stream, so the results do not depend on which thread
 * computed them.
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
  const next = new Int32Array(new SharedArrayBuffer(4));
  const rows = { y: shared(r.y)!, v: shared(r.v)!, loss: shared(r.loss), top: shared(r.top) };
  const windows = order.map((w) => ({ index: w.index, rows: sharedRows(w.rows) }));
  const { signal, ...settings } = s;
  const workers: Worker[] = [];
  try {
    const remote = Array.from({ length: threads - 1 }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(file);
      workers.push(worker);
      const job: WindowJob = { ...rows, plan, settings, windows, next };
      worker.once('message', (m: { out?: { index: number; summary: Summary }[]; error?: string }) => {
        if (m.error || !m.out) { reject(new Error(`evaluation worker: ${m.error ?? 'no result'}`)); return; }
        for (const x of m.out) out[x.index] = x.summary;
        resolve();
      });
      worker.once('error', reject);
      worker.postMessage(job);
    }));
    let done = 0;
    for (let k = Atomics.add(next, 0, 1); k < order.length; k = Atomics.add(next, 0, 1)) {
      if (signal?.aborted) {
        Atomics.store(next, 0, order.length);
        throw new CancelledError();
      }
      const w = order[k]!;
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

/** The rows themselves when they are a view of a SharedArrayBuffer (rowsByWindow's), else a shared copy. */
function sharedRows(a: Int32Array): Int32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const s = new Int32Array(new SharedArrayBuffer(a.length * 4));
  s.set(a);
  return s;
}

/** Below this many rows one thread sorts faster than a worker starts. */
const PARALLEL_SORT_ROWS = 2_000_000;

/**
 * sortScores on two threads for large inputs, with no merge: the worker starts at once (it loads while the
 * rows are split), this thread puts the negatives in value buckets (stats/sortDoubles' bucketize), then the worker
 * sorts the positives and the upper buckets while this thread sorts the lower ones. Same result as sortScores
 * (a sort is a sort); falls back to it without the bundled worker or for small inputs.
 */
export async function sortScoresParallel(y: Float64Array, s: Float64Array, rows: Int32Array): Promise<SortedScores> {
  const file = workerFile();
  if (!file || rows.length < PARALLEL_SORT_ROWS || availableParallelism() < 2) return sortScores(y, s, rows);
  const worker = new Worker(file);
  try {
    const done = new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { sorted?: boolean; error?: string }) => (m.sorted ? resolve() : reject(new Error(`evaluation worker: ${m.error ?? 'no result'}`))));
      worker.once('error', reject);
    });
    let nPos = 0;
    for (let k = 0; k < rows.length; k++) nPos += y[rows[k]!] === 1 ? 1 : 0;
    const pos = new Float64Array(new SharedArrayBuffer(nPos * 8));
    const neg = new Float64Array(new SharedArrayBuffer((rows.length - nPos) * 8));
    let a = 0;
    let b = 0;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      if (y[i] === 1) pos[a++] = s[i]!;
      else neg[b++] = s[i]!;
    }
    const offsets = bucketize(neg);
    if (offsets === null) {
      worker.postMessage({ sort: [pos] });
      sortDoubles(neg);
    } else {
      // Balance: the bucket pass costs this thread about a fifth of sorting the negatives.
      const B = offsets.length - 1;
      const k = bucketAt(offsets, Math.round((nPos + 0.8 * neg.length) / 2));
      worker.postMessage({ sort: [pos], buckets: { values: neg, offsets, from: k } });
      sortBuckets(neg, offsets, 0, Math.min(k, B));
    }
    await done;
    return { pos, neg };
  } finally {
    await worker.terminate();
  }
}
