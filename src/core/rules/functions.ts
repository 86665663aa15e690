import type { Expr, FunctionName } from './ast';
import { exprError } from './exprError';
import type { Value } from './values';
import { compareValues } from './values';

/**
 * The function whitelist, with one spec per function used by the parser (arity), the type checker, the
 * interpreter and the SQL translation, so the two evaluators cannot drift apart.
 *
 * Null policy (`nulls`): 'strict' = any null argument gives null; 'skip' = nulls are ignored and the result is
 * null only when all arguments are null (min/max, like DuckDB least/greatest and PostgreSQL); 'first' =
 * coalesce. Domain errors give null: log(x) for x <= 0 and sqrt(x) for x < 0 (DuckDB raises; the SQL wraps
 * them in try()). round(x, d) rounds half away from zero, d an integer literal in [-15, 15], with DuckDB's
 * algorithm (src/core_functions/scalar/math/numeric.cpp, RoundOperatorPrecision). log is the natural log.
 * len counts Unicode code points (DuckDB length). lower/upper use JS case mapping, which equals DuckDB's for
 * ASCII and most letters but not for every special case (e.g. upper('ß') is 'SS' in JS, 'ẞ' in DuckDB).
 */
export interface FunctionSpec {
  name: FunctionName;
  minArgs: number;
  maxArgs: number;
  /** Type every argument must have; 'same' = all arguments share one type (any type). */
  args: 'number' | 'string' | 'same';
  /** Result type; 'same' = the arguments' common type. */
  result: 'number' | 'string' | 'same';
  nulls: 'strict' | 'skip' | 'first';
  /** Applied to the non-null arguments (strict: all of them; skip: those that are not null, at least one). */
  apply(args: Value[]): Value;
  /** DuckDB SQL for already-translated argument expressions. */
  sql(args: string[]): string;
}

const num = (f: (x: number) => number) => (a: Value[]): Value => f(a[0] as number);

/** std::round: half away from zero (JS Math.round rounds half up, so -2.5 would give -2). */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** DuckDB's round(double, integer): scale, round half away, unscale; a non-finite result falls back. */
export function roundDigits(x: number, digits: number): number {
  if (digits < 0) {
    const m = Number(`1e${-digits}`);
    const r = roundHalfAway(x / m) * m;
    return Number.isFinite(r) ? r : 0;
  }
  const m = Number(`1e${digits}`);
  const r = roundHalfAway(x * m) / m;
  return Number.isFinite(r) ? r : x;
}

/**
 * C99/IEEE pow: like Math.pow except pow(1, y) = 1 and pow(-1, ±Infinity) = 1 for every y, NaN included
 * (JS gives NaN there); DuckDB calls C pow, so the two evaluators agree.
 */
export function powC(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  return Math.pow(x, y);
}

function extreme(sign: 1 | -1) {
  return (a: Value[]): Value => {
    let best = a[0]!;
    for (const v of a) if (compareValues(v as number, best as number) * sign > 0) best = v as number;
    return best;
  };
}

export const FUNCTION_SPECS: readonly FunctionSpec[] = [
  { name: 'abs', minArgs: 1, maxArgs: 1, args: 'number', result: 'number', nulls: 'strict', apply: num(Math.abs), sql: (a) => `abs(${a[0]})` },
  { name: 'min', minArgs: 1, maxArgs: 100, args: 'same', result: 'same', nulls: 'skip', apply: extreme(-1), sql: (a) => `least(${a.join(', ')})` },
  { name: 'max', minArgs: 1, maxArgs: 100, args: 'same', result: 'same', nulls: 'skip', apply: extreme(1), sql: (a) => `greatest(${a.join(', ')})` },
  {
    name: 'round', minArgs: 1, maxArgs: 2, args: 'number', result: 'number', nulls: 'strict',
    apply: (a) => (a.length === 1 ? roundHalfAway(a[0] as number) : roundDigits(a[0] as number, a[1] as number)),
    sql: (a) => (a.length === 1 ? `round(${a[0]})` : `round(${a[0]}, CAST(${a[1]} AS INTEGER))`),
  },
  { name: 'floor', minArgs: 1, maxArgs: 1, args: 'number', result: 'number', nulls: 'strict', apply: num(Math.floor), sql: (a) => `floor(${a[0]})` },
  { name: 'ceil', minArgs: 1, maxArgs: 1, args: 'number', result: 'number', nulls: 'strict', apply: num(Math.ceil), sql: (a) => `ceil(${a[0]})` },
  { name: 'log', minArgs: 1, maxArgs: 1, args: 'number', result: 'number', nulls: 'strict', apply: (a) => ((a[0] as number) <= 0 ? null : Math.log(a[0] as number)), sql: (a) => `try(ln(${a[0]}))` },
  { name: 'exp', minArgs: 1, maxArgs: 1, args: 'number', result: 'number', nulls: 'strict', apply: num(Math.exp), sql: (a) => `exp(${a[0]})` },
  { name: 'sqrt', minArgs: 1, maxArgs: 1, args: 'number', result: 'number', nulls: 'strict', apply: (a) => ((a[0] as number) < 0 ? null : Math.sqrt(a[0] as number)), sql: (a) => `try(sqrt(${a[0]}))` },
  { name: 'len', minArgs: 1, maxArgs: 1, args: 'string', result: 'number', nulls: 'strict', apply: (a) => countCodePoints(a[0] as string), sql: (a) => `CAST(length(${a[0]}) AS DOUBLE)` },
  { name: 'lower', minArgs: 1, maxArgs: 1, args: 'string', result: 'string', nulls: 'strict', apply: (a) => (a[0] as string).toLowerCase(), sql: (a) => `lower(${a[0]})` },
  { name: 'upper', minArgs: 1, maxArgs: 1, args: 'string', result: 'string', nulls: 'strict', apply: (a) => (a[0] as string).toUpperCase(), sql: (a) => `upper(${a[0]})` },
  { name: 'coalesce', minArgs: 1, maxArgs: 100, args: 'same', result: 'same', nulls: 'first', apply: (a) => a[0] ?? null, sql: (a) => `coalesce(${a.join(', ')})` },
];

function countCodePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else if ((s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n++;
      i++;
    } else n++;
  }
  return n;
}

/** Looks a whitelisted function up by name (names were validated against FUNCTION_NAMES first). */
export function functionSpec(name: FunctionName): FunctionSpec {
  return FUNCTION_SPECS.find((f) => f.name === name)!;
}

/** Arity check at parse time; round's digits must be an integer literal in [-15, 15] (optionally negated). */
export function checkCall(call: Extract<Expr, { kind: 'call' }>, source: string): void {
  const spec = functionSpec(call.name);
  const n = call.args.length;
  if (n < spec.minArgs || n > spec.maxArgs) {
    const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs === 100 ? `at least ${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
    throw exprError('EXPR_ARITY', `${call.name}() takes ${want} argument${want === '1' ? '' : 's'} but got ${n}`, call.span, source);
  }
  if (call.name === 'round' && n === 2) {
    const d = call.args[1]!;
    const lit = d.kind === 'number' ? d.value : d.kind === 'unary' && d.op === '-' && d.operand.kind === 'number' ? -d.operand.value : NaN;
    if (!Number.isInteger(lit) || Math.abs(lit) > 15) {
      throw exprError('EXPR_ARITY', 'the digits argument of round() must be a whole number from -15 to 15, written as a literal', d.span, source);
    }
  }
}
