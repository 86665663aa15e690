import type pg from 'pg';
import { CancelledError, InputError } from '../../errors';
import { WarehouseError, WarehouseTimeoutError } from '../http';
import { assertSelectOnly } from '../selectOnly';
import { newStats, type CostEstimate, type QueryOptions, type QueryResult, type TableRef, type WarehouseColumn, type WarehouseExecutor } from '../types';

/**
 * The driver, loaded on first use: at load time it builds a fetch Response (its Cloudflare check), which loads
 * Node's fetch implementation, ~0.1–0.15 CPU-s added to every command and to the extension's activation.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const driver = (): typeof pg => require('pg') as typeof pg;

export interface PostgresSettings {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  /** Resolved secret (from an environment variable or SecretStorage), never read from a file. */
  password?: string;
  /** 'require' verifies nothing but encrypts; 'verify-full' checks the certificate and host. */
  sslmode?: 'disable' | 'require' | 'verify-full';
  /** Default statement timeout (ms). */
  timeoutMs?: number;
  /** Connections used at once (analyses run a few queries in parallel). */
  maxConnections?: number;
  /** How long a cancelled statement may go on running on the server before its backend is terminated (ms, default 3000). */
  cancelGraceMs?: number;
}

// Type OIDs (pg_type.oid) whose text form we parse ourselves, so rows match the DuckDB engine's.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

const TYPE_NAMES = new Map<number, string>([[16, 'BOOLEAN'], [20, 'BIGINT'], [21, 'SMALLINT'], [23, 'INTEGER'], [700, 'REAL'], [701, 'DOUBLE PRECISION'], [1700, 'NUMERIC'], [25, 'TEXT'], [1043, 'CHARACTER VARYING'], [1082, 'DATE'], [1114, 'TIMESTAMP WITHOUT TIME ZONE'], [1184, 'TIMESTAMP WITH TIME ZONE']]);

const parseInt8 = (s: string): number | string => {
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
};

/**
 * PostgreSQL through node-postgres. Every statement runs in its own `BEGIN TRANSACTION READ ONLY` with
 * `SET LOCAL statement_timeout`, so the server refuses writes and stops long queries itself, and in UTC
 * (`SET LOCAL TIME ZONE`), so timestamptz values fall in the same day/week/month windows whatever the session's
 * time zone, as they do in the embedded engine. Cancelling
 * sends pg_cancel_backend for the statement's backend from a separate connection (the server stops the
 * query, not just the client's wait). Bytes received are counted on each connection's socket.
 */
export class PostgresExecutor implements WarehouseExecutor {
  readonly engine = 'postgres' as const;
  readonly location: string;
  readonly stats = newStats();
  private readonly pool: pg.Pool;
  private readonly config: pg.PoolConfig;
  /** Statements wait here for a connection (no time limit) so the pool's connect timeout only ever measures connecting. */
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(private readonly settings: PostgresSettings) {
    const types = {
      getTypeParser: (oid: number, format?: string) => {
        if (oid === INT8) return parseInt8;
        if (oid === NUMERIC) return (s: string) => Number(s);
        if (oid === DATE || oid === TIMESTAMP || oid === TIMESTAMPTZ) return (s: string) => s;
        return driver().types.getTypeParser(oid, format as 'text');
      },
    };
    this.config = {
      host: settings.host ?? 'localhost',
      port: settings.port ?? 5432,
      database: settings.database ?? 'postgres',
      user: settings.user ?? process.env['USER'] ?? 'postgres',
      max: settings.maxConnections ?? 4,
      application_name: 'model-lens',
      types: types as unknown as pg.CustomTypesConfig,
      connectionTimeoutMillis: 15_000,
    };
    if (settings.password !== undefined) this.config.password = settings.password;
    if (settings.sslmode === 'require') this.config.ssl = { rejectUnauthorized: false };
    if (settings.sslmode === 'verify-full') this.config.ssl = { rejectUnauthorized: true };
    this.location = `PostgreSQL at ${this.config.host?.startsWith('/') ? 'local socket' : `${this.config.host}:${this.config.port}`}/${this.config.database}`;
    this.pool = new (driver().Pool)(this.config);
    this.pool.on('error', () => undefined); // an idle client's error is surfaced by the next query instead
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    assertSelectOnly(sql);
    const r = await this.inReadOnlyTransaction(sql, [], options);
    this.stats.queries += 1;
    this.stats.rowsReceived += r.rows.length;
    return { columns: r.fields.map((f) => ({ name: f.name, type: TYPE_NAMES.get(f.dataTypeID) ?? `OID ${f.dataTypeID}` })), rows: r.rows as Record<string, unknown>[] };
  }

  async estimate(sql: string, options: QueryOptions = {}): Promise<CostEstimate> {
    assertSelectOnly(sql);
    const r = await this.inReadOnlyTransaction(`EXPLAIN (FORMAT JSON, VERBOSE) ${sql}`, [], options);
    const plan = (r.rows[0] as Record<string, unknown> | undefined)?.['QUERY PLAN'];
    const root = Array.isArray(plan) ? (plan[0] as { Plan?: PlanNode } | undefined)?.Plan : undefined;
    if (!root) return { bytes: null, rows: null, method: 'EXPLAIN (FORMAT JSON)' };
    const scans: { schema: string; name: string; rows: number }[] = [];
    walk(root, (n) => {
      if (n['Relation Name'] && n['Schema']) scans.push({ schema: n['Schema'], name: n['Relation Name'], rows: n['Plan Rows'] ?? 0 });
    });
    let bytes = 0;
    for (const s of scans) {
      const size = await this.inReadOnlyTransaction('SELECT pg_relation_size(format($1::text, $2::text, $3::text)::regclass)::float8 AS b', ['%I.%I', s.schema, s.name], options);
      bytes += Number((size.rows[0] as Record<string, unknown> | undefined)?.['b'] ?? 0);
    }
    return { bytes, rows: scans.reduce((t, s) => t + s.rows, 0), method: 'EXPLAIN (FORMAT JSON) and pg_relation_size of each scanned table' };
  }

  async describe(table: TableRef, options: QueryOptions = {}): Promise<WarehouseColumn[]> {
    if (table.namespace.length > 1) throw new InputError('BAD_SOURCE', `PostgreSQL tables are 'schema.table'; got '${[...table.namespace, table.name].join('.')}'.`);
    const schema = table.namespace[0];
    const r = await this.inReadOnlyTransaction(
      `SELECT column_name AS name, upper(data_type) AS type FROM information_schema.columns
       WHERE table_schema = coalesce($1, current_schema()) AND table_name = $2 ORDER BY ordinal_position`,
      [schema ?? null, table.name], options,
    );
    if (!r.rows.length) {
      const where = schema ? `schema '${schema}'` : 'the default schema';
      throw new InputError('TABLE_NOT_FOUND', `table '${table.name}' was not found in ${where} of ${this.location} (or this user cannot read it). Check the name, or list tables with the Sources view.`, { table: [...table.namespace, table.name].join('.') });
    }
    return r.rows.map((x) => ({ name: String((x as Record<string, unknown>)['name']), type: String((x as Record<string, unknown>)['type']) }));
  }

  async listTables(namespace: string[] = [], options: QueryOptions = {}): Promise<TableRef[]> {
    const r = await this.inReadOnlyTransaction(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND ($1::text IS NULL OR table_schema = $1)
       ORDER BY 1, 2 LIMIT 5000`,
      [namespace[0] ?? null], options,
    );
    return r.rows.map((x) => ({ namespace: [String((x as Record<string, unknown>)['s'])], name: String((x as Record<string, unknown>)['t']) }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Runs one statement inside BEGIN READ ONLY … COMMIT on a pooled connection, cancellable and time-limited. */
  private async inReadOnlyTransaction(sql: string, params: unknown[], options: QueryOptions): Promise<pg.QueryResult> {
    if (options.signal?.aborted) throw new CancelledError();
    await this.acquire();
    try {
      return await this.onConnection(sql, params, options);
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < (this.config.max ?? 4)) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private async onConnection(sql: string, params: unknown[], options: QueryOptions): Promise<pg.QueryResult> {
    if (options.signal?.aborted) throw new CancelledError();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw describePgError(e, this.location);
    }
    const socket = (client as unknown as { connection?: { stream?: { bytesRead?: number } } }).connection?.stream;
    const before = socket?.bytesRead ?? 0;
    const pid = (client as unknown as { processID?: number }).processID;
    let cancelled = false;
    let stopWaiting: (e: Error) => void = () => undefined;
    const abandoned = new Promise<never>((_, reject) => {
      stopWaiting = reject;
    });
    abandoned.catch(() => undefined);
    const onAbort = () => {
      cancelled = true;
      stopWaiting(new CancelledError()); // the caller is answered now, not when the server gets round to it
      if (pid !== undefined) void this.stopBackend(pid);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let broken = false;
    try {
      const timeout = Math.max(1, Math.round(options.timeoutMs ?? this.settings.timeoutMs ?? 600_000));
      // UTC: date_trunc and casts of timestamptz values (time windows, filters) must not follow the role's or server's time zone.
      await Promise.race([client.query(`BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${timeout}; SET LOCAL TIME ZONE 'UTC'`), abandoned]);
      const result = await Promise.race([client.query(sql, params), abandoned]);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      if (cancelled || options.signal?.aborted) {
        broken = true; // the statement may still be running on this connection: never reuse it
        throw new CancelledError();
      }
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw describePgError(e, this.location);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.stats.bytesReceived += (socket?.bytesRead ?? 0) - before;
      client.release(broken);
    }
  }

  /**
   * Stops the statement running in backend `pid`, from a fresh connection: pg_cancel_backend first; a backend still
   * there after the grace period (PostgreSQL does not look at cancel requests everywhere, e.g. while it plans a very
   * large expression) is terminated. It is our own abandoned connection, identified by pid and start time.
   */
  private async stopBackend(pid: number): Promise<void> {
    const c = new (driver().Client)(this.config as pg.ClientConfig);
    try {
      await c.connect();
      const r = await c.query('SELECT backend_start::text AS started, pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = $1', [pid]);
      const started = (r.rows[0] as { started?: string } | undefined)?.started;
      if (started === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, this.settings.cancelGraceMs ?? 3000));
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND backend_start::text = $2', [pid, started]);
    } catch {
      // The statement may have ended already; nothing to stop.
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}

interface PlanNode {
  'Relation Name'?: string;
  Schema?: string;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

function walk(n: PlanNode, visit: (n: PlanNode) => void): void {
  visit(n);
  for (const c of n.Plans ?? []) walk(c, visit);
}

/** SQLSTATE → a WarehouseError a person can act on. */
export function describePgError(e: unknown, location: string): Error {
  if (e instanceof CancelledError || e instanceof InputError || e instanceof WarehouseError) return e;
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  switch (err.code) {
    case '57014':
      return /statement timeout/i.test(msg) ? new WarehouseTimeoutError(`${location}: the query ran past its time limit (statement_timeout) and the server stopped it. Raise the source's timeoutMs, or narrow the data with --where.`) : new CancelledError();
    case '28P01':
    case '28000':
      return new WarehouseError('AUTH', `${location}: authentication failed (${msg}). Check the user and the password variable of the source.`);
    case '3D000':
      return new WarehouseError('AUTH', `${location}: ${msg}. Check the source's database.`);
    case '42P01':
    case '42703':
      return new InputError('TABLE_NOT_FOUND', `${location}: ${msg}.`);
    case '42501':
      return new WarehouseError('PERMISSION', `${location}: ${msg}. The source's user needs SELECT on the table.`);
    case '25006':
      return new WarehouseError('READ_ONLY', `${location}: the server refused a write in a read-only transaction (${msg}).`);
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
      return new WarehouseError('NETWORK', `${location}: could not connect (${err.code}). Is the server running and reachable?`);
    default:
      return new WarehouseError('QUERY_FAILED', `${location}: ${msg}${err.code ? ` (SQLSTATE ${err.code})` : ''}`, { sqlstate: err.code });
  }
}
