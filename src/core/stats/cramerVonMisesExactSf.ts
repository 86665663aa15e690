function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * Exact p-value P(U ≥ s) of the two-sample Cramér–von Mises statistic U (Anderson 1962, eq. 10) for sample
 * sizes m, n, by the frequency-table recursion of Xiao, Gordon & Yakovlev (2006, J. Stat. Softw. 17(8),
 * Algorithm 1), as scipy 1.10's _pval_cvm_2samp_exact: with L = lcm(m, n), a = L/m, b = L/n, tables
 * g_{u,v} of (value → path count) are built column by column adding (a·v − b·u)²; the p-value is the share
 * of the C(m+n, m) paths whose value is ≥ ζ = ⌊L²(m+n)(6s − mn(4mn−1)) / (6m²n²)⌋.
 * Exponential in nothing, but O(m·n·|table|): scipy (and the cramer_von_mises drift test) only use it for
 * max(m, n) ≤ 20.
 */
export function cramerVonMisesExactSf(s: number, m: number, n: number): number {
  let a0 = m;
  let b0 = n;
  while (b0 !== 0) [a0, b0] = [b0, a0 % b0];
  const lcm = (m / a0) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = Math.floor((lcm * lcm * (m + n) * (6 * s - mn * (4 * mn - 1))) / (6 * mn * mn));
  let gs: Map<number, number>[] = [new Map([[0, 1]])];
  for (let v = 0; v < m; v++) gs.push(new Map());
  for (let u = 0; u <= n; u++) {
    const next: Map<number, number>[] = [];
    let tmp = new Map<number, number>();
    for (let v = 0; v < gs.length; v++) {
      const g = gs[v]!;
      const shift = (a * v - b * u) ** 2;
      const merged = new Map<number, number>();
      for (const [val, f] of tmp) merged.set(val + shift, f);
      for (const [val, f] of g) merged.set(val + shift, (merged.get(val + shift) ?? 0) + f);
      tmp = merged;
      next.push(tmp);
    }
    gs = next;
  }
  let hits = 0;
  for (const [val, f] of gs[m]!) if (val >= zeta) hits += f;
  return hits / binomial(m + n, m);
}
