import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { QUANTILE_KEYS, type DatasetProfile } from '../../../src/core/profile/types';
import { assertClose } from '../helpers';

/**
 * The profile against an independent reference: test/fixtures/profile/generate.py computes every number
 * with numpy/pandas. Tolerances: counts exact; statistics 1e-9 relative (1e-12 absolute floor near zero);
 * histogram edges 1e-12 relative and bin counts exact (numpy.histogram's bin rule).
 */
interface ExpectedColumn {
  name: string;
  kind: string;
  missing: number;
  missingPct: number;
  distinct: number;
  nonFinite?: number;
  min?: number | string | null;
  max?: number | string | null;
  mean?: number | null;
  std?: number | null;
  quantiles?: Record<string, number | null>;
  histogram?: { edges: number[]; counts: number[] } | null;
  top?: { value: string; count: number }[];
}
interface Expected { rows: number; columns: number; duplicateRows: number; columnProfiles: ExpectedColumn[] }

const FIXTURES = join(__dirname, '../../fixtures/profile');
const CASES: [string, string][] = [
  ['mixed.csv', join(FIXTURES, 'mixed.csv')],
  ['edge.csv', join(FIXTURES, 'edge.csv')],
  ['loans_reference.csv', join(__dirname, '../../../sample/loans_reference.csv')],
];

describe('profileDataset vs numpy/pandas reference', () => {
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine.close());

  for (const [name, file] of CASES) {
    describe(name, () => {
      let p: DatasetProfile;
      const exp = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.csv$/, '.expected.json')), 'utf8')) as Expected;
      before(async () => {
        const ds = await loadDataset(engine, file);
        p = await profileDataset(engine, ds);
        await ds.release();
      });

      it('counts rows, columns and duplicate rows', () => {
        assert.equal(p.rows, exp.rows);
        assert.equal(p.columnCount, exp.columns);
        assert.equal(p.duplicateRows, exp.duplicateRows);
      });

      for (const e of exp.columnProfiles) {
        it(`column ${JSON.stringify(e.name)}`, () => {
          const c = p.columns.find((x) => x.name === e.name);
          assert.ok(c, `column ${e.name} missing from the profile; have ${p.columns.map((x) => x.name).join(', ')}`);
          assert.equal(c.missing, e.missing, 'missing');
          assertClose(c.missingPct, e.missingPct, 1e-12, 1e-12, 'missingPct');
          assert.equal(c.distinct, e.distinct, 'distinct');
          if (e.kind === 'numeric' && c.kind !== 'identifier' && c.kind !== 'boolean') {
            const n = c.numeric;
            assert.ok(n, `${e.name}: expected numeric statistics (kind ${c.kind})`);
            assert.equal(n.nonFinite, e.nonFinite, 'nonFinite');
            for (const k of ['min', 'max', 'mean', 'std'] as const) assertClose(n[k], e[k] as number | null, 1e-9, 1e-12, k);
            for (const q of QUANTILE_KEYS) assertClose(n.quantiles[q], e.quantiles?.[q] ?? null, 1e-9, 1e-12, q);
            if (e.histogram) {
              assert.ok(n.histogram, 'histogram');
              assert.equal(n.histogram.edges.length, e.histogram.edges.length);
              e.histogram.edges.forEach((edge, i) => assertClose(n.histogram!.edges[i], edge, 1e-12, 1e-12, `edge ${i}`));
              assert.deepEqual(n.histogram.counts, e.histogram.counts, 'histogram counts');
            } else {
              assert.equal(n.histogram, null, 'no histogram without finite values');
            }
          }
          if (e.kind === 'date') {
            assert.equal(c.kind, 'datetime');
            assert.deepEqual(c.datetime, { min: e.min, max: e.max });
          }
          if (e.top && c.kind !== 'identifier') {
            assert.deepEqual((c.top ?? []).map(({ value, count }) => ({ value, count })), e.top.slice(0, 10), 'top values');
          }
        });
      }
    });
  }

  // Above the exact-size limit (forced here with exactRowLimit 0), numeric columns with few distinct values
  // take their quantiles and histogram from value counts: still numpy's numbers, to the same tolerances.
  for (const [name, file] of CASES) {
    it(`${name} with sketches: value-counted columns keep numpy's quantiles and histogram`, async () => {
      const exp = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.csv$/, '.expected.json')), 'utf8')) as Expected;
      const ds = await loadDataset(engine, file);
      const p = await profileDataset(engine, ds, { exactRowLimit: 0 });
      await ds.release();
      assert.equal(p.approximate, true);
      let checked = 0;
      for (const e of exp.columnProfiles) {
        const n = p.columns.find((x) => x.name === e.name)?.numeric;
        if (e.kind !== 'numeric' || !n || n.approximateQuantiles || !e.histogram) continue;
        for (const q of QUANTILE_KEYS) assertClose(n.quantiles[q], e.quantiles?.[q] ?? null, 1e-9, 1e-12, `${e.name} ${q}`);
        assert.deepEqual(n.histogram?.counts, e.histogram.counts, `${e.name} histogram counts`);
        checked++;
      }
      assert.ok(checked >= (name === 'loans_reference.csv' ? 4 : 1), `${checked} value-counted numeric columns`);
    });
  }

  it('reads the same sample in every supported format with identical statistics', async () => {
    const base = join(__dirname, '../../../sample');
    const profiles: DatasetProfile[] = [];
    for (const f of ['loans_reference.csv', 'loans_reference.tsv', 'loans_reference.parquet', 'loans_reference.arrow']) {
      const ds = await loadDataset(engine, join(base, f));
      profiles.push(await profileDataset(engine, ds));
      await ds.release();
    }
    const [csv, ...others] = profiles;
    for (const o of others) {
      assert.equal(o.rows, csv!.rows, `${o.format} rows`);
      for (const c of csv!.columns.filter((x) => x.numeric)) {
        const oc = o.columns.find((x) => x.name === c.name);
        assert.ok(oc?.numeric, `${o.format}: ${c.name} numeric`);
        assertClose(oc.numeric.mean, c.numeric!.mean, 1e-12, 1e-12, `${o.format} ${c.name} mean`);
        assert.equal(oc.missing, c.missing, `${o.format} ${c.name} missing`);
      }
    }
  });

  it('bins histograms as numpy does: values on edges, the closed last bin, a range whose edges repeat', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-hist-'));
    try {
      // k: 0…20 on 20 bins puts a value on every edge (numpy: bin i holds i, the closed last bin holds 19 and 20);
      // tiny: 1e15 and 1e15 + 2, whose 21 edges repeat in floating point (numpy: first and last bin);
      // nudge: 1.15 on 0.2…9.7 is edge 2, but trunc((1.15 − 0.2)·20/9.5) = 1, so numpy moves it up a bin
      // (here the profile counts that column again with the exact rule). All three expectations were
      // checked with numpy.histogram (Debian python3-numpy).
      const lines = ['k,tiny,nudge'];
      for (let i = 0; i < 400; i++) lines.push(`${i <= 20 ? i : 20 - (i % 21)},${i % 2 === 0 ? '1e15' : '1000000000000002'},${[0.2, 1.15, 9.7, 1.15][i % 4]}`);
      writeFileSync(join(dir, 'h.csv'), lines.join('\n') + '\n');
      const ds = await loadDataset(engine, join(dir, 'h.csv'));
      const p = await profileDataset(engine, ds);
      const hist = (name: string) => p.columns.find((c) => c.name === name)!.numeric!.histogram!;
      const perValue = new Array<number>(21).fill(0);
      for (let i = 0; i < 400; i++) perValue[i <= 20 ? i : 20 - (i % 21)]! += 1;
      assert.deepEqual(hist('k').counts, [...perValue.slice(0, 19), perValue[19]! + perValue[20]!]);
      assert.deepEqual(hist('tiny').counts, [200, ...new Array<number>(18).fill(0), 200]);
      assert.deepEqual(hist('nudge').counts, [100, 0, 200, ...new Array<number>(16).fill(0), 100]);
      await ds.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('profileDataset above the exact-size limit (250,000 rows)', () => {
  let engine: Engine;
  let dir: string;
  let p: DatasetProfile;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    dir = mkdtempSync(join(tmpdir(), 'ml-big-'));
    const file = join(dir, 'big.parquet');
    await engine.exec(`COPY (SELECT 'u' || i AS user_id, i % 40000 AS code, CASE WHEN i % 2 = 0 THEN 'Yes' ELSE 'No' END AS answer,
      i % 2 AS bit, i % 5 AS grade FROM range(250000) r(i)) TO '${file}' (FORMAT parquet)`);
    const ds = await loadDataset(engine, file);
    p = await profileDataset(engine, ds);
    await ds.release();
  });
  after(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const col = (name: string) => p.columns.find((c) => c.name === name)!;

  it('estimates the distinct count of high-cardinality columns and still finds the identifier', () => {
    assert.equal(p.approximate, true);
    const id = col('user_id');
    assert.equal(id.kind, 'identifier');
    assert.equal(id.approximateDistinct, true);
    // 1 in 64 of 250,000 values sampled: relative standard error ≈ 1.6%; allow four.
    assert.ok(Math.abs(id.distinct - 250000) <= 0.064 * 250000, `user_id distinct ${id.distinct}`);
    const code = col('code');
    assert.equal(code.approximateDistinct, true);
    assert.ok(Math.abs(code.distinct - 40000) <= 0.2 * 40000, `code distinct ${code.distinct}`);
    assert.equal(code.numeric?.approximateQuantiles, true);
  });

  it('counts low-cardinality columns exactly, so two-valued columns are booleans', () => {
    for (const [name, distinct] of [['answer', 2], ['bit', 2], ['grade', 5]] as const) {
      assert.equal(col(name).distinct, distinct, name);
      assert.equal(col(name).approximateDistinct, false, name);
    }
    assert.equal(col('answer').kind, 'boolean');
    assert.equal(col('bit').kind, 'boolean');
  });

  it('gives exact quantiles of a five-valued column (each value 50,000 times: numpy\'s linear rule lands on values)', () => {
    const g = col('grade').numeric!;
    assert.equal(g.approximateQuantiles, false);
    assert.deepEqual(g.quantiles, { p1: 0, p5: 0, p25: 1, p50: 2, p75: 3, p95: 4, p99: 4 });
    assert.deepEqual(g.histogram!.counts.filter((n) => n > 0), [50000, 50000, 50000, 50000, 50000]);
  });
});
