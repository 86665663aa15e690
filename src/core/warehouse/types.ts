/**
 * What every warehouse executor offers: run one generated SELECT and return plain rows, estimate what a
 * SELECT would scan, describe and list tables, and close. Executors are the only code that talks to a
 * remote engine; analyses never see a connection.
 */

export type WarehouseEngine = 'postgres' | 'databricks' | 'trino' | 'bigquery' | 'snowflake' | 'athena';

export const WAREHOUSE_ENGINES: readonly WarehouseEngine[] = ['postgres', 'databricks', 'trino', 'bigquery', 'snowflake', 'athena'];

/** A plain row: column alias → JS value (number, string, boolean, null; big integers beyond 2^53 as string). */
export type WarehouseRow = Record<string, unknown>;

export interface WarehouseColumn {
  name: string;
  /** The engine's own type name, upper-cased (e.g. 'DOUBLE PRECISION', 'BIGINT', 'STRING', 'FLOAT64'). */
  type: string;
}

/** A table as `namespace.name`; namespace parts are the engine's (schema; catalog.schema; project.dataset; database.schema). */
export interface TableRef {
  /** Namespace parts in order, possibly empty (the connection's default schema). */
  namespace: string[];
  name: string;
}

export interface QueryOptions {
  /** Aborting cancels the query on the server (not only the wait); the call rejects with CancelledError. */
  signal?: AbortSignal | undefined;
  /** Server-side time limit for this statement (ms); the executor's default when absent. */
  timeoutMs?: number | undefined;
}

export interface QueryResult {
  columns: WarehouseColumn[];
  rows: WarehouseRow[];
}

/** What a SELECT would cost, as the engine estimates it before running it. */
export interface CostEstimate {
  /** Bytes the engine expects to read (BigQuery: dry-run bytes processed; others: from EXPLAIN). */
  bytes: number | null;
  /** Rows the engine expects to read, when it says. */
  rows: number | null;
  /** How the figure was obtained, for messages: e.g. 'BigQuery dry run', 'EXPLAIN (FORMAT JSON)'. */
  method: string;
  /**
   * The cost guard asks even when `bytes` is null: the engine bills by bytes scanned and has no dry run
   * (Athena), so "unknown" must not mean "free".
   */
  askWhenUnknown?: boolean;
}

/** Running totals of one executor's traffic, for reports and the benchmark. */
export interface TransferStats {
  queries: number;
  /** Bytes of result payload received (protocol bytes as the client sees them). */
  bytesReceived: number;
  /** Rows received. */
  rowsReceived: number;
  /** Bytes the engine reports it scanned (and bills), where it says (Athena: Statistics.DataScannedInBytes). */
  bytesScanned?: number;
}

export interface WarehouseExecutor {
  readonly engine: WarehouseEngine;
  /** A short description for reports: engine and host, never credentials. */
  readonly location: string;
  /** Runs one generated SELECT (checked by assertSelectOnly) in a read-only session. */
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /** The engine's estimate of what `sql` would scan. */
  estimate(sql: string, options?: QueryOptions): Promise<CostEstimate>;
  /** Column names and engine types of a table, in table order; throws InputError TABLE_NOT_FOUND. */
  describe(table: TableRef, options?: QueryOptions): Promise<WarehouseColumn[]>;
  /** Tables (and views) the session can read, for the Sources view; `namespace` narrows it. */
  listTables(namespace?: string[], options?: QueryOptions): Promise<TableRef[]>;
  readonly stats: TransferStats;
  close(): Promise<void>;
}

export function newStats(): TransferStats {
  return { queries: 0, bytesReceived: 0, rowsReceived: 0 };
}
