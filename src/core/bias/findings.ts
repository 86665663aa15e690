import type { AttributeEvaluation } from './evaluate';
import { BASE_METRICS } from './metrics';
import { FOUR_FIFTHS } from './privileged';

/**
 * Plain-language findings for one attribute, e.g.
 * "Selection rate for gender=female is 0.71× that of gender=male: below the four-fifths rule (0.8)."
 */
const MAX_LISTED = 5;
const fmt = (v: number): string => (Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(2) : v.toPrecision(2));

export function findings(e: AttributeEvaluation, minGroupSize: number): string[] {
  const out: string[] = [];
  const at = (g: string): string => `${e.attribute}=${g}`;
  if (e.groups.length === 1) out.push(`${e.attribute} has only one group (${e.groups[0]?.group ?? ''}): there is nothing to compare.`);
  const small = e.groups.filter((g) => g.small);
  if (small.length > 0) {
    out.push(`${small.length} group(s) of ${e.attribute} have fewer than ${minGroupSize} rows and are left out of the headline comparisons (still listed with their own numbers): ${small.map((g) => `${g.group} (n=${g.counts.n})`).join(', ')}.`);
  }
  const p = e.privileged;
  if (p.reference !== null && p.referenceChosen === 'highestSelectionRate' && p.perGroup.length > 0) {
    out.push(`No privileged group was given for ${e.attribute}; comparisons use ${at(p.reference)}, the group with the highest selection rate.`);
  }
  // Every comparison when there are few groups; otherwise only the groups below four-fifths, worst first, at most MAX_LISTED.
  const listed = p.perGroup
    .filter((g) => g.disparateImpact.value !== null && (g.belowFourFifths || e.groups.length <= 3))
    .sort((a, b) => (e.groups.length <= 3 ? 0 : (a.disparateImpact.value ?? 0) - (b.disparateImpact.value ?? 0)));
  for (const g of listed.slice(0, MAX_LISTED)) {
    const rule = g.belowFourFifths ? `below the four-fifths rule (${FOUR_FIFTHS})` : `within the four-fifths rule (${FOUR_FIFTHS})`;
    out.push(`Selection rate for ${at(g.group)} is ${fmt(g.disparateImpact.value ?? 0)}× that of ${at(p.reference ?? '')}: ${rule}.`);
  }
  if (listed.length > MAX_LISTED) out.push(`${listed.length - MAX_LISTED} more group(s) of ${e.attribute} are below the four-fifths rule; see the per-group disparateImpact values.`);
  if (p.reason !== undefined) out.push(`Disparate impact for ${e.attribute} is undefined: ${p.reason}.`);
  const eo = e.disparities['equalOpportunityDifference'];
  if (eo && eo.value !== null && eo.minGroup !== undefined && eo.maxGroup !== undefined) {
    const lo = e.groups.find((g) => g.group === eo.minGroup)?.metrics.tpr.value ?? 0;
    const hi = e.groups.find((g) => g.group === eo.maxGroup)?.metrics.tpr.value ?? 0;
    out.push(`True positive rate ranges from ${fmt(lo)} (${at(eo.minGroup)}) to ${fmt(hi)} (${at(eo.maxGroup)}): an equal opportunity gap of ${fmt(eo.value)}.`);
  }
  const eod = e.disparities['equalizedOddsDifference'];
  if (eod && eod.value !== null) out.push(`Equalized odds difference for ${e.attribute} is ${fmt(eod.value)} (the larger of the gaps in true and false positive rates).`);
  for (const m of BASE_METRICS) {
    const undef = e.groups.filter((g) => g.metrics[m.id].value === null);
    if (undef.length > 0) out.push(`${m.label[0]?.toUpperCase() ?? ''}${m.label.slice(1)} is undefined for ${undef.map((g) => `${at(g.group)} (${g.metrics[m.id].reason ?? ''})`).join(', ')}; it is left out of comparisons rather than counted as 0.`);
  }
  return out;
}
