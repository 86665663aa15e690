import type { Expr } from './ast';
import { InputError } from '../errors';
import { parseExpression } from './parser';
import { checkTypes, expectCondition } from './typeCheck';
import { own } from '../dict';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const RULE_KEYS = ['id', 'expr', 'when', 'severity', 'max_violation_rate', 'description'] as const;

/** One validated rule, with its parsed expressions. */
export interface Rule {
  id: string;
  expr: string;
  when?: string;
  severity: Severity;
  /** Highest violation rate (violations / applicable rows) that still passes; default 0. */
  maxViolationRate: number;
  description?: string;
  exprAst: Expr;
  whenAst?: Expr;
}

/** A problem found in a rule; `field` names the key, `offset` the position inside an expression value. */
export interface RuleProblem {
  code: string;
  message: string;
  field?: string;
  offset?: number;
}

/**
 * Validates one raw rule object (from YAML, JSON or code): known keys only, `id` a non-empty string of letters,
 * digits, `_ . -`, `expr`/`when` parse and are conditions, `severity` in error|warning|info (default error),
 * `max_violation_rate` a number in [0, 1] (default 0). Returns the rule, or the problems found.
 */
export function checkRule(raw: unknown): { rule?: Rule; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [{ code: 'RULES_INVALID', message: 'each rule must be a mapping with at least id and expr' }] };
  }
  const obj = raw as Record<string, unknown>;
  const get = (k: string): unknown => own(obj, k);
  for (const k of Object.keys(obj)) {
    if (!(RULE_KEYS as readonly string[]).includes(k)) {
      problems.push({ code: 'RULES_INVALID', field: k, message: `unknown key '${k}'; valid keys are: ${RULE_KEYS.join(', ')}` });
    }
  }
  const id = get('id');
  if (typeof id !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(id)) {
    problems.push({ code: 'RULES_INVALID', field: 'id', message: "'id' must be a non-empty name of letters, digits, '_', '.' or '-'" });
  }
  const parse = (field: 'expr' | 'when'): Expr | undefined => {
    const src = get(field);
    if (src === undefined && field === 'when') return undefined;
    if (typeof src !== 'string') {
      problems.push({ code: 'RULES_INVALID', field, message: `'${field}' must be a string holding an expression` });
      return undefined;
    }
    try {
      const ast = parseExpression(src);
      expectCondition(ast, checkTypes(ast, src), src, field);
      return ast;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push({ code: e.code, field, message: `in '${field}': ${e.message}`, offset: e.details['start'] as number });
      return undefined;
    }
  };
  const exprAst = parse('expr');
  const whenAst = parse('when');
  const severity = get('severity') ?? 'error';
  if (!SEVERITIES.includes(severity as Severity)) {
    problems.push({ code: 'RULES_INVALID', field: 'severity', message: `'severity' must be one of ${SEVERITIES.join(', ')}` });
  }
  const rate = get('max_violation_rate') ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    problems.push({ code: 'RULES_INVALID', field: 'max_violation_rate', message: "'max_violation_rate' must be a number from 0 to 1 (0.001 = 0.1% of rows)" });
  }
  const description = get('description');
  if (description !== undefined && typeof description !== 'string') {
    problems.push({ code: 'RULES_INVALID', field: 'description', message: "'description' must be a string" });
  }
  if (problems.length > 0 || exprAst === undefined) return { problems };
  const rule: Rule = { id: id as string, expr: get('expr') as string, severity: severity as Severity, maxViolationRate: rate as number, exprAst };
  if (whenAst !== undefined) {
    rule.when = get('when') as string;
    rule.whenAst = whenAst;
  }
  if (typeof description === 'string') rule.description = description;
  return { rule, problems };
}
