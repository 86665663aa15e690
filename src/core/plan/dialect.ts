import type { ScalarFn, ScalarType, TimeUnit } from './expr';

/** What an engine can do natively; plans and analyses consult these instead of checking the engine's name. */
export interface DialectCapabilities {
  /** `agg(x) FILTER (WHERE c)`; without it the renderer uses agg(CASE WHEN c THEN x END). */
  filterClause: boolean;
  /** An approximate distinct count (HyperLogLog). */
  approxDistinct: boolean;
  /** Exact quantiles with linear interpolation over a list of levels in one aggregate. */
  exactQuantiles: boolean;
  /** Approximate quantiles (t-digest, KLL …) over a list of levels. */
  approxQuantiles: boolean;
  /** The engine's "approximate" quantiles are computed exactly (PostgreSQL has no sketch): reports label them exact. */
  approxQuantilesExact?: boolean;
  /** Several aggregate plans can be combined into one statement with UNION ALL (executors may batch). */
  unionAll: boolean;
  /**
   * count(DISTINCT x) and ordered-set aggregates (percentile_cont) sort their whole input whatever the number of
   * values, and all of one statement's sort at once (PostgreSQL): on large tables they are one plan each, as a
   * GROUP BY (Source 'distinct') for distinct counts, so temporary disk holds one column's sort at a time (100M
   * rows × 9 distinct counts in one statement ran the test server out of disk).
   */
  distinctBySort?: boolean;
}

/**
 * Renders the pieces of an aggregate plan for one SQL engine. render.ts walks the plan and calls these; every
 * piece returns SQL text built only from the arguments' already-rendered SQL, quoted names and literals. Add an
 * engine by extending AnsiDialect (ansiDialect.ts) and overriding what differs; docs/plan-layer.md lists what each
 * method must guarantee. Arguments named `x` are rendered SQL expressions.
 */
export interface SqlDialect {
  readonly name: string;
  readonly capabilities: DialectCapabilities;
  /**
   * Appended inside a derived-columns subquery (Source 'derive') to keep the planner from merging it into the
   * outer query, where each derived expression would be written out again at every use (PostgreSQL: ` OFFSET 0`).
   */
  readonly derivedFence?: string;
  quoteIdent(name: string): string;
  /** A table name of the engine from its parts (catalog, schema, table). */
  quoteTable(path: readonly string[]): string;
  stringLiteral(value: string): string;
  /** A finite double the engine reads back bit for bit (17 significant digits are not enough on every parser). */
  doubleLiteral(value: number): string;
  integerLiteral(value: number): string;
  /** +Infinity, −Infinity or NaN as a double. */
  nonFiniteLiteral(value: 'inf' | '-inf' | 'nan'): string;
  booleanLiteral(value: boolean): string;
  timestampLiteral(iso: string): string;
  nullLiteral(type: ScalarType): string;
  typeName(type: ScalarType): string;
  cast(x: string, to: ScalarType, tryCast: boolean): string;
  /** TRUE for finite doubles, FALSE for NaN/±Infinity, NULL for NULL. */
  isFinite(x: string): string;
  scalar(fn: ScalarFn, args: string[]): string;
  contains(x: string, needle: string): string;
  /** A 64-bit hash of the values (several: of the tuple), NULL-safe, the same value for equal inputs in one run. */
  hash(args: string[]): string;
  /** A boolean: x (non-NULL) is in the 1-in-rate hash sample; the same values are sampled on every run. */
  hashSample(x: string, rate: number): string;
  /** The log-bucket sketch's sign (1, 0, −1) or index ⌈ln|x| / lnGamma⌉ of a finite x, with ln guarded inside its argument. */
  logBucket(x: string, part: 'sign' | 'index', lnGamma: number, zeroLimit: number): string;
  /** date_trunc to day, ISO week (starting Monday) or month, as a timestamp. */
  dateTrunc(unit: 'day' | 'week' | 'month', x: string): string;
  addInterval(x: string, amount: number, unit: TimeUnit): string;
  /**
   * A zoned timestamp x (an instant) as its UTC wall-clock time, a timestamp without time zone, whatever the
   * session's time zone: time windows are cut in UTC on every engine. Called only for columns of a zoned type.
   */
  utcTimestamp(x: string): string;
  /** count(DISTINCT …) of several expressions (a tuple where the engine has none: a hash of them). */
  countDistinct(args: string[]): string;
  /** The engine's approximate distinct count, when capabilities.approxDistinct. */
  approxDistinct(x: string): string;
  /** Quantiles at levels as one list value, exact (linear interpolation) or approximate. */
  quantiles(x: string, levels: readonly number[], exact: boolean): string;
  /** A SELECT of rows (k INTEGER, v) with one row per non-NULL value of each expression over `from`, k its 0-based position. */
  unpivot(from: string, values: string[]): string;
  /** Sample variance and standard deviation (n − 1). */
  /**
   * A FROM item of constant rows named `alias` with `columns` (each row's values already rendered SQL, one per
   * column), e.g. `(VALUES (…), (…)) AS alias(c1, c2)`; its columns are referenced as alias.column.
   */
  inlineTable(alias: string, columns: readonly string[], rows: readonly (readonly string[])[]): string;
  varSamp(x: string): string;
  stddevSamp(x: string): string;
}
