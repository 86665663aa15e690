import type { Engine, RunOptions } from './engine';
import { quoteIdent } from './sql';
import { isValid, streamDoubleExprs } from './streamDoubles';

/** A block of consecutive dataset rows as a row-major float32 (or, on request, float64) matrix: row r, column j at r * columns + j. */
export interface NumericBlock {
  X: Float32Array | Float64Array;
  /** Rows in this block. */
  n: number;
  /** Dataset row index (0-based, file order) of the block's first row. */
  start: number;
}

/**
 * Streams `columns` of `from` (an engine relation) in file order as row-major float32 blocks of up to
 * `blockRows` rows: `SELECT c1::DOUBLE, c2::DOUBLE, … FROM from`, read chunk by chunk from DuckDB's double
 * vectors (streamDoubles; NULLs become NaN so rows stay aligned). Float32 is
 * what tree models compare against (XGBoost's DMatrix stores float32). Booleans become 0/1. Only one
 * block (blockRows × columns × 4 bytes) is filled at a time; each block has its own X, which `onBlock` may
 * keep. `onBlock` may be async (e.g. to write output). With `shared`, X lives in a SharedArrayBuffer, so
 * worker threads can read it without a copy (model prediction, see models/predictBlocks.ts). With `exprs`
 * (one trusted SQL expression per column, e.g. models/featureSql.ts's category indices) those are read instead;
 * with `float64` the blocks are Float64Array (models that compute in float64, such as linear models).
 * Returns the number of rows read.
 */
export async function readNumericRows(
  engine: Engine,
  from: string,
  columns: readonly string[],
  blockRows: number,
  onBlock: (block: NumericBlock) => void | Promise<void>,
  options: RunOptions & { shared?: boolean; exprs?: readonly string[] | undefined; float64?: boolean | undefined } = {},
): Promise<number> {
  const f = columns.length;
  const bytes = options.float64 ? 8 : 4;
  const buffer = (): ArrayBufferLike => (options.shared ? new SharedArrayBuffer(blockRows * f * bytes) : new ArrayBuffer(blockRows * f * bytes));
  const allocate = (): Float32Array | Float64Array => (options.float64 ? new Float64Array(buffer()) : new Float32Array(buffer()));
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
  await streamDoubleExprs(engine, from, options.exprs ?? columns.map(quoteIdent), async (cols, rows) => {
    let i = 0;
    while (i < rows) {
      const take = Math.min(rows - i, blockRows - filled);
      for (let j = 0; j < f; j++) {
        const { values, valid } = cols[j]!;
        let o = filled * f + j;
        for (let k = i; k < i + take; k++, o += f) X[o] = isValid(valid, k) ? values[k]! : NaN;
      }
      filled += take;
      i += take;
      if (filled === blockRows) await flush();
    }
  }, options);
  await flush();
  return start;
}
