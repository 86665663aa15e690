import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadOneAtATime, sniffBytes } from '../../../src/core/data/sniffMemory';
import { openDriftDatasets } from '../../../src/core/drift/openDriftDatasets';
import { runDrift } from '../../../src/core/drift/runDrift';

/**
 * Issue 18: drift of two 10,000-column × 10k-row CSVs ran out of engine memory at 1 GB: the files loaded at once,
 * and DuckDB's CSV sniffer takes ~96 KiB of engine memory per column (~900 MiB for 10,000), so the second file's
 * sniff failed while the first file's ran. Files whose sniffs at once would take more than half the memory limit
 * now load one after the other (data/sniffMemory.ts). The same at a small scale: 600 columns at 96 MB.
 */
describe('drift of two very wide CSVs loads them one after the other when their sniffs do not fit at once', function () {
  this.timeout(600000);
  const COLS = 600;
  const ROWS = 500;
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-csv-memory-'));
  const spill = join(dir, 'spill');
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The CSV text of one side: `shift` 1 moves the decimals by 40. */
  function wideCsv(shift: number): string {
    const lines = [Array.from({ length: COLS }, (_, j) => `f${j}`).join(',')];
    for (let i = 0; i < ROWS; i++) {
      lines.push(Array.from({ length: COLS }, (_, j) => {
        if (j % 3 === 0) return String((i * 7 + j + shift * (j % 2)) % 97); // integers
        if (j % 3 === 1) return (((i * 13 + j) % 1000) / 8 + shift * 40).toFixed(3); // decimals, shifted by 40 in cur
        return ['a', 'b', 'c'][(i + j + shift * (i % 3)) % 3]!; // categories
      }).join(','));
    }
    return `${lines.join('\n')}\n`;
  }

  const ref = join(dir, 'ref.csv');
  const cur = join(dir, 'cur.csv');
  before(() => {
    mkdirSync(spill, { recursive: true });
    [ref, cur].forEach((file, shift) => writeFileSync(file, wideCsv(shift)));
  });

  const engineAt = (memoryLimit: string) => Engine.create({ memoryLimit, threads: 1, tempDirectory: spill, preserveInsertionOrder: false });

  /** The drift report of ref against cur at `memoryLimit`, and the load's statements (sniffs and COPYs) in order. */
  async function driftAt(memoryLimit: string): Promise<{ report: Awaited<ReturnType<typeof runDrift>>; loads: string[] }> {
    const engine = await engineAt(memoryLimit);
    const loads: string[] = [];
    try {
      observeStatements((s) => { if (/^(SELECT \* FROM sniff_csv|COPY)/.test(s)) loads.push(s.startsWith('COPY') ? `copy ${s.includes('cur.csv') ? 'cur' : 'ref'}` : `sniff ${s.includes('cur.csv') ? 'cur' : 'ref'}`); });
      const ds = await openDriftDatasets(engine, [ref, cur]).finally(() => observeStatements(undefined));
      try {
        assert.deepEqual(ds.map((d) => d.fileView), [true, true]);
        return { report: await runDrift(engine, ds[0]!, ds[1], {}), loads };
      } finally {
        for (const d of ds) await d.release();
      }
    } finally {
      engine.close();
    }
  }

  it('estimates the sniff from the header: one at a time only for wide CSVs whose sniffs exceed half the limit', async () => {
    assert.equal(sniffBytes(ref), COLS * 96 * 1024);
    assert.equal(sniffBytes(join(dir, 'missing.csv')), 0);
    const small = await engineAt('96MB');
    const large = await engineAt('512MB');
    try {
      assert.equal(await loadOneAtATime(small, [ref, cur]), true);
      assert.equal(await loadOneAtATime(small, [ref]), false, 'one file');
      assert.equal(await loadOneAtATime(large, [ref, cur]), false, '2 × 600 columns fit half of 512 MB');
    } finally {
      small.close();
      large.close();
    }
  });

  it('completes at 96 MB (out of memory in the sniffs when loaded at once), with the report of the loads at once at 512 MB', async () => {
    const tight = await driftAt('96MB');
    // One after the other: the current file's sniff runs after every COPY of the reference file.
    const firstCur = tight.loads.indexOf('sniff cur');
    assert.ok(firstCur > 0 && tight.loads.slice(0, firstCur).filter((s) => s === 'copy ref').length >= 1 && !tight.loads.slice(firstCur).includes('copy ref'), tight.loads.join(', '));
    const roomy = await driftAt('512MB');
    // At 512 MB at once: both sniffs before any COPY.
    assert.deepEqual(roomy.loads.slice(0, 2).sort(), ['sniff cur', 'sniff ref']);
    assert.equal(tight.report.columns.length, COLS);
    assert.ok(tight.report.columns.some((c) => c.drifted), 'the shifted columns drift');
    assert.deepEqual(tight.report, roomy.report);
  });
});
