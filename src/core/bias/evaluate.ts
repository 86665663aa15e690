import { attributeSets } from './attributeSets';
import type { Comparison } from './disparity';
import { computeBaseMetrics, type BaseMetricId } from './metrics';
import { comparePrivileged, type PrivilegedComparison } from './privileged';
import { computeDisparities, type GroupMetricValues } from './spec';
import { INTERSECTION_SEPARATOR, type ConfusionCounts, type GroupCounts, type MaybeNumber } from './types';
import { own } from '../dict';

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
    const privValues = names.map((n) => own(options.privileged, n));
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

/** Stable keys of every number of an evaluation ("attr|group|metric", "attr||disparity"), in `evaluationValues` order. */
export function evaluationKeys(evals: readonly AttributeEvaluation[]): string[] {
  const out: string[] = [];
  for (const id of Object.keys(evals[0]?.overall ?? {})) out.push(`${OVERALL_KEY}${id}`);
  for (const e of evals) {
    for (const g of e.groups) for (const id of Object.keys(g.metrics)) out.push(`${e.attribute}\u0000${g.group}\u0000${id}`);
    for (const id of Object.keys(e.disparities)) out.push(`${e.attribute}\u0000\u0000${id}`);
    for (const id of PRIVILEGED_KEYS) out.push(`${e.attribute}\u0000\u0000${id}`);
  }
  return out;
}

/** The numbers themselves (NaN where undefined), written into `out` from `offset`, same order as `evaluationKeys`. */
export function evaluationValues(evals: readonly AttributeEvaluation[], out: Float64Array, offset: number): void {
  let k = offset;
  for (const v of Object.values(evals[0]?.overall ?? {})) out[k++] = v.value ?? NaN;
  for (const e of evals) {
    for (const g of e.groups) for (const v of Object.values(g.metrics)) out[k++] = v.value ?? NaN;
    for (const v of Object.values(e.disparities)) out[k++] = v.value ?? NaN;
    for (const id of PRIVILEGED_KEYS) out[k++] = e.privileged[id].value ?? NaN;
  }
}

/** Key prefix of the overall population's metrics in the bootstrap. */
export const OVERALL_KEY = '\u0000(overall)\u0000';

const PRIVILEGED_KEYS = ['disparateImpact', 'statisticalParityDifference', 'averageOddsDifference'] as const;
