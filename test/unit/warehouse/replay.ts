import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/core/warehouse/http';

/** One recorded request/response pair (test/fixtures/warehouse/<engine>.json). */
export interface Exchange {
  request: { method: string; url: string; body?: Record<string, unknown> | string; headers?: Record<string, string> };
  response: { status: number; body: unknown; headers?: Record<string, string> };
  /** The test's AbortController fires right after this response is served (a user pressing Cancel). */
  abortAfter?: boolean;
  /** The transport never answers this request (a hung server): it waits until its signal aborts. */
  hang?: boolean;
}

export interface Recording {
  source: string[];
  cases: Record<string, Exchange[]>;
}

export function loadRecording(engine: string): Recording {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'warehouse', `${engine}.json`), 'utf8')) as Recording;
}

/**
 * A transport that serves one recorded case in order and checks every request against it: method, URL
 * (`*` matches any run of characters except '/', for request ids), the listed body fields (deep equal,
 * or text containment for a text body) and the listed headers. `done()` asserts every exchange was used.
 */
export function replay(exchanges: readonly Exchange[], controller?: AbortController): { transport: HttpTransport; sent: HttpRequest[]; done(): void } {
  let i = 0;
  const sent: HttpRequest[] = [];
  const transport: HttpTransport = async (req, signal) => {
    sent.push(req);
    const ex = exchanges[i++];
    assert.ok(ex, `unexpected request ${req.method} ${req.url} (recording has ${exchanges.length})`);
    assert.equal(req.method, ex.request.method, `request ${i}: method`);
    const pattern = new RegExp(`^${ex.request.url.replace(/[.?+^$()[\]{}|\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    assert.match(req.url, pattern, `request ${i}: url`);
    if (typeof ex.request.body === 'string') assert.ok(req.body?.includes(ex.request.body), `request ${i}: body should contain ${ex.request.body}; got ${req.body}`);
    else if (ex.request.body) {
      const body = JSON.parse(req.body ?? '{}') as Record<string, unknown>;
      for (const [k, v] of Object.entries(ex.request.body)) assert.deepEqual(body[k], v, `request ${i}: body.${k}`);
    }
    for (const [k, v] of Object.entries(ex.request.headers ?? {})) assert.equal(req.headers[k], v, `request ${i}: header ${k}`);
    if (ex.hang) {
      await new Promise<void>((_resolve, reject) => {
        if (signal.aborted) reject(new Error('aborted'));
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
    }
    const res: HttpResponse = { status: ex.response.status, headers: ex.response.headers ?? {}, body: typeof ex.response.body === 'string' ? ex.response.body : JSON.stringify(ex.response.body) };
    if (ex.abortAfter) controller?.abort();
    return res;
  };
  return { transport, sent, done: () => assert.equal(i, exchanges.length, `${exchanges.length - i} recorded exchange(s) not used`) };
}
