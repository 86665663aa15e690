import * as x from '../plan/expr';
import type { Expr, ScalarType } from '../plan/expr';
import type { NamedExpr, Source } from '../plan/plan';

/** Names an expression so that it is written once per row (a derived column) and referred to by name. */
export type Bind = (e: Expr, type?: ScalarType) => Expr;
const inline: Bind = (e) => e;

/**
 * Derived columns for the rules' arithmetic: each guard below repeats its arguments many times, so nested
 * operations (`(a / b) ^ 2`, `a % b % 3`) would grow the SQL multiplicatively (megabytes for four rules).
 * bind() turns a non-trivial argument into a column computed once per row, in the first subquery level after
 * the columns it reads (wrap()); equal expressions share one column. Every expression bound is total (no engine
 * raises on it: the guards here, casts of numeric columns), so computing it for every row is safe.
 */
export class Bindings {
  private readonly levels: NamedExpr[][] = [];
  private readonly levelOf = new Map<string, number>();
  private readonly byKey = new Map<string, Expr>();

  /** `taken`: the source's column names, never used for a derived column. */
  constructor(private readonly taken: ReadonlySet<string>) {}

  readonly bind: Bind = (e, type = 'double') => {
    if (e.op === 'col' || e.op === 'double' || e.op === 'int' || e.op === 'nonFinite' || e.op === 'null' || e.op === 'str' || e.op === 'bool') return e;
    const key = `${type} ${JSON.stringify(e)}`;
    const known = this.byKey.get(key);
    if (known) return known;
    let level = 0;
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        const o = v as { op?: unknown; name?: unknown };
        if (o.op === 'col' && typeof o.name === 'string') level = Math.max(level, (this.levelOf.get(o.name) ?? -1) + 1);
        else Object.values(v).forEach(visit);
      }
    };
    visit(e);
    let n = this.byKey.size;
    while (this.taken.has(`ml_v${n}`)) n += 1_000_000;
    const name = `ml_v${n}`;
    (this.levels[level] ??= []).push({ name, expr: e, type });
    this.levelOf.set(name, level);
    const ref = x.col(name);
    this.byKey.set(key, ref);
    return ref;
  };

  /** The source with the derived columns, one `SELECT *, …` level per dependency depth (unchanged when none). */
  wrap(source: Source): Source {
    return this.levels.reduce<Source>((of, columns) => (columns?.length ? { kind: 'derive', of, columns } : of), source);
  }
}

/**
 * The rules' arithmetic on doubles as plan expressions with the embedded engine's results (DuckDB: IEEE doubles,
 * C's pow/exp/fmod, round half away from zero) on engines that raise where IEEE gives ±∞ or NaN (PostgreSQL,
 * BigQuery, Databricks in ANSI mode, Snowflake): every case such an engine refuses is answered by a CASE before
 * the native function runs, and the native function only ever sees arguments it accepts (guards sit inside its
 * arguments too, for engines that evaluate more than the branch taken). Known limits, documented in
 * docs/warehouse.md: a negative zero is treated as zero (1 / −0 gives +∞ here, −∞ in C); PostgreSQL still raises
 * "value out of range" for a quotient or product beyond ±1.8e308 or below 1e-308 outside these functions.
 */

const inf = x.nonFinite('inf');
const negInf = x.nonFinite('-inf');
const nan = x.nonFinite('nan');
const zero = x.dbl(0);
const one = x.dbl(1);

/**
 * a / b with IEEE results: b = 0 gives +∞, −∞ or NaN (0/0, NaN/0); a finite quotient beyond the largest double
 * gives ±∞ and one below half the smallest subnormal gives 0 (PostgreSQL raises "value out of range" there). Both
 * limits are decided exactly, without a division that could itself overflow or underflow:
 *   overflow  (|b| < 1, |a| ≥ |b|·2^1000): the quotient of |a|·2^−100 and |b|·2^1000 (both exact) is the rounded
 *             quotient scaled by 2^−1100 and lies in [2^−100, 2^998]; IEEE overflows exactly when it is ≥ 2^−76.
 *   underflow (|b| > 1, |a| < 1): the quotient rounds to 0 exactly when |a| ≤ |b|·2^−1075, i.e. |a|·2^999 ≤
 *             |b|·2^−76 (both sides exact: powers of two on normal numbers).
 */
export function ieeeDivide(a0: Expr, b0: Expr, bind: Bind = inline): Expr {
  const [a, b] = [bind(a0), bind(b0)];
  const isZero = x.cmp(b, '=', zero);
  const positive = x.or(x.cmp(a, '=', inf), x.and(x.isFinite(a), x.cmp(a, '>', zero)));
  const negative = x.or(x.cmp(a, '=', negInf), x.and(x.isFinite(a), x.cmp(a, '<', zero)));
  const [absA, absB] = [x.fn('abs', a), x.fn('abs', b)];
  const bothFinite = x.and(x.isFinite(a), x.isFinite(b));
  const quotient = x.div(a, x.when([[isZero, one]], b));
  const opposite = x.or(x.and(x.cmp(a, '<', zero), x.cmp(b, '>', zero)), x.and(x.cmp(a, '>', zero), x.cmp(b, '<', zero)));
  // Nested CASEs, not AND: no engine promises to evaluate AND's operands in order, and the scaled products are
  // only safe once the range is known.
  const overflows = x.cmp(x.div(x.mul(absA, x.dbl(2 ** -100)), x.mul(absB, x.dbl(2 ** 1000))), '>=', x.dbl(2 ** -76));
  const bigQuotient = x.when([[x.cmp(absA, '>=', x.mul(absB, x.dbl(2 ** 1000))), x.when([[overflows, x.when([[opposite, negInf]], inf)]], quotient)]], quotient);
  const smallQuotient = x.when([[x.cmp(x.mul(absA, x.dbl(2 ** 999)), '<=', x.mul(absB, x.dbl(2 ** -76))), zero]], quotient);
  return x.when([
    [x.and(isZero, positive), inf],
    [x.and(isZero, negative), negInf],
    [x.and(isZero, x.notNull(a)), nan],
    [x.and(bothFinite, x.cmp(absB, '<', one)), bigQuotient],
    [x.and(bothFinite, x.cmp(absB, '>', one), x.cmp(absA, '<', one)), smallQuotient],
  ], quotient);
}

/**
 * a % b as C's fmod: the remainder of truncating division with a's sign, exactly as IEEE defines it (the result
 * is always a representable double), on every engine — PostgreSQL's `%` and BigQuery's MOD take integers and
 * numerics only, Snowflake's MOD returns fixed point. Built from +, −, ×, ÷, abs and trunc of doubles, each
 * correctly rounded, every intermediate a derived column that no engine can raise on:
 *   q = trunc(|a| / |b|)                 an integer < 2^53; at most one too large, never too small
 *   q·|b| = hi + lo exactly              Dekker's product (Veltkamp splits with 2^27 + 1, no FMA needed)
 *   r = (|a| − hi) − lo                  |a| − hi is exact by Sterbenz; r is representable
 *   r < 0 → r + |b|                      (q was one too large); the result takes a's sign.
 * Special cases as C: a NULL → NULL; a not finite → NaN; b NaN → NaN; b ±∞ → a; b = 0 → NaN; |a| < |b| → a.
 * Beyond |b| > 2^900 both are scaled by 2^−200 first (exact; no split overflows). A quotient of 2^53 or more
 * (|a| ≥ 2^53·|b|) is NULL: the report counts it as a null result instead of giving a wrong remainder. Exact
 * unless a product underflows (|b| < ~1e-290).
 */
export function ieeeMod(a0: Expr, b0: Expr, bind: Bind = inline): Expr {
  const [a, b] = [bind(a0), bind(b0)];
  const [ax, ay] = [bind(x.fn('abs', a)), bind(x.fn('abs', b))];
  const finite = x.and(x.isFinite(a), x.isFinite(b));
  // The regular path (0 < |b| ≤ |a| < 2^53·|b|), as nested CASEs: each test is only reached where it is safe.
  const hugeQuotient = x.when([[x.cmp(ay, '>=', one), x.cmp(x.div(ax, x.dbl(2 ** 53)), '>=', ay)]], x.cmp(ax, '>=', x.mul(ay, x.dbl(2 ** 53))));
  const regular = bind(x.when([[x.not(finite), x.bool(false)], [x.cmp(ay, '=', zero), x.bool(false)], [x.cmp(ax, '<', ay), x.bool(false)]], x.not(hugeQuotient)), 'boolean');
  const scaled = x.cmp(ay, '>', x.dbl(2 ** 900));
  const down = (v: Expr) => bind(x.when([[x.not(regular), one], [scaled, x.mul(v, x.dbl(2 ** -200))]], v));
  const [px, py] = [down(ax), down(ay)];
  const q = bind(x.fn('trunc', x.div(px, py)));
  const split = (v: Expr): [Expr, Expr] => {
    const c = x.mul(x.dbl(134217729), v);
    const h = bind(x.sub(c, x.sub(c, v)));
    return [h, bind(x.sub(v, h))];
  };
  const [qh, ql] = split(q);
  const [yh, yl] = split(py);
  const hi = bind(x.mul(q, py));
  const lo = bind(x.add(x.add(x.add(x.sub(x.mul(qh, yh), hi), x.mul(qh, yl)), x.mul(ql, yh)), x.mul(ql, yl)));
  const r0 = bind(x.sub(x.sub(px, hi), lo));
  const r1 = x.when([[x.cmp(r0, '<', zero), x.add(r0, py)]], r0);
  const r = bind(x.when([[x.and(regular, scaled), x.mul(r1, x.dbl(2 ** 200))]], r1));
  return x.when([
    [x.or(x.isNull(a), x.isNull(b)), x.nullOf('double')],
    [x.not(x.isFinite(a)), nan],
    [x.not(x.isFinite(b)), x.when([[x.cmp(ay, '=', inf), a]], nan)],
    [x.cmp(b, '=', zero), nan],
    [x.cmp(ax, '<', ay), a],
    [x.not(regular), x.nullOf('double')],
    [x.cmp(a, '<', zero), x.sub(zero, r)],
  ], r);
}

/** The largest finite |ln x| of a double (ln of 1.7976931348623157e308) and the x below which e^x rounds to 0. */
const EXP_OVERFLOW = 709.782712893384;
const EXP_UNDERFLOW = -745.1332191019412;

/** e^a: +∞ above 709.78…, 0 at and below −745.13… (PostgreSQL and BigQuery raise there; both limits are the exact doubles where C's exp changes). */
export function ieeeExp(a0: Expr, bind: Bind = inline): Expr {
  const a = bind(a0);
  const finite = x.isFinite(a);
  return x.when([[x.and(finite, x.cmp(a, '>', x.dbl(EXP_OVERFLOW))), inf], [x.and(finite, x.cmp(a, '<=', x.dbl(EXP_UNDERFLOW))), zero]], x.fn('exp', a));
}

/**
 * a ^ b as C's pow: 0 ^ negative = +∞, negative ^ non-integer = NaN, overflow ±∞ and underflow 0 decided from
 * b·ln|a| (b clamped to ±1e300 and to 0 below 1e-200, which keeps the product finite and non-zero without changing
 * which side of the limits it falls), everything else by the engine's power().
 */
export function ieeePower(a0: Expr, b0: Expr, bind: Bind = inline): Expr {
  const [a, b] = [bind(a0), bind(b0)];
  const finite = x.and(x.isFinite(a), x.isFinite(b));
  const nonInteger = x.cmp(b, '!=', x.fn('trunc', b));
  const odd = x.and(x.cmp(b, '=', x.fn('trunc', b)), x.cmp(x.mul(x.fn('trunc', x.div(b, x.dbl(2))), x.dbl(2)), '!=', b));
  const safeA = x.when([[x.and(x.isFinite(a), x.cmp(a, '!=', zero)), x.fn('abs', a)]], one);
  const clampedB = x.when([[x.cmp(x.fn('abs', b), '<', x.dbl(1e-200)), zero], [x.cmp(b, '>', x.dbl(1e300)), x.dbl(1e300)], [x.cmp(b, '<', x.dbl(-1e300)), x.dbl(-1e300)]], b);
  const magnitude = x.mul(x.fn('ln', safeA), x.when([[x.isFinite(b), clampedB]], zero));
  const refused = x.or(x.and(x.cmp(a, '=', zero), x.cmp(b, '<', zero)), x.and(finite, x.cmp(a, '<', zero), nonInteger));
  const overflow = x.and(finite, x.cmp(a, '!=', zero), x.cmp(magnitude, '>', x.dbl(EXP_OVERFLOW)));
  const underflow = x.and(finite, x.cmp(a, '!=', zero), x.cmp(magnitude, '<', x.dbl(EXP_UNDERFLOW)));
  // (−∞) ^ finite non-integer: C gives +∞ or +0; PostgreSQL refuses any negative base with a non-integer power.
  const negInfBase = x.and(x.cmp(a, '=', negInf), x.isFinite(b), nonInteger);
  const guard = x.or(refused, negInfBase, overflow, underflow);
  return x.when([
    [x.and(x.cmp(a, '=', zero), x.cmp(b, '<', zero)), inf],
    [x.and(finite, x.cmp(a, '<', zero), nonInteger), nan],
    [negInfBase, x.when([[x.cmp(b, '>', zero), inf]], zero)],
    [overflow, x.when([[x.and(x.cmp(a, '<', zero), odd), negInf]], inf)],
    [underflow, zero],
  ], x.fn('power', x.when([[guard, one]], a), x.when([[guard, one]], b)));
}

/** round(a) half away from zero, exactly (floor(|a| + 0.5) would round 0.49999999999999994 up). */
function roundHalfAway(a: Expr): Expr {
  const m = x.fn('abs', a);
  const f = x.fn('floor', m);
  const r = x.when([[x.cmp(x.sub(m, f), '>=', x.dbl(0.5)), x.add(f, one)]], f);
  return x.when([[x.cmp(a, '<', zero), x.sub(zero, r)]], r);
}

/** DuckDB's round(a, d): d ≥ 0 scales by 10^d (a itself where a·10^d overflows); d < 0 divides by 10^−d. */
export function ieeeRound(a0: Expr, digits = 0, bind: Bind = inline): Expr {
  const a = bind(a0);
  if (digits === 0) return roundHalfAway(a);
  if (digits > 0) {
    const m = Number(`1e${digits}`);
    return x.when([[x.or(x.not(x.isFinite(a)), x.cmp(x.fn('abs', a), '>', x.dbl(largestTimes(m)))), a]], x.div(roundHalfAway(x.mul(a, x.dbl(m))), x.dbl(m)));
  }
  const m = Number(`1e${-digits}`);
  // As DuckDB: a non-finite a, or a rounded value whose product with 10^−d overflows, gives 0; a tiny |a| rounds to
  // 0 (and a / m would underflow, which PostgreSQL refuses).
  const r = roundHalfAway(x.div(a, x.dbl(m)));
  return x.when([[x.not(x.isFinite(a)), zero], [x.cmp(x.fn('abs', a), '<', x.dbl(1e-300)), zero]],
    x.when([[x.cmp(x.fn('abs', r), '>', x.dbl(largestTimes(m))), zero]], x.mul(r, x.dbl(m))));
}

/** The largest double t with t·m finite. */
function largestTimes(m: number): number {
  let t = Number.MAX_VALUE / m;
  while (!Number.isFinite(t * m)) t = step(t, -1);
  while (Number.isFinite(step(t, 1) * m)) t = step(t, 1);
  return t;
}

/** The next double above (dir 1) or below (dir −1) a positive finite t. */
function step(t: number, dir: 1 | -1): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, t);
  v.setBigUint64(0, v.getBigUint64(0) + BigInt(dir));
  return v.getFloat64(0);
}
