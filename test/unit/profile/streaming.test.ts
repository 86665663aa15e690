import assert from 'node:assert/strict';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { STREAM_COLUMNS } from '../../../src/core/profile/secondPass';
import type { ColumnProfile } from '../../../src/core/profile/types';
import { initialState, reduce } from '../../../webview/profile/state';
import { finishProfile, mergeBatch } from '../../../webview/profile/stream';

/**
 * Issue 18: the editor streams a profile by column batch (`onColumns`), and the panel joins the batches with
 * the dataset-level summary. The joined report must equal the non-streamed one exactly (deepStrictEqual), in
 * exact mode and with estimates, and also through the panel's reducer (messages as the host posts them).
 */
describe('profile streamed by column batch', function () {
  this.timeout(120_000);
  let engine: Engine;
  const cols = 2 * STREAM_COLUMNS + 37; // three batches, the last one short
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    const defs = Array.from({ length: cols }, (_, j) => {
      if (j % 5 === 0) return `round((hash(i, ${j}) % 1000)::DOUBLE / 13, 2) AS "n${j}"`;
      if (j % 5 === 1) return `['a', 'b', 'c', NULL][1 + (hash(i, ${j}) % 4)::INTEGER] AS "c${j}"`;
      if (j % 5 === 2) return `(hash(i, ${j}) % 2 = 0) AS "b${j}"`;
      if (j % 5 === 3) return `i AS "id${j}"`;
      return `CASE WHEN i % 50 = 0 THEN 'note ' || (i % 7)::VARCHAR END AS "t${j}"`;
    });
    await engine.exec(`CREATE TABLE w AS SELECT ${defs.join(', ')} FROM range(120) r(i)`);
  });
  after(() => engine.close());

  const dataset = async (): Promise<Dataset> => {
    const columns = (await engine.run('DESCRIBE w')).map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
    return { path: 'w', format: 'csv', relation: 'w', columns, rows: 120, issues: [], release: async () => undefined };
  };

  for (const exactRowLimit of [undefined, 0]) {
    it(`batches + summary equal the non-streamed profile (${exactRowLimit === 0 ? 'estimates' : 'exact'})`, async () => {
      const opts = exactRowLimit === 0 ? { exactRowLimit } : {};
      const plain = await profileDataset(engine, await dataset(), opts);
      const batches: { start: number; columns: ColumnProfile[] }[] = [];
      // A batch is copied the moment it arrives (as postMessage does): later work must not change it.
      const streamed = await profileDataset(engine, await dataset(), { ...opts, onColumns: (c, start) => batches.push({ start, columns: structuredClone([...c]) }) });
      assert.deepEqual(streamed, plain, 'the callback changes nothing in the report');
      assert.deepEqual(batches.map((b) => [b.start, b.columns.length]), [[0, STREAM_COLUMNS], [STREAM_COLUMNS, STREAM_COLUMNS], [2 * STREAM_COLUMNS, 37]]);
      let merged: ColumnProfile[] = [];
      for (const b of batches) merged = mergeBatch(merged, b.start, b.columns);
      const { columns: _c, ...summary } = plain;
      assert.deepEqual(finishProfile(summary, merged), plain);
      // Through the panel's reducer, as the messages arrive.
      let s = reduce(initialState, { type: 'loading' });
      s = reduce(s, { type: 'progress', fraction: 0.5, stage: 'computing statistics', total: cols });
      for (const b of batches) s = reduce(s, { type: 'columns', start: b.start, columns: b.columns, total: cols });
      assert.equal(s.stream?.columns.length, cols);
      s = reduce(s, { type: 'done', summary });
      assert.equal(s.status, 'ready');
      assert.deepEqual(s.profile, plain);
      assert.equal(s.stream, undefined);
    });
  }
});

describe('streamed batch merge', () => {
  const c = (name: string) => ({ name, type: 'VARCHAR', kind: 'categorical', missing: 0, missingPct: 0, distinct: 1, approximateDistinct: false }) as ColumnProfile;
  it('places batches at their start, replaces a repeated batch, refuses a gap', () => {
    let m = mergeBatch([], 0, [c('a'), c('b')]);
    m = mergeBatch(m, 2, [c('c')]);
    assert.deepEqual(m.map((x) => x.name), ['a', 'b', 'c']);
    m = mergeBatch(m, 0, [c('a2'), c('b2')]); // a view that reloaded gets everything from 0 again
    assert.deepEqual(m.map((x) => x.name), ['a2', 'b2', 'c']);
    assert.throws(() => mergeBatch(m, 5, [c('x')]), RangeError);
    assert.throws(() => mergeBatch(m, -1, [c('x')]), RangeError);
  });
  it('finishProfile refuses an incomplete set of columns; the reducer says so', () => {
    const summary = { path: 'x', format: 'csv' as const, rows: 1, columnCount: 3, duplicateRows: 0, approximate: false, issues: [] };
    assert.equal(finishProfile(summary, [c('a')]), undefined);
    let s = reduce(initialState, { type: 'columns', start: 0, columns: [c('a')], total: 3 });
    s = reduce(s, { type: 'done', summary });
    assert.equal(s.status, 'failed');
    assert.match(s.error ?? '', /incomplete \(1 of 3 columns\)/);
  });
});
