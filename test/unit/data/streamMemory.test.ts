import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { quoteIdent, quoteLiteral } from '../../../src/core/data/sql';
import { streamDoubles } from '../../../src/core/data/streamDoubles';

/**
 * Issue 18: drift of a 10,000-column CSV streams each side's ~6,000 numeric columns in one pass (drift/gridScan.ts),
 * both sides at once; a stream takes ~100–150 KiB of engine memory per column, so the two ran out of memory at 1 GB.
 * Wide streams now wait while others hold the memory (data/streamMemory.ts). The same at a small scale: two streams
 * of 1,500 columns at 96 MB.
 */
describe('wide streams of doubles wait for each other instead of running out of engine memory', function () {
  this.timeout(300000);
  const COLS = 1500;
  const ROWS = 5000;
  const dir = mkdtempSync(join(tmpdir(), 'ml-stream-memory-'));
  const file = join(dir, 'wide.parquet');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const names = Array.from({ length: COLS }, (_, j) => `f${j}`);

  before(async () => {
    const engine = await Engine.create({ memoryLimit: '2GB', threads: 2 });
    try {
      await engine.exec(`COPY (SELECT ${names.map((n, j) => `(i * ${j + 1} % 1000) / 7.0 AS ${quoteIdent(n)}`).join(', ')} FROM range(${ROWS}) t(i)) TO ${quoteLiteral(file)} (FORMAT parquet)`);
    } finally {
      engine.close();
    }
  });

  /** Sum of each column over a stream. */
  async function sums(engine: Engine): Promise<number[]> {
    const out = new Array<number>(COLS).fill(0);
    await streamDoubles(engine, `read_parquet(${quoteLiteral(file)})`, names, (cols, n) => {
      for (let j = 0; j < cols.length; j++) for (let i = 0; i < n; i++) out[j]! += cols[j]!.values[i]!;
    });
    return out;
  }

  it('two streams of 1,500 columns at once complete at 96 MB (out of memory before: each alone fits at 80 MB), with the sums of one alone', async () => {
    const engine = await Engine.create({ memoryLimit: '96MB', threads: 2, tempDirectory: join(dir, 'spill') });
    try {
      const [a, b] = await Promise.all([sums(engine), sums(engine)]);
      const alone = await sums(engine);
      assert.deepEqual(a, alone);
      assert.deepEqual(b, alone);
      assert.equal(alone[1], Array.from({ length: ROWS }, (_, i) => ((i * 2) % 1000) / 7).reduce((s, x) => s + x, 0));
    } finally {
      engine.close();
    }
  });
});
