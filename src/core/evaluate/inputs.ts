import type { ColumnInfo } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { InputError } from '../errors';
import { codeExpr, distinctValues, isNumeric, nonIndexValue, numberExpr, positiveExpr, requireColumn, type Source } from './evaluationSql';
import type { EvalTask } from './metricCatalog';

/** What the rows hold: a score column, a prediction column, or a model's outputs attached as columns. */
export interface InputColumns {
  label: string;
  score?: string;
  prediction?: string;
  /** A model's outputs already attached to the data: one column (binary P(1) or regression value) or one per class. */
  model?: { task: EvalTask; columns: string[] };
  task?: EvalTask;
  threshold?: number;
  positive?: string;
}

/** How to read each row as numbers, decided once from the columns and their values. */
export interface InputPlan {
  task: EvalTask;
  /** Probability-like scores exist (binary score or class probabilities), so threshold-free metrics apply. */
  hasScores: boolean;
  /** Binary: [negative, positive] label values; multiclass: the classes in code order; regression: null. */
  classes: string[] | null;
  positive: string | null;
  threshold: number | null;
  labelExpr: string;
  /** Binary: [score] (or the 0/1 prediction); regression: [prediction]; multiclass: [prediction code] or one probability per class. */
  valueExprs: string[];
  multiclassProbabilities: boolean;
  /** Binary predictions: the prediction's values over every side (how each side's positive prediction is spelled). */
  predictionValues?: string[];
}

export const MAX_CLASSES = 100;
const REGRESSION_MIN_DISTINCT = 20;
const isOne = (v: string) => v === '1' || v === '1.0' || v.toLowerCase() === 'true';
const isZero = (v: string) => v === '0' || v === '0.0' || v.toLowerCase() === 'false';

/** sklearn's class order: numeric order when every class is a number, else code-point order. */
export function sortClasses(values: readonly string[]): string[] {
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return [...values].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Reads the columns and their values once and decides how every row reads as numbers. `others` are the other
 * sides of the run (the reference): the classes and the positive value are decided from the values of every
 * side, so a current set without labels, or with one class only, reads its reference the same way. The plan's
 * expressions are for `src`; `exprsFor` gives another side's, built from that side's own column types (a label
 * that DuckDB reads as BOOLEAN in one file and as text in the other is still compared correctly).
 */
export async function planInputs(engine: Engine, src: Source, c: InputColumns, run: RunOptions, others: readonly Source[] = []): Promise<InputPlan> {
  const sides = [src, ...others];
  const label = requireColumn(src, c.label, 'Label');
  for (const o of others) requireColumn(o, c.label, 'Label');
  const given = [c.score, c.prediction, c.model].filter((x) => x !== undefined).length;
  if (given !== 1) throw new InputError('BAD_ARGUMENT', 'Give exactly one of a score column (--score), a prediction column (--prediction) or a model (--model).');
  if (c.model) return exprsFor(await planModel(engine, sides, label, c, c.model, run), c, src);
  if (c.score !== undefined) {
    if (c.task && c.task !== 'binary') throw new InputError('BAD_ARGUMENT', `--score is for binary classifiers (one probability or score per row); for a ${c.task} model give --prediction or --model.`);
    for (const side of sides) {
      const score = requireColumn(side, c.score, 'Score');
      if (!isNumeric(score)) throw new InputError('SCORE_TYPE', `Score column '${score.name}' in ${side.path} has type ${score.type}; it must be numeric (a probability of the positive class, or any score where higher means more likely positive).`, { column: score.name, type: score.type });
    }
    const { classes, positive } = await binaryLabels(engine, sides, label, c.positive, run);
    return exprsFor({ task: 'binary', hasScores: true, classes, positive, threshold: c.threshold ?? 0.5, multiclassProbabilities: false }, c, src);
  }
  for (const side of sides) requireColumn(side, c.prediction!, 'Prediction');
  const pred = requireColumn(src, c.prediction!, 'Prediction');
  const task = c.task ?? (await guessTask(engine, sides, label, pred, run));
  if (task === 'regression') {
    for (const side of sides) {
      for (const name of [c.label, c.prediction!]) {
        const col = requireColumn(side, name, 'Regression');
        if (!isNumeric(col)) throw new InputError('LABEL_TYPE', `Column '${col.name}' in ${side.path} has type ${col.type}; a regression evaluation needs numeric label and prediction columns.`, { column: col.name, type: col.type });
      }
    }
    return exprsFor({ task, hasScores: false, classes: null, positive: null, threshold: null, multiclassProbabilities: false }, c, src);
  }
  if (task === 'binary') {
    const { classes, positive } = await binaryLabels(engine, sides, label, c.positive, run);
    const pv = await distinctAcross(engine, sides, pred.name, 3, run);
    const predValues = pv.values.map((v) => v.value);
    const unknown = predValues.find((v) => !classes.includes(v) && !(isOne(v) && isOne(positive)) && !(isZero(v) && isZero(classes[0]!)));
    if (unknown !== undefined || predValues.length > 2) throw new InputError('PREDICTION_VALUES', `Prediction column '${pred.name}' holds '${unknown ?? predValues[2]}', which is not a value of the label '${label.name}' (${classes.join(', ')}). Binary predictions must use the label's values.`, { column: pred.name });
    return exprsFor({ task, hasScores: false, classes, positive, threshold: 0.5, multiclassProbabilities: false, predictionValues: predValues }, c, src);
  }
  const lv = await distinctAcross(engine, sides, label.name, MAX_CLASSES, run);
  const pv = await distinctAcross(engine, sides, pred.name, MAX_CLASSES, run);
  const classes = sortClasses([...new Set([...lv.values, ...pv.values].map((v) => v.value))]);
  if (lv.more || pv.more || classes.length > MAX_CLASSES) throw new InputError('TOO_MANY_CLASSES', `Label '${label.name}' and prediction '${pred.name}' hold more than ${MAX_CLASSES} classes; a multiclass evaluation supports up to ${MAX_CLASSES}. For a numeric target use --task regression.`, { column: label.name });
  return exprsFor({ task, hasScores: false, classes, positive: null, threshold: null, multiclassProbabilities: false }, c, src);
}

/** What `planInputs` decides for every side; `exprsFor` turns it into one side's expressions. */
export type InputDecision = Omit<InputPlan, 'labelExpr' | 'valueExprs'>;

/** The plan's label and value expressions for one side, from that side's column types (the decision is shared). */
export function exprsFor(d: InputDecision, c: InputColumns, src: Source): InputPlan {
  const { predictionValues } = d;
  const label = requireColumn(src, c.label, 'Label');
  const plan = (labelExpr: string, valueExprs: string[]): InputPlan => ({ ...d, labelExpr, valueExprs });
  if (c.model) {
    const cols = c.model.columns.map((name) => requireColumn(src, name, 'Model output'));
    if (d.task === 'regression') return plan(numberExpr(label), [numberExpr(cols[0]!)]);
    if (d.task === 'binary') return plan(binaryLabelExpr(label, d.classes!, d.positive!), [numberExpr(cols[0]!)]);
    return plan(numberExpr(label), cols.map(numberExpr));
  }
  if (c.score !== undefined) return plan(binaryLabelExpr(label, d.classes!, d.positive!), [numberExpr(requireColumn(src, c.score, 'Score'))]);
  const pred = requireColumn(src, c.prediction!, 'Prediction');
  if (d.task === 'regression') return plan(numberExpr(label), [numberExpr(pred)]);
  if (d.task === 'binary') {
    const positive = d.positive!;
    const predPositive = (predictionValues ?? []).find((v) => v === positive || (isOne(v) && isOne(positive))) ?? positive;
    return plan(positiveExpr(label, positive), [positiveExpr(pred, predPositive)]);
  }
  return plan(codeExpr(label, d.classes!), [codeExpr(pred, d.classes!)]);
}

async function planModel(engine: Engine, sides: readonly Source[], label: ColumnInfo, c: InputColumns, m: { task: EvalTask; columns: string[] }, run: RunOptions): Promise<InputDecision> {
  for (const side of sides) for (const name of m.columns) requireColumn(side, name, 'Model output');
  if (m.task === 'regression') {
    for (const side of sides) {
      const l = requireColumn(side, label.name, 'Label');
      if (!isNumeric(l)) throw new InputError('LABEL_TYPE', `Label column '${l.name}' in ${side.path} has type ${l.type}; a regression model's label must be numeric.`, { column: l.name, type: l.type });
    }
    return { task: 'regression', hasScores: false, classes: null, positive: null, threshold: null, multiclassProbabilities: false };
  }
  if (m.task === 'binary') {
    const { classes, positive } = await binaryLabels(engine, sides, label, c.positive, run);
    return { task: 'binary', hasScores: true, classes, positive, threshold: c.threshold ?? 0.5, multiclassProbabilities: false };
  }
  const k = m.columns.length;
  for (const side of sides) {
    const l = requireColumn(side, label.name, 'Label');
    if (!isNumeric(l)) throw new InputError('LABEL_TYPE', `Label column '${l.name}' in ${side.path} has type ${l.type}; a multiclass model's labels must be class indices 0…${k - 1}. Encode the label before evaluating.`, { column: l.name });
    const bad = await nonIndexValue(engine, side, l, k, run);
    if (bad !== undefined) throw new InputError('LABEL_VALUES', `Label column '${l.name}' in ${side.path} holds ${bad}, but the model predicts ${k} classes, so labels must be class indices 0…${k - 1}.`, { column: l.name, value: bad });
  }
  return { task: 'multiclass', hasScores: true, classes: Array.from({ length: k }, (_, i) => String(i)), positive: null, threshold: null, multiclassProbabilities: true };
}

/** A column's distinct values over every side, counts added, most frequent first (at most `limit`). */
async function distinctAcross(engine: Engine, sides: readonly Source[], name: string, limit: number, run: RunOptions): Promise<{ values: { value: string; count: number }[]; more: boolean }> {
  if (sides.length === 1) return distinctValues(engine, sides[0]!, requireColumn(sides[0]!, name, 'Label'), limit, run);
  const counts = new Map<string, number>();
  let more = false;
  for (const side of sides) {
    const r = await distinctValues(engine, side, requireColumn(side, name, 'Label'), limit, run);
    more ||= r.more;
    for (const v of r.values) counts.set(v.value, (counts.get(v.value) ?? 0) + v.count);
  }
  const values = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { values: values.slice(0, limit), more: more || values.length > limit };
}

/** A numeric 0/1 label is read as it is; anything else is compared with the positive value. */
function binaryLabelExpr(label: ColumnInfo, classes: string[], positive: string): string {
  return isNumeric(label) && !/BOOLEAN/i.test(label.type) && isZero(classes[0]!) && isOne(positive) ? numberExpr(label) : positiveExpr(label, positive);
}

/** The two label values, negative first, and which one is positive (--positive, else 1 / true). */
async function binaryLabels(engine: Engine, sides: readonly Source[], label: ColumnInfo, positiveOpt: string | undefined, run: RunOptions): Promise<{ classes: string[]; positive: string }> {
  const { values, more } = await distinctAcross(engine, sides, label.name, 2, run);
  return chooseBinaryLabels(label, values.map((v) => v.value), more, positiveOpt);
}

/** From a label's (at most two) distinct values as text: [negative, positive] and the positive value (--positive, else 1 / true). */
export function chooseBinaryLabels(label: ColumnInfo, vals: string[], more: boolean, positiveOpt: string | undefined): { classes: string[]; positive: string } {
  if (more) throw new InputError('LABEL_VALUES', `Label column '${label.name}' has more than two values (${vals.join(', ')}, …); a binary evaluation needs a two-valued label. Use --prediction for a multiclass model.`, { column: label.name });
  if (vals.length === 0) return { classes: ['0', positiveOpt ?? '1'], positive: positiveOpt ?? '1' };
  let positive = positiveOpt;
  if (positive === undefined) {
    positive = vals.find(isOne) ?? (vals.every(isZero) ? (vals[0]!.toLowerCase() === 'false' ? 'true' : '1') : undefined);
    if (positive === undefined) throw new InputError('NO_POSITIVE_LABEL', `Label column '${label.name}' holds ${vals.map((v) => `'${v}'`).join(' and ')}; say which one is the positive class with --positive (e.g. --positive ${vals[0]}).`, { column: label.name, values: vals });
  } else if (vals.length === 2 && !vals.includes(positive)) {
    throw new InputError('NO_POSITIVE_LABEL', `--positive '${positive}' is not a value of label '${label.name}' (${vals.join(', ')}).`, { column: label.name, values: vals });
  }
  const negative = vals.find((v) => v !== positive) ?? (isOne(positive) ? (positive.toLowerCase() === 'true' ? 'false' : '0') : `not ${positive}`);
  return { classes: [negative, positive], positive };
}

async function guessTask(engine: Engine, sides: readonly Source[], label: ColumnInfo, pred: ColumnInfo, run: RunOptions): Promise<EvalTask> {
  const lv = await distinctAcross(engine, sides, label.name, REGRESSION_MIN_DISTINCT, run);
  if (isNumeric(label) && !/BOOLEAN/i.test(label.type) && (lv.more || lv.values.some((v) => !Number.isInteger(Number(v))))) return 'regression';
  const pv = await distinctAcross(engine, sides, pred.name, 3, run);
  return new Set([...lv.values, ...pv.values].map((v) => v.value)).size <= 2 ? 'binary' : 'multiclass';
}
