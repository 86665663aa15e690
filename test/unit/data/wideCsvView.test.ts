import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { profileDataset } from '../../../src/core/profile/profileDataset';

/**
 * Issue 18: a wide CSV too large for an engine table stays a view, and its conversion read (which finds the
 * rejects a load would) goes a group of columns at a time, sized by the memory limit: at 1 GB, all 10,000 columns
 * of a 10,000 × 10k file in one read ran out of memory. Here a 128 MB limit and one thread give groups of 488
 * columns, so a 1,200-column file is read in three groups; everything must equal the one-table load.
 */
describe('wide CSV view: the conversion read in column groups', function () {
  this.timeout(120000);
  const COLS = 1200;
  const ROWS = 40;
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-csv-view-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function wideCsv(name: string): string {
    const lines = [Array.from({ length: COLS }, (_, j) => `c${j}`).join(',')];
    for (let i = 0; i < ROWS; i++) {
      const cells = Array.from({ length: COLS }, (_, j) => (j % 3 === 0 ? String((i * 31 + j) % 17) : j % 3 === 1 ? 'xyz'[(i + j) % 3]! : (i % 4 === 0 ? '' : ((i * j) % 101) / 4).toString()));
      lines.push(cells.join(','));
    }
    const p = join(dir, name);
    writeFileSync(p, `${lines.join('\n')}\n`);
    return p;
  }

  it('a clean wide CSV read as a view in three column groups profiles to the numbers of the table load', async () => {
    const path = wideCsv('clean.csv');
    const small = await Engine.create({ memoryLimit: '128MB', threads: 1 });
    const big = await Engine.create({ memoryLimit: '4GB' });
    try {
      const view = await loadDataset(small, path, { allowFileView: true });
      assert.equal(view.fileView, true, 'stays a view at 128 MB');
      assert.equal(view.rows, ROWS);
      assert.equal(view.columns.length, COLS);
      const table = await loadDataset(big, path, { allowFileView: true });
      assert.equal(table.fileView, undefined, 'a table at 4 GB');
      const a = await profileDataset(small, view, {});
      const b = await profileDataset(big, table, {});
      assert.deepEqual(a, b);
    } finally {
      small.close();
      big.close();
    }
  });
});
