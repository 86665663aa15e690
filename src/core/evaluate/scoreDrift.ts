import { cdfDistanceIntegral } from '../drift/cdfDistance';
import { defaultTest } from '../drift/defaultTest';
import { getDriftTest } from '../drift/registry';
import { mulberry32 } from '../random';
import type { ScoreDrift } from './types';

/**
 * Drift of a window's scores (or predicted values) against the reference's: Evidently's default numeric test
 * (the drift module's policy, drift/defaultTest.ts). For a reference of more than 1,000 rows with more than
 * 5 distinct values that is the normed Wasserstein distance W₁/max(σ_ref, 0.001) (σ population), computed
 * here from the two already-sorted samples with drift's own cdfDistanceIntegral in one merge pass (the same
 * value as drift's 'wasserstein' test, which would rebuild a grid of the reference for every window).
 * Other cases run the registered test itself.
 */
export function numericScoreDrift(reference: Float64Array, current: Float64Array, seed: number): ScoreDrift | null {
  if (reference.length === 0 || current.length === 0) return null;
  let distinct = 0;
  for (const arr of [reference, current]) for (let i = 0; i < arr.length && distinct <= 5; i++) if (i === 0 || arr[i] !== arr[i - 1]) distinct++;
  const choice = defaultTest('numeric', reference.length, distinct);
  const test = getDriftTest(choice.testId);
  if (choice.testId === 'wasserstein') {
    let mean = 0;
    for (let i = 0; i < reference.length; i++) mean += reference[i]!;
    mean /= reference.length;
    let ss = 0;
    for (let i = 0; i < reference.length; i++) ss += (reference[i]! - mean) ** 2;
    const std = Math.sqrt(ss / reference.length);
    const score = cdfDistanceIntegral(reference, current, 1) / Math.max(std, 0.001);
    return { test: 'wasserstein', statistic: score, pValue: null, score, threshold: choice.threshold, drifted: score >= choice.threshold };
  }
  // Few distinct values: Evidently's policy picks a test on categories (z, chisquare), so count them.
  const asCounts = !test.appliesTo.includes('numeric');
  const sample = (v: Float64Array) => (asCounts ? { kind: 'categorical' as const, counts: valueCounts(v) } : { kind: 'numeric' as const, values: v });
  const res = test.run(sample(reference), sample(current), { random: mulberry32(seed) });
  return { test: choice.testId, statistic: res.statistic, pValue: res.pValue, score: res.score, threshold: choice.threshold, drifted: test.scoreKind === 'pValue' ? res.score < choice.threshold : res.score >= choice.threshold };
}

/** Drift of the predicted classes' distribution (category counts) against the reference's. */
export function categoricalScoreDrift(reference: Map<string, number>, current: Map<string, number>, referenceRows: number, seed: number): ScoreDrift | null {
  if (referenceRows === 0 || current.size === 0) return null;
  const choice = defaultTest('categorical', referenceRows, new Set([...reference.keys(), ...current.keys()]).size);
  const test = getDriftTest(choice.testId);
  const res = test.run({ kind: 'categorical', counts: reference }, { kind: 'categorical', counts: current }, { random: mulberry32(seed) });
  return { test: choice.testId, statistic: res.statistic, pValue: res.pValue, score: res.score, threshold: choice.threshold, drifted: test.scoreKind === 'pValue' ? res.score < choice.threshold : res.score >= choice.threshold };
}

function valueCounts(v: Float64Array): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of v) m.set(String(x), (m.get(String(x)) ?? 0) + 1);
  return m;
}
