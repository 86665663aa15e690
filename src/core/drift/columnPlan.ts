import type { ColumnInfo, DataIssue } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import { InputError } from '../errors';
import { inferKind } from '../profile/inferKind';
import { defaultTest } from './defaultTest';
import type { DriftSettings } from './driftSettings';
import { currentEvidence, NARROW_SIDE_COLUMNS, scanSideInParts, withRanges, type ColumnScan, type DriftSide, type scanSide } from './driftSide';
import { startFromStatistics } from './statsForecast';
import { countValues } from './pullSamples';
import { getDriftTest } from './registry';
import type { CategoryCounts, ColumnKind, DriftTest } from './types';
import { unionSize } from './mergedCounts';
import { mapLimit } from '../data/mapLimit';
import { NUMERIC_TYPE } from '../profile/profileSql';
import { finiteRange, scanGrids, type GridSpec } from './gridScan';
import { canIntegrateBuckets } from './bucketAreas';
import { gridBins, gridRangeOk, type NumericGrid } from './numericGrid';
import { gridDistinct } from './gridSummary';
import { asExecutor } from '../plan/target';
import { own } from '../dict';
import { countColumns, type CountRequest } from './countColumns';

/** Columns whose category counts are queried at once (each column queries both sides). */
const COUNT_QUERIES_IN_FLIGHT = 4;
/** A numeric column with at most this many distinct values on both sides is counted before its test is chosen. */
const FEW_VALUES = 10;
/** Grid buckets at most on engines that integrate ambiguous buckets themselves (bucketAreas.ts): ~2 × 2,560 rows per column. */
const REMOTE_GRID_BINS = 2560;

/** How one column will be compared; decided once on the full reference and current, reused for every window. */
export interface ColumnPlan {
  column: string;
  role: 'feature' | 'target' | 'prediction';
  kind: ColumnKind;
  test: DriftTest;
  threshold: number;
  testSource: 'default' | 'override';
  thresholdSource: 'default' | 'override';
  /** Category counts feed the test (categorical/boolean columns, and numeric columns under a categorical test). */
  useCounts: boolean;
  /** Counts already fetched while planning (reference, current), reused by the top-level comparison. */
  counts?: { reference: CategoryCounts; current: CategoryCounts };
  /**
   * Grids of the whole reference and current on their pooled finite range, when the test takes grids. The
   * reference grid is reused for every time window (a window's values lie in that range).
   */
  grids?: Grids;
}

/** A numeric column's two grids (numericGrid.ts), without bucket values. */
export interface Grids {
  reference: NumericGrid;
  current: NumericGrid;
}

export interface Plan {
  plans: ColumnPlan[];
  skipped: { column: string; reason: string }[];
  issues: DataIssue[];
  reference: ColumnScan[];
  current: ColumnScan[];
}

/**
 * The grid of a numeric column over its pooled finite range [lo, hi] holding `values` values on both sides, or
 * undefined where the range cannot carry one: numericGrids' rule, which drift over time forecasts (gridForecast.ts).
 * Where ambiguous buckets are integrated in the database, a coarser grid (fewer GROUP BY rows over the wire) costs
 * no extra values: each ambiguous bucket comes back as one row whatever it holds.
 */
export function gridSpecOf(exec: PlanExecutor, column: string, lo: number, hi: number, values: number): GridSpec | undefined {
  const bins = canIntegrateBuckets(exec) ? Math.min(gridBins(values), REMOTE_GRID_BINS) : gridBins(values);
  return gridRangeOk(lo, hi, bins) ? { column, lo, hi, bins } : undefined;
}

/**
 * Both sides' grids of every numeric column with values on both sides, over each column's pooled finite
 * range: one streamed pass per side (scanGrids). A column whose range cannot carry a grid (one value, no
 * finite value, a width that overflows) has none. The scans' min/max include NaN/±Infinity; only then is the
 * finite range queried.
 */
async function numericGrids(engine: Engine | PlanExecutor, ref: DriftSide, cur: DriftSide, columns: { column: string; type: string; rs: ColumnScan; cs: ColumnScan }[], options: RunOptions, hooks: PlanHooks): Promise<Map<number, Grids>> {
  const specs: (GridSpec & { index: number })[] = [];
  for (const [index, { column, type, rs, cs }] of columns.entries()) {
    if (!NUMERIC_TYPE.test(type) || rs.nonNull === 0 || cs.nonNull === 0) continue;
    let lo = Math.min(rs.min ?? Infinity, cs.min ?? Infinity);
    let hi = Math.max(rs.max ?? -Infinity, cs.max ?? -Infinity);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = await finiteRange(engine, [ref.source, cur.source], column, options);
    const spec = gridSpecOf(asExecutor(engine), column, lo, hi, rs.nonNull + cs.nonNull);
    if (spec) specs.push({ ...spec, index });
  }
  const [r, c] = hooks.grids ? await hooks.grids(specs) : await Promise.all([scanGrids(engine, ref.source, specs, options), scanGrids(engine, cur.source, specs, options)]);
  return new Map(specs.map((s, k) => [s.index, { reference: r[k]!, current: c[k]! }]));
}

/**
 * Where the plan's inputs come from when the caller has a cheaper way (drift over time: both sides are windows
 * of one file, and windowPasses.ts builds both sides' grids and counts in the passes every window needs anyway).
 * Each must return what the default would: the same grids (specs' order, reference then current) and counts.
 */
export interface PlanHooks {
  grids?(specs: readonly GridSpec[]): Promise<[NumericGrid[], NumericGrid[]]>;
  countBoth?(column: string, numeric: boolean): Promise<{ reference: Map<string, number>; current: Map<string, number> }>;
  /**
   * Both sides' scans of these columns as planColumns' own would give them (the reference's with kind evidence,
   * the current side's with evidence for numeric columns only), or undefined for the default (one scan per side).
   */
  scanBoth?(ref: DriftSide, cur: DriftSide, columns: readonly ColumnInfo[]): Promise<[Awaited<ReturnType<typeof scanSide>>, Awaited<ReturnType<typeof scanSide>>] | undefined>;
  /** Told of the columns countBoth is about to be asked for at once (so that one statement can count them all). */
  prefetchCounts?(requests: readonly CountRequest[]): void;
}

function requireColumn(name: string, side: DriftSide, what: string): void {
  if (!side.columns.some((c) => c.name === name)) {
    const list = side.columns.map((c) => c.name).join(', ');
    throw new InputError('COLUMN_NOT_FOUND', `${what} '${name}' is not a column of ${side.path}; its columns are: ${list}.`, { column: name, path: side.path });
  }
}

export const SKIP_REASON: Partial<Record<string, string>> = {
  identifier: 'identifier (every value distinct): not a distribution to compare',
  text: 'free text: not tested for drift',
  datetime: 'date/time column: not tested for drift (use --time-column for windows)',
};

/**
 * Chooses the columns, their kinds (inferKind on the reference, the profile's rules) and their tests:
 * per-column override, else the global --test where it applies, else defaultTest(kind, reference rows,
 * n_unique of reference ∪ current). Throws InputError 'COLUMN_NOT_FOUND', 'UNKNOWN_TEST', 'TEST_NOT_APPLICABLE'.
 */
export async function planColumns(engine: Engine | PlanExecutor, ref: DriftSide, cur: DriftSide, s: DriftSettings, options: RunOptions = {}, hooks: PlanHooks = {}): Promise<Plan> {
  const named: [string, string][] = [
    ...(s.columns ?? []).map((c): [string, string] => [c, '--columns entry']),
    ...(s.exclude ?? []).map((c): [string, string] => [c, '--exclude entry']),
    ...Object.keys(s.testByColumn ?? {}).map((c): [string, string] => [c, '--test column']),
    ...Object.keys(s.thresholdByColumn ?? {}).map((c): [string, string] => [c, '--threshold column']),
  ];
  if (s.label !== undefined) named.push([s.label, '--label column']);
  if (s.prediction !== undefined) named.push([s.prediction, '--prediction column']);
  for (const [c, what] of named) requireColumn(c, ref, what);
  for (const [c, what] of named) if (!what.startsWith('--exclude')) requireColumn(c, cur, what);
  const globalTest = s.test === undefined ? undefined : getDriftTest(s.test);
  for (const id of Object.values(s.testByColumn ?? {})) getDriftTest(id);

  const skipped: Plan['skipped'] = [];
  const issues: DataIssue[] = [];
  const special = new Set([s.label, s.prediction, s.timeColumn].filter((c): c is string => c !== undefined));
  const features = (s.columns ?? ref.columns.map((c) => c.name)).filter((c) => {
    if (special.has(c)) return false;
    if (s.exclude?.includes(c)) return skipped.push({ column: c, reason: 'excluded (--exclude)' }) < 0;
    if (!cur.columns.some((x) => x.name === c)) {
      issues.push({ code: 'COLUMN_MISSING_IN_CURRENT', severity: 'warning', column: c, message: `column '${c}' is in the reference but not in ${cur.path}; it was not tested.` });
      return false;
    }
    return true;
  });
  if (s.timeColumn !== undefined) skipped.push({ column: s.timeColumn, reason: 'time column (--time-column)' });
  const wanted: { column: string; role: ColumnPlan['role'] }[] = features.map((c) => ({ column: c, role: 'feature' }));
  if (s.label !== undefined) wanted.push({ column: s.label, role: 'target' });
  if (s.prediction !== undefined) wanted.push({ column: s.prediction, role: 'prediction' });

  const info = (side: DriftSide, c: string): ColumnInfo => side.columns.find((x) => x.name === c)!;
  // Both sides are scanned at once, and category counts run a few columns at a time: DuckDB overlaps the
  // scans on its threads. A hook may scan both sides in one pass (drift over time: windowPasses.ts).
  type Scan = Awaited<ReturnType<typeof scanSide>>;
  const whole = await hooks.scanBoth?.(ref, cur, wanted.map((w) => info(ref, w.column)));
  // Two whole relations: the grids' pass starts from the engine's statistics, and the scans leave the numeric
  // ranges to it (statsForecast.ts: checked, the same grids and numbers).
  const fromStats = whole || hooks.grids ? undefined : await startFromStatistics(asExecutor(engine), ref, cur, wanted.map((w) => info(ref, w.column)), options);
  const done = (scan: Scan) => ({ aggregates: scan, complete: async () => scan });
  const scanned = whole ? [done(whole[0]), done(whole[1])] as const : await Promise.all([
    scanSideInParts(engine, ref, wanted.map((w) => info(ref, w.column)), true, options, !fromStats),
    // On the embedded engine, the current side's kind evidence only where the reference column is numeric
    // (driftSide.ts, Evidence). Databases keep the plans of their golden SQL (test/fixtures/warehouse/golden).
    scanSideInParts(engine, cur, wanted.map((w) => info(cur, w.column)), currentEvidence(asExecutor(engine), wanted.map((w) => info(ref, w.column))), options, !fromStats),
  ]);
  // The distinct counts of big sides (only kinds need them) run while the numeric grids are built (Phase 1):
  // the grids' pass keeps one core in JavaScript, the counts take DuckDB's threads.
  const completed = Promise.all([scanned[0].complete(), scanned[1].complete()]);
  completed.catch(() => undefined);
  type Counts = NonNullable<ColumnPlan['counts']>;
  const countBoth = async (column: string, numeric: boolean): Promise<Counts> => {
    if (hooks.countBoth) return hooks.countBoth(column, numeric);
    const [reference, current] = await Promise.all([countValues(engine, ref.source, column, numeric, options), countValues(engine, cur.source, column, numeric, options)]);
    return { reference, current };
  };
  // Many columns' counts at once: grouped statements on the embedded engine (countColumns.ts), the same numbers.
  const countMany = async (wanted: readonly (CountRequest | undefined)[]): Promise<(Counts | undefined)[]> => {
    const asked = wanted.flatMap((w, i) => (w ? [i] : []));
    hooks.prefetchCounts?.(asked.map((i) => wanted[i]!));
    if (hooks.countBoth) return mapLimit(wanted, COUNT_QUERIES_IN_FLIGHT, async (w) => (w ? countBoth(w.column, w.numeric) : undefined));
    const got = await countColumns(asExecutor(engine), [ref.source, cur.source], asked.map((i) => wanted[i]!), Math.max(ref.rows, cur.rows), options);
    const out: (Counts | undefined)[] = wanted.map(() => undefined);
    asked.forEach((i, k) => { out[i] = { reference: got[k]![0]!, current: got[k]![1]! }; });
    return out;
  };

  const kindOf = (column: string, rs: ColumnScan, distinct: number): ReturnType<typeof inferKind> => {
    const type = info(ref, column).type;
    const smallDomain = rs.smallDomain ?? (NUMERIC_TYPE.test(type) && distinct === 2 ? [rs.min, rs.max].filter((v) => v !== null && v !== undefined).map(String) : undefined);
    return inferKind({ name: column, type, nonNull: rs.nonNull, distinct, distinctRelativeError: rs.distinctRelativeError ?? 0, ...(smallDomain ? { smallDomain } : {}), meanLength: rs.meanLength ?? null, spaceShare: rs.spaceShare ?? null });
  };
  // A column that is not numeric has its kind from the scans alone: its counts (Phase 2) start as soon as the scans
  // are complete, while the grid pass streams (1M-row CSVs: ~0.15 s that ran after it). File against file; drift
  // over time counts by window (hooks.countBoth). Narrow sides only: a wide side's count statements beside its
  // grid pass raised the peak (1,000 × 100k Parquet: 1,331 → 1,555 MiB, past drift's 1.5 GiB).
  const textCounts = hooks.countBoth || wanted.length > NARROW_SIDE_COLUMNS ? undefined : completed.then(([refScan, curScan]) => countMany(wanted.map((w, i): CountRequest | undefined => {
    const rs = refScan.columns[i]!;
    if (NUMERIC_TYPE.test(info(ref, w.column).type) || rs.nonNull === 0 || curScan.columns[i]!.nonNull === 0) return undefined;
    const k = kindOf(w.column, rs, rs.distinct ?? 0);
    return k === 'numeric' || k === 'categorical' || k === 'boolean' ? { column: w.column, numeric: k === 'numeric' } : undefined;
  })));
  textCounts?.catch(() => undefined);
  const ranges = await fromStats?.ranges;
  const parts = ranges ? [0, 1].map((k) => ({ aggregates: withRanges(scanned[k]!.aggregates, ranges[k]!) })) : scanned;
  const completing = ranges ? completed.then(([r, c]) => [withRanges(r, ranges[0]), withRanges(c, ranges[1])] as const) : completed;
  const gridHooks: PlanHooks = fromStats ? { ...hooks, grids: (specs) => fromStats.grids(specs) } : hooks;

  // Phase 1: evidence. Numeric columns are summarised on their grid first (the Wasserstein input, and exact
  // distinct counts when there are few values); counts are fetched where the grid cannot tell.
  type Evidence = { w: (typeof wanted)[number]; rs: ColumnScan; cs: ColumnScan; grids?: Grids; counts?: Counts; distinct: number; curDistinct: number };
  const gridsByIndex = await numericGrids(engine, ref, cur, wanted.map((w, i) => ({ column: w.column, type: info(ref, w.column).type, rs: parts[0].aggregates.columns[i]!, cs: parts[1].aggregates.columns[i]! })), options, gridHooks);
  const [refScan, curScan] = await completing;
  const needsCounts = wanted.map((w, i): CountRequest | undefined => {
    const rs = refScan.columns[i]!;
    const cs = curScan.columns[i]!;
    if (!NUMERIC_TYPE.test(info(ref, w.column).type) || rs.nonNull === 0 || cs.nonNull === 0) return undefined;
    const grids = gridsByIndex.get(i);
    const dr = grids ? gridDistinct(grids.reference) : undefined;
    const dc = grids ? gridDistinct(grids.current) : undefined;
    const known = (d: typeof dr) => d !== undefined && (d.exact || d.count > FEW_VALUES);
    return known(dr) && known(dc) ? undefined : { column: w.column, numeric: true };
  });
  const numericCounts = await countMany(needsCounts);
  const evidence = wanted.map((w, i): Evidence => {
    const rs = refScan.columns[i]!;
    const cs = curScan.columns[i]!;
    const base = { w, rs, cs, distinct: rs.distinct ?? 0, curDistinct: cs.distinct ?? 0 };
    if (!NUMERIC_TYPE.test(info(ref, w.column).type) || rs.nonNull === 0 || cs.nonNull === 0) return base;
    const grids = gridsByIndex.get(i);
    const counts = numericCounts[i];
    if (!counts) return { ...base, grids: grids!, distinct: rs.distinct ?? gridDistinct(grids!.reference).count, curDistinct: cs.distinct ?? gridDistinct(grids!.current).count };
    return { ...base, ...(grids ? { grids } : {}), counts, distinct: rs.distinct ?? counts.reference.size, curDistinct: cs.distinct ?? counts.current.size };
  });

  // Phase 2: kinds and skips; categorical and low-cardinality numeric columns need their counts before a test is chosen.
  const candidates: (Evidence & { kind: ColumnKind; early: boolean })[] = [];
  for (const e of evidence) {
    const { w, rs, cs } = e;
    const k = kindOf(w.column, rs, e.distinct);
    if (k !== 'numeric' && k !== 'categorical' && k !== 'boolean') {
      skipped.push({ column: w.column, reason: SKIP_REASON[k] ?? k });
      continue;
    }
    if (rs.nonNull === 0 || cs.nonNull === 0) {
      skipped.push({ column: w.column, reason: `no values in the ${rs.nonNull === 0 ? 'reference' : 'current'} data` });
      continue;
    }
    candidates.push({ ...e, kind: k, early: !e.counts && (k !== 'numeric' || (e.distinct <= FEW_VALUES && e.curDistinct <= FEW_VALUES)) });
  }
  const counted = new Map<string, Counts>();
  (await textCounts)?.forEach((c, i) => { if (c) counted.set(wanted[i]!.column, c); });
  const fetched = await countMany(candidates.map((c) => (c.early && !counted.has(c.w.column) ? { column: c.w.column, numeric: c.kind === 'numeric' } : undefined)));
  const early = candidates.map((c, j) => c.counts ?? counted.get(c.w.column) ?? fetched[j]);

  // Phase 3: tests and thresholds; a distance test on a numeric column that needs counts gets them after.
  const plans: ColumnPlan[] = [];
  const keepRef: ColumnScan[] = [];
  const keepCur: ColumnScan[] = [];
  for (const [j, { w, rs, cs, kind, grids, distinct, curDistinct }] of candidates.entries()) {
    const counts = early[j];
    const nUnique = counts ? unionSize(counts.reference, counts.current) : Math.max(distinct, curDistinct);
    const perColumn = own(s.testByColumn, w.column);
    const globalFits = globalTest !== undefined && globalTest.appliesTo.includes(kind);
    const def = defaultTest(kind, ref.rows, nUnique);
    const test = perColumn !== undefined ? getDriftTest(perColumn) : globalFits ? globalTest : def.test;
    const overridden = perColumn !== undefined || globalFits;
    // The default test applies to what the policy gives it (def.compareAs, by construction in defaultTest.ts).
    if (overridden && !test.appliesTo.includes(kind)) {
      throw new InputError('TEST_NOT_APPLICABLE', `drift test '${test.id}' does not apply to ${kind} column '${w.column}'; it applies to ${test.appliesTo.join('/')} columns.`, { column: w.column, test: test.id, kind });
    }
    const th = own(s.thresholdByColumn, w.column) ?? s.threshold;
    const plan: ColumnPlan = {
      column: w.column, role: w.role, kind, test,
      threshold: th ?? (overridden ? test.defaultThreshold : def.threshold),
      testSource: overridden ? 'override' : 'default',
      thresholdSource: th === undefined ? 'default' : 'override',
      useCounts: overridden ? !(kind === 'numeric' && test.appliesTo.includes('numeric')) : def.compareAs !== 'numeric',
    };
    if (counts) plan.counts = counts;
    if (grids && !plan.useCounts && test.gridBuckets) plan.grids = grids;
    plans.push(plan);
    keepRef.push(rs);
    keepCur.push(cs);
  }
  const late = await countMany(plans.map((p) => (p.useCounts && !p.counts ? { column: p.column, numeric: true } : undefined)));
  late.forEach((c, i) => { if (c) plans[i]!.counts = c; });
  if (globalTest && !plans.some((p) => p.test === globalTest)) {
    throw new InputError('TEST_NOT_APPLICABLE', `drift test '${globalTest.id}' applies to ${globalTest.appliesTo.join('/')} columns, and none of the selected columns is one.`, { test: globalTest.id });
  }
  return { plans, skipped, issues, reference: keepRef, current: keepCur };
}
