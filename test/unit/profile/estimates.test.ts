import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import type { Dataset } from '../../../src/core/data/dataset';
import { asExecutor } from '../../../src/core/plan/target';
import { duplicateSamplePlan, DUPLICATE_SAMPLE_RATE, estimateDuplicates, repeatedRowsBound } from '../../../src/core/profile/duplicateEstimate';
import { DEFAULT_EXACT_ROW_LIMIT, profileDataset } from '../../../src/core/profile/profileDataset';
import { REFINE_ABOVE } from '../../../src/core/profile/fineBins';
import { profileToMarkdown } from '../../../src/core/profile/profileMarkdown';
import { QUANTILE_KEYS, QUANTILE_LEVELS } from '../../../src/core/profile/types';

/**
 * Issue 18: above the exact-size limit, duplicate rows are estimated (a hash sample of distinct rows) and
 * quantiles of high-cardinality numeric columns come from fine bins with a computed rank bound (fineBins.ts). Each estimate states its error; here the
 * estimates are checked against exact values (the same engine's exact count DISTINCT and the empirical ranks)
 * on generated data, within that stated error.
 */
describe('profile estimates above the exact-size limit', function () {
  this.timeout(120_000);
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    // 280,000 rows: 240,000 distinct rows, of which 20,000 appear twice and 5,000 five times → 40,000 duplicates
    // (a hash-derived salt column s makes each of the 20 variants below a different sample).
    await engine.exec(`CREATE TABLE base AS SELECT i AS id, (hash(i, 1) % 1000000)::DOUBLE / 7 AS x, ['a', 'b', 'c'][1 + (i % 3)::INTEGER] AS c FROM range(240000) r(i)`);
    await engine.exec(`CREATE TABLE dup AS SELECT * FROM base UNION ALL SELECT * FROM base WHERE id < 20000 UNION ALL SELECT b.* FROM base b, range(4) k WHERE id >= 20000 AND id < 25000`);
  });
  after(() => engine.close());

  const ds = (relation: string, rows: number, columns: { name: string; type: string }[]): Dataset => ({ path: relation, format: 'parquet', relation, columns, rows, issues: [], release: async () => undefined });

  it('estimates duplicate rows within the stated standard error (20 independent samples)', async () => {
    const exec = asExecutor(engine);
    const exact = 40_000;
    const z: number[] = [];
    for (let salt = 0; salt < 20; salt++) {
      const rel = `(SELECT *, ${salt} AS s FROM dup)`;
      const e = estimateDuplicates(await exec.run(duplicateSamplePlan({ kind: 'relation', relation: rel }, [{ name: 'id', type: 'BIGINT' }, { name: 'x', type: 'DOUBLE' }, { name: 'c', type: 'VARCHAR' }, { name: 's', type: 'INTEGER' }])));
      assert.ok(e.relativeError !== null && e.relativeError < 0.1, `relative error ${e.relativeError}`);
      z.push((e.value - exact) / e.standardError);
    }
    // The standard error is honest: every estimate within 3.5 of them, most within one (68% for a normal error).
    assert.ok(z.every((v) => Math.abs(v) <= 3.5), `z-scores ${z.map((v) => v.toFixed(2)).join(' ')}`);
    assert.ok(z.filter((v) => Math.abs(v) <= 1).length >= 10, `z-scores ${z.map((v) => v.toFixed(2)).join(' ')}`);
    assert.ok(Math.abs(z.reduce((a, b) => a + b, 0) / z.length) < 1, 'no bias beyond noise');
  });

  it('estimates no duplicates on distinct rows, with the 95% bound for what a sample can miss', async () => {
    const e = estimateDuplicates(await asExecutor(engine).run(duplicateSamplePlan({ kind: 'relation', relation: 'base' }, [{ name: 'id', type: 'BIGINT' }])));
    assert.deepEqual(e, { value: 0, standardError: 0, relativeError: null, sampleRate: DUPLICATE_SAMPLE_RATE });
    assert.equal(repeatedRowsBound(16), 47); // (15/16)^47 = 0.048 ≤ 0.05 < (15/16)^46
  });

  it('flags the estimate in the report and its Markdown; --exact (exactRowLimit) gives the exact count unflagged', async () => {
    const columns = [{ name: 'id', type: 'BIGINT' }, { name: 'x', type: 'DOUBLE' }, { name: 'c', type: 'VARCHAR' }];
    const est = await profileDataset(engine, ds('dup', 280_000, columns));
    assert.ok(280_000 > DEFAULT_EXACT_ROW_LIMIT);
    const e = est.duplicateRowsEstimate!;
    assert.equal(e.sampleRate, 16);
    assert.ok(Math.abs(est.duplicateRows - 40_000) <= 4 * e.standardError, `${est.duplicateRows} ± ${e.standardError}`);
    const md = profileToMarkdown(est);
    assert.match(md, new RegExp(`- Duplicate rows: ≈ ${est.duplicateRows}, estimated \\(±\\d+(\\.\\d+)?%\\)`));
    assert.match(md, /\| x ≈ estimated \(±0\.0\d+% of rows in rank\) \|/);
    assert.match(md, /\| id \| numeric \| BIGINT \| 0 \| 0 \| ≈ \d+, estimated \(±\d(\.\d+)?%\) \|/);
    const exact = await profileDataset(engine, ds('dup', 280_000, columns), { exactRowLimit: Number.MAX_SAFE_INTEGER });
    assert.equal(exact.duplicateRows, 40_000);
    assert.equal(exact.duplicateRowsEstimate, undefined);
    assert.equal(exact.approximate, false);
    assert.ok(exact.columns.every((c) => !c.approximateDistinct && c.distinctRelativeError === undefined && !c.numeric?.approximateQuantiles && c.numeric?.quantileRankError === undefined));
    assert.match(profileToMarkdown(exact), /- Duplicate rows: 40000\n/);
  });

  it('keeps estimated quantiles within their stated rank bound (≤ REFINE_ABOVE after refinement) of the exact ones', async () => {
    await engine.exec(`CREATE TABLE q AS SELECT sqrt(-2 * ln((hash(i, 2) % 1000000 + 1) / 1000001)) * cos(2 * pi() * (hash(i, 3) % 1000000) / 1000000) AS normal,
      exp(3 * ((hash(i, 4) % 1000000) / 1000000 - 0.5)) AS skewed, (hash(i, 5) % 100000)::BIGINT AS ints,
      CASE WHEN i % 10 = 0 THEN 1000 * (hash(i, 6) % 100000) ELSE (hash(i, 6) % 100000) / 100000 END::DOUBLE AS mixture FROM range(250000) r(i)`);
    const cols = ['normal', 'skewed', 'ints', 'mixture'];
    const p = await profileDataset(engine, ds('q', 250_000, cols.map((name) => ({ name, type: name === 'ints' ? 'BIGINT' : 'DOUBLE' }))));
    const levels = QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]);
    // Histograms above the limit (unions of fine bins, numpy's edge rule checked) equal the exact profile's.
    const exactProfile = await profileDataset(engine, ds('q', 250_000, cols.map((name) => ({ name, type: name === 'ints' ? 'BIGINT' : 'DOUBLE' }))), { exactRowLimit: Number.MAX_SAFE_INTEGER });
    p.columns.forEach((c, i) => assert.deepEqual(c.numeric?.histogram, exactProfile.columns[i]!.numeric?.histogram, c.name));
    for (const name of cols) {
      const n = p.columns.find((c) => c.name === name)!.numeric!;
      if (!n.approximateQuantiles) {
        // Every level exact (each order statistic the first or last value of its bin): numpy's values.
        assert.equal(n.quantileRankError, undefined, name);
        const exact = (await engine.run(`SELECT quantile_cont("${name}", [${levels.join(', ')}]) AS q FROM q`))[0]!['q'] as number[];
        QUANTILE_KEYS.forEach((k, i) => assert.ok(Math.abs(n.quantiles[k]! - exact[i]!) <= 1e-12 * Math.abs(exact[i]!), `${name} ${k}: ${n.quantiles[k]} vs ${exact[i]}`));
        continue;
      }
      const bound = n.quantileRankError!;
      // The mixture's first fine bins hold 90% of the rows: it is refined (two more rounds) to the same bound.
      assert.ok(bound > 0 && bound <= REFINE_ABOVE, `${name}: bound ${bound}`);
      const sel = QUANTILE_KEYS.map((k, i) => `count(*) FILTER (WHERE "${name}" < ${n.quantiles[k]}) AS lt${i}, count(*) FILTER (WHERE "${name}" <= ${n.quantiles[k]}) AS le${i}`).join(', ');
      const r = (await engine.run(`SELECT ${sel} FROM q`))[0]!;
      QUANTILE_KEYS.forEach((k, i) => {
        const level = QUANTILE_LEVELS[k];
        const lt = Number(r[`lt${i}`]) / 250_000;
        const le = Number(r[`le${i}`]) / 250_000;
        assert.ok(lt <= level + bound && le >= level - bound, `${name} ${k}: ranks [${lt}, ${le}] vs ${level} ± ${bound}`);
      });
    }
  });

  it('changes nothing below the limit: no estimate fields, exact duplicates', async () => {
    const p = await profileDataset(engine, ds('(SELECT * FROM dup WHERE id < 30000)', 50_000, [{ name: 'id', type: 'BIGINT' }, { name: 'x', type: 'DOUBLE' }]));
    assert.equal(p.approximate, false);
    assert.equal(p.duplicateRows, 20_000 + 4 * 5_000);
    assert.ok(!('duplicateRowsEstimate' in p));
    assert.ok(p.columns.every((c) => !('distinctRelativeError' in c) && !(c.numeric && 'quantileRankError' in c.numeric)));
  });
});
