import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { Dataset } from '../../../src/core/data/dataset';
import { timeWindows } from '../../../src/core/drift/windows';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import { renderExpr } from '../../../src/core/plan/render';
import { timeExpr } from '../../../src/core/health/computeStats';
import { sourceOf } from '../../../src/core/plan/target';
import { WAREHOUSE_DIALECTS } from '../../../src/core/warehouse/dialects';
import { trinoDialect } from '../../../src/core/warehouse/dialects/trinoDialect';
import { assertSelectOnly } from '../../../src/core/warehouse/selectOnly';
import { duckdbTypeOf } from '../../../src/core/warehouse/sourceDataset';
import { pgExec, pgUrl } from './pgServer';
import { recording } from './recordingExecutor';

/**
 * Time windows are cut at the UTC wall clock of a timestamp WITH time zone on every engine, whatever the
 * session's time zone; a naive timestamp is never shifted and a DATE stays its date.
 * - per dialect: the SQL of the windows (golden files windows-utc.<dialect>.sql) converts the zoned column and
 *   only casts the naive and the date ones; the embedded engine runs the same plans and gets UTC days;
 * - on PostgreSQL, for real, in a session in Asia/Kolkata (+05:30) without the executor's SET LOCAL TIME ZONE:
 *   its own conversion, Trino's text (PostgreSQL reads it), and PostgreSQL equivalents of Snowflake's
 *   CONVERT_TIMEZONE and of Databricks' epoch arithmetic all give the UTC days, where a plain cast does not.
 */
const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'warehouse', 'golden');
const ZONE_WORK = /AT TIME ZONE|CONVERT_TIMEZONE|unix_micros/;

/** What each dialect writes for the zoned column (BigQuery's TIMESTAMP is an instant: its job's time_zone is UTC). */
const CONVERTED: Record<string, RegExp> = {
  postgres: /\("tsz" AT TIME ZONE 'UTC'\)/,
  trino: /CAST\(\("tsz" AT TIME ZONE 'UTC'\) AS TIMESTAMP\)/,
  athena: /CAST\(\("tsz" AT TIME ZONE 'UTC'\) AS TIMESTAMP\)/,
  snowflake: /CAST\(CONVERT_TIMEZONE\('UTC', "tsz"\) AS TIMESTAMP_NTZ\)/,
  databricks: /timestampadd\(MICROSECOND, unix_micros\(`tsz`\), TIMESTAMP_NTZ'1970-01-01 00:00:00'\)/,
  bigquery: /TIMESTAMP_TRUNC\(CAST\(CAST\(`tsz` AS TIMESTAMP\) AS TIMESTAMP\), WEEK\(MONDAY\)\)/,
};


// Every 5 hours from Monday 2026-09-07 00:00 UTC for three weeks: a fifth of the rows are on another day in +05:30.
const START = Date.UTC(2026, 8, 7);
const HOURS = Array.from({ length: 101 }, (_, k) => START + k * 5 * 3600_000);
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const counts = (keys: string[]): [string, number][] => {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => a[0].localeCompare(b[0]));
};
const UTC_DAYS = counts(HOURS.map(day));
const UTC_WEEKS = counts(HOURS.map((ms) => day(ms - ((new Date(ms).getUTCDay() + 6) % 7) * 86_400_000)));

describe('time windows in UTC on every dialect, whatever the session time zone', function () {
  this.timeout(120_000);
  let engine: Engine;
  let dir: string;
  let ds: Dataset;

  before(async () => {
    engine = await Engine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'ml-utcwin-'));
    const file = join(dir, 'tz.parquet');
    const values = HOURS.map((ms) => `(TIMESTAMPTZ '${new Date(ms).toISOString()}')`).join(', ');
    await engine.exec(`COPY (SELECT t AS tsz, CAST(t AS TIMESTAMP) AS ts, CAST(t AS DATE) AS d FROM (VALUES ${values}) AS v(t)) TO '${file}' (FORMAT PARQUET)`);
    ds = await loadDataset(engine, file);
  });
  after(async () => {
    await ds?.release();
    engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the engines\' zoned types are read as TIMESTAMP WITH TIME ZONE, naive ones as TIMESTAMP, dates as DATE', () => {
    const cases: [string, string, string][] = [
      ['TIMESTAMP WITH TIME ZONE', 'postgres', 'TIMESTAMP WITH TIME ZONE'], ['TIMESTAMP WITHOUT TIME ZONE', 'postgres', 'TIMESTAMP'],
      ['TIMESTAMP_LTZ', 'snowflake', 'TIMESTAMP WITH TIME ZONE'], ['TIMESTAMP_TZ', 'snowflake', 'TIMESTAMP WITH TIME ZONE'], ['TIMESTAMP_NTZ', 'snowflake', 'TIMESTAMP'],
      ['TIMESTAMP(3) WITH TIME ZONE', 'trino', 'TIMESTAMP WITH TIME ZONE'], ['TIMESTAMP(6)', 'trino', 'TIMESTAMP'], ['TIMESTAMPTZ', 'athena', 'TIMESTAMP WITH TIME ZONE'], ['TIMESTAMP', 'athena', 'TIMESTAMP'],
      ['TIMESTAMP', 'databricks', 'TIMESTAMP WITH TIME ZONE'], ['TIMESTAMP_NTZ', 'databricks', 'TIMESTAMP'],
      ['TIMESTAMP', 'bigquery', 'TIMESTAMP WITH TIME ZONE'], ['DATETIME', 'bigquery', 'TIMESTAMP'],
      ['DATE', 'databricks', 'DATE'], ['DATE', 'snowflake', 'DATE'],
    ];
    for (const [type, eng, want] of cases) assert.equal(duckdbTypeOf(type, eng), want, `${eng} ${type}`);
    assert.deepEqual(ds.columns.map((c) => c.type), ['TIMESTAMP WITH TIME ZONE', 'TIMESTAMP', 'DATE']);
  });

  it('the embedded engine cuts all three columns in the same UTC days and Monday weeks', async () => {
    for (const c of ['tsz', 'ts', 'd']) {
      for (const [unit, want] of [['day', UTC_DAYS], ['week', UTC_WEEKS]] as const) {
        const w = await timeWindows(new DuckDbExecutor(engine), ds, c, { unit });
        assert.deepEqual(w.windows.map((x) => [x.start.slice(0, 10), x.rows]), want, `${c} by ${unit}`);
      }
    }
  });

  for (const [name, dialect] of Object.entries(WAREHOUSE_DIALECTS)) {
    it(`${name}: the zoned column is converted to UTC, the naive and date ones only cast (golden SQL)`, async () => {
      const parts: string[] = [];
      for (const c of ['tsz', 'ts', 'd']) {
        const exec = recording(new DuckDbExecutor(engine), dialect, sourceOf(ds));
        const w = await timeWindows(exec, ds, c, { unit: 'week' });
        assert.deepEqual(w.windows.map((x) => [x.start.slice(0, 10), x.rows]), UTC_WEEKS);
        for (const text of exec.sql) assertSelectOnly(text, { backslashEscapes: name === 'bigquery' || name === 'databricks' || name === 'snowflake' });
        const windowed = exec.sql.filter((s) => s.includes(dialect.quoteIdent(c)) && /GROUP BY/.test(s));
        assert.equal(windowed.length, 1, 'one grouped pass lists the windows');
        if (c === 'tsz') assert.match(windowed[0]!, CONVERTED[name]!);
        if (c !== 'tsz' || name === 'bigquery') assert.doesNotMatch(windowed[0]!, ZONE_WORK, `${c} is not shifted`);
        parts.push(`-- ${c}\n${exec.sql.join(';\n')};\n`);
      }
      const body = parts.join('\n');
      const golden = join(GOLDEN, `windows-utc.${name}.sql`);
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(golden)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(golden, body);
      }
      assert.equal(body, readFileSync(golden, 'utf8'), `golden SQL changed: ${golden} (UPDATE_GOLDEN=1 after reviewing the diff)`);
    });
  }

  it('the health check\'s time column (freshness, the current period) is the same UTC wall clock', () => {
    for (const [name, dialect] of Object.entries(WAREHOUSE_DIALECTS)) {
      const [tsz, ts, d] = [0, 1, 2].map((i) => renderExpr(timeExpr(ds, i), dialect));
      assert.equal(tsz, dialect.utcTimestamp(dialect.quoteIdent('tsz')), name);
      if (name !== 'bigquery') assert.match(tsz!, ZONE_WORK, name);
      for (const naive of [ts, d]) assert.doesNotMatch(naive!, ZONE_WORK, name);
    }
  });

  describe('on PostgreSQL, in a session in Asia/Kolkata without SET LOCAL TIME ZONE', () => {
    let url: string;
    let client: pg.Client;

    before(async function () {
      const u = await pgUrl();
      if (!u) return this.skip();
      url = u;
      const gen = `generate_series(timestamptz '${new Date(START).toISOString()}', timestamptz '${new Date(HOURS.at(-1)!).toISOString()}', interval '5 hours')`;
      await pgExec(url, `DROP SCHEMA IF EXISTS ml_utcwin CASCADE; CREATE SCHEMA ml_utcwin;
        CREATE TABLE ml_utcwin.t AS SELECT g AS tsz, (g AT TIME ZONE 'UTC') AS ts, CAST(g AT TIME ZONE 'UTC' AS DATE) AS d FROM ${gen} AS g;`);
      client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`SET TIME ZONE 'Asia/Kolkata'`);
    });
    after(async () => {
      await client?.end().catch(() => undefined);
      if (url) await pgExec(url, 'DROP SCHEMA IF EXISTS ml_utcwin CASCADE');
    });

    const days = async (expr: string): Promise<[string, number][]> => {
      const r = await client.query<{ k: string; n: string }>(`SELECT to_char(date_trunc('day', ${expr}), 'YYYY-MM-DD') AS k, count(*) AS n FROM ml_utcwin.t GROUP BY 1 ORDER BY 1`);
      return r.rows.map((x) => [x.k, Number(x.n)]);
    };

    it('the session really is in +05:30: a plain cast of the timestamptz column gives other days (the control)', async () => {
      assert.equal((await client.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz")).rows[0]!.tz, 'Asia/Kolkata');
      assert.notDeepEqual(await days('CAST("tsz" AS TIMESTAMP)'), UTC_DAYS);
    });

    it('PostgreSQL\'s own conversion and its equivalents of Trino\'s, Snowflake\'s and Databricks\' give the UTC days', async () => {
      const x = '"tsz"';
      const exprs: Record<string, string> = {
        postgres: WAREHOUSE_DIALECTS['postgres']!.utcTimestamp(x),
        'trino (its SQL as written)': trinoDialect.utcTimestamp(x),
        'snowflake CONVERT_TIMEZONE(\'UTC\', x)::TIMESTAMP_NTZ ≡ timezone(\'UTC\', x)': `timezone('UTC', ${x})`,
        'databricks epoch micros + TIMESTAMP_NTZ epoch': `(TIMESTAMP '1970-01-01 00:00:00' + CAST(extract(epoch FROM ${x}) * 1000000 AS BIGINT) * INTERVAL '1 microsecond')`,
      };
      for (const [what, e] of Object.entries(exprs)) assert.deepEqual(await days(e), UTC_DAYS, what);
    });

    it('a naive timestamp is not shifted and a date stays its date', async () => {
      assert.deepEqual(await days('CAST("ts" AS TIMESTAMP)'), UTC_DAYS);
      assert.deepEqual(await days('CAST("d" AS TIMESTAMP)'), UTC_DAYS);
    });

    it('the PostgreSQL dialect\'s window plan, run as written in that session, lists the UTC weeks', async () => {
      const exec = recording(new DuckDbExecutor(engine), WAREHOUSE_DIALECTS['postgres']!, sourceOf(ds));
      await timeWindows(exec, ds, 'tsz', { unit: 'week' });
      const sql = exec.sql.find((s) => /GROUP BY/.test(s))!.replace('"sales"."orders"', 'ml_utcwin.t');
      const r = await client.query<{ s: string; n: string }>(sql);
      assert.deepEqual(r.rows.map((x) => [String(x.s).slice(0, 10), Number(x.n)]), UTC_WEEKS);
    });
  });
});
