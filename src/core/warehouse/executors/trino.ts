import { InputError } from '../../errors';
import { rowsFromArrays } from '../coerce';
import { arr, obj, parseJson, send, sleep, WarehouseError, type HttpResponse } from '../http';
import { assertSelectOnly } from '../selectOnly';
import { newStats, type CostEstimate, type QueryOptions, type QueryResult, type TableRef, type WarehouseColumn, type WarehouseExecutor } from '../types';
import { ioEstimate } from './explainIo';
import { DEFAULT_TIMEOUT_MS, pollToEnd, transportOf, type RestSettings } from './poll';

export interface TrinoSettings extends RestSettings {
  /** Coordinator URL, e.g. `https://trino.example.com:8443`. */
  server: string;
  user: string;
  /** Password for HTTP basic authentication (only over https), resolved from an environment variable or SecretStorage. */
  password?: string;
  catalog?: string;
  schema?: string;
  /** 'presto' sends X-Presto-* headers (PrestoDB); default 'trino'. */
  flavour?: 'trino' | 'presto';
}

/**
 * Trino (and PrestoDB) through the client REST protocol: POST /v1/statement with the SQL, then GET each
 * `nextUri` until there is none, collecting `data`. The time limit is the session property
 * query_max_execution_time (the server stops the query) and a client deadline; cancelling sends DELETE to the
 * current nextUri, which terminates the query. 502/503/504 are retried after 100 ms, as the protocol asks.
 * Only generated SELECTs are sent; Trino has no read-only session switch that every connector honours, so
 * give the user read-only access control rules.
 */
export class TrinoExecutor implements WarehouseExecutor {
  readonly engine = 'trino' as const;
  readonly location: string;
  readonly stats = newStats();
  private readonly server: string;
  private readonly prefix: string;

  constructor(private readonly s: TrinoSettings) {
    let url: URL;
    try {
      url = new URL(s.server);
    } catch {
      throw new InputError('BAD_SOURCE', `Trino server '${s.server}' is not a URL (e.g. https://trino.example.com:8443).`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError('BAD_SOURCE', `Trino server must be an http(s) URL; got '${s.server}'.`);
    if (s.password !== undefined && url.protocol !== 'https:') throw new InputError('BAD_SOURCE', 'Trino sends a password only over https; use an https server URL.');
    this.server = url.origin;
    this.prefix = s.flavour === 'presto' ? 'X-Presto' : 'X-Trino';
    this.location = `${s.flavour === 'presto' ? 'Presto' : 'Trino'} at ${url.host}`;
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    assertSelectOnly(sql);
    return this.execute(sql, options);
  }

  async estimate(sql: string, options: QueryOptions = {}): Promise<CostEstimate> {
    assertSelectOnly(sql);
    const r = await this.execute(`EXPLAIN (TYPE IO, FORMAT JSON) ${sql}`, options);
    const { bytes, rows } = ioEstimate(String(Object.values(r.rows[0] ?? {})[0] ?? '{}'));
    return { bytes, rows, method: 'EXPLAIN (TYPE IO, FORMAT JSON)' };
  }

  async describe(table: TableRef, options: QueryOptions = {}): Promise<WarehouseColumn[]> {
    const [catalog, schema] = this.namespace(table.namespace);
    const r = await this.execute(`SELECT column_name AS name, upper(data_type) AS type FROM ${ident(catalog)}.information_schema.columns WHERE table_schema = ${lit(schema)} AND table_name = ${lit(table.name)} ORDER BY ordinal_position`, options);
    if (!r.rows.length) throw new InputError('TABLE_NOT_FOUND', `table ${catalog}.${schema}.${table.name} was not found in ${this.location} (or the user cannot read it).`, { table: `${catalog}.${schema}.${table.name}` });
    return r.rows.map((x) => ({ name: String(x['name']), type: String(x['type']) }));
  }

  async listTables(namespace: string[] = [], options: QueryOptions = {}): Promise<TableRef[]> {
    const catalog = namespace[0] ?? this.s.catalog;
    if (!catalog) throw new InputError('BAD_SOURCE', `${this.location}: set the source's catalog to list its tables.`);
    const only = namespace[1] ?? this.s.schema;
    const r = await this.execute(`SELECT table_schema AS s, table_name AS t FROM ${ident(catalog)}.information_schema.tables WHERE table_schema <> 'information_schema'${only ? ` AND table_schema = ${lit(only)}` : ''} ORDER BY 1, 2 LIMIT 5000`, options);
    return r.rows.map((x) => ({ namespace: [catalog, String(x['s'])], name: String(x['t']) }));
  }

  async close(): Promise<void> {
    // Stateless REST: nothing to release.
  }

  private namespace(ns: string[]): [string, string] {
    if (ns.length > 2) throw new InputError('BAD_SOURCE', `Trino tables are 'catalog.schema.table'; got ${ns.length + 1} parts.`);
    const schema = ns.at(-1) ?? this.s.schema;
    const catalog = ns.length === 2 ? ns[0] : this.s.catalog;
    if (!catalog || !schema) throw new InputError('BAD_SOURCE', `${this.location}: name the table as catalog.schema.table, or set the source's catalog and schema.`);
    return [catalog, schema];
  }

  private async execute(sql: string, options: QueryOptions): Promise<QueryResult> {
    const timeoutMs = options.timeoutMs ?? this.s.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // The session time zone UTC for every statement (casts of timestamps to timestamps with time zone, comparisons of
    // both in filters): https://trino.io/docs/current/develop/client-protocol.html (client request headers,
    // X-Trino-Time-Zone); PrestoDB's X-Presto-Time-Zone: https://prestodb.io/docs/current/develop/client-protocol.html
    const headers: Record<string, string> = { [`${this.prefix}-User`]: this.s.user, [`${this.prefix}-Source`]: 'model-lens', [`${this.prefix}-Session`]: `query_max_execution_time=${Math.max(1, Math.ceil(timeoutMs / 1000))}s`, [`${this.prefix}-Time-Zone`]: 'UTC', 'content-type': 'text/plain', ...(this.s.catalog ? { [`${this.prefix}-Catalog`]: this.s.catalog } : {}), ...(this.s.schema ? { [`${this.prefix}-Schema`]: this.s.schema } : {}) };
    let nextUri: string | undefined;
    let columns: WarehouseColumn[] | undefined;
    const data: unknown[][] = [];
    const read = (res: HttpResponse) => {
      const body = obj(parseJson(res, this.location));
      const error = obj(body['error']);
      if (body['error'] !== undefined) {
        const message = String(error['message'] ?? 'query failed');
        if (error['errorName'] === 'TABLE_NOT_FOUND' || error['errorName'] === 'COLUMN_NOT_FOUND') throw new InputError('TABLE_NOT_FOUND', `${this.location}: ${message}`);
        if (error['errorName'] === 'EXCEEDED_TIME_LIMIT') throw new WarehouseError('TIMEOUT', `${this.location}: the query ran past its time limit and the server stopped it (${message}). Raise the source's timeoutMs, or narrow the data with --where.`);
        throw new WarehouseError('QUERY_FAILED', `${this.location}: ${message} (${String(error['errorName'] ?? error['errorCode'] ?? '')})`, { errorName: error['errorName'] });
      }
      if (!columns && Array.isArray(body['columns'])) columns = arr(body['columns']).map((c) => ({ name: String(obj(c)['name']), type: String(obj(c)['type']).toUpperCase() }));
      for (const row of arr(body['data'])) data.push(arr(row));
      nextUri = typeof body['nextUri'] === 'string' ? this.sameServer(body['nextUri']) : undefined;
      return nextUri === undefined ? { done: true as const, value: undefined } : { done: false as const };
    };
    await pollToEnd(
      async () => read(await this.call('POST', `${this.server}/v1/statement`, headers, options, sql)),
      async () => read(await this.call('GET', nextUri!, {}, options)),
      async () => {
        if (nextUri !== undefined) await this.call('DELETE', nextUri, {}, {});
      },
      // The protocol has the client follow nextUri at once (the server long-polls); pollMs only spaces retries.
      { signal: options.signal, timeoutMs, pollMs: this.s.pollMs ?? 0, what: this.location },
    );
    this.stats.queries += 1;
    this.stats.rowsReceived += data.length;
    const cols = columns ?? [];
    return { columns: cols, rows: rowsFromArrays(cols, data) };
  }

  /** nextUri must point back at the coordinator we were given: credentials never go elsewhere. */
  private sameServer(uri: string): string {
    const u = new URL(uri, this.server);
    if (u.origin !== this.server) throw new WarehouseError('PROTOCOL', `${this.location}: the server sent a nextUri on another host (${u.host}); refusing to follow it.`);
    return u.href;
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, options: QueryOptions, body?: string): Promise<HttpResponse> {
    const h: Record<string, string> = { 'user-agent': 'model-lens', ...headers };
    if (this.s.password !== undefined) h['authorization'] = `Basic ${Buffer.from(`${this.s.user}:${this.s.password}`).toString('base64')}`;
    for (let attempt = 0; ; attempt++) {
      const res = await send(transportOf(this.s), { method, url, headers: h, ...(body !== undefined ? { body } : {}) }, { signal: options.signal, deadlineMs: 60_000 });
      this.stats.bytesReceived += Buffer.byteLength(res.body);
      if ((res.status === 502 || res.status === 503 || res.status === 504) && attempt < 20) {
        await sleep(100, options.signal);
        continue;
      }
      if (method === 'DELETE') return res;
      if (res.status === 401 || res.status === 403) throw new WarehouseError('AUTH', `${this.location}: HTTP ${res.status} ${res.body.slice(0, 200)}. Check the source's user and password variable.`);
      if (res.status !== 200) throw new WarehouseError('QUERY_FAILED', `${this.location}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      return res;
    }
  }
}

/** A Trino identifier in double quotes. */
function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A Trino string literal (standard SQL: a quote is doubled; backslash is an ordinary character). */
function lit(value: string): string {
  if (value.includes('\u0000')) throw new InputError('BAD_SOURCE', 'a name contains a NUL character.');
  return `'${value.replaceAll("'", "''")}'`;
}
