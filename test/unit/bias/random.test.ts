import { strict as assert } from 'node:assert';
import { binomial, multinomial, mulberry32 } from '../../../src/core/random';

describe('core/random: seeded PRNG and exact binomial/multinomial samplers', () => {
  it('mulberry32 is reproducible and uniform on [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 20000 }, () => a());
    assert.deepEqual(xs.slice(0, 5), Array.from({ length: 5 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`); // sd of the mean ≈ 0.002
    assert.notDeepEqual(xs.slice(0, 5), Array.from({ length: 5 }, mulberry32(43)));
  });

  for (const [n, p] of [[10, 0.3], [1000, 0.02], [1_000_000, 0.37], [50_000_000, 0.9]] as const) {
    it(`binomial(${n}, ${p}): mean and variance match np and np(1−p) (4000 draws, 5-sigma bounds)`, () => {
      const rng = mulberry32(7);
      const draws = Array.from({ length: 4000 }, () => binomial(n, p, rng));
      assert.ok(draws.every((k) => Number.isInteger(k) && k >= 0 && k <= n));
      const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
      const v = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1);
      const mu = n * p;
      const sigma2 = n * p * (1 - p);
      assert.ok(Math.abs(mean - mu) < 5 * Math.sqrt(sigma2 / draws.length), `mean ${mean} vs ${mu}`);
      // var of the sample variance ≈ 2σ⁴/(m−1) for near-normal draws
      assert.ok(Math.abs(v - sigma2) < 5 * sigma2 * Math.sqrt(2 / (draws.length - 1)) + 0.05, `var ${v} vs ${sigma2}`);
    });
  }

  // Goodness of fit against the exact pmf (log-space recurrence), cells with expected count ≥ 5 pooled
  // at the tails; statistic must stay below df + 5·sqrt(2·df) (≈ 5 sigma of the χ² distribution).
  for (const [n, p, method] of [[50, 0.1, 'inversion'], [40, 0.3, 'BTRS'], [1000, 0.3, 'BTRS'], [200, 0.85, 'BTRS by symmetry'], [1_000_000, 0.001, 'BTRS']] as const) {
    it(`binomial(${n}, ${p}) [${method}] passes a chi-square test against the exact pmf (20000 draws)`, () => {
      const rng = mulberry32(11);
      const draws = 20000;
      const counts = new Map<number, number>();
      for (let i = 0; i < draws; i++) { const k = binomial(n, p, rng); counts.set(k, (counts.get(k) ?? 0) + 1); }
      const expected: number[] = [];
      let lp = n * Math.log1p(-p);
      for (let k = 0; k <= n; k++) {
        expected.push(draws * Math.exp(lp));
        lp += Math.log((n - k) / (k + 1)) + Math.log(p / (1 - p));
      }
      const rest: number[] = new Array<number>(n + 2).fill(0); // rest[k] = Σ_{j≥k} expected[j]
      for (let k = n; k >= 0; k--) rest[k] = (rest[k + 1] ?? 0) + (expected[k] ?? 0);
      let chi2 = 0, df = -1, accE = 0, accO = 0;
      for (let k = 0; k <= n; k++) {
        accE += expected[k] ?? 0;
        accO += counts.get(k) ?? 0;
        if (accE >= 5 && (rest[k + 1] ?? 0) >= 5) {
          chi2 += (accO - accE) ** 2 / accE; df++; accE = 0; accO = 0;
        }
      }
      if (accE > 0) { chi2 += (accO - accE) ** 2 / accE; df++; }
      assert.ok(df >= 5, `df ${df}`);
      assert.ok(chi2 < df + 5 * Math.sqrt(2 * df), `chi2 ${chi2.toFixed(1)} with df ${df}`);
    });
  }

  it('binomial edge cases: p = 0, p = 1, n = 0', () => {
    const rng = mulberry32(1);
    assert.equal(binomial(100, 0, rng), 0);
    assert.equal(binomial(100, 1, rng), 100);
    assert.equal(binomial(0, 0.5, rng), 0);
    assert.throws(() => binomial(2.5, 0.5, rng), RangeError);
  });

  it('multinomial keeps the total, never fills an empty cell, and has the right cell means', () => {
    const rng = mulberry32(3);
    const w = [500, 0, 300, 200];
    const sums = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) {
      const x = multinomial(1000, w, rng);
      assert.equal(x.reduce((s, v) => s + v, 0), 1000);
      assert.equal(x[1], 0);
      x.forEach((v, j) => (sums[j] = (sums[j] ?? 0) + v));
    }
    // cell mean 1000·p, sd of the mean sqrt(1000 p(1−p)/2000) ≤ 0.36
    assert.ok(Math.abs((sums[0] ?? 0) / 2000 - 500) < 2);
    assert.ok(Math.abs((sums[2] ?? 0) / 2000 - 300) < 2);
  });
});
