import { HEALTH_CHECKS } from '../health/registry';
import type { HealthReport, HealthResult } from '../health/types';
import { formatCount } from '../render/numbers';
import { listWords, plural, type Verdict } from './types';

const title = (id: string): string => HEALTH_CHECKS.find((c) => c.id === id)?.title ?? id;

/** Problems grouped by check, worst first (failures, then warnings), with counts: "Missing values (2)". */
export function healthGroups(r: HealthReport): { id: string; title: string; status: 'fail' | 'warn'; results: HealthResult[] }[] {
  const out = new Map<string, { id: string; title: string; status: 'fail' | 'warn'; results: HealthResult[] }>();
  for (const c of r.checks) {
    if (c.status === 'pass') continue;
    const g = out.get(c.id) ?? { id: c.id, title: title(c.id), status: c.status, results: [] };
    if (c.status === 'fail') g.status = 'fail';
    g.results.push(c);
    out.set(c.id, g);
  }
  return [...out.values()].sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
}

/** " (credit_score)", " (a, b and 2 more)": where a kind of problem is; nothing for dataset-level checks. */
function columnsOf(results: HealthResult[]): string {
  const cols = [...new Set(results.map((x) => x.column).filter((c): c is string => c !== null))];
  return cols.length ? ` (${listWords(cols, 2)})` : '';
}

/**
 * The pipeline-health verdict (the same for the panel, the background status bar, the health check of
 * modellens.yml and `model-lens health`): fail when an error-severity check is violated, warn for the others.
 */
export function healthCheckVerdict(r: HealthReport): Verdict {
  const { pass, warn, fail } = r.summary;
  const groups = healthGroups(r);
  const status: Verdict['status'] = fail ? 'fail' : warn ? 'warn' : 'pass';
  const first = r.checks.find((c) => c.status === 'fail') ?? r.checks.find((c) => c.status === 'warn');
  const where = (c: HealthResult) => (c.column === null ? '' : ` (${c.column})`);
  const headline = first
    ? `${fail ? `${plural(fail, 'health check')} failed` : `${plural(warn, 'health check')} need${warn === 1 ? 's' : ''} attention`} against the baseline: ${first.message.replace(/\.$/, '')}${where(first) && !first.message.includes(first.column ?? '\u0000') ? where(first) : ''}${fail + warn > 1 ? `; also ${listWords(groups.filter((g) => g.results[0] !== first || g.results.length > 1).map((g) => `${g.title.toLowerCase()}${columnsOf(g.results.filter((x) => x !== first))}`))}` : ''}.`
    : `Healthy: all ${plural(pass, 'check')} pass against the baseline.`;
  const reasons = groups.map((g) => `${g.title} (${g.results.length}): ${g.results.slice(0, 2).map((x) => x.message.replace(/\.$/, '')).join('; ')}${g.results.length > 2 ? `; and ${g.results.length - 2} more` : ''}.`);
  return {
    status,
    headline,
    reasons,
    numbers: [
      { label: 'Failed', value: formatCount(fail), hint: 'Violated checks of severity error.' },
      { label: 'Need attention', value: formatCount(warn), hint: 'Violated checks of severity warning or info.' },
      { label: 'Passed', value: formatCount(pass) },
    ],
  };
}
