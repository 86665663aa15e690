import type { RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import { add, and, cast, col, hashSample, int, notNull, when, type Expr } from '../plan/expr';
import type { Source } from '../plan/plan';
import { DISTINCT_SAMPLE_RATE } from '../data/distinctCount';
import { FINE_PER_BIN, type FineRows } from './fineBins';
import { histogramEdges } from './profileSql';

/** A numeric column to read: its name, the histogram's range, and whether its distinct sample is taken here. */
export interface StreamTarget {
  name: string;
  /** The histogram's range (histogramRange of the footer's extremes). */
  first: number;
  last: number;
  /** Take the distinct-count hash sample here (the column's values stay distinct as doubles). */
  sample: boolean;
}

/** What one read of a numeric column gives (its values cast to DOUBLE, as the SQL passes read them). */
export interface StreamedColumn {
  nonNull: number;
  /** Finite values, and their min and max (null without one). */
  finite: number;
  min: number | null;
  max: number | null;
  /** The finite values' mean and sample std (DuckDB's avg and stddev_samp); null as DuckDB's NULL. */
  mean: number | null;
  std: number | null;
  /** How many of NaN, +Infinity and −Infinity the column holds (0–3). */
  nonFiniteKinds: number;
  first: number;
  last: number;
  /** fineBinsPlan's bins over [first, last], non-empty ones only; empty when the range has no finite, non-zero width. */
  fine: FineRows;
  /** numpy.histogram's counts over histogramEdges(first, last, bins) (histogramExactPlan's rule); undefined without fine bins. */
  histogram?: number[];
  /** count(DISTINCT hash(x)) of the non-NULL values with hash(x) < 2^64 / DISTINCT_SAMPLE_RATE, when `sample` was asked. */
  sample?: number;
}

/** Sampled-column flags per mask column (bit j: the j-th sampled column of that group), exact in a double. */
const MASK_BITS = 30;

/**
 * Reads the columns once, as doubles, and returns per column what the profile's first pass, fine bins, edge
 * counts and distinct samples computed from it in SQL, by the same rules:
 * - fine bin f = min(trunc((v − first)·k/(last − first)), k − 1) with its count, smallest and largest value
 *   (fineBinsPlan), k = bins·FINE_PER_BIN;
 * - the histogram bin by numpy's rule (first estimate, then one step down or up by the edges: histogramExactPlan);
 * - mean and std: of the values less the range's first value (exact where the values are close to each other),
 *   per chunk a two-pass mean and sum of squared deviations, combined by Chan's formula (DuckDB's stddev_samp
 *   combines its partial states so). The last digits differ from DuckDB's order of rows, as its own runs do; where
 *   its plain sums cancel (2^60 + k, k < 1000, as doubles) its std varies from run to run (307–387 over five runs
 *   of 2.4M rows) and this one is the values' own (307.04, numpy 307.30 for uniform k);
 * - the distinct sample: DuckDB computes the sample test (hash(x) < 2^64/rate, x non-NULL) as a bit mask per row,
 *   and the sampled values are counted here: hash is one-to-one on a column's values (murmurhash64 of the bits,
 *   −0 and NaN made one value first, as a JS Set counts them) and so is the cast to DOUBLE on these types, so
 *   the distinct values are the distinct hashes.
 */
export async function streamNumeric(exec: PlanExecutor, source: Source, targets: readonly StreamTarget[], bins: number, options: RunOptions & { rows?: number } = {}): Promise<StreamedColumn[]> {
  const stream = exec.fast.streamDoubles;
  if (!stream) throw new Error("streamNumeric needs the executor's streamDoubles fast path");
  const acc = targets.map((t) => accumulator(t, bins));
  const sampled = targets.flatMap((t, j) => (t.sample ? [j] : []));
  const groups: number[][] = [];
  for (let s = 0; s < sampled.length; s += MASK_BITS) groups.push(sampled.slice(s, s + MASK_BITS));
  const masks: Expr[] = groups.map((g) => g.map((j, b): Expr => when([[and(notNull(col(targets[j]!.name)), hashSample(col(targets[j]!.name), DISTINCT_SAMPLE_RATE)), int(2 ** b)]], int(0))).reduce((a, b) => add(a, b)));
  let seen = 0;
  await stream(source, [...targets.map((t) => cast(col(t.name), 'double')), ...masks], (chunk, rows) => {
    for (let j = 0; j < targets.length; j++) addChunk(acc[j]!, chunk[j]!.values, chunk[j]!.valid, rows);
    groups.forEach((g, m) => {
      const mask = chunk[targets.length + m]!.values;
      for (let i = 0; i < rows; i++) {
        const bits = mask[i]!;
        if (bits === 0) continue;
        for (let b = 0; b < g.length; b++) if ((bits >>> b) & 1) acc[g[b]!]!.values!.add(chunk[g[b]!]!.values[i]!);
      }
    });
    seen += rows;
    if (options.rows) options.onProgress?.(Math.min(1, seen / options.rows));
  }, options);
  return acc.map(resultOf);
}

/** One column's running figures (a plain record read by addChunk: a class with the loop as a method ran ~5× slower). */
interface Accumulator {
  target: StreamTarget;
  nonNull: number;
  count: number;
  sum: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  /** Bits: 1 NaN, 2 +Infinity, 4 −Infinity. */
  kinds: number;
  binned: boolean;
  /** Fine bins per histogram bin × bins, and the scale factors of both binnings. */
  k: number;
  bins: number;
  scale: number;
  norm: number;
  edges: Float64Array;
  n: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  hist: Float64Array;
  values: Set<number> | undefined;
}

function accumulator(t: StreamTarget, bins: number): Accumulator {
  const k = bins * FINE_PER_BIN;
  const binned = t.last > t.first && Number.isFinite(t.last - t.first);
  const size = binned ? k : 0;
  return {
    target: t, nonNull: 0, count: 0, sum: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, kinds: 0,
    binned, k, bins, scale: k / (t.last - t.first), norm: bins / (t.last - t.first),
    edges: Float64Array.from(binned ? histogramEdges(t.first, t.last, bins) : []),
    n: new Float64Array(size),
    lo: new Float64Array(size).fill(Infinity),
    hi: new Float64Array(size).fill(-Infinity),
    hist: new Float64Array(binned ? bins : 0),
    values: t.sample ? new Set<number>() : undefined,
  };
}

/** Adds a chunk of one column (its values and validity words) to its figures. */
function addChunk(a: Accumulator, values: Float64Array, valid: Uint32Array | null, rows: number): void {
  const first = a.target.first;
  const { k, bins, scale, norm, edges, n, lo, hi, hist, binned } = a;
  let count = 0;
  let sum = 0;
  let min = a.min;
  let max = a.max;
  let nonNull = 0;
  let kinds = a.kinds;
  for (let i = 0; i < rows; i++) {
    if (valid !== null && ((valid[i >>> 5]! >>> (i & 31)) & 1) === 0) continue;
    nonNull++;
    const v = values[i]!;
    if (v - v !== 0) {
      kinds |= v !== v ? 1 : v > 0 ? 2 : 4;
      continue;
    }
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (!binned) {
      sum += v;
      continue;
    }
    const x = v - first;
    sum += x;
    const f = Math.min(Math.trunc(x * scale), k - 1);
    n[f]!++;
    if (v < lo[f]!) lo[f] = v;
    if (v > hi[f]!) hi[f] = v;
    let b = Math.min(Math.trunc(x * norm), bins - 1);
    if (v < edges[b]!) b--;
    else if (b < bins - 1 && v >= edges[b + 1]!) b++;
    hist[b]!++;
  }
  a.nonNull += nonNull;
  a.min = min;
  a.max = max;
  a.kinds = kinds;
  if (count === 0) return;
  // The chunk's mean and squared deviations (a second pass over values in cache), then Chan's combination.
  const m = sum / count;
  const shift = binned ? first : 0;
  let m2 = 0;
  for (let i = 0; i < rows; i++) {
    if (valid !== null && ((valid[i >>> 5]! >>> (i & 31)) & 1) === 0) continue;
    const v = values[i]!;
    if (v - v !== 0) continue;
    const d = v - shift - m;
    m2 += d * d;
  }
  const total = a.count + count;
  const delta = m - a.mean;
  a.mean += (delta * count) / total;
  a.m2 += m2 + (delta * delta * a.count * count) / total;
  a.count = total;
  a.sum += sum;
}

function resultOf(a: Accumulator): StreamedColumn {
  const fine: FineRows = { f: [], n: [], lo: [], hi: [] };
  for (let f = 0; f < a.n.length; f++) {
    if (a.n[f] === 0) continue;
    fine.f.push(f);
    fine.n.push(a.n[f]!);
    fine.lo.push(a.lo[f]!);
    fine.hi.push(a.hi[f]!);
  }
  const c = a.count;
  return {
    nonNull: a.nonNull,
    finite: c,
    min: c > 0 ? a.min : null,
    max: c > 0 ? a.max : null,
    mean: c > 0 ? (a.binned ? a.target.first + a.sum / c : a.sum / c) : null,
    std: c > 1 ? Math.sqrt(a.m2 / (c - 1)) : null,
    nonFiniteKinds: [1, 2, 4].filter((b) => (a.kinds & b) !== 0).length,
    first: a.target.first,
    last: a.target.last,
    fine,
    ...(a.binned ? { histogram: Array.from(a.hist) } : {}),
    ...(a.values ? { sample: a.values.size } : {}),
  };
}
