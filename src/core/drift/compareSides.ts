import type { Engine, RunOptions } from '../data/engine';
import { InputError } from '../errors';
import { mulberry32 } from '../stats/mulberry32';
import { categoryChanges } from './categoryChanges';
import type { ColumnPlan } from './columnPlan';
import { datasetDrift } from './datasetDrift';
import { categoryDistribution, numericDistribution } from './distribution';
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
 * (Float64Array for numeric tests, DuckDB GROUP BY counts otherwise). A column whose test cannot run
 * (InputError, e.g. no finite value in a window) is reported with details.error and left out of the
 * dataset share. Dataset drift counts feature columns only.
 */
export async function compareSides(
  engine: Engine, ref: DriftSide, cur: DriftSide, plans: readonly ColumnPlan[], driftShare: number, seed: number,
  scans: { reference?: ColumnScan[]; current?: ColumnScan[]; useCachedCounts?: boolean } = {}, options: RunOptions = {},
): Promise<SideComparison> {
  const infos = (side: DriftSide) => plans.map((p) => side.columns.find((c) => c.name === p.column)!);
  const rScan = scans.reference ?? (await scanSide(engine, ref, infos(ref), false, options)).columns;
  const cScan = scans.current ?? (await scanSide(engine, cur, infos(cur), false, options)).columns;
  // One column's samples are pulled while the previous column's test runs (DuckDB works on its own threads),
  // and both sides are pulled at once: at most two columns' values are in memory.
  const pull = async (p: ColumnPlan): Promise<[DriftSample, DriftSample]> => {
    if (p.useCounts) {
      const counts = scans.useCachedCounts && p.counts ? p.counts : {
        reference: await countValues(engine, ref.from, p.column, p.kind === 'numeric', options),
        current: await countValues(engine, cur.from, p.column, p.kind === 'numeric', options),
      };
      return [{ kind: 'categorical', counts: counts.reference }, { kind: 'categorical', counts: counts.current }];
    }
    const [rv, cv] = await Promise.all([pullNumeric(engine, ref.from, p.column, options), pullNumeric(engine, cur.from, p.column, options)]);
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
      details.unseenCategories = [...ch.unseen];
      details.vanishedCategories = [...ch.vanished];
      details.distribution = categoryDistribution(a.counts, b.counts);
    } else if (a.kind === 'numeric' && b.kind === 'numeric') {
      details.distribution = numericDistribution(a.values, b.values);
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

function runOne(p: ColumnPlan, a: DriftSample, b: DriftSample, details: ColumnDetails, seed: number): ColumnDrift {
  const base = { column: p.column, kind: p.kind, test: p.test.id, threshold: p.threshold };
  try {
    const r = p.test.run(a, b, { random: mulberry32(seed) });
    if (r.details) details.test = r.details;
    return { ...base, statistic: r.statistic, pValue: r.pValue, score: r.score, drifted: isDrifted(p.test, r.score, p.threshold), details };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    details.error = { code: e.code, message: e.message };
    return { ...base, statistic: null, pValue: null, score: null, drifted: false, details };
  }
}
