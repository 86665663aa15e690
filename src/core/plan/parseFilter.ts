import type { ColumnInfo } from '../data/dataset';
import { InputError } from '../errors';
import { columnsOf as ruleColumns, type Expr as RuleExpr } from '../rules/ast';
import { parseExpression } from '../rules/parser';
import * as x from './expr';
import type { Expr } from './expr';

/**
 * A user-supplied filter (`--where "day < '2026-11-01' and region in ['eu', 'us']"`) as a plan expression. The
 * text is parsed by the rules language's parser (rules/parser.ts: whitelisted syntax, depth and length
 * limits), every column must exist, and the tree is translated node by node, so a filter can only ever
 * become a boolean expression over the dataset's columns: never SQL text. Functions other than abs, floor,
 * ceil, lower, upper, sqrt and len are refused here. Throws InputError 'BAD_FILTER' / 'COLUMN_NOT_FOUND' and
 * the parser's EXPR_* codes.
 */
export function parseFilter(text: string, columns: readonly ColumnInfo[], what = '--where'): Expr {
  let ast: RuleExpr;
  try {
    ast = parseExpression(text);
  } catch (e) {
    // The parser's message locates the mistake in the text; say which filter it is (--where, datasets.x.currentWhere).
    if (e instanceof InputError && !e.message.startsWith(`${what}:`)) throw new InputError(e.code, `${what}: ${e.message}`, e.details);
    throw e;
  }
  const known = new Set(columns.map((c) => c.name));
  for (const c of ruleColumns(ast)) {
    if (!known.has(c)) throw new InputError('COLUMN_NOT_FOUND', `${what}: '${c}' is not a column; columns are: ${columns.map((k) => k.name).join(', ')}.`, { column: c });
  }
  return translate(ast, what);
}

const FNS: Partial<Record<string, x.ScalarFn>> = { abs: 'abs', floor: 'floor', ceil: 'ceil', lower: 'lower', upper: 'upper', sqrt: 'sqrt', len: 'length' };

function translate(e: RuleExpr, what: string): Expr {
  const t = (y: RuleExpr) => translate(y, what);
  switch (e.kind) {
    case 'number': return Number.isSafeInteger(e.value) ? x.int(e.value) : x.dbl(e.value);
    case 'string': return x.str(e.value);
    case 'boolean': return x.bool(e.value);
    case 'null': return { op: 'null', type: 'varchar' };
    case 'column': return x.col(e.name);
    case 'unary': return e.op === 'not' ? x.not(t(e.operand)) : x.sub(x.int(0), t(e.operand));
    case 'binary':
      switch (e.op) {
        case 'and': return x.and(t(e.left), t(e.right));
        case 'or': return x.or(t(e.left), t(e.right));
        case '+': case '-': case '*': case '/': return { op: 'arith', fn: e.op, left: t(e.left), right: t(e.right) };
        case '=': case '!=': case '<': case '<=': case '>': case '>=': return x.cmp(t(e.left), e.op, t(e.right));
        default: throw new InputError('BAD_FILTER', `${what}: the operator '${e.op}' is not supported in filters; use + - * / and comparisons.`, { op: e.op });
      }
    case 'in': return { op: 'in', arg: t(e.value), values: e.list.map(t), negated: e.negated };
    case 'between': {
      const v = t(e.value);
      const inside = x.and(x.cmp(v, '>=', t(e.low)), x.cmp(v, '<=', t(e.high)));
      return e.negated ? x.not(inside) : inside;
    }
    case 'isNull': return { op: 'isNull', arg: t(e.value), negated: e.negated };
    case 'call': {
      const f = FNS[e.name];
      if (!f) throw new InputError('BAD_FILTER', `${what}: the function '${e.name}' is not supported in filters; use ${Object.keys(FNS).join(', ')}.`, { fn: e.name });
      return x.fn(f, ...e.args.map(t));
    }
  }
}
