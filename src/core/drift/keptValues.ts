import type { Sink } from './windowGrids';

/**
 * Bytes of numeric values drift over time may keep in memory from its first streamed pass (windowPasses.ts), so
 * the ambiguous buckets' values come from memory instead of a second pass over the file. Columns are kept whole
 * while they fit (8 bytes per row and column: 1M rows × 13 numeric columns is 104 MB, all kept; at 10M rows 10 of
 * the 13 are, and the other 3 are read again if their buckets are wanted: bench_10m's int_0…int_2 want none, so
 * there is no second pass). Pass 2 stores the wanted values over the kept values it has read (windowSamples.ts),
 * so kept memory is not paid twice. Measured at 10M rows (bench_10m, weekly): 512 MiB (6 kept, 4 columns read
 * again) peaked at 0.96 GiB, 800 MiB at 1.23 GiB, 1,100 MiB (all 13) at 1.45 GiB, against drift's 1.5 GiB at 10M.
 * Mutable for tests.
 */
export const keptValuesBudget = { bytes: 800 * 2 ** 20 };

/** How many of `columns` numeric columns over `rows` rows are kept within keptValuesBudget (a prefix of them). */
export function keptColumns(columns: number, rows: number): number {
  if (rows <= 0) return columns;
  return Math.max(0, Math.min(columns, Math.floor(keptValuesBudget.bytes / (8 * rows))));
}

/**
 * The non-NULL values of some columns of a streamed pass, per window (slot) and column, in the order they came:
 * one Float64Array per window and column, sized by the window's row count (known before the pass). The window's
 * grid and its bucket values are then built from them (replay) exactly as from the stream: the same values in
 * the same order.
 */
export class KeptValues {
  private readonly values: Float64Array[][] = [];
  private readonly fill: Int32Array[] = [];
  /** One allocation for every window's and column's values (views into it): one growth of external memory for V8. */
  private block: Float64Array | undefined;
  private readonly offsets: number[] = [];

  constructor(private readonly rows: readonly number[], readonly columns: number) {
    let at = 0;
    for (const r of rows) {
      this.offsets.push(at);
      at += r * columns;
    }
    this.offsets.push(at);
  }

  /** The sink of window `slot`'s column `k` (undefined past the windows: rows of no window are dropped, as before). */
  sink(slot: number, k: number): Sink | undefined {
    if (slot >= this.rows.length || k >= this.columns) return undefined;
    return {
      add: (values, n) => {
        const out = this.array(slot, k);
        const f = this.fill[slot]!;
        if (f[k]! + n > out.length) throw new Error(`windowPasses: window ${slot} received more than its ${out.length} counted rows; the data changed between two reads`);
        out.set(n === values.length ? values : values.subarray(0, n), f[k]!);
        f[k]! += n;
      },
    };
  }

  /** Gives window `slot`'s kept values of column `k` to `sink`, in one batch. */
  replay(slot: number, k: number, sink: Sink | undefined): void {
    const n = this.fill[slot]?.[k] ?? 0;
    if (sink && n > 0) sink.add(this.values[slot]![k]!, n);
  }

  /**
   * Window `slot`'s memory for column `k` (its row count long; the first `kept(slot, k)` entries hold its values),
   * for pass 2 to reuse once it has read them; undefined when nothing was kept there.
   */
  memory(slot: number, k: number): Float64Array | undefined {
    return this.values[slot]?.[k];
  }

  /** How many values of window `slot`'s column `k` are kept. */
  kept(slot: number, k: number): number {
    return this.fill[slot]?.[k] ?? 0;
  }

  private array(slot: number, k: number): Float64Array {
    const row = (this.values[slot] ??= []);
    this.fill[slot] ??= new Int32Array(this.columns);
    this.block ??= new Float64Array(this.offsets.at(-1)!);
    const at = this.offsets[slot]! + k * this.rows[slot]!;
    return (row[k] ??= this.block.subarray(at, at + this.rows[slot]!));
  }
}
