import { InputError } from '../../errors';
import type { LinkKind, OutputKind } from '../types';
import { own } from '../../dict';

export interface ObjectiveSpec {
  link: LinkKind;
  outputKind: OutputKind;
  /** base_score (output space, as stored) -> margin the first tree starts from. */
  baseMargin: (baseScore: number) => number;
}

const identity = (b: number): number => b;

/**
 * logit(p) = -log(1/p - 1), computed in float32 like XGBoost 1.7's
 * LogisticRegression::ProbToMargin (src/objective/regression_loss.h).
 */
function logitMargin(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new InputError('INVALID_MODEL', `XGBoost logistic model has base_score ${p}; it must lie strictly between 0 and 1.`, { baseScore: p });
  }
  return Math.fround(-Math.log(Math.fround(Math.fround(1 / p) - 1)));
}

/** log(base_score), as PoissonRegression::ProbToMargin (src/objective/regression_obj.cu). */
function logMargin(b: number): number {
  if (!(b > 0)) throw new InputError('INVALID_MODEL', `XGBoost count:poisson model has base_score ${b}; it must be > 0.`, { baseScore: b });
  return Math.fround(Math.log(b));
}

/** Explicit table of the supported objectives; anything else is rejected with the list. */
export const OBJECTIVES: Readonly<Record<string, ObjectiveSpec>> = {
  'binary:logistic': { link: 'logit', outputKind: 'probability', baseMargin: logitMargin },
  'reg:logistic': { link: 'logit', outputKind: 'value', baseMargin: logitMargin },
  'binary:logitraw': { link: 'identity', outputKind: 'value', baseMargin: logitMargin },
  'reg:squarederror': { link: 'identity', outputKind: 'value', baseMargin: identity },
  'reg:linear': { link: 'identity', outputKind: 'value', baseMargin: identity },
  'count:poisson': { link: 'log', outputKind: 'value', baseMargin: logMargin },
  'multi:softprob': { link: 'softmax', outputKind: 'probability', baseMargin: identity },
  'multi:softmax': { link: 'softmax', outputKind: 'class', baseMargin: identity },
};

export function objectiveSpec(name: string): ObjectiveSpec {
  const spec = own(OBJECTIVES, name);
  if (!spec) {
    throw new InputError(
      'UNSUPPORTED_OBJECTIVE',
      `XGBoost objective "${name}" is not supported; supported objectives are: ${Object.keys(OBJECTIVES).join(', ')}.`,
      { objective: name, supported: Object.keys(OBJECTIVES) },
    );
  }
  return spec;
}

/**
 * Maps margins (n × groups) to outputs: sigmoid 1/(1+e^-m) for logit, e^m for log, per-class sigmoids
 * normalised to sum 1 for ovr, softmax
 * e^{m_k - max} / Σ_j e^{m_j - max} per row, and for outputKind 'class' the arg-max group
 * (first maximum, as XGBoost's multi:softmax). Returns n × (outputKind === 'class' ? 1 : groups).
 */
export function transformMargin(link: LinkKind, outputKind: OutputKind, margin: Float64Array, n: number, groups: number): Float64Array {
  if (outputKind === 'class') {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let best = 0;
      for (let k = 1; k < groups; k++) if (margin[r * groups + k]! > margin[r * groups + best]!) best = k;
      out[r] = best;
    }
    return out;
  }
  const out = new Float64Array(n * groups);
  if (link === 'ovr') {
    // scikit-learn's one-vs-rest LogisticRegression: each class's sigmoid, normalised across classes.
    for (let r = 0; r < n; r++) {
      const o = r * groups;
      let sum = 0;
      for (let k = 0; k < groups; k++) sum += out[o + k] = 1 / (1 + Math.exp(-margin[o + k]!));
      for (let k = 0; k < groups; k++) out[o + k]! /= sum;
    }
    return out;
  }
  if (link === 'softmax') {
    for (let r = 0; r < n; r++) {
      const o = r * groups;
      let max = -Infinity;
      for (let k = 0; k < groups; k++) max = Math.max(max, margin[o + k]!);
      let sum = 0;
      for (let k = 0; k < groups; k++) sum += out[o + k] = Math.exp(margin[o + k]! - max);
      for (let k = 0; k < groups; k++) out[o + k]! /= sum;
    }
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    const m = margin[i]!;
    out[i] = link === 'logit' ? 1 / (1 + Math.exp(-m)) : link === 'log' ? Math.exp(m) : m;
  }
  return out;
}
