import { cappedTestDetails, setCategoryChanges } from './categoryLists';
import type { Engine, RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import { InputError } from '../errors';
import { mulberry32 } from '../random';
import { categoryChanges } from './categoryChanges';
import type { ColumnPlan } from './columnPlan';
import { datasetDrift } from './datasetDrift';
import { categoryDistribution, gridDistribution, numericDistribution } from './distribution';
import { bucketAreas } from './bucketAreas';
import { asExecutor } from '../plan/target';
import { identicalBuckets, identicalColumns, queryBucketValues, scanBucketValues, scanGrids } from './gridScan';
import { gridCount, type NumericGrid } from './numericGrid';
import { bucketsToRead, GridMismatchError } from './bucketCollector';
import { bucketSteps } from './gridDistance';
import { mapLimit } from '../data/mapLimit';
import type { ColumnDetails, ColumnDrift, DatasetDriftSummary } from './driftReport';
import { scanSide, type ColumnScan, type DriftSide } from './driftSide';
import { isDrifted } from './isDrifted';
import { countValues, pullNumeric } from './pullSamples';
import type { DriftSample } from './types';

export interface SideComparison {
  columns: ColumnDrift[];
  dataset: DatasetDriftSummary;
  target?: ColumnDrift;
  prediction?: ColumnDrift;
}

/**
 * Compares two sides column by column following `plans`: one column's samples are in memory at a time
 * (grids computed by DuckDB for tests that take them, else Float64Array for numeric tests, DuckDB GROUP BY
 * counts otherwise). A column whose test cannot run
 * (InputError, e.g. no finite value in a window) is reported with details.error and left out of the
 * dataset share. Dataset drift counts feature columns only.
 */
export async function compareSides(
  engine: Engine | PlanExecutor, ref: DriftSide, cur: DriftSide, plans: readonly ColumnPlan[], driftShare: number, seed: number,
  scans: { reference?: ColumnScan[]; current?: ColumnScan[]; useCachedCounts?: boolean; currentCounts?: ReadonlyMap<string, Map<string, number>>; gridSamples?: ReadonlyMap<ColumnPlan, [DriftSample, DriftSample]> } = {}, options: RunOptions = {},
): Promise<SideComparison> {
  const infos = (side: DriftSide) => plans.map((p) => side.columns.find((c) => c.name === p.column)!);
  const rScan = scans.reference ?? (await scanSide(engine, ref, infos(ref), false, options)).columns;
  const cScan = scans.current ?? (await scanSide(engine, cur, infos(cur), false, options)).columns;
  // One column's samples are pulled while the previous column's test runs (DuckDB works on its own threads),
  // and both sides are pulled at once: at most two columns' values are in memory.
  // Grid samples given by the caller (every time window's, from windowGrids.ts) are not computed again.
  const given = scans.gridSamples;
  const gridSamples = await compareOnGrids(engine, ref, cur, given ? plans.filter((p) => !given.has(p)) : plans, scans.useCachedCounts === true, options);
  const pull = async (p: ColumnPlan): Promise<[DriftSample, DriftSample]> => {
    const g = gridSamples.get(p) ?? given?.get(p);
    if (g) return g;
    if (p.useCounts) {
      const given = scans.currentCounts?.get(p.column);
      const counts = scans.useCachedCounts && p.counts ? p.counts : given && p.counts ? { reference: p.counts.reference, current: given } : {
        reference: await countValues(engine, ref.source, p.column, p.kind === 'numeric', options),
        current: await countValues(engine, cur.source, p.column, p.kind === 'numeric', options),
      };
      return [{ kind: 'categorical', counts: counts.reference }, { kind: 'categorical', counts: counts.current }];
    }
    const [rv, cv] = await Promise.all([pullNumeric(engine, ref.source, p.column, options), pullNumeric(engine, cur.source, p.column, options)]);
    return [{ kind: 'numeric', values: rv }, { kind: 'numeric', values: cv }];
  };
  const out: ColumnDrift[] = [];
  let next = plans.length ? pull(plans[0]!) : undefined;
  for (const [i, p] of plans.entries()) {
    const [a, b] = await next!;
    next = i + 1 < plans.length ? pull(plans[i + 1]!) : undefined;
    // A failed prefetch must not surface as an unhandled rejection if this column's test throws first.
    next?.catch(() => undefined);
    const rn = rScan[i]!.nonNull;
    const cn = cScan[i]!.nonNull;
    const rRate = ref.rows ? (ref.rows - rn) / ref.rows : 0;
    const cRate = cur.rows ? (cur.rows - cn) / cur.rows : 0;
    const details: ColumnDetails = {
      testSource: p.testSource, thresholdSource: p.thresholdSource, scoreKind: p.test.scoreKind,
      referenceValues: rn, currentValues: cn, referenceMissingRate: rRate, currentMissingRate: cRate, missingRateChange: cRate - rRate,
    };
    if (a.kind === 'categorical' && b.kind === 'categorical') {
      const ch = categoryChanges(a.counts, b.counts, ref.rows - rn, cur.rows - cn);
      setCategoryChanges(details, ch.unseen, ch.vanished);
      details.distribution = categoryDistribution(a.counts, b.counts);
    } else if (a.kind === 'numeric' && b.kind === 'numeric') {
      details.distribution = numericDistribution(a.values, b.values);
    } else if (a.kind === 'grid' && b.kind === 'grid') {
      details.distribution = gridDistribution(a.grid, b.grid);
    }
    out.push(runOne(p, a, b, details, seed));
  }
  const features = out.filter((c, i) => plans[i]!.role === 'feature' && !c.details.error);
  // Every feature column failed (e.g. a window without values): nothing was tested, so nothing drifted.
  const d = features.length ? datasetDrift(features.map((c) => c.drifted), driftShare) : { driftedColumns: 0, totalColumns: 0, share: 0, driftShare, datasetDrift: false };
  const result: SideComparison = {
    columns: out.filter((_c, i) => plans[i]!.role === 'feature'),
    dataset: { driftedColumns: d.driftedColumns, totalColumns: d.totalColumns, share: d.share, driftShare: d.driftShare, drifted: d.datasetDrift },
  };
  const target = out.find((_c, i) => plans[i]!.role === 'target');
  const prediction = out.find((_c, i) => plans[i]!.role === 'prediction');
  if (target) result.target = target;
  if (prediction) result.prediction = prediction;
  return result;
}

/**
 * Grid samples of every plan whose test takes grids, with the values of the buckets each test asked for.
 * The reference grids are the plan's (the same reference side); the current ones too at the top level
 * (`cached`), else one streamed pass over the current side (a time window) builds them on the reference's
 * grid. The bucket values are filtered by DuckDB, column by column.
 */
async function compareOnGrids(engine: Engine | PlanExecutor, ref: DriftSide, cur: DriftSide, plans: readonly ColumnPlan[], cached: boolean, options: RunOptions): Promise<Map<ColumnPlan, [DriftSample, DriftSample]>> {
  const out = new Map<ColumnPlan, [DriftSample, DriftSample]>();
  const on = plans.filter((p) => p.grids && p.test.gridBuckets);
  if (!on.length) return out;
  const refGrids = on.map((p) => p.grids!.reference);
  const curGrids = cached ? on.map((p) => p.grids!.current) : await scanGrids(engine, cur.source, on.map((p, k) => ({ column: p.column, lo: refGrids[k]!.lo, hi: refGrids[k]!.hi, bins: refGrids[k]!.bins })), options);
  // A column with many values to read again and equal sample sizes (a table against an edited copy of itself)
  // is first checked for identical values, as a whole (one query per side for all such columns), then bucket by
  // bucket; identical buckets need no values (identicalColumns, identicalBuckets).
  const suspects = on.flatMap((p, k) => {
    const [r, c] = [refGrids[k]!, curGrids[k]!];
    if (r.finite !== c.finite) return [];
    const first = p.test.gridBuckets!(r, c);
    const toRead = valuesToRead(r, first) + valuesToRead(c, first);
    return identitySuspect(r, c, first, toRead) ? [k] : [];
  });
  const whole = await identicalColumns(engine, ref.source, cur.source, suspects.map((k) => on[k]!.column), options);
  await mapLimit(suspects.map((k, j) => [k, j] as const), 2, async ([k, j]) => {
    const [r, c] = [refGrids[k]!, curGrids[k]!];
    const identical = whole[j] ? new Set(Array.from({ length: r.bins }, (_b, b) => b)) : await identicalBuckets(engine, ref.source, cur.source, on[k]!.column, r, options);
    refGrids[k] = { ...r, identical };
    curGrids[k] = { ...c, identical };
  });
  const need = on.map((p, k) => p.test.gridBuckets!(refGrids[k]!, curGrids[k]!));
  // Only buckets whose values their cells do not determine are read. DuckDB filters each column's wanted
  // values (two columns at a time, both sides at once); a column whose SQL bucket counts disagree with its
  // grid is read again through JavaScript instead.
  // Where the engine can, those buckets are integrated in the database (one row per bucket, bucketAreas.ts).
  const areas = await mapLimit(on.map((_p, k) => k), 2, async (k) => {
    const read = [...new Set([...bucketsToRead(refGrids[k]!, need[k]!), ...bucketsToRead(curGrids[k]!, need[k]!)])].sort((a, b) => a - b);
    return bucketAreas(asExecutor(engine), ref.source, cur.source, on[k]!.column, refGrids[k]!, curGrids[k]!, read, options);
  });
  areas.forEach((a, k) => {
    if (!a) return;
    refGrids[k] = { ...refGrids[k]!, areas: a };
    curGrids[k] = { ...curGrids[k]!, areas: a };
  });
  // Columns whose values fit one batch are read in groups: one streamed pass per side and group over just those
  // columns, every value placed by BucketCollector in JavaScript (scanBucketValues). One filtered statement per
  // column and side cost more: 1,000 × 100k Parquet, 187 statements 9.2 CPU-s against 4 passes 2.1 CPU-s (and
  // DuckDB filtering 64 columns in one statement, 7.5 CPU-s). A group whose counts disagree with its grids
  // (the data changed between two reads) is read column by column below, as before.
  const groupedValues = async (cols: readonly ({ column: string; r: NumericGrid; c: NumericGrid; buckets: readonly number[] } | undefined)[]) => {
    const got = new Map<number, readonly [Map<number, Float64Array>, Map<number, Float64Array>]>();
    if (!asExecutor(engine).fast.streamDoubles || ref.rows + cur.rows > bucketGroupLimit.rows) return got;
    const groups: number[][] = [];
    let size = Infinity;
    for (const [k, x] of cols.entries()) {
      if (!x) continue;
      const n = valuesToRead(x.r, x.buckets) + valuesToRead(x.c, x.buckets);
      if ((!bucketsToRead(x.r, x.buckets).length && !bucketsToRead(x.c, x.buckets).length) || n > bucketBatchLimit.values) continue;
      if (size + n > bucketBatchLimit.values || groups.at(-1)!.length >= bucketGroupLimit.columns) {
        groups.push([]);
        size = 0;
      }
      groups.at(-1)!.push(k);
      size += n;
    }
    for (const group of groups.filter((g) => g.length > 1)) {
      const wanted = (side: 'r' | 'c') => group.map((k) => ({ column: cols[k]!.column, grid: cols[k]![side], buckets: bucketsToRead(cols[k]![side], cols[k]!.buckets) }));
      const [rw, cw] = [wanted('r'), wanted('c')];
      // Only a group whose values disagree with its grids falls back; any other failure (cancel, I/O) is the run's.
      const read = await Promise.all([scanBucketValues(engine, ref.source, rw, options), scanBucketValues(engine, cur.source, cw, options)]).catch((e: unknown) => {
        if (e instanceof GridMismatchError) return undefined;
        throw e;
      });
      if (!read) continue;
      group.forEach((k, j) => {
        readStats.values += valuesToRead(rw[j]!.grid, rw[j]!.buckets) + valuesToRead(cw[j]!.grid, cw[j]!.buckets);
        got.set(k, [read[0][j]!, read[1][j]!] as const);
      });
    }
    return got;
  };
  const read = async (column: string, r: NumericGrid, c: NumericGrid, buckets: readonly number[]) => {
    const rb = bucketsToRead(r, buckets);
    const cb = bucketsToRead(c, buckets);
    const [rv, cv] = await Promise.all([queryBucketValues(engine, ref.source, column, r, rb, options), queryBucketValues(engine, cur.source, column, c, cb, options)]);
    readStats.values += valuesToRead(r, rb) + valuesToRead(c, cb);
    if (rv && cv) return [rv, cv] as const;
    const [[rs], [cs]] = await Promise.all([
      scanBucketValues(engine, ref.source, [{ column, grid: r, buckets: rb }], options),
      scanBucketValues(engine, cur.source, [{ column, grid: c, buckets: cb }], options),
    ]);
    return [rs!, cs!] as const;
  };
  const grouped = await groupedValues(on.map((p, k) => (areas[k] ? undefined : { column: p.column, r: refGrids[k]!, c: curGrids[k]!, buckets: need[k]! })));
  const values = await mapLimit(on.map((_p, k) => k), 2, async (k) => {
    if (areas[k]) return undefined;
    const g = grouped.get(k);
    if (g) return g;
    const [r, c] = [refGrids[k]!, curGrids[k]!];
    const rb = bucketsToRead(r, need[k]!);
    const cb = bucketsToRead(c, need[k]!);
    if (!rb.length && !cb.length) return undefined;
    if (valuesToRead(r, need[k]!) + valuesToRead(c, need[k]!) <= bucketBatchLimit.values) return read(on[k]!.column, r, c, need[k]!);
    // Huge sides (100M rows: most buckets ambiguous on an undrifted column): the buckets in batches of at most
    // bucketBatchLimit values, each batch integrated (bucketSteps, the same numbers) and its values dropped.
    const steps = new Map<number, number>();
    for (const batch of bucketBatches(r, c, need[k]!)) {
      const [rv, cv] = await read(on[k]!.column, r, c, batch);
      bucketBatchLimit.batchesRead++;
      for (const [b, v] of bucketSteps({ ...r, values: rv }, { ...c, values: cv }, new Set(batch))) steps.set(b, v);
    }
    return steps;
  });
  on.forEach((p, k) => {
    const v = values[k];
    const rg = v instanceof Map ? { ...refGrids[k]!, steps: v } : v ? { ...refGrids[k]!, values: v[0] } : refGrids[k]!;
    const cg = v instanceof Map ? { ...curGrids[k]!, steps: v } : v ? { ...curGrids[k]!, values: v[1] } : curGrids[k]!;
    out.set(p, [{ kind: 'grid', grid: rg }, { kind: 'grid', grid: cg }]);
  });
  return out;
}

/**
 * Values of one column's ambiguous buckets read at once, both sides together (~64 MB, twice while DuckDB hands
 * them over). An object so that tests can lower it (and count the batches read in batches).
 */
export const bucketBatchLimit = { values: 8 * 2 ** 20, batchesRead: 0 };

/** Consecutive runs of `buckets` (ascending) holding at most bucketBatchLimit values on both sides (or one bucket). */
function bucketBatches(r: NumericGrid, c: NumericGrid, buckets: readonly number[]): number[][] {
  const out: number[][] = [];
  let batch: number[] = [];
  let size = 0;
  for (const b of buckets) {
    const n = gridCount(r, b) + gridCount(c, b);
    if (batch.length && size + n > bucketBatchLimit.values) {
      out.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(b);
    size += n;
  }
  if (batch.length) out.push(batch);
  return out;
}

function runOne(p: ColumnPlan, a: DriftSample, b: DriftSample, details: ColumnDetails, seed: number): ColumnDrift {
  const base = { column: p.column, kind: p.kind, test: p.test.id, threshold: p.threshold };
  try {
    const r = p.test.run(a, b, { random: mulberry32(seed) });
    if (r.details) details.test = cappedTestDetails(r.details);
    return { ...base, statistic: r.statistic, pValue: r.pValue, score: r.score, drifted: isDrifted(p.test, r.score, p.threshold), details };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    details.error = { code: e.code, message: e.message };
    return { ...base, statistic: null, pValue: null, score: null, drifted: false, details };
  }
}

/** Values of ambiguous buckets read again by compareSides (both sides), for tests and traces. */
export const readStats = { values: 0 };

/**
 * Columns whose ambiguous buckets one streamed pass per side reads at most, and the most rows of both sides
 * together for which they are grouped at all: a pass streams every row of its columns, a filtered statement
 * only the wanted values, so large sides keep one statement per column (10M vs 10M Parquet grouped: CPU
 * 43.2 / 50.6 s against 41.0 / 46.0 s, 7 Dec 00:14 UTC, load 4.3–4.6). An object so that tests can lower it.
 */
export const bucketGroupLimit = { columns: 64, rows: 4_000_000 };

/** Above this many values to read again for one column, identical buckets are looked for first. */
const IDENTICAL_CHECK_VALUES = 50_000;

function valuesToRead(g: NumericGrid, buckets: readonly number[]): number {
  let n = 0;
  for (const b of bucketsToRead(g, buckets)) n += gridCount(g, b);
  return n;
}

/**
 * Whether a column's identity is worth a query: many values to read again, most of them in buckets whose count,
 * minimum and maximum agree on both sides (necessary for identical values). Not the sums: they depend on the
 * order the values arrived in (DuckDB's threads interleave row groups differently on each side and each run), so
 * a column equal value for value differed in the last bits of Σt in 22–30% of its buckets on the benchmark, more
 * on an idle machine — and then was read again value by value (10M against an edited copy: 105.7 CPU-s instead
 * of ~50).
 */
export function identitySuspect(r: NumericGrid, c: NumericGrid, buckets: readonly number[], toRead = valuesToRead(r, buckets) + valuesToRead(c, buckets)): boolean {
  if (toRead < IDENTICAL_CHECK_VALUES) return false;
  return 2 * valuesToRead(r, buckets.filter((b) => sameOrderFreeCells(r, c, b))) >= toRead / 2;
}

/** Whether bucket b has the same count, minimum and maximum on both grids: cells that no summation order changes. */
function sameOrderFreeCells(r: NumericGrid, c: NumericGrid, b: number): boolean {
  const o = 5 * b;
  return r.cells[o] === c.cells[o] && r.cells[o + 3] === c.cells[o + 3] && r.cells[o + 4] === c.cells[o + 4];
}
