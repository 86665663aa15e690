import { fmt, pairedColumns, type Finding, type HealthCheck } from '../check';

/**
 * Numeric values outside the baseline's [min, max] widened by `threshold` × (max − min) on each side
 * (rangeBounds); any such value is reported, with counts below and above.
 */
export const rangeCheck: HealthCheck = {
  id: 'range',
  title: 'Out of range',
  threshold: 'tolerance around the baseline range, as a fraction of max − min (0.1 = 10%)',
  defaultThreshold: 0.1,
  severity: 'warning',
  run(ctx) {
    const out: Finding[] = [];
    for (const { base, cur } of pairedColumns(ctx)) {
      const r = ctx.current.outOfRange.get(base.name);
      if (!base.numeric || !cur.numeric || !r) continue;
      const n = r.below + r.above;
      const bounds = `${fmt(base.numeric.min)} to ${fmt(base.numeric.max)}`;
      const message = n
        ? `column '${base.name}': ${n} value(s) outside the baseline range ${bounds} (±${fmt(100 * ctx.threshold)}%: ${r.below} below ${fmt(r.lo)}, ${r.above} above ${fmt(r.hi)}); now ${fmt(cur.numeric.min)} to ${fmt(cur.numeric.max)}`
        : `column '${base.name}': within the baseline range ${bounds}`;
      out.push({ column: base.name, violated: n > 0, message, observed: { min: cur.numeric.min, max: cur.numeric.max, below: r.below, above: r.above }, expected: { min: base.numeric.min, max: base.numeric.max, lo: r.lo, hi: r.hi } });
    }
    return out;
  },
};
