import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { Dataset } from '../../../src/core/data/dataset';
import { parseBaseline, stringifyBaseline } from '../../../src/core/health/baselineJson';
import { computeStats } from '../../../src/core/health/computeStats';
import { mergeBaselines } from '../../../src/core/health/mergeBaselines';
import type { Baseline } from '../../../src/core/health/types';
import { craft, SAMPLE } from './craft';

describe('health baselines merge exactly', () => {
  let engine: Engine;
  let ref: Dataset;
  let whole: Baseline;
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    ref = await loadDataset(engine, SAMPLE);
    whole = (await computeStats(engine, ref)).baseline;
  });
  after(() => engine.close());

  const baselineOf = async (select: string) => (await computeStats(engine, await craft(engine, ref, select, 'part'))).baseline;
  const sameButSource = (merged: Baseline) => ({ ...merged, source: whole.source });

  it('merge(baseline(first half), baseline(second half)) deep-equals baseline(whole)', async () => {
    const a = await baselineOf("SELECT * FROM ref WHERE application_id <= 'APP-202609-01650'");
    const b = await baselineOf("SELECT * FROM ref WHERE application_id > 'APP-202609-01650'");
    assert.equal(a.rows + b.rows, whole.rows);
    assert.notDeepEqual(a.columns, whole.columns);
    const merged = mergeBaselines(a, b);
    assert.deepEqual(sameButSource(merged), whole);
    assert.equal(merged.source.files.length, 2);
  });

  it('three partitions by date merge to the whole in either order (counts, min/max, sketches, quantiles, histograms, categories, rows per day)', async () => {
    const parts = await Promise.all([
      baselineOf("SELECT * FROM ref WHERE application_date < DATE '2026-09-10'"),
      baselineOf("SELECT * FROM ref WHERE application_date >= DATE '2026-09-10' AND application_date < DATE '2026-09-20'"),
      baselineOf("SELECT * FROM ref WHERE application_date >= DATE '2026-09-20'"),
    ]);
    const forward = parts.reduce((x, y) => mergeBaselines(x, y));
    const backward = [...parts].reverse().reduce((x, y) => mergeBaselines(x, y));
    assert.deepEqual(sameButSource(forward), whole);
    assert.deepEqual(sameButSource(backward), whole);
    // The first partition alone has a different time range and daily table: the merge really combined them.
    assert.notEqual(parts[0]!.time!.max, whole.time!.max);
    assert.equal(forward.time!.daily.length, 30);
  });

  it('the JSON is stable and round-trips: stringify(parse(stringify(b))) is the same text, with no rows in it', () => {
    const text = stringifyBaseline(whole);
    assert.deepEqual(parseBaseline(JSON.parse(text), 'x'), JSON.parse(JSON.stringify(whole)));
    assert.equal(stringifyBaseline(parseBaseline(JSON.parse(text), 'x')), text);
    assert.ok(!text.includes('APP-202609-00001'), 'identifiers (rows) are not stored');
    assert.ok(text.indexOf('"schema"') < text.indexOf('"version"') && text.indexOf('"rows"') < text.indexOf('"columns"'));
  });

  it('partitions of different tables do not merge (BASELINE_MISMATCH)', async () => {
    const other = await baselineOf('SELECT * EXCLUDE (income) FROM ref');
    assert.throws(() => mergeBaselines(whole, other), (e: { code?: string }) => e.code === 'BASELINE_MISMATCH');
  });
});
