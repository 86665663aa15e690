import { CancelledError } from '../errors';
import { ConcurrentJobs } from './concurrent';

/** What a batch of `batchesInOrder` may use besides its index. */
export interface BatchTurn<E> {
  /** Aborts when the caller's signal does or another batch fails. */
  readonly signal: AbortSignal;
  /** Runs `body` once every earlier batch's turn is over, in batch order (each batch at most once). */
  inTurn(body: () => Promise<void>): Promise<void>;
  /** Hands `value` to the caller's `deliver` in batch order: held until every earlier batch's turn is over. */
  emit(value: E): void;
}

/**
 * Batches 0..count−1, at most `limit` at once, started in index order, under one ConcurrentJobs: the first failure
 * aborts the others and the call rejects with it once all have stopped. What must follow the batches' order (the
 * wide profile's running row hash, its streamed columns) goes through `inTurn` and `emit`; the rest overlaps.
 * Results keep batch order.
 */
export async function batchesInOrder<T, E>(
  count: number,
  limit: number,
  signal: AbortSignal | undefined,
  deliver: ((value: E) => void) | undefined,
  run: (index: number, turn: BatchTurn<E>) => Promise<T>,
): Promise<T[]> {
  const jobs = new ConcurrentJobs(signal);
  const out = new Array<T>(count);
  // over[b]: batch b's turn is over (or it ended without one); `head`: the first batch whose turn is not over;
  // reached[b] resolves when head reaches b, i.e. every earlier batch's turn is over.
  const over = new Array<boolean>(count).fill(false);
  const reached = over.map(() => {
    let resolve = () => {};
    const promise = new Promise<void>((r) => { resolve = r; });
    return { promise, resolve };
  });
  const held = new Map<number, E[]>();
  let head = 0;
  reached[0]?.resolve();
  const end = (b: number) => {
    if (over[b]) return;
    over[b] = true;
    while (head < count && over[head]) {
      head++;
      reached[head]?.resolve();
      for (const value of held.get(head) ?? []) deliver?.(value);
      held.delete(head);
    }
  };
  const turnOf = (b: number): BatchTurn<E> => ({
    signal: jobs.signal,
    inTurn: async (body) => {
      await reached[b]!.promise;
      if (jobs.signal.aborted) throw new CancelledError();
      try {
        await body();
      } finally {
        end(b);
      }
    },
    emit: (value) => {
      if (b === head) deliver?.(value);
      else {
        const later = held.get(b);
        if (later) later.push(value);
        else held.set(b, [value]);
      }
    },
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && !jobs.signal.aborted) {
      const b = next++;
      try {
        out[b] = await jobs.start(() => run(b, turnOf(b)));
      } finally {
        // A batch that took no turn, or failed before it, ends its turn here (after a failure the others are aborted and throw at theirs).
        end(b);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), count) }, () => worker()));
    return out;
  } catch (e) {
    throw await jobs.failed(e);
  } finally {
    jobs.close();
  }
}
