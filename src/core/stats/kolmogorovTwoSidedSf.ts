import { durbinMatrixCdf } from './durbinMatrixCdf';
import { logGamma } from './logGamma';
import { pelzGoodCdf } from './pelzGoodCdf';
import { smirnovSf } from './smirnovSf';

const clip = (p: number): number => Math.min(1, Math.max(0, p));

/**
 * Survival function P(Dₙ ≥ x) of the two-sided one-sample Kolmogorov–Smirnov statistic for finite n
 * (scipy.stats.kstwo.sf, scipy.stats._ksstats._kolmogn with cdf=False). This is what scipy's
 * ks_2samp uses for its asymptotic p-value, with n = round(n₁n₂/(n₁+n₂)).
 *
 * Method selection follows Simard & L'Ecuyer (2011, J. Stat. Softw. 39(11)) exactly as scipy 1.10 does:
 * Ruben–Gambino closed forms at the edges (t = nx ≤ 1 and t ≥ n − 1); 2·smirnov(n, x) for x ≥ ½;
 * for n ≤ 140: Durbin matrix when nx² ≤ 4 (scipy uses Pomeranz for 0.754693 < nx² ≤ 4 — both are exact
 * algorithms, so the results agree to rounding), else 2·smirnov; for n > 140: 0 when nx² ≥ 370,
 * 2·smirnov when nx² ≥ 2.2, otherwise 1 − CDF with the CDF from Durbin (n ≤ 1e5 and n·x^{1.5} ≤ 1.4)
 * or Pelz–Good.
 */
export function kolmogorovTwoSidedSf(n: number, x: number): number {
  if (Number.isNaN(x) || !Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logGamma(n + 1) - n * Math.log(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 4) return clip(1 - durbinMatrixCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}
