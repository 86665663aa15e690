import type { Engine, RunOptions } from '../data/engine';
import { isValid, streamDoubleExprs } from '../data/streamDoubles';

/**
 * Streams several SQL expressions over `from` as float64 columns in file order (NULL → NaN), chunk by chunk
 * from DuckDB's double buffers (streamDoubleExprs): far faster than row objects, and exact (unlike the float32
 * feature reader). `alloc` makes the output arrays (e.g. in SharedArrayBuffers for worker threads). `exprs` are trusted SQL built by the caller with quoteIdent/quoteLiteral.
 */
export async function readDoubles(engine: Engine, from: string, exprs: readonly string[], rows: number, options: RunOptions = {}, alloc: (n: number) => Float64Array = (n) => new Float64Array(n)): Promise<Float64Array[]> {
  if (exprs.length === 0) return [];
  const out = exprs.map(() => alloc(rows));
  let at = 0;
  await streamDoubleExprs(engine, from, exprs, (cols, n) => {
    const take = Math.min(n, rows - at);
    cols.forEach(({ values, valid }, j) => {
      const col = out[j]!;
      // streamDoubles hands a chunk without NULLs (even one DuckDB keeps a full mask for) as valid === null: copied whole.
      if (valid === null) col.set(values.subarray(0, take), at);
      else for (let k = 0; k < take; k++) col[at + k] = isValid(valid, k) ? values[k]! : NaN;
    });
    at += Math.max(take, 0);
  }, options);
  return out.map((c) => c.subarray(0, Math.min(at, rows)));
}
