import { InputError } from '../errors';
import type { BiasReport } from './audit';
import { DISPARITY_SPECS } from './spec';
import { own } from '../dict';

/**
 * Fairness threshold checks ("--fail-on <metric><op><value>"): a check FAILS when the condition
 * holds, e.g. `disparateImpact<0.8` fails when an attribute's disparate impact is below 0.8.
 * Every check is applied to every attribute and intersection of the report. A metric that is
 * undefined there (null, with a reason in metricNotes) is reported as not evaluated and does not fail.
 * Default with no check given: the four-fifths rule (EEOC Uniform Guidelines, 29 CFR 1607.4(D)),
 * i.e. `disparateImpact<0.8`.
 */
export type CheckOp = '<' | '<=' | '>' | '>=';

export interface FailOn {
  metric: string;
  op: CheckOp;
  value: number;
  /** As written, e.g. "disparateImpact<0.8". */
  text: string;
}

export interface CheckResult {
  check: string;
  metric: string;
  op: CheckOp;
  threshold: number;
  attribute: string;
  value: number | null;
  status: 'pass' | 'fail' | 'notEvaluated';
  note?: string;
}

export const DEFAULT_FAIL_ON = 'disparateImpact<0.8';

/** Every per-attribute metric id a check may name (the keys of `attributes[].metrics`). */
export function checkableMetrics(): string[] {
  const out: string[] = [];
  for (const s of DISPARITY_SPECS) {
    out.push(`${s.id}Difference`, `${s.id}DifferenceToOverall`);
    if (s.ratio) out.push(`${s.id}Ratio`, `${s.id}RatioToOverall`);
  }
  return [...out, 'disparateImpact', 'statisticalParityDifference', 'averageOddsDifference'];
}

export function parseFailOn(text: string): FailOn {
  const m = /^\s*([A-Za-z]+)\s*(<=|>=|<|>)\s*(\S+)\s*$/.exec(text);
  const valid = checkableMetrics();
  if (!m) throw new InputError('BAD_FAIL_ON', `--fail-on '${text}' is not <metric><op><value>; write e.g. 'disparateImpact<0.8' or 'demographicParityDifference>0.1' (ops: <, <=, >, >=).`, { text });
  const [, metric = '', op = '<', raw = ''] = m;
  if (!valid.includes(metric)) throw new InputError('BAD_FAIL_ON', `--fail-on '${text}': unknown metric '${metric}'; valid metrics are: ${valid.join(', ')}.`, { text, metric, valid });
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new InputError('BAD_FAIL_ON', `--fail-on '${text}': '${raw}' is not a number.`, { text });
  return { metric, op: op as CheckOp, value, text: `${metric}${op}${raw}` };
}

const holds = (v: number, op: CheckOp, t: number): boolean => (op === '<' ? v < t : op === '<=' ? v <= t : op === '>' ? v > t : v >= t);

export function evaluateChecks(report: BiasReport, checks: readonly FailOn[]): CheckResult[] {
  const out: CheckResult[] = [];
  for (const c of checks) {
    for (const a of report.attributes) {
      const value = own(a.metrics, c.metric) ?? null;
      const note = own(a.metricNotes, c.metric);
      const r: CheckResult = { check: c.text, metric: c.metric, op: c.op, threshold: c.value, attribute: a.attribute, value, status: value === null ? 'notEvaluated' : holds(value, c.op, c.value) ? 'fail' : 'pass' };
      if (note !== undefined) r.note = note;
      out.push(r);
    }
  }
  return out;
}

/** The report the CLI writes: the audit plus the evaluated checks. */
export type CheckedBiasReport = BiasReport & { checks: CheckResult[] };
