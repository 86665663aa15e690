/**
 * Always-valid inference by the mixture sequential probability ratio test (mSPRT) with a normal mixture
 * (Johari, Koomen, Pekelis & Walsh 2017, "Peeking at A/B tests", KDD; Robbins 1970).
 *
 * At each look, θ̂ is the difference of means and V its variance (s_t²/n_t + s_c²/n_c, plugged in). Mixing the
 * likelihood ratio of N(θ, V) against θ₀ over θ ~ N(θ₀, τ²) gives
 *   Λ = √(V/(V+τ²)) · exp(τ²(θ̂−θ₀)² / (2V(V+τ²))).
 * The always-valid p-value is p_n = min(p_{n−1}, 1/Λ_n) (p₀ = 1): it never increases, and stopping the first time
 * p_n ≤ α keeps the false-positive rate ≤ α however often one peeks. Inverting Λ ≥ 1/α gives the confidence
 * sequence θ̂ ± √( V(V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V)) ), intersected with the earlier ones.
 *
 * τ² (the mixing variance) sets which effects the test is quickest to detect, effects of about τ in size. Model
 * Lens uses τ = 10% of the control mean, i.e. it is tuned to relative lifts of the order of ±10% (override with
 * `mixingSd`). τ should be chosen before the data; the control mean is not the effect, so it biases nothing.
 */
export interface SequentialLook {
  /** Label of the look (a day or hour), or 'final'. */
  at: string;
  nTreatment: number;
  nControl: number;
  diff: number;
  variance: number;
  /** Always-valid p-value so far (non-increasing). */
  pValue: number;
  /** Confidence sequence at this look (running intersection), [lo, hi]. */
  ci: [number, number];
}

export function logMixtureLr(diff: number, variance: number, tau2: number, theta0 = 0): number {
  const d = diff - theta0;
  return 0.5 * Math.log(variance / (variance + tau2)) + (tau2 * d * d) / (2 * variance * (variance + tau2));
}

export function confidenceSequenceRadius(variance: number, tau2: number, alpha: number): number {
  return Math.sqrt(((variance * (variance + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)));
}

/** Run the mSPRT over cumulative looks (each look: cumulative n, diff and variance up to then). */
export function msprt(looks: readonly { at: string; nTreatment: number; nControl: number; diff: number; variance: number }[], tau2: number, alpha = 0.05): SequentialLook[] {
  let p = 1;
  let lo = -Infinity;
  let hi = Infinity;
  const out: SequentialLook[] = [];
  for (const l of looks) {
    if (!(l.variance > 0) || !Number.isFinite(l.diff)) continue;
    p = Math.min(p, Math.exp(-logMixtureLr(l.diff, l.variance, tau2)));
    const r = confidenceSequenceRadius(l.variance, tau2, alpha);
    lo = Math.max(lo, l.diff - r);
    hi = Math.min(hi, l.diff + r);
    out.push({ ...l, pValue: p, ci: [lo, hi] });
  }
  return out;
}
