import { attributeSets } from './attributeSets';
import type { Comparison } from './disparity';
import { computeBaseMetrics, type BaseMetricId } from './metrics';
import { comparePrivileged, type PrivilegedComparison } from './privileged';
import { computeDisparities, type GroupMetricValues } from './spec';
import { INTERSECTION_SEPARATOR, type ConfusionCounts, type GroupCounts, type MaybeNumber } from './types';

/**
 * From confusion counts to metrics: per group base metrics, the `small` flag (n < minGroupSize),
 * the spec-table disparities and the privileged-group comparisons, for every attribute and
 * intersection. Pure and cheap, so the bootstrap calls it once per draw.
 */
export interface EvaluateOptions {
  minGroupSize: number;
  /** Privileged value per attribute, e.g. { gender: 'male' }. */
  privileged: Record<string, string>;
}

export interface EvaluatedGroup extends GroupMetricValues {
  values: readonly string[];
  counts: ConfusionCounts;
}

export interface AttributeEvaluation {
  attribute: string;
  attributes: readonly string[];
  groups: EvaluatedGroup[];
  overall: Record<BaseMetricId, MaybeNumber>;
  disparities: Record<string, Comparison>;
  privileged: PrivilegedComparison;
}

export function evaluate(
  attributes: readonly string[],
  table: { overall: ConfusionCounts; groups: readonly GroupCounts[] },
  options: EvaluateOptions,
): AttributeEvaluation[] {
  const overall = computeBaseMetrics(table.overall);
  const byAttribute = new Map<string, GroupCounts[]>();
  for (const g of table.groups) {
    const list = byAttribute.get(g.attribute);
    if (list) list.push(g);
    else byAttribute.set(g.attribute, [g]);
  }
  return attributeSets(attributes).map((set) => {
    const names = set.indices.map((i) => attributes[i] ?? '');
    const groups: EvaluatedGroup[] = (byAttribute.get(set.name) ?? []).map((g) => ({
      group: g.group,
      values: g.values,
      counts: g.counts,
      small: g.counts.n < options.minGroupSize,
      metrics: computeBaseMetrics(g.counts),
    }));
    const privValues = names.map((n) => options.privileged[n]);
    const privileged = privValues.every((v) => v !== undefined) ? privValues.join(INTERSECTION_SEPARATOR) : undefined;
    return {
      attribute: set.name,
      attributes: names,
      groups,
      overall,
      disparities: computeDisparities(groups, overall),
      privileged: comparePrivileged(groups, privileged),
    };
  });
}

/** Every number of an evaluation under a stable key ("attr|group|metric" or "attr||disparity"), for the bootstrap. */
export function flattenEvaluation(evals: readonly AttributeEvaluation[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const e of evals) {
    for (const g of e.groups) for (const [id, v] of Object.entries(g.metrics)) out.set(`${e.attribute}\u0000${g.group}\u0000${id}`, v.value);
    for (const [id, v] of Object.entries(e.disparities)) out.set(`${e.attribute}\u0000\u0000${id}`, v.value);
    out.set(`${e.attribute}\u0000\u0000disparateImpact`, e.privileged.disparateImpact.value);
    out.set(`${e.attribute}\u0000\u0000statisticalParityDifference`, e.privileged.statisticalParityDifference.value);
    out.set(`${e.attribute}\u0000\u0000averageOddsDifference`, e.privileged.averageOddsDifference.value);
  }
  return out;
}
