import type { DuckDBVector } from '@duckdb/node-api';
import type { Engine, RunOptions } from '../data/engine';
import { doubleLiteral, quoteIdent } from '../data/sql';
import { streamDoubles } from '../data/streamDoubles';
import { BucketCollector, GridBuilder, gridCount, type NumericGrid } from './numericGrid';

/** A column to summarise and the grid to summarise it on. */
export interface GridSpec {
  column: string;
  lo: number;
  hi: number;
  bins: number;
}

/**
 * Grids of several numeric columns of one side in a single streamed pass (streamDoubles): the values go
 * through JavaScript chunk by chunk and are never held, so memory is the grids' (5 doubles per bucket).
 */
export async function scanGrids(engine: Engine, from: string, specs: readonly GridSpec[], options: RunOptions = {}): Promise<NumericGrid[]> {
  const builders = specs.map((s) => new GridBuilder(s.lo, s.hi, s.bins));
  // Values are gathered per column (NULLs left out) and added BATCH at a time: one grid's buckets then stay
  // in cache for the whole batch instead of being evicted by the other columns' every 2,048 rows.
  const buffers = specs.map(() => new Float64Array(BATCH));
  const fill = new Int32Array(specs.length);
  await streamDoubles(engine, from, specs.map((s) => s.column), (cols, n) => {
    for (let j = 0; j < cols.length; j++) {
      const { values, valid } = cols[j]!;
      const buf = buffers[j]!;
      if (fill[j]! + n > BATCH) {
        builders[j]!.add(buf, fill[j]!);
        fill[j] = 0;
      }
      let f = fill[j]!;
      if (valid === null) {
        buf.set(values.subarray(0, n), f);
        f += n;
      } else {
        for (let i = 0; i < n; i++) if (((valid[i >>> 5]! >>> (i & 31)) & 1) === 1) buf[f++] = values[i]!;
      }
      fill[j] = f;
    }
  }, options);
  return builders.map((b, j) => {
    b.add(buffers[j]!, fill[j]!);
    return b.finish();
  });
}

/** Values per column added to its grid at once (512 KB per column). */
const BATCH = 65536;

/**
 * The values of chosen buckets of several columns of one side, in one streamed pass over just those columns
 * (the grids must come from the same data). Columns without buckets are not read.
 */
export async function scanBucketValues(engine: Engine, from: string, wanted: readonly { column: string; grid: NumericGrid; buckets: readonly number[] }[], options: RunOptions = {}): Promise<Map<number, Float64Array>[]> {
  const collectors = wanted.map((w) => new BucketCollector(w.grid, w.buckets));
  const read = collectors.flatMap((c, j) => (c.wanted ? [j] : []));
  await streamDoubles(engine, from, read.map((j) => wanted[j]!.column), (cols, n) => {
    for (let k = 0; k < cols.length; k++) collectors[read[k]!]!.add(cols[k]!.values, n, cols[k]!.valid);
  }, options);
  return collectors.map((c) => c.finish());
}

/** Pooled min and max of a column's finite values over several FROM expressions (±Infinity when there are none). */
export async function finiteRange(engine: Engine, froms: readonly string[], column: string, options: RunOptions = {}): Promise<[number, number]> {
  const x = quoteIdent(column);
  const union = froms.map((f) => `SELECT ${x}::DOUBLE AS x FROM ${f}`).join(' UNION ALL ');
  const r = (await engine.run(`SELECT min(x) AS lo, max(x) AS hi FROM (${union}) WHERE isfinite(x)`, options))[0] ?? {};
  const num = (v: unknown, empty: number) => (v === null || v === undefined ? empty : Number(v));
  return [num(r['lo'], Infinity), num(r['hi'], -Infinity)];
}

/**
 * The same bucket values as scanBucketValues for one column, filtered by DuckDB so only those values reach
 * JavaScript: the bucket index is computed in SQL with gridBucket's double arithmetic (same operations, same
 * rounding) and semi-joined with the wanted ids. Returns undefined if any bucket's count disagrees with the
 * grid (then the caller reads the values with scanBucketValues, which uses gridBucket itself).
 */
export async function queryBucketValues(engine: Engine, from: string, column: string, grid: NumericGrid, buckets: readonly number[], options: RunOptions = {}): Promise<Map<number, Float64Array> | undefined> {
  const wanted = buckets.filter((b) => gridCount(grid, b) > 0);
  if (!wanted.length) return new Map();
  if (!(grid.hi > grid.lo)) return undefined;
  const x = quoteIdent(column);
  const { lo, hi, bins } = grid;
  const L = doubleLiteral(lo);
  const W = doubleLiteral((hi - lo) / bins);
  const scale = doubleLiteral(bins / (hi - lo));
  const last = bins - 1;
  const b0 = `least(greatest(floor((x - ${L}) * ${scale}), 0), ${last})::INTEGER`;
  const b = `CASE WHEN b0 < ${last} AND x >= ${L} + (b0 + 1) * ${W} THEN b0 + 1 WHEN b0 > 0 AND x < ${L} + b0 * ${W} THEN b0 - 1 ELSE b0 END`;
  const ids = wanted.map((k) => `(${k})`).join(', ');
  const sql = `SELECT g.b, g.x FROM (SELECT ${b} AS b, x FROM (SELECT ${b0} AS b0, x FROM (SELECT ${x}::DOUBLE AS x FROM ${from} WHERE ${x} IS NOT NULL AND isfinite(${x}::DOUBLE)))) AS g SEMI JOIN (VALUES ${ids}) AS w(b) ON g.b = w.b`;
  // slot[b]: where bucket b's values go (−1: not wanted); fill[k]: values received for the k-th wanted bucket.
  const slot = new Int32Array(bins).fill(-1);
  wanted.forEach((k, j) => { slot[k] = j; });
  const outs = wanted.map((k) => new Float64Array(gridCount(grid, k)));
  const fill = new Int32Array(wanted.length);
  let ok = true;
  await engine.withConnection(options, async (conn) => {
    const result = await conn.run(sql);
    for (let c = 0; c < result.chunkCount && ok; c++) {
      const chunk = result.getChunk(c);
      const n = chunk.rowCount;
      const bs = int32Items(chunk.getColumnVector(0), n);
      const xs = doubleItems(chunk.getColumnVector(1), n);
      for (let i = 0; i < n; i++) {
        const j = slot[bs[i]!] ?? -1;
        if (j < 0 || fill[j]! >= outs[j]!.length) {
          ok = false;
          break;
        }
        outs[j]![fill[j]!] = xs[i]!;
        fill[j]!++;
      }
    }
  });
  if (!ok || wanted.some((k, j) => fill[j] !== gridCount(grid, k))) return undefined;
  return new Map(wanted.map((k, j) => [k, outs[j]!]));
}

/** A non-NULL INTEGER vector's values (node-api's private `items`), or a copy made with getItem. */
function int32Items(vector: DuckDBVector, n: number): ArrayLike<number> {
  const items = (vector as unknown as { items?: unknown }).items;
  return items instanceof Int32Array && items.length === n ? items : Int32Array.from({ length: n }, (_, i) => Number(vector.getItem(i)));
}

/** A non-NULL DOUBLE vector's values, as int32Items. */
function doubleItems(vector: DuckDBVector, n: number): ArrayLike<number> {
  const items = (vector as unknown as { items?: unknown }).items;
  return items instanceof Float64Array && items.length === n ? items : Float64Array.from({ length: n }, (_, i) => Number(vector.getItem(i)));
}
