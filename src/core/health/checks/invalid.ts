import { pairedColumns, pct, type Finding, type HealthCheck } from '../check';

/**
 * Invalid numbers: negative values in a column that had none in the baseline, and NaN/±Infinity in a column that
 * had none, when they make up more than `threshold` of the column's values (default 0: any).
 */
export const invalidCheck: HealthCheck = {
  id: 'invalid',
  title: 'Invalid values',
  threshold: 'largest allowed share of new negatives or NaN/Infinity (0 = none)',
  defaultThreshold: 0,
  severity: 'error',
  run(ctx) {
    const out: Finding[] = [];
    for (const { base, cur } of pairedColumns(ctx)) {
      if (!base.numeric || !cur.numeric) continue;
      const values = cur.count || 1;
      const problems: string[] = [];
      if (base.numeric.negatives === 0 && base.numeric.min !== null && cur.numeric.negatives / values > ctx.threshold) problems.push(`${cur.numeric.negatives} negative value(s) (${pct(cur.numeric.negatives / values)}), none in the baseline`);
      if (base.numeric.nonFinite === 0 && cur.numeric.nonFinite / values > ctx.threshold) problems.push(`${cur.numeric.nonFinite} NaN or infinite value(s), none in the baseline`);
      out.push({
        column: base.name,
        violated: problems.length > 0,
        message: problems.length ? `column '${base.name}': ${problems.join('; ')}` : `column '${base.name}': no new negative, NaN or infinite values`,
        observed: { negatives: cur.numeric.negatives, nonFinite: cur.numeric.nonFinite },
        expected: { negatives: base.numeric.negatives, nonFinite: base.numeric.nonFinite },
      });
    }
    return out;
  },
};
