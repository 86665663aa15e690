import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { quoteLiteral } from '../../../src/core/data/sql';

/**
 * The engine caches Parquet footers (parquet_metadata_cache): a UNION ALL of many branches over one wide file parsed
 * its footer in every branch (the wide CSV drift's peak RSS 2.2 GB over its 1.5 GiB budget). A file rewritten
 * between two reads is read again, not served from the cache.
 */
describe('Parquet footers are cached per engine and a rewritten file is read again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ml-pmc-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has the cache on, and sees a file another process rewrote (same rows, other values; then other columns)', async () => {
    const engine = await Engine.create({ memoryLimit: '256MB', threads: 1 });
    const writer = await Engine.create({ memoryLimit: '256MB', threads: 1 });
    const file = join(dir, 'f.parquet');
    const read = async () => ({ ...(await engine.run(`SELECT count(*)::BIGINT AS n, sum(x)::BIGINT AS s, count(*) FILTER (WHERE x > 2)::BIGINT AS big FROM read_parquet(${quoteLiteral(file)})`))[0] });
    try {
      assert.equal(String((await engine.run(`SELECT current_setting('parquet_metadata_cache')::VARCHAR AS v`))[0]?.['v']), 'true');
      await writer.exec(`COPY (SELECT range::BIGINT AS x FROM range(4)) TO ${quoteLiteral(file)} (FORMAT parquet)`);
      assert.deepEqual(await read(), { n: 4, s: 6, big: 1 });
      await writer.exec(`COPY (SELECT (range + 10)::BIGINT AS x FROM range(4)) TO ${quoteLiteral(file)} (FORMAT parquet)`);
      assert.deepEqual(await read(), { n: 4, s: 46, big: 4 });
      await writer.exec(`COPY (SELECT 'a' AS y, range::BIGINT AS x FROM range(7)) TO ${quoteLiteral(file)} (FORMAT parquet)`);
      assert.deepEqual(await read(), { n: 7, s: 21, big: 4 });
    } finally {
      engine.close();
      writer.close();
    }
  });
});
