import { fmt, pct, type HealthCheck } from '../check';

/** The row count moved by at least `threshold` (a fraction) from the baseline's, in either direction. */
export const rowCountCheck: HealthCheck = {
  id: 'rowCount',
  title: 'Row count',
  threshold: 'largest allowed relative change from the baseline row count (0.5 = ±50%)',
  defaultThreshold: 0.5,
  severity: 'warning',
  run({ baseline, current, threshold }) {
    const n = current.stats.rows;
    const change = baseline.rows > 0 ? n / baseline.rows - 1 : 0;
    const violated = Math.abs(change) >= threshold;
    const sign = change >= 0 ? '+' : '−';
    const why = change < 0 ? ' — the pipeline may be losing rows' : ' — check for duplicated loads';
    return [{ column: null, violated, message: `${fmt(n)} rows, baseline ${fmt(baseline.rows)} (${sign}${pct(Math.abs(change))})${violated ? why : ''}`, observed: n, expected: baseline.rows }];
  },
};
