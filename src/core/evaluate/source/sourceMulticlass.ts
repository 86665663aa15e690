/**
 * `evaluate --source … --prediction p --task multiclass`: a multiclass classifier's predicted classes evaluated
 * from GROUP BY (label, prediction) counts. Without probabilities (they come only from --model, which needs
 * rows) every multiclass metric, per-class figure and the bootstrap are functions of the confusion matrix: the
 * file path's cells are its non-zero entries in index order, so the seeded draws are the same.
 */
import type { ColumnInfo } from '../../data/dataset';
import type { RunOptions } from '../../data/engine';
import { InputError } from '../../errors';
import type { PlanExecutor } from '../../plan/executor';
import { col, notNull } from '../../plan/expr';
import type { AggregatePlan, Source } from '../../plan/plan';
import { MAX_CLASSES, sortClasses, type InputPlan } from '../inputs';
import { metricsFromConfusion, type MulticlassResult } from '../multiclass';
import { multiclassSummary, type BootstrapSettings, type Summary } from '../summarize';
import { labelText, labelValue } from './sourcePlans';

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** A column's distinct values (missing and NaN left out) with counts, most frequent first, at most `k`. */
export function valuesPlan(source: Source, c: ColumnInfo, k: number): AggregatePlan {
  return {
    source, derive: [{ name: 'v', expr: labelValue(c) }], where: notNull(col('v')),
    groupBy: [{ name: 'v', expr: col('v') }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }], top: { k, by: 'n' },
  };
}

/** Rows with a label and a prediction, counted per (label, prediction); and the rows with a prediction. */
export function confusionPlan(source: Source, label: ColumnInfo, prediction: ColumnInfo): AggregatePlan {
  return {
    source, derive: [{ name: 'l', expr: labelValue(label) }, { name: 'p', expr: labelValue(prediction) }], where: notNull(col('p')),
    groupBy: [{ name: 'l', expr: col('l') }, { name: 'p', expr: col('p') }],
    aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }],
  };
}

/** The multiclass result of a confusion matrix: what evaluateMulticlass gives for rows without probabilities. */
export function multiclassFromConfusion(cm: Float64Array, k: number): MulticlassResult {
  const present = new Uint8Array(k);
  for (let c = 0; c < k; c++) for (let j = 0; j < k; j++) if (cm[c * k + j]! > 0) { present[c] = 1; present[j] = 1; }
  const { values, perClass } = metricsFromConfusion(cm, k, 0, false, present);
  const idx: number[] = [];
  cm.forEach((v, i) => { if (v > 0) idx.push(i); });
  return { values, perClass, confusion: cm, present, cells: { length: idx.length, exact: true, count: Float64Array.from(idx, (i) => cm[i]!), lossSum: new Float64Array(idx.length), cmIndex: Int32Array.from(idx) } };
}

export async function sourceMulticlass(exec: PlanExecutor, path: string, source: Source, label: ColumnInfo, prediction: ColumnInfo, settings: BootstrapSettings, run: RunOptions): Promise<{ plan: InputPlan; summary: Summary; labeled: number; usable: number }> {
  const [lv, pv] = await exec.runAll([valuesPlan(source, label, MAX_CLASSES + 1), valuesPlan(source, prediction, MAX_CLASSES + 1)], run);
  const texts = (c: ColumnInfo, rows: typeof lv) => rows!.map((r) => labelText(c, r['v']));
  const classes = sortClasses([...new Set([...texts(label, lv), ...texts(prediction, pv)])]);
  if (lv!.length > MAX_CLASSES || pv!.length > MAX_CLASSES || classes.length > MAX_CLASSES) {
    throw new InputError('TOO_MANY_CLASSES', `Label '${label.name}' and prediction '${prediction.name}' hold more than ${MAX_CLASSES} classes; a multiclass evaluation supports up to ${MAX_CLASSES}. For a numeric target use --task regression.`, { column: label.name });
  }
  const k = classes.length;
  const code = new Map(classes.map((c, i) => [c, i]));
  const cm = new Float64Array(k * k);
  let usable = 0;
  for (const r of await exec.run(confusionPlan(source, label, prediction), run)) {
    const n = num(r['n']);
    usable += n;
    if (r['l'] === null || r['l'] === undefined) continue;
    const y = code.get(labelText(label, r['l']));
    const p = code.get(labelText(prediction, r['p']));
    if (y === undefined || p === undefined) throw new InputError('UNSUPPORTED_ON_ENGINE', `evaluate --source: a class of '${label.name}' or '${prediction.name}' changed while it was read (the table is being written?); run it again.`);
    cm[y * k + p]! += n;
  }
  let labeled = 0;
  for (const v of cm) labeled += v;
  if (labeled === 0) throw new InputError('NO_LABELS', `No row of ${path} has both a label ('${label.name}') and a prediction ('${prediction.name}'); nothing to evaluate.`, { column: label.name });
  const plan: InputPlan = { task: 'multiclass', hasScores: false, classes, positive: null, threshold: null, labelExpr: '', valueExprs: [], multiclassProbabilities: false };
  return { plan, summary: multiclassSummary(multiclassFromConfusion(cm, k), plan, settings, 0, labeled, false), labeled, usable };
}
