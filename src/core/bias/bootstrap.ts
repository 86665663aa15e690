import { multinomial, type RandomSource } from '../random';
import { percentileSorted } from '../stats/percentile';
import { evaluate, evaluationKeys, evaluationValues, type EvaluateOptions } from './evaluate';
import { applyRollUp, finestCells, planRollUp } from './rollUp';
import type { ConfusionTable } from './types';
import { checkBootstrapWork } from './attributeLimits';

/**
 * Stratified bootstrap from counts. Resampling the n rows of a cell with replacement gives
 * multinomial(n; tp/n, fp/n, fn/n, tn/n) confusion counts, so each draw resamples every cell of the
 * finest partition (the full intersection of all sensitive attributes) that way and rolls the
 * cells up: every attribute, intersection and the overall group come from the SAME draw, and all
 * group sizes stay fixed (a stratified bootstrap — it reflects sampling noise within groups, not in
 * the group mix). Intervals are percentile intervals (Efron & Tibshirani 1993, §13.3) with numpy's
 * default linear interpolation; draws where a metric is undefined are left out and counted.
 * Caveats: intervals of max−min style disparities are biased upward when groups are truly equal
 * (the max of noisy values exceeds the true max), and when no privileged group is given the
 * reference (highest selection rate) is re-chosen in every draw.
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

export function bootstrapIntervals(table: ConfusionTable, options: BootstrapOptions): Map<string, Interval> {
  const cells = finestCells(table.attributes, table.groups);
  checkBootstrapWork(cells.length, options.draws);
  const plan = planRollUp(table.attributes, cells);
  const keys = evaluationKeys(evaluate(table.attributes, table, options));
  const k = keys.length;
  const draws = options.draws;
  const values = new Float64Array(draws * k);
  for (let d = 0; d < draws; d++) {
    const drawn = cells.map((c) => {
      const [tp = 0, fp = 0, fn = 0, tn = 0] = multinomial(c.counts.n, [c.counts.tp, c.counts.fp, c.counts.fn, c.counts.tn], options.rng);
      return { n: c.counts.n, tp, fp, fn, tn };
    });
    evaluationValues(evaluate(table.attributes, applyRollUp(plan, drawn), options), values, d * k);
  }
  const alpha = (1 - options.level) / 2;
  const out = new Map<string, Interval>();
  const column: number[] = [];
  for (let j = 0; j < k; j++) {
    column.length = 0;
    for (let d = 0; d < draws; d++) {
      const v = values[d * k + j] ?? NaN;
      if (!Number.isNaN(v)) column.push(v);
    }
    if (column.length === 0) continue;
    column.sort((a, b) => a - b);
    out.set(keys[j] ?? '', { lo: percentileSorted(column, alpha), hi: percentileSorted(column, 1 - alpha), undefinedDraws: draws - column.length });
  }
  return out;
}
