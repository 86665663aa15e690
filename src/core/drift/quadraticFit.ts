/**
 * Least-squares quadratic y ≈ c₀ + c₁(x − x̄) + c₂(x − x̄)² (numpy.polyfit(x, y, 2), centred for conditioning),
 * returned as an evaluator. Normal equations solved by Gaussian elimination with partial pivoting (3×3).
 */
export function quadraticFit(x: readonly number[], y: readonly number[]): (at: number) => number {
  const n = x.length;
  const xbar = x.reduce((s, v) => s + v, 0) / n;
  const S = [0, 0, 0, 0, 0];
  const T = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const d = x[i]! - xbar;
    let pw = 1;
    for (let k = 0; k < 5; k++) {
      S[k] = S[k]! + pw;
      if (k < 3) T[k] = T[k]! + pw * y[i]!;
      pw *= d;
    }
  }
  const M = [
    [S[0]!, S[1]!, S[2]!, T[0]!],
    [S[1]!, S[2]!, S[3]!, T[1]!],
    [S[2]!, S[3]!, S[4]!, T[2]!],
  ];
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[piv]![col]!)) piv = r;
    [M[col], M[piv]] = [M[piv]!, M[col]!];
    for (let r = col + 1; r < 3; r++) {
      const f = M[r]![col]! / M[col]![col]!;
      for (let k = col; k < 4; k++) M[r]![k] = M[r]![k]! - f * M[col]![k]!;
    }
  }
  const c = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = M[r]![3]!;
    for (let k = r + 1; k < 3; k++) s -= M[r]![k]! * c[k]!;
    c[r] = s / M[r]![r]!;
  }
  return (at) => {
    const d = at - xbar;
    return c[0]! + c[1]! * d + c[2]! * d * d;
  };
}
