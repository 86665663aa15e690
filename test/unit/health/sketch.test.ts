import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { computeStats } from '../../../src/core/health/computeStats';
import { mergeSketches, RELATIVE_ACCURACY, sketchCount, sketchQuantile, ZERO_LIMIT, type LogSketch } from '../../../src/core/health/sketch';

const fx = join(__dirname, '../../fixtures/health');
// numpy.quantile(x, q, method='lower') and counts, from test/fixtures/health/generate.py.
const expected = JSON.parse(readFileSync(join(fx, 'sketch.expected.json'), 'utf8')) as {
  levels: number[];
  columns: Record<string, { count: number; missing: number; min: number; max: number; quantiles: number[] }>;
};

describe('health sketch (DDSketch, α = 1%) against numpy', () => {
  let engine: Engine;
  let stats: Awaited<ReturnType<typeof computeStats>>;
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    const ds = await loadDataset(engine, join(fx, 'sketch.csv'));
    stats = await computeStats(engine, ds, { timeColumn: null });
  });
  after(() => engine.close());

  for (const name of ['lognormal', 'mixed', 'small', 'ints']) {
    it(`${name}: counts and min/max exact, every quantile within relative error α of numpy's 'lower' order statistic`, () => {
      const e = expected.columns[name]!;
      const c = stats.baseline.columns.find((x) => x.name === name)!;
      assert.equal(c.kind, 'numeric');
      assert.equal(c.count, e.count);
      assert.equal(c.missing, e.missing);
      assert.equal(c.numeric!.min, e.min);
      assert.equal(c.numeric!.max, e.max);
      assert.equal(sketchCount(c.numeric!.sketch), e.count);
      expected.levels.forEach((q, k) => {
        const want = e.quantiles[k]!;
        const got = sketchQuantile(c.numeric!.sketch, q, c.numeric!.min, c.numeric!.max)!;
        // The guarantee: |got − want| ≤ α·|want| (plus float slack), or ≤ ZERO_LIMIT around zero.
        const tol = Math.max(RELATIVE_ACCURACY * Math.abs(want) * (1 + 1e-9), ZERO_LIMIT);
        assert.ok(Math.abs(got - want) <= tol, `${name} q=${q}: sketch ${got}, numpy ${want}, |diff| ${Math.abs(got - want)} > ${tol}`);
      });
    });
  }

  it('the guarantee is tight enough to matter: a coarser accuracy would fail somewhere', () => {
    // Guards against a quantile function that returns min/max or ignores the buckets: at α/10 the check must fail.
    let failures = 0;
    for (const name of Object.keys(expected.columns)) {
      const c = stats.baseline.columns.find((x) => x.name === name)!;
      expected.levels.forEach((q, k) => {
        const want = expected.columns[name]!.quantiles[k]!;
        const got = sketchQuantile(c.numeric!.sketch, q, c.numeric!.min, c.numeric!.max)!;
        if (Math.abs(got - want) > Math.max((RELATIVE_ACCURACY / 10) * Math.abs(want), ZERO_LIMIT)) failures += 1;
      });
    }
    assert.ok(failures > 0);
  });

  it('merging sketches adds bucket counts and is commutative', () => {
    const a: LogSketch = { zero: 1, positive: [[3, 2], [7, 1]], negative: [[2, 5]] };
    const b: LogSketch = { zero: 0, positive: [[1, 1], [7, 4]], negative: [] };
    const m = mergeSketches(a, b);
    assert.deepEqual(m, { zero: 1, positive: [[1, 1], [3, 2], [7, 5]], negative: [[2, 5]] });
    assert.deepEqual(mergeSketches(b, a), m);
    assert.equal(sketchCount(m), sketchCount(a) + sketchCount(b));
  });
});
