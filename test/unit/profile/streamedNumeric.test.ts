import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXACT_DISTINCT_ROWS } from '../../../src/core/data/distinctCount';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { DoubleColumnBatch, PlanExecutor } from '../../../src/core/plan/executor';
import { asExecutor, sourceOf } from '../../../src/core/plan/target';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { completeStreamed, footerExtremes, runStream, samplesAsDouble, STREAM_PARTS, valueCountsOfBins, type StreamPlan } from '../../../src/core/profile/streamedNumeric';
import type { Expr } from '../../../src/core/plan/expr';
import { streamNumeric, type StreamedColumn } from '../../../src/core/profile/numericStream';
import { FINE_PER_BIN } from '../../../src/core/profile/fineBins';
import { histogramEdges } from '../../../src/core/profile/profileSql';
import { histogramFromCounts, valueCounts } from '../../../src/core/profile/valueCounts';
import type { DatasetProfile } from '../../../src/core/profile/types';
import { assertSameProfile, withoutMoments } from './withoutMoments';

/**
 * Issue 18 (the long Parquet profile): above the exact-size limit, numeric columns whose finite min and max the
 * Parquet footer gives are read once as doubles (streamedNumeric.ts, numericStream.ts) for their first-pass
 * figures, fine bins, histogram, value counts and distinct sample, instead of the first pass, a fine-bin GROUP BY,
 * an edge count and a value-count GROUP BY each. The report must be the one of those SQL passes (an executor that
 * is not "local" runs them), as JSON (a zero extreme's sign is not in the report), mean and std to the last digits
 * (DuckDB's parallel avg and stddev_samp vary there from run to run), over the awkward cases: values on the
 * histogram's edges (numpy's correction), −0 beside 0, NULLs, a constant, FLOAT, DECIMAL beyond 15 digits and BIGINT
 * beyond 2^53 (their samples stay in SQL), NaN (no footer extremes: the SQL passes), low-cardinality integers.
 */
describe('profile above the exact-size limit: numeric columns streamed once', function () {
  this.timeout(120000);
  const ROWS = EXACT_DISTINCT_ROWS + 40000;
  const dir = mkdtempSync(join(tmpdir(), 'ml-streamed-'));
  const file = join(dir, 'long.parquet');
  const defs = [
    `(hash(i, 1) % 1000000)::DOUBLE / 7 AS "wide"`,
    // 0..100 in steps of 0.0025, 40,001 values: many on the histogram's edges (multiples of 5), several per fine bin.
    `CASE WHEN i = 0 THEN 100 ELSE (i % 40000)::DOUBLE / 400 END AS "onedge"`,
    `(i % 101)::INTEGER AS "small"`,
    `CASE WHEN i % 3 = 0 THEN '-0'::DOUBLE WHEN i % 3 = 1 THEN '0'::DOUBLE ELSE (hash(i, 2) % 1000)::DOUBLE - 500 END AS "zeros"`,
    `((hash(i, 3) % 1000000)::BIGINT * 1000000000000 + (hash(i, 3) % 7)::BIGINT) AS "big"`,
    `3.5::DOUBLE AS "cst"`,
    `CASE WHEN i % 7 = 0 THEN NULL ELSE (hash(i, 4) % 50000)::INTEGER - 25000 END AS "nul"`,
    `((hash(i, 5) % 5000)::FLOAT / 3) AS "flt"`,
    `((hash(i, 6) % 100000000)::DECIMAL(18, 0) / 1000)::DECIMAL(18, 3) AS "dec"`,
    `CASE WHEN i % 97 = 0 THEN 'nan'::DOUBLE ELSE (hash(i, 7) % 100000)::DOUBLE / 3 END AS "nan"`,
    `(hash(i, 8) % 2)::DOUBLE AS "two"`,
    `['a', 'b c'][1 + (hash(i, 9) % 2)::INTEGER] AS "txt"`,
  ];
  const streamedNames = ['wide', 'onedge', 'small', 'zeros', 'big', 'cst', 'nul', 'flt', 'dec', 'two'];

  before(async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      await engine.exec(`COPY (SELECT ${defs.join(', ')} FROM range(${ROWS}) r(i)) TO '${file}' (FORMAT parquet)`);
    } finally {
      engine.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const split = withoutMoments;

  it('equals the SQL passes\' profile, and no fine-bin, edge or value-count statement reads a streamed column', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const ds = await loadDataset(engine, file);
      const sql: string[] = [];
      observeStatements((s) => sql.push(s));
      let streamed: DatasetProfile;
      const progress: number[] = [];
      try {
        streamed = await profileDataset(engine, ds, { onProgress: (f) => progress.push(f) });
      } finally {
        observeStatements(undefined);
      }
      const exec = asExecutor(engine);
      const apart = Object.assign(Object.create(exec) as PlanExecutor, { engine: { ...exec.engine, local: false } });
      const separate = await profileDataset(apart, ds);
      assert.equal(streamed.approximate, true);
      assertSameProfile(streamed, separate);

      // The editor's panel (onColumns): the second pass in column batches, the same columns.
      const batches: DatasetProfile['columns'][] = [];
      const panel = await profileDataset(engine, ds, { onColumns: (cs) => batches.push([...cs]) });
      assert.equal(batches.flat().length, defs.length);
      assert.deepEqual(split({ ...panel, columns: batches.flat() }).rest, split(streamed).rest);

      const stream = sql.filter((s) => /::DOUBLE AS c0\b/.test(s));
      assert.equal(stream.length, STREAM_PARTS, 'the streamed reads (STREAM_PARTS at once)');
      for (const name of streamedNames) assert.equal(stream.filter((s) => s.includes(`CAST("${name}" AS DOUBLE)`)).length, 1, `${name} streamed once`);
      assert.ok(stream.every((s) => !s.includes('"nan"') && !s.includes('"txt"')), 'NaN in the footer: not streamed');
      for (const name of streamedNames) {
        const v = `CAST("${name}" AS DOUBLE) AS "v"`;
        const grouped = sql.filter((s) => s.includes(v) && /GROUP BY/.test(s) && !/"v" >= /.test(s)); // refinements read a range of values
        assert.deepEqual(grouped, [], `no unrestricted GROUP BY of ${name}'s values (fine bins, edges, value counts)`);
      }
      assert.ok(progress.length > 3 && progress.every((f, k) => k === 0 || f >= progress[k - 1]!), `progress rises: ${progress.join(' ')}`);
      assert.equal(progress.at(-1), 1);
      const byName = new Map(streamed.columns.map((c) => [c.name, c]));
      assert.equal(byName.get('small')!.distinct, 101, 'exact distinct count of a low-cardinality streamed column');
      assert.equal(byName.get('small')!.approximateDistinct, false);
      assert.equal(byName.get('onedge')!.numeric!.histogram!.counts.reduce((x, y) => x + y, 0), ROWS);
    } finally {
      engine.close();
    }
  });

  it('footerExtremes: only columns whose footer min and max DuckDB folds, and finite', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const ds = await loadDataset(engine, file);
      const numeric = ds.columns.flatMap((column, index) => (column.name === 'txt' ? [] : [{ index, column }]));
      const e = await footerExtremes(asExecutor(engine), sourceOf(ds), numeric);
      const names = [...e.keys()].map((i) => ds.columns[i]!.name).sort();
      assert.deepEqual(names, [...streamedNames].sort());
      assert.deepEqual(e.get(ds.columns.findIndex((c) => c.name === 'onedge')), { min: 0, max: 100 });
    } finally {
      engine.close();
    }
  });

  it('completeStreamed: a column whose read extremes are not the footer\'s gets the first pass\'s own figures', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      await engine.exec(`CREATE TABLE t AS SELECT (i % 1000)::DOUBLE AS x FROM range(5000) r(i)`);
      const exec = asExecutor(engine);
      const columns = [{ name: 'x', type: 'DOUBLE' }];
      const read: StreamedColumn = { nonNull: 5000, finite: 5000, min: 0, max: 999, mean: 1, std: 1, nonFiniteKinds: 0, first: 0, last: 998, fine: { f: [], n: [], lo: [], hi: [] }, histogram: [] };
      const first: Record<string, unknown> = {};
      const kept = await completeStreamed(exec, { kind: 'relation', relation: 't' }, columns, first, { extremes: new Map([[0, { min: 0, max: 998 }]]), streamed: new Map([[0, true]]) }, new Map([[0, read]]), new AbortController().signal);
      assert.equal(kept.size, 0, 'no streamed bins kept');
      assert.equal(first['c0_max'], 999);
      assert.equal(first['c0_mean'], 499.5);
      assert.equal(typeof first['c0_sample'], 'number', 'the sample counted by the engine');
    } finally {
      engine.close();
    }
  });

  it('value counts from fine bins only when each holds one value; samples as doubles only where values stay distinct', () => {
    assert.deepEqual(valueCountsOfBins({ f: [3, 1], n: [2, 5], lo: [1.5, -0], hi: [1.5, 0] }), [[1.5, 2], [-0, 5]]);
    assert.equal(valueCountsOfBins({ f: [3], n: [2], lo: [1.5], hi: [1.75] }), undefined);
    assert.equal(samplesAsDouble('DOUBLE', { min: -1e300, max: 1e300 }), true);
    assert.equal(samplesAsDouble('FLOAT', { min: 0, max: 1 }), true);
    assert.equal(samplesAsDouble('BIGINT', { min: 0, max: 2 ** 53 }), true);
    assert.equal(samplesAsDouble('BIGINT', { min: 0, max: 2 ** 53 + 2 }), false);
    assert.equal(samplesAsDouble('DECIMAL(18,3)', { min: 0, max: 1 }), false);
    assert.equal(samplesAsDouble('HUGEINT', { min: 0, max: 1 }), false);
  });
});

/** The next double above (+1) or below (−1) x (finite, non-zero). */
function step(x: number, dir: 1 | -1): number {
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] = i[0]! + BigInt(x > 0 ? dir : -dir);
  return b[0]!;
}

describe('numericStream: one read gives the SQL passes\' figures', () => {
  /** An executor whose stream hands `values` over in chunks of 2,048 (the mask columns: none sampled). */
  const fake = (values: Float64Array, valid: Uint32Array | null = null): PlanExecutor => ({
    fast: {
      streamDoubles: async (_s: unknown, exprs: readonly unknown[], visit: (batch: DoubleColumnBatch[], rows: number) => void | Promise<void>) => {
        for (let at = 0; at < values.length; at += 2048) {
          const n = Math.min(2048, values.length - at);
          const v = values.subarray(at, at + n);
          await visit(exprs.map(() => ({ values: v, valid: valid && at === 0 ? valid : null })), n);
        }
      },
    },
  }) as unknown as PlanExecutor;

  it('histogram by numpy\'s rule (histogramFromCounts) on values at, above and below every edge of awkward ranges; fine bins by fineBinsPlan\'s rule', async () => {
    let seed = 7;
    let unsureRanges = 0;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 40; trial++) {
      const first = (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 4);
      const last = first + rand() * 10 ** Math.floor(rand() * 10 - 3) + 1e-3;
      const edges = histogramEdges(first, last, 20);
      const values: number[] = [first, last];
      for (const e of edges.slice(1, -1)) values.push(e, step(e, 1), step(e, -1));
      for (let k = 0; k < 500; k++) values.push(first + rand() * (last - first));
      const inRange = values.filter((v) => v >= first && v <= last);
      const [read] = await streamNumeric(fake(Float64Array.from(inRange)), { kind: 'relation', relation: 'x' }, [{ name: 'x', first, last }], 20);
      const counts = new Map<number, number>();
      for (const v of inRange) counts.set(v, (counts.get(v) ?? 0) + 1);
      // The values in `unsure` ranges are the SQL edge pass's to count (histogramExactPlan: numpy's rule too).
      const unsure = new Map([...counts].filter(([v]) => read!.unsure!.some((r) => v >= r.lo && v <= r.hi)));
      const both = histogramFromCounts(valueCounts([...unsure]), edges).map((c, b) => c + read!.histogram![b]!);
      assert.deepEqual(both, histogramFromCounts(valueCounts([...counts]), edges), `trial ${trial}: [${first}, ${last}]`);
      unsureRanges += read!.unsure!.length;
      const k = 20 * FINE_PER_BIN;
      const fine = new Map<number, { n: number; lo: number; hi: number }>();
      for (const v of inRange) {
        const f = Math.min(Math.trunc((v - first) * (k / (last - first))), k - 1);
        const b = fine.get(f) ?? { n: 0, lo: Infinity, hi: -Infinity };
        fine.set(f, { n: b.n + 1, lo: Math.min(b.lo, v), hi: Math.max(b.hi, v) });
      }
      const got = new Map(read!.fine.f.map((f, j) => [f, { n: read!.fine.n[j]!, lo: read!.fine.lo[j]!, hi: read!.fine.hi[j]! }]));
      assert.deepEqual(got, fine);
    }
    assert.ok(unsureRanges < 40, `few ranges left to the SQL edge pass (${unsureRanges})`);
  });

  it('runStream in several streams at once: each column in one of them, the figures of one stream, progress to 1', async () => {
    // Column j holds j·1000 + its row's value: a column given another's figures (a defect in putting the streams' results together) shows.
    const values = Float64Array.from({ length: 5000 }, (_v, i) => (i * 7919) % 1003);
    const calls: string[][] = [];
    const exec = {
      fast: {
        streamDoubles: async (_s: unknown, exprs: readonly Expr[], visit: (batch: DoubleColumnBatch[], rows: number) => void | Promise<void>) => {
          const names = exprs.map((e) => (e.op === 'cast' && e.arg.op === 'col' ? e.arg.name : '?'));
          calls.push(names);
          for (let at = 0; at < values.length; at += 2048) {
            const n = Math.min(2048, values.length - at);
            await visit(names.map((name) => ({ values: values.subarray(at, at + n).map((v) => Number(name.slice(1)) * 1000 + v), valid: null })), n);
          }
        },
      },
    } as unknown as PlanExecutor;
    const columns = Array.from({ length: 5 }, (_c, j) => ({ name: `c${j}`, type: 'DOUBLE' }));
    const plan: StreamPlan = { extremes: new Map(columns.map((_c, j) => [j, { min: j * 1000, max: j * 1000 + 1002 }])), streamed: new Map(columns.map((_c, j) => [j, true])) };
    const source = { kind: 'relation' as const, relation: 'x' };
    const one = await runStream(exec, source, columns, plan, 20, {}, 1);
    assert.deepEqual(calls, [['c0', 'c1', 'c2', 'c3', 'c4']]);
    calls.length = 0;
    const progress: number[] = [];
    const two = await runStream(exec, source, columns, plan, 20, { rows: values.length, onProgress: (f) => progress.push(f) }, 2);
    assert.deepEqual(calls, [['c0', 'c2', 'c4'], ['c1', 'c3']]);
    assert.deepEqual([...two.keys()].sort(), [0, 1, 2, 3, 4]);
    for (const [j, s] of one) {
      assert.deepEqual(two.get(j), s, `column ${j}`);
      assert.equal(s.min, j * 1000);
    }
    assert.ok(progress.every((f, k) => k === 0 || f >= progress[k - 1]!) && progress.at(-1) === 1, `progress rises to 1: ${progress.join(' ')}`);
  });

  it('non-finite values and NULLs counted apart; mean and std of the rest', async () => {
    const values = Float64Array.from([NaN, 1, 2, Infinity, 4, 99, -Infinity, NaN, 3]);
    const valid = new Uint32Array([~(1 << 5)]); // row 5 (99) NULL
    const [read] = await streamNumeric(fake(values, valid), { kind: 'relation', relation: 'x' }, [{ name: 'x', first: 1, last: 4 }], 20);
    assert.equal(read!.nonNull, 8);
    assert.equal(read!.finite, 4);
    assert.equal(read!.nonFiniteKinds, 3);
    assert.deepEqual([read!.min, read!.max, read!.mean], [1, 4, 2.5]);
    assert.ok(Math.abs(read!.std! - Math.sqrt(5 / 3)) < 1e-15);
    assert.equal(read!.histogram!.reduce((a, b) => a + b, 0), 4);
  });
});
