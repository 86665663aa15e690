import { multinomial, type RandomSource } from '../random';
import { evaluate, flattenEvaluation, type AttributeEvaluation, type EvaluateOptions } from './evaluate';
import { finestCells, rollUp } from './rollUp';
import type { ConfusionTable } from './types';

/**
 * Stratified bootstrap from counts. Resampling the n rows of a cell with replacement gives
 * multinomial(n; tp/n, fp/n, fn/n, tn/n) confusion counts, so each draw resamples every cell of the
 * finest partition (the full intersection of all sensitive attributes) that way and rolls the
 * cells up: every attribute, intersection and the overall group come from the SAME draw, and all
 * group sizes stay fixed (a stratified bootstrap — it reflects sampling noise within groups, not in
 * the group mix). Intervals are percentile intervals (Efron & Tibshirani 1993, §13.3) with numpy's
 * default linear interpolation; draws where a metric is undefined are left out and counted.
 */
export interface BootstrapOptions extends EvaluateOptions {
  draws: number;
  /** Two-sided level, e.g. 0.95. */
  level: number;
  rng: RandomSource;
}

export interface Interval {
  lo: number;
  hi: number;
  /** Draws in which the metric was undefined. */
  undefinedDraws: number;
}

/** numpy.percentile(x, 100q) with the default "linear" method, on sorted values. */
export function percentileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? NaN;
  return a + (h - lo) * (b - a);
}

export function bootstrapIntervals(table: ConfusionTable, options: BootstrapOptions): Map<string, Interval> {
  const cells = finestCells(table.attributes, table.groups);
  const samples = new Map<string, number[]>();
  const undef = new Map<string, number>();
  for (let d = 0; d < options.draws; d++) {
    const drawn = cells.map((c) => {
      const [tp = 0, fp = 0, fn = 0, tn = 0] = multinomial(c.counts.n, [c.counts.tp, c.counts.fp, c.counts.fn, c.counts.tn], options.rng);
      return { values: c.values, counts: { n: c.counts.n, tp, fp, fn, tn } };
    });
    const evals: AttributeEvaluation[] = evaluate(table.attributes, rollUp(table.attributes, drawn), options);
    for (const [k, v] of flattenEvaluation(evals)) {
      if (v === null) undef.set(k, (undef.get(k) ?? 0) + 1);
      else {
        const list = samples.get(k);
        if (list) list.push(v);
        else samples.set(k, [v]);
      }
    }
  }
  const alpha = (1 - options.level) / 2;
  const out = new Map<string, Interval>();
  for (const [k, list] of samples) {
    list.sort((a, b) => a - b);
    out.set(k, { lo: percentileSorted(list, alpha), hi: percentileSorted(list, 1 - alpha), undefinedDraws: undef.get(k) ?? 0 });
  }
  return out;
}
