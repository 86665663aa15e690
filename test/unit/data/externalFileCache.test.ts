import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { quoteLiteral } from '../../../src/core/data/sql';

/**
 * The engine keeps no blocks of the files it read in its buffer pool (DuckDB's external file cache off): drift of two
 * 10,000 × 10k CSVs re-reads its temporary group files pass after pass, and the cached blocks held ~300 MB beside one
 * side's grids, over the 1.5 GiB drift budget. The footers stay cached (parquetMetadataCache.test.ts).
 */
describe('the engine keeps no file blocks after reading a Parquet file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ml-efc-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the same numbers and holds no external file cache memory afterwards', async () => {
    const engine = await Engine.create({ memoryLimit: '256MB', threads: 2 });
    const file = join(dir, 'f.parquet');
    try {
      await engine.exec(`COPY (SELECT i::BIGINT AS i, i * 2.5 AS x, 'k' || (i % 100)::VARCHAR AS s FROM range(500000) t(i)) TO ${quoteLiteral(file)} (FORMAT parquet)`);
      for (let pass = 0; pass < 2; pass++) {
        const [r] = await engine.run(`SELECT count(*)::BIGINT AS n, sum(i)::BIGINT AS si, count(DISTINCT s)::BIGINT AS k FROM read_parquet(${quoteLiteral(file)})`);
        assert.deepEqual({ ...r }, { n: 500000, si: 124999750000, k: 100 });
      }
      const [m] = await engine.run(`SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT AS b FROM duckdb_memory() WHERE tag = 'EXTERNAL_FILE_CACHE'`);
      assert.equal(Number(m?.['b']), 0);
    } finally {
      engine.close();
    }
  });
});
