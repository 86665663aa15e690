import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { bucketGroupLimit } from '../../../src/core/drift/compareSides';
import { openDriftDatasets } from '../../../src/core/drift/openDriftDatasets';
import { runDrift } from '../../../src/core/drift/runDrift';

/**
 * Issue 18, wide drift (1,000 columns): the ambiguous buckets' values of many columns are read in one streamed
 * pass per side and group of columns, not by one filtered statement per column and side (750 of them, 63 CPU-s).
 */
describe('drift: ambiguous buckets of many columns read together', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-bucket-groups-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads six columns\' bucket values in one pass per side, with the same report as column by column', async () => {
    const engine = await Engine.create({ threads: 2 });
    const saved = { ...bucketGroupLimit };
    try {
      // 30,000 rows, six numeric columns of the same distributions on both sides (other draws): many ambiguous buckets.
      // Column a has NULLs, column f a NaN and an infinity (left out of the grid and of its values).
      const files = [0, 1].map((side) => join(dir, `side${side}.parquet`));
      for (const [side, f] of files.entries()) {
        const cols = ['a', 'b', 'c', 'd', 'e', 'f'].map((name, j) => `(hash(i, ${side}, ${j}) % 100000) / ${j + 7}.0 AS ${name}`);
        await engine.exec(`COPY (SELECT CASE WHEN i % 13 = 0 THEN NULL ELSE (hash(i, ${side}) % 5000) / 3.0 END AS a0, ${cols.slice(1, 5).join(', ')}, CASE WHEN i = 5 THEN 'NaN'::DOUBLE WHEN i = 6 THEN 'Infinity'::DOUBLE ELSE (hash(i, ${side}, 9) % 777) * 1.5 END AS f, 'k' || (i % 3)::VARCHAR AS g FROM range(30000) t(i)) TO '${f}' (FORMAT parquet)`);
      }
      const ds = await openDriftDatasets(engine, files);
      const run = async (columns: number, rows = saved.rows) => {
        Object.assign(bucketGroupLimit, { columns, rows });
        const sql: string[] = [];
        observeStatements((s) => sql.push(s));
        try {
          const report = await runDrift(engine, ds[0]!, ds[1], {});
          return { report, perColumn: sql.filter((s) => /get_bit\(/.test(s)).length, passes: sql.filter((s) => /^SELECT \("[a-z0-9]+"\)::DOUBLE AS c0, \("[a-z0-9]+"\)::DOUBLE AS c1/.test(s)).length };
        } finally {
          observeStatements(undefined);
        }
      };
      const alone = await run(1);
      const grouped = await run(64);
      // Column by column: one filtered statement per column and side with ambiguous buckets (at least two columns).
      assert.ok(alone.perColumn >= 4, `per-column statements: ${alone.perColumn}`);
      assert.equal(grouped.perColumn, 0);
      // Grouped: the two grid passes and one bucket-values pass per side, each over several columns.
      assert.equal(grouped.passes, 4);
      assert.equal(alone.passes, 2);
      assert.deepEqual(grouped.report, alone.report);
      // Sides with more rows than the limit (60,000 here) keep one statement per column.
      const big = await run(64, 59_999);
      assert.equal(big.perColumn, alone.perColumn);
      assert.equal(big.passes, 2);
      assert.deepEqual(big.report, alone.report);
      assert.deepEqual(grouped.report.columns.map((c) => c.column), ['a0', 'b', 'c', 'd', 'e', 'f', 'g']);
      for (const d of ds) await d.release();
    } finally {
      Object.assign(bucketGroupLimit, saved);
      engine.close();
    }
  });
});
