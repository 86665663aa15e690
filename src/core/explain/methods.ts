import { InputError } from '../errors';
import type { Model } from '../models/types';
import { treeExplainer, type Explainer } from './explainer';
import { kernelExplainer } from './kernelShap';
import { limeExplainer } from './lime';
import { linearExplainer } from './linearShap';
import { permutationExplainer } from './permutationShap';

/** Methods `explain` accepts; only those with an explainer in EXPLAINERS run. */
export const METHODS = ['auto', 'tree', 'linear', 'kernel', 'permutation', 'lime'] as const;
export type ExplainMethod = (typeof METHODS)[number];

/** Implemented explainers, in the order `auto` tries them. */
export const EXPLAINERS: readonly Explainer[] = [treeExplainer, linearExplainer, kernelExplainer, permutationExplainer, limeExplainer];

/**
 * The explainer for `method`: `auto` picks the first explainer that supports the model (TreeSHAP for tree
 * models, exact linear SHAP for linear models and linear pipelines, Kernel SHAP otherwise). A method that
 * does not apply is refused, never approximated by another.
 *
 * @throws InputError METHOD_NOT_AVAILABLE — method not implemented, or not applicable to this model.
 */
export function chooseExplainer(method: ExplainMethod, model: Model): Explainer {
  const usable = EXPLAINERS.filter((x) => x.supports(model));
  const available = usable.map((x) => x.id).join(', ') || 'none';
  const pick = method === 'auto' ? usable[0] : EXPLAINERS.find((x) => x.id === method);
  if (!pick || !pick.supports(model)) {
    throw new InputError(
      'METHOD_NOT_AVAILABLE',
      `Explanation method '${method}' is not available for this ${model.kind} model; available: ${method === 'auto' ? 'none' : `auto, ${available}`}.`,
      { method, available: usable.map((x) => x.id) },
    );
  }
  return pick;
}
