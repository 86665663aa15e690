import type { ColumnInfo, Dataset } from '../data/dataset';
import { distinctCounts, distinctCountsFromSamples, EXACT_DISTINCT_ROWS, exactDistinctCounts, exactDistinctCountsOfTable, WIDE_COLUMNS, type DistinctCount } from '../data/distinctCount';
import type { Engine, Row, RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import { asExecutor, sourceOf } from '../plan/target';
import { duplicateSamplePlan, estimateDuplicates, type DuplicateEstimate } from './duplicateEstimate';
import { firstPassPlan, firstPassRow, firstPassSamplePlans, isFloating, momentsPlan, smallDomainPlan } from './profileSql';
import { completeStreamed, exactDistinctOfStream, planStream, runStream, type StreamedColumn, type StreamPlan } from './streamedNumeric';
import { columnFromFirstPass, columnIssues, isTextType, num } from './firstPassColumns';
import { QUANTILE_RANK_ERROR, secondPass } from './secondPass';
import type { ColumnProfile, DatasetProfile } from './types';
import { InputError, isInputError } from '../errors';
import { profileInColumnBatches, profilesInBatches } from './wideProfile';
import { ConcurrentJobs } from './concurrent';
import { distinctAsDouble, distinctOfSorted, firstPassOf, readSorted, usesSortedValues, type SortedValues } from './sortedValues';
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

/**
 * Up to this many rows, distinct counts (count DISTINCT) and quantiles (quantile_cont) are exact. Above it,
 * columns with more than 16,384 distinct values get a hash-sampled distinct estimate (data/distinctCount.ts)
 * and, if numeric with more than VALUE_COUNT_LIMIT, estimated quantiles with a stated rank bound (the embedded
 * engine: from fine bins, fineBins.ts; other engines: their sketch, approx_quantile), which keep a 1M-row profile
 * near the cost of a few scans; the CLI's `--exact` lifts the limit.
 */
export const DEFAULT_EXACT_ROW_LIMIT = EXACT_DISTINCT_ROWS;

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
  let streamed: Map<number, StreamedColumn> | undefined;
  let plan: StreamPlan | undefined;
  if (withSamples) {
    // Numeric columns with finite extremes in the Parquet footer: read once as doubles beside the first pass (streamedNumeric.ts).
    const p = (plan = await planStream(exec, source, ds.columns, { signal: options.signal }));
    // Progress from the stream when there is one (it ends last: 10M × 20 Parquet, 9.9 s against the first pass's 6.4), else the first pass.
    const streaming = p.streamed.size ? jobs.start((signal) => runStream(exec, source, ds.columns, p, bins, { signal, rows: ds.rows, ...(firstProgress ? { onProgress: firstProgress } : {}) })) : undefined;
    const { plans, index } = firstPassSamplePlans(source, ds.columns, new Set(p.streamed.keys()));
    first = firstPassRow(await exec.runAll(plans, { signal: options.signal, ...(firstProgress && !streaming ? { onProgress: firstProgress } : {}) }), index);
    if (streaming) streamed = await completeStreamed(exec, source, ds.columns, first, p, await streaming, jobs.signal);
  }
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
  // Small samples are counted exactly: from a streamed column's fine bins where each holds one value, else by count(DISTINCT).
  const known = (k: number) => exactDistinctOfStream(streamed?.get(k), plan?.streamed.get(k) === true);
  const countExactly = async (small: readonly number[]) => {
    const rest = small.filter((k) => known(k) === undefined);
    const counted = await exactDistinctCounts(exec, source, rest.map((k) => names[k]!), { signal: jobs.signal });
    return small.map((k) => known(k) ?? counted[rest.indexOf(k)]!);
  };
  const sampledCounts = () => distinctCountsFromSamples(names.map((_n, i) => num(first[`c${i}_sample`]) ?? 0), countExactly);
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

  await secondPass({ exec, source, ds, columns, rows, bins, exact, binned, sortedQuantiles, quantilesExact, fromValues, held, tops, jobs, concurrent, options, streamed });
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
