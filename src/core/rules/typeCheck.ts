import { columnHint } from '../data/columnHint';
import type { Expr } from './ast';
import { ARITHMETIC_OPS, children as childrenOf, COMPARISON_OPS } from './ast';
import { exprError } from './exprError';
import { functionSpec } from './functions';

/** Static type of a node: 'unknown' is a column whose type is not known yet (the runtime guard). */
export type StaticType = 'number' | 'string' | 'boolean' | 'null' | 'unknown';
/** Type of a data column as the SQL path sees it; `{ unsupported }` carries the engine's type name. */
export type ColumnType = 'number' | 'string' | 'boolean' | { unsupported: string };

const article = (t: StaticType) => (t === 'null' || t === 'unknown' ? t : `a ${t}`);

/**
 * Infers the type of every node and rejects ill-typed expressions with EXPR_TYPE at the offending operand.
 * Without `columns`, columns are 'unknown' and only literal mismatches are caught (the interpreter checks the
 * rest per row); with `columns`, an unknown name gives COLUMN_NOT_FOUND listing the columns.
 * Typing: arithmetic and numeric functions need numbers; `and`/`or`/`not` need booleans; both sides of a
 * comparison, the items of `in` and the bounds of `between` must share one type. null fits everywhere.
 */
export function checkTypes(root: Expr, source: string, columns?: ReadonlyMap<string, ColumnType>): Map<Expr, StaticType> {
  const types = new Map<Expr, StaticType>();
  const fail = (e: Expr, message: string): never => {
    throw exprError('EXPR_TYPE', message, e.span, source);
  };
  const need = (e: Expr, want: 'number' | 'string' | 'boolean', what: string): void => {
    const t = types.get(e)!;
    if (t !== want && t !== 'null' && t !== 'unknown') fail(e, `${what} needs ${want}s, but this is ${article(t)}`);
  };
  const unify = (es: Expr[], what: string): StaticType => {
    let common: StaticType = 'null';
    for (const e of es) {
      const t = types.get(e)!;
      if (t === 'null') continue;
      if (t === 'unknown') {
        if (common === 'null') common = 'unknown';
      } else if (common === 'null' || common === 'unknown') common = t;
      else if (common !== t) fail(e, `${what} needs values of one type, but this is ${article(t)} and an earlier one is ${article(common)}`);
    }
    return common;
  };
  const visit = (e: Expr): StaticType => {
    switch (e.kind) {
      case 'number':
      case 'string':
      case 'boolean':
        return e.kind;
      case 'null':
        return 'null';
      case 'column': {
        if (columns === undefined) return 'unknown';
        const t = columns.get(e.name);
        if (t === undefined) {
          const names = [...columns.keys()];
          throw exprError('COLUMN_NOT_FOUND', `column '${e.name}' not found; columns are: ${names.slice(0, 50).join(', ')}${names.length > 50 ? ', …' : ''}${hintAfter(columnHint(e.name, names))}`, e.span, source);
        }
        if (typeof t === 'object') fail(e, `column '${e.name}' has type ${t.unsupported}, which rules cannot use; rules use numbers, strings and booleans`);
        return t as StaticType;
      }
      case 'unary':
        need(e.operand, e.op === '-' ? 'number' : 'boolean', `'${e.op}'`);
        return e.op === '-' ? 'number' : 'boolean';
      case 'binary':
        if (ARITHMETIC_OPS.includes(e.op)) {
          need(e.left, 'number', `'${e.op}'`);
          need(e.right, 'number', `'${e.op}'`);
          return 'number';
        }
        if (COMPARISON_OPS.includes(e.op)) unify([e.left, e.right], `'${e.op}'`);
        else {
          need(e.left, 'boolean', `'${e.op}'`);
          need(e.right, 'boolean', `'${e.op}'`);
        }
        return 'boolean';
      case 'in':
        unify([e.value, ...e.list], "'in'");
        return 'boolean';
      case 'between':
        unify([e.value, e.low, e.high], "'between'");
        return 'boolean';
      case 'isNull':
        return 'boolean';
      case 'call': {
        const spec = functionSpec(e.name);
        if (spec.args === 'same') {
          const t = unify(e.args, `${e.name}()`);
          return spec.result === 'same' ? t : spec.result;
        }
        for (const a of e.args) need(a, spec.args, `${e.name}()`);
        return spec.result === 'same' ? spec.args : spec.result;
      }
    }
  };
  // Post-order without recursion on the JS stack beyond the parser's depth limit.
  const stack: Array<[Expr, boolean]> = [[root, false]];
  while (stack.length > 0) {
    const [e, ready] = stack.pop()!;
    if (ready) {
      types.set(e, visit(e));
      continue;
    }
    stack.push([e, true]);
    const kids = childrenOf(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, false]);
  }
  return types;
}



/** A rule's `expr` and `when` must be conditions: boolean, null or a column of unknown type. */
export function expectCondition(e: Expr, types: Map<Expr, StaticType>, source: string, field: string): void {
  const t = types.get(e)!;
  if (t !== 'boolean' && t !== 'null' && t !== 'unknown') {
    throw exprError('EXPR_TYPE', `'${field}' must be a condition that is true or false, but it is ${article(t)}; compare it, e.g. '${source.trim()} > 0'`, e.span, source);
  }
}

/** A hint as a new sentence after a list ('' stays ''). */
function hintAfter(hint: string): string {
  return hint ? `.${hint}` : '';
}
