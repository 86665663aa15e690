/** For each feature, the feature it interacts with most. */
export interface StrongestInteraction {
  feature: string;
  /** null when no other feature has a non-zero interaction (e.g. a single feature, or unused features). */
  partner: string | null;
  /** Mean over rows of |Φ_ij| (summed over classes) for the partner. */
  strength: number;
}

/**
 * The strongest interacting feature of every feature from SHAP interaction values (treeShapInteractions
 * layout: n × groups × (F+1) × (F+1), bias last): partner(i) = argmax_{j≠i} mean_r Σ_g |Φ_{r,g,i,j}|.
 * This is what shap's dependence_plot colours by when given interaction values; ties go to the lower index.
 */
export function strongestInteractions(values: Float64Array, n: number, groups: number, features: readonly string[]): StrongestInteraction[] {
  const F = features.length;
  const W = F + 1;
  const sum = new Float64Array(F * F);
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < groups; g++) {
      const base = (r * groups + g) * W * W;
      for (let i = 0; i < F; i++) for (let j = 0; j < F; j++) if (i !== j) sum[i * F + j]! += Math.abs(values[base + i * W + j]!);
    }
  }
  return features.map((feature, i) => {
    let best = -1;
    let strength = 0;
    for (let j = 0; j < F; j++) {
      const v = sum[i * F + j]! / Math.max(1, n);
      if (j !== i && v > strength) {
        best = j;
        strength = v;
      }
    }
    return { feature, partner: best < 0 ? null : features[best]!, strength };
  });
}
