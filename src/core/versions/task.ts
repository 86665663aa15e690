import { InputError } from '../errors';
import type { Model } from '../models/types';
import type { Task } from './metrics';

/** The evaluation task of a model's output: probabilities of 2 classes → binary, of k → multiclass, values → regression. */
export function taskOf(m: Model): Task {
  if (m.outputKind === 'value') return 'regression';
  if (m.outputKind === 'probability' && m.outputWidth === 1) return 'binary';
  return 'multiclass';
}

/** Both models must answer the same question to be compared on data. */
export function commonTask(a: Model, b: Model): Task {
  const ta = taskOf(a);
  const tb = taskOf(b);
  if (ta !== tb) throw new InputError('MODELS_INCOMPATIBLE', `Model A is a ${ta} model (${a.objective}) but model B is a ${tb} model (${b.objective}); their predictions cannot be compared on data. Compare metadata only (omit --data).`, { a: ta, b: tb });
  if (ta === 'multiclass' && a.numClasses !== b.numClasses) throw new InputError('MODELS_INCOMPATIBLE', `Model A predicts ${a.numClasses} classes but model B predicts ${b.numClasses}; their predictions cannot be compared on data.`, { a: a.numClasses, b: b.numClasses });
  return ta;
}

/**
 * n × width outputs comparable between models: binary → P(class 1), regression → value, multiclass →
 * class probabilities; a multi:softmax model (class index output) becomes one-hot rows.
 */
export function comparableOutput(m: Model, out: Float64Array, n: number): { p: Float64Array; width: number } {
  if (m.outputKind !== 'class') return { p: out, width: m.outputWidth };
  const k = Math.max(2, m.numClasses);
  const p = new Float64Array(n * k);
  for (let i = 0; i < n; i++) p[i * k + out[i]!] = 1;
  return { p, width: k };
}
