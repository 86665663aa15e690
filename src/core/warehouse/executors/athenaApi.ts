import { InputError } from '../../errors';
import { obj, parseJson, send, sleep, WarehouseError, type HttpTransport } from '../http';
import { signV4, type AwsCredentials } from './sigv4';

/** Error types (the JSON `__type`, after '#') that a later attempt may get past: throttling and service faults. */
const RETRYABLE = new Set(['ThrottlingException', 'TooManyRequestsException', 'InternalServerException', 'ServiceUnavailableException', 'RequestLimitExceeded']);
const AUTH = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'AccessDeniedException', 'ExpiredTokenException', 'IncompleteSignature', 'MissingAuthenticationToken']);

export interface AthenaApiSettings {
  region: string;
  credentials: AwsCredentials;
  transport: HttpTransport;
  /** First wait before a retry (ms); doubled each attempt up to 8 s, with jitter. */
  retryMs: number;
  /** Attempts per call before a throttling or 5xx answer is reported. */
  attempts: number;
  /** Tests fix the signing time; by default the clock. */
  now?: () => Date;
}

/**
 * One Athena JSON API action (https://docs.aws.amazon.com/athena/latest/APIReference/): POST / to
 * athena.<region>.amazonaws.com with `X-Amz-Target: AmazonAthena.<Action>`, content type
 * application/x-amz-json-1.1, signed with SigV4. Throttling and 5xx answers are retried with exponential
 * backoff (the AWS SDKs' standard retry behaviour); StartQueryExecution is safe to retry because its
 * ClientRequestToken makes it idempotent. Errors are WarehouseErrors naming the action, the AWS error type and
 * what to do.
 */
export async function athenaCall(s: AthenaApiSettings, action: string, body: Record<string, unknown>, options: { signal?: AbortSignal | undefined; location: string; onBytes?: (n: number) => void }): Promise<Record<string, unknown>> {
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(s.region)) throw new InputError('BAD_SOURCE', `Athena region '${s.region}' is not an AWS region name (e.g. us-east-1, eu-west-1); set 'region' for the source or AWS_REGION.`);
  const url = `https://athena.${s.region}.amazonaws.com/`;
  const text = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    const signed = signV4({ method: 'POST', url, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonAthena.${action}` }, body: text, region: s.region, service: 'athena', date: (s.now ?? (() => new Date()))() }, s.credentials);
    const res = await send(s.transport, { method: 'POST', url, headers: { ...signed.headers, 'user-agent': 'model-lens' }, body: text }, { signal: options.signal, deadlineMs: 60_000 });
    options.onBytes?.(Buffer.byteLength(res.body));
    if (res.status === 200) return obj(parseJson(res, `${options.location} (${action})`));
    const answer = obj(safeJson(res.body));
    const type = String(answer['__type'] ?? res.headers['x-amzn-errortype'] ?? '').replace(/^.*#/, '').replace(/:.*$/, '');
    const message = String(answer['Message'] ?? answer['message'] ?? res.body.slice(0, 200));
    if ((res.status >= 500 || RETRYABLE.has(type)) && attempt < s.attempts) {
      await sleep(Math.min(8000, s.retryMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2), options.signal);
      continue;
    }
    if (AUTH.has(type) || res.status === 401 || res.status === 403) {
      throw new WarehouseError('AUTH', `${options.location}: ${action} was refused (${type || `HTTP ${res.status}`}: ${message}). Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), the source's region, and that the IAM policy allows athena:${action}.`, { type });
    }
    if (type === 'MetadataException' || type === 'ResourceNotFoundException' || type === 'EntityNotFoundException') throw new InputError('TABLE_NOT_FOUND', `${options.location}: ${message}`, { type });
    const retried = attempt > 1 ? ` after ${attempt} attempts` : '';
    throw new WarehouseError(RETRYABLE.has(type) || res.status >= 500 ? 'THROTTLED' : 'QUERY_FAILED', `${options.location}: ${action} failed${retried} (${type || `HTTP ${res.status}`}): ${message}`, { type, status: res.status, athenaErrorCode: answer['AthenaErrorCode'] });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}
