import { repeatedRowsBound } from '../../profile/duplicateEstimate';
import { fmt, pct, type HealthCheck } from '../check';

/**
 * Duplicate rows (rows identical to an earlier row in every column) make up at least `threshold` of the data.
 * Measured on the current data alone: duplicate counts of partitions do not merge, so baselines do not keep one.
 */
export const duplicatesCheck: HealthCheck = {
  id: 'duplicates',
  title: 'Duplicate rows',
  threshold: 'largest allowed share of duplicate rows (0.01 = 1%)',
  defaultThreshold: 0.01,
  severity: 'warning',
  run({ current, threshold }) {
    const rows = current.stats.rows;
    const share = rows ? current.duplicateRows / rows : 0;
    const violated = current.duplicateRows > 0 && share >= threshold;
    const e = current.duplicateRowsEstimate;
    const sample = e ? `a 1-in-${e.sampleRate} sample of distinct rows` : '';
    // None in the sample: say what it could have missed (95%), as the profile does.
    const how = !e ? '' : current.duplicateRows > 0 ? ` (estimated from ${sample}, standard error ±${fmt(Math.round(e.standardError))})` : ` (none in ${sample}: fewer than ${fmt(repeatedRowsBound(e.sampleRate))} distinct repeated rows can go unseen, 95%)`;
    return [{ column: null, violated, message: `${fmt(current.duplicateRows)} duplicate row(s)${how} (${pct(share)})${violated ? ' — a load may have run twice' : ''}`, observed: current.duplicateRows, expected: { maxShare: threshold } }];
  },
};
