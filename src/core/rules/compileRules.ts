import { InputError } from '../errors';
import { columnsOf } from './ast';
import type { Row } from './evaluate';
import { compileExpression } from './evaluate';
import type { Rule, Severity } from './rule';
import { checkRule } from './rule';
import { parseRulesFile } from './rulesFile';
import type { Value } from './values';
import { fromField } from './values';
import { own } from '../dict';

/** One failed rule for one record. `kind: 'error'` means the rule could not be evaluated on this record. */
export interface Violation {
  id: string;
  severity: Severity;
  expr: string;
  kind: 'violated' | 'error';
  message: string;
  /** The record's values of the columns the rule reads (undefined fields are omitted). */
  values: Record<string, Value>;
}

/** Raw rule as written in code: the YAML keys. */
export interface RuleInput {
  id: string;
  expr: string;
  when?: string;
  severity?: Severity;
  max_violation_rate?: number;
  description?: string;
}

/**
 * The runtime guard: `compileRules(rulesYamlOrList)` parses and checks every rule once (same parser, no eval)
 * and returns `check(record) => Violation[]`. A record violates a rule when `when` is true (or absent) and
 * `expr` is false; a null result (e.g. a null price) is not a violation, as in the dataset report.
 * A rule that cannot be evaluated on a record (missing field, wrong type) is returned with kind 'error' rather
 * than thrown, so serving code keeps running. Invalid rules throw InputError when compiling.
 */
export function compileRules(rules: string | readonly (RuleInput | Rule)[]): (record: Row) => Violation[] {
  const list = typeof rules === 'string' ? parseRulesFile(rules) : rules.map(toRule);
  const ids = new Set<string>();
  for (const r of list) {
    if (ids.has(r.id)) throw new InputError('RULES_DUPLICATE_ID', `rule id '${r.id}' is used twice; ids must be unique`, { ruleId: r.id });
    ids.add(r.id);
  }
  const compiled = list.map((r) => ({
    rule: r,
    expr: compileExpression(r.exprAst, r.expr),
    when: r.whenAst === undefined ? undefined : compileExpression(r.whenAst, r.when),
    columns: [...new Set([...columnsOf(r.exprAst), ...(r.whenAst ? columnsOf(r.whenAst) : [])])],
  }));
  return (record) => {
    const out: Violation[] = [];
    for (const c of compiled) {
      const { rule } = c;
      try {
        if (c.when !== undefined && c.when(record) !== true) continue;
        if (c.expr(record) !== false) continue;
        out.push({ id: rule.id, severity: rule.severity, expr: rule.expr, kind: 'violated', message: `rule '${rule.id}' violated: ${rule.expr}`, values: pick(record, c.columns) });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        out.push({ id: rule.id, severity: rule.severity, expr: rule.expr, kind: 'error', message: `rule '${rule.id}' could not be evaluated: ${e.message}`, values: pick(record, c.columns) });
      }
    }
    return out;
  };
}

function toRule(r: RuleInput | Rule, index: number): Rule {
  if ('exprAst' in r) return r;
  const { rule, problems } = checkRule(r);
  if (rule === undefined) {
    const msg = problems.map((p) => p.message).join('; ');
    throw new InputError(problems[0]?.code ?? 'RULES_INVALID', `rule #${index + 1}${typeof r?.id === 'string' ? ` ('${r.id}')` : ''}: ${msg}`, { index, problems });
  }
  return rule;
}

function pick(record: Row, columns: string[]): Record<string, Value> {
  const out: Record<string, Value> = Object.create(null) as Record<string, Value>;
  for (const c of columns) {
    if (!Object.prototype.hasOwnProperty.call(record, c)) continue;
    const v = fromField(own(record, c));
    if (v !== undefined) out[c] = v;
  }
  return out;
}
