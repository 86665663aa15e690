import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { dbl } from './profileSql';

/** Buckets of the fine histogram that locates each order statistic. */
export const FINE_BINS = 4096;

export interface QuantileColumn {
  /** Column name, and the finite range and finite count from the profile's first pass. */
  name: string;
  min: number;
  max: number;
  finite: number;
  /** Finite values per fine bucket (fineBucketSql), FINE_BINS long, and each bucket's smallest and largest value; from the profile's histogram pass. */
  fine: Float64Array;
  fineMin: Float64Array;
  fineMax: Float64Array;
}

/**
 * A numeric column's fine bucket: trunc((x − min) · FINE_BINS / (max − min)), clamped to the last bucket.
 * Monotone in x, so bucket k holds the values between the order statistics its cumulative counts say.
 * Undefined when [min, max] has no width to split (one value, or no finite range).
 */
export function fineBucketSql(name: string, min: number | null, max: number | null): string | undefined {
  if (min === null || max === null || !(max > min) || !Number.isFinite(max - min)) return undefined;
  return `least(trunc((${quoteIdent(name)}::DOUBLE - ${dbl(min)}) * ${dbl(FINE_BINS / (max - min))})::BIGINT, ${FINE_BINS - 1})`;
}

/**
 * Exact quantiles (numpy.quantile's default 'linear' method) of numeric columns without sorting them: the
 * fine histogram of each column (counted in the profile's histogram pass) says which buckets hold the order
 * statistics each level needs; one query reads only those buckets' values (by their value ranges), which are
 * sorted and indexed — a few hundred values per column on 1M rows. Returns, per
 * column, the values at `levels` (null for a column without finite values).
 */
export async function exactQuantiles(engine: Engine, relation: string, columns: readonly QuantileColumn[], levels: readonly number[], options: RunOptions = {}): Promise<(number | null)[][]> {
  const out: (number | null)[][] = columns.map((c) => levels.map(() => (c.finite > 0 && c.min === c.max ? c.min : null)));
  const plans = columns.flatMap((c, i) => {
    const bucket = fineBucketSql(c.name, c.min, c.max);
    if (!bucket || c.finite <= 0) return [];
    const ranks = levels.map((p) => linearIndex(c.finite, p));
    const cum = new Float64Array(FINE_BINS + 1);
    for (let b = 0; b < FINE_BINS; b++) cum[b + 1] = cum[b]! + c.fine[b]!;
    if (cum[FINE_BINS] !== c.finite) throw new Error(`exactQuantiles: '${c.name}' has ${c.finite} finite values but its fine histogram counts ${cum[FINE_BINS]}`);
    const where = (rank: number): number => {
      let lo = 0;
      let hi = FINE_BINS - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid + 1]! > rank) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    // A bucket holding one value (min = max, e.g. an integer column) needs no read.
    const buckets = [...new Set(ranks.flatMap((r) => [where(r.below), where(r.above)]))].filter((b) => c.fineMin[b]! < c.fineMax[b]!).sort((a, b) => a - b);
    return [{ c, i, bucket, ranks, cum, where, buckets }];
  });
  if (!plans.length) return out;
  const reads = plans.filter((p) => p.buckets.length);
  // The bucketing is monotone, so bucket b's values are exactly the values in [its min, its max]: a range
  // filter DuckDB evaluates in the scan, then each value's bucket is the range it fell in.
  const sql = reads.map((p) => {
    const k = plans.indexOf(p);
    const x = `${quoteIdent(p.c.name)}::DOUBLE`;
    const ranges = p.buckets.map((b) => `(${x} BETWEEN ${dbl(p.c.fineMin[b]!)} AND ${dbl(p.c.fineMax[b]!)})`).join(' OR ');
    return `SELECT ${k} AS k, ${x} AS v FROM ${relation} WHERE ${ranges}`;
  }).join('\nUNION ALL\n');
  const values = plans.map(() => new Map<number, number[]>());
  for (const r of reads.length ? await engine.run(sql, options) : []) {
    const k = Number(r['k']);
    const m = values[k]!;
    const v = Number(r['v']);
    const b = plans[k]!.buckets.find((bb) => v >= plans[k]!.c.fineMin[bb]! && v <= plans[k]!.c.fineMax[bb]!)!;
    const list = m.get(b) ?? [];
    list.push(v);
    m.set(b, list);
  }
  plans.forEach(({ c, i, ranks, cum, where }, k) => {
    for (const list of values[k]!.values()) list.sort((a, b) => a - b);
    const at = (rank: number): number => {
      const b = where(rank);
      if (c.fineMin[b] === c.fineMax[b]) return c.fineMin[b]!;
      const v = values[k]!.get(b)?.[rank - cum[b]!];
      if (v === undefined) throw new Error(`exactQuantiles: bucket ${b} of '${c.name}' did not return rank ${rank}; the data changed while it was read`);
      return v;
    };
    out[i] = ranks.map((r) => lerp(at(r.below), at(r.above), r.gamma));
  });
  return out;
}

/**
 * numpy's 'linear' quantile (method 7): virtual index (n − 1)·p computed as numpy does (n·p + (1 − p) − 1),
 * the order statistics just below and above it, and the fraction between them.
 */
function linearIndex(n: number, p: number): { below: number; above: number; gamma: number } {
  const virtual = n * p + (1 + p * (1 - 1 - 1)) - 1;
  const below = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const above = Math.min(below + 1, n - 1);
  return { below, above, gamma: virtual - Math.floor(virtual) };
}

/** numpy's _lerp: a + (b − a)·t, computed from b's side when t ≥ 0.5 (exact at both ends). */
function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}
