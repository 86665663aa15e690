import type { LinkKind, OutputKind } from '../models/types';

export interface SentenceInput {
  /** The model's output for the row (probability, value or class index); per class for multiclass. */
  prediction: number | readonly number[];
  /** Contributions in margin space, one per feature; per class (classes × features) for multiclass. */
  contributions: readonly number[] | readonly (readonly number[])[];
  features: readonly string[];
  /** The row's feature values (NaN = missing), to say "credit_score = 751". */
  values?: ArrayLike<number>;
  /** Per feature, the category its value stands for (say "city = Paris"), or null for numbers. */
  labels?: readonly (string | null)[];
  /** Class labels, to say "Predicted class mid" instead of the class index. */
  classes?: readonly string[];
  link: LinkKind;
  outputKind: OutputKind;
  /** How many raising / lowering features to name (default 2 each). */
  top?: number;
}

/** Units of contributions: the margin of a logistic model is in log-odds, of softmax in per-class logits. */
export function contributionUnit(link: LinkKind): string {
  return link === 'logit' ? 'log-odds' : link === 'softmax' ? 'logit' : link === 'log' ? 'log units' : '';
}

const num = (x: number): string => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 1000 ? x.toFixed(0) : String(Number(x.toPrecision(3))));
const signed = (x: number, unit: string): string => `${x >= 0 ? '+' : '−'}${num(Number(Math.abs(x).toPrecision(2)))}${unit ? ` ${unit}` : ''}`;

/**
 * A plain-language summary of one explained row: the prediction, then the features that raised it most
 * (largest positive contributions, descending) and lowered it most (most negative), each with its value and
 * its contribution in the units of the explained output (log-odds for logistic models, the value otherwise).
 * For multiclass models it explains the predicted class (largest probability, or the class index itself).
 * Example: "Predicted probability 0.82; credit_score = 751 raised it most (+1.9 log-odds), then income =
 * 50600 (+0.4 log-odds); debt_to_income = 0.45 lowered it most (−0.8 log-odds)."
 */
export function explainSentence(input: SentenceInput): string {
  const { features, values, link, outputKind } = input;
  const top = input.top ?? 2;
  const unit = contributionUnit(link);
  let phi: readonly number[];
  let head: string;
  if (Array.isArray(input.contributions[0])) {
    const perClass = input.contributions as readonly (readonly number[])[];
    const pred = input.prediction;
    const k = Array.isArray(pred) ? pred.indexOf(Math.max(...pred)) : (pred as number);
    phi = perClass[k] ?? perClass[0]!;
    const cls = input.classes?.[k] ?? String(k);
    head = Array.isArray(pred) ? `Predicted class ${cls} (probability ${num(pred[k]!)})` : `Predicted class ${cls}`;
  } else {
    phi = input.contributions as readonly number[];
    const p = input.prediction as number;
    const of = input.classes?.length === 2 ? ` of class ${input.classes[1]}` : '';
    head = outputKind === 'probability' ? `Predicted probability ${num(p)}${of}` : outputKind === 'class' ? `Predicted class ${p}` : `Predicted ${num(p)}`;
  }
  const name = (j: number): string => {
    const v = values?.[j];
    const label = input.labels?.[j];
    if (label !== undefined && label !== null) return `${features[j]} = ${label}`;
    if (v === undefined) return features[j]!;
    return Number.isNaN(v) ? `${features[j]} (missing)` : `${features[j]} = ${num(v)}`;
  };
  const order = phi.map((_, j) => j);
  const up = order.filter((j) => phi[j]! > 0).sort((a, b) => phi[b]! - phi[a]!).slice(0, top);
  const down = order.filter((j) => phi[j]! < 0).sort((a, b) => phi[a]! - phi[b]!).slice(0, top);
  const list = (js: number[], verb: string): string =>
    js.length === 0 ? `no feature ${verb} it` : js.map((j, i) => `${name(j)}${i === 0 ? ` ${verb} it most` : ''} (${signed(phi[j]!, unit)})`).join(', then ');
  return `${head}; ${list(up, 'raised')}; ${list(down, 'lowered')}.`;
}
