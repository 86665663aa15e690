import assert from 'node:assert/strict';
import type { ColumnInfo } from '../../../src/core/data/dataset';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { scanSide } from '../../../src/core/drift/driftSide';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import { asExecutor } from '../../../src/core/plan/target';

/**
 * Issue 18, wide drift: a wide side's scan goes a group of columns at a time (scanGroups), and DuckDB reads a
 * Parquet row group on one thread (a 100k-row file is one row group), so the groups of one side run two at a
 * time, each sized for its share of the memory. The numbers are those of one statement over all columns.
 */
describe('drift: a wide side\'s column groups in flight', function () {
  this.timeout(120000);

  it('scans two column groups of one side at once, with the numbers of a single statement', async () => {
    const engine = await Engine.create({ threads: 2, memoryLimit: '64MB' });
    try {
      // 300 text columns of 3,000 rows: each exact distinct count weighs 3,000 × 64 bytes + 1 MiB, so a few per group.
      const cols = Array.from({ length: 300 }, (_v, j) => `'v' || (hash(i, ${j}) % ${10 + j})::VARCHAR AS t${j}`);
      await engine.exec(`CREATE TABLE wide_groups AS SELECT ${cols.join(', ')}, (hash(i) % 1000) / 7.0 AS x FROM range(3000) r(i)`);
      const columns = (await engine.run(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE wide_groups)`)) as unknown as ColumnInfo[];
      const exec = asExecutor(engine);
      const run = exec.run.bind(exec);
      let inFlight = 0;
      let most = 0;
      let statements = 0;
      (exec as { run: PlanExecutor['run'] }).run = async (...args) => {
        statements++;
        most = Math.max(most, ++inFlight);
        try {
          return await run(...args);
        } finally {
          inFlight--;
        }
      };
      const source = { kind: 'relation' as const, relation: 'wide_groups' };
      let grouped;
      try {
        grouped = await scanSide(engine, { source, rows: 3000 }, columns, true);
      } finally {
        delete (exec as { run?: unknown }).run;
      }
      assert.ok(statements > 2, `column groups: ${statements}`);
      assert.equal(most, 2);
      // An engine with room for all columns in one statement (8 GB: a sixteenth holds 301 columns' counts).
      const big = await Engine.create({ threads: 2, memoryLimit: '8GB' });
      let one;
      try {
        await big.exec(`CREATE TABLE wide_groups AS SELECT ${cols.join(', ')}, (hash(i) % 1000) / 7.0 AS x FROM range(3000) r(i)`);
        const seen: string[] = [];
        observeStatements((sql) => seen.push(sql));
        try {
          one = await scanSide(big, { source, rows: 3000 }, columns, true);
        } finally {
          observeStatements(undefined);
        }
        assert.equal(seen.filter((sql) => sql.includes('AS "n"')).length, 1);
      } finally {
        big.close();
      }
      assert.deepEqual(grouped, one);
    } finally {
      engine.close();
    }
  });
});
