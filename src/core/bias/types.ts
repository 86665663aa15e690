/**
 * Shared types of the bias audit. Every classification metric is a function of a group's
 * confusion counts (the sufficient statistics), so aggregation (SQL or in memory), bootstrap and
 * metrics all speak in `ConfusionCounts`.
 */
export interface ConfusionCounts {
  /** Rows in the group (after dropping rows whose label or prediction is missing). */
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** One group of one attribute (or intersection). `attribute` is "a" or "a & b"; `group` is "x" or "x & y". */
export interface GroupCounts {
  attribute: string;
  attributes: readonly string[];
  group: string;
  values: readonly string[];
  counts: ConfusionCounts;
}

export interface ConfusionTable {
  /** The sensitive attributes, in the order given. */
  attributes: readonly string[];
  overall: ConfusionCounts;
  groups: GroupCounts[];
  /** Rows dropped because label or prediction was missing. */
  droppedRows: number;
}

/** A metric value that may be undefined; `reason` says why (never a silent 0 or NaN). */
export interface MaybeNumber {
  value: number | null;
  reason?: string;
}

/** Scalar cell values accepted by the in-memory paths. */
export type CellValue = string | number | boolean | bigint | null | undefined;

/** Runs one SQL statement and returns its rows as plain objects. */
export type ExecuteSql = (sql: string) => Promise<Record<string, unknown>[]>;

/** Group value used for a missing (NULL) sensitive value. */
export const MISSING_GROUP = '(missing)';
/** Separator between attribute names / values of an intersection. */
export const INTERSECTION_SEPARATOR = ' & ';
