import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { asExecutor } from '../../../src/core/plan/target';
import { binsFromFine, FINE_PER_BIN, fineBinsPlan, histogramFromFineRows, quantilesFromBins, REFINE_ABOVE, refineBins, runFineBins, type Bin } from '../../../src/core/profile/fineBins';
import { histogramEdges } from '../../../src/core/profile/profileSql';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import { assertClose } from '../helpers';

const LEVELS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

describe('fine bins: quantiles with a computed rank bound, histograms from unions of fine bins', () => {
  it('bins of single values give numpy.percentile exactly (the value-counts test data, numpy 1.24)', () => {
    // x = [1, 1, 1, 2, 5, 5, -0.5, 7.25, 7.25, 7.25] as bins holding one value each.
    const bins: Bin[] = [[-0.5, 1], [1, 3], [2, 1], [5, 2], [7.25, 3]].map(([v, n]) => ({ lo: v!, hi: v!, n: n! }));
    const q = quantilesFromBins(bins, LEVELS);
    const expected = [-0.365, 0.17500000000000004, 1.0, 3.5, 6.6875, 7.25, 7.25];
    q.values.forEach((v, i) => assertClose(v, expected[i]!, 1e-12, 1e-15, `level ${i}`));
    assert.deepEqual(q.errors, LEVELS.map(() => 0));
    assert.deepEqual(q.refine, []);
  });

  it('an order statistic inside a bin is interpolated, with the bound (count − 1)/(N − 1); first and last values are exact', () => {
    // 101 values: 0 alone, then 99 values in [1, 99] (a bin), then 100 alone. N − 1 = 100.
    const bins: Bin[] = [{ lo: 0, hi: 0, n: 1 }, { lo: 1, hi: 99, n: 99 }, { lo: 100, hi: 100, n: 1 }];
    const q = quantilesFromBins(bins, [0, 0.01, 0.5, 0.99, 1], 0.5);
    // Rank 0 → 0; rank 1 is the bin's first value (1); rank 50 inside: 1 + 98·49/98 = 50; rank 99 its last (99).
    assert.deepEqual(q.values, [0, 1, 50, 99, 100]);
    assert.deepEqual(q.errors, [0, 0, 98 / 100, 0, 0]);
    assert.deepEqual(q.refine, [1], 'the bound 0.98 exceeds 0.5: the bin is to be refined');
    assert.deepEqual(quantilesFromBins(bins, [0.5], 0.99).refine, []);
  });

  it('no values: NaN quantiles without error', () => {
    assert.ok(quantilesFromBins([], [0.5]).values.every(Number.isNaN));
  });

  it('adds fine bins up to numpy\'s histogram, and leaves those reaching across one of its edges to be counted', () => {
    const edges = histogramEdges(0, 20, 20);
    // Fine bin 0 (histogram bin 0) holds 0…0.5, fine bin 256 (bin 1) 1…1.9, fine bin 5119 (bin 19, closed) 19.5…20.
    const rows = { f: [0, 256, 5119], n: [3, 2, 4], lo: [0, 1, 19.5], hi: [0.5, 1.9, 20] };
    assert.deepEqual(histogramFromFineRows(rows, edges), { counts: [3, 2, ...new Array<number>(17).fill(0), 4], unsure: [] });
    // Values 0.99 and 1 (edge 1) in the last fine bin of histogram bin 0: numpy counts the 1 in bin 1, so that fine
    // bin's range is left to histogramExactPlan; the rest is counted.
    assert.deepEqual(histogramFromFineRows({ f: [0, 255], n: [5, 2], lo: [0, 0.99], hi: [0.1, 1] }, edges), { counts: [5, ...new Array<number>(19).fill(0)], unsure: [{ lo: 0.99, hi: 1 }] });
    assert.equal(FINE_PER_BIN, 256);
  });

  describe('in the engine', function () {
    this.timeout(60_000);
    let engine: Engine;
    before(async () => {
      engine = await Engine.create({ threads: 2 });
      // 120,000 rows: 99% in [0, 1) with 1e-6 steps, 1% spread up to 1e6 — the first fine bin holds 99% of the rows,
      // so refinement goes through finer bins (more than VALUES_BELOW values), then values.
      await engine.exec(`CREATE TABLE t AS SELECT CASE WHEN i % 100 = 0 THEN (hash(i) % 1000000)::DOUBLE ELSE (hash(i, 1) % 1000000) / 1e6 END AS x FROM range(120000) r(i)`);
    });
    after(() => engine.close());

    it('refines the bins of coarse quantiles until each is within REFINE_ABOVE of the exact ranks', async () => {
      const exec = asExecutor(engine) as DuckDbExecutor;
      const source = { kind: 'relation' as const, relation: 't' };
      const [mm] = await engine.run('SELECT min(x) AS lo, max(x) AS hi, quantile_cont(x, [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) AS q FROM t');
      const [rows] = await runFineBins(exec, [fineBinsPlan(source, 'x', Number(mm!['lo']), Number(mm!['hi']), 20)]);
      const column = { name: 'x', bins: binsFromFine(rows!) };
      assert.ok(column.bins[0]!.n > 100_000, 'the first fine bin holds almost every row');
      assert.ok(Math.max(...quantilesFromBins(column.bins, LEVELS).errors) > 0.5);
      await refineBins(exec, source, [column], LEVELS);
      assert.equal(column.bins.reduce((s, b) => s + b.n, 0), 120_000, 'refined bins still hold every row once');
      const q = quantilesFromBins(column.bins, LEVELS);
      assert.ok(Math.max(...q.errors) <= REFINE_ABOVE, `bounds ${q.errors.join(' ')}`);
      const exact = mm!['q'] as number[];
      for (const [i, level] of LEVELS.entries()) {
        const [r] = await engine.run(`SELECT count(*) FILTER (WHERE x < ${q.values[i]}) AS lt, count(*) FILTER (WHERE x <= ${q.values[i]}) AS le FROM t`);
        const lt = Number(r!['lt']) / 120_000;
        const le = Number(r!['le']) / 120_000;
        assert.ok(lt <= level + q.errors[i]! + 1e-9 && le >= level - q.errors[i]! - 1e-9, `level ${level}: ranks [${lt}, ${le}] ± ${q.errors[i]}`);
        if (q.errors[i] === 0) assertClose(q.values[i]!, exact[i]!, 1e-12, 1e-15, `exact level ${level}`);
      }
    });
  });
});
