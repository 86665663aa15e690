import { TrinoDialect } from './trinoDialect';

/**
 * Amazon Athena engine version 3, which is Trino-based: "Functions in Athena engine version 3 are based on
 * Trino" (https://docs.aws.amazon.com/athena/latest/ug/functions-env3.html), and DML follows Trino's syntax
 * (https://docs.aws.amazon.com/athena/latest/ug/dml-queries-functions-operators.html). Every function the Trino
 * dialect writes (is_finite, xxhash64, from_big_endian_64, to_utf8, json_format, CAST(ROW … AS JSON),
 * bitwise_and, approx_percentile, approx_distinct, strpos, date_add, try_cast, infinity(), nan()) is in those
 * Trino function pages, so nothing is overridden yet; docs/warehouse.md lists them. Differences that matter here
 * are outside the SQL: identifiers in DML are double-quoted like Trino's (backticks are DDL only:
 * https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html), Glue folds table and column
 * names to lower case, and engine version 2 (Presto 0.217) is not supported — use a version 3 workgroup.
 * Time windows: a timestamp with time zone is moved to UTC by Trino's utcTimestamp (AT TIME ZONE 'UTC'). Athena
 * takes no session time zone from a client (StartQueryExecution's QueryExecutionContext holds only Catalog and
 * Database: https://docs.aws.amazon.com/athena/latest/APIReference/API_StartQueryExecution.html); its session time
 * zone is UTC, and the expression does not depend on it.
 */
export class AthenaDialect extends TrinoDialect {
  override readonly name = 'athena';
}

export const athenaDialect = new AthenaDialect();
