import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnInfo } from '../../../src/core/data/dataset';
import { EXACT_DISTINCT_ROWS } from '../../../src/core/data/distinctCount';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { distinctEstimates, scanAggregates, scanFromRow, scanSideInParts } from '../../../src/core/drift/driftSide';
import { asExecutor } from '../../../src/core/plan/target';

/**
 * Issue 18, drift 10M Parquet: a big side's first scan (counts, numeric min/max) is a statement DuckDB answers
 * from the Parquet file's statistics: min/max of the column itself cast after (min(CAST(x AS DOUBLE)) of one
 * integer column made DuckDB read every column, ~3.4 CPU-s a side), and the text evidence (mean length, space
 * share, min/max text) in a statement of its own in complete(). The numbers are the single statement's.
 */
describe('drift: a big side scanned from Parquet statistics', function () {
  this.timeout(120000);
  let dir: string;
  let engine: Engine;
  let columns: ColumnInfo[];
  const rows = EXACT_DISTINCT_ROWS + 1000;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ml-stats-scan-'));
    engine = await Engine.create({ threads: 2 });
    const file = join(dir, 'side.parquet');
    // Integers of every width (extremes that round as doubles), DECIMAL, FLOAT and DOUBLE with NaN, ±Infinity and
    // NULLs, and text with spaces: each min/max must be min(CAST(x AS DOUBLE))'s.
    await engine.exec(`COPY (SELECT
      (i % 200 - 100)::TINYINT AS t, CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 37) % 100003 - 50000 END::INTEGER AS k,
      CASE WHEN i = 5 THEN 9223372036854775807 WHEN i = 6 THEN -9223372036854775807 ELSE i END::BIGINT AS big,
      (CASE WHEN i = 8 THEN 18446744073709551615 ELSE i END)::UBIGINT AS ub, (i::HUGEINT * 1000000000000000000000) AS huge,
      (i % 1000 / 7.0)::DECIMAL(9, 3) AS dec,
      CASE WHEN i = 3 THEN 'NaN'::FLOAT ELSE (i % 977) / 3.0 END::FLOAT AS f,
      CASE WHEN i = 11 THEN 'inf'::DOUBLE WHEN i = 12 THEN '-inf'::DOUBLE WHEN i % 5 = 0 THEN NULL ELSE sin(i) * 1e6 END AS x,
      'w' || (i % 97)::VARCHAR || CASE WHEN i % 3 = 0 THEN ' z' ELSE '' END AS s,
      (['a', 'b'])[1 + i % 2] AS two
      FROM range(${rows}) r(i)) TO '${file}' (FORMAT parquet)`);
    await engine.exec(`CREATE VIEW stats_side AS SELECT * FROM read_parquet('${file}')`);
    columns = (await engine.run(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE stats_side)`)) as unknown as ColumnInfo[];
  });
  after(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a first statement of counts and plain min/max only', async () => {
    const seen: string[] = [];
    observeStatements((s) => seen.push(s));
    try {
      await scanSideInParts(engine, { source: { kind: 'relation', relation: 'stats_side' }, rows }, columns, true);
    } finally {
      observeStatements(undefined);
    }
    const first = seen.find((s) => s.includes('AS "n"'));
    assert.ok(first, 'the aggregate pass ran');
    assert.doesNotMatch(first, /min\(CAST|max\(CAST|avg\(/, 'only counts and the columns\' own min/max');
  });

  it('gives the numbers of one statement of min(CAST(x AS DOUBLE)) and the text evidence', async () => {
    const source = { kind: 'relation' as const, relation: 'stats_side' };
    const parts = await scanSideInParts(engine, { source, rows }, columns, true);
    const done = await parts.complete();
    const [old] = await asExecutor(engine).run({ source, aggregates: scanAggregates(columns, true, false) });
    const want = scanFromRow(old!, columns, true, await distinctEstimates(asExecutor(engine), source, columns, {}));
    assert.equal(done.rows, want.rows);
    assert.deepEqual(done.columns, want.columns);
    // The grid's pass only needs the first part's counts and min/max.
    assert.deepEqual(parts.aggregates.columns.map((c) => [c.nonNull, c.min, c.max]), want.columns.map((c) => [c.nonNull, c.min, c.max]));
    const byName = new Map(columns.map((c, i) => [c.name, want.columns[i]!]));
    assert.ok(Number.isNaN(byName.get('f')!.max), 'a NaN is FLOAT\'s maximum');
    assert.equal(byName.get('x')!.min, -Infinity);
    assert.deepEqual(byName.get('two')!.smallDomain, ['a', 'b']);
  });
});
