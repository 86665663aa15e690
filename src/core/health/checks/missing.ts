import { pairedColumns, pct, type Finding, type HealthCheck } from '../check';

/** The missing share of a column rose by at least `threshold` (absolute), or the column is now entirely missing (always an error). */
export const missingCheck: HealthCheck = {
  id: 'missing',
  title: 'Missing values',
  threshold: 'largest allowed rise in the missing share (0.1 = 10 percentage points)',
  defaultThreshold: 0.1,
  severity: 'error',
  run(ctx) {
    return pairedColumns(ctx).map(({ base, cur }): Finding => {
      const rows = ctx.current.stats.rows;
      const was = ctx.baseline.rows ? base.missing / ctx.baseline.rows : 0;
      const now = rows ? cur.missing / rows : 0;
      if (cur.count === 0 && base.count > 0) {
        return { column: base.name, violated: true, severity: 'error', message: `column '${base.name}' is entirely missing (${rows} rows), baseline ${pct(was)} missing — the pipeline is not filling it`, observed: now, expected: was };
      }
      const violated = now - was >= ctx.threshold;
      const message = violated ? `column '${base.name}': ${pct(now)} missing, baseline ${pct(was)} — the pipeline may be dropping values` : `column '${base.name}': ${pct(now)} missing, baseline ${pct(was)}`;
      return { column: base.name, violated, message, observed: now, expected: was };
    });
  },
};
