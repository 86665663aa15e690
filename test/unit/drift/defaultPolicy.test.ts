// Issue 17, item 4: the default-test policy and the tests' applicability agree by construction. Regression: with a
// reference of ≤ 1,000 rows, a numeric column of 3–5 values chose chisquare (and of ≤ 2 values z), which then refused
// the numeric column: `drift f.csv f.csv` on a 10-row file exited 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { DEFAULT_TEST_RULES, defaultTest } from '../../../src/core/drift/defaultTest';
import { DRIFT_TESTS, getDriftTest } from '../../../src/core/drift/registry';
import { runDrift } from '../../../src/core/drift/runDrift';
import type { ColumnKind } from '../../../src/core/drift/types';
import { predictionChanges } from '../../../src/core/versions/predictionChanges';
import { assertClose } from './fixtureData';

const root = join(__dirname, '../../..');
const KINDS: ColumnKind[] = ['numeric', 'categorical', 'boolean'];
const SIZES = [0, 1, 2, 10, 999, 1000, 1001, 5000, 1_000_000, 1e9];
const CARDINALITIES = [0, 1, 2, 3, 4, 5, 6, 7, 10, 100, 1000, 1e6, 1e9];

describe('default drift test policy: applicability by construction (issue 17, item 4)', () => {
  it('for every kind × reference size × cardinality the chosen test is registered and applies to what it is given', () => {
    let cases = 0;
    for (const kind of KINDS) {
      for (const n of SIZES) {
        for (const u of CARDINALITIES) {
          const c = defaultTest(kind, n, u);
          const what = `${kind}, n=${n}, n_unique=${u} → ${c.testId}`;
          assert.equal(getDriftTest(c.testId), c.test, `${what}: the registered test`);
          assert.ok(c.test.appliesTo.includes(c.compareAs), `${what}: applies to ${c.compareAs}`);
          assert.ok(c.compareAs === kind || (kind === 'numeric' && c.compareAs === 'categorical' && u <= 5 && n <= 1000), `${what}: compared as ${c.compareAs}`);
          assert.equal(c.threshold, c.test.scoreKind === 'pValue' ? 0.05 : 0.1, `${what}: threshold`);
          cases++;
        }
      }
    }
    assert.equal(cases, KINDS.length * SIZES.length * CARDINALITIES.length);
  });

  it('every policy row names a test of the registry', () => {
    for (const r of DEFAULT_TEST_RULES) assert.ok(DRIFT_TESTS.includes(r.test), r.test.id);
  });

  it('`drift f.csv f.csv` on the 10-row example compares the 3-value numeric column with chisquare (exit 0)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-drift-small-'));
    const f = join(dir, 'f.csv');
    writeFileSync(f, 'x,y\n1,1\n2,2\n3,3\n1,4\n1,5\n2,6\n3,7\n1,8\n2,9\n3,10\n');
    const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
    const r = spawnSync(process.execPath, [...entry, 'drift', f, f], { cwd: root, encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { columns: Array<{ column: string; test: string; pValue: number; drifted: boolean }> };
    const x = report.columns.find((c) => c.column === 'x')!;
    assert.deepEqual([x.test, x.pValue, x.drifted], ['chisquare', 1, false]);
  });

  describe('small files with few-valued numeric columns (vs scipy: test/fixtures/drift/small/generate.py)', function () {
    this.timeout(60000);
    const dir = join(root, 'test/fixtures/drift/small');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, { test: string; statistic: number; pValue: number }>;

    it('x (3 values) by chisquare, two (2 values) by z, y by ks, each as scipy computes it', async () => {
      const engine = await Engine.create({ threads: 1 });
      try {
        const ref = await loadDataset(engine, join(dir, 'reference.csv'));
        const cur = await loadDataset(engine, join(dir, 'current.csv'));
        const report = await runDrift(engine, ref, cur, {});
        for (const [column, e] of Object.entries(expected)) {
          const c = report.columns.find((x) => x.column === column);
          assert.ok(c, column);
          assert.equal(c.test, e.test, `${column}: test`);
          assertClose(Math.abs(c.statistic ?? NaN), Math.abs(e.statistic), 1e-9, 0, `${column}: statistic`);
          assertClose(c.pValue ?? NaN, e.pValue, 1e-6, 0, `${column}: p-value`);
        }
      } finally {
        engine.close();
      }
    });

    it('every kind × few cardinalities on a small and a large reference runs its default test without error', async () => {
      const engine = await Engine.create({ threads: 1 });
      const tmp = mkdtempSync(join(tmpdir(), 'ml-drift-kinds-'));
      try {
        for (const rows of [10, 1200]) {
          // Columns: numeric with 1, 2, 3, 5, 6 values; text categories with 1, 2, 3 values; true/false.
          const header = ['n1', 'n2', 'n3', 'n5', 'n6', 'c1', 'c2', 'c3', 'b'];
          const line = (i: number) => [7, i % 2, i % 3, i % 5, i % 6, 'a', `k${i % 2}`, `k${i % 3}`, i % 2 === 0].join(',');
          const file = join(tmp, `kinds_${rows}.csv`);
          writeFileSync(file, `${header.join(',')}\n${Array.from({ length: rows }, (_, i) => line(i)).join('\n')}\n`);
          const ds = await loadDataset(engine, file);
          const report = await runDrift(engine, ds, ds, {});
          for (const c of report.columns) {
            assert.equal(c.details.error, undefined, `${rows} rows, ${c.column}: ${String(c.details.error)}`);
            assert.equal(c.drifted, false, `${rows} rows, ${c.column} (${c.test}) against itself`);
          }
          assert.ok(report.columns.length >= 8, `${rows} rows: ${report.columns.map((c) => c.column).join(', ')}`);
        }
      } finally {
        engine.close();
      }
    });
  });

  it('model diff: a model with three distinct outputs on 10 rows compares them by chisquare (was WRONG_SAMPLE_KIND)', () => {
    const a = Float64Array.from([0.1, 0.5, 0.9, 0.1, 0.1, 0.5, 0.9, 0.1, 0.5, 0.9]);
    const b = Float64Array.from([0.1, 0.1, 0.1, 0.1, 0.5, 0.5, 0.9, 0.9, 0.9, 0.9]);
    const r = predictionChanges('regression', a, b, 1, 10);
    assert.equal(r.drift.test, 'chisquare');
    // scipy.stats.chisquare([4, 2, 4], [4, 3, 3]) = (0.6666…, 0.7165…)
    assertClose(r.drift.statistic, 2 / 3, 1e-12, 0, 'statistic');
    assertClose(r.drift.pValue ?? NaN, Math.exp(-1 / 3), 1e-12, 0, 'p-value (df 2: e^(−χ²/2))');
  });
});
