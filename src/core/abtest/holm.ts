/**
 * Holm's step-down adjustment (statsmodels multipletests(method='holm')): with p-values sorted ascending
 * p₍₁₎ ≤ … ≤ p₍ₘ₎, adj₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎); reject where adj ≤ α. Returned in input order.
 */
export function holm(pValues: readonly number[], alpha = 0.05): { adjusted: number[]; reject: boolean[] } {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m).fill(NaN);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return { adjusted, reject: adjusted.map((a) => a <= alpha) };
}
