import assert from 'node:assert/strict';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { countColumns, STATEMENTS_IN_FLIGHT } from '../../../src/core/drift/countColumns';
import { countValues } from '../../../src/core/drift/pullSamples';
import { SortedCounts } from '../../../src/core/drift/sortedCounts';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import { toSource } from '../../../src/core/plan/target';

/**
 * Wide drift speed (issue 18): DuckDB ran each grouped count statement's UNION ALL branches mostly on one
 * thread (1,000 × 100k Parquet: 21 statements one after the other, CPU ≈ wall), so the statements now go two at
 * a time, each with half of one statement's budget of branches (the same hash tables in flight). The counts
 * must be countValues' own.
 */
describe('drift: grouped category counts, two statements at a time', function () {
  this.timeout(120000);

  it('runs two count statements at once, each with half the branches one statement had, and returns the same counts', async () => {
    const engine = await Engine.create({ threads: 2, memoryLimit: '1GB' });
    const seen: string[] = [];
    try {
      const cols = Array.from({ length: 6 }, (_v, j) => `'v' || (hash(i, ${j}) % ${50 + 40 * j})::VARCHAR AS c${j}`);
      await engine.exec(`CREATE TABLE r AS SELECT ${cols.join(', ')}, (hash(i, 9) % 97)::DOUBLE / 4 AS x FROM range(30000) t(i)`);
      await engine.exec(`CREATE TABLE c AS SELECT ${cols.join(', ').replace(/hash\(i, /g, 'hash(i + 7, ')}, (hash(i, 9) % 89)::DOUBLE / 4 AS x FROM range(20000) t(i)`);
      const requests = [...Array.from({ length: 6 }, (_v, j) => ({ column: `c${j}`, numeric: false })), { column: 'x', numeric: true }];
      let inFlight = 0;
      let most = 0;
      const plain = engine.withConnection.bind(engine);
      engine.withConnection = (options, body) => plain(options, async (conn) => {
        most = Math.max(most, ++inFlight);
        try {
          return await body(conn);
        } finally {
          inFlight--;
        }
      });
      observeStatements((sql) => seen.push(sql));
      // 1M rows at 1 GB: a budget of 4 branches (MIN_BRANCHES), so 2 per statement and 7 statements for 14 branches.
      const got = await countColumns(new DuckDbExecutor(engine), [toSource('r'), toSource('c')], requests, 1_000_000);
      observeStatements(undefined);
      const grouped = seen.filter((s) => s.includes('string_agg'));
      assert.equal(most, STATEMENTS_IN_FLIGHT, 'count statements overlap');
      assert.equal(grouped.length, 7);
      for (const s of grouped) assert.ok(s.split('UNION ALL').length <= 4 / STATEMENTS_IN_FLIGHT, 'each statement has its share of the budget');
      for (const [i, req] of requests.entries()) {
        for (const [side, table] of ['r', 'c'].entries()) {
          const expected = await countValues(engine, toSource(table), req.column, req.numeric);
          const counts = got[i]![side]!;
          assert.ok(counts instanceof SortedCounts);
          assert.deepEqual([...counts], [...SortedCounts.from(expected)], `${req.column} on ${table}`);
        }
      }
    } finally {
      observeStatements(undefined);
      engine.close();
    }
  });
});
