/**
 * Statements of one analysis running at once on the embedded engine (each on its own connection), under one
 * signal: the first failure aborts the others, and the caller waits for all of them before it throws, so no
 * statement is left running on an engine about to be closed, and the error thrown is the cause (an out-of-memory,
 * a bad value), not a sibling's cancellation. The caller's own cancellation aborts them all.
 */
export class ConcurrentJobs {
  private readonly controller = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  private failure: { error: unknown } | undefined;
  private readonly unlink: () => void;

  constructor(parent?: AbortSignal) {
    const abort = () => this.controller.abort();
    if (parent?.aborted) abort();
    parent?.addEventListener('abort', abort, { once: true });
    this.unlink = () => parent?.removeEventListener('abort', abort);
  }

  /** The signal every job runs under. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts `job` now; the promise settles as the job does (await it where its result is needed). */
  start<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const p = Promise.resolve().then(() => job(this.signal)).catch((e: unknown) => {
      if (!this.failure) {
        this.failure = { error: e };
        this.controller.abort();
      }
      throw e;
    });
    const done = p.then(() => undefined, () => undefined);
    this.running.add(done);
    void done.then(() => this.running.delete(done));
    return p;
  }

  /** After a failure `e` of the caller: aborts the jobs still running, waits for them, and returns the error to throw. */
  async failed(e: unknown): Promise<unknown> {
    if (!this.failure) this.failure = { error: e };
    this.controller.abort();
    await Promise.all([...this.running]);
    return this.failure.error;
  }

  /** Stops listening to the caller's signal (call once the jobs are done). */
  close(): void {
    this.unlink();
  }
}
