import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { BATCHES_IN_FLIGHT } from '../../../src/core/profile/wideProfile';
import type { ColumnProfile } from '../../../src/core/profile/types';
import { batchedAndWhole, writeWideParquet } from './wideFixture';

/**
 * Issue 18 (wide Parquet profile: CPU time ≈ wall time, one core idle): the column batches run BATCHES_IN_FLIGHT
 * at a time, each statement on one engine thread. The report must equal the unbatched profile (the running row
 * hash still folds the batches in column order: exact duplicate count), and streamed columns arrive in column
 * order, batch after batch, however the batches finish.
 */
describe('wide profile: column batches at once', function () {
  this.timeout(120_000);
  const ROWS = 4000;
  const COLS = 120;
  const BATCH = 16; // eight batches, the last one short
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-inflight-'));
  const file = join(dir, 'wide.parquet');
  before(async () => {
    const defs = Array.from({ length: COLS }, (_, j) => {
      // Batches of unequal cost (a text-heavy batch beside a numeric one), so a later batch can finish first.
      if (j < BATCH) return `'row ' || (hash(i // 2, ${j}) % 3000)::VARCHAR || repeat('x', (i % 10 = 0)::INTEGER + (i // 2 % 30)::INTEGER) AS "s${j}"`;
      if (j % 3 === 0) return `round((hash(i // 2, ${j}) % 100000)::DOUBLE / 13, 2) AS "n${j}"`;
      if (j % 3 === 1) return `['a', 'b', NULL][1 + (hash(i // 2, ${j}) % 3)::INTEGER] AS "c${j}"`;
      return `(hash(i // 2, ${j}) % 1000)::BIGINT AS "k${j}"`;
    });
    // Rows in pairs (i // 2) except where a text column's repeat differs: some duplicate rows, not all.
    await writeWideParquet(file, defs, ROWS);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`holds ${BATCHES_IN_FLIGHT} batch tables at once and reports what the unbatched profile does, streamed in column order`, async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const streamed: { start: number; columns: ColumnProfile[] }[] = [];
      const { batched, whole, sql } = await batchedAndWhole(engine, file, { batchColumns: BATCH, onColumns: (c, start) => streamed.push({ start, columns: structuredClone([...c]) }) });
      assert.deepEqual(batched, whole);
      // Batch tables alive at once: CREATE TABLE "ml_batch_…" starts one, its DROP ends it.
      let live = 0;
      let most = 0;
      for (const s of sql) {
        if (/^CREATE TABLE "ml_batch_/.test(s)) most = Math.max(most, ++live);
        else if (/^DROP TABLE IF EXISTS "ml_batch_/.test(s)) live--;
      }
      assert.ok(most > 1, `batches overlap (at most ${most} batch table at once)`);
      assert.ok(most <= BATCHES_IN_FLIGHT, `never more than BATCHES_IN_FLIGHT (${most})`);
      // The batched profile's stream, then the unbatched one's (a single call: fewer columns than STREAM_COLUMNS).
      const unbatched = streamed.pop()!;
      assert.deepEqual([unbatched.start, unbatched.columns.length], [0, COLS]);
      let next = 0;
      for (const b of streamed) {
        assert.equal(b.start, next, 'each streamed batch starts where the previous one ended');
        next += b.columns.length;
      }
      assert.equal(next, COLS);
      assert.deepEqual(streamed.flatMap((b) => b.columns), batched.columns);
      assert.ok(batched.duplicateRows > 0, 'the fixture has duplicate rows');
    } finally {
      engine.close();
    }
  });
});
