import { treeShap } from '../explain/treeShap';
import type { Model } from '../models/types';
import { featureNamesOf } from './metadataDiff';

export interface ShapShift {
  feature: string;
  /** Mean |SHAP| (margin units, summed over classes) in A; null when A does not use the feature. */
  a: number | null;
  b: number | null;
  delta: number | null;
  rankA: number | null;
  rankB: number | null;
}

/** Global importance as mean |φ_j| over rows (exact TreeSHAP), per feature name. */
function meanAbsShap(m: Model, X: Float32Array, n: number): Map<string, number> {
  const out = new Map<string, number>();
  if (!m.trees || n === 0) return out;
  const F = m.numFeatures;
  const G = m.trees.numGroups;
  const phi = treeShap(m.trees, m.baseMargin, X, n, F);
  const names = featureNamesOf(m);
  for (let j = 0; j < F; j++) {
    let s = 0;
    for (let r = 0; r < n; r++) for (let g = 0; g < G; g++) s += Math.abs(phi[(r * G + g) * (F + 1) + j]!);
    out.set(names[j]!, s / n);
  }
  return out;
}

const ranks = (m: Map<string, number>): Map<string, number> => new Map([...m].sort((x, y) => y[1] - x[1]).map(([k], i) => [k, i + 1]));

/** The shift in global SHAP importance from A to B over the same rows; null unless both are tree models. */
export function shapShift(a: Model, xa: Float32Array, b: Model, xb: Float32Array, n: number): ShapShift[] | null {
  if (!a.trees || !b.trees || n === 0) return null;
  const ia = meanAbsShap(a, xa, n);
  const ib = meanAbsShap(b, xb, n);
  const ra = ranks(ia);
  const rb = ranks(ib);
  const names = [...new Set([...ia.keys(), ...ib.keys()])];
  return names
    .map((feature) => {
      const va = ia.get(feature) ?? null;
      const vb = ib.get(feature) ?? null;
      return { feature, a: va, b: vb, delta: va !== null && vb !== null ? vb - va : null, rankA: ra.get(feature) ?? null, rankB: rb.get(feature) ?? null };
    })
    .sort((x, y) => Math.max(y.a ?? 0, y.b ?? 0) - Math.max(x.a ?? 0, x.b ?? 0));
}
