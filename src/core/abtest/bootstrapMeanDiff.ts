import { percentileSorted } from '../stats/percentile';
import { CancelledError } from '../errors';

/**
 * Percentile bootstrap interval of mean_t − mean_c (Efron & Tibshirani 1993, §13.3): each draw resamples both arms
 * with replacement (independently, sizes fixed) and the interval is the α/2 and 1 − α/2 percentiles of the draws
 * (numpy's linear interpolation). For heavy-tailed metrics such as revenue, where the t interval can be off.
 * Indices come from a seeded 32-bit mulberry32 stream (index = ⌊u₃₂·n / 2³²⌋, no modulo bias beyond 2⁻³²·n), so
 * the interval is reproducible; one 32-bit draw per index keeps 1000 draws of 10⁵ units to about a second.
 */
export function bootstrapMeanDiff(t: Float64Array, c: Float64Array, draws: number, seed: number, alpha = 0.05): [number, number] {
  const b = bootstrapDraws(t, c, draws, seed);
  while (b.step(draws)) { /* all at once */ }
  return b.interval(alpha);
}

/** The same draws in batches, yielding to the event loop between them and stopping when `signal` aborts. */
export async function bootstrapMeanDiffAsync(t: Float64Array, c: Float64Array, draws: number, seed: number, alpha = 0.05, signal?: AbortSignal): Promise<[number, number]> {
  const b = bootstrapDraws(t, c, draws, seed);
  const batch = Math.max(1, Math.floor(2e6 / Math.max(1, t.length + c.length)));
  while (b.step(batch)) {
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new CancelledError();
  }
  return b.interval(alpha);
}

function bootstrapDraws(t: Float64Array, c: Float64Array, draws: number, seed: number): { step(k: number): boolean; interval(alpha: number): [number, number] } {
  let a = seed >>> 0;
  // mulberry32 inlined in the hot loop (a closure per index costs several times more).
  const mean = (v: Float64Array): number => {
    let s = 0;
    const n = v.length;
    const scale = n / 4294967296;
    let st = a;
    for (let i = 0; i < n; i++) {
      st = (st + 0x6d2b79f5) | 0;
      let x = Math.imul(st ^ (st >>> 15), st | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      s += v[((((x ^ (x >>> 14)) >>> 0) * scale) | 0)]!;
    }
    a = st >>> 0;
    return s / n;
  };
  const diffs = new Float64Array(draws);
  let done = 0;
  return {
    /** Run up to k more draws; true while draws remain. */
    step(k: number): boolean {
      const end = Math.min(draws, done + k);
      for (; done < end; done++) diffs[done] = mean(t) - mean(c);
      return done < draws;
    },
    interval(alpha: number): [number, number] {
      const sorted = Array.from(diffs).sort((x, y) => x - y);
      return [percentileSorted(sorted, alpha / 2), percentileSorted(sorted, 1 - alpha / 2)];
    },
  };
}
