import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Engine } from '../../../src/core/data/engine';
import { categoryChanges } from '../../../src/core/drift/categoryChanges';
import { countColumns } from '../../../src/core/drift/countColumns';
import { categoryDistribution } from '../../../src/core/drift/distribution';
import { mergedCounts, unionSize } from '../../../src/core/drift/mergedCounts';
import { prepareCounts } from '../../../src/core/drift/prepareCounts';
import { SortedCounts } from '../../../src/core/drift/sortedCounts';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import { toSource } from '../../../src/core/plan/target';
import { ascending, shuffled } from './countOrder';
import { mulberry32 } from '../../../src/core/random';

/** Two sides' random counts with keys whose UTF-8 (DuckDB) order differs from JavaScript's, shared prefixes and an empty key. */
function sides(seed: number): [Map<string, number>, Map<string, number>] {
  const random = mulberry32(seed);
  const ref = new Map<string, number>();
  const cur = new Map<string, number>();
  const tricky = ['', 'a', 'ab', 'a\u0000', 'a b', '\uffff', '\u{10000}', '\u{10000}x', 'é', 'e\u0301', 'Z', 'z', '10', '9'];
  for (let i = 0; i < 4000; i++) {
    const k = random() < 0.05 ? tricky[Math.floor(random() * tricky.length)]! : `v${Math.floor(random() * 3000)}${random() < 0.3 ? ' long category name' : ''}`;
    (random() < 0.5 ? ref : cur).set(k, 1 + Math.floor(random() * 50));
  }
  return [ref, cur];
}

/**
 * Issue 18, wide drift memory: category counts as sorted columns (SortedCounts: the keys in one string, the counts
 * in a Float64Array) instead of Maps whose keys were slices of DuckDB's answer (8.6M categories of a 1,000 × 100k
 * drift: ~1 GB of heap, 1,996 MiB peak RSS against a 1.5 GiB budget). Every number must be the Maps' one.
 */
describe('drift: category counts as sorted columns', function () {
  this.timeout(120000);

  it('SortedCounts answers as the Map it was made from, keys in ascending order', () => {
    const [ref] = sides(3);
    const s = SortedCounts.from(shuffled(ref, 1));
    assert.equal(s.size, ref.size);
    assert.ok(ascending([...s.keys()]));
    assert.deepEqual([...s], [...ref].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    for (const [k, n] of ref) assert.equal(s.get(k), n, k);
    for (const k of ['v', 'v30000', '\u{10001}', 'a\u0000\u0000', ' ']) assert.equal(s.get(k), ref.get(k), k);
    assert.equal(s.has(''), ref.has(''));
    assert.equal(s.total(), [...ref.values()].reduce((a, b) => a + b, 0));
  });

  it('fromPairs: records as DuckDB joins them (count:key), sorted into JavaScript order; a key holding the separator or a bad count is refused', () => {
    // DuckDB orders by UTF-8 bytes: '\u{10000}' (F0 …) after '\uffff' (EF …); JavaScript compares UTF-16 units.
    const got = SortedCounts.fromPairs(['4:', '1:a', '2:\uffff', '3:\u{10000}'].join('\u001e'), 4)!;
    assert.deepEqual([...got], [['', 4], ['a', 1], ['\u{10000}', 3], ['\uffff', 2]]);
    assert.deepEqual([...SortedCounts.fromPairs('10:a:b\u001e2:c', 2)!], [['a:b', 10], ['c', 2]], 'a key may hold the colon');
    assert.equal(SortedCounts.fromPairs('1:a\u001e2:b\u001ec', 2), undefined, 'a key holding the separator: three records for two');
    assert.equal(SortedCounts.fromPairs('1:a\u001ex:b', 2), undefined);
    assert.equal(SortedCounts.fromPairs('1:a', 2), undefined, 'fewer records than categories');
    assert.equal(SortedCounts.fromPairs('1a\u001e2:b', 2), undefined, 'no colon after the count');
    assert.equal(SortedCounts.fromPairs('1234567890123456:a', 1), undefined, 'more digits than a double holds exactly');
    assert.deepEqual([...SortedCounts.fromPairs('7:', 1)!], [['', 7]]);
  });

  it('merged, prepared, changed and charted as the Maps in any order', () => {
    for (const seed of [1, 2, 3]) {
      const [ref, cur] = sides(seed);
      const [r, c] = [SortedCounts.from(ref), SortedCounts.from(cur)];
      const [mr, mc] = [shuffled(ref, seed + 10), shuffled(cur, seed + 20)];
      assert.equal(unionSize(r, c), new Set([...ref.keys(), ...cur.keys()]).size);
      assert.deepEqual(mergedCounts(r, c), mergedCounts(mr, mc));
      assert.deepEqual(prepareCounts({ kind: 'categorical', counts: r }, { kind: 'categorical', counts: c }, 'chisquare'), prepareCounts({ kind: 'categorical', counts: mr }, { kind: 'categorical', counts: mc }, 'chisquare'));
      assert.deepEqual(categoryChanges(r, c, 3, 5), categoryChanges(mr, mc, 3, 5));
      assert.deepEqual(categoryDistribution(r, c), categoryDistribution(mr, mc));
      // One side a SortedCounts, the other a Map (a time window's counts): the same.
      assert.deepEqual(categoryChanges(r, mc, 3, 5), categoryChanges(mr, mc, 3, 5));
    }
    assert.throws(() => prepareCounts({ kind: 'categorical', counts: SortedCounts.from([['a', 1], ['b', -1]]) }, { kind: 'categorical', counts: SortedCounts.from([['a', 1]]) }, 'psi'), /category 'b' in the reference sample has count -1/);
  });

  it('countColumns keeps each side\'s keys in one string and the counts in a Float64Array, not a Map of slices', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      await engine.exec(`CREATE TABLE t AS SELECT 'note ' || (hash(i, 1) % 700)::VARCHAR || ' of ' || (hash(i, 2) % 9)::VARCHAR AS s, (hash(i, 3) % 400)::DOUBLE / 8 AS d, (hash(i, 4) % 3)::VARCHAR AS k FROM range(20000) t(i)`);
      const got = await countColumns(new DuckDbExecutor(engine), [toSource('t'), toSource('t')], [{ column: 's', numeric: false }, { column: 'd', numeric: true }, { column: 'k', numeric: false }], 20000);
      for (const sidesOf of got) for (const m of sidesOf) {
        assert.ok(m instanceof SortedCounts, 'a SortedCounts');
        assert.ok(m.counts instanceof Float64Array && m.starts instanceof Int32Array);
        // The text holds this column's records ('count:key', one separator between two) and nothing of DuckDB's other columns.
        assert.ok(m.ends instanceof Int32Array);
        assert.equal(m.text.length, [...m].reduce((s, [k, n]) => s + String(n).length + 1 + k.length, 0) + m.size - 1);
        assert.equal(m.total(), 20000);
      }
    } finally {
      engine.close();
    }
  });

  it('keeps only the last pair\'s merge, not every column\'s for as long as the counts live', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const [ref, cur] = sides(5);
    // Counts alive for the whole run (as the column plans hold them), merged one column after the other.
    const first = [SortedCounts.from(ref), SortedCounts.from(cur)] as const;
    const second = [SortedCounts.from(cur), SortedCounts.from(ref)] as const;
    const merged = new WeakRef(mergedCounts(first[0], first[1]));
    assert.equal(mergedCounts(first[0], first[1]), merged.deref(), 'merged once per pair');
    mergedCounts(second[0], second[1]);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.equal(merged.deref(), undefined, 'the first column\'s merge is garbage once the next one is merged');
    assert.ok(first[0].size && second[0].size);
  });
});
