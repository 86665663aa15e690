/**
 * Expressions of an aggregate plan, as data. Analyses build these with the helpers below; a SqlDialect renders
 * them (render.ts). No node holds SQL text: names are quoted and values written as literals by the dialect, so
 * user-supplied names and filters (parseFilter.ts) can never inject SQL.
 */

/** The scalar types a plan casts to; each dialect maps them to its own type names. */
export type ScalarType = 'double' | 'bigint' | 'integer' | 'varchar' | 'boolean' | 'date' | 'timestamp';

export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/';
/** Scalar functions every dialect must render (ANSI names; dialects translate). */
export type ScalarFn = 'abs' | 'floor' | 'ceil' | 'trunc' | 'ln' | 'sqrt' | 'length' | 'lower' | 'upper' | 'least' | 'greatest'
  /** e^x and x^y (C's pow for finite results; callers guard the arguments engines refuse: rules/planMath.ts). */
  | 'exp' | 'power';
export type TimeUnit = 'second' | 'day' | 'week' | 'month';

export type Expr =
  | { op: 'col'; name: string }
  /** A finite double, rendered so that the engine reads back exactly this value (dialect.doubleLiteral). */
  | { op: 'double'; value: number }
  /** A safe integer. */
  | { op: 'int'; value: number }
  /** A non-finite double (the result IEEE arithmetic gives where some engines raise instead, e.g. 1/0). */
  | { op: 'nonFinite'; value: 'inf' | '-inf' | 'nan' }
  | { op: 'str'; value: string }
  | { op: 'bool'; value: boolean }
  | { op: 'null'; type: ScalarType }
  /** An ISO date/time text read as a timestamp. */
  | { op: 'timestamp'; iso: string }
  | { op: 'cast'; to: ScalarType; arg: Expr; try?: boolean }
  /** True for finite doubles, false for NaN/±Infinity, NULL for NULL. */
  | { op: 'isFinite'; arg: Expr }
  | { op: 'isNull'; arg: Expr; negated?: boolean }
  | { op: 'cmp'; cmp: CmpOp; left: Expr; right: Expr }
  | { op: 'and' | 'or'; args: Expr[] }
  | { op: 'not'; arg: Expr }
  | { op: 'arith'; fn: ArithOp; left: Expr; right: Expr }
  | { op: 'fn'; fn: ScalarFn; args: Expr[] }
  | { op: 'case'; when: { if: Expr; then: Expr }[]; else?: Expr }
  | { op: 'in'; arg: Expr; values: Expr[]; negated?: boolean }
  /** Whether a text contains a fixed substring. */
  | { op: 'contains'; arg: Expr; needle: string }
  /** A 64-bit hash of one or more values (the engine's own; only compared within one engine and run). */
  | { op: 'hash'; args: Expr[] }
  /** Whether a non-NULL value falls in the 1-in-`rate` hash sample (distinct sampling; rate a power of two). */
  | { op: 'hashSample'; arg: Expr; rate: number }
  /**
   * The log-bucket sketch's cell of a finite double (health/sketch.ts): part 'sign' is 1, 0 or −1 (|x| ≤ zeroLimit is 0);
   * part 'index' is ⌈ln|x| / lnGamma⌉, 0 in the zero bucket. Dialects guard ln inside its argument (never ln 0).
   */
  | { op: 'logBucket'; arg: Expr; part: 'sign' | 'index'; lnGamma: number; zeroLimit: number }
  | { op: 'dateTrunc'; unit: 'day' | 'week' | 'month'; arg: Expr }
  | { op: 'addInterval'; arg: Expr; amount: number; unit: TimeUnit }
  /**
   * An instant (a timestamp WITH a time zone: timestamptz, TIMESTAMP_LTZ/TZ, Databricks' TIMESTAMP …) as its UTC
   * wall-clock time, a timestamp without time zone, whatever the session's time zone. Only for zoned columns:
   * naive timestamps and dates are cast, never shifted (SqlDialect.utcTimestamp).
   */
  | { op: 'utcTimestamp'; arg: Expr };

// Builders: short, so analyses read like the statistics they compute.
export const col = (name: string): Expr => ({ op: 'col', name });
export const dbl = (value: number): Expr => {
  if (!Number.isFinite(value)) throw new Error(`plan: not a finite double: ${value}`);
  return { op: 'double', value };
};
export const int = (value: number): Expr => {
  if (!Number.isSafeInteger(value)) throw new Error(`plan: not a safe integer: ${value}`);
  return { op: 'int', value };
};
export const str = (value: string): Expr => ({ op: 'str', value });
export const nonFinite = (value: 'inf' | '-inf' | 'nan'): Expr => ({ op: 'nonFinite', value });
export const bool = (value: boolean): Expr => ({ op: 'bool', value });
export const nullOf = (type: ScalarType): Expr => ({ op: 'null', type });
export const cast = (arg: Expr, to: ScalarType): Expr => ({ op: 'cast', to, arg });
export const tryCast = (arg: Expr, to: ScalarType): Expr => ({ op: 'cast', to, arg, try: true });
export const isFinite = (arg: Expr): Expr => ({ op: 'isFinite', arg });
export const isNull = (arg: Expr): Expr => ({ op: 'isNull', arg });
export const notNull = (arg: Expr): Expr => ({ op: 'isNull', arg, negated: true });
export const cmp = (left: Expr, c: CmpOp, right: Expr): Expr => ({ op: 'cmp', cmp: c, left, right });
export const and = (...args: Expr[]): Expr => (args.length === 1 ? args[0]! : { op: 'and', args });
export const or = (...args: Expr[]): Expr => (args.length === 1 ? args[0]! : { op: 'or', args });
export const not = (arg: Expr): Expr => ({ op: 'not', arg });
export const add = (left: Expr, right: Expr): Expr => ({ op: 'arith', fn: '+', left, right });
export const sub = (left: Expr, right: Expr): Expr => ({ op: 'arith', fn: '-', left, right });
export const mul = (left: Expr, right: Expr): Expr => ({ op: 'arith', fn: '*', left, right });
export const div = (left: Expr, right: Expr): Expr => ({ op: 'arith', fn: '/', left, right });
export const fn = (f: ScalarFn, ...args: Expr[]): Expr => ({ op: 'fn', fn: f, args });
export const when = (cases: [Expr, Expr][], otherwise?: Expr): Expr => ({ op: 'case', when: cases.map(([i, t]) => ({ if: i, then: t })), ...(otherwise ? { else: otherwise } : {}) });
export const inList = (arg: Expr, values: Expr[]): Expr => ({ op: 'in', arg, values });
export const contains = (arg: Expr, needle: string): Expr => ({ op: 'contains', arg, needle });
export const hash = (...args: Expr[]): Expr => ({ op: 'hash', args });
export const hashSample = (arg: Expr, rate: number): Expr => ({ op: 'hashSample', arg, rate });
export const dateTrunc = (unit: 'day' | 'week' | 'month', arg: Expr): Expr => ({ op: 'dateTrunc', unit, arg });
export const addInterval = (arg: Expr, amount: number, unit: TimeUnit): Expr => ({ op: 'addInterval', arg, amount, unit });
export const utcTimestamp = (arg: Expr): Expr => ({ op: 'utcTimestamp', arg });

/** x when it is a finite double, else NULL: how NaN/±Infinity are kept out of numeric statistics. */
export const finiteOrNull = (x: Expr): Expr => when([[isFinite(x), x]]);

/** 1 when cond holds, else 0 (a count-if as a sum, for engines without FILTER). */
export const indicator = (cond: Expr): Expr => when([[cond, int(1)]], int(0));

/**
 * The drift grid's bucket of a finite double x on `bins` equal-width buckets over [lo, hi], exactly as
 * numericGrid.gridBucket computes it in JavaScript (IEEE doubles in the same order of operations):
 * b = clamp(floor((x − lo) · (bins / (hi − lo))), 0, bins − 1), moved up when x ≥ lo + (b + 1)·width and down when
 * x < lo + b·width (width = (hi − lo) / bins). With `corrected: false` the first estimate only (the value lies in b
 * or a neighbour), which costs less where neighbours are read anyway.
 */
export function gridBucket(x: Expr, lo: number, hi: number, bins: number, corrected = true): Expr {
  const estimate = fn('least', fn('greatest', fn('floor', mul(sub(x, dbl(lo)), dbl(bins / (hi - lo)))), dbl(0)), dbl(bins - 1));
  if (!corrected) return cast(estimate, 'integer');
  const b = cast(estimate, 'integer');
  const width = dbl((hi - lo) / bins);
  const edge = (k: Expr) => add(dbl(lo), mul(cast(k, 'double'), width));
  return when([
    [and(cmp(b, '<', int(bins - 1)), cmp(x, '>=', edge(add(b, int(1))))), add(b, int(1))],
    [and(cmp(b, '>', int(0)), cmp(x, '<', edge(b))), sub(b, int(1))],
  ], b);
}

/** The right edge of grid bucket b (an expression), as numericGrid.gridEdge: hi for the last bucket. */
export function gridRightEdge(b: Expr, lo: number, hi: number, bins: number): Expr {
  return when([[cmp(b, '>=', int(bins - 1)), dbl(hi)]], add(dbl(lo), mul(cast(add(b, int(1)), 'double'), dbl((hi - lo) / bins))));
}

/** Every column name an expression reads. */
export function columnsOf(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.op) {
    case 'col': out.add(e.name); break;
    case 'cast': case 'isFinite': case 'isNull': case 'not': case 'contains': case 'hashSample': case 'logBucket': case 'dateTrunc': case 'addInterval': case 'utcTimestamp':
      columnsOf(e.arg, out); break;
    case 'cmp': case 'arith': columnsOf(e.left, out); columnsOf(e.right, out); break;
    case 'and': case 'or': case 'fn': case 'hash': for (const a of e.args) columnsOf(a, out); break;
    case 'case': for (const w of e.when) { columnsOf(w.if, out); columnsOf(w.then, out); } if (e.else) columnsOf(e.else, out); break;
    case 'in': columnsOf(e.arg, out); for (const v of e.values) columnsOf(v, out); break;
    default: break;
  }
  return out;
}
