import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { escapeGlob } from '../../../src/core/data/fileScan';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { quoteLiteral } from '../../../src/core/data/sql';
import { readRulesFile } from '../../../src/core/rules/readRulesFile';
import { validateDataset } from '../../../src/core/rules/validateDataset';
import { cli, root } from '../cli/modelCliHelpers';

/** A CSV with `rows` data rows whose column `n` holds `rows`, so the count and the values name the file read. */
const csv = (rows: number, sep = ','): string => `n${sep}i\n${Array.from({ length: rows }, (_, i) => `${rows}${sep}${i}`).join('\n')}\n`;
const jsonl = (rows: number): string => `${Array.from({ length: rows }, (_, i) => JSON.stringify({ n: rows, i })).join('\n')}\n`;

describe('file names are read literally, never as glob patterns (issue 17 item 2)', function () {
  this.timeout(120000);
  let engine: Engine;
  let dir: string;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    dir = mkdtempSync(join(tmpdir(), 'ml-glob-'));
    mkdirSync(join(dir, 'sub[1]'));
    mkdirSync(join(dir, 'sub1'));
  });
  after(() => engine.close());

  // name with glob characters → decoys the pattern would also (or instead) match
  const cases: [string, string[]][] = [
    ['glob[1]', ['glob1']],
    ['star*', ['starA', 'star_b']],
    ['q?', ['qx']],
    ['b{x,y}', ['bx', 'by']],
    ['sub[1]/f', ['sub1/f']],
    ['[!a]z', ['bz']],
  ];
  const writers: [string, (p: string, rows: number) => Promise<void> | void][] = [
    ['csv', (p, rows) => writeFileSync(p, csv(rows))],
    ['tsv', (p, rows) => writeFileSync(p, csv(rows, '\t'))],
    ['jsonl', (p, rows) => writeFileSync(p, jsonl(rows))],
    ['parquet', async (p, rows) => {
      await engine.exec(`COPY (SELECT ${rows}::BIGINT AS n, range::BIGINT AS i FROM range(${rows})) TO ${quoteLiteral(p)} (FORMAT parquet)`);
    }],
  ];

  for (const [ext, write] of writers) {
    it(`${ext}: the named file and nothing else`, async () => {
      for (const [name, decoys] of cases) {
        const target = join(dir, `${name}.${ext}`);
        await write(target, 7);
        for (const [k, d] of decoys.entries()) await write(join(dir, `${d}.${ext}`), 20 + k);
        const ds = await loadDataset(engine, target);
        try {
          assert.equal(ds.rows, 7, `${name}.${ext}: read ${ds.rows} rows, not the 7 of the named file`);
          const n = await engine.run(`SELECT DISTINCT n FROM ${ds.relation}`);
          assert.deepEqual(n.map((r) => r['n']), [7], `${name}.${ext}`);
        } finally {
          await ds.release();
        }
      }
    });
  }

  it('rules on a Parquet file read in place (file_row_number) read the named file', async () => {
    const target = join(dir, 'rules[1].parquet');
    await engine.exec(`COPY (SELECT 5::BIGINT AS n FROM range(5)) TO ${quoteLiteral(target)} (FORMAT parquet)`);
    await engine.exec(`COPY (SELECT -1::BIGINT AS n FROM range(9)) TO ${quoteLiteral(join(dir, 'rules1.parquet'))} (FORMAT parquet)`);
    const rulesFile = join(dir, 'r.rules.yml');
    writeFileSync(rulesFile, 'rules:\n  - id: positive\n    expr: n > 0\n');
    const ds = await loadDataset(engine, target);
    const report = await validateDataset(engine, ds, readRulesFile(rulesFile).rules);
    await ds.release();
    assert.equal(report.summary.failed, 0, JSON.stringify(report.rules[0]));
  });

  it('model-lens profile reports the rows of the named file, CSV and Parquet (CLI)', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-glob-cli-'));
    writeFileSync(join(d, 'glob[1].csv'), csv(100));
    writeFileSync(join(d, 'glob1.csv'), csv(10));
    writeFileSync(join(d, 'star*.csv'), csv(30));
    writeFileSync(join(d, 'starA.csv'), csv(40));
    copyFileSync(join(root, 'sample/loans_reference.parquet'), join(d, 'pq[1].parquet'));
    writeFileSync(join(d, 'pq1.parquet'), 'not parquet');
    const rows = (f: string) => {
      const r = cli('profile', join(d, f));
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { rows: number }).rows;
    };
    assert.equal(rows('glob[1].csv'), 100);
    assert.equal(rows('star*.csv'), 30);
    assert.equal(rows('pq[1].parquet'), 3300);
  });

  it('escapeGlob makes each glob character a class of itself', () => {
    assert.equal(escapeGlob('/a/glob[1]*?{x}.csv'), '/a/glob[[]1][*][?][{]x[}].csv');
    assert.equal(escapeGlob('/plain/name.csv'), '/plain/name.csv');
  });
});
