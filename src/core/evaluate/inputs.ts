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

export async function planInputs(engine: Engine, src: Source, c: InputColumns, run: RunOptions): Promise<InputPlan> {
  const label = requireColumn(src, c.label, 'Label');
  const given = [c.score, c.prediction, c.model].filter((x) => x !== undefined).length;
  if (given !== 1) throw new InputError('BAD_ARGUMENT', 'Give exactly one of a score column (--score), a prediction column (--prediction) or a model (--model).');
  if (c.model) return planModel(engine, src, label, c, c.model, run);
  if (c.score !== undefined) {
    if (c.task && c.task !== 'binary') throw new InputError('BAD_ARGUMENT', `--score is for binary classifiers (one probability or score per row); for a ${c.task} model give --prediction or --model.`);
    const score = requireColumn(src, c.score, 'Score');
    if (!isNumeric(score)) throw new InputError('SCORE_TYPE', `Score column '${score.name}' has type ${score.type}; it must be numeric (a probability of the positive class, or any score where higher means more likely positive).`, { column: score.name, type: score.type });
    const { classes, positive } = await binaryLabels(engine, src, label, c.positive, run);
    return { task: 'binary', hasScores: true, classes, positive, threshold: c.threshold ?? 0.5, labelExpr: binaryLabelExpr(label, classes, positive), valueExprs: [numberExpr(score)], multiclassProbabilities: false };
  }
  const pred = requireColumn(src, c.prediction!, 'Prediction');
  const task = c.task ?? (await guessTask(engine, src, label, pred, run));
  if (task === 'regression') {
    for (const col of [label, pred]) if (!isNumeric(col)) throw new InputError('LABEL_TYPE', `Column '${col.name}' has type ${col.type}; a regression evaluation needs numeric label and prediction columns.`, { column: col.name, type: col.type });
    return { task, hasScores: false, classes: null, positive: null, threshold: null, labelExpr: numberExpr(label), valueExprs: [numberExpr(pred)], multiclassProbabilities: false };
  }
  if (task === 'binary') {
    const { classes, positive } = await binaryLabels(engine, src, label, c.positive, run);
    const predValues = (await distinctValues(engine, src, pred, 3, run)).values.map((v) => v.value);
    const unknown = predValues.find((v) => !classes.includes(v) && !(isOne(v) && isOne(positive)) && !(isZero(v) && isZero(classes[0]!)));
    if (unknown !== undefined || predValues.length > 2) throw new InputError('PREDICTION_VALUES', `Prediction column '${pred.name}' holds '${unknown ?? predValues[2]}', which is not a value of the label '${label.name}' (${classes.join(', ')}). Binary predictions must use the label's values.`, { column: pred.name });
    const predPositive = predValues.find((v) => v === positive || (isOne(v) && isOne(positive))) ?? positive;
    return { task, hasScores: false, classes, positive, threshold: 0.5, labelExpr: positiveExpr(label, positive), valueExprs: [positiveExpr(pred, predPositive)], multiclassProbabilities: false };
  }
  const lv = await distinctValues(engine, src, label, MAX_CLASSES, run);
  const pv = await distinctValues(engine, src, pred, MAX_CLASSES, run);
  const classes = sortClasses([...new Set([...lv.values, ...pv.values].map((v) => v.value))]);
  if (lv.more || pv.more || classes.length > MAX_CLASSES) throw new InputError('TOO_MANY_CLASSES', `Label '${label.name}' and prediction '${pred.name}' hold more than ${MAX_CLASSES} classes; a multiclass evaluation supports up to ${MAX_CLASSES}. For a numeric target use --task regression.`, { column: label.name });
  return { task, hasScores: false, classes, positive: null, threshold: null, labelExpr: codeExpr(label, classes), valueExprs: [codeExpr(pred, classes)], multiclassProbabilities: false };
}

async function planModel(engine: Engine, src: Source, label: ColumnInfo, c: InputColumns, m: { task: EvalTask; columns: string[] }, run: RunOptions): Promise<InputPlan> {
  const cols = m.columns.map((name) => requireColumn(src, name, 'Model output'));
  if (m.task === 'regression') {
    if (!isNumeric(label)) throw new InputError('LABEL_TYPE', `Label column '${label.name}' has type ${label.type}; a regression model's label must be numeric.`, { column: label.name });
    return { task: 'regression', hasScores: false, classes: null, positive: null, threshold: null, labelExpr: numberExpr(label), valueExprs: [numberExpr(cols[0]!)], multiclassProbabilities: false };
  }
  if (m.task === 'binary') {
    const { classes, positive } = await binaryLabels(engine, src, label, c.positive, run);
    return { task: 'binary', hasScores: true, classes, positive, threshold: c.threshold ?? 0.5, labelExpr: binaryLabelExpr(label, classes, positive), valueExprs: [numberExpr(cols[0]!)], multiclassProbabilities: false };
  }
  const k = cols.length;
  if (!isNumeric(label)) throw new InputError('LABEL_TYPE', `Label column '${label.name}' has type ${label.type}; a multiclass model's labels must be class indices 0…${k - 1}. Encode the label before evaluating.`, { column: label.name });
  const bad = await nonIndexValue(engine, src, label, k, run);
  if (bad !== undefined) throw new InputError('LABEL_VALUES', `Label column '${label.name}' holds ${bad}, but the model predicts ${k} classes, so labels must be class indices 0…${k - 1}.`, { column: label.name, value: bad });
  return { task: 'multiclass', hasScores: true, classes: Array.from({ length: k }, (_, i) => String(i)), positive: null, threshold: null, labelExpr: numberExpr(label), valueExprs: cols.map(numberExpr), multiclassProbabilities: true };
}

/** A numeric 0/1 label is read as it is; anything else is compared with the positive value. */
function binaryLabelExpr(label: ColumnInfo, classes: string[], positive: string): string {
  return isNumeric(label) && !/BOOLEAN/i.test(label.type) && isZero(classes[0]!) && isOne(positive) ? numberExpr(label) : positiveExpr(label, positive);
}

/** The two label values, negative first, and which one is positive (--positive, else 1 / true). */
async function binaryLabels(engine: Engine, src: Source, label: ColumnInfo, positiveOpt: string | undefined, run: RunOptions): Promise<{ classes: string[]; positive: string }> {
  const { values, more } = await distinctValues(engine, src, label, 2, run);
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

async function guessTask(engine: Engine, src: Source, label: ColumnInfo, pred: ColumnInfo, run: RunOptions): Promise<EvalTask> {
  const lv = await distinctValues(engine, src, label, REGRESSION_MIN_DISTINCT, run);
  if (isNumeric(label) && !/BOOLEAN/i.test(label.type) && (lv.more || lv.values.some((v) => !Number.isInteger(Number(v))))) return 'regression';
  const pv = await distinctValues(engine, src, pred, 3, run);
  return new Set([...lv.values, ...pv.values].map((v) => v.value)).size <= 2 ? 'binary' : 'multiclass';
}
