import type { AttributeReport } from './report';
import type { ScoreReport } from './scoreMetrics';

/**
 * Adds the score metrics to the attribute reports: per group `meanScore`, `brier`, `auc` (null with
 * a reason in `undefined.auc` when a group lacks positives or negatives) and `calibration`; per
 * attribute the `thresholdSweep` and the overall score metrics.
 */
export function attachScores(reports: AttributeReport[], scores: ScoreReport): void {
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
    if (overall) Object.assign(r.overall, { meanScore: overall.meanScore, brier: overall.brier, auc: overall.auc.value });
    r.thresholdSweep = scores.sweep.get(r.attribute) ?? [];
  }
}
