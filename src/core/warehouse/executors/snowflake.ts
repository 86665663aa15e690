import { randomUUID } from 'node:crypto';
import { InputError } from '../../errors';
import { coerceValue, valueClass } from '../coerce';
import { arr, obj, parseJson, send, WarehouseError, WarehouseTimeoutError, type HttpResponse } from '../http';
import { assertSelectOnly } from '../selectOnly';
import { newStats, type CostEstimate, type QueryOptions, type QueryResult, type TableRef, type WarehouseColumn, type WarehouseExecutor } from '../types';
import { publicKeyFingerprint, readPrivateKey, signJwt } from './jwt';
import { DEFAULT_TIMEOUT_MS, pollToEnd, transportOf, type RestSettings, type Step } from './poll';

export interface SnowflakeSettings extends RestSettings {
  /** Account identifier, e.g. `myorg-myaccount` or a locator `xy12345.eu-central-1`. */
  account: string;
  user: string;
  /** Key-pair login: a PEM private key (from an environment variable or SecretStorage)… */
  privateKey?: string;
  privateKeyPassphrase?: string;
  /** …or an OAuth access token. */
  oauthToken?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  /** A role with SELECT-only grants is what keeps the session read-only. */
  role?: string;
  /** API root; tests and private links only. */
  endpoint?: string;
}

/**
 * Snowflake through the SQL API (POST /api/v2/statements): 200 with the first partition of jsonv2 rows, or
 * 202 while running, then GET /api/v2/statements/{handle} (and ?partition=n for the rest). The time limit
 * is the request's `timeout` (Snowflake stops the statement and answers 408); cancelling calls
 * /statements/{handle}/cancel. MULTI_STATEMENT_COUNT=1 makes the server refuse a second statement.
 * Snowflake has no read-only transactions: only generated SELECTs are sent, under the source's role.
 */
export class SnowflakeExecutor implements WarehouseExecutor {
  readonly engine = 'snowflake' as const;
  readonly location: string;
  readonly stats = newStats();
  private readonly api: string;
  private jwt: { value: string; expires: number } | undefined;

  constructor(private readonly s: SnowflakeSettings) {
    if (!/^[A-Za-z0-9_.-]+$/.test(s.account)) throw new InputError('BAD_SOURCE', `Snowflake account '${s.account}' is not an account identifier (e.g. myorg-myaccount).`);
    if (!s.privateKey && !s.oauthToken) throw new InputError('BAD_CREDENTIALS', 'Snowflake needs a private key (key-pair login) or an OAuth token, from an environment variable or SecretStorage.');
    this.api = `${(s.endpoint ?? `https://${s.account.toLowerCase()}.snowflakecomputing.com`).replace(/\/+$/, '')}/api/v2/statements`;
    this.location = `Snowflake account ${s.account}${s.warehouse ? ` (warehouse ${s.warehouse})` : ''}`;
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    assertSelectOnly(sql, { backslashEscapes: true });
    return this.execute(sql, {}, options);
  }

  async estimate(sql: string, options: QueryOptions = {}): Promise<CostEstimate> {
    assertSelectOnly(sql, { backslashEscapes: true });
    const r = await this.execute(`EXPLAIN USING JSON ${sql}`, {}, options);
    const plan = obj(JSON.parse(String(Object.values(r.rows[0] ?? {})[0] ?? '{}')));
    const g = obj(plan['GlobalStats']);
    const bytes = Number(g['bytesAssigned']);
    return { bytes: Number.isFinite(bytes) ? bytes : null, rows: null, method: 'EXPLAIN USING JSON (GlobalStats.bytesAssigned)' };
  }

  async describe(table: TableRef, options: QueryOptions = {}): Promise<WarehouseColumn[]> {
    const [database, schema] = this.namespace(table.namespace);
    const r = await this.execute(
      `SELECT column_name AS "name", data_type AS "type" FROM ${ident(database)}.information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position`,
      { '1': { type: 'TEXT', value: schema }, '2': { type: 'TEXT', value: table.name } }, options,
    );
    if (!r.rows.length) throw new InputError('TABLE_NOT_FOUND', `table ${database}.${schema}.${table.name} was not found in ${this.location} (or the role cannot read it; Snowflake stores unquoted names in upper case).`, { table: `${database}.${schema}.${table.name}` });
    return r.rows.map((x) => ({ name: String(x['name']), type: String(x['type']).toUpperCase() }));
  }

  async listTables(namespace: string[] = [], options: QueryOptions = {}): Promise<TableRef[]> {
    const database = namespace[0] ?? this.s.database;
    if (!database) throw new InputError('BAD_SOURCE', `${this.location}: set the source's database to list its tables.`);
    const r = await this.execute(
      `SELECT table_schema AS "s", table_name AS "t" FROM ${ident(database)}.information_schema.tables WHERE table_schema <> 'INFORMATION_SCHEMA' AND (? = '' OR table_schema = ?) ORDER BY 1, 2 LIMIT 5000`,
      { '1': { type: 'TEXT', value: namespace[1] ?? '' }, '2': { type: 'TEXT', value: namespace[1] ?? '' } }, options,
    );
    return r.rows.map((x) => ({ namespace: [database, String(x['s'])], name: String(x['t']) }));
  }

  async close(): Promise<void> {
    this.jwt = undefined;
  }

  private namespace(ns: string[]): [string, string] {
    if (ns.length > 2) throw new InputError('BAD_SOURCE', `Snowflake tables are 'database.schema.table'; got ${ns.length + 1} parts.`);
    const schema = ns.at(-1) ?? this.s.schema;
    const database = ns.length === 2 ? ns[0] : this.s.database;
    if (!database || !schema) throw new InputError('BAD_SOURCE', `${this.location}: name the table as database.schema.table, or set the source's database and schema.`);
    return [database, schema];
  }

  private async execute(statement: string, bindings: Record<string, { type: string; value: string }>, options: QueryOptions): Promise<QueryResult> {
    const timeoutMs = options.timeoutMs ?? this.s.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // TIMEZONE for this statement only: TIMESTAMP_LTZ values, casts and comparisons with them (time windows, filters)
    // follow UTC, not the account's or user's time zone. The SQL API takes session parameters in the request body:
    // https://docs.snowflake.com/en/developer-guide/sql-api/reference (POST /api/v2/statements, `parameters`: timezone).
    const body: Record<string, unknown> = { statement, timeout: Math.max(1, Math.ceil(timeoutMs / 1000)), parameters: { MULTI_STATEMENT_COUNT: '1', QUERY_TAG: 'model-lens', WEEK_START: '1', TIMEZONE: 'UTC' } };
    for (const k of ['warehouse', 'database', 'schema', 'role'] as const) if (this.s[k]) body[k] = this.s[k];
    if (Object.keys(bindings).length) body['bindings'] = bindings;
    let handle: string | undefined;
    const read = (res: HttpResponse): Step<Record<string, unknown>> => {
      const b = obj(parseJson(res, this.location));
      if (typeof b['statementHandle'] === 'string') handle = b['statementHandle'];
      if (res.status === 202) return { done: false };
      if (res.status === 200) return { done: true, value: b };
      const message = String(b['message'] ?? `HTTP ${res.status}`);
      if (res.status === 401 || res.status === 403) throw new WarehouseError('AUTH', `${this.location}: ${message}. Check the source's user, key or token variable and role.`);
      if (res.status === 408) throw new WarehouseTimeoutError(`${this.location}: the statement ran past its time limit and Snowflake stopped it (${message}). Raise the source's timeoutMs, or narrow the data with --where.`);
      if (b['code'] === '002003') throw new InputError('TABLE_NOT_FOUND', `${this.location}: ${message}`);
      throw new WarehouseError('QUERY_FAILED', `${this.location}: ${message} (code ${String(b['code'] ?? res.status)}, SQLSTATE ${String(b['sqlState'] ?? '?')})`, { code: b['code'] });
    };
    const answer = await pollToEnd(
      async () => read(await this.call('POST', `${this.api}?requestId=${randomUUID()}`, options, JSON.stringify(body))),
      async () => read(await this.call('GET', `${this.api}/${encodeURIComponent(handle!)}`, options)),
      async () => {
        if (handle !== undefined) await this.call('POST', `${this.api}/${encodeURIComponent(handle)}/cancel`, {});
      },
      { signal: options.signal, timeoutMs: timeoutMs + 15_000, pollMs: this.s.pollMs ?? 500, what: this.location },
    );
    const meta = obj(answer['resultSetMetaData']);
    const rowType = arr(meta['rowType']).map(obj);
    const columns = rowType.map((c) => ({ name: String(c['name']), type: String(c['type']).toUpperCase() }));
    const data: unknown[][] = arr(answer['data']).map(arr);
    const partitions = arr(meta['partitionInfo']).length;
    for (let p = 1; p < partitions; p++) {
      const res = await this.call('GET', `${this.api}/${encodeURIComponent(handle!)}?partition=${p}`, options);
      for (const row of arr(obj(parseJson(res, this.location))['data'])) data.push(arr(row));
    }
    const classes = rowType.map((c) => snowflakeClass(c));
    const rows = data.map((values) => {
      const row: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      columns.forEach((c, j) => {
        row[c.name] = classes[j] === 'date' ? dateFromDays(values[j]) : coerceValue(values[j], classes[j]!);
      });
      return row;
    });
    this.stats.queries += 1;
    this.stats.rowsReceived += rows.length;
    return { columns, rows };
  }

  private async call(method: 'GET' | 'POST', url: string, options: QueryOptions, body?: string): Promise<HttpResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token()}`, 'x-snowflake-authorization-token-type': this.s.privateKey ? 'KEYPAIR_JWT' : 'OAUTH', accept: 'application/json', 'user-agent': 'model-lens' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await send(transportOf(this.s), { method, url, headers, ...(body !== undefined ? { body } : {}) }, { signal: options.signal, deadlineMs: 60_000 });
    this.stats.bytesReceived += Buffer.byteLength(res.body);
    return res;
  }

  /** The OAuth token, or a key-pair JWT (iss ACCOUNT.USER.SHA256:fingerprint, sub ACCOUNT.USER, one hour) cached until 5 minutes before it expires. */
  private token(): string {
    if (this.s.oauthToken) return this.s.oauthToken;
    if (this.jwt && this.jwt.expires > Date.now() + 300_000) return this.jwt.value;
    const key = readPrivateKey(this.s.privateKey!, this.location, this.s.privateKeyPassphrase);
    const account = this.s.account.split('.')[0]!.toUpperCase();
    const user = this.s.user.toUpperCase();
    const now = Math.floor(Date.now() / 1000);
    this.jwt = { value: signJwt({ iss: `${account}.${user}.${publicKeyFingerprint(key)}`, sub: `${account}.${user}`, iat: now, exp: now + 3600 }, key), expires: (now + 3600) * 1000 };
    return this.jwt.value;
  }
}

/** jsonv2 row types: `fixed` with scale 0 is an integer, with a scale a decimal; `date` is days since 1970-01-01. */
function snowflakeClass(c: Record<string, unknown>): ReturnType<typeof valueClass> | 'date' {
  const t = String(c['type']).toLowerCase();
  if (t === 'fixed') return Number(c['scale'] ?? 0) === 0 ? 'integer' : 'float';
  if (t === 'real') return 'float';
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  if (t === 'array') return 'array';
  return 'text';
}

function dateFromDays(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return new Date(Number(v) * 86_400_000).toISOString().slice(0, 10);
}

/** A Snowflake identifier in double quotes (case-sensitive as written). */
function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
