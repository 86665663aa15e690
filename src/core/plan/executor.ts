import type { Engine, RunOptions } from '../data/engine';
import type { SqlDialect } from './dialect';
import type { Expr } from './expr';
import type { AggregatePlan, PlanRow, Source } from './plan';

/** Where a plan ran: reports say it ("computed in DuckDB on this machine", "computed in Snowflake"). */
export interface EngineInfo {
  /** 'duckdb', 'postgres', 'databricks', 'trino', 'bigquery', 'snowflake' … */
  name: string;
  /** True for the embedded engine on this machine. */
  local: boolean;
  /** What a person reads, e.g. 'DuckDB (embedded)' or 'PostgreSQL 15 at db.example:5432/features'. */
  label: string;
}

/** One column of one streamed batch: values, and validity bits (bit i of word i >> 5; null when no value is NULL). */
export interface DoubleColumnBatch {
  values: Float64Array;
  valid: Uint32Array | null;
}

/**
 * Optional fast paths an executor may offer. Analyses use one when present and otherwise run the plain
 * aggregate plan (e.g. drift's grid: streamed through JS in DuckDB, one GROUP BY per column elsewhere).
 */
export interface ExecutorFastPaths {
  /**
   * Streams expressions (each cast to double) of a source batch by batch into `visit`, never holding the rows;
   * the views are valid only during the call. Cancellable between batches.
   */
  streamDoubles?(source: Source, exprs: readonly Expr[], visit: (batch: DoubleColumnBatch[], rows: number) => void | Promise<void>, options?: RunOptions): Promise<void>;
  /**
   * Runs one generated SELECT built from this executor's dialect and rendered plans (e.g. drift's per-bucket
   * window sums, drift/bucketAreas.ts), through the same guards as plans (SELECT-only, read-only, cost guard).
   */
  select?(sql: string, options?: RunOptions): Promise<PlanRow[]>;
  /**
   * Runs plans whose outputs are all numbers (as doubles) and returns, per plan, one column of values per output
   * (group keys first, then aggregates, in plan order): no object per row, for plans with thousands of rows
   * (the profile's fine bins, profile/fineBins.ts). Rows come in no particular order.
   */
  doubleColumns?(plans: readonly AggregatePlan[], options?: RunOptions): Promise<number[][][]>;
}

/** The embedded DuckDB an executor runs on, and the dialect its own SQL is rendered in. */
export interface EmbeddedEngine {
  readonly db: Engine;
  readonly dialect: SqlDialect;
}

/**
 * What an executor offers beyond running plans. Analyses branch on these, never on the executor's class: the
 * embedded engine's executor (DuckDbExecutor) declares all of them, warehouse executors none, and an absent
 * capability means the plain plan path (the SQL the warehouses' golden files hold).
 */
export interface ExecutorCapabilities {
  /**
   * A local DuckDB to run its own SQL on and read its vectors: row numbers over a whole table (drift's chunk
   * windows), every value of a column (tests that need them, pullSamples.ts), a column's values in a few grid
   * buckets read as doubles (gridScan.ts), many columns' category counts in one UNION ALL (countColumns.ts),
   * window keys' hashes from constants without a pass over the data (windowGrids.ts).
   */
  embedded?: EmbeddedEngine;
  /**
   * The memory limit (bytes) of an engine on this machine, which analyses plan their work to fit: a wide drift
   * side scanned in column ranges (driftSide.ts), duplicate rows estimated where a hash of every row would not
   * fit (health/computeCurrent.ts). Absent where the engine manages its own memory: one statement, exact counts.
   */
  memoryBytes?(options?: RunOptions): Promise<number>;
  /**
   * Rows grouped by a window key's value (a timestamp or a chunk number), only each window's key cast to text
   * (drift/windows.ts groupByWindow; measured on DuckDB at 10M rows: 1.4 → 0.4 CPU-s). Without it every row's key
   * is cast to text.
   */
  windowKeyByValue?: boolean;
}

/**
 * Runs aggregate plans on one engine and returns plain rows (numbers, strings, booleans, null, lists of
 * numbers; BIGINT beyond 2^53 as text). Cancellation: options.signal interrupts the running query (on the
 * server for remote engines) and the call rejects with CancelledError. Progress: options.onProgress gets a
 * fraction in [0, 1] where the engine reports one.
 */
export interface PlanExecutor {
  readonly dialect: SqlDialect;
  readonly engine: EngineInfo;
  run(plan: AggregatePlan, options?: RunOptions): Promise<PlanRow[]>;
  /** Several plans at once; the result of plan i at index i. Executors may batch them (UNION ALL) or run them concurrently. */
  runAll(plans: readonly AggregatePlan[], options?: RunOptions): Promise<PlanRow[][]>;
  readonly fast: ExecutorFastPaths;
  /** What the executor offers beyond plans (absent: nothing, as on warehouses). */
  readonly capabilities?: ExecutorCapabilities;
}
