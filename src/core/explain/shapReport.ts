import type { FeatureMatrix, Model } from '../models/types';
import type { ExplainAlgorithm, ExplainerId, ExplainOptions, ExplainReport, ExplainRow } from './explainer';

/** Relative additivity tolerance of the Shapley explainers: |Σφ + base − f(x)| ≤ ADDITIVITY_TOL · max(1, max|f|). */
export const ADDITIVITY_TOL = 1e-6;

export const featureNamesOf = (model: Model): string[] => model.featureNames ?? Array.from({ length: model.numFeatures }, (_, j) => `f${j}`);

/**
 * An ExplainReport from Shapley values `phi` (n × groups × (F + 1), bias last) in margin space: per-row
 * predictions, mean |φ| per feature (summed over classes), and the additivity check against the margin.
 * `interactions` (n × groups × (F+1) × (F+1)) is attached per row when given.
 */
export function shapReport(
  model: Model, X: FeatureMatrix, n: number, phi: Float64Array, bias: Float64Array, options: ExplainOptions,
  method: ExplainerId, algorithm: ExplainAlgorithm, interactions: Float64Array | null = null,
): ExplainReport {
  const F = model.numFeatures;
  const G = model.numGroups;
  const margin = model.predictMargin(X, n);
  const pred = model.transform(margin, n);
  const W = F + 1;
  const features = featureNamesOf(model);
  const meanAbs = new Float64Array(F);
  let maxAbsError = 0;
  let scale = 1;
  const rows: ExplainRow[] = [];
  const perClass = <T>(f: (g: number) => T): T | T[] => (G === 1 ? f(0) : Array.from({ length: G }, (_, g) => f(g)));
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < G; g++) {
      const o = (r * G + g) * W;
      let sum = 0;
      for (let j = 0; j <= F; j++) sum += phi[o + j]!;
      for (let j = 0; j < F; j++) meanAbs[j]! += Math.abs(phi[o + j]!) / Math.max(1, n);
      const err = Math.abs(sum - margin[r * G + g]!);
      maxAbsError = Number.isNaN(err) || Number.isNaN(maxAbsError) ? NaN : Math.max(maxAbsError, err);
      scale = Math.max(scale, Math.abs(margin[r * G + g]!));
    }
    const row: ExplainRow = {
      index: options.rowIndices?.[r] ?? r,
      prediction: model.outputWidth === 1 ? pred[r]! : Array.from(pred.subarray(r * G, (r + 1) * G)),
      contributions: perClass((g) => Array.from(phi.subarray((r * G + g) * W, (r * G + g) * W + F))) as number[] | number[][],
    };
    if (interactions) {
      const m = interactions;
      row.interactions = perClass((g) => Array.from({ length: W }, (_, i) => Array.from(m.subarray(((r * G + g) * W + i) * W, ((r * G + g) * W + i + 1) * W)))) as number[][] | number[][][];
    }
    rows.push(row);
  }
  const tolerance = ADDITIVITY_TOL * scale;
  return {
    model: options.modelName ?? 'model',
    dataset: options.datasetName ?? 'dataset',
    method,
    algorithm,
    // No link (e.g. an ONNX classifier's probabilities): the contributions are in the output itself.
    output: model.link !== 'identity' ? 'margin' : model.outputKind === 'probability' ? 'probability' : 'value',
    features,
    baseValue: perClass((g) => bias[g]!),
    rows,
    global: features.map((feature, j) => ({ feature, meanAbs: meanAbs[j]! })).sort((a, b) => b.meanAbs - a.meanAbs),
    additivity: { maxAbsError, tolerance, ok: maxAbsError <= tolerance },
  };
}
