import type { GroupMetricValues } from './spec';
import type { MaybeNumber } from './types';

/**
 * Comparisons against a privileged (reference) group, as AIF360 defines them
 * (aif360.metrics.ClassificationMetric, https://aif360.readthedocs.io/en/stable/modules/generated/aif360.metrics.ClassificationMetric.html):
 *
 *   disparateImpact             = SR_unpriv / SR_priv            (four-fifths rule: flag < 0.8)
 *   statisticalParityDifference = SR_unpriv − SR_priv
 *   averageOddsDifference       = ½[(FPR_unpriv − FPR_priv) + (TPR_unpriv − TPR_priv)]
 *
 * With more than two groups each non-privileged group is compared with the privileged one; the
 * headline is the worst (lowest disparate impact, largest |difference|) over non-small groups.
 * With no privileged group given, the reference is the non-small group with the highest selection
 * rate, and `referenceChosen` says so.
 */
export const FOUR_FIFTHS = 0.8;

export interface PerGroupComparison {
  group: string;
  disparateImpact: MaybeNumber;
  statisticalParityDifference: MaybeNumber;
  averageOddsDifference: MaybeNumber;
  belowFourFifths: boolean;
}

export interface PrivilegedComparison {
  reference: string | null;
  referenceChosen: 'given' | 'highestSelectionRate';
  reason?: string;
  perGroup: PerGroupComparison[];
  disparateImpact: MaybeNumber & { group?: string };
  statisticalParityDifference: MaybeNumber & { group?: string };
  averageOddsDifference: MaybeNumber & { group?: string };
}

function sub(a: MaybeNumber, b: MaybeNumber, what: string): MaybeNumber {
  if (a.value === null) return { value: null, reason: `${what} undefined for this group (${a.reason ?? ''})` };
  if (b.value === null) return { value: null, reason: `${what} undefined for the reference group (${b.reason ?? ''})` };
  return { value: a.value - b.value };
}

function worst(per: PerGroupComparison[], key: 'disparateImpact' | 'statisticalParityDifference' | 'averageOddsDifference', score: (v: number) => number): MaybeNumber & { group?: string } {
  let best: { v: number; group: string } | undefined;
  for (const p of per) {
    const v = p[key].value;
    if (v !== null && (best === undefined || score(v) > score(best.v))) best = { v, group: p.group };
  }
  return best ? { value: best.v, group: best.group } : { value: null, reason: 'no non-small group with a defined value to compare with the reference' };
}

export function comparePrivileged(groups: readonly GroupMetricValues[], privileged: string | undefined): PrivilegedComparison {
  let ref: GroupMetricValues | undefined;
  let chosen: PrivilegedComparison['referenceChosen'] = 'given';
  if (privileged !== undefined) ref = groups.find((g) => g.group === privileged);
  else {
    chosen = 'highestSelectionRate';
    for (const g of groups) {
      const v = g.metrics.selectionRate.value;
      if (!g.small && v !== null && (ref === undefined || v > (ref.metrics.selectionRate.value ?? -1))) ref = g;
    }
  }
  const none = (reason: string): PrivilegedComparison => ({
    reference: ref?.group ?? null, referenceChosen: chosen, reason, perGroup: [],
    disparateImpact: { value: null, reason }, statisticalParityDifference: { value: null, reason }, averageOddsDifference: { value: null, reason },
  });
  if (ref === undefined) return none(privileged !== undefined ? `privileged group "${privileged}" has no rows` : 'no non-small group to use as reference');
  if (ref.small) return none(`privileged group "${ref.group}" is smaller than the minimum group size`);
  const r = ref.metrics;
  const per: PerGroupComparison[] = groups
    .filter((g) => g !== ref && !g.small)
    .map((g) => {
      const sr = g.metrics.selectionRate;
      const di: MaybeNumber = r.selectionRate.value === null || r.selectionRate.value === 0 || sr.value === null
        ? { value: null, reason: 'the reference group selects no one (selection rate 0)' }
        : { value: sr.value / r.selectionRate.value };
      const dTpr = sub(g.metrics.tpr, r.tpr, 'TPR');
      const dFpr = sub(g.metrics.fpr, r.fpr, 'FPR');
      const aod: MaybeNumber = dTpr.value === null ? dTpr : dFpr.value === null ? dFpr : { value: 0.5 * (dFpr.value + dTpr.value) };
      return { group: g.group, disparateImpact: di, statisticalParityDifference: sub(sr, r.selectionRate, 'selection rate'), averageOddsDifference: aod, belowFourFifths: di.value !== null && di.value < FOUR_FIFTHS };
    });
  const res: PrivilegedComparison = {
    reference: ref.group,
    referenceChosen: chosen,
    perGroup: per,
    disparateImpact: worst(per, 'disparateImpact', (v) => -v),
    statisticalParityDifference: worst(per, 'statisticalParityDifference', (v) => Math.abs(v)),
    averageOddsDifference: worst(per, 'averageOddsDifference', (v) => Math.abs(v)),
  };
  if (per.length === 0) {
    const reason = 'only the reference group is left to compare';
    res.disparateImpact = { value: null, reason };
    res.statisticalParityDifference = { value: null, reason };
    res.averageOddsDifference = { value: null, reason };
  }
  return res;
}
