import assert from 'node:assert/strict';
import { bucketsToRead, bucketValues, GridMismatchError } from '../../../src/core/drift/bucketCollector';
import type { ColumnPlan } from '../../../src/core/drift/columnPlan';
import { KeptValues } from '../../../src/core/drift/keptValues';
import { buildGrid, gridCount, type NumericGrid } from '../../../src/core/drift/numericGrid';
import type { DriftTest } from '../../../src/core/drift/types';
import type { Router } from '../../../src/core/drift/windowGrids';
import { windowPassSamples, type FirstPassState } from '../../../src/core/drift/windowSamples';
import type { TimeWindow } from '../../../src/core/drift/windows';
import { int } from '../../../src/core/plan/expr';

/**
 * Pass 2 of drift over time (windowSamples.ts) on hand-made windows: the wanted buckets' values of every window and
 * of both sides, as bucketValues collects them from the same values, with kept columns read from memory and the
 * other ones streamed; and the windows' values stored in the kept memory pass 2 has read (no fresh memory).
 */
describe('drift over time: pass 2 (windowPassSamples)', () => {
  const rows = [300, 500, 400];
  const windows: TimeWindow[] = rows.map((n, i) => ({ start: `w${i}`, end: `w${i + 1}`, rows: n, where: int(1), key: `w${i}` }));
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  // a: kept, with ambiguous buckets; n: kept, 20 integers (one value per bucket: nothing wanted); b: streamed.
  const columns = ['a', 'n', 'b'];
  const data = columns.map((c) => rows.map((r) => Float64Array.from({ length: r }, () => (c === 'n' ? Math.floor(rnd() * 20) : Math.round(rnd() * 1000) / 100))));
  const [lo, hi, bins] = [0, 20, 64];
  const concat = (xs: Float64Array[]) => Float64Array.from(xs.flatMap((x) => [...x]));
  // Every bucket either side holds values in: bucketsToRead keeps those whose values the cells do not tell.
  const all = (r: NumericGrid, c: NumericGrid) => Array.from({ length: r.bins }, (_x, b) => b).filter((b) => gridCount(r, b) + gridCount(c, b) > 0);
  const test = { id: 'wasserstein', gridBuckets: all } as unknown as DriftTest;
  const plans = columns.map((column, j): ColumnPlan => ({
    column, role: 'feature', kind: 'numeric', test, threshold: 0.1, testSource: 'default', thresholdSource: 'default', useCounts: false,
    grids: { reference: buildGrid(data[j]![0]!, lo, hi, bins), current: buildGrid(concat(data[j]!.slice(1)), lo, hi, bins) },
  }));

  function state(extra = 0): { s: FirstPassState; kept: KeptValues; streamed: string[][] } {
    const kept = new KeptValues(rows, 2);
    rows.forEach((_r, slot) => [0, 1].forEach((j) => kept.sink(slot, j)!.add(data[j]![slot]!, rows[slot]!)));
    const streamed: string[][] = [];
    const s: FirstPassState = {
      windows, kept,
      specs: columns.map((column) => ({ column, lo, hi, bins })),
      windowGrids: rows.map((_r, slot) => data.map((d) => buildGrid(d[slot]!, lo, hi, bins / 2))),
      stream: async (names: readonly string[], router: Router) => {
        streamed.push([...names]);
        for (let slot = 0; slot < rows.length; slot++) {
          const values = names.map((c) => data[columns.indexOf(c)]![slot]!);
          const n = rows[slot]! + extra;
          const cols = [{ values: new Float64Array(n).fill(slot), valid: null }, ...values.map((v) => ({ values: Float64Array.from({ length: n }, (_x, i) => v[i % v.length]!), valid: null }))];
          router.route(cols, n, { of: (h: number) => h });
        }
        router.flush();
      },
    };
    return { s, kept, streamed };
  }

  const sorted = (m: Map<number, Float64Array>) => new Map([...m].map(([b, v]) => [b, [...v].sort((x, y) => x - y)]));
  const values = (m: ReadonlyMap<number, Float64Array> | undefined) => new Map([...(m ?? [])].map(([b, v]) => [b, [...v]]));

  it('every window\'s and both sides\' wanted values, kept columns from memory and the others streamed (only those with buckets wanted)', async () => {
    const { s, streamed } = state();
    const out = await windowPassSamples(plans, s);
    assert.deepEqual(streamed, [['b']], 'n wants no bucket, a and n are kept');
    columns.forEach((_c, j) => {
      const p = plans[j]!;
      const [r, c] = [p.grids!.reference, p.grids!.current];
      const need = all(r, c);
      const top = out.top.get(p)!;
      assert.deepEqual(values(top[0].kind === 'grid' ? top[0].grid.values : undefined), values(bucketValues(data[j]![0]!, r, bucketsToRead(r, need))));
      assert.deepEqual(values(top[1].kind === 'grid' ? top[1].grid.values : undefined), values(bucketValues(concat(data[j]!.slice(1)), c, bucketsToRead(c, need))));
      const rg = s.windowGrids[0]![j]!;
      const refWanted = new Set<number>();
      for (let i = 1; i < rows.length; i++) {
        const [ref, cur] = out.windows.get(`w${i}`)!.get(p)!;
        const cg = s.windowGrids[i]![j]!;
        const wanted = all(rg, cg);
        for (const b of bucketsToRead(rg, wanted)) refWanted.add(b);
        assert.deepEqual(values(cur.kind === 'grid' ? cur.grid.values : undefined), sorted(bucketValues(data[j]![i]!, cg, bucketsToRead(cg, wanted))), `${columns[j]} window ${i}`);
        assert.equal(ref.kind === 'grid' && ref.grid.values, out.windows.get('w1')!.get(p)![0].kind === 'grid' ? (out.windows.get('w1')!.get(p)![0] as { grid: NumericGrid }).grid.values : undefined, 'one first window\'s values for all');
      }
      const first = out.windows.get('w1')!.get(p)![0];
      assert.deepEqual(values(first.kind === 'grid' ? first.grid.values : undefined), sorted(bucketValues(data[j]![0]!, rg, [...refWanted])), `${columns[j]} first window`);
    });
  });

  it('stores the windows\' values in the kept memory it has read: the kept column\'s over its own values, the streamed column\'s in what is left', async () => {
    const { s, kept } = state();
    // KeptValues' one block of every window's values (private: the same field before and after this change).
    const block = (kept as unknown as { block: Float64Array }).block.buffer;
    const out = await windowPassSamples(plans, s);
    for (const j of [0, 2]) {
      for (let i = 1; i < rows.length; i++) {
        const cur = out.windows.get(`w${i}`)!.get(plans[j]!)![1];
        const arrays = cur.kind === 'grid' ? [...cur.grid.values!.values()] : [];
        assert.ok(arrays.length > 0, `${columns[j]} window ${i} has values`);
        for (const v of arrays) assert.equal(v.buffer, block, `${columns[j]} window ${i}`);
      }
    }
  });

  it('a streamed column with more values than pass 1 counted: GridMismatchError (the data changed between the passes)', async () => {
    const { s } = state(50);
    await assert.rejects(windowPassSamples(plans, s), GridMismatchError);
  });
});
