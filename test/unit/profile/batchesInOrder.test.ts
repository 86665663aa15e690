import assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/errors';
import { batchesInOrder } from '../../../src/core/profile/batchesInOrder';

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The wide profile's column batches run two at a time (profile/wideProfile.ts). What must keep the batches' order
 * (the running row hash, the streamed columns) goes through batchesInOrder's turns; a failure stops the rest.
 */
describe('batchesInOrder: batches at once, turns and deliveries in batch order', () => {
  it('runs at most `limit` batches at once, turns in batch order though later batches reach theirs first', async () => {
    let running = 0;
    let most = 0;
    const turns: number[] = [];
    // Batch 0 is the slowest: batches 1 and 2 reach their turns first and must wait for it.
    const out = await batchesInOrder(5, 2, undefined, undefined, async (b, { inTurn }) => {
      running++;
      most = Math.max(most, running);
      await pause(b === 0 ? 60 : 5);
      running--;
      await inTurn(async () => { turns.push(b); });
      return b * 10;
    });
    assert.deepEqual(out, [0, 10, 20, 30, 40]);
    assert.equal(most, 2);
    assert.deepEqual(turns, [0, 1, 2, 3, 4]);
  });

  it('delivers emitted values in batch order, a later batch\'s held until the earlier turns are over', async () => {
    const got: string[] = [];
    await batchesInOrder<void, string>(4, 2, undefined, (v) => got.push(v), async (b, { inTurn, emit }) => {
      emit(`${b}a`);
      await pause(b % 2 === 0 ? 40 : 5);
      emit(`${b}b`);
      if (b !== 2) await inTurn(async () => undefined); // batch 2 takes no turn: its end passes it
    });
    assert.deepEqual(got, ['0a', '0b', '1a', '1b', '2a', '2b', '3a', '3b']);
  });

  it('a failing batch aborts the others, which stop before the call rejects with its error', async () => {
    const stopped: number[] = [];
    const started: number[] = [];
    await assert.rejects(
      batchesInOrder(6, 2, undefined, undefined, async (b, { signal, inTurn }) => {
        started.push(b);
        if (b === 1) throw new Error('batch 1 failed');
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        await pause(20);
        stopped.push(b);
        await inTurn(async () => undefined);
      }),
      /batch 1 failed/,
    );
    assert.deepEqual(stopped, [0], 'batch 0 stopped before the call rejected');
    assert.deepEqual(started, [0, 1], 'no batch starts after the failure');
  });

  it('the caller\'s cancellation aborts the running batches: CancelledError', async () => {
    const abort = new AbortController();
    const p = batchesInOrder(4, 2, abort.signal, undefined, async (_b, { signal, inTurn }) => {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      await inTurn(async () => undefined);
    });
    setTimeout(() => abort.abort(), 10);
    await assert.rejects(p, CancelledError);
  });
});
