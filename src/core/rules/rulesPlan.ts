import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { InputError } from '../errors';
import type { PlanExecutor } from '../plan/executor';
import * as x from '../plan/expr';
import type { NamedAggregate } from '../plan/plan';
import { asExecutor, sourceOf } from '../plan/target';
import { ARITHMETIC_OPS, columnsOf, type Expr } from './ast';
import type { Rule } from './rule';
import { duckdbColumnType } from './toSql';
import { checkTypes, type ColumnType, type StaticType } from './typeCheck';
import type { RuleExample, RulesReport, RuleResult } from './validate';
import { fromField, type Value } from './values';
import { own } from '../dict';
import { Bindings, ieeeDivide, ieeeExp, ieeeMod, ieeePower, ieeeRound, type Bind } from './planMath';

/** round()'s digits: an integer literal, possibly negated (the parser allows nothing else: functions.ts checkCall). */
function roundDigitsOf(d: Expr): number {
  return d.kind === 'number' ? d.value : d.kind === 'unary' && d.op === '-' && d.operand.kind === 'number' ? -d.operand.value : 0;
}

/**
 * A rule expression as a plan expression, with the rules' semantics where every engine can keep them: numbers
 * are doubles (numeric columns cast), sqrt(x < 0) and log(x ≤ 0) are NULL (the guard sits inside the
 * function's argument, so no engine raises), min/max skip NULLs (least/greatest do not on BigQuery, Trino and
 * Snowflake, so they are folded pairwise with explicit NULL cases), coalesce is a CASE. `/`, `%`, `^`, exp and
 * round give the embedded engine's IEEE results on every engine (planMath.ts: x / 0 is ±∞ or NaN, `%` is C's
 * fmod, `^` C's pow, round half away from zero), where some engines would raise instead. `bind` names their
 * arguments as derived columns (planMath.ts Bindings), so nested arithmetic stays short SQL.
 */
export function ruleToPlan(root: Expr, source: string, columns: ReadonlyMap<string, ColumnType>, bind: Bind = (e) => e): x.Expr {
  const types = checkTypes(root, source, columns);
  const typeOf = (e: Expr): StaticType => types.get(e)!;
  const nullOf = (t: StaticType): x.Expr => x.nullOf(t === 'number' ? 'double' : t === 'boolean' ? 'boolean' : 'varchar');
  const unsupported = (what: string): never => {
    throw new InputError('UNSUPPORTED_IN_WAREHOUSE', `'${source}': ${what} is not supported on warehouse tables yet (it is on local files); rewrite the rule without it.`, { expr: source });
  };
  const isNullE = (e: x.Expr) => x.isNull(e);
  const common = (es: Expr[]): StaticType => es.map(typeOf).find((t) => t !== 'null') ?? 'null';
  /** A child in a context of type t: an untyped NULL gets that type (as toSql casts it). */
  const as = (e: Expr, t: StaticType): x.Expr => (e.kind === 'null' && t !== 'null' && t !== 'unknown' ? nullOf(t) : emit(e));
  const emit = (e: Expr): x.Expr => {
    switch (e.kind) {
      case 'number': return x.dbl(e.value);
      case 'string': return x.str(e.value);
      case 'boolean': return x.bool(e.value);
      case 'null': return nullOf(typeOf(e));
      case 'column': return typeOf(e) === 'number' ? x.cast(x.col(e.name), 'double') : x.col(e.name);
      case 'unary': return e.op === '-' ? x.sub(x.dbl(0), as(e.operand, 'number')) : x.not(as(e.operand, 'boolean'));
      case 'binary': {
        const t = ARITHMETIC_OPS.includes(e.op) ? 'number' : e.op === 'and' || e.op === 'or' ? 'boolean' : common([e.left, e.right]);
        const [a, b] = [as(e.left, t), as(e.right, t)];
        if (ARITHMETIC_OPS.includes(e.op)) {
          if (e.op === '/') return ieeeDivide(a, b, bind);
          if (e.op === '%') return ieeeMod(a, b, bind);
          if (e.op === '^') return ieeePower(a, b, bind);
          return { op: 'arith', fn: e.op as x.ArithOp, left: a, right: b };
        }
        if (e.op === 'and') return x.and(a, b);
        if (e.op === 'or') return x.or(a, b);
        return x.cmp(a, e.op as x.CmpOp, b);
      }
      case 'in': {
        const t = common([e.value, ...e.list]);
        return { op: 'in', arg: as(e.value, t), values: e.list.map((y) => as(y, t)), negated: e.negated };
      }
      case 'between': {
        const t = common([e.value, e.low, e.high]);
        const v = as(e.value, t);
        const inside = x.and(x.cmp(v, '>=', as(e.low, t)), x.cmp(v, '<=', as(e.high, t)));
        return e.negated ? x.not(inside) : inside;
      }
      case 'isNull': return { op: 'isNull', arg: emit(e.value), negated: e.negated };
      case 'call': {
        const t = e.name === 'len' || e.name === 'lower' || e.name === 'upper' ? 'string' : e.name === 'coalesce' || e.name === 'min' || e.name === 'max' ? common(e.args) : 'number';
        const args = e.args.map((y) => as(y, t));
        switch (e.name) {
          case 'abs': case 'floor': case 'ceil': case 'lower': case 'upper': return x.fn(e.name, ...args);
          case 'len': return x.fn('length', ...args);
          case 'sqrt': return x.when([[x.cmp(args[0]!, '>=', x.dbl(0)), x.fn('sqrt', x.when([[x.cmp(args[0]!, '>=', x.dbl(0)), args[0]!]], x.dbl(0)))]]);
          case 'log': return x.when([[x.cmp(args[0]!, '>', x.dbl(0)), x.fn('ln', x.when([[x.cmp(args[0]!, '>', x.dbl(0)), args[0]!]], x.dbl(1)))]]);
          case 'exp': return ieeeExp(args[0]!, bind);
          case 'round': return ieeeRound(args[0]!, e.args[1] ? roundDigitsOf(e.args[1]) : 0, bind);
          case 'coalesce': return args.slice(1).reduce((acc, y) => x.when([[x.notNull(acc), acc]], y), args[0]!);
          case 'min': case 'max': {
            const f = e.name === 'min' ? 'least' : 'greatest';
            return args.slice(1).reduce((acc, y) => x.when([[isNullE(acc), y], [isNullE(y), acc]], x.fn(f, acc, y)), args[0]!);
          }
          default: return unsupported(`the function ${(e as { name: string }).name}()`);
        }
      }
    }
  };
  return emit(root);
}

/** Values of a rule's columns: a stable order for examples. */
function ruleColumns(rule: Rule): string[] {
  return [...new Set([...columnsOf(rule.exprAst), ...(rule.whenAst ? columnsOf(rule.whenAst) : [])])];
}

/**
 * Validates rules as one aggregate plan on any executor (a warehouse table, or the embedded engine): per rule
 * the applicable rows, violations and null results as count-ifs, then per rule with violations one grouped plan
 * for examples. A table has no row numbers, so examples are the most frequent violating value combinations of
 * the rule's columns, each with its number of violating rows (`count`, no `row`). Counts equal the DuckDB path's (validateDataset.ts).
 */
export async function validatePlans(target: Engine | PlanExecutor, ds: Dataset, rules: readonly Rule[], options: RunOptions & { maxExamples?: number; label?: string } = {}): Promise<RulesReport> {
  const exec = asExecutor(target);
  const columns = new Map<string, ColumnType>(ds.columns.map((c) => [c.name, duckdbColumnType(c.type)]));
  const bindings = new Bindings(new Set(columns.keys()));
  const conds = rules.map((rule) => {
    const wrap = <T>(f: () => T): T => {
      try {
        return f();
      } catch (e) {
        if (e instanceof InputError) throw new InputError(e.code, `rule '${rule.id}': ${e.message}`, { ...e.details, ruleId: rule.id });
        throw e;
      }
    };
    const expr = wrap(() => ruleToPlan(rule.exprAst, rule.expr, columns, bindings.bind));
    const applies = rule.whenAst ? wrap(() => ruleToPlan(rule.whenAst!, rule.when!, columns, bindings.bind)) : x.bool(true);
    return { applies, violated: x.and(applies, x.not(expr)), isNull: x.and(applies, x.isNull(expr)) };
  });
  const source = bindings.wrap(sourceOf(ds));
  const results: RuleResult[] = [];
  if (rules.length) {
    const aggs: NamedAggregate[] = conds.flatMap((c, i): NamedAggregate[] => [
      { name: `r${i}_rows`, agg: { fn: 'countIf', cond: c.applies }, type: 'bigint' },
      { name: `r${i}_viol`, agg: { fn: 'countIf', cond: c.violated }, type: 'bigint' },
      { name: `r${i}_null`, agg: { fn: 'countIf', cond: c.isNull }, type: 'bigint' },
    ]);
    const [counts] = await exec.run({ source, aggregates: aggs }, options);
    const n = (k: string) => Number(own(counts, k) ?? 0);
    const limit = Math.floor(options.maxExamples ?? 5);
    for (const [i, rule] of rules.entries()) {
      const violations = n(`r${i}_viol`);
      const cols = ruleColumns(rule);
      const examples: RuleExample[] = [];
      if (violations > 0 && limit > 0 && cols.length) {
        const rows = await exec.run({ source, where: conds[i]!.violated, groupBy: cols.map((c, k) => ({ name: `c${k}`, expr: x.col(c) })), aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }], top: { k: limit, by: 'n' } }, options);
        for (const r of rows) {
          const values = Object.create(null) as Record<string, Value>;
          cols.forEach((c, k) => {
            const v = fromField(r[`c${k}`]);
            values[c] = v === undefined ? String(r[`c${k}`]) : v;
          });
          examples.push({ count: Number(r['n']), values });
        }
      }
      const rowsApplying = n(`r${i}_rows`);
      const rate = rowsApplying > 0 ? violations / rowsApplying : 0;
      results.push({
        id: rule.id, expr: rule.expr, ...(rule.when === undefined ? {} : { when: rule.when }), severity: rule.severity,
        ...(rule.description === undefined ? {} : { description: rule.description }),
        violations, rows: rowsApplying, nullResults: n(`r${i}_null`), rate, maxRate: rule.maxViolationRate, status: rate > rule.maxViolationRate ? 'fail' : 'pass', examples,
      });
    }
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  return { dataset: options.label ?? ds.path, rules: results, summary: { rules: results.length, passed: results.length - failed, failed } };
}
