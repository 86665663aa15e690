import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { DEFAULT_EXACT_ROW_LIMIT, profileDataset } from '../../../src/core/profile/profileDataset';
import { QUANTILE_KEYS, QUANTILE_LEVELS } from '../../../src/core/profile/types';
import { mulberry32 } from '../../../src/core/stats/mulberry32';
import { assertClose } from '../helpers';

/** numpy.quantile(x, p) with the default 'linear' method, by sorting (the independent reference). */
function numpyLinear(x: number[], p: number): number {
  const s = [...x].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (h - lo);
}

describe('profile quantiles above the exact-size limit (fine buckets, then the values around each order statistic)', function () {
  this.timeout(60000);
  let engine: Engine;
  let dir: string;
  before(async () => {
    engine = await Engine.create();
    dir = mkdtempSync(join(tmpdir(), 'ml-quant-'));
  });
  after(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('equal numpy on continuous, heavy-tailed, integer and NaN/inf-laden columns of 250k rows (1e-12)', async () => {
    const rnd = mulberry32(5);
    const normal = () => Math.sqrt(-2 * Math.log(rnd() || 1e-300)) * Math.cos(2 * Math.PI * rnd());
    const n = DEFAULT_EXACT_ROW_LIMIT + 50_000;
    const cols: Record<string, (string | number)[]> = { normal: [], lognormal: [], ints: [], dirty: [] };
    for (let i = 0; i < n; i++) {
      cols['normal']!.push(normal() * 3 + 100);
      cols['lognormal']!.push(Math.exp(2 * normal()));
      cols['ints']!.push(Math.floor(rnd() * 7));
      cols['dirty']!.push(i % 101 === 0 ? 'nan' : i % 103 === 0 ? 'inf' : i % 107 === 0 ? '' : Math.round(normal() * 1000) / 10);
    }
    const names = Object.keys(cols);
    writeFileSync(join(dir, 'q.csv'), `${names.join(',')}\n${Array.from({ length: n }, (_, i) => names.map((c) => cols[c]![i]).join(',')).join('\n')}\n`);
    const ds = await loadDataset(engine, join(dir, 'q.csv'));
    const p = await profileDataset(engine, ds);
    await ds.release();
    assert.equal(p.approximate, true, 'above the limit: distinct counts are sketches');
    for (const name of names) {
      const c = p.columns.find((x) => x.name === name)!;
      const values = cols[name]!.filter((v): v is number => typeof v === 'number');
      for (const k of QUANTILE_KEYS) assertClose(c.numeric?.quantiles[k], numpyLinear(values, QUANTILE_LEVELS[k]), 1e-12, 1e-12, `${name} ${k}`);
    }
  });
});
