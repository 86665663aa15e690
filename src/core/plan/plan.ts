import type { Expr, ScalarType } from './expr';

/**
 * An engine-neutral aggregate plan: one SELECT of aggregates over a source, optionally grouped. Analyses emit
 * plans; a SqlDialect renders them (render.ts) and a PlanExecutor runs them (executor.ts). All statistics
 * (p-values, integrals, sketch merges, bootstraps) stay in TypeScript: a plan only asks for sums, counts and
 * the like, so only kilobytes come back from any engine.
 */

/** Where rows come from. */
export type Source =
  /** A table of the engine, by its (schema-qualified) name parts; the dialect quotes each part. */
  | { kind: 'table'; path: readonly string[]; where?: Expr }
  /**
   * A relation the executor itself created (the embedded engine's dataset views and tables, e.g. `"ml_ds_1"`):
   * already-quoted text produced by the engine, never user text. Only valid for the executor that made it.
   */
  | { kind: 'relation'; relation: string; where?: Expr }
  /**
   * Many columns as long rows: one row (k, v) per non-NULL value of each expression, k its position in `values`
   * (an INTEGER) — how wide tables aggregate per column with one GROUP BY k instead of thousands of aggregates.
   * `type` casts every value (omit it when all values share one type, e.g. hashes).
   */
  | { kind: 'unpivot'; of: Source; values: Expr[]; type?: ScalarType; where?: Expr }
  /**
   * Every column of `of` plus columns computed once per row (`SELECT *, e AS name`): how a long expression is
   * written once and referred to by name (e.g. rules' arithmetic, rules/planMath.ts). Names are plain
   * identifiers that must not be columns of `of`.
   */
  | { kind: 'derive'; of: Source; columns: readonly NamedExpr[]; where?: Expr }
  /**
   * One row per distinct non-NULL value of `value` over `of`, as column v (`SELECT x AS v … GROUP BY x`): a
   * distinct count as count(*) over it is a hash aggregate on every engine, where count(DISTINCT x) sorts the
   * whole input on some (DialectCapabilities.distinctBySort).
   */
  | { kind: 'distinct'; of: Source; value: Expr; where?: Expr };

export type Aggregate =
  /** count(*) without arg, else non-NULL values of arg. */
  | { fn: 'count'; arg?: Expr; filter?: Expr }
  /** Rows where cond is true (rendered as a sum of an indicator: exact on every engine). */
  | { fn: 'countIf'; cond: Expr }
  | { fn: 'sum' | 'min' | 'max' | 'avg' | 'varSamp' | 'stddevSamp'; arg: Expr; filter?: Expr }
  /** Σ arg². */
  | { fn: 'sumSquares'; arg: Expr; filter?: Expr }
  /**
   * Distinct non-NULL values (several args: distinct tuples).
   * - 'exact': count(DISTINCT …);
   * - 'hashSample': distinct hashes in the 1-in-`rate` hash sample (Gibbons' distinct sampling): the caller
   *   scales by rate and states the error (data/distinctCount.ts); exact up to hashing, mergeable;
   * - 'approx': the engine's own estimate (HyperLogLog); its error is the engine's.
   */
  | { fn: 'distinct'; args: Expr[]; mode: 'exact' | 'approx'; filter?: Expr }
  | { fn: 'distinct'; args: [Expr]; mode: 'hashSample'; rate: number }
  /** Quantiles at `levels` as one list: 'exact' is linear interpolation (numpy's default), 'approx' the engine's sketch. */
  | { fn: 'quantiles'; arg: Expr; levels: number[]; mode: 'exact' | 'approx' }
  /** Any one value of arg (e.g. an example of a bad value): min for determinism. */
  | { fn: 'example'; arg: Expr; filter?: Expr };

/** An output column. `type` casts the output; outputs with a type on every column can be batched (runAll). */
export interface NamedExpr {
  name: string;
  expr: Expr;
  type?: ScalarType;
}
export interface NamedAggregate {
  name: string;
  agg: Aggregate;
  type?: ScalarType;
}

export interface AggregatePlan {
  source: Source;
  /**
   * Columns computed once per row before filtering and aggregation (a subquery); when present, `where`, the
   * group keys and the aggregates see only these names (e.g. v = x when finite, else NULL).
   */
  derive?: NamedExpr[];
  /** Rows kept before aggregation (after source.where). */
  where?: Expr;
  /** Group keys; without them the plan returns exactly one row. */
  groupBy?: NamedExpr[];
  aggregates: NamedAggregate[];
  /**
   * Keep only the `k` groups with the largest aggregate `by`, ties broken by the group keys ascending; with
   * `partitionBy` (names of group keys) the top k within each partition (top-k per group).
   */
  top?: { k: number; by: string; partitionBy?: string[] };
  /** Rows returned ordered by these output names ascending (else in the engine's order). */
  orderBy?: string[];
}

/** One row of a plan's result: output name → number | string | boolean | null | number[] (BIGINT beyond 2^53 as text). */
export type PlanRow = Record<string, unknown>;

/** Output names must be plain identifiers: they are the keys analyses read, never column names of the data. */
export const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Whether an aggregate's value is exact on every engine ('hashSample' is exact up to its stated sampling error, so: no). */
export function isExactAggregate(a: Aggregate): boolean {
  if (a.fn === 'distinct') return a.mode === 'exact';
  if (a.fn === 'quantiles') return a.mode === 'exact';
  return true;
}

/** Names of a plan's approximate outputs, for reports that say which figures are estimates. */
export function approximateOutputs(plan: AggregatePlan): string[] {
  return plan.aggregates.filter((a) => !isExactAggregate(a.agg)).map((a) => a.name);
}
