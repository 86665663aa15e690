import type { DuckDBDoubleVector, DuckDBVector } from '@duckdb/node-api';
import { CancelledError } from '../errors';
import { traced, type Engine, type RunOptions } from './engine';
import { admitStream } from './streamMemory';
import { quoteIdent } from './sql';

/** One column of one streamed chunk: DuckDB's own double buffer and its validity bits (null: no NULL). */
export interface DoubleColumnChunk {
  /** Values; an entry whose validity bit is 0 is NULL and its value is meaningless. */
  values: Float64Array;
  /** Bit i of word i >> 5 is row i's validity (DuckDB's mask read as 32-bit words), or null when all rows are valid. */
  valid: Uint32Array | null;
}

/** Whether the first n validity bits are all set. */
export function allValid(valid: Uint32Array, n: number): boolean {
  const full = n >>> 5;
  for (let w = 0; w < full; w++) if (valid[w] !== 0xffffffff) return false;
  const rest = n & 31;
  return rest === 0 || ((valid[full]! | (0xffffffff << rest)) >>> 0) === 0xffffffff;
}

/** Whether row i of a chunk column is non-NULL. */
export function isValid(valid: Uint32Array | null, i: number): boolean {
  return valid === null || ((valid[i >>> 5]! >>> (i & 31)) & 1) === 1;
}

/**
 * Streams `SELECT c1::DOUBLE, c2::DOUBLE, … FROM from` chunk by chunk (2,048 rows; nothing materialised) and
 * hands each chunk's columns to `visit` as views of DuckDB's buffers: no per-value JS object or getItem call,
 * so one pass over many numeric columns costs about as much as DuckDB's own scan. The views are only valid
 * during the call (until a promise it returns settles; the next chunk is fetched after). Cancellable
 * through options.signal between chunks.
 */
export async function streamDoubles(engine: Engine, from: string, columns: readonly string[], visit: (chunk: DoubleColumnChunk[], rows: number) => void | Promise<void>, options: RunOptions = {}): Promise<void> {
  await streamDoubleExprs(engine, from, columns.map(quoteIdent), visit, options);
}

/** streamDoubles over SQL expressions (trusted SQL built by the caller with quoteIdent/quoteLiteral), each cast to DOUBLE. */
export async function streamDoubleExprs(engine: Engine, from: string, exprs: readonly string[], visit: (chunk: DoubleColumnChunk[], rows: number) => void | Promise<void>, options: RunOptions = {}): Promise<void> {
  const select = exprs.length === 0 ? '1 AS dummy' : exprs.map((e, j) => `(${e})::DOUBLE AS c${j}`).join(', ');
  // A stream of thousands of columns waits while others hold the engine's memory (streamMemory.ts).
  const release = await admitStream(engine, exprs.length, options);
  try {
    await streamSelect(engine, select, from, exprs.length, visit, options);
  } finally {
    release();
  }
}

async function streamSelect(engine: Engine, select: string, from: string, width: number, visit: (chunk: DoubleColumnChunk[], rows: number) => void | Promise<void>, options: RunOptions): Promise<void> {
  await engine.withConnection(options, async (conn) => {
    const sql = `SELECT ${select} FROM ${from}`;
    await traced(sql, async () => {
      const result = await conn.stream(sql);
      for (;;) {
        if (options.signal?.aborted) throw new CancelledError();
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = chunk.rowCount;
        const cols = Array.from({ length: width }, (_e, j) => doubleColumn(chunk.getColumnVector(j) as DuckDBDoubleVector, n));
        const pending = visit(cols, n);
        if (pending) await pending;
      }
    });
  });
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The values of a DOUBLE vector without NULLs (a query filtered them out): node-api's own Float64Array (a
 * private field of node-api 1.x, read without a copy) when it is there, else a copy made with getItem.
 */
export function nonNullDoubles(vector: DuckDBVector, n: number): Float64Array {
  const items = (vector as unknown as { items?: unknown }).items;
  return items instanceof Float64Array && items.length === n ? items : Float64Array.from({ length: n }, (_, i) => Number(vector.getItem(i) ?? NaN));
}

/** The vector's Float64Array and validity words (node-api 1.x private fields), or a copy made with getItem. */
function doubleColumn(vector: DuckDBDoubleVector, n: number): DoubleColumnChunk {
  const raw = vector as unknown as { items?: unknown; validity?: { data?: unknown } };
  const items = raw.items;
  const data = raw.validity?.data;
  if (LITTLE_ENDIAN && items instanceof Float64Array && items.length === n && (data === null || data instanceof BigUint64Array)) {
    const valid = data === null ? null : new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
    // DuckDB often keeps a mask with every bit set (a CSV's columns): null then, so visitors take their no-NULL paths.
    return { values: items, valid: valid === null || allValid(valid, n) ? null : valid };
  }
  const values = new Float64Array(n);
  const valid = new Uint32Array(Math.ceil(n / 32));
  for (let i = 0; i < n; i++) {
    const v = vector.getItem(i);
    if (v === null) continue;
    values[i] = v;
    valid[i >>> 5]! |= 1 << (i & 31);
  }
  return { values, valid };
}
