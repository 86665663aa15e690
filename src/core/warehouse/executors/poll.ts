import { CancelledError } from '../../errors';
import { fetchTransport, sleep, WarehouseTimeoutError, type HttpTransport } from '../http';

/** Settings every REST executor shares. */
export interface RestSettings {
  /** How requests are sent; tests replay recorded responses through their own transport. */
  transport?: HttpTransport;
  /** Default statement time limit (ms), enforced by the server where the API has one and by cancelling otherwise. */
  timeoutMs?: number;
  /** Wait between status polls (ms). */
  pollMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 600_000;

export function transportOf(s: RestSettings): HttpTransport {
  return s.transport ?? fetchTransport;
}

/** One step of an asynchronous statement: finished with a value, or still running. */
export type Step<T> = { done: true; value: T } | { done: false };

/**
 * Drives a submitted statement to its end: `next` until a step is done, waiting `pollMs` between polls.
 * When the caller aborts, or the statement outlives `timeoutMs`, `cancel` asks the server to stop it (its
 * own failure is ignored: the statement may have finished meanwhile) and the call rejects with
 * CancelledError or WarehouseTimeoutError.
 */
export async function pollToEnd<T>(
  first: () => Promise<Step<T>>,
  next: () => Promise<Step<T>>,
  cancel: () => Promise<void>,
  options: { signal?: AbortSignal | undefined; timeoutMs: number; pollMs: number; what: string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let stopped = false;
  const stop = async (e: unknown): Promise<never> => {
    if (!stopped) {
      stopped = true;
      await cancel().catch(() => undefined);
    }
    throw e;
  };
  try {
    let step = await first();
    while (!step.done) {
      if (options.signal?.aborted) return await stop(new CancelledError());
      if (Date.now() >= deadline) return await stop(new WarehouseTimeoutError(`${options.what}: the query ran past its time limit (${Math.round(options.timeoutMs / 1000)} s) and was cancelled on the server. Raise the source's timeoutMs, or narrow the data with --where.`));
      await sleep(Math.min(options.pollMs, Math.max(1, deadline - Date.now())), options.signal);
      step = await next();
    }
    return step.value;
  } catch (e) {
    if (e instanceof CancelledError) return stop(e);
    throw e;
  }
}
