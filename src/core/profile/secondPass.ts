import type { ColumnInfo, Dataset } from '../data/dataset';
import type { PlanExecutor } from '../plan/executor';
import type { AggregatePlan, PlanRow, Source } from '../plan/plan';
import type { ConcurrentJobs } from './concurrent';
import { binsFromFine, fineBinsPlan, histogramFromFineRows, quantilesFromBins, refineBins, runFineBins, type BinnedColumn, type FineRows } from './fineBins';
import { approxQuantilesPlan, num, setQuantiles } from './firstPassColumns';
import type { ProfileOptions } from './profileDataset';
import { exactQuantilesPlan, histogramEdges, histogramExactPlan, histogramNeedsExact, histogramPlan, topValuesPlan, valueCountsPlan, type HistogramSpec } from './profileSql';
import { summaryOf, zeroSignsUnsure, type SortedValues } from './sortedValues';
import { valueCountsOfBins, type StreamedColumn } from './streamedNumeric';
import type { TopAndDistinct } from './topDistinct';
import { QUANTILE_KEYS, QUANTILE_LEVELS, type ColumnProfile, type QuantileKey } from './types';
import { histogramFromCounts, quantilesFromCounts, valueCounts } from './valueCounts';

/** Columns per streamed batch when `onColumns` is given (without it, the second pass runs as one batch). */
export const STREAM_COLUMNS = 250;

/**
 * Above the exact-size limit, a numeric column with at most this many distinct values (the first pass's
 * estimate) gets exact quantiles and histogram from its value counts instead of t-digest, which interpolates
 * between values (an integer column's p25 of 24.48) and varies from run to run.
 */
export const VALUE_COUNT_LIMIT = 10_000;

/**
 * The stated rank error of DuckDB's approx_quantile (t-digest): each estimate lies between the exact quantiles
 * at level ± 0.005. Measured worst case 0.0010 over normal, log-normal, uniform, heavy-tailed mixture and integer
 * columns of 200k and 1M rows, three runs each. The profile uses it only where fine bins cannot span a column's
 * range (finite values beyond ±1e308 apart). Other engines' sketches state their own error (their
 * documentation), so none is claimed for them here.
 */
export const QUANTILE_RANK_ERROR: ReadonlyMap<string, number> = new Map([['duckdb', 0.005]]);

/** What the first pass left for the second (profileDataset.ts's profileTable). */
export interface SecondPassInput {
  exec: PlanExecutor;
  source: Source;
  ds: Dataset;
  /** The columns from the first pass, completed here in place. */
  columns: ColumnProfile[];
  rows: number;
  bins: number;
  exact: boolean;
  /** Quantiles from fine bins (above the limit, the embedded engine). */
  binned: boolean;
  /** Quantiles by one sketch plan per column (engines whose quantiles sort, above the limit). */
  sortedQuantiles: boolean;
  quantilesExact: boolean;
  /** Columns of this type have their sorted values in `held`. */
  fromValues: (type: string) => boolean;
  /** Sorted values by column index (the wide profile's batches); cleared once used. */
  held: Map<number, SortedValues>;
  /** Top values and distinct counts already read, by column index. */
  tops: ReadonlyMap<number, TopAndDistinct>;
  jobs: ConcurrentJobs;
  /** Statements may run beside each other (the embedded engine, not a wide table). */
  concurrent: boolean;
  options: ProfileOptions;
  /** Numeric columns read once with the first pass (streamedNumeric.ts): their fine bins, by column index. */
  streamed?: ReadonlyMap<number, StreamedColumn>;
}

/**
 * The second pass: per column, the histogram (equal-width bins, numpy's edge rule), exact quantiles from value
 * counts or estimated ones from fine bins, and top values; in batches of STREAM_COLUMNS columns handed to
 * options.onColumns as each finishes.
 */
export async function secondPass(p: SecondPassInput): Promise<void> {
  const { exec, source, ds, columns, rows, bins, exact, binned, sortedQuantiles, quantilesExact, fromValues, held, tops, jobs, concurrent, options, streamed } = p;
  const progress = options.onProgress;
  const second: AggregatePlan[] = [];
  const secondOf: { col: number; part: 'hist' | 'values' | 'top' | 'q' }[] = [];
  const specs = new Map<number, HistogramSpec>();
  const counted = new Map<number, [number, number][]>();
  const fine = new Map<number, AggregatePlan>();
  // Fine bins already read (streamed with the first pass), by column index.
  const fineRead = new Map<number, StreamedColumn>();
  const streamedOf = (i: number): StreamedColumn | undefined => {
    const s = streamed?.get(i);
    const spec = specs.get(i);
    return s && s.histogram && spec && s.first === spec.first && s.last === spec.last && s.histogram.length === bins ? s : undefined;
  };
  const streamedFine = (i: number): FineRows | undefined => streamedOf(i)?.fine;
  columns.forEach((col, i) => {
    const s = col.numeric;
    if (s && col.kind === 'numeric' && s.min !== null && s.max !== null) {
      const [lo, hi] = s.min === s.max ? [s.min - 0.5, s.max + 0.5] : [s.min, s.max];
      // A range wider than the largest double (−1e300 to 1e300), or a single value so large that ±0.5 does not
      // change it (7e204), has no finite, non-zero bin width: no histogram (numpy's edges would be inf or equal)
      // instead of an error. Found by the dataset property test (issue 17).
      if (!(hi > lo) || !Number.isFinite(hi - lo)) {
        if (binned || sortedQuantiles) { // no fine bins over an infinite range: the engine's sketch
          second.push(approxQuantilesPlan(source, col.name));
          secondOf.push({ col: i, part: 'q' });
        }
        return;
      }
      const spec = { index: i, name: col.name, first: lo, last: hi, edges: histogramEdges(lo, hi, bins) };
      specs.set(i, spec);
      if (fromValues(ds.columns[i]!.type)) {
        // counted with the quantiles from sorted values below
      } else if (!exact && col.distinct <= VALUE_COUNT_LIMIT) {
        // Fine bins of one value each are the value counts (a streamed column's, streamedNumeric.ts).
        const pairs = streamedFine(i) && valueCountsOfBins(streamedFine(i)!);
        counted.set(i, pairs || []);
        if (!pairs) {
          second.push(valueCountsPlan(source, col.name));
          secondOf.push({ col: i, part: 'values' });
        }
      } else if (binned) {
        if (streamedOf(i)) fineRead.set(i, streamedOf(i)!);
        else fine.set(i, fineBinsPlan(source, col.name, lo, hi, bins));
      } else {
        second.push(histogramPlan(source, spec));
        secondOf.push({ col: i, part: 'hist' });
        if (sortedQuantiles) {
          second.push(approxQuantilesPlan(source, col.name));
          secondOf.push({ col: i, part: 'q' });
        }
      }
      s.histogram = { edges: spec.edges, counts: new Array<number>(bins).fill(0) };
    } else if (col.kind !== 'identifier' && col.kind !== 'datetime' && col.missing < rows) {
      const known = tops.get(i)?.top;
      if (known) col.top = known.map((t) => ({ value: t.value, count: t.n, pct: rows ? (100 * t.n) / rows : 0 }));
      else {
        second.push(topValuesPlan(source, col.name, options.topValues ?? 10));
        secondOf.push({ col: i, part: 'top' });
        col.top = [];
      }
    }
  });
  // Quantiles and histograms from sorted values (the wide profile's batches): every column still holding numeric
  // statistics; a zero quantile among zeros of both signs from quantile_cont, whose sign the sorted values cannot tell.
  const unsigned: { index: number; column: ColumnInfo }[] = [];
  for (const [i, values] of held) {
    const s = columns[i]!.numeric;
    if (!s) continue; // a boolean or identifier: no numeric statistics
    const sum = summaryOf(values.sorted, QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]), s.histogram ? specs.get(i)?.edges : undefined);
    s.quantiles = Object.fromEntries(QUANTILE_KEYS.map((key, j) => [key, sum.quantiles[j] ?? null])) as Record<QuantileKey, number | null>;
    if (s.histogram && sum.counts) s.histogram.counts = sum.counts;
    if (zeroSignsUnsure(values.sorted, sum.quantiles)) unsigned.push({ index: i, column: ds.columns[i]! });
  }
  held.clear();
  if (unsigned.length) {
    const r = (await exec.run(exactQuantilesPlan(source, unsigned), { signal: options.signal }))[0] ?? {};
    for (const { index } of unsigned) setQuantiles(columns[index]!.numeric!, (Array.isArray(r[`c${index}_q`]) ? (r[`c${index}_q`] as unknown[]) : []).map(num), 0);
  }
  const step = options.onColumns ? STREAM_COLUMNS : Math.max(1, columns.length);
  for (let lo = 0, k0 = 0; lo < columns.length; lo += step) {
    const hi = Math.min(columns.length, lo + step);
    let k1 = k0;
    while (k1 < second.length && secondOf[k1]!.col < hi) k1++;
    const fineHere = [...fine.keys()].filter((i) => i >= lo && i < hi);
    const fineKnown = [...fineRead.keys()].filter((i) => i >= lo && i < hi);
    // Beside each other on the embedded engine: the fine bins are materialised, not streamed (a streamed
    // statement beside another one hung DuckDB at 10M rows, 2 threads).
    const secondPass = (signal: AbortSignal) => (k1 > k0 ? exec.runAll(second.slice(k0, k1), { signal, onProgress: progress && ((f) => progress(0.8 + (0.2 * (lo + f * (hi - lo))) / columns.length)) }) : Promise.resolve([]));
    const fineBins = (signal: AbortSignal) => (fineHere.length ? runFineBins(exec, fineHere.map((i) => fine.get(i)!), { signal }) : Promise.resolve([]));
    const [results, fineRows] = concurrent ? await Promise.all([jobs.start(secondPass), jobs.start(fineBins)]) : [await secondPass(jobs.signal), await fineBins(jobs.signal)];
    const rowsOut = results.flatMap((rs, k) => rs.map((r): PlanRow => ({ ...r, col: secondOf[k0 + k]!.col, part: secondOf[k0 + k]!.part })));
    // Columns where numpy's edge correction moves a value are counted again with the exact rule.
    const exactAgain = new Set<number>();
    for (const r of rowsOut) {
      const i = num(r['col']) ?? -1;
      const col = columns[i];
      if (!col) continue;
      const n = num(r['n']) ?? 0;
      const bin = num(r['bin']) ?? -1;
      const spec = specs.get(i);
      if (r['part'] === 'hist' && col.numeric?.histogram && spec) {
        if (histogramNeedsExact(spec.edges, bin, num(r['lo']) ?? NaN, num(r['hi']) ?? NaN)) exactAgain.add(i);
        else col.numeric.histogram.counts[bin]! += n;
      } else if (r['part'] === 'values') counted.get(i)?.push([num(r['v']) ?? NaN, n]);
      else if (r['part'] === 'q' && col.numeric) setQuantiles(col.numeric, (Array.isArray(r['q']) ? r['q'] : []).map(num), quantilesExact ? 0 : QUANTILE_RANK_ERROR.get(exec.engine.name));
      else if (r['part'] === 'top' && col.top) col.top.push({ value: String(r['value']), count: n, pct: rows ? (100 * n) / rows : 0 });
    }
    for (const [i, pairs] of counted) {
      if (i < lo || i >= hi) continue; // another batch's column
      const s = columns[i]!.numeric!;
      const vc = valueCounts(pairs);
      const q = quantilesFromCounts(vc, QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]));
      s.quantiles = Object.fromEntries(QUANTILE_KEYS.map((k, j) => [k, q[j]!])) as Record<QuantileKey, number | null>;
      s.approximateQuantiles = false;
      delete s.quantileRankError;
      s.histogram!.counts = histogramFromCounts(vc, s.histogram!.edges);
    }
    const binnedCols: (BinnedColumn & { i: number })[] = [];
    const edgePlans: AggregatePlan[] = [];
    const edgeCols: number[] = [];
    const fineOf = new Map<number, FineRows>(fineHere.map((i, k) => [i, fineRows[k]!]));
    for (const i of fineKnown) fineOf.set(i, fineRead.get(i)!.fine);
    [...fineOf.keys()].sort((a, b) => a - b).forEach((i) => {
      const rowsOfBins = fineOf.get(i)!;
      // A streamed column's histogram: its values near an edge counted one by one by numpy's rule (numericStream.ts).
      const read = fineRead.get(i);
      const h = read?.histogram ? { counts: [...read.histogram], unsure: read.unsure ?? [] } : histogramFromFineRows(rowsOfBins, specs.get(i)!.edges);
      columns[i]!.numeric!.histogram!.counts = h.counts;
      if (h.unsure.length) {
        edgePlans.push(histogramExactPlan(source, specs.get(i)!, h.unsure));
        edgeCols.push(i);
      }
      binnedCols.push({ i, name: columns[i]!.name, bins: binsFromFine(rowsOfBins) });
    });
    if (binnedCols.length) {
      const levels = QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]);
      // The histogram's edge counts and the quantiles' refinement read different things: at once where allowed.
      const edges = (signal: AbortSignal) => (edgePlans.length ? exec.runAll(edgePlans, { signal }) : Promise.resolve([]));
      const refine = (signal: AbortSignal) => refineBins(exec, source, binnedCols, levels, { signal });
      const [edgeRows] = concurrent ? await Promise.all([jobs.start(edges), jobs.start(refine)]) : [await edges(jobs.signal), await refine(jobs.signal)];
      edgeCols.forEach((i, k) => {
        const counts = columns[i]!.numeric!.histogram!.counts;
        for (const r of edgeRows[k]!) counts[num(r['bin']) ?? 0]! += num(r['n']) ?? 0;
      });
      for (const c of binnedCols) {
        const q = quantilesFromBins(c.bins, levels, Infinity);
        setQuantiles(columns[c.i]!.numeric!, q.values, Math.max(0, ...q.errors));
      }
    }
    if (exactAgain.size) {
      const ids = [...exactAgain];
      const again = await exec.runAll(ids.map((i) => histogramExactPlan(source, specs.get(i)!)), { signal: options.signal });
      ids.forEach((i, k) => {
        const counts = columns[i]!.numeric!.histogram!.counts;
        counts.fill(0);
        for (const r of again[k]!) counts[num(r['bin']) ?? 0]! += num(r['n']) ?? 0;
      });
    }
    for (const col of columns.slice(lo, hi)) col.top?.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    options.onColumns?.(columns.slice(lo, hi), lo);
    k0 = k1;
  }
}
