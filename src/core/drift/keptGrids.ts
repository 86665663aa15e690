import { GridBuilder, type NumericGrid } from './numericGrid';
import { sortDoubles } from '../stats/sortDoubles';

/** A grid's range and buckets (GridSpec without its column: what a worker thread needs). */
export interface GridShape {
  lo: number;
  hi: number;
  bins: number;
}

/**
 * Where KeptValues holds its values (keptValues.ts): window `slot`'s column k is rows[slot] doubles from
 * offsets[slot] + k · rows[slot] on, of which fill[slot · columns + k] hold values.
 */
export interface KeptLayout {
  block: Float64Array;
  offsets: Float64Array;
  rows: Float64Array;
  fill: Float64Array;
  columns: number;
}

/** One kept column's grids: both sides' (the plan's resolution) and every window's (coarser). */
export interface ColumnGrids {
  sides: [GridBuilder, GridBuilder];
  windows: GridBuilder[];
}

/** Fresh grids of a column: the sides' on `side`, `windows` windows' on `window`. */
export function columnGrids(side: GridShape, window: GridShape, windows: number): ColumnGrids {
  return {
    sides: [new GridBuilder(side.lo, side.hi, side.bins), new GridBuilder(side.lo, side.hi, side.bins)],
    windows: Array.from({ length: windows }, () => new GridBuilder(window.lo, window.hi, window.bins)),
  };
}

/**
 * Column k's kept values, window after window, into its window's grid and its side's (the first window, or all
 * later ones): in one walk where their buckets nest (addPair), else the window's then the side's, as pass 1's
 * pairSink did. The same values in the same order whichever thread replays which column.
 */
export function replayColumn(kept: KeptLayout, k: number, grids: ColumnGrids): void {
  const { block, offsets, rows, fill, columns } = kept;
  for (let slot = 0; slot < rows.length; slot++) {
    const n = fill[slot * columns + k]!;
    if (!(n > 0)) continue;
    const at = offsets[slot]! + k * rows[slot]!;
    const values = block.subarray(at, at + n);
    const own = grids.windows[slot]!;
    const side = grids.sides[slot === 0 ? 0 : 1];
    if (side.pairs(own)) side.addPair(own, values, n);
    else {
      own.add(values, n);
      side.add(values, n);
    }
  }
}

/** A column's finished grids as a worker thread posts them back (their cells transferred). */
export interface FinishedColumn {
  k: number;
  sides: [NumericGrid, NumericGrid];
  windows: NumericGrid[];
}

/** The job of replaying kept columns on a worker thread: columns are taken from `next` (atomically) until none is left. */
export interface ReplayJob {
  replay: KeptLayout;
  sides: GridShape[];
  windowShapes: GridShape[];
  next: Int32Array;
}

/**
 * Replays the columns of `job` this thread takes from the shared counter (the calling thread takes its own the
 * same way), building each one's grids here: every thread's columns are whole, so any split gives the same grids.
 */
export function replayShare(job: ReplayJob, grids: (k: number) => ColumnGrids): number[] {
  const done: number[] = [];
  for (let k = Atomics.add(job.next, 0, 1); k < job.replay.columns; k = Atomics.add(job.next, 0, 1)) {
    replayColumn(job.replay, k, grids(k));
    done.push(k);
  }
  return done;
}

/** Ranges [ranges[2i], ranges[2i + 1]) of a shared block to sort in place, taken from `next` (atomically) by each thread. */
export interface SortJob {
  sort: { block: Float64Array; ranges: Float64Array; next: Int32Array };
}

/** Sorts (sortDoubles) the ranges of `job` this thread takes from the shared counter (a sort is a sort, whichever thread); answers how many. */
export function sortShare(job: SortJob): number {
  const { block, ranges, next } = job.sort;
  let n = 0;
  for (let r = Atomics.add(next, 0, 1); 2 * r + 1 < ranges.length; r = Atomics.add(next, 0, 1), n++) sortDoubles(block.subarray(ranges[2 * r]!, ranges[2 * r + 1]!));
  return n;
}
