import assert from 'node:assert/strict';
import { Router, SlotMap } from '../../../src/core/drift/windowGrids';
import { mulberry32 } from '../../../src/core/random';

// The Router's batches decide the order in which a side's grid sums its values (windowPasses.ts), and the reports
// of drift over time are compared byte for byte: rows in runs of one window (copied a run at a time) must give
// every sink the very batches that rows routed one by one give.

const rnd = mulberry32(77);

/** Rows of `windows` windows: in runs of `run` rows on average, one column with NULLs in some chunks. */
function chunks(rows: number, windows: number, run: number, chunkRows: number) {
  const out: { cols: { values: Float64Array; valid: Uint32Array | null }[]; n: number }[] = [];
  let w = 0;
  let id = 0;
  for (let at = 0; at < rows; at += chunkRows) {
    const n = Math.min(chunkRows, rows - at);
    const key = new Float64Array(n);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const withNulls = rnd() < 0.3;
    const valid = withNulls ? new Uint32Array(Math.ceil(n / 32)) : null;
    for (let i = 0; i < n; i++) {
      if (rnd() < 1 / run) w = Math.floor(rnd() * windows);
      key[i] = 1000.5 + w;
      a[i] = id++;
      b[i] = -id;
      if (valid && rnd() < 0.9) valid[i >>> 5]! |= 1 << (i & 31);
    }
    out.push({ cols: [{ values: key, valid: null }, { values: a, valid: null }, { values: b, valid }], n });
  }
  return out;
}

/**
 * Per column, the batches its sinks receive in order, with their window: a side's grid takes the batches of all its
 * windows' sinks of one column (the order across columns is free: they go to different grids).
 */
function route(data: ReturnType<typeof chunks>, oneByOne: boolean): string[][] {
  const log: string[][] = [[], []];
  // Sized for 4,096 windows (buffers of 256 values), so the windows used drain many times during the stream.
  const router = new Router(4096, 2, (slot, j) => ({ add: (values, n) => void log[j]!.push(`${slot}: ${Array.from(values.subarray(0, n)).join(',')}`) }));
  const slots = new SlotMap();
  for (const { cols, n } of data) {
    if (!oneByOne) router.route(cols, n, slots);
    // One row at a time: runs of one row, the row-by-row path.
    else for (let i = 0; i < n; i++) router.route(cols.map((c) => ({ values: c.values.subarray(i, i + 1), valid: c.valid && Uint32Array.of((c.valid[i >>> 5]! >>> (i & 31)) & 1) })), 1, slots);
  }
  router.flush();
  return log;
}

describe('Router', () => {
  for (const [windows, run] of [[3, 2000], [8, 300], [5, 3]] as const) {
    it(`gives each sink the same batches for whole chunks as row by row (${windows} windows, runs of ~${run} rows)`, () => {
      const data = chunks(30000, windows, run, 2048);
      const whole = route(data, false);
      assert.ok(whole[0]!.length > 4 * windows && whole[1]!.length > 4 * windows, 'buffers drained during the stream, not only at flush');
      assert.deepEqual(whole, route(data, true));
    });
  }
});
