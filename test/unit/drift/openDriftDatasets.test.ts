import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { openDriftDatasets } from '../../../src/core/drift/openDriftDatasets';
import { runDrift } from '../../../src/core/drift/runDrift';

/**
 * Issue 18: drift opens its files through openDriftDatasets (CLI and editor alike), so a wide CSV too large for
 * an engine table stays a view over the file (its dialect sniffed once); the report equals the one from tables.
 */
describe('drift of a wide CSV kept as a view over the file', function () {
  this.timeout(600000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-drift-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function wideCsv(name: string, shift: number): string {
    const names = [...Array.from({ length: 150 }, (_, j) => `f${j}`), '__proto__', 'x "q"'];
    const lines = [names.map((n) => `"${n.replace(/"/g, '""')}"`).join(',')];
    for (let i = 0; i < 400; i++) {
      lines.push(names.map((_, j) => (j % 3 === 0 ? 'abc'[(i * (j + 1) + shift) % 3]! : (((i * 37 + j * 11) % 101) / 10 + shift * (j % 2)).toFixed(2))).join(','));
    }
    const p = join(dir, name);
    writeFileSync(p, `${lines.join('\n')}\n`);
    return p;
  }

  it('the reference and current views drift exactly as their tables do', async () => {
    const files = [wideCsv('ref.csv', 0), wideCsv('cur.csv', 1)];
    const small = await Engine.create({ memoryLimit: '256MB', threads: 1 });
    const big = await Engine.create({ memoryLimit: '4GB', threads: 1 });
    try {
      const views = await openDriftDatasets(small, files);
      const tables = await openDriftDatasets(big, files);
      assert.deepEqual(views.map((d) => d.fileView), [true, true]);
      assert.deepEqual(tables.map((d) => d.fileView), [undefined, undefined]);
      const a = await runDrift(small, views[0]!, views[1], {});
      const b = await runDrift(big, tables[0]!, tables[1], {});
      assert.equal(a.columns.length, 152);
      assert.ok(a.dataset.driftedColumns > 0);
      assert.deepEqual(a, b);
      for (const d of [...views, ...tables]) await d.release();
    } finally {
      small.close();
      big.close();
    }
  });
});
