import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { categoryChanges } from '../../../src/core/drift/categoryChanges';
import { countColumns } from '../../../src/core/drift/countColumns';
import { categoryDistribution } from '../../../src/core/drift/distribution';
import { prepareCounts } from '../../../src/core/drift/prepareCounts';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import { toSource } from '../../../src/core/plan/target';
import { ascending, shuffled } from './countOrder';
import { mulberry32 } from '../../../src/core/random';

const inOrder = (m: Map<string, number>) => new Map([...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));

/**
 * Issue 18, wide drift: the grouped category counts come in key order, so that a test, its unseen categories and
 * its chart merge both sides' maps instead of sorting their union (43,000-category columns: 35 CPU-s of
 * JavaScript on 1,000 × 100k). The numbers must be those of the sort, whatever order the maps come in.
 */
describe('drift: category counts in key order', function () {
  this.timeout(120000);

  it('countColumns returns every side\'s categories in ascending key order', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      await engine.exec(`CREATE TABLE t AS SELECT 'note ' || (hash(i, 1) % 700)::VARCHAR || ' of ' || (hash(i, 2) % 9)::VARCHAR AS s, (hash(i, 3) % 400)::DOUBLE / 8 AS d, (hash(i, 4) % 3)::VARCHAR AS k FROM range(20000) t(i)`);
      const got = await countColumns(new DuckDbExecutor(engine), [toSource('t'), toSource('t')], [{ column: 's', numeric: false }, { column: 'd', numeric: true }, { column: 'k', numeric: false }], 20000);
      for (const [i, sides] of got.entries()) for (const m of sides) {
        assert.ok(m.size > 2, `column ${i}: ${m.size} categories`);
        assert.ok(ascending([...m.keys()]), `column ${i}: keys out of order: ${[...m.keys()].slice(0, 6).join(', ')}`);
      }
    } finally {
      engine.close();
    }
  });

  it('gives the numbers of the sorted union for maps in key order, in any order, and in an order JavaScript disagrees with', () => {
    const random = mulberry32(7);
    const ref = new Map<string, number>();
    const cur = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const k = `v${Math.floor(random() * 2500)}`;
      (random() < 0.5 ? ref : cur).set(k, 1 + Math.floor(random() * 50));
    }
    // Zero counts on one side, a key on both sides with zero, and keys whose UTF-8 (DuckDB) order differs from JavaScript's.
    ref.set('zero', 0);
    cur.set('zero', 0);
    ref.set('only-ref-zero', 0);
    cur.set('only-ref-zero', 4);
    ref.set('\uffff', 3);
    ref.set('\u{10000}', 5);
    cur.set('\u{10000}', 2);
    const expected = {
      prepared: prepareCounts({ kind: 'categorical', counts: shuffled(ref, 1) }, { kind: 'categorical', counts: shuffled(cur, 2) }, 'jensenshannon'),
      changes: categoryChanges(shuffled(ref, 3), shuffled(cur, 4), 10, 20),
      chart: categoryDistribution(shuffled(ref, 5), shuffled(cur, 6)),
    };
    assert.ok(ascending(expected.prepared.keys));
    const [r, c] = [inOrder(ref), inOrder(cur)];
    assert.ok(ascending([...r.keys()]) && ascending([...c.keys()]));
    assert.deepEqual(prepareCounts({ kind: 'categorical', counts: r }, { kind: 'categorical', counts: c }, 'jensenshannon'), expected.prepared);
    assert.deepEqual(categoryChanges(r, c, 10, 20), expected.changes);
    assert.deepEqual(categoryDistribution(r, c), expected.chart);
    // The same maps in byte order ('\u{10000}' before '\uffff'), as DuckDB would sort them: JavaScript's order is kept.
    const bytes = (m: Map<string, number>) => new Map([...m].sort((a, b) => Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0]))));
    assert.ok(!ascending([...bytes(ref).keys()]));
    assert.deepEqual(prepareCounts({ kind: 'categorical', counts: bytes(ref) }, { kind: 'categorical', counts: bytes(cur) }, 'jensenshannon'), expected.prepared);
    assert.deepEqual(categoryChanges(bytes(ref), bytes(cur), 10, 20), expected.changes);
    assert.deepEqual(categoryDistribution(bytes(ref), bytes(cur)), expected.chart);
    // One reference map against two current maps: each pair merged on its own.
    const other = new Map([['v1', 7], ['zz', 1]]);
    assert.deepEqual(categoryChanges(r, other, 0, 0), categoryChanges(shuffled(ref, 8), other, 0, 0));
    assert.deepEqual(categoryChanges(r, c, 10, 20), expected.changes);
  });
});
