import type { RulesReport } from '../rules/validate';
import { formatCount, formatPercent } from '../render/numbers';
import { listWords, type Verdict } from './types';

/**
 * The business-rules verdict (panel, rules check, `model-lens validate` exit code): fail when an error-severity
 * rule is violated more often than it tolerates, warn for warning/info rules, else pass.
 */
export function rulesVerdict(r: RulesReport): Verdict {
  const failing = r.rules.filter((x) => x.status === 'fail').sort((a, b) => (a.severity === b.severity ? b.rate - a.rate : a.severity === 'error' ? -1 : 1));
  const errors = failing.filter((x) => x.severity === 'error');
  const status: Verdict['status'] = errors.length ? 'fail' : failing.length ? 'warn' : 'pass';
  const rows = r.rules[0]?.rows ?? 0;
  const worst = failing[0];
  const headline = worst
    ? `${failing.length} of ${r.rules.length} rules broken${errors.length ? ` (${errors.length} error${errors.length === 1 ? '' : 's'})` : ''}: ${worst.id} fails on ${formatCount(worst.violations)} rows (${formatPercent(worst.rate)}, tolerated ${formatPercent(worst.maxRate)})${failing.length > 1 ? `; also ${listWords(failing.slice(1).map((x) => x.id))}` : ''}.`
    : `All ${r.rules.length} rules hold on ${formatCount(rows)} rows.`;
  return {
    status,
    headline,
    reasons: failing.map((x) => `${x.id} (${x.severity}): ${x.expr} — ${formatCount(x.violations)} of ${formatCount(x.rows)} rows violate it (${formatPercent(x.rate)}, tolerated ${formatPercent(x.maxRate)}).`),
    numbers: [
      { label: 'Rules broken', value: `${failing.length} of ${r.rules.length}` },
      { label: 'Worst violation rate', value: worst ? `${formatPercent(worst.rate)} (${worst.id})` : '0%' },
      { label: 'Rows checked', value: formatCount(rows) },
    ],
  };
}
