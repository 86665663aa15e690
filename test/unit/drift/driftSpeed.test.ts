import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { openDriftDatasets } from '../../../src/core/drift/openDriftDatasets';
import { runDrift } from '../../../src/core/drift/runDrift';

/**
 * Issue 18, drift 1M vs 1M CSV ≥ 5× the pandas + scipy peer: what the run does to get there, observed through
 * the statements it sends (observeStatements), on a small pair with NULLs, categories and a column equal value
 * for value on both sides (the edited-copy case).
 */
describe('drift speed: loading and passes', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-drift-speed-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** 3,000 rows: x shifted on the current side, y identical on both (other row order), a category, NULLs. */
  function csv(name: string, shift: number): string {
    const lines = ['x,y,cat,n'];
    for (let k = 0; k < 3000; k++) {
      const i = shift ? 2999 - k : k;
      const x = ((i * 7919) % 3001) / 100 + shift + (i % 7) / 1000;
      const y = ((i * 104729) % 2003) / 37;
      lines.push(`${i % 50 === 0 ? '' : x.toFixed(3)},${y.toFixed(6)},${'abcd'[(i + shift * (i % 3)) % 4]},${i % 11 === 0 ? '' : i % 13}`);
    }
    const p = join(dir, name);
    writeFileSync(p, `${lines.join('\n')}\n`);
    return p;
  }

  it('loads the reference and the current file at once (the second sniff before the first table is described)', async () => {
    const files = [csv('ref.csv', 0), csv('cur.csv', 1)];
    const engine = await Engine.create({ threads: 2 });
    const sql: string[] = [];
    try {
      observeStatements((s) => sql.push(s));
      const ds = await openDriftDatasets(engine, files);
      observeStatements(undefined);
      const sniffs = sql.flatMap((s, i) => (/sniff_csv/.test(s) ? [i] : []));
      // A table is described (describeColumns.ts) by looking it up by name in the catalog: the first statement that
      // names a loaded table as a value, whatever catalog function it asks, is the first describe.
      const names = ds.map((d) => `'${d.relation.replace(/"/g, '')}'`);
      const firstDescribe = sql.findIndex((s) => names.some((n) => s.includes(n)));
      assert.equal(sniffs.length, 2, sql.join('\n'));
      assert.ok(firstDescribe > 0);
      // Loaded one after the other, the first file's table was described before the second file was sniffed.
      assert.ok(sniffs[1]! < firstDescribe, `statements in order:\n${sql.map((s) => s.slice(0, 80)).join('\n')}`);
      assert.deepEqual(ds.map((d) => d.rows), [3000, 3000]);
      const report = await runDrift(engine, ds[0]!, ds[1], {});
      assert.deepEqual(report.columns.map((c) => c.column), ['x', 'y', 'cat', 'n']);
      assert.equal(report.columns.find((c) => c.column === 'y')!.score, 0);
      assert.ok(report.columns.find((c) => c.column === 'x')!.drifted);
      for (const d of ds) await d.release();
    } finally {
      observeStatements(undefined);
      engine.close();
    }
  });

  it('a file that fails to load releases the one that loaded, and its error is the one thrown', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const missing = join(dir, 'missing.csv');
      assert.ok(!existsSync(missing));
      await assert.rejects(openDriftDatasets(engine, [csv('ok.csv', 0), missing]), /missing\.csv/);
      const left = await engine.run(`SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal`);
      assert.deepEqual(left.filter((r) => /^ml_ds_/.test(String(r['table_name']))), []);
    } finally {
      engine.close();
    }
  });
  it('counts a big side\'s distinct values while the numeric grids are built (statements overlap), the same report', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      // 250,000 rows (above EXACT_DISTINCT_ROWS: distinct counts from hash samples, then exact where few).
      const files = [0, 1].map((shift) => join(dir, `big${shift}.parquet`));
      for (const [k, f] of files.entries()) {
        await engine.exec(`COPY (SELECT (hash(i, ${k}) % 100000) / 1000.0 + ${k * 3} AS x, 'c' || (hash(i, 9) % 5)::VARCHAR AS cat, CASE WHEN i % 9 = 0 THEN NULL ELSE (hash(i, 7) % 1000)::DOUBLE END AS y FROM range(250000) t(i)) TO '${f}' (FORMAT parquet)`);
      }
      const ds = await openDriftDatasets(engine, files);
      const sql: string[] = [];
      observeStatements((s) => sql.push(s));
      let report;
      try {
        report = await runDrift(engine, ds[0]!, ds[1], {});
      } finally {
        observeStatements(undefined);
      }
      const firstGridPass = sql.findIndex((s) => /::DOUBLE AS c0/.test(s));
      const lastDistinct = sql.map((s) => /count\(DISTINCT/i.test(s)).lastIndexOf(true);
      assert.ok(firstGridPass >= 0 && lastDistinct >= 0, sql.map((s) => s.slice(0, 80)).join('\n'));
      // One after the other, every distinct count came before the grids' pass.
      assert.ok(lastDistinct > firstGridPass, `statements in order:\n${sql.map((s) => s.slice(0, 80)).join('\n')}`);
      assert.deepEqual(report.columns.map((c) => [c.column, c.kind]), [['x', 'numeric'], ['cat', 'categorical'], ['y', 'numeric']]);
      assert.ok(report.columns[0]!.drifted);
      assert.equal(report.columns[1]!.score, 0);
      for (const d of ds) await d.release();
    } finally {
      engine.close();
    }
  });
});
