import type { ColumnInfo, DataIssue, Dataset } from '../data/dataset';
import { distinctCounts, distinctCountsFromSamples, EXACT_DISTINCT_ROWS, exactDistinctCounts, exactDistinctCountsOfTable, WIDE_COLUMNS, type DistinctCount } from '../data/distinctCount';
import type { Engine, Row, RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import type { AggregatePlan, PlanRow, Source } from '../plan/plan';
import { cast, col, isFinite } from '../plan/expr';
import { binsFromFine, fineBinsPlan, runFineBins, histogramFromFineRows, quantilesFromBins, refineBins, type BinnedColumn } from './fineBins';
import { asExecutor, sourceOf } from '../plan/target';
import { duplicateSamplePlan, estimateDuplicates, type DuplicateEstimate } from './duplicateEstimate';
import { inferKind } from './inferKind';
import { firstPassPlan, firstPassRow, firstPassSamplePlans, histogramEdges, histogramExactPlan, histogramNeedsExact, histogramPlan, isFloating, momentsPlan, exactQuantilesPlan, NUMERIC_TYPE, smallDomainPlan, TEMPORAL_TYPE, topValuesPlan, valueCountsPlan, type HistogramSpec } from './profileSql';
import { histogramFromCounts, quantilesFromCounts, valueCounts } from './valueCounts';
import { QUANTILE_KEYS, QUANTILE_LEVELS, type ColumnProfile, type DatasetProfile, type NumericSummary, type QuantileKey } from './types';
import { InputError, isInputError } from '../errors';
import { profileInColumnBatches, profilesInBatches } from './wideProfile';
import { ConcurrentJobs } from './concurrent';
import { distinctAsDouble, distinctOfSorted, firstPassOf, readSorted, summaryOf, usesSortedValues, zeroSignsUnsure, type SortedValues } from './sortedValues';
import { readTopAndDistinct, topCountsDistinct, type TopAndDistinct } from './topDistinct';

export interface ProfileOptions extends RunOptions {
  /** Up to this many rows, distinct counts and quantiles are exact; above it, columns with many values get estimates. */
  exactRowLimit?: number;
  histogramBins?: number;
  topValues?: number;
  /**
   * false: the caller uses no dataset-level figure (the viewer's per-column stream), so above the exact-size
   * limit the duplicate estimate's pass is skipped (duplicateRows is then 0 and unflagged; below it is exact).
   */
  duplicates?: boolean;
  /** Columns per engine-table batch for wide files (wideProfile.ts); default from the engine's memory limit. */
  batchColumns?: number;
  /**
   * Streaming (the editor's panel): called with each batch of finished columns, in column order from `start`,
   * while the profile runs. The batches concatenated equal the report's `columns`.
   */
  onColumns?: (columns: readonly ColumnProfile[], start: number) => void;
  /**
   * The wide profile's batch tables (wideProfile.ts): at the exact size, numeric columns' quantiles and
   * histograms from their sorted values read once (sortedValues.ts) instead of quantile_cont and per-column
   * histogram queries; the same numbers.
   */
  sortedValues?: boolean;
}

/** Columns per streamed batch when `onColumns` is given (without it, the second pass runs as one batch). */
export const STREAM_COLUMNS = 250;

/**
 * Up to this many rows, distinct counts (count DISTINCT) and quantiles (quantile_cont) are exact. Above it,
 * columns with more than 16,384 distinct values get a hash-sampled distinct estimate (data/distinctCount.ts)
 * and, if numeric with more than VALUE_COUNT_LIMIT, estimated quantiles with a stated rank bound (the embedded
 * engine: from fine bins, fineBins.ts; other engines: their sketch, approx_quantile), which keep a 1M-row profile
 * near the cost of a few scans; the CLI's `--exact` lifts the limit.
 */
export const DEFAULT_EXACT_ROW_LIMIT = EXACT_DISTINCT_ROWS;

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

/** Columns per first-pass plan on wide tables (more than WIDE_COLUMNS). */
const FIRST_PASS_COLUMNS = 128;

/**
 * Profile an opened dataset in aggregate plans (plan/), so any executor can run it: one aggregate plan over all
 * columns (counts, min/max/mean/std, quantiles, lengths, row hashes; exact distinct counts up to the exact-size
 * limit), above the limit the distinct-count passes (data/distinctCount.ts) and the duplicate-row estimate
 * (duplicateEstimate.ts), then one batch of per-column
 * histograms, value counts and top values (DuckDB: UNION ALLs). Nothing is pulled into JS arrays, so memory does not grow with the number of rows.
 * NaN/±Infinity: excluded from numeric statistics and counted in `nonFinite`; missing = SQL NULL
 * (an empty CSV field).
 */
export async function profileDataset(engine: Engine | PlanExecutor, ds: Dataset, options: ProfileOptions = {}): Promise<DatasetProfile> {
  try {
    return await profileOf(engine, ds, options);
  } catch (e) {
    // The engine's range errors (a column of numbers near the double limit) name no file: say which one.
    if (isInputError(e) && e.code === 'VALUE_OUT_OF_RANGE' && !e.message.includes(ds.path)) throw new InputError(e.code, `${ds.path}: ${e.message}`, { ...e.details, path: ds.path });
    throw e;
  }
}

async function profileOf(engine: Engine | PlanExecutor, ds: Dataset, options: ProfileOptions): Promise<DatasetProfile> {
  const exact = ds.rows <= (options.exactRowLimit ?? DEFAULT_EXACT_ROW_LIMIT);
  const exec0 = asExecutor(engine);
  if (profilesInBatches(exec0, ds, WIDE_COLUMNS)) {
    const stream = options.onColumns;
    return profileInColumnBatches(exec0, ds, { signal: options.signal, onProgress: options.onProgress, exact, duplicates: options.duplicates, batchColumns: options.batchColumns, onColumns: stream }, (batch, run) =>
      profileOf(exec0, batch, { ...options, ...run, duplicates: false, sortedValues: true }));
  }
  const jobs = new ConcurrentJobs(options.signal);
  try {
    return await profileTable(engine, ds, { ...options, signal: jobs.signal }, exact, jobs);
  } catch (e) {
    throw await jobs.failed(e);
  } finally {
    jobs.close();
  }
}

/** profileOf below the column-batch width; statements that may run at once go through `jobs` (its signal is options.signal). */
async function profileTable(engine: Engine | PlanExecutor, ds: Dataset, options: ProfileOptions, exact: boolean, jobs: ConcurrentJobs): Promise<DatasetProfile> {
  const bins = options.histogramBins ?? 20;
  const progress = options.onProgress;
  const exec = asExecutor(engine);
  const source = sourceOf(ds);
  const wide = ds.columns.length > WIDE_COLUMNS;
  // Above the exact-size limit, where the executor reads columns of doubles (the embedded engine), quantiles come from fine bins in the histogram pass (fineBins.ts).
  const binned = !exact && exec.fast.doubleColumns !== undefined;
  // Engines whose quantiles sort (PostgreSQL): above the limit, one plan per column of many values in the second
  // pass, not every column's sort in the first statement at once (distinctBySort).
  const sortedQuantiles = !exact && !binned && exec.dialect.capabilities.distinctBySort === true;
  const names = ds.columns.map((c) => c.name);
  // The embedded engine runs independent statements at once, each on its own connection: the first pass beside
  // the distinct-count samples and the duplicate sample (which also overlaps the second pass), the second pass's
  // value counts and top values beside the fine bins. One statement alone leaves a core idle at its end (a 1M-row
  // Parquet file has 9 row groups for 2 threads) and between statements (JS); the work is the same.
  const concurrent = exec.engine.local && !wide;
  const sampleDuplicates = exact || options.duplicates === false ? undefined : (signal: AbortSignal) => exec.run(duplicateSamplePlan(source, ds.columns), { signal });
  const estimateDistinct = (signal: AbortSignal) => distinctCounts(exec, source, names, { signal });
  const duplicatesStarted = concurrent && sampleDuplicates ? jobs.start(sampleDuplicates) : undefined;
  // Above the limit on Parquet read in place by the embedded engine, the first pass takes the distinct-count samples
  // too, column by column (profileSql.firstPassSamplePlans): one read (decompression) of each column instead of two.
  // Not on an engine table (a loaded CSV), whose columns cost little to read again: there it cost more (1M CSV:
  // 5.01 / 4.83 CPU-s against 4.69 / 4.59).
  const withSamples = concurrent && !exact && binned && ds.columns.length > 0 && (ds.fileScan !== undefined || ds.multiFile !== undefined);
  const distinctStarted = concurrent && !exact && !withSamples ? jobs.start(estimateDistinct) : undefined;
  const embedded = exec.capabilities?.embedded;
  const fromValues = (type: string) => exact && options.sortedValues === true && embedded !== undefined && ds.engineTable === true && usesSortedValues(type);
  const firstQuantiles = !binned && !sortedQuantiles && ((c: ColumnInfo) => !fromValues(c.type));
  // Their min, max, mean, std and finite count come from the sorted values too (sortedValues.firstPassOf), set in `first` below.
  const valuesHeld = (c: ColumnInfo) => fromValues(c.type);
  let first: Row = {};
  const firstProgress = progress && ((f: number) => progress((exact ? 0.8 : 0.6) * f));
  if (withSamples) first = firstPassRow(await exec.runAll(firstPassSamplePlans(source, ds.columns), { signal: options.signal, onProgress: firstProgress }));
  else if (!wide) first = (await exec.run(firstPassPlan(source, ds.columns, exact, undefined, firstQuantiles, valuesHeld), { signal: options.signal, onProgress: firstProgress }))[0] ?? {};
  else {
    // Wide tables: the first pass in column batches (bounded engine memory), distinct counts in long format.
    for (let start = 0; start < ds.columns.length; start += FIRST_PASS_COLUMNS) {
      const plan = firstPassPlan(source, ds.columns.slice(start, start + FIRST_PASS_COLUMNS), exact, { base: start, ...(start === 0 && exact && options.duplicates !== false ? { rowHashOf: ds.columns } : {}) }, firstQuantiles, valuesHeld);
      Object.assign(first, (await exec.run(plan, { signal: options.signal }))[0] ?? {});
      progress?.((0.6 * Math.min(ds.columns.length, start + FIRST_PASS_COLUMNS)) / ds.columns.length);
    }
  }
  const rows = num(first['n']) ?? 0;
  // The wide profile's batches: numeric columns' sorted values, read once (sortedValues.ts): their quantiles and
  // histograms, and (wide tables) the distinct counts of those whose values stay distinct as doubles.
  const sortedIndex = embedded ? ds.columns.flatMap((c, i) => (fromValues(c.type) ? [i] : [])) : [];
  const held = new Map<number, SortedValues>();
  if (embedded && sortedIndex.length) (await readSorted(embedded.db, ds.relation, rows, sortedIndex.map((i) => ds.columns[i]!.name), { signal: options.signal })).forEach((v, k) => held.set(sortedIndex[k]!, v));
  const overflow: { index: number; column: ColumnInfo }[] = [];
  held.forEach((v, i) => {
    const s = firstPassOf(v);
    Object.assign(first, { [`c${i}_min`]: s.min, [`c${i}_max`]: s.max, [`c${i}_mean`]: s.mean, [`c${i}_std`]: s.std });
    if (isFloating(ds.columns[i]!.type)) first[`c${i}_finite`] = s.finite;
    if (s.mean === undefined || s.std === undefined) overflow.push({ index: i, column: ds.columns[i]! });
  });
  if (overflow.length) Object.assign(first, (await exec.run(momentsPlan(source, overflow), { signal: options.signal }))[0] ?? {});
  // Wide batches: text and boolean columns' top values and distinct counts from one GROUP BY each (topDistinct.ts).
  const topIndex = wide && embedded && ds.engineTable === true && exact && options.sortedValues === true ? ds.columns.flatMap((c, i) => (topCountsDistinct(c.type) ? [i] : [])) : [];
  const tops = new Map<number, TopAndDistinct>();
  if (embedded && topIndex.length) (await readTopAndDistinct(embedded.db, ds.relation, topIndex.map((i) => ds.columns[i]!.name), options.topValues ?? 10, { signal: options.signal })).forEach((v, k) => tops.set(topIndex[k]!, v));
  const sampledCounts = () => distinctCountsFromSamples(names.map((_n, i) => num(first[`c${i}_sample`]) ?? 0), (small) => exactDistinctCounts(exec, source, small.map((k) => names[k]!), { signal: jobs.signal }));
  const distinctHeld = (i: number) => tops.has(i) || (wide && held.has(i) && distinctAsDouble(ds.columns[i]!.type));
  const distinctNames = names.filter((_n, i) => !distinctHeld(i));
  const counted0 = exact && !wide
    ? ds.columns.map((_c, i) => ({ value: num(first[`c${i}_distinct`]) ?? 0, relativeError: 0 }))
    : exact ? (await (ds.engineTable && exec.engine.local ? exactDistinctCountsOfTable(exec, source, distinctNames, { signal: options.signal }) : exactDistinctCounts(exec, source, distinctNames, { signal: options.signal }))).map((value) => ({ value, relativeError: 0 })) : withSamples ? await sampledCounts() : await (distinctStarted ?? estimateDistinct(jobs.signal));
  let next = 0;
  const heldDistinct = (i: number): DistinctCount => ({ value: tops.get(i)?.distinct ?? distinctOfSorted(held.get(i)!), relativeError: 0 });
  const distinct: DistinctCount[] = exact && wide ? ds.columns.map((_c, i) => (distinctHeld(i) ? heldDistinct(i) : counted0[next++]!)) : counted0;
  // Text columns with exactly two values: their lower-cased values (boolean detection), not in the first pass.
  const twoValued = ds.columns.flatMap((c, i) => (isTextType(c.type) && Math.min(distinct[i]!.value, num(first[`c${i}_nn`]) ?? 0) === 2 ? [{ index: i, name: c.name }] : []));
  for (let start = 0; start < twoValued.length; start += FIRST_PASS_COLUMNS) {
    Object.assign(first, (await exec.run(smallDomainPlan(source, twoValued.slice(start, start + FIRST_PASS_COLUMNS)), { signal: options.signal }))[0] ?? {});
  }
  progress?.(0.8);
  // PostgreSQL answers the approximate-quantile plan with percentile_cont: exact, so labelled exact.
  const quantilesExact = exact || exec.dialect.capabilities.approxQuantilesExact === true;
  const rankError = quantilesExact ? undefined : QUANTILE_RANK_ERROR.get(exec.engine.name);
  const columns: ColumnProfile[] = ds.columns.map((c, i) => columnFromFirstPass(c.name, c.type, i, first, rows, quantilesExact, distinct[i]!, rankError));

  const second: AggregatePlan[] = [];
  const secondOf: { col: number; part: 'hist' | 'values' | 'top' | 'q' }[] = [];
  const specs = new Map<number, HistogramSpec>();
  const counted = new Map<number, [number, number][]>();
  const fine = new Map<number, AggregatePlan>();
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
        counted.set(i, []);
        second.push(valueCountsPlan(source, col.name));
        secondOf.push({ col: i, part: 'values' });
      } else if (binned) {
        fine.set(i, fineBinsPlan(source, col.name, lo, hi, bins));
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
    fineHere.forEach((i, k) => {
      const h = histogramFromFineRows(fineRows[k]!, specs.get(i)!.edges);
      columns[i]!.numeric!.histogram!.counts = h.counts;
      if (h.unsure.length) {
        edgePlans.push(histogramExactPlan(source, specs.get(i)!, h.unsure));
        edgeCols.push(i);
      }
      binnedCols.push({ i, name: columns[i]!.name, bins: binsFromFine(fineRows[k]!) });
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
  const duplicates: DuplicateEstimate | undefined = sampleDuplicates ? estimateDuplicates(await (duplicatesStarted ?? sampleDuplicates(jobs.signal))) : undefined;
  progress?.(1);
  return {
    path: ds.path,
    format: ds.format,
    rows,
    columnCount: ds.columns.length,
    // An estimate cannot exceed rows − 1 (at least one row is distinct).
    duplicateRows: duplicates ? Math.min(duplicates.value, Math.max(0, rows - 1)) : rows - (num(first['distinct_rows']) ?? rows),
    ...(duplicates ? { duplicateRowsEstimate: { standardError: duplicates.standardError, relativeError: duplicates.relativeError, sampleRate: duplicates.sampleRate } } : {}),
    ...(ds.delimiter ? { delimiter: ds.delimiter } : {}),
    approximate: !exact,
    columns,
    issues: [...ds.issues, ...columnIssues(columns, rows)],
  };
}

export function columnFromFirstPass(name: string, type: string, i: number, r: Row, rows: number, quantilesExact: boolean, d: DistinctCount, rankError: number | undefined): ColumnProfile {
  const g = (s: string) => r[`c${i}_${s}`];
  const nonNull = num(g('nn')) ?? 0;
  const distinct = Math.min(d.value, nonNull); // an estimate can overshoot
  const missing = rows - nonNull;
  const col: ColumnProfile = { name, type, kind: 'categorical', missing, missingPct: rows ? (100 * missing) / rows : 0, distinct, approximateDistinct: d.relativeError > 0, ...(d.relativeError > 0 ? { distinctRelativeError: d.relativeError } : {}) };
  let smallDomain: string[] | undefined;
  if (NUMERIC_TYPE.test(type)) {
    const q = g('q');
    const qs = Array.isArray(q) ? q.map(num) : [];
    const numeric: NumericSummary = {
      min: num(g('min')),
      max: num(g('max')),
      mean: num(g('mean')),
      std: num(g('std')),
      quantiles: Object.fromEntries(QUANTILE_KEYS.map((k, j) => [k, qs[j] ?? null])) as Record<QuantileKey, number | null>,
      approximateQuantiles: !quantilesExact,
      ...(!quantilesExact && rankError !== undefined ? { quantileRankError: rankError } : {}),
      histogram: null,
      nonFinite: g('finite') === undefined ? 0 : nonNull - (num(g('finite')) ?? 0),
    };
    col.numeric = numeric;
    if (distinct === 2) smallDomain = [numeric.min, numeric.max].filter((v) => v !== null).map(String);
  } else if (TEMPORAL_TYPE.test(type)) {
    col.datetime = { min: str(g('tmin')), max: str(g('tmax')) };
  } else if (type.toUpperCase() !== 'BOOLEAN') {
    col.text = { minLength: num(g('lmin')), maxLength: num(g('lmax')), meanLength: num(g('lmean')) };
    if (distinct === 2) smallDomain = [str(g('smin')), str(g('smax'))].filter((v): v is string => v !== null);
  }
  col.kind = inferKind({ name, type, nonNull, distinct, distinctRelativeError: d.relativeError, ...(smallDomain ? { smallDomain } : {}), meanLength: col.text?.meanLength ?? null, spaceShare: num(g('space')) });
  if (col.kind === 'boolean' || col.kind === 'identifier') delete col.numeric;
  if (col.kind !== 'text' && col.kind !== 'identifier') delete col.text;
  return col;
}

export function columnIssues(columns: ColumnProfile[], rows: number): DataIssue[] {
  const out: DataIssue[] = [];
  for (const c of columns) {
    if (c.missing === rows) out.push({ code: 'EMPTY_COLUMN', severity: 'warning', column: c.name, message: `column '${c.name}' is entirely empty (${rows} missing values).` });
    else if (c.distinct === 1) out.push({ code: 'CONSTANT_COLUMN', severity: 'info', column: c.name, message: `column '${c.name}' has a single value; it carries no information for a model.` });
    if (c.numeric && c.numeric.nonFinite > 0) {
      out.push({ code: 'NON_FINITE', severity: 'warning', column: c.name, message: `column '${c.name}': ${c.numeric.nonFinite} NaN or infinite value(s), excluded from its statistics.` });
    }
    if (c.kind === 'text' || c.kind === 'identifier') {
      if (c.distinct > 1000 && c.distinct < 0.98 * (rows - c.missing)) {
        out.push({ code: 'HIGH_CARDINALITY', severity: 'info', column: c.name, message: `column '${c.name}' has ${c.distinct} distinct values; it is treated as ${c.kind}, not as a category.` });
      }
    }
  }
  return out;
}

/** Quantiles above the exact-size limit with their rank bound (0: exact, undefined: the engine's unstated error). */
function setQuantiles(s: NumericSummary, values: readonly (number | null)[], rankError: number | undefined): void {
  s.quantiles = Object.fromEntries(QUANTILE_KEYS.map((k, j) => [k, values[j] ?? null])) as Record<QuantileKey, number | null>;
  s.approximateQuantiles = rankError !== 0;
  if (rankError === undefined || rankError === 0) delete s.quantileRankError;
  else s.quantileRankError = rankError;
}

/** The engine's sketch of a column's finite values (approx_quantile), where fine bins cannot span the range. */
function approxQuantilesPlan(source: Source, name: string): AggregatePlan {
  return { source, derive: [{ name: 'v', expr: cast(col(name), 'double') }], where: isFinite(col('v')), aggregates: [{ name: 'q', agg: { fn: 'quantiles', arg: col('v'), levels: QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]), mode: 'approx' } }] };
}

/** The types columnFromFirstPass profiles as text (neither numeric, temporal nor boolean). */
function isTextType(type: string): boolean {
  return !NUMERIC_TYPE.test(type) && !TEMPORAL_TYPE.test(type) && type.toUpperCase() !== 'BOOLEAN';
}

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isNaN(n) && typeof v !== 'number' ? null : n;
}

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
