import type { DuckDBDoubleVector } from '@duckdb/node-api';
import type { Engine, RunOptions } from '../data/engine';
import { CancelledError } from '../errors';

/**
 * Streams several SQL expressions over `from` as float64 columns in file order (NULL → NaN), chunk by chunk
 * from DuckDB's double vectors: far faster than row objects, and exact (unlike the float32 feature reader).
 * `exprs` are trusted SQL built by the caller with quoteIdent/quoteLiteral.
 */
export async function readDoubles(engine: Engine, from: string, exprs: readonly string[], rows: number, options: RunOptions = {}): Promise<Float64Array[]> {
  if (exprs.length === 0) return [];
  return engine.withConnection(options, async (conn) => {
    const out = exprs.map(() => new Float64Array(rows));
    const result = await conn.stream(`SELECT ${exprs.map((e, j) => `(${e})::DOUBLE AS c${j}`).join(', ')} FROM ${from}`);
    let at = 0;
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError();
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      exprs.forEach((_, j) => {
        const v = chunk.getColumnVector(j) as DuckDBDoubleVector;
        const col = out[j]!;
        for (let k = 0; k < chunk.rowCount && at + k < rows; k++) col[at + k] = v.getItem(k) ?? NaN;
      });
      at += chunk.rowCount;
    }
    return out.map((c) => c.subarray(0, Math.min(at, rows)));
  });
}
