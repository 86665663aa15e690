import type { Engine } from '../data/engine';
import { own } from '../dict';
import { InputError } from '../errors';
import { SKIP_REASON } from '../drift/columnPlan';
import { defaultTest } from '../drift/defaultTest';
import type { ColumnDrift, DriftReport } from '../drift/driftReport';
import type { DriftSettings } from '../drift/driftSettings';
import { getDriftTest } from '../drift/registry';
import { runDrift } from '../drift/runDrift';
import { RELATIVE_ACCURACY } from '../health/sketch';
import { NUMERIC_TYPE } from '../profile/profileSql';
import type { ColumnProfile } from '../profile/types';
import { sideTable } from './partialSideTable';
import { FINE_ACCURACY } from './fineSketch';
import { MAX_VALUE_MAP, type ProfilePartial } from './profilePartial';
import { mergeProfilePartials } from './profilePartialMerge';
import { SKETCH_TESTS, sketchColumnDrift, type SketchPlan } from './sketchDrift';

type Names = { reference: readonly string[]; current: readonly string[] };

/** Columns some part of either side carries without its value map (a sketch instead), with the reason in words. */
export function sketchedColumns(reference: readonly ProfilePartial[], current: readonly ProfilePartial[], names: Names): Map<string, string> {
  const parts = new Map<string, string[]>();
  const coarse = new Set<string>();
  const scan = (side: readonly ProfilePartial[], files: readonly string[]) => side.forEach((p, k) => {
    for (const c of p.columns) if (c.values === null && c.nonNull > 0) {
      parts.set(c.name, [...(parts.get(c.name) ?? []), files[k]!]);
      if (!c.num?.fine) coarse.add(c.name);
    }
  });
  scan(reference, names.reference);
  scan(current, names.current);
  return new Map([...parts].map(([name, files]) => [name, `more than ${MAX_VALUE_MAP.toLocaleString('en')} distinct values in ${files[0]}${files.length > 1 ? ` and ${files.length - 1} more part${files.length > 2 ? 's' : ''}` : ''}: those parts carry a log-bucket quantile sketch (${100 * (coarse.has(name) ? RELATIVE_ACCURACY : FINE_ACCURACY)}% relative accuracy${coarse.has(name) ? '; some part has no finer 0.1% drift sketch: written by an older Model Lens, or over 100,000 buckets' : ''}), not their values`]));
}

/**
 * Drift from partial profiles when some columns have no value map: every other column exactly as
 * driftFromPartials (the side tables without the sketched columns, the unchanged drift), the sketched numeric
 * columns from their sketches (sketchDrift.ts: wasserstein or ks, each figure with its guaranteed range), in the
 * files' column order. A sketched non-numeric column is not tested (its parts carry only their top values; drift
 * needs every count), with that reason. The dataset summary counts a column whose range straddles its threshold as
 * undecided; when the undecided columns could tip the dataset verdict, `dataset.undecided` says so.
 */
export async function driftWithSketches(engine: Engine, reference: readonly ProfilePartial[], current: readonly ProfilePartial[], settings: DriftSettings, names: Names, sketched: ReadonlyMap<string, string>): Promise<DriftReport> {
  const driftShare = settings.driftShare ?? 0.5;
  if (!(driftShare > 0 && driftShare <= 1)) throw new InputError('BAD_ARGUMENT', `--drift-share must be in (0, 1]; got ${driftShare}.`, { driftShare });
  const refProfile = mergeProfilePartials(reference, [...names.reference]);
  const curProfile = mergeProfilePartials(current, [...names.current]);
  const refCols = refProfile.columns.map((c) => c.name);
  const special = new Set([settings.label, settings.prediction].filter((c): c is string => c !== undefined));
  const inCur = (c: string) => curProfile.columns.some((x) => x.name === c);
  const chosen = settings.columns ?? refCols;
  const skipped: DriftReport['skipped'] = [];
  const issues: DriftReport['issues'] = [];
  const sketchWanted: { column: string; role: 'feature' | 'target' | 'prediction' }[] = [];
  for (const c of chosen) {
    if (!sketched.has(c) || special.has(c)) continue;
    if (!refCols.includes(c)) throw new InputError('COLUMN_NOT_FOUND', `--columns entry '${c}' is not a column of ${refProfile.path}; its columns are: ${refCols.join(', ')}.`, { column: c });
    if (settings.exclude?.includes(c)) skipped.push({ column: c, reason: 'excluded (--exclude)' });
    else if (!inCur(c)) issues.push({ code: 'COLUMN_MISSING_IN_CURRENT', severity: 'warning', column: c, message: `column '${c}' is in the reference but not in ${curProfile.path}; it was not tested.` });
    else sketchWanted.push({ column: c, role: 'feature' });
  }
  for (const [c, role] of [[settings.label, 'target'], [settings.prediction, 'prediction']] as const) {
    if (c === undefined || !sketched.has(c)) continue;
    if (!refCols.includes(c) || !inCur(c)) throw new InputError('COLUMN_NOT_FOUND', `--${role === 'target' ? 'label' : 'prediction'} column '${c}' is not a column of both sides.`, { column: c });
    sketchWanted.push({ column: c, role });
  }

  // The exact columns: the unchanged drift on the side tables rebuilt without the sketched columns.
  const strip = <T>(m: Readonly<Record<string, T>> | undefined) => (m ? Object.fromEntries(Object.entries(m).filter(([k]) => !sketched.has(k))) : undefined);
  const exactChosen = chosen.filter((c) => !sketched.has(c) && !special.has(c));
  const exactFeatures = exactChosen.filter((c) => !settings.exclude?.includes(c) && inCur(c));
  const exactOutputs = [settings.label, settings.prediction].filter((c): c is string => c !== undefined && !sketched.has(c));
  let exact: DriftReport | undefined;
  if (exactFeatures.length || exactOutputs.length) {
    // With no exact feature, an exact label or prediction runs as the one feature and is moved back after.
    const stand = exactFeatures.length ? undefined : exactOutputs[0];
    const s: DriftSettings = {
      ...settings,
      columns: stand !== undefined ? [stand] : exactChosen,
      exclude: settings.exclude?.filter((c) => !sketched.has(c)),
      testByColumn: strip(settings.testByColumn), thresholdByColumn: strip(settings.thresholdByColumn),
      label: settings.label !== undefined && !sketched.has(settings.label) && settings.label !== stand ? settings.label : undefined,
      prediction: settings.prediction !== undefined && !sketched.has(settings.prediction) && settings.prediction !== stand ? settings.prediction : undefined,
    };
    for (const k of Object.keys(s) as (keyof DriftSettings)[]) if (s[k] === undefined) delete s[k];
    const skip = new Set(sketched.keys());
    const ref = await sideTable(engine, reference, names.reference, skip);
    const cur = await sideTable(engine, current, names.current, skip);
    try {
      exact = await runDrift(engine, ref, cur, s);
    } finally {
      await ref.release();
      await cur.release();
    }
    if (stand !== undefined) {
      const c = exact.columns[0]!;
      exact = { ...exact, columns: [], ...(stand === settings.label ? { target: c } : { prediction: c }) };
    }
  }

  // The sketched columns.
  const sketchedOut: { c: ColumnDrift; role: string }[] = [];
  const tested: string[] = [];
  for (const { column, role } of sketchWanted) {
    const rp = refProfile.columns.find((x) => x.name === column)!;
    const cp = curProfile.columns.find((x) => x.name === column)!;
    const why = notTestable(rp, cp, reference, current, column);
    if (why) {
      if (role !== 'feature') throw new InputError('DRIFT_NEEDS_VALUES', `merge: the ${role} column '${column}' ${why}`, { column });
      skipped.push({ column, reason: why });
      continue;
    }
    const plan = planSketched(column, settings, refProfile.rows, Math.max(rp.distinct, cp.distinct), sketched.get(column)!);
    const c = sketchColumnDrift(plan, 'numeric', { parts: reference, names: names.reference }, { parts: current, names: names.current });
    sketchedOut.push({ c, role });
    if (!c.details.error) tested.push(column);
  }

  const order = (name: string) => refCols.indexOf(name);
  const columns = [...(exact?.columns ?? []), ...sketchedOut.filter((x) => x.role === 'feature').map((x) => x.c)].sort((a, b) => order(a.column) - order(b.column));
  const target = sketchedOut.find((x) => x.role === 'target')?.c ?? exact?.target;
  const prediction = sketchedOut.find((x) => x.role === 'prediction')?.c ?? exact?.prediction;
  const features = columns.filter((c) => !c.details.error);
  if (!features.length) throw new InputError('NO_COLUMNS', `no feature column can be tested for drift${skipped.length ? ` (skipped: ${skipped.map((s) => `${s.column}: ${s.reason}`).join('; ')})` : ''}. Check --columns / --exclude.`, { skipped });
  return {
    reference: exact?.reference ?? { path: refProfile.path, rows: refProfile.rows },
    current: exact?.current ?? { path: curProfile.path, rows: curProfile.rows },
    columns,
    dataset: datasetSummary(features, driftShare),
    ...(target ? { target } : {}),
    ...(prediction ? { prediction } : {}),
    approximate: {
      columns: tested,
      note: `${tested.length} column${tested.length === 1 ? '' : 's'} (${tested.join(', ')}) come from the parts' sketches, not their values: each figure is an estimate with a guaranteed range (approximate.statistic, approximate.score); 'undecided' means the exact test could go either way within that range. All other figures are exact. For exact figures of every column run 'model-lens drift' on the files, or make smaller parts (at most ${MAX_VALUE_MAP.toLocaleString('en')} distinct values per column and part).`,
    },
    skipped: [...(exact?.skipped ?? []), ...skipped],
    issues: [...(exact?.issues ?? []), ...issues],
  };
}

/** Why a sketched column cannot be tested from its sketches (undefined when it can). */
function notTestable(rp: ColumnProfile, cp: ColumnProfile, reference: readonly ProfilePartial[], current: readonly ProfilePartial[], column: string): string | undefined {
  const numeric = (parts: readonly ProfilePartial[]) => parts.every((p) => { const c = p.columns.find((x) => x.name === column)!; return NUMERIC_TYPE.test(c.type) && c.num !== undefined; });
  if (rp.kind !== 'numeric' && rp.kind !== 'categorical' && rp.kind !== 'boolean') return SKIP_REASON[rp.kind] ?? rp.kind;
  if (rp.kind !== 'numeric' || !numeric(reference) || !numeric(current)) return `a ${rp.kind === 'numeric' ? 'column numeric in one side only' : `${rp.kind} column`} with more than ${MAX_VALUE_MAP.toLocaleString('en')} distinct values in a part: partial results carry only its top values and drift needs every count; run 'model-lens drift' on the files, or make smaller parts`;
  if (rp.missing === refRows(reference)) return 'no values in the reference data';
  if (cp.missing === refRows(current)) return 'no values in the current data';
  return undefined;
}

const refRows = (parts: readonly ProfilePartial[]) => parts.reduce((a, p) => a + p.rows, 0);

/** The sketched column's test and threshold, as planColumns chooses them (override, global test, default policy). */
function planSketched(column: string, s: DriftSettings, referenceRows: number, nUnique: number, reason: string): SketchPlan {
  const perColumn = own(s.testByColumn, column);
  const global = s.test === undefined ? undefined : getDriftTest(s.test);
  const globalFits = global !== undefined && global.appliesTo.includes('numeric');
  const def = defaultTest('numeric', referenceRows, nUnique);
  const test = perColumn !== undefined ? getDriftTest(perColumn) : globalFits ? global : def.test;
  const overridden = perColumn !== undefined || globalFits;
  if (!SKETCH_TESTS.includes(test.id)) {
    throw new InputError('DRIFT_NEEDS_VALUES', `merge: column '${column}' has ${reason}; from sketches drift runs ${SKETCH_TESTS.join(' or ')} (CDF-based, with a stated error), not '${test.id}'. Choose one of those, or run 'model-lens drift' on the files.`, { column, test: test.id });
  }
  const th = own(s.thresholdByColumn, column) ?? s.threshold;
  return { column, test, threshold: th ?? (overridden ? test.defaultThreshold : def.threshold), testSource: overridden ? 'override' : 'default', thresholdSource: th === undefined ? 'default' : 'override', reason };
}

/**
 * Dataset drift over the tested features: drifted columns count, undecided ones do not; `undecided` when counting
 * them as drifted would reach the drift share (the verdict then depends on the sketch error).
 */
function datasetSummary(features: readonly ColumnDrift[], driftShare: number): DriftReport['dataset'] {
  const total = features.length;
  const drifted = features.filter((c) => c.drifted).length;
  const undecided = features.filter((c) => c.approximate?.decision === 'undecided').length;
  const share = drifted / total;
  const out: DriftReport['dataset'] = { driftedColumns: drifted, totalColumns: total, share, driftShare, drifted: share >= driftShare };
  if (undecided) {
    out.undecidedColumns = undecided;
    out.undecided = !out.drifted && (drifted + undecided) / total >= driftShare;
  }
  return out;
}
