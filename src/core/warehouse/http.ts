import { CancelledError, InputError } from '../errors';
import { dict } from '../dict';

/** One HTTP exchange as the REST executors see it: small JSON requests, JSON (or text) answers. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request. The default is Node's fetch; unit tests pass a transport that replays recorded
 * responses (test/fixtures/warehouse/<engine>/*.json) and checks each request against the recording.
 */
export type HttpTransport = (request: HttpRequest, signal: AbortSignal) => Promise<HttpResponse>;

export const fetchTransport: HttpTransport = async (request, signal) => {
  const init: RequestInit = { method: request.method, headers: request.headers, signal, redirect: 'error' };
  if (request.body !== undefined) init.body = request.body;
  const res = await fetch(request.url, init);
  const headers: Record<string, string> = dict();
  res.headers.forEach((v, k) => {
    headers[k.toLowerCase()] = v;
  });
  return { status: res.status, headers, body: await res.text() };
};

/**
 * Sends `request` with a client-side deadline (the server's own timeout comes first; this one catches a
 * server that stops answering) and the caller's signal. Rejects with CancelledError when the caller aborts,
 * with WarehouseTimeoutError when the deadline passes.
 */
export async function send(transport: HttpTransport, request: HttpRequest, options: { signal?: AbortSignal | undefined; deadlineMs: number }): Promise<HttpResponse> {
  if (options.signal?.aborted) throw new CancelledError();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.deadlineMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort);
  try {
    return await transport(request, controller.signal);
  } catch (e) {
    if (options.signal?.aborted) throw new CancelledError();
    if (timedOut) throw new WarehouseTimeoutError(`no answer from ${new URL(request.url).host} within ${Math.round(options.deadlineMs / 1000)} s`);
    throw new WarehouseError('NETWORK', `could not reach ${safeHost(request.url)}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * A failure reported by (or on the way to) a warehouse: a query error, bad credentials, a timeout. An
 * InputError, so commands show its message (what, where, how to fix) and exit 2 instead of reporting an
 * internal error.
 */
export class WarehouseError extends InputError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'WarehouseError';
  }
}

export class WarehouseTimeoutError extends WarehouseError {
  constructor(message: string) {
    super('TIMEOUT', message);
    this.name = 'WarehouseTimeoutError';
  }
}

/** Parses a JSON body, or throws a WarehouseError that quotes the start of what came back. */
export function parseJson(res: HttpResponse, what: string): unknown {
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    throw new WarehouseError('PROTOCOL', `${what}: expected JSON, got HTTP ${res.status} '${res.body.slice(0, 120)}'`);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** Waits `ms`, or rejects with CancelledError as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const onAbort = () => {
      clearTimeout(t);
      reject(new CancelledError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A plain-object view of JSON, for reading fields of protocol answers without `any`. */
export function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
