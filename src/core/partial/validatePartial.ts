import { createHash } from 'node:crypto';
import { own } from '../dict';
import { InputError } from '../errors';
import type { RuleExample, RuleResult, RulesReport } from '../rules/reportTypes';
import type { Value } from '../rules/values';

/**
 * A partial validation of one part of a dataset (a file of a partitioned dataset, `model-lens validate --partial`):
 * the rules' counts, which add up exactly, and the part's first violating rows. Parts merged in their order
 * (mergeValidatePartials) give the report of the whole dataset read as one file: counts summed, rates and
 * statuses recomputed, examples' row numbers offset by the data rows of the parts before.
 */
export interface ValidatePartial {
  modelLensPartial: 1;
  analysis: 'validate';
  dataset: string;
  /** Data rows of this part (header excluded). */
  dataRows: number;
  /** SHA-256 of the rules file's text: parts validated with other rules do not merge. */
  rulesSha256: string;
  maxExamples: number;
  rules: RuleResult[];
}

export function validatePartial(report: RulesReport, dataRows: number, rulesText: string, maxExamples: number): ValidatePartial {
  if (report.rules.some((r) => r.examples.some((e) => e.row === undefined))) throw new InputError('BAD_ARGUMENT', '--partial: examples without row numbers (a table) do not merge; run partials on files.');
  return { modelLensPartial: 1, analysis: 'validate', dataset: report.dataset, dataRows, rulesSha256: createHash('sha256').update(rulesText).digest('hex'), maxExamples, rules: report.rules };
}

/** The whole dataset's report from its parts, in order (the order the rows of the parts follow each other). */
export function mergeValidatePartials(parts: readonly ValidatePartial[], names: readonly string[] = parts.map((p) => p.dataset)): RulesReport {
  if (!parts.length) throw new InputError('BAD_ARGUMENT', 'merge: no partial results given.');
  const first = parts[0]!;
  parts.forEach((p, k) => {
    if (p.rulesSha256 !== first.rulesSha256) throw new InputError('PARTIAL_MISMATCH', `merge: ${names[k]} was validated with other rules than ${names[0]} (rules file SHA-256 differs); validate every part with the same rules file.`);
    if (p.maxExamples !== first.maxExamples) throw new InputError('PARTIAL_MISMATCH', `merge: ${names[k]} lists up to ${p.maxExamples} examples per rule, ${names[0]} ${first.maxExamples}; use the same --examples for every part.`);
    if (p.rules.length !== first.rules.length || p.rules.some((r, i) => r.id !== first.rules[i]!.id || r.expr !== first.rules[i]!.expr || r.maxRate !== first.rules[i]!.maxRate)) {
      throw new InputError('PARTIAL_MISMATCH', `merge: ${names[k]} has other rules than ${names[0]}.`);
    }
  });
  const rules = first.rules.map((rule, i): RuleResult => {
    let rows = 0;
    let violations = 0;
    let nullResults = 0;
    let offset = 0;
    const examples: RuleExample[] = [];
    for (const p of parts) {
      const r = p.rules[i]!;
      rows += r.rows;
      violations += r.violations;
      nullResults += r.nullResults;
      for (const e of r.examples) if (examples.length < first.maxExamples) examples.push({ ...e, row: e.row! + offset });
      offset += p.dataRows;
    }
    const rate = rows > 0 ? violations / rows : 0;
    return { ...rule, violations, rows, nullResults, rate, status: rate > rule.maxRate ? 'fail' : 'pass', examples };
  });
  const failed = rules.filter((r) => r.status === 'fail').length;
  return { dataset: names.join(' + '), rules, summary: { rules: rules.length, passed: rules.length - failed, failed } };
}

const SEVERITIES = new Set(['error', 'warning', 'info']);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isValue = (v: unknown): v is Value => v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number';

/**
 * Reads a partial result file's JSON, checking every field it uses (a partial is input: it may be hand-edited
 * or hostile). Values are copied into null-prototype objects. Throws InputError BAD_PARTIAL naming the file and field.
 */
export function parseValidatePartial(doc: unknown, name: string): ValidatePartial {
  const bad = (what: string): never => {
    throw new InputError('BAD_PARTIAL', `${name}: not a Model Lens partial result (${what}); create parts with 'model-lens validate <part> --rules F --partial'.`, { path: name });
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) bad('not a JSON object');
  const o = doc as Record<string, unknown>;
  if (o['modelLensPartial'] !== 1) bad('no "modelLensPartial": 1');
  if (o['analysis'] !== 'validate') bad(`analysis ${JSON.stringify(o['analysis'])} is not "validate"`);
  if (typeof o['dataset'] !== 'string') bad('"dataset" is not a text');
  if (!count(o['dataRows'])) bad('"dataRows" is not a whole number ≥ 0');
  if (typeof o['rulesSha256'] !== 'string' || !/^[0-9a-f]{64}$/.test(o['rulesSha256'])) bad('"rulesSha256" is not a SHA-256');
  if (!count(o['maxExamples']) || (o['maxExamples']) > 1000) bad('"maxExamples" is not a whole number from 0 to 1000');
  if (!Array.isArray(o['rules'])) bad('"rules" is not a list');
  const rules = (o['rules'] as unknown[]).map((x, i): RuleResult => {
    const at = `rules[${i}]`;
    if (typeof x !== 'object' || x === null) return bad(`${at} is not an object`);
    const r = x as Record<string, unknown>;
    if (typeof r['id'] !== 'string' || typeof r['expr'] !== 'string') bad(`${at}: "id" and "expr" must be texts`);
    if (!SEVERITIES.has(String(r['severity']))) bad(`${at}: "severity" must be error, warning or info`);
    for (const k of ['rows', 'violations', 'nullResults']) if (!count(own(r, k))) bad(`${at}: "${k}" is not a whole number ≥ 0`);
    if ((r['violations'] as number) + (r['nullResults'] as number) > (r['rows'] as number)) bad(`${at}: more violations and null results than rows`);
    if (typeof r['maxRate'] !== 'number' || !(r['maxRate'] >= 0 && r['maxRate'] <= 1)) bad(`${at}: "maxRate" is not in [0, 1]`);
    if (!Array.isArray(r['examples'])) bad(`${at}: "examples" is not a list`);
    const examples = (r['examples'] as unknown[]).map((e, j): RuleExample => {
      const ex = e as Record<string, unknown> | null;
      if (typeof ex !== 'object' || ex === null || !Number.isSafeInteger(ex['row']) || (ex['row'] as number) < 1 || (ex['row'] as number) > (o['dataRows'] as number)) return bad(`${at}.examples[${j}]: "row" is not a data row of the part`);
      const values = Object.create(null) as Record<string, Value>;
      const v = ex['values'];
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad(`${at}.examples[${j}]: "values" is not an object`);
      for (const [k, val] of Object.entries(v)) {
        if (!isValue(val)) bad(`${at}.examples[${j}].values: '${k}' is not a number, text, boolean or null`);
        values[k] = val as Value;
      }
      return { row: ex['row'] as number, values };
    });
    const out: RuleResult = {
      id: r['id'] as string, expr: r['expr'] as string, severity: r['severity'] as RuleResult['severity'],
      violations: r['violations'] as number, rows: r['rows'] as number, nullResults: r['nullResults'] as number,
      rate: 0, maxRate: r['maxRate'] as number, status: 'pass', examples,
    };
    if (typeof r['when'] === 'string') out.when = r['when'];
    if (typeof r['description'] === 'string') out.description = r['description'];
    return out;
  });
  return { modelLensPartial: 1, analysis: 'validate', dataset: o['dataset'] as string, dataRows: o['dataRows'] as number, rulesSha256: o['rulesSha256'] as string, maxExamples: o['maxExamples'] as number, rules };
}
