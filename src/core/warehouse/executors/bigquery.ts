import { randomUUID } from 'node:crypto';
import { InputError } from '../../errors';
import { rowsFromArrays } from '../coerce';
import { arr, obj, parseJson, send, WarehouseError, WarehouseTimeoutError, type HttpResponse } from '../http';
import { assertSelectOnly } from '../selectOnly';
import { newStats, type CostEstimate, type QueryOptions, type QueryResult, type TableRef, type WarehouseColumn, type WarehouseExecutor } from '../types';
import { readPrivateKey, signJwt } from './jwt';
import { DEFAULT_TIMEOUT_MS, pollToEnd, transportOf, type RestSettings } from './poll';

export interface BigQuerySettings extends RestSettings {
  /** The project that runs (and is billed for) the jobs. */
  project: string;
  /** Job location, e.g. 'EU' or 'us-central1' (default: BigQuery's choice from the tables). */
  location?: string;
  /** Default dataset for tables named without one. */
  dataset?: string;
  /** An OAuth access token (e.g. `gcloud auth print-access-token`), or… */
  accessToken?: string;
  /** …a service account key's JSON text; either from an environment variable or SecretStorage. */
  serviceAccountJson?: string;
  /** Server-side cost cap per query (maximumBytesBilled): BigQuery fails a job that would bill more. */
  maximumBytesBilled?: number;
  /** API root; tests and private endpoints only. */
  endpoint?: string;
}

const SCOPE = 'https://www.googleapis.com/auth/bigquery';
/** Every query runs with UTC as its default time zone (see execute). */
const UTC_ZONE = [{ key: 'time_zone', value: 'UTC' }];

/**
 * BigQuery through its REST API (jobs.query, then jobs.getQueryResults with pageToken), GoogleSQL only.
 * The time limit is jobTimeoutMs (BigQuery cancels the job itself); cancelling calls jobs.cancel. The cost
 * estimate is a dry run (totalBytesProcessed) and maximumBytesBilled caps a job on the server. BigQuery has
 * no read-only sessions: only generated SELECTs are sent (grant the account BigQuery Data Viewer and Job
 * User only). Service-account keys are exchanged for a token with an RS256 JWT (no SDK).
 */
export class BigQueryExecutor implements WarehouseExecutor {
  readonly engine = 'bigquery' as const;
  readonly location: string;
  readonly stats = newStats();
  private readonly root: string;
  private readonly api: string;
  private token: { value: string; expires: number } | undefined;

  constructor(private readonly s: BigQuerySettings) {
    if (!/^[a-z][a-z0-9.:-]{4,61}[a-z0-9]$/.test(s.project)) throw new InputError('BAD_SOURCE', `BigQuery project '${s.project}' is not a project id (6–63 lower-case letters, digits, hyphens).`);
    if (!s.accessToken && !s.serviceAccountJson) throw new InputError('BAD_CREDENTIALS', 'BigQuery needs an access token or a service account key, from an environment variable or SecretStorage.');
    this.root = `${(s.endpoint ?? 'https://bigquery.googleapis.com').replace(/\/+$/, '')}/bigquery/v2`;
    this.api = `${this.root}/projects/${encodeURIComponent(s.project)}`;
    this.location = `BigQuery project ${s.project}${s.location ? ` (${s.location})` : ''}`;
  }

  async query(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    assertSelectOnly(sql, { backslashEscapes: true });
    const timeoutMs = options.timeoutMs ?? this.s.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // The job's default time zone UTC (a project's or organization's default_time_zone would otherwise apply to
    // TIMESTAMP_TRUNC and casts without a time zone argument): a QueryRequest's connectionProperties `time_zone`,
    // https://cloud.google.com/bigquery/docs/reference/rest/v2/ConnectionProperty
    const body: Record<string, unknown> = { query: sql, useLegacySql: false, timeoutMs: 10_000, jobTimeoutMs: String(timeoutMs), maxResults: 100_000, requestId: randomUUID(), labels: { tool: 'model-lens' }, connectionProperties: UTC_ZONE };
    if (this.s.location) body['location'] = this.s.location;
    if (this.s.dataset) body['defaultDataset'] = { projectId: this.s.project, datasetId: this.s.dataset };
    if (this.s.maximumBytesBilled !== undefined) body['maximumBytesBilled'] = String(Math.floor(this.s.maximumBytesBilled));
    let job: { id: string; location: string } | undefined;
    const schemaFields: WarehouseColumn[] = [];
    const data: unknown[][] = [];
    let pageToken: string | undefined;
    const read = (res: HttpResponse) => {
      const b = this.check(res);
      const ref = obj(b['jobReference']);
      if (typeof ref['jobId'] === 'string') job = { id: ref['jobId'], location: String(ref['location'] ?? this.s.location ?? '') };
      if (b['jobComplete'] !== true) return { done: false as const };
      if (!schemaFields.length) for (const f of arr(obj(b['schema'])['fields'])) schemaFields.push({ name: String(obj(f)['name']), type: obj(f)['mode'] === 'REPEATED' ? `ARRAY<${String(obj(f)['type'])}>` : String(obj(f)['type']).toUpperCase() });
      for (const r of arr(b['rows'])) data.push(arr(obj(r)['f']).map((cell) => obj(cell)['v']));
      pageToken = typeof b['pageToken'] === 'string' ? b['pageToken'] : undefined;
      return pageToken === undefined ? { done: true as const, value: undefined } : { done: false as const };
    };
    const results = () => {
      const q = new URLSearchParams({ timeoutMs: '10000', maxResults: '100000' });
      if (job!.location) q.set('location', job!.location);
      if (pageToken) q.set('pageToken', pageToken);
      return `${this.api}/queries/${encodeURIComponent(job!.id)}?${q.toString()}`;
    };
    await pollToEnd(
      async () => read(await this.call('POST', `${this.api}/queries`, options, JSON.stringify(body))),
      async () => read(await this.call('GET', results(), options)),
      async () => {
        if (job) await this.call('POST', `${this.api}/jobs/${encodeURIComponent(job.id)}/cancel${job.location ? `?location=${encodeURIComponent(job.location)}` : ''}`, {});
      },
      { signal: options.signal, timeoutMs: timeoutMs + 15_000, pollMs: this.s.pollMs ?? 0, what: this.location },
    );
    this.stats.queries += 1;
    this.stats.rowsReceived += data.length;
    return { columns: schemaFields, rows: rowsFromArrays(schemaFields, data) };
  }

  async estimate(sql: string, options: QueryOptions = {}): Promise<CostEstimate> {
    assertSelectOnly(sql, { backslashEscapes: true });
    const body: Record<string, unknown> = { query: sql, useLegacySql: false, dryRun: true, connectionProperties: UTC_ZONE };
    if (this.s.location) body['location'] = this.s.location;
    if (this.s.dataset) body['defaultDataset'] = { projectId: this.s.project, datasetId: this.s.dataset };
    const b = this.check(await this.call('POST', `${this.api}/queries`, options, JSON.stringify(body)));
    const bytes = Number(b['totalBytesProcessed']);
    return { bytes: Number.isFinite(bytes) ? bytes : null, rows: null, method: 'BigQuery dry run (totalBytesProcessed)' };
  }

  async describe(table: TableRef, options: QueryOptions = {}): Promise<WarehouseColumn[]> {
    const [project, dataset] = this.namespace(table.namespace);
    const res = await this.call('GET', `${this.root}/projects/${encodeURIComponent(project)}/datasets/${encodeURIComponent(dataset)}/tables/${encodeURIComponent(table.name)}`, options);
    if (res.status === 404) throw new InputError('TABLE_NOT_FOUND', `table ${project}.${dataset}.${table.name} was not found in ${this.location} (or the account cannot read it).`, { table: `${project}.${dataset}.${table.name}` });
    const b = this.check(res);
    return arr(obj(b['schema'])['fields']).map((f) => ({ name: String(obj(f)['name']), type: String(obj(f)['type']).toUpperCase() }));
  }

  async listTables(namespace: string[] = [], options: QueryOptions = {}): Promise<TableRef[]> {
    const [project, dataset] = this.namespace(namespace);
    const out: TableRef[] = [];
    let pageToken: string | undefined;
    do {
      const q = new URLSearchParams({ maxResults: '1000' });
      if (pageToken) q.set('pageToken', pageToken);
      const b = this.check(await this.call('GET', `${this.root}/projects/${encodeURIComponent(project)}/datasets/${encodeURIComponent(dataset)}/tables?${q.toString()}`, options));
      for (const t of arr(b['tables'])) out.push({ namespace: [project, dataset], name: String(obj(obj(t)['tableReference'])['tableId']) });
      pageToken = typeof b['nextPageToken'] === 'string' ? b['nextPageToken'] : undefined;
    } while (pageToken && out.length < 5000);
    return out;
  }

  async close(): Promise<void> {
    this.token = undefined;
  }

  private namespace(ns: string[]): [string, string] {
    if (ns.length > 2) throw new InputError('BAD_SOURCE', `BigQuery tables are 'project.dataset.table'; got ${ns.length + 1} parts.`);
    const dataset = ns.at(-1) ?? this.s.dataset;
    if (!dataset) throw new InputError('BAD_SOURCE', `${this.location}: name the table as dataset.table, or set the source's dataset.`);
    return [ns.length === 2 ? ns[0]! : this.s.project, dataset];
  }

  /** The JSON body of a 2xx answer; otherwise BigQuery's error as a WarehouseError a person can act on. */
  private check(res: HttpResponse): Record<string, unknown> {
    const b = obj(parseJson(res, this.location));
    const err = obj(b['error']);
    const jobErr = obj(obj(b['status'])['errorResult']);
    if (res.status < 300 && !Object.keys(jobErr).length) {
      const errs = arr(b['errors']);
      if (!errs.length || b['jobComplete'] !== true) return b;
    }
    const reason = String(obj(arr(err['errors'])[0])['reason'] ?? jobErr['reason'] ?? err['status'] ?? res.status);
    const message = String(err['message'] ?? jobErr['message'] ?? obj(arr(b['errors'])[0])['message'] ?? `HTTP ${res.status}`);
    if (res.status === 401 || (res.status === 403 && /accessDenied|forbidden/i.test(reason))) throw new WarehouseError('AUTH', `${this.location}: ${message}. Check the token or service account variable of the source and its BigQuery roles.`);
    if (reason === 'notFound') throw new InputError('TABLE_NOT_FOUND', `${this.location}: ${message}`);
    if (reason === 'bytesBilledLimitExceeded') throw new WarehouseError('COST_LIMIT', `${this.location}: ${message} (the source's maximumBytesBilled stopped the job).`);
    if (reason === 'timeout' || /timeout|timed out/i.test(message)) throw new WarehouseTimeoutError(`${this.location}: the job ran past its time limit and BigQuery stopped it (${message}). Raise the source's timeoutMs, or narrow the data with --where.`);
    throw new WarehouseError('QUERY_FAILED', `${this.location}: ${message} (${reason})`, { reason });
  }

  private async call(method: 'GET' | 'POST', url: string, options: QueryOptions, body?: string): Promise<HttpResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.accessToken(options)}`, accept: 'application/json', 'user-agent': 'model-lens' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await send(transportOf(this.s), { method, url, headers, ...(body !== undefined ? { body } : {}) }, { signal: options.signal, deadlineMs: 60_000 });
    this.stats.bytesReceived += Buffer.byteLength(res.body);
    return res;
  }

  /** The configured access token, or one obtained for the service account (cached until a minute before it expires). */
  private async accessToken(options: QueryOptions): Promise<string> {
    if (this.s.accessToken) return this.s.accessToken;
    if (this.token && this.token.expires > Date.now() + 60_000) return this.token.value;
    let key: { client_email?: string; private_key?: string; token_uri?: string };
    try {
      key = JSON.parse(this.s.serviceAccountJson!) as typeof key;
    } catch {
      throw new InputError('BAD_CREDENTIALS', `${this.location}: the service account variable is not a JSON key file's contents.`);
    }
    if (!key.client_email || !key.private_key) throw new InputError('BAD_CREDENTIALS', `${this.location}: the service account JSON has no client_email or private_key.`);
    const aud = key.token_uri ?? 'https://oauth2.googleapis.com/token';
    const now = Math.floor(Date.now() / 1000);
    const assertion = signJwt({ iss: key.client_email, scope: SCOPE, aud, iat: now, exp: now + 3600 }, readPrivateKey(key.private_key, this.location));
    const res = await send(transportOf(this.s), {
      method: 'POST', url: aud, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
    }, { signal: options.signal, deadlineMs: 30_000 });
    const b = obj(parseJson(res, 'Google OAuth'));
    if (res.status !== 200 || typeof b['access_token'] !== 'string') throw new WarehouseError('AUTH', `${this.location}: the service account login failed (${String(b['error_description'] ?? b['error'] ?? res.status)}).`);
    this.token = { value: b['access_token'], expires: Date.now() + Number(b['expires_in'] ?? 3600) * 1000 };
    return this.token.value;
  }
}
