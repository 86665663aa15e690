import type { MaybeNumber } from './types';

/**
 * fairlearn's aggregations of a per-group metric (MetricFrame.difference / .ratio, fairlearn ≥ 0.7,
 * https://fairlearn.org/main/api_reference/generated/fairlearn.metrics.MetricFrame.html):
 *
 *   between_groups: difference = max_g m_g − min_g m_g         ratio = min_g m_g / max_g m_g
 *   to_overall:     difference = max_g |m_g − m_overall|       ratio = min_g min(m_g/m_overall, m_overall/m_g)
 *
 * Only "eligible" groups enter: a group whose value is undefined (e.g. TPR with no actual positives)
 * or which is flagged small is left out and named, never turned into 0 or NaN. Fewer than two
 * eligible groups leaves the comparison undefined (fairlearn would report 0 for a single group;
 * we say "nothing to compare" instead).
 */
export interface GroupValue {
  group: string;
  value: MaybeNumber;
  small: boolean;
}

export interface Comparison extends MaybeNumber {
  /** Group attaining the minimum / maximum (between groups) or the largest gap (to overall). */
  minGroup?: string;
  maxGroup?: string;
  worstGroup?: string;
  excludedSmall: string[];
  excludedUndefined: string[];
}

interface Eligible {
  list: { group: string; v: number }[];
  excludedSmall: string[];
  excludedUndefined: string[];
}

function eligible(groups: readonly GroupValue[]): Eligible {
  const list: { group: string; v: number }[] = [];
  const excludedSmall: string[] = [];
  const excludedUndefined: string[] = [];
  for (const g of groups) {
    if (g.small) excludedSmall.push(g.group);
    else if (g.value.value === null) excludedUndefined.push(g.group);
    else list.push({ group: g.group, v: g.value.value });
  }
  return { list, excludedSmall, excludedUndefined };
}

function tooFew(e: Eligible): Comparison | undefined {
  if (e.list.length >= 2) return undefined;
  const why = e.excludedSmall.length + e.excludedUndefined.length > 0 ? ' after leaving out small groups and groups where the metric is undefined' : '';
  return { value: null, reason: `fewer than two groups to compare${why}`, excludedSmall: e.excludedSmall, excludedUndefined: e.excludedUndefined };
}

function extremes(e: Eligible): { min: { group: string; v: number }; max: { group: string; v: number } } {
  let min = e.list[0] ?? { group: '', v: 0 };
  let max = min;
  for (const x of e.list) {
    if (x.v < min.v) min = x;
    if (x.v > max.v) max = x;
  }
  return { min, max };
}

export function differenceBetweenGroups(groups: readonly GroupValue[]): Comparison {
  const e = eligible(groups);
  const few = tooFew(e);
  if (few) return few;
  const { min, max } = extremes(e);
  return { value: max.v - min.v, minGroup: min.group, maxGroup: max.group, excludedSmall: e.excludedSmall, excludedUndefined: e.excludedUndefined };
}

export function ratioBetweenGroups(groups: readonly GroupValue[]): Comparison {
  const e = eligible(groups);
  const few = tooFew(e);
  if (few) return few;
  const { min, max } = extremes(e);
  const base = { minGroup: min.group, maxGroup: max.group, excludedSmall: e.excludedSmall, excludedUndefined: e.excludedUndefined };
  if (max.v === 0) return { value: null, reason: 'every compared group has the value 0, so min/max is 0/0', ...base };
  return { value: min.v / max.v, ...base };
}

export function differenceToOverall(groups: readonly GroupValue[], overall: MaybeNumber): Comparison {
  const e = eligible(groups);
  const few = tooFew(e);
  if (few) return few;
  const ex = { excludedSmall: e.excludedSmall, excludedUndefined: e.excludedUndefined };
  if (overall.value === null) return { value: null, reason: `overall value is undefined (${overall.reason ?? 'unknown'})`, ...ex };
  const o = overall.value;
  let worst = e.list[0] ?? { group: '', v: o };
  for (const x of e.list) if (Math.abs(x.v - o) > Math.abs(worst.v - o)) worst = x;
  return { value: Math.abs(worst.v - o), worstGroup: worst.group, ...ex };
}

export function ratioToOverall(groups: readonly GroupValue[], overall: MaybeNumber): Comparison {
  const e = eligible(groups);
  const few = tooFew(e);
  if (few) return few;
  const ex = { excludedSmall: e.excludedSmall, excludedUndefined: e.excludedUndefined };
  if (overall.value === null) return { value: null, reason: `overall value is undefined (${overall.reason ?? 'unknown'})`, ...ex };
  const o = overall.value;
  if (o === 0) return { value: null, reason: 'overall value is 0, so the ratio to overall is undefined', ...ex };
  let worst = { group: '', r: Infinity };
  for (const x of e.list) {
    const r = x.v === 0 ? 0 : Math.min(x.v / o, o / x.v);
    if (r < worst.r) worst = { group: x.group, r };
  }
  return { value: worst.r, worstGroup: worst.group, ...ex };
}
