import { strict as assert } from 'node:assert';
import { CancelledError } from '../../../src/core/errors';
import { computeStats } from '../../../src/core/health/computeStats';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { AthenaExecutor } from '../../../src/core/warehouse/executors/athena';
import { BigQueryExecutor } from '../../../src/core/warehouse/executors/bigquery';
import { DatabricksExecutor } from '../../../src/core/warehouse/executors/databricks';
import { SnowflakeExecutor } from '../../../src/core/warehouse/executors/snowflake';
import { TrinoExecutor } from '../../../src/core/warehouse/executors/trino';
import { WarehousePlanExecutor } from '../../../src/core/warehouse/planExecutor';
import { openSourceDataset } from '../../../src/core/warehouse/sourceDataset';
import { parseSourceRef } from '../../../src/core/warehouse/sources/sourceRef';
import type { WarehouseExecutor } from '../../../src/core/warehouse/types';

/**
 * Live tests against real warehouses: they run only when a team gives credentials in the environment
 * (README: "Run the live warehouse tests"), e.g. in its own CI. Each profiles and baselines a table the
 * credentials can read, checks the cost estimate, and cancels a long query on the server.
 */
const env = (k: string) => process.env[`MODEL_LENS_LIVE_${k}`];

const LIVE: { name: string; table: string | undefined; make: () => WarehouseExecutor }[] = [
  { name: 'Databricks', table: env('DATABRICKS_TABLE'), make: () => new DatabricksExecutor({ host: env('DATABRICKS_HOST')!, warehouseId: env('DATABRICKS_WAREHOUSE_ID')!, token: env('DATABRICKS_TOKEN')! }) },
  { name: 'Trino', table: env('TRINO_TABLE'), make: () => new TrinoExecutor({ server: env('TRINO_SERVER')!, user: env('TRINO_USER')!, ...(env('TRINO_PASSWORD') ? { password: env('TRINO_PASSWORD')! } : {}) }) },
  { name: 'BigQuery', table: env('BIGQUERY_TABLE'), make: () => new BigQueryExecutor({ project: env('BIGQUERY_PROJECT')!, ...(env('BIGQUERY_LOCATION') ? { location: env('BIGQUERY_LOCATION')! } : {}), ...(env('BIGQUERY_TOKEN') ? { accessToken: env('BIGQUERY_TOKEN')! } : { serviceAccountJson: env('BIGQUERY_SERVICE_ACCOUNT_JSON')! }) }) },
  { name: 'Snowflake', table: env('SNOWFLAKE_TABLE'), make: () => new SnowflakeExecutor({ account: env('SNOWFLAKE_ACCOUNT')!, user: env('SNOWFLAKE_USER')!, privateKey: env('SNOWFLAKE_PRIVATE_KEY')!, ...(env('SNOWFLAKE_WAREHOUSE') ? { warehouse: env('SNOWFLAKE_WAREHOUSE')! } : {}), ...(env('SNOWFLAKE_ROLE') ? { role: env('SNOWFLAKE_ROLE')! } : {}) }) },
  // Athena: the standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) variables; the table as database.table.
  { name: 'Athena', table: env('ATHENA_TABLE'), make: () => new AthenaExecutor({ region: env('ATHENA_REGION') ?? process.env['AWS_REGION'] ?? '', credentials: { accessKeyId: process.env['AWS_ACCESS_KEY_ID'] ?? '', secretAccessKey: process.env['AWS_SECRET_ACCESS_KEY'] ?? '', ...(process.env['AWS_SESSION_TOKEN'] ? { sessionToken: process.env['AWS_SESSION_TOKEN'] } : {}) }, ...(env('ATHENA_WORKGROUP') ? { workgroup: env('ATHENA_WORKGROUP')! } : {}), ...(env('ATHENA_OUTPUT_LOCATION') ? { outputLocation: env('ATHENA_OUTPUT_LOCATION')! } : {}) }) },
];

/**
 * 2026-09-07 20:00 UTC (01:30 on the 8th in Asia/Kolkata) as each engine's zoned timestamp literal, written in
 * +05:30 where the literal carries its zone: its day window must be the 7th whatever the session's time zone.
 */
const ZONED_LITERAL: Record<string, string> = {
  databricks: "TIMESTAMP'2026-09-07 20:00:00Z'", bigquery: "TIMESTAMP '2026-09-07 20:00:00+00'",
  trino: "TIMESTAMP '2026-09-08 01:30:00 Asia/Kolkata'", athena: "TIMESTAMP '2026-09-08 01:30:00 Asia/Kolkata'",
  snowflake: "'2026-09-08 01:30:00 +05:30'::TIMESTAMP_TZ",
};

/** A query that runs long on any engine: a cross join of the table with itself, counted. */
const slow = (table: string) => `SELECT count(*) AS n FROM ${table} AS a CROSS JOIN ${table} AS b CROSS JOIN ${table} AS c`;

for (const w of LIVE) {
  describe(`warehouse live: ${w.name}`, function () {
    this.timeout(600_000);
    before(function () {
      if (!w.table) this.skip();
    });

    it('profiles and baselines the table in the warehouse; only aggregates come back', async () => {
      const ex = new WarehousePlanExecutor(w.make());
      try {
        const ds = await openSourceDataset(ex, parseSourceRef(`live:${w.table}`));
        const profile = await profileDataset(ex, ds);
        assert.equal(profile.rows, ds.rows);
        await computeStats(ex, ds);
        assert.ok(ex.warehouse.stats.bytesReceived < 10e6, `${ex.warehouse.stats.bytesReceived} bytes`);
        if (ex.warehouse.engine === 'athena') assert.ok((ex.warehouse.stats.bytesScanned ?? -1) >= 0, 'Athena reports the bytes it scanned');
        const est = await ex.warehouse.estimate(ex.statements[0]!);
        assert.ok(est.bytes === null || est.bytes >= 0);
      } finally {
        await ex.warehouse.close();
      }
    });

    it('a zoned timestamp falls in its UTC day window (the dialect\'s utcTimestamp and dateTrunc, run there)', async () => {
      const ex = new WarehousePlanExecutor(w.make());
      try {
        const d = ex.dialect;
        const r = await ex.warehouse.query(`SELECT ${d.cast(d.dateTrunc('day', d.utcTimestamp(ZONED_LITERAL[ex.warehouse.engine]!)), 'varchar', false)} AS ${d.quoteIdent('d')}`);
        assert.match(String(r.rows[0]?.['d']), /^2026-09-07/);
      } finally {
        await ex.warehouse.close();
      }
    });

    it('cancelling stops the query on the server', async () => {
      const ex = new WarehousePlanExecutor(w.make());
      try {
        const ds = await openSourceDataset(ex, parseSourceRef(`live:${w.table}`));
        const source = ds.source;
        assert.ok(source?.kind === 'table');
        const table = ex.dialect.quoteTable(source.path);
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 3000);
        await assert.rejects(ex.warehouse.query(slow(table), { signal: controller.signal }), CancelledError);
      } finally {
        await ex.warehouse.close();
      }
    });
  });
}
