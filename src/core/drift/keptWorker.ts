/**
 * Worker-thread entry (bundled by esbuild as dist/driftWorker.js) for drift over time's kept values
 * (keptValues.ts): touches their pages ahead of the streaming main thread (TouchJob), then builds the grids of
 * the kept columns it takes from a shared counter beside the main thread (ReplayJob, keptGrids.ts) and posts
 * them back, and sorts pass 2's bucket values stored over the kept values beside it (SortJob). Nothing else runs here.
 */
import { parentPort } from 'node:worker_threads';
import { columnGrids, replayShare, sortShare, type FinishedColumn, type ReplayJob, type SortJob } from './keptGrids';

/**
 * The kept block as 32-bit words of its SharedArrayBuffer, laid out as KeptValues lays it out: window `slot`'s
 * values from double offsets[slot] on, `columns` columns of rows[slot] values one after another.
 */
export interface TouchJob {
  words: Int32Array;
  offsets: Float64Array;
  rows: Float64Array;
  columns: number;
  /** Set to 1 by the main thread when the stream has ended: the pages left are then not worth touching here. */
  stop: Int32Array;
}

/** 32-bit words per 4 KiB page. */
const PAGE_WORDS = 1024;
/** Doubles of one column touched before the next column's (16 pages): the order the streamed values fill them. */
const STEP_DOUBLES = 8192;

/**
 * Touches one word per page of the block in the order the streamed rows fill it (window by window, its columns
 * side by side), by an atomic compare-exchange of 0 for 0: a locked write whatever the word holds, so the page is
 * mapped for writing in one fault, and a value the main thread stored there meanwhile stays as it is, where a
 * plain store of 0 would overwrite it. Atomics.add(…, 0) reads first: the shared zero page, then a second fault
 * on the write (100 MiB: 2.01 faults a page, 120 ms, against 1.00 and 68 ms). Stops once `stop` is set: a
 * worker starved of CPU while the stream ran (10M weekly under load ~3) was still touching pages when the replay
 * began, and the main thread waited 5.7 s for its share of the replay instead of ~1.4.
 */
export function touchPages(job: TouchJob): void {
  const { words, offsets, rows, columns, stop } = job;
  for (let slot = 0; slot < rows.length; slot++) {
    const n = rows[slot]!;
    for (let at = 0; at < n; at += STEP_DOUBLES) {
      if (Atomics.load(stop, 0) !== 0) return;
      for (let k = 0; k < columns; k++) {
        const from = 2 * (offsets[slot]! + k * n + at);
        const to = 2 * (offsets[slot]! + k * n + Math.min(n, at + STEP_DOUBLES));
        for (let i = from; i < to; i += PAGE_WORDS) Atomics.compareExchange(words, i, 0, 0);
      }
    }
  }
}

parentPort?.on('message', (job: TouchJob | ReplayJob | SortJob) => {
  try {
    if ('words' in job) {
      touchPages(job);
      parentPort!.postMessage({ touched: true });
      return;
    }
    if ('sort' in job) {
      parentPort!.postMessage({ sorted: sortShare(job) });
      return;
    }
    const built = new Map<number, ReturnType<typeof columnGrids>>();
    const done = replayShare(job, (k) => {
      const g = columnGrids(job.sides[k]!, job.windowShapes[k]!, job.replay.rows.length);
      built.set(k, g);
      return g;
    });
    const out: FinishedColumn[] = done.map((k) => {
      const g = built.get(k)!;
      return { k, sides: [g.sides[0].finish(), g.sides[1].finish()], windows: g.windows.map((w) => w.finish()) };
    });
    parentPort!.postMessage({ replayed: out }, out.flatMap((c) => [...c.sides, ...c.windows].map((g) => g.cells.buffer as ArrayBuffer)));
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
