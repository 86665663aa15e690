import type { BiasReport } from '../bias/audit';
import type { CheckResult } from '../bias/checks';
import { formatCount, formatNumber, formatRatio } from '../render/numbers';
import { term } from '../render/vocabulary';
import { listWords, plural, type Verdict } from './types';
import { own } from '../dict';

type Checked = BiasReport & { checks: CheckResult[] };

const OP_WORDS: Record<CheckResult['op'], string> = { '<': 'below', '<=': 'at or below', '>': 'above', '>=': 'at or above' };

/** How far past its limit a failed check is (relative), so the worst comes first. */
function overshoot(c: CheckResult): number {
  if (c.value === null) return 0;
  const scale = Math.max(Math.abs(c.threshold), 1e-9);
  return (c.op === '<' || c.op === '<=' ? c.threshold - c.value : c.value - c.threshold) / scale;
}

/** The group a metric's value comes from ("worst group: X" in the report's notes), when named. */
export function worstGroup(r: BiasReport, attribute: string, metric: string): string | undefined {
  const note = own(r.attributes.find((a) => a.attribute === attribute)?.metricNotes, metric);
  const m = note ? /^worst group: (.+)$/.exec(note) : null;
  return m ? m[1] : undefined;
}

/** One sentence for a check result that names the attribute, the group and the rule. */
export function biasCheckSentence(r: BiasReport, c: CheckResult): string {
  const t = term(c.metric);
  const a = r.attributes.find((x) => x.attribute === c.attribute);
  const group = worstGroup(r, c.attribute, c.metric);
  const rule = `${c.status === 'fail' ? 'fails' : 'passes'}: a check fails ${OP_WORDS[c.op]} ${formatNumber(c.threshold)}`;
  if (c.value === null) return `${c.attribute}: ${t.name} could not be computed${c.note ? ` (${c.note})` : ''}.`;
  if (c.metric === 'disparateImpact' && group && a?.reference.group) {
    return `${c.attribute}: ${group} is selected at ${formatRatio(c.value)} the rate of ${a.reference.group} (${t.name.toLowerCase()} ${formatNumber(c.value, 2)}; ${c.status === 'fail' ? `fails below ${formatNumber(c.threshold)}` : `limit ${formatNumber(c.threshold)}`}).`;
  }
  return `${c.attribute}: ${t.name} ${formatNumber(c.value)}${group ? ` (worst group ${group})` : ''} (${rule}).`;
}

/** The attribute a chart should show first: the worst failing one, else the lowest disparate impact, else the first. */
export function worstAttribute(r: Checked): number {
  const failed = r.checks.filter((c) => c.status === 'fail').sort((a, b) => overshoot(b) - overshoot(a))[0];
  if (failed) return Math.max(0, r.attributes.findIndex((a) => a.attribute === failed.attribute));
  let best = 0;
  let lowest = Infinity;
  r.attributes.forEach((a, i) => {
    const v = a.metrics['disparateImpact'];
    if (typeof v === 'number' && v < lowest) { lowest = v; best = i; }
  });
  return best;
}

/**
 * The fairness verdict (the same status `model-lens bias` and the fairness check use): fail when a check fails,
 * warn when the audit has findings or groups too small to compare, else pass. The headline names the worst
 * failing attribute and group.
 */
export function biasVerdict(r: Checked): Verdict {
  const failed = r.checks.filter((c) => c.status === 'fail').sort((a, b) => overshoot(b) - overshoot(a));
  const evaluated = r.checks.filter((c) => c.status !== 'notEvaluated');
  const small = r.attributes.reduce((n, a) => n + a.groups.filter((g) => g.small).length, 0);
  const findings = r.attributes.reduce((n, a) => n + a.findings.length, 0);
  const di = r.attributes.map((a) => ({ a: a.attribute, v: a.metrics['disparateImpact'] })).filter((x): x is { a: string; v: number } => typeof x.v === 'number').sort((x, y) => x.v - y.v)[0];
  const status: Verdict['status'] = failed.length ? 'fail' : findings || small ? 'warn' : 'pass';
  let headline: string;
  if (failed.length) {
    const attrs = [...new Set(failed.map((c) => c.attribute))];
    const others = attrs.filter((x) => x !== failed[0]!.attribute);
    headline = `${biasCheckSentence(r, failed[0]!).replace(/\.$/, '')}${others.length ? `; also fails for ${listWords(others)}` : ''}.`;
  } else if (evaluated.length === 0) {
    headline = 'No fairness check could be evaluated: groups too small or metrics undefined.';
  } else {
    headline = `All ${plural(evaluated.length, 'fairness check')} pass${di ? `; lowest disparate impact ${formatNumber(di.v, 2)} (${di.a})` : ''}${small ? `; ${plural(small, 'group')} too small to compare` : ''}.`;
  }
  const reasons = failed.map((c) => biasCheckSentence(r, c));
  if (small) reasons.push(`${plural(small, 'group')} under ${formatCount(r.minGroupSize)} rows ${small === 1 ? 'is' : 'are'} left out of comparisons.`);
  const numbers = [
    { label: 'Checks failed', value: `${failed.length} of ${evaluated.length}`, hint: `Rules: ${[...new Set(r.checks.map((c) => c.check))].join(', ')}.` },
    { label: 'Lowest disparate impact', value: di ? `${formatNumber(di.v, 2)} (${di.a})` : '—', hint: `${term('disparateImpact').definition} ${term('disparateImpact').threshold}.` },
    { label: 'Rows', value: formatCount(r.rows) },
  ];
  return { status, headline, reasons, numbers };
}
