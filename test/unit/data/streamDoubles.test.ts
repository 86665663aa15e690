import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { quoteLiteral } from '../../../src/core/data/sql';
import { allValid, isValid, streamDoubles } from '../../../src/core/data/streamDoubles';

describe('streamDoubles: validity masks', function () {
  this.timeout(60000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-stream-doubles-'));
  const csv = join(dir, 'a.csv');
  const ROWS = 5000;
  const NULL_ROW = 3000;
  let engine: Engine;
  before(async () => {
    // Column a: no NULL; column b: one NULL (row NULL_ROW, past the first chunk).
    writeFileSync(csv, ['a,b', ...Array.from({ length: ROWS }, (_, i) => `${i / 4},${i === NULL_ROW ? '' : i}`)].join('\n'));
    engine = await Engine.create({ threads: 2 });
  });
  after(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('allValid reads exactly the first n bits', () => {
    const words = new Uint32Array([0xffffffff, 0x0000ffff]);
    assert.equal(allValid(words, 0), true);
    assert.equal(allValid(words, 32), true);
    assert.equal(allValid(words, 48), true);
    assert.equal(allValid(words, 49), false);
    words[0] = 0xfffffffe;
    assert.equal(allValid(words, 1), false);
    assert.equal(allValid(words, 32), false);
  });

  // DuckDB keeps a validity mask on a CSV's columns even when nothing is NULL; the chunk then reads as having no
  // mask (null), so the grids take their no-NULL path (GridBuilder.add, the grid pass's copy) for the same values.
  it('a CSV column without NULLs has no mask; a chunk holding a NULL keeps its mask, and only that chunk', async () => {
    const masks: [boolean, boolean, boolean][] = []; // a masked, b masked, chunk holds NULL_ROW
    const values: number[][] = [[], []];
    let row = 0;
    let nullsSeen = 0;
    await streamDoubles(engine, `read_csv(${quoteLiteral(csv)})`, ['a', 'b'], (cols, n) => {
      masks.push([cols[0]!.valid !== null, cols[1]!.valid !== null, row <= NULL_ROW && NULL_ROW < row + n]);
      for (let i = 0; i < n; i++, row++) {
        values[0]!.push(cols[0]!.values[i]!);
        if (isValid(cols[1]!.valid, i)) values[1]!.push(cols[1]!.values[i]!);
        else {
          nullsSeen++;
          assert.equal(row, NULL_ROW);
        }
      }
    });
    assert.equal(row, ROWS);
    assert.equal(nullsSeen, 1);
    assert.deepEqual(masks.map((m) => m[0]), masks.map(() => false));
    assert.ok(masks.length > 1);
    assert.deepEqual(masks.map((m) => m[1]), masks.map((m) => m[2]));
    assert.deepEqual(values[0], Array.from({ length: ROWS }, (_, i) => i / 4));
    assert.deepEqual(values[1], Array.from({ length: ROWS }, (_, i) => i).filter((i) => i !== NULL_ROW));
  });
});
