import type { SqlDialect } from '../../plan/dialect';
import type { WarehouseEngine } from '../types';
import { athenaDialect } from './athenaDialect';
import { bigqueryDialect } from './bigqueryDialect';
import { databricksDialect } from './databricksDialect';
import { postgresDialect } from './postgresDialect';
import { snowflakeDialect } from './snowflakeDialect';
import { trinoDialect } from './trinoDialect';

/** Every warehouse dialect, by engine (an explicit table: STYLE.md §3). */
export const WAREHOUSE_DIALECTS: Readonly<Record<WarehouseEngine, SqlDialect>> = {
  postgres: postgresDialect,
  databricks: databricksDialect,
  trino: trinoDialect,
  bigquery: bigqueryDialect,
  snowflake: snowflakeDialect,
  athena: athenaDialect,
};

export function dialectFor(engine: WarehouseEngine): SqlDialect {
  return WAREHOUSE_DIALECTS[engine];
}
