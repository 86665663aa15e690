import type { Source } from '../plan/plan';
import type { DatasetFormat } from './formats';

/** A column as the engine sees it: its name and DuckDB type (e.g. 'BIGINT', 'DOUBLE', 'VARCHAR', 'DATE'). */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** Something about the data a person should know; report data, not an exception (STYLE.md §5). */
export interface DataIssue {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  column?: string;
}

/**
 * A dataset opened in the engine. `relation` is a quoted, engine-owned table or view name that SQL can
 * select from; it never contains user text. Release it when done.
 */
export interface Dataset {
  path: string;
  format: DatasetFormat;
  relation: string;
  columns: ColumnInfo[];
  rows: number;
  issues: DataIssue[];
  /** True when `relation` is an engine table in file order even for a Parquet file (e.g. with added columns). */
  engineTable?: boolean;
  /** The detected delimiter, for delimited text. */
  delimiter?: string;
  /** Set for compressed text (`.csv.gz`, `.jsonl.zst`): the file's bytes are not its text. */
  compression?: 'gzip' | 'zstd';
  /** Set for a folder or `glob:` dataset: its Parquet files in read order, the Hive keys and the engine scan. */
  multiFile?: { files: string[]; partitionKeys: string[]; scan: string };
  /** For a Parquet file read in place: the engine's literal scan of it (fileScan.ts), e.g. for its file_row_number. */
  fileScan?: string;
  /**
   * True when `relation` is a view that reads the file on every query (delimited text too large for an engine table),
   * or, for drift, the temporary Parquet copy its load wrote (groupFileView.ts).
   */
  fileView?: boolean;
  /**
   * Where aggregate plans read this dataset (plan/plan.ts), when it is not `relation` of the embedded engine:
   * e.g. a warehouse table, run by that warehouse's PlanExecutor.
   */
  source?: Source;
  release(): Promise<void>;
}
