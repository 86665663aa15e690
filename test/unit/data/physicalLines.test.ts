import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { physicalLines, withPhysicalLines } from '../../../src/core/data/physicalLines';

const dir = mkdtempSync(join(tmpdir(), 'model-lens-lines-'));
// The file's fixtures go with the run (mocha's root hook: after every suite).
after(() => rmSync(dir, { recursive: true, force: true }));

describe('physicalLines: the line of a byte offset, as an editor counts', () => {
  // Line starts of 'a\nbb\n\nccc\n': 0 (line 1), 2 (line 2), 5 (line 3), 6 (line 4).
  const text = 'a\nbb\n\nccc\n';
  it('counts the newlines before each offset (0-based row starts and the reader\'s 1-based ones agree)', async () => {
    const p = join(dir, 'small.txt');
    writeFileSync(p, text);
    const got = await physicalLines(p, [6, 0, 2, 7, 3, 6]);
    assert.deepEqual([...got!].sort((x, y) => x[0] - y[0]), [[0, 1], [2, 2], [3, 2], [6, 4], [7, 4]]);
  });
  it('offsets across read chunks of a large file (plain and gzip)', async () => {
    // 200,000 lines of 10 bytes: the stream delivers it in many chunks.
    const body = Array.from({ length: 200_000 }, (_, i) => String(i).padStart(9, '0')).join('\n') + '\n';
    const offsets = [0, 10, 65_535, 65_536, 1_000_000, 1_999_990];
    const want = offsets.map((o) => [o, Math.floor(o / 10) + 1]);
    for (const [name, content] of [['big.csv', Buffer.from(body)], ['big.csv.gz', gzipSync(body)]] as const) {
      const p = join(dir, name);
      writeFileSync(p, content);
      const got = await physicalLines(p, offsets);
      assert.deepEqual(offsets.map((o) => [o, got!.get(o)]), want, name);
    }
  });
  it('zstd is not read here; a cancelled read gives nothing; withPhysicalLines keeps the reader\'s line then', async () => {
    assert.equal(await physicalLines(join(dir, 'x.csv.zst'), [3]), undefined);
    const p = join(dir, 'cancel.txt');
    writeFileSync(p, text);
    const ac = new AbortController();
    ac.abort();
    assert.equal(await physicalLines(p, [3], ac.signal), undefined);
    assert.deepEqual(await withPhysicalLines(p, [{ line: 2, at: 3 }], ac.signal), [{ line: 2, at: 3 }]);
    assert.deepEqual(await withPhysicalLines(p, [{ line: 2, at: 6 }, { line: 1, at: null }, { line: 5, at: 2 }]), [{ line: 4, at: 6 }, { line: 1, at: null }, { line: 5, at: 2 }]);
  });
});
