import type { DuckDBDoubleVector } from '@duckdb/node-api';
import { CancelledError } from '../errors';
import type { Engine, RunOptions } from './engine';
import { quoteIdent } from './sql';

/** A block of consecutive dataset rows as a row-major float32 matrix: row r, column j at r * columns + j. */
export interface NumericBlock {
  X: Float32Array;
  /** Rows in this block. */
  n: number;
  /** Dataset row index (0-based, file order) of the block's first row. */
  start: number;
}

/**
 * Streams `columns` of `from` (an engine relation) in file order as row-major float32 blocks of up to
 * `blockRows` rows: `SELECT c1::DOUBLE, c2::DOUBLE, … FROM from`, read chunk by chunk from DuckDB's double
 * vectors (as src/core/drift/pullSamples.ts, but NULLs are kept as NaN so rows stay aligned). Float32 is
 * what tree models compare against (XGBoost's DMatrix stores float32). Booleans become 0/1. Only one
 * block (blockRows × columns × 4 bytes) is filled at a time; each block has its own X, which `onBlock` may
 * keep. `onBlock` may be async (e.g. to write output). With `shared`, X lives in a SharedArrayBuffer, so
 * worker threads can read it without a copy (model prediction, see models/predictBlocks.ts).
 * Returns the number of rows read.
 */
export async function readNumericRows(
  engine: Engine,
  from: string,
  columns: readonly string[],
  blockRows: number,
  onBlock: (block: NumericBlock) => void | Promise<void>,
  options: RunOptions & { shared?: boolean } = {},
): Promise<number> {
  const f = columns.length;
  const allocate = (): Float32Array => (options.shared ? new Float32Array(new SharedArrayBuffer(blockRows * f * 4)) : new Float32Array(blockRows * f));
  const select = f === 0 ? '1 AS dummy' : columns.map((c, j) => `${quoteIdent(c)}::DOUBLE AS c${j}`).join(', ');
  return engine.withConnection(options, async (conn) => {
    const result = await conn.stream(`SELECT ${select} FROM ${from}`);
    let X = allocate();
    let filled = 0;
    let start = 0;
    const flush = async (): Promise<void> => {
      if (filled === 0) return;
      await onBlock({ X: filled === blockRows ? X : X.subarray(0, filled * f), n: filled, start });
      start += filled;
      filled = 0;
      X = allocate();
    };
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError();
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const rows = chunk.rowCount;
      const vectors = Array.from({ length: f }, (_, j) => chunk.getColumnVector(j) as DuckDBDoubleVector);
      let i = 0;
      while (i < rows) {
        const take = Math.min(rows - i, blockRows - filled);
        for (let j = 0; j < f; j++) {
          const v = vectors[j]!;
          for (let k = 0; k < take; k++) X[(filled + k) * f + j] = v.getItem(i + k) ?? NaN;
        }
        filled += take;
        i += take;
        if (filled === blockRows) await flush();
      }
    }
    await flush();
    return start;
  });
}
