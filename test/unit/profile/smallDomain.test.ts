import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { profileDataset } from '../../../src/core/profile/profileDataset';

/**
 * Two-valued text columns get their lower-cased values from their own small plan (smallDomainPlan), not from
 * lower() of every text value in the first pass: boolean words in any case are booleans (Y/n: DuckDB's sniffer reads Yes/NO as BOOLEAN itself, so text it keeps), other pairs categories,
 * on the ordinary path and on the wide (column-batched first pass) path.
 */
describe('profile: small domain of two-valued text columns', () => {
  let dir: string;
  let engine: Engine;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ml-smalldomain-'));
    engine = await Engine.create();
  });
  after(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const extra of [0, 40]) {
    it(`finds Y/n booleans and leaves other pairs categorical (${extra ? 'wide' : 'narrow'} table)`, async () => {
      const header = ['answer', 'pair', 'three', ...Array.from({ length: extra }, (_x, j) => `x${j}`)];
      const lines = [header.join(',')];
      for (let i = 0; i < 60; i++) lines.push([i % 2 ? 'Y' : 'n', i % 2 ? 'red' : 'Blue', ['a', 'b', 'c'][i % 3], ...Array.from({ length: extra }, (_x, j) => String((i * (j + 1)) % 7))].join(','));
      const file = join(dir, `t${extra}.csv`);
      writeFileSync(file, lines.join('\n') + '\n');
      const p = await profileDataset(engine, await loadDataset(engine, file));
      const col = (name: string) => p.columns.find((c) => c.name === name)!;
      assert.equal(col('answer').type, 'VARCHAR'); // text, not the engine's BOOLEAN
      assert.equal(col('answer').distinct, 2);
      assert.equal(col('answer').kind, 'boolean');
      assert.equal(col('pair').distinct, 2);
      assert.equal(col('pair').kind, 'categorical');
      assert.equal(col('three').kind, 'categorical');
      assert.equal(p.columns.length, header.length);
    });
  }
});
