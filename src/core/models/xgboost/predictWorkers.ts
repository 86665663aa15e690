import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CancelledError, InputError } from '../../errors';
import type { FeatureMatrix, TreeEnsemble } from '../types';
import { checkMatrix, predictMargin } from './predict';
import { SCORE_CALL_ROWS, scoreRows } from './scoreRows';
import { treeLayout, type TreeLayout } from './treeLayout';

/** Below this many rows predictMarginParallel scores on the calling thread: starting workers would cost more. */
export const PARALLEL_MIN_ROWS = 32768;
/** At most this many prediction workers, however many cores. */
const MAX_THREADS = 8;
/** Workers left idle this long are stopped (they are started again when needed). */
const IDLE_MS = 30_000;

/**
 * Source of a prediction worker: it runs scoreRows (from its source text, so the bundled CLI and extension
 * need no separate worker file — as the ONNX worker) on the rows it is given and answers {} or { error }.
 * It keeps the model of the last message that carried one (a TaskMessage's `model`) for the tasks after it.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const scoreRows = (${scoreRows.toString()});
let model;
parentPort.on('message', (m) => {
  try {
    if (m.model) model = m.model;
    for (let s = m.start; s < m.end; s += ${SCORE_CALL_ROWS}) scoreRows(model.layout, model.baseMargin, m.X, m.F, s, Math.min(m.end, s + ${SCORE_CALL_ROWS}), m.out);
    parentPort.postMessage({});
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
});
`;

/** One scoreRows call to share out: X and out live in SharedArrayBuffers, so workers read and write them in place. */
export interface ScoreJob {
  layout: TreeLayout;
  baseMargin: number;
  X: Float32Array;
  F: number;
  out: Float64Array;
}

/** The model a worker scores with: sent once, with the first task of a model a worker does not hold yet. */
interface WorkerModel {
  layout: TreeLayout;
  baseMargin: number;
}

/** One message to a worker: rows start … end − 1 of X into out, with the model when the worker needs it. */
export interface TaskMessage {
  model?: WorkerModel;
  X: Float32Array;
  F: number;
  out: Float64Array;
  start: number;
  end: number;
}

interface Call {
  job: ScoreJob;
  remaining: number;
  settled: boolean;
  resolve: () => void;
  reject: (e: Error) => void;
  cleanup: () => void;
}

interface Task {
  call: Call;
  start: number;
  end: number;
}

interface Slot {
  worker: Worker;
  task?: Task | undefined;
  /** The model last sent to the worker; it scores the tasks that follow with it. */
  model?: WorkerModel | undefined;
}

/**
 * A few worker threads that score row ranges of ScoreJobs, first come first served. Workers start on
 * demand, are unref'd while idle (an idle pool never keeps a process alive) and ref'd while they work (so
 * a process awaiting a prediction does not exit under it), and stop after IDLE_MS without work or on
 * dispose(). A worker that fails or dies fails the calls it was working on with MODEL_RUNTIME.
 * A worker is sent a model (layout and base margin) once and keeps it: later tasks of the same model carry
 * only their row range and the shared X and out; a task of another model sends that model along.
 */
export class PredictPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private idleTimer: NodeJS.Timeout | undefined;

  /** `onPost` sees every message posted to a worker (tests count the models sent). */
  constructor(
    readonly threads: number,
    private readonly source: string = WORKER_SOURCE,
    private readonly onPost?: (message: TaskMessage) => void,
  ) {}

  /** Workers currently running. */
  get size(): number {
    return this.slots.length;
  }

  /** Scores rows 0 … n − 1 of the job in tasks of `taskRows` rows; rejects with CancelledError when `signal` aborts. */
  score(job: ScoreJob, n: number, taskRows: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new CancelledError());
        return;
      }
      const onAbort = (): void => this.fail(call, new CancelledError());
      const call: Call = { job, remaining: 0, settled: false, resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      for (let s = 0; s < n; s += taskRows) {
        this.queue.push({ call, start: s, end: Math.min(n, s + taskRows) });
        call.remaining++;
      }
      if (call.remaining === 0) this.settle(call);
      this.pump();
    });
  }

  /** Stops every worker; calls still running fail with MODEL_RUNTIME. */
  async dispose(): Promise<void> {
    clearTimeout(this.idleTimer);
    const stopped = new InputError('MODEL_RUNTIME', 'The prediction workers were stopped before the prediction finished.');
    for (const task of this.queue.splice(0)) this.fail(task.call, stopped);
    const slots = this.slots.splice(0);
    for (const s of slots) if (s.task) this.fail(s.task.call, stopped);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length > 0) {
      const task = this.queue[0]!;
      if (task.call.settled) {
        this.queue.shift();
        continue;
      }
      const slot = this.slots.find((s) => !s.task) ?? (this.slots.length < this.threads ? this.spawn() : undefined);
      if (!slot) break;
      this.queue.shift();
      slot.task = task;
      slot.worker.ref();
      const { layout, baseMargin, X, F, out } = task.call.job;
      const message: TaskMessage = { X, F, out, start: task.start, end: task.end };
      if (!slot.model || slot.model.layout !== layout || !Object.is(slot.model.baseMargin, baseMargin)) message.model = slot.model = { layout, baseMargin };
      this.onPost?.(message);
      slot.worker.postMessage(message);
    }
    if (this.slots.length > 0 && this.slots.every((s) => !s.task)) {
      this.idleTimer = setTimeout(() => void this.dispose(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.source, { eval: true }) };
    slot.worker.unref();
    slot.worker.on('message', (m: { error?: string }) => {
      const task = slot.task;
      slot.task = undefined;
      slot.worker.unref();
      if (m.error !== undefined) slot.model = undefined; // send the model again with the next task
      if (task && m.error !== undefined) this.fail(task.call, new InputError('MODEL_RUNTIME', `A prediction worker failed: ${m.error}`));
      else if (task && --task.call.remaining === 0) this.settle(task.call);
      this.pump();
    });
    const lost = (why: string): void => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return; // disposed
      this.slots.splice(i, 1);
      if (slot.task) this.fail(slot.task.call, new InputError('MODEL_RUNTIME', `A prediction worker ${why}.`));
      this.pump();
    };
    slot.worker.on('error', (e: Error) => lost(`failed: ${e.message}`));
    slot.worker.on('exit', (code: number) => lost(`stopped with exit code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private settle(call: Call): void {
    if (call.settled) return;
    call.settled = true;
    call.cleanup();
    call.resolve();
  }

  private fail(call: Call, e: Error): void {
    if (call.settled) return;
    call.settled = true;
    call.cleanup();
    call.reject(e);
  }
}

let shared: PredictPool | undefined;

/** Threads predictMarginParallel uses: the cores Node may use, at most MAX_THREADS. */
export function predictThreads(): number {
  return Math.max(1, Math.min(MAX_THREADS, availableParallelism()));
}

/** Prediction workers currently running (0 before the first large prediction and after they stopped). */
export function predictWorkersRunning(): number {
  return shared?.size ?? 0;
}

/** Stops the shared prediction workers (the extension calls this on deactivate); they restart when needed. */
export async function disposePredictWorkers(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.dispose();
}

/**
 * predictMargin (./predict.ts) on worker threads: the same result, bit for bit, without blocking the
 * calling thread. Rows are shared out in tasks of a few thousand rows among predictThreads() workers,
 * which read X and write the margins in shared memory. Small inputs (< PARALLEL_MIN_ROWS rows) and
 * categorical (LightGBM) ensembles are scored on the calling thread. Rejects with CancelledError when
 * `signal` aborts (tasks already running finish first), BAD_ARGUMENT for a matrix of the wrong size and
 * MODEL_RUNTIME when a worker fails.
 */
export async function predictMarginParallel(e: TreeEnsemble, baseMargin: number, X: FeatureMatrix, n: number, numFeatures: number, options: { signal?: AbortSignal | undefined } = {}): Promise<Float64Array> {
  checkMatrix(X, n, numFeatures);
  if (options.signal?.aborted) throw new CancelledError();
  const threads = predictThreads();
  if (e.categories || n < PARALLEL_MIN_ROWS) return predictMargin(e, baseMargin, X, n, numFeatures);
  let x: Float32Array;
  if (X instanceof Float32Array && X.buffer instanceof SharedArrayBuffer) x = X;
  else {
    x = new Float32Array(new SharedArrayBuffer(X.length * 4));
    x.set(X);
  }
  const out = new Float64Array(new SharedArrayBuffer(n * e.numGroups * 8));
  shared ??= new PredictPool(threads);
  // Four tasks per worker balance uneven progress; a multiple of the row block keeps blocks whole.
  const taskRows = Math.max(4096, Math.ceil(n / (4 * threads) / 256) * 256);
  await shared.score({ layout: treeLayout(e), baseMargin, X: x, F: numFeatures, out }, n, taskRows, options.signal);
  return out.slice();
}
