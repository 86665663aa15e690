import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { DISTINCT_SAMPLE_RATE, distinctCounts, estimateFromSample, exactDistinctCounts, exactDistinctCountsOfTable, sampledDistinctCounts } from '../../../src/core/data/distinctCount';
import { asExecutor, toSource } from '../../../src/core/plan/target';

/**
 * Hash-sampled distinct counts against the exact ones. A sample is Binomial(D, 1/64), so an estimate more
 * than four standard errors from the truth would be a defect (chance < 1e-4 per column for a fair hash).
 */
describe('distinct counts by hash sampling', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    // 300,000 rows: unique text ids, 40,000 integers each repeated, 7 categories, NULLs in a third of `sparse`.
    await engine.exec(`CREATE TABLE t AS SELECT 'id_' || i AS id, i % 40000 AS k, ['a','b','c','d','e','f','g'][1 + i % 7] AS cat,
      CASE WHEN i % 3 = 0 THEN NULL ELSE (i * 7919) % 250000 END AS sparse FROM range(300000) r(i)`);
  });
  after(() => engine.close());

  it('estimates within four standard errors of count(DISTINCT), NULLs left out', async () => {
    const cols = ['id', 'k', 'cat', 'sparse'];
    const [samples, exact] = await Promise.all([sampledDistinctCounts(engine, 't', cols), exactDistinctCounts(engine, 't', cols)]);
    assert.deepEqual(exact, [300000, 40000, 7, exact[3]]);
    assert.ok(exact[3]! > 150000 && exact[3]! <= 200000, `sparse: ${exact[3]}`);
    for (const j of [0, 1, 3]) {
      const { estimate, relativeError } = estimateFromSample(samples[j]!);
      assert.ok(Math.abs(estimate - exact[j]!) <= 4 * relativeError * exact[j]!, `${cols[j]}: estimate ${estimate}, exact ${exact[j]}, rse ${relativeError}`);
    }
    // A column with 7 values keeps at most 7 of them in its sample: small samples are counted exactly instead.
    assert.ok(samples[2]! <= 7);
  });

  it('distinctCounts: exact where the sample is small, the estimate with its error elsewhere', async () => {
    const [id, cat] = await distinctCounts(engine, 't', ['id', 'cat']);
    assert.deepEqual(cat, { value: 7, relativeError: 0 });
    assert.ok(id!.relativeError > 0 && id!.relativeError < 0.02, `rse ${id!.relativeError}`);
    assert.ok(Math.abs(id!.value - 300000) <= 4 * id!.relativeError * 300000, `id estimate ${id!.value}`);
  });

  it('the same sample on every run (DuckDB hash is unseeded)', async () => {
    const a = await sampledDistinctCounts(engine, 't', ['id', 'k']);
    const b = await sampledDistinctCounts(engine, 't', ['id', 'k']);
    assert.deepEqual(a, b);
  });

  it('estimate = 64 × sample, relative standard error √((1 − 1/64)/sample)', () => {
    assert.equal(DISTINCT_SAMPLE_RATE, 64);
    const e = estimateFromSample(10000);
    assert.equal(e.estimate, 640000);
    assert.ok(Math.abs(e.relativeError - Math.sqrt((1 - 1 / 64) / 10000)) < 1e-15);
    assert.equal(estimateFromSample(0).relativeError, 1);
  });
});

describe('exact distinct counts of a wide engine table, one plan per column (issue 18)', () => {
  it('equal count(DISTINCT) column by column and the long format, past one statement of plans (300 columns)', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      // Column j holds i % (j + 1) with NULLs every 7th row in odd columns, and text in every fifth column.
      const defs = Array.from({ length: 300 }, (_, j) => (j % 5 === 4 ? `'v' || (i % ${j + 1})::VARCHAR AS "c${j}"` : `CASE WHEN ${j % 2} = 1 AND i % 7 = 0 THEN NULL ELSE i % ${j + 1} END AS "c${j}"`));
      await engine.exec(`CREATE TABLE w AS SELECT ${defs.join(', ')} FROM range(500) r(i)`);
      const names = defs.map((_d, j) => `c${j}`);
      const got = await exactDistinctCountsOfTable(asExecutor(engine), toSource('w'), names);
      const long = await exactDistinctCounts(engine, 'w', names);
      // The reference, counted here: the values of each column in a Set.
      const truth = names.map((_n, j) => new Set(Array.from({ length: 500 }, (_x, i) => i).filter((i) => j % 5 === 4 || j % 2 === 0 || i % 7 !== 0).map((i) => i % (j + 1))).size);
      assert.deepEqual(got, truth);
      assert.deepEqual(got, long);
      assert.equal(got[0], 1);
      assert.equal(got[299], 300);
    } finally {
      engine.close();
    }
  });
});
