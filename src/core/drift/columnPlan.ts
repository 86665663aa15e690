import type { ColumnInfo, DataIssue } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { InputError } from '../errors';
import { inferKind } from '../profile/inferKind';
import { defaultTest } from './defaultTest';
import type { DriftSettings } from './driftSettings';
import { scanSide, type ColumnScan, type DriftSide } from './driftSide';
import { countValues } from './pullSamples';
import { getDriftTest } from './registry';
import type { ColumnKind, DriftTest } from './types';
import { mapLimit } from '../data/mapLimit';

/** How one column will be compared; decided once on the full reference and current, reused for every window. */
/** Columns whose category counts are queried at once (each column queries both sides). */
const COUNT_QUERIES_IN_FLIGHT = 4;

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
  counts?: { reference: Map<string, number>; current: Map<string, number> };
}

export interface Plan {
  plans: ColumnPlan[];
  skipped: { column: string; reason: string }[];
  issues: DataIssue[];
  reference: ColumnScan[];
  current: ColumnScan[];
}

function requireColumn(name: string, side: DriftSide, what: string): void {
  if (!side.columns.some((c) => c.name === name)) {
    const list = side.columns.map((c) => c.name).join(', ');
    throw new InputError('COLUMN_NOT_FOUND', `${what} '${name}' is not a column of ${side.path}; its columns are: ${list}.`, { column: name, path: side.path });
  }
}

const SKIP_REASON: Partial<Record<string, string>> = {
  identifier: 'identifier (every value distinct): not a distribution to compare',
  text: 'free text: not tested for drift',
  datetime: 'date/time column: not tested for drift (use --time-column for windows)',
};

/**
 * Chooses the columns, their kinds (inferKind on the reference, the profile's rules) and their tests:
 * per-column override, else the global --test where it applies, else defaultTest(kind, reference rows,
 * n_unique of reference ∪ current). Throws InputError 'COLUMN_NOT_FOUND', 'UNKNOWN_TEST', 'TEST_NOT_APPLICABLE'.
 */
export async function planColumns(engine: Engine, ref: DriftSide, cur: DriftSide, s: DriftSettings, options: RunOptions = {}): Promise<Plan> {
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
  // scans on its threads.
  const [refScan, curScan] = await Promise.all([
    scanSide(engine, ref, wanted.map((w) => info(ref, w.column)), true, options),
    scanSide(engine, cur, wanted.map((w) => info(cur, w.column)), true, options),
  ]);
  type Counts = NonNullable<ColumnPlan['counts']>;
  const countBoth = async (column: string, numeric: boolean): Promise<Counts> => {
    const [reference, current] = await Promise.all([countValues(engine, ref.from, column, numeric, options), countValues(engine, cur.from, column, numeric, options)]);
    return { reference, current };
  };

  // Phase 1: kinds and skips; categorical and low-cardinality numeric columns need their counts before a test is chosen.
  const candidates: { w: (typeof wanted)[number]; rs: ColumnScan; cs: ColumnScan; kind: ColumnKind; early: boolean }[] = [];
  for (const [i, w] of wanted.entries()) {
    const rs = refScan.columns[i]!;
    const cs = curScan.columns[i]!;
    const type = info(ref, w.column).type;
    const k = inferKind({ name: w.column, type, nonNull: rs.nonNull, distinct: rs.distinct ?? 0, ...(rs.smallDomain ? { smallDomain: rs.smallDomain } : {}), meanLength: rs.meanLength ?? null, spaceShare: rs.spaceShare ?? null });
    if (k !== 'numeric' && k !== 'categorical' && k !== 'boolean') {
      skipped.push({ column: w.column, reason: SKIP_REASON[k] ?? k });
      continue;
    }
    if (rs.nonNull === 0 || cs.nonNull === 0) {
      skipped.push({ column: w.column, reason: `no values in the ${rs.nonNull === 0 ? 'reference' : 'current'} data` });
      continue;
    }
    candidates.push({ w, rs, cs, kind: k, early: k !== 'numeric' || ((rs.distinct ?? 0) <= 10 && (cs.distinct ?? 0) <= 10) });
  }
  const early = await mapLimit(candidates, COUNT_QUERIES_IN_FLIGHT, async (c) => (c.early ? countBoth(c.w.column, c.kind === 'numeric') : undefined));

  // Phase 2: tests and thresholds; a distance test on a numeric column that needs counts gets them after.
  const plans: ColumnPlan[] = [];
  const keepRef: ColumnScan[] = [];
  const keepCur: ColumnScan[] = [];
  for (const [j, { w, rs, cs, kind }] of candidates.entries()) {
    const counts = early[j];
    const nUnique = counts ? new Set([...counts.reference.keys(), ...counts.current.keys()]).size : Math.max(rs.distinct ?? 0, cs.distinct ?? 0);
    const perColumn = s.testByColumn?.[w.column];
    const globalFits = globalTest !== undefined && globalTest.appliesTo.includes(kind);
    const def = defaultTest(kind, ref.rows, nUnique);
    const test = perColumn !== undefined ? getDriftTest(perColumn) : globalFits ? globalTest : getDriftTest(def.testId);
    if (!test.appliesTo.includes(kind)) {
      throw new InputError('TEST_NOT_APPLICABLE', `drift test '${test.id}' does not apply to ${kind} column '${w.column}'; it applies to ${test.appliesTo.join('/')} columns.`, { column: w.column, test: test.id, kind });
    }
    const overridden = perColumn !== undefined || globalFits;
    const th = s.thresholdByColumn?.[w.column] ?? s.threshold;
    const plan: ColumnPlan = {
      column: w.column, role: w.role, kind, test,
      threshold: th ?? (overridden ? test.defaultThreshold : def.threshold),
      testSource: overridden ? 'override' : 'default',
      thresholdSource: th === undefined ? 'default' : 'override',
      useCounts: !(kind === 'numeric' && test.appliesTo.includes('numeric')),
    };
    if (counts) plan.counts = counts;
    plans.push(plan);
    keepRef.push(rs);
    keepCur.push(cs);
  }
  const late = await mapLimit(plans, COUNT_QUERIES_IN_FLIGHT, async (p) => (p.useCounts && !p.counts ? countBoth(p.column, true) : undefined));
  late.forEach((c, i) => { if (c) plans[i]!.counts = c; });
  if (globalTest && !plans.some((p) => p.test === globalTest)) {
    throw new InputError('TEST_NOT_APPLICABLE', `drift test '${globalTest.id}' applies to ${globalTest.appliesTo.join('/')} columns, and none of the selected columns is one.`, { test: globalTest.id });
  }
  return { plans, skipped, issues, reference: keepRef, current: keepCur };
}
