import type { AttributeReport } from './report';
import type { ScoreReport } from './scoreMetrics';

/**
 * Adds the score metrics to the attribute reports: per group `meanScore`, `brier`, `auc` (null with
 * a reason in `undefined.auc` when a group lacks positives or negatives) and `calibration`; per
 * attribute the `thresholdSweep`, the overall score metrics and a finding on the AUC range.
 */
export function attachScores(reports: AttributeReport[], scores: ScoreReport, minGroupSize: number): void {
  const overall = scores.byGroup.get('\u0000');
  for (const r of reports) {
    for (const g of r.groups) {
      const s = scores.byGroup.get(`${r.attribute}\u0000${g.group}`);
      if (!s) continue;
      g['meanScore'] = s.meanScore;
      g['brier'] = s.brier;
      g['auc'] = s.auc.value;
      if (s.auc.value === null) g['undefined'] = { ...((g['undefined'] as Record<string, string> | undefined) ?? {}), auc: s.auc.reason ?? '' };
      g['calibration'] = s.calibration;
    }
    const defined = r.groups.filter((g) => !g.small && typeof g['auc'] === 'number');
    if (defined.length >= 2) {
      const auc = (g: (typeof defined)[number]): number => g['auc'] as number;
      const lo = defined.reduce((a, b) => (auc(b) < auc(a) ? b : a));
      const hi = defined.reduce((a, b) => (auc(b) > auc(a) ? b : a));
      r.findings.push(`AUC ranges from ${auc(lo).toFixed(2)} (${r.attribute}=${lo.group}) to ${auc(hi).toFixed(2)} (${r.attribute}=${hi.group}) among groups with at least ${minGroupSize} rows.`);
    }
    if (overall) Object.assign(r.overall, { meanScore: overall.meanScore, brier: overall.brier, auc: overall.auc.value });
    r.thresholdSweep = scores.sweep.get(r.attribute) ?? [];
  }
}
