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
import { identicalBuckets, identicalColumns, scanGrids } from './gridScan';
import { readGridValues, valuesToRead } from './gridValues';
import type { NumericGrid } from './numericGrid';
import { bucketsToRead } from './bucketCollector';
import { withRuns } from './bucketRuns';
import { mapLimit } from '../data/mapLimit';
import type { ColumnDetails, ColumnDrift, DatasetDriftSummary } from './driftReport';
import { scanSide, type ColumnScan, type DriftSide } from './driftSide';
import { isDrifted } from './isDrifted';
import { countValues, pullNumeric } from './pullSamples';
import type { DriftSample } from './types';

export { bucketBatchLimit, bucketGroupLimit, readStats } from './gridValues';

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
  scans: { reference?: ColumnScan[]; current?: ColumnScan[]; useCachedCounts?: boolean; releaseGrids?: boolean; currentCounts?: ReadonlyMap<string, Map<string, number>>; gridSamples?: ReadonlyMap<ColumnPlan, [DriftSample, DriftSample]> } = {}, options: RunOptions = {},
): Promise<SideComparison> {
  const infos = (side: DriftSide) => plans.map((p) => side.columns.find((c) => c.name === p.column)!);
  const rScan = scans.reference ?? (await scanSide(engine, ref, infos(ref), false, options)).columns;
  const cScan = scans.current ?? (await scanSide(engine, cur, infos(cur), false, options)).columns;
  // One column's samples are pulled while the previous column's test runs (DuckDB works on its own threads),
  // and both sides are pulled at once: at most two columns' values are in memory. Columns on grids are tested
  // as their bucket values arrive, slice by slice (gridValues.ts), and their values dropped.
  // Grid samples given by the caller (every time window's, from windowGrids.ts) are not computed again.
  const given = scans.gridSamples;
  const index = new Map(plans.map((p, i) => [p, i]));
  const tested = new Map<ColumnPlan, ColumnDrift>();
  await compareOnGrids(engine, ref, cur, given ? plans.filter((p) => !given.has(p)) : plans, scans.useCachedCounts === true, scans.releaseGrids === true, options, (p, [a, b]) => {
    tested.set(p, columnResult(index.get(p)!, p, a, b));
  });
  const pull = async (p: ColumnPlan): Promise<[DriftSample, DriftSample]> => {
    const g = given?.get(p);
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
  function columnResult(i: number, p: ColumnPlan, a: DriftSample, b: DriftSample): ColumnDrift {
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
    return runOne(p, a, b, details, seed);
  }
  const pending = plans.filter((p) => !tested.has(p));
  let next = pending.length ? pull(pending[0]!) : undefined;
  let j = 0;
  const out = plans.map((p) => tested.get(p));
  for (const [i, p] of plans.entries()) {
    if (out[i]) continue;
    const [a, b] = await next!;
    next = ++j < pending.length ? pull(pending[j]!) : undefined;
    // A failed prefetch must not surface as an unhandled rejection if this column's test throws first.
    next?.catch(() => undefined);
    out[i] = columnResult(i, p, a, b);
  }
  const columns = out.map((c) => c!);
  const features = columns.filter((c, i) => plans[i]!.role === 'feature' && !c.details.error);
  // Every feature column failed (e.g. a window without values): nothing was tested, so nothing drifted.
  const d = features.length ? datasetDrift(features.map((c) => c.drifted), driftShare) : { driftedColumns: 0, totalColumns: 0, share: 0, driftShare, datasetDrift: false };
  const result: SideComparison = {
    columns: columns.filter((_c, i) => plans[i]!.role === 'feature'),
    dataset: { driftedColumns: d.driftedColumns, totalColumns: d.totalColumns, share: d.share, driftShare: d.driftShare, drifted: d.datasetDrift },
  };
  const target = columns.find((_c, i) => plans[i]!.role === 'target');
  const prediction = columns.find((_c, i) => plans[i]!.role === 'prediction');
  if (target) result.target = target;
  if (prediction) result.prediction = prediction;
  return result;
}

/**
 * Grid samples of every plan whose test takes grids, with the values of the buckets each test asked for, handed
 * to `consume` slice by slice (gridValues.ts: the values of a slice are dropped once consumed). With `release`
 * (no time window follows), a plan's grids are dropped once consumed too: 6,000 columns' grids took 614 MB.
 * The reference grids are the plan's (the same reference side); the current ones too at the top level
 * (`cached`), else one streamed pass over the current side (a time window) builds them on the reference's
 * grid.
 */
async function compareOnGrids(engine: Engine | PlanExecutor, ref: DriftSide, cur: DriftSide, plans: readonly ColumnPlan[], cached: boolean, release: boolean, options: RunOptions, consume: (p: ColumnPlan, samples: [DriftSample, DriftSample]) => void): Promise<void> {
  const on = plans.filter((p) => p.grids && p.test.gridBuckets);
  if (!on.length) return;
  const refGrids: (NumericGrid | undefined)[] = on.map((p) => p.grids!.reference);
  const curGrids: (NumericGrid | undefined)[] = cached ? on.map((p) => p.grids!.current) : await scanGrids(engine, cur.source, on.map((p, k) => ({ column: p.column, lo: refGrids[k]!.lo, hi: refGrids[k]!.hi, bins: refGrids[k]!.bins })), options);
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
  const cols = on.map((p, k) => (areas[k] ? undefined : { column: p.column, r: refGrids[k]!, c: curGrids[k]!, buckets: need[k]! }));
  await readGridValues(engine, ref, cur, cols, options, (k, v) => {
    const rg = v instanceof Map ? { ...refGrids[k]!, steps: v } : v ? withRuns(refGrids[k]!, v[0]) : refGrids[k]!;
    const cg = v instanceof Map ? { ...curGrids[k]!, steps: v } : v ? withRuns(curGrids[k]!, v[1]) : curGrids[k]!;
    consume(on[k]!, [{ kind: 'grid', grid: rg }, { kind: 'grid', grid: cg }]);
    if (release) [on[k]!.grids, refGrids[k], curGrids[k]] = [undefined, undefined, undefined];
  });
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

/** Above this many values to read again for one column, identical buckets are looked for first. */
const IDENTICAL_CHECK_VALUES = 50_000;

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
