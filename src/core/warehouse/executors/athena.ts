import { randomUUID } from 'node:crypto';
import { InputError } from '../../errors';
import { rowsFromArrays } from '../coerce';
import { arr, obj, WarehouseError } from '../http';
import { assertSelectOnly } from '../selectOnly';
import { newStats, type CostEstimate, type QueryOptions, type QueryResult, type TableRef, type WarehouseColumn, type WarehouseExecutor } from '../types';
import { athenaCall, type AthenaApiSettings } from './athenaApi';
import { ioEstimate } from './explainIo';
import { DEFAULT_TIMEOUT_MS, pollToEnd, transportOf, type RestSettings, type Step } from './poll';
import type { AwsCredentials } from './sigv4';

export interface AthenaSettings extends RestSettings {
  /** AWS region, e.g. us-east-1. */
  region: string;
  credentials: AwsCredentials;
  /** Workgroup (default 'primary'); its settings (engine version, result location, data usage limits) apply. */
  workgroup?: string;
  /** Default database (Glue database) for one- and two-part table names. */
  database?: string;
  /** Data catalog (default AwsDataCatalog). */
  catalog?: string;
  /** s3:// location for result files; optional when the workgroup sets one. */
  outputLocation?: string;
  /** First wait before retrying a throttled or 5xx call (ms, default 200). */
  retryMs?: number;
  /** Tests fix the signing clock. */
  now?: () => Date;
}

const RUNNING = new Set(['QUEUED', 'RUNNING']);

/**
 * Amazon Athena through its JSON API, signed with SigV4 (sigv4.ts; no SDK): StartQueryExecution (with a
 * ClientRequestToken, so a retried start never runs the query twice), GetQueryExecution polled until
 * SUCCEEDED / FAILED / CANCELLED, then GetQueryResults page by page (NextToken; the first row of a SELECT's
 * first page is its header, values are typed by ResultSetMetadata.ColumnInfo). Athena has no per-query time
 * limit in the API: past the source's timeoutMs, and when the user cancels, StopQueryExecution stops the query
 * on the server. Bytes scanned (Statistics.DataScannedInBytes, what Athena bills) add up in stats.bytesScanned.
 * Athena has no read-only session switch: only generated SELECTs are sent (give the credentials a policy that
 * allows athena:StartQueryExecution on SELECTs only through Lake Formation / Glue read grants).
 */
export class AthenaExecutor implements WarehouseExecutor {
  readonly engine = 'athena' as const;
  readonly location: string;
  readonly stats = newStats();
  private readonly api: AthenaApiSettings;
  private readonly catalog: string;

  constructor(private readonly s: AthenaSettings) {
    if (!s.credentials.accessKeyId || !s.credentials.secretAccessKey) throw new InputError('MISSING_SECRET', 'Athena needs AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or name other variables in the source.');
    if (s.outputLocation !== undefined && !/^s3:\/\/[a-z0-9.-]{3,63}(\/|$)/.test(s.outputLocation)) throw new InputError('BAD_SOURCE', `Athena outputLocation '${s.outputLocation}' must be an s3:// URL (e.g. s3://my-bucket/athena-results/), or leave it out when the workgroup sets one.`);
    this.catalog = s.catalog ?? 'AwsDataCatalog';
    this.api = { region: s.region, credentials: s.credentials, transport: transportOf(s), retryMs: s.retryMs ?? 200, attempts: 6, ...(s.now ? { now: s.now } : {}) };
    this.location = `Athena workgroup ${s.workgroup ?? 'primary'} in ${s.region}`;
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    assertSelectOnly(sql);
    return this.execute(sql, options);
  }

  /**
   * Athena has no dry run. EXPLAIN (TYPE IO, FORMAT JSON) gives an estimate only when the Glue Data Catalog has
   * table statistics; otherwise the bytes are unknown and the cost guard asks anyway (askWhenUnknown), since
   * Athena bills by bytes scanned. The EXPLAIN itself reads no table data.
   */
  async estimate(sql: string, options: QueryOptions = {}): Promise<CostEstimate> {
    assertSelectOnly(sql);
    const r = await this.execute(`EXPLAIN (TYPE IO, FORMAT JSON) ${sql}`, options);
    const text = r.rows.map((x) => Object.values(x).map(String).join('')).join('\n');
    const { bytes, rows } = ioEstimate(text.slice(Math.max(0, text.indexOf('{')))); // past a header line, if any
    const method = bytes === null ? 'Athena has no dry run and EXPLAIN (TYPE IO) found no table statistics in the Glue Data Catalog, so the scan size is unknown' : 'EXPLAIN (TYPE IO, FORMAT JSON)';
    return { bytes, rows, method, askWhenUnknown: true };
  }

  async describe(table: TableRef, options: QueryOptions = {}): Promise<WarehouseColumn[]> {
    const [catalog, database] = this.namespace(table.namespace);
    const where = `${catalog}.${database}.${table.name}`;
    let answer: Record<string, unknown>;
    try {
      answer = await this.call('GetTableMetadata', { CatalogName: catalog, DatabaseName: database, TableName: table.name }, options);
    } catch (e) {
      if (e instanceof InputError && e.code === 'TABLE_NOT_FOUND') throw new InputError('TABLE_NOT_FOUND', `table ${where} was not found in ${this.location} (or the credentials cannot read it): ${e.message}`, { table: where });
      throw e;
    }
    const meta = obj(answer['TableMetadata']);
    const columns = [...arr(meta['Columns']), ...arr(meta['PartitionKeys'])].map((c) => ({ name: String(obj(c)['Name']), type: String(obj(c)['Type'] ?? 'string').toUpperCase() }));
    if (!columns.length) throw new InputError('TABLE_NOT_FOUND', `table ${where} has no columns in ${this.location}.`, { table: where });
    return columns;
  }

  async listTables(namespace: string[] = [], options: QueryOptions = {}): Promise<TableRef[]> {
    const [catalog, database] = this.namespace(namespace);
    const out: TableRef[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('ListTableMetadata', { CatalogName: catalog, DatabaseName: database, MaxResults: 50, ...(token ? { NextToken: token } : {}) }, options);
      for (const t of arr(page['TableMetadataList'])) out.push({ namespace: [catalog, database], name: String(obj(t)['Name']) });
      token = typeof page['NextToken'] === 'string' ? page['NextToken'] : undefined;
    } while (token !== undefined && out.length < 5000);
    return out;
  }

  async close(): Promise<void> {
    // Stateless REST: nothing to release.
  }

  private namespace(ns: string[]): [string, string] {
    if (ns.length > 2) throw new InputError('BAD_SOURCE', `Athena tables are 'catalog.database.table'; got ${ns.length + 1} parts.`);
    const database = ns.at(-1) ?? this.s.database;
    const catalog = ns.length === 2 ? ns[0]! : this.catalog;
    if (!database) throw new InputError('BAD_SOURCE', `${this.location}: name the table as database.table, or set the source's database.`);
    return [catalog, database];
  }

  private call(action: string, body: Record<string, unknown>, options: QueryOptions): Promise<Record<string, unknown>> {
    return athenaCall(this.api, action, body, { signal: options.signal, location: this.location, onBytes: (n) => (this.stats.bytesReceived += n) });
  }

  private async execute(sql: string, options: QueryOptions): Promise<QueryResult> {
    const timeoutMs = options.timeoutMs ?? this.s.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const start: Record<string, unknown> = { QueryString: sql, ClientRequestToken: randomUUID(), QueryExecutionContext: { Catalog: this.catalog, ...(this.s.database ? { Database: this.s.database } : {}) }, WorkGroup: this.s.workgroup ?? 'primary' };
    if (this.s.outputLocation) start['ResultConfiguration'] = { OutputLocation: this.s.outputLocation };
    let id: string | undefined;
    const status = () => this.call('GetQueryExecution', { QueryExecutionId: id }, options).then((r) => this.step(obj(r['QueryExecution'])));
    const execution = await pollToEnd(
      async () => {
        const r = await this.call('StartQueryExecution', start, options);
        id = String(r['QueryExecutionId'] ?? '');
        if (!id) throw new WarehouseError('PROTOCOL', `${this.location}: StartQueryExecution answered without a QueryExecutionId.`);
        return status();
      },
      status,
      async () => {
        if (id) await this.call('StopQueryExecution', { QueryExecutionId: id }, {});
      },
      { signal: options.signal, timeoutMs, pollMs: this.s.pollMs ?? 1000, what: this.location },
    );
    const scanned = Number(obj(execution['Statistics'])['DataScannedInBytes']);
    if (Number.isFinite(scanned)) this.stats.bytesScanned = (this.stats.bytesScanned ?? 0) + scanned;
    const result = await this.results(id!, execution['StatementType'] === 'DML', options);
    this.stats.queries += 1;
    this.stats.rowsReceived += result.rows.length;
    return result;
  }

  /** One GetQueryExecution answer: done (SUCCEEDED), still running, or an error with Athena's reason. */
  private step(q: Record<string, unknown>): Step<Record<string, unknown>> {
    const status = obj(q['Status']);
    const state = String(status['State'] ?? '');
    if (RUNNING.has(state)) return { done: false };
    if (state === 'SUCCEEDED') return { done: true, value: q };
    const error = obj(status['AthenaError']);
    const reason = String(status['StateChangeReason'] ?? error['ErrorMessage'] ?? state);
    if (state === 'CANCELLED') throw new WarehouseError('CANCELLED_BY_SERVER', `${this.location}: query ${String(q['QueryExecutionId'] ?? '')} was cancelled on the server: ${reason}`);
    if (state !== 'FAILED') throw new WarehouseError('PROTOCOL', `${this.location}: unexpected query state '${state.slice(0, 40)}'.`);
    if (/TABLE_NOT_FOUND|COLUMN_NOT_FOUND|does not exist|cannot be resolved/i.test(reason)) throw new InputError('TABLE_NOT_FOUND', `${this.location}: ${reason}`);
    throw new WarehouseError('QUERY_FAILED', `${this.location}: query ${String(q['QueryExecutionId'] ?? '')} failed: ${reason}${error['ErrorType'] !== undefined ? ` (Athena error type ${String(error['ErrorType'])}, category ${String(error['ErrorCategory'] ?? '?')})` : ''}`, { errorType: error['ErrorType'], retryable: error['Retryable'] });
  }

  /** Every page of a finished query's result; a SELECT's first row is its header and is dropped. */
  private async results(id: string, header: boolean, options: QueryOptions): Promise<QueryResult> {
    let columns: WarehouseColumn[] | undefined;
    const data: unknown[][] = [];
    let token: string | undefined;
    let first = true;
    do {
      const page = await this.call('GetQueryResults', { QueryExecutionId: id, MaxResults: 1000, ...(token ? { NextToken: token } : {}) }, options);
      const set = obj(page['ResultSet']);
      columns ??= arr(obj(set['ResultSetMetadata'])['ColumnInfo']).map((c) => ({ name: String(obj(c)['Name']), type: String(obj(c)['Type'] ?? 'varchar').toUpperCase() }));
      const rows = arr(set['Rows']).map((r) => arr(obj(r)['Data']).map((d) => (obj(d)['VarCharValue'] === undefined ? null : obj(d)['VarCharValue'])));
      data.push(...(first && header ? rows.slice(1) : rows));
      first = false;
      token = typeof page['NextToken'] === 'string' && page['NextToken'] !== '' ? page['NextToken'] : undefined;
    } while (token !== undefined);
    const cols = columns ?? [];
    return { columns: cols, rows: rowsFromArrays(cols, data) };
  }
}
