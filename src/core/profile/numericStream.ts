import type { RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import { cast, col } from '../plan/expr';
import type { Source } from '../plan/plan';
import { FINE_PER_BIN, type FineRows } from './fineBins';
import { histogramEdges, histogramNeedsExact } from './profileSql';

/** A numeric column to read: its name and the histogram's range. */
export interface StreamTarget {
  name: string;
  /** The histogram's range (histogramRange of the footer's extremes). */
  first: number;
  last: number;
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
  /**
   * numpy.histogram's counts over histogramEdges(first, last, bins) (histogramExactPlan's rule) but for the values in
   * `unsure` (ranges of fine bins across an edge, counted by the SQL edge pass); undefined without fine bins.
   */
  histogram?: number[];
  unsure?: { lo: number; hi: number }[];
}

/**
 * Reads the columns once, as doubles, and returns per column what the profile's first pass, fine bins, edge
 * counts and distinct samples computed from it in SQL, by the same rules:
 * - fine bin f = min(trunc((v − first)·k/(last − first)), k − 1) with its count, smallest and largest value
 *   (fineBinsPlan), k = bins·FINE_PER_BIN;
 * - the histogram: fine bins inside a histogram bin whole (histogramFromFineRows' rule), values in fine bins at a
 *   bin's ends by numpy's rule one by one (first estimate, then one step down or up by the edges:
 *   histogramExactPlan), so the SQL edge pass is left only ranges of fine bins across an edge away from the ends;
 * - mean and std: of the values less the range's first value (exact where the values are close to each other),
 *   per chunk a two-pass mean and sum of squared deviations, combined by Chan's formula (DuckDB's stddev_samp
 *   combines its partial states so). The last digits differ from DuckDB's order of rows, as its own runs do; where
 *   its plain sums cancel (2^60 + k, k < 1000, as doubles) its std varies from run to run (307–387 over five runs
 *   of 2.4M rows) and this one is the values' own (307.04, numpy 307.30 for uniform k);
 * The distinct-count samples stay in the first pass (DuckDB's hash): taken here from a per-row mask of DuckDB's
 * sample test and a set of the sampled doubles, the 10M × 20 profile's stream cost 8.1–9.5 CPU-s against 5.5–5.8
 * without, more than the first pass's sample branches (2.3 CPU-s, on DuckDB's threads); whole profiles 10.1–11.2
 * against 8.9–10.4 CPU-s (two runs each, load ~5).
 */
export async function streamNumeric(exec: PlanExecutor, source: Source, targets: readonly StreamTarget[], bins: number, options: RunOptions & { rows?: number } = {}): Promise<StreamedColumn[]> {
  const stream = exec.fast.streamDoubles;
  if (!stream) throw new Error("streamNumeric needs the executor's streamDoubles fast path");
  const acc = targets.map((t) => accumulator(t, bins));
  let seen = 0;
  await stream(source, targets.map((t) => cast(col(t.name), 'double')), (chunk, rows) => {
    for (let j = 0; j < targets.length; j++) addChunk(acc[j]!, chunk[j]!.values, chunk[j]!.valid, rows);
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
  /** Sum of the finite values less `shift` (the range's first value when binned, else 0), and the last chunk's. */
  sum: number;
  chunkSum: number;
  shift: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  /** Bits: 1 NaN, 2 +Infinity, 4 −Infinity. */
  kinds: number;
  binned: boolean;
  /** Fine bins (bins × FINE_PER_BIN) and histogram bins, with their scale factors. */
  k: number;
  bins: number;
  scale: number;
  norm: number;
  edges: Float64Array;
  n: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** Fine bins at a histogram bin's ends (near an edge): their values' histogram bins are counted one by one, in hist. */
  near: Uint8Array;
  hist: Float64Array;
}

function accumulator(t: StreamTarget, bins: number): Accumulator {
  const k = bins * FINE_PER_BIN;
  const binned = t.last > t.first && Number.isFinite(t.last - t.first);
  const size = binned ? k : 0;
  const near = new Uint8Array(size);
  for (let f = 0; f < size; f++) near[f] = f % FINE_PER_BIN < 2 || f % FINE_PER_BIN >= FINE_PER_BIN - 2 ? 1 : 0;
  return {
    target: t, nonNull: 0, count: 0, sum: 0, chunkSum: 0, shift: binned ? t.first : 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, kinds: 0,
    binned, k, bins, scale: k / (t.last - t.first), norm: bins / (t.last - t.first),
    edges: Float64Array.from(binned ? histogramEdges(t.first, t.last, bins) : []),
    n: new Float64Array(size),
    lo: new Float64Array(size).fill(Infinity),
    hi: new Float64Array(size).fill(-Infinity),
    near,
    hist: new Float64Array(binned ? bins : 0),
  };
}

/** Non-NULL values of a chunk with NULLs, packed (the loops below then test no validity bit: 21 → 14 ns a value). */
let packed = new Float64Array(2048);

/** Adds a chunk of one column (its values and validity words) to its figures. */
function addChunk(a: Accumulator, values: Float64Array, valid: Uint32Array | null, rows: number): void {
  let xs = values;
  let m = rows;
  if (valid !== null) {
    if (packed.length < rows) packed = new Float64Array(rows);
    m = 0;
    for (let i = 0; i < rows; i++) if (((valid[i >>> 5]! >>> (i & 31)) & 1) === 1) packed[m++] = values[i]!;
    xs = packed;
  }
  a.nonNull += m;
  const count = a.binned ? addBinned(a, xs, m) : addUnbinned(a, xs, m);
  if (count === 0) return;
  // The chunk's mean and squared deviations (a second pass over values in cache), then Chan's combination.
  const mean = a.chunkSum / count;
  const shift = a.shift;
  let m2 = 0;
  for (let i = 0; i < m; i++) {
    const v = xs[i]!;
    if (v - v !== 0) continue;
    const d = v - shift - mean;
    m2 += d * d;
  }
  const total = a.count + count;
  const delta = mean - a.mean;
  a.mean += (delta * count) / total;
  a.m2 += m2 + (delta * delta * a.count * count) / total;
  a.count = total;
  a.sum += a.chunkSum;
}

/**
 * Non-NULL values into the fine bins and their extremes; the histogram bin by numpy's rule only for values in
 * fine bins near an edge (the others' bins follow from their fine bin's lo and hi, histogramOf). Sets chunkSum
 * (of v − first) and returns the finite count. Separate arrays and no Math.min measured 14 ns a value against 21.
 */
function addBinned(a: Accumulator, xs: Float64Array, m: number): number {
  const { first } = a.target;
  const { scale, norm, edges, n, lo, hi, near, hist } = a;
  const k1 = a.k - 1;
  const b1 = a.bins - 1;
  let count = 0;
  let sum = 0;
  let min = a.min;
  let max = a.max;
  for (let i = 0; i < m; i++) {
    const v = xs[i]!;
    if (v - v !== 0) {
      a.kinds |= v !== v ? 1 : v > 0 ? 2 : 4;
      continue;
    }
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    const x = v - first;
    sum += x;
    let f = Math.trunc(x * scale);
    if (f > k1) f = k1;
    n[f]!++;
    if (v < lo[f]!) lo[f] = v;
    if (v > hi[f]!) hi[f] = v;
    if (near[f] === 0) continue;
    let b = Math.trunc(x * norm);
    if (b > b1) b = b1;
    if (v < edges[b]!) b--;
    else if (b < b1 && v >= edges[b + 1]!) b++;
    hist[b]!++;
  }
  a.min = min;
  a.max = max;
  a.chunkSum = sum;
  return count;
}

/** Non-NULL values of a column without fine bins (a range wider than the largest double): count, sum, extremes. */
function addUnbinned(a: Accumulator, xs: Float64Array, m: number): number {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const v = xs[i]!;
    if (v - v !== 0) {
      a.kinds |= v !== v ? 1 : v > 0 ? 2 : 4;
      continue;
    }
    count++;
    sum += v;
    if (v < a.min) a.min = v;
    if (v > a.max) a.max = v;
  }
  a.chunkSum = sum;
  return count;
}

/**
 * The histogram: values near an edge as counted one by one; every other fine bin whole into its histogram bin
 * when its lo and hi are inside that bin's edges (numpy's rule then puts every value of it there, as
 * histogramFromFineRows takes it), else left as a range to count exactly (`unsure`: the SQL edge pass).
 */
function histogramOf(a: Accumulator): { counts: number[]; unsure: { lo: number; hi: number }[] } {
  const counts = Array.from(a.hist);
  const unsure: { lo: number; hi: number }[] = [];
  const edges = Array.from(a.edges);
  for (let f = 0; f < a.n.length; f++) {
    if (a.n[f] === 0 || a.near[f] === 1) continue;
    const c = Math.floor(f / FINE_PER_BIN);
    if (!histogramNeedsExact(edges, c, a.lo[f]!, a.hi[f]!)) counts[c]! += a.n[f]!;
    else unsure.push({ lo: a.lo[f]!, hi: a.hi[f]! });
  }
  return { counts, unsure };
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
  const h = a.binned ? histogramOf(a) : undefined;
  return {
    nonNull: a.nonNull,
    finite: c,
    min: c > 0 ? a.min : null,
    max: c > 0 ? a.max : null,
    mean: c > 0 ? a.shift + a.sum / c : null,
    std: c > 1 ? Math.sqrt(a.m2 / (c - 1)) : null,
    nonFiniteKinds: [1, 2, 4].filter((b) => (a.kinds & b) !== 0).length,
    first: a.target.first,
    last: a.target.last,
    fine,
    ...(h ? { histogram: h.counts, unsure: h.unsure } : {}),
  };
}
