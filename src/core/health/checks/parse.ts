import { pct, type HealthCheck } from '../check';

/**
 * Parse failures: a column numeric in the baseline now holds text that is not a number (the CSV reader fell back
 * to text), for more than `threshold` of its values (default 0: any).
 */
export const parseCheck: HealthCheck = {
  id: 'parse',
  title: 'Parse failures',
  threshold: 'largest allowed share of values that do not parse as numbers (0 = none)',
  defaultThreshold: 0,
  severity: 'error',
  run(ctx) {
    return ctx.baseline.columns.flatMap((base) => {
      const cur = ctx.current.stats.columns.find((c) => c.name === base.name);
      if (base.kind !== 'numeric' || !cur) return [];
      const p = ctx.current.parseFailures.get(base.name);
      const bad = p?.count ?? 0;
      const share = cur.count + cur.missing > 0 ? bad / (cur.count + cur.missing) : 0;
      const violated = bad > 0 && share > ctx.threshold;
      return [{
        column: base.name,
        violated,
        message: violated
          ? `column '${base.name}': ${bad} value(s) (${pct(share)}) are not numbers (e.g. '${p?.example ?? ''}'); the baseline column is numeric (${base.type}) — text is reaching a numeric feature`
          : `column '${base.name}': every value parses as a number`,
        observed: { notNumbers: bad, example: p?.example ?? null, type: cur.type },
        expected: { type: base.type },
      }];
    });
  },
};
