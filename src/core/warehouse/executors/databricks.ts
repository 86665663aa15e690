import { InputError } from '../../errors';
import { rowsFromArrays } from '../coerce';
import { arr, obj, parseJson, send, WarehouseError, type HttpResponse } from '../http';
import { assertSelectOnly } from '../selectOnly';
import { newStats, type CostEstimate, type QueryOptions, type QueryResult, type TableRef, type WarehouseColumn, type WarehouseExecutor } from '../types';
import { DEFAULT_TIMEOUT_MS, pollToEnd, transportOf, type RestSettings } from './poll';

export interface DatabricksSettings extends RestSettings {
  /** Workspace host, e.g. `adb-1234567890123456.7.azuredatabricks.net` (https is implied). */
  host: string;
  /** SQL warehouse id (from its connection details). */
  warehouseId: string;
  /** Personal access token or OAuth token, resolved from an environment variable or SecretStorage. */
  token: string;
  catalog?: string;
  schema?: string;
}

const DONE = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'CLOSED']);

/**
 * Databricks SQL through the Statement Execution API (POST /api/2.0/sql/statements): JSON_ARRAY results
 * INLINE (aggregates are small), waiting up to 10 s in the call, then polling GET /statements/{id}; further
 * result chunks from /result/chunks/{n}. Time limit and cancellation: POST /statements/{id}/cancel.
 * Databricks SQL has no read-only transactions: only generated SELECTs are sent (give the token's principal
 * SELECT-only grants). Values arrive as JSON strings and are typed from the manifest's type_name.
 */
export class DatabricksExecutor implements WarehouseExecutor {
  readonly engine = 'databricks' as const;
  readonly location: string;
  readonly stats = newStats();
  private readonly base: string;

  constructor(private readonly s: DatabricksSettings) {
    const host = s.host.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(host)) throw new InputError('BAD_SOURCE', `Databricks host '${s.host}' is not a host name (e.g. adb-123.4.azuredatabricks.net).`);
    this.base = `https://${host}/api/2.0/sql/statements`;
    this.location = `Databricks SQL warehouse ${s.warehouseId} at ${host}`;
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    assertSelectOnly(sql, { backslashEscapes: true });
    return this.execute(sql, [], options);
  }

  async estimate(sql: string, options: QueryOptions = {}): Promise<CostEstimate> {
    assertSelectOnly(sql, { backslashEscapes: true });
    const r = await this.execute(`EXPLAIN COST ${sql}`, [], options);
    const text = r.rows.map((x) => Object.values(x).join('\n')).join('\n');
    // Every plan node carries Statistics(sizeInBytes=…); the largest leaf relation bounds the bytes read.
    let bytes: number | null = null;
    for (const m of text.matchAll(/sizeInBytes=([0-9.E+]+)\s*([KMGTPE]i)?B/g)) {
      const v = Number(m[1]) * 1024 ** ' KMGTPE'.indexOf((m[2] ?? ' ')[0]!);
      if (Number.isFinite(v)) bytes = Math.max(bytes ?? 0, v);
    }
    return { bytes, rows: null, method: 'EXPLAIN COST (largest sizeInBytes in the optimized plan)' };
  }

  async describe(table: TableRef, options: QueryOptions = {}): Promise<WarehouseColumn[]> {
    const [catalog, schema] = this.namespace(table.namespace);
    const r = await this.execute(
      `SELECT column_name AS name, upper(full_data_type) AS type FROM ${ident(catalog)}.information_schema.columns WHERE table_schema = :s AND table_name = :t ORDER BY ordinal_position`,
      [{ name: 's', value: schema }, { name: 't', value: table.name }], options,
    );
    if (!r.rows.length) throw new InputError('TABLE_NOT_FOUND', `table ${catalog}.${schema}.${table.name} was not found in ${this.location} (or the token cannot read it).`, { table: `${catalog}.${schema}.${table.name}` });
    return r.rows.map((x) => ({ name: String(x['name']), type: String(x['type']) }));
  }

  async listTables(namespace: string[] = [], options: QueryOptions = {}): Promise<TableRef[]> {
    const catalog = namespace[0] ?? this.s.catalog ?? 'main';
    const r = await this.execute(
      `SELECT table_schema AS s, table_name AS t FROM ${ident(catalog)}.information_schema.tables WHERE table_schema <> 'information_schema' AND (:s = '' OR table_schema = :s) ORDER BY 1, 2 LIMIT 5000`,
      [{ name: 's', value: namespace[1] ?? '' }], options,
    );
    return r.rows.map((x) => ({ namespace: [catalog, String(x['s'])], name: String(x['t']) }));
  }

  async close(): Promise<void> {
    // Stateless REST: nothing to release.
  }

  private namespace(ns: string[]): [string, string] {
    if (ns.length > 2) throw new InputError('BAD_SOURCE', `Databricks tables are 'catalog.schema.table'; got ${ns.length + 1} parts.`);
    const schema = ns.at(-1) ?? this.s.schema ?? 'default';
    const catalog = ns.length === 2 ? ns[0]! : this.s.catalog ?? 'main';
    return [catalog, schema];
  }

  private async execute(statement: string, parameters: { name: string; value: string }[], options: QueryOptions): Promise<QueryResult> {
    const timeoutMs = options.timeoutMs ?? this.s.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const body: Record<string, unknown> = { statement, warehouse_id: this.s.warehouseId, wait_timeout: '10s', on_wait_timeout: 'CONTINUE', disposition: 'INLINE', format: 'JSON_ARRAY' };
    if (this.s.catalog) body['catalog'] = this.s.catalog;
    if (this.s.schema) body['schema'] = this.s.schema;
    if (parameters.length) body['parameters'] = parameters.map((p) => ({ ...p, type: 'STRING' }));
    let id: string | undefined;
    const answer = await pollToEnd(
      async () => this.step(await this.call('POST', this.base, options, JSON.stringify(body)), (v) => (id = v)),
      async () => this.step(await this.call('GET', `${this.base}/${encodeURIComponent(id!)}`, options), (v) => (id = v)),
      async () => {
        if (id !== undefined) await this.call('POST', `${this.base}/${encodeURIComponent(id)}/cancel`, {});
      },
      { signal: options.signal, timeoutMs, pollMs: this.s.pollMs ?? 1000, what: this.location },
    );
    const columns = arr(obj(obj(answer['manifest'])['schema'])['columns']).map((c) => ({ name: String(obj(c)['name']), type: String(obj(c)['type_name'] ?? 'STRING').toUpperCase() }));
    const data: unknown[][] = [];
    let result = obj(answer['result']);
    for (;;) {
      for (const row of arr(result['data_array'])) data.push(arr(row));
      const next = result['next_chunk_index'];
      if (typeof next !== 'number') break;
      result = obj(parseJson(await this.call('GET', `${this.base}/${encodeURIComponent(id!)}/result/chunks/${next}`, options), 'Databricks result chunk'));
    }
    this.stats.queries += 1;
    this.stats.rowsReceived += data.length;
    return { columns, rows: rowsFromArrays(columns, data) };
  }

  /** Reads a statement response: done with the body, still running, or an error to throw. */
  private step(res: HttpResponse, setId: (id: string) => void): { done: true; value: Record<string, unknown> } | { done: false } {
    const body = obj(parseJson(res, 'Databricks'));
    if (res.status === 401 || res.status === 403) throw new WarehouseError('AUTH', `${this.location}: ${String(body['message'] ?? `HTTP ${res.status}`)}. Check the token variable of the source and the warehouse's permissions.`);
    if (res.status >= 400) throw new WarehouseError('QUERY_FAILED', `${this.location}: ${String(body['message'] ?? `HTTP ${res.status}`)} (${String(body['error_code'] ?? res.status)})`);
    if (typeof body['statement_id'] === 'string') setId(body['statement_id']);
    const status = obj(body['status']);
    const state = String(status['state'] ?? '');
    if (!DONE.has(state)) return { done: false };
    if (state === 'SUCCEEDED') return { done: true, value: body };
    const err = obj(status['error']);
    const message = String(err['message'] ?? state);
    if (/TABLE_OR_VIEW_NOT_FOUND|UNRESOLVED_COLUMN/.test(message)) throw new InputError('TABLE_NOT_FOUND', `${this.location}: ${message}`);
    throw new WarehouseError(state === 'FAILED' ? 'QUERY_FAILED' : 'CANCELLED_BY_SERVER', `${this.location}: the statement ${state.toLowerCase()}: ${message}`, { errorCode: err['error_code'] });
  }

  private async call(method: 'GET' | 'POST', url: string, options: QueryOptions, body?: string): Promise<HttpResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.s.token}`, accept: 'application/json', 'user-agent': 'model-lens' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await send(transportOf(this.s), { method, url, headers, ...(body !== undefined ? { body } : {}) }, { signal: options.signal, deadlineMs: 60_000 });
    this.stats.bytesReceived += Buffer.byteLength(res.body);
    return res;
  }
}

/** A Databricks identifier in backticks (a backtick inside is doubled). */
function ident(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
