import type { Expr, Span } from './ast';
import { exprError } from './exprError';
import { functionSpec, powC } from './functions';
import type { Value } from './values';
import { compareValues, describeValue, fromField } from './values';
import { own } from '../dict';

/** A data row: a plain record of column name → value. */
export type Row = Readonly<Record<string, unknown>>;
export type Evaluator = (row: Row) => Value;

/**
 * Compiles an AST into a closure that evaluates it on one row (no eval, no Function: closures only).
 *
 * Semantics (identical to the SQL of toSql.ts — the tests check this against DuckDB row by row):
 * - Three-valued logic (SQL/Kleene): a comparison, arithmetic or function with a null operand is null;
 *   `false and null` = false, `true or null` = true, `not null` = null; `x in [..]` is true on a match,
 *   else null if x or an item is null, else false; `between` is `low <= x and x <= high`; `is null` never is null.
 * - Numbers: IEEE doubles; `/` and `%` by zero give ±Infinity / NaN as in DuckDB DOUBLE; `%` keeps the sign of
 *   the dividend (-7 % 3 = -1, C fmod, same in DuckDB); `^` is pow. Orderings: see values.ts.
 * - Columns are read only with Object.prototype.hasOwnProperty, so `constructor` or `__proto__` are ordinary
 *   names: absent from the row unless the row really has such an own field. A missing column throws
 *   COLUMN_NOT_FOUND; a value of the wrong type for its operator throws EXPR_TYPE naming the position.
 */
export function compileExpression(root: Expr, source?: string): Evaluator {
  const typeError = (span: Span, message: string): never => {
    throw exprError('EXPR_TYPE', message, span, source);
  };
  const want = (v: Value, t: 'number' | 'string' | 'boolean', e: Expr, what: string): void => {
    if (v !== null && typeof v !== t) typeError(e.span, `${what} needs ${t}s, but got ${describeValue(v)}`);
  };
  const sameType = (vals: Value[], es: Expr[], what: string): void => {
    let first: Value = null;
    vals.forEach((v, i) => {
      if (v === null) return;
      if (first === null) first = v;
      else if (typeof v !== typeof first) typeError(es[i]!.span, `${what} needs values of one type, but got ${describeValue(v)} and ${describeValue(first)}`);
    });
  };

  const compile = (e: Expr): Evaluator => {
    switch (e.kind) {
      case 'number':
      case 'string':
      case 'boolean': {
        const v = e.value;
        return () => v;
      }
      case 'null':
        return () => null;
      case 'column': {
        const name = e.name;
        return (row) => {
          if (!Object.prototype.hasOwnProperty.call(row, name)) {
            throw exprError('COLUMN_NOT_FOUND', `column '${name}' not found in the row; fields are: ${Object.keys(row).slice(0, 50).join(', ')}`, e.span, source);
          }
          const v = fromField(own(row, name));
          if (v === undefined) return typeError(e.span, `column '${name}' holds a ${typeof own(row, name)}; rules use numbers, strings, booleans and null`);
          return v;
        };
      }
      case 'unary': {
        const f = compile(e.operand);
        if (e.op === '-') {
          return (row) => {
            const v = f(row);
            want(v, 'number', e.operand, "'-'");
            return v === null ? null : -(v as number);
          };
        }
        return (row) => {
          const v = f(row);
          want(v, 'boolean', e.operand, "'not'");
          return v === null ? null : !v;
        };
      }
      case 'binary':
        return compileBinary(e, compile(e.left), compile(e.right));
      case 'in': {
        const f = compile(e.value);
        const items = e.list.map(compile);
        return (row) => {
          const v = f(row);
          const vals = items.map((g) => g(row));
          sameType([v, ...vals], [e.value, ...e.list], "'in'");
          let r: boolean | null;
          if (v === null) r = null;
          else if (vals.some((x) => x !== null && compareValues(v, x) === 0)) r = true;
          else r = vals.includes(null) ? null : false;
          return r === null || !e.negated ? r : !r;
        };
      }
      case 'between': {
        const [f, lo, hi] = [compile(e.value), compile(e.low), compile(e.high)];
        return (row) => {
          const v = f(row);
          const l = lo(row);
          const h = hi(row);
          sameType([v, l, h], [e.value, e.low, e.high], "'between'");
          const geLow = v === null || l === null ? null : compareValues(v, l) >= 0;
          const leHigh = v === null || h === null ? null : compareValues(v, h) <= 0;
          const r = and3(geLow, leHigh);
          return r === null || !e.negated ? r : !r;
        };
      }
      case 'isNull': {
        const f = compile(e.value);
        return (row) => (f(row) === null) !== e.negated;
      }
      case 'call': {
        const spec = functionSpec(e.name);
        const args = e.args.map(compile);
        return (row) => {
          const vals = args.map((g) => g(row));
          if (spec.args === 'same') sameType(vals, e.args, `${e.name}()`);
          else vals.forEach((v, i) => want(v, spec.args as 'number' | 'string', e.args[i]!, `${e.name}()`));
          if (spec.nulls === 'strict') return vals.includes(null) ? null : spec.apply(vals);
          const present = vals.filter((v) => v !== null);
          return present.length === 0 ? null : spec.apply(present);
        };
      }
    }
  };

  const compileBinary = (e: Extract<Expr, { kind: 'binary' }>, l: Evaluator, r: Evaluator): Evaluator => {
    const op = e.op;
    if (op === 'and' || op === 'or') {
      return (row) => {
        const a = l(row);
        want(a, 'boolean', e.left, `'${op}'`);
        if (a === (op === 'or')) return a; // false and … = false; true or … = true
        const b = r(row);
        want(b, 'boolean', e.right, `'${op}'`);
        return op === 'and' ? and3(a as boolean | null, b as boolean | null) : or3(a as boolean | null, b as boolean | null);
      };
    }
    if (op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      return (row) => {
        const a = l(row);
        const b = r(row);
        if (a !== null && b !== null && typeof a !== typeof b) {
          typeError(e.span, `'${op}' compares values of one type, but got ${describeValue(a)} and ${describeValue(b)}`);
        }
        if (a === null || b === null) return null;
        const c = compareValues(a, b);
        return op === '=' ? c === 0 : op === '!=' ? c !== 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
      };
    }
    return (row) => {
      const a = l(row);
      const b = r(row);
      want(a, 'number', e.left, `'${op}'`);
      want(b, 'number', e.right, `'${op}'`);
      if (a === null || b === null) return null;
      const x = a as number;
      const y = b as number;
      return op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : op === '%' ? x % y : powC(x, y);
    };
  };

  return compile(root);
}

function and3(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}

function or3(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true;
  return a === null || b === null ? null : false;
}

/** Evaluates an expression on one row (convenience over compileExpression for one-off use). */
export function evaluate(root: Expr, row: Row, source?: string): Value {
  return compileExpression(root, source)(row);
}
