/** For each feature, the feature it interacts with most. */
export interface StrongestInteraction {
  feature: string;
  /** null when no other feature has a non-zero interaction (e.g. a single feature, or unused features). */
  partner: string | null;
  /** Mean over rows of |Φ_ij| (summed over classes) for the partner. */
  strength: number;
}

/**
 * Adds Σ_g |Φ_{r,g,i,j}| over the n rows of `values` (treeShapInteractions layout: n × groups × (F+1) × (F+1),
 * bias last) into `into` (F × F, row-major), so rows can be processed in chunks.
 */
export function addInteractionSums(values: Float64Array, n: number, groups: number, F: number, into: Float64Array): void {
  const W = F + 1;
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < groups; g++) {
      const base = (r * groups + g) * W * W;
      for (let i = 0; i < F; i++) for (let j = 0; j < F; j++) if (i !== j) into[i * F + j]! += Math.abs(values[base + i * W + j]!);
    }
  }
}

/** partner(i) = argmax_{j≠i} sums[i, j] / n; ties go to the lower index, all-zero rows have no partner. */
export function partnersFromSums(sums: Float64Array, n: number, features: readonly string[]): StrongestInteraction[] {
  const F = features.length;
  return features.map((feature, i) => {
    let best = -1;
    let strength = 0;
    for (let j = 0; j < F; j++) {
      const v = sums[i * F + j]! / Math.max(1, n);
      if (j !== i && v > strength) {
        best = j;
        strength = v;
      }
    }
    return { feature, partner: best < 0 ? null : features[best]!, strength };
  });
}

/**
 * The strongest interacting feature of every feature from SHAP interaction values:
 * partner(i) = argmax_{j≠i} mean_r Σ_g |Φ_{r,g,i,j}|. This is what shap's dependence_plot colours by when given
 * interaction values.
 */
export function strongestInteractions(values: Float64Array, n: number, groups: number, features: readonly string[]): StrongestInteraction[] {
  const sums = new Float64Array(features.length * features.length);
  addInteractionSums(values, n, groups, features.length, sums);
  return partnersFromSums(sums, n, features);
}
