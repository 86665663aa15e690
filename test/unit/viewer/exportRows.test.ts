// Export of the viewer's filtered rows (issue 19): a new file with exactly the filtered, sorted rows; never over
// an input (same path, a link to it, a hard link, inside a folder dataset); no temporary file left behind.
import assert from 'node:assert/strict';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { quoteLiteral } from '../../../src/core/data/sql';
import { InputError } from '../../../src/core/errors';
import { toMarkdown, toTsv } from '../../../src/core/viewer/copyFormat';
import { exportRows } from '../../../src/core/viewer/exportRows';

const dir = mkdtempSync(join(tmpdir(), 'model-lens-export-'));
// The file's fixtures go with the run (mocha's root hook: after every suite).
after(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'loans.csv');
const original = 'id,amount,city\n1,10.5,Oslo\n2,200,Rome\n3,,Lima\n4,55,Oslo\n';
writeFileSync(data, original);
const spec = { filter: "city = 'Oslo' OR amount > 100", quick: new Map<string, string>(), sort: { column: 'amount', descending: true } };

describe('viewer export and copy', () => {
  it('writes the filtered rows, sorted, as CSV and as Parquet', async () => {
    const csv = join(dir, 'out.csv');
    assert.equal(await exportRows(data, spec, csv, 'csv'), 3);
    assert.equal(readFileSync(csv, 'utf8'), 'id,amount,city\n2,200.0,Rome\n4,55.0,Oslo\n1,10.5,Oslo\n');
    const pq = join(dir, 'out.parquet');
    assert.equal(await exportRows(data, spec, pq, 'parquet'), 3);
    const e = await Engine.create({ threads: 1 });
    assert.deepEqual((await e.run(`SELECT id FROM read_parquet(${quoteLiteral(pq)})`)).map((r) => r['id']), [2, 4, 1]);
    e.close();
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temporary file is left');
  });

  it('never writes over an input: the file, a symlink to it, a hard link, a path inside a folder dataset', async () => {
    symlinkSync(data, join(dir, 'alias.csv'));
    linkSync(data, join(dir, 'hard.csv'));
    for (const target of [data, join(dir, 'alias.csv'), join(dir, 'hard.csv'), join(dir, '.', 'loans.csv')]) {
      await assert.rejects(exportRows(data, spec, target, 'csv'), (e: unknown) => e instanceof InputError && e.code === 'OUTPUT_IS_INPUT', target);
    }
    const folder = join(dir, 'parts');
    mkdirSync(folder);
    const e = await Engine.create({ threads: 1 });
    await e.exec(`COPY (SELECT 1 AS x) TO ${quoteLiteral(join(folder, 'a.parquet'))} (FORMAT parquet)`);
    e.close();
    await assert.rejects(exportRows(folder, { filter: '', quick: new Map() }, join(folder, 'b.parquet'), 'parquet'), /inside the dataset folder/);
    assert.equal(readFileSync(data, 'utf8'), original, 'the input is unchanged');
    assert.deepEqual(readdirSync(folder), ['a.parquet']);
  });

  it('writes through the one output writer: the engine fills a temporary file that is renamed over the target', async () => {
    const target = join(dir, 'replaced.csv');
    writeFileSync(target, 'previous\n');
    chmodSync(target, 0o640);
    assert.equal(await exportRows(data, { filter: "city = 'Rome'", quick: new Map() }, target, 'csv'), 1);
    assert.equal(readFileSync(target, 'utf8'), 'id,amount,city\n2,200.0,Rome\n');
    assert.equal(statSync(target).mode & 0o777, 0o640, 'a replaced file keeps its permissions (as every output of the writer)');
    await assert.rejects(exportRows(data, { filter: 'no_such_column > 1', quick: new Map() }, target, 'csv'));
    assert.equal(readFileSync(target, 'utf8'), 'id,amount,city\n2,200.0,Rome\n', 'a failed export leaves the previous file as it was');
    await assert.rejects(exportRows(data, spec, join(dir, 'missing-folder', 'x.csv'), 'csv'), (e: unknown) => e instanceof InputError && e.code === 'BAD_OUTPUT' && /does not exist/.test(e.message));
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temporary file is left');
  });

  it('a refused filter leaves no file', async () => {
    const target = join(dir, 'bad.csv');
    await assert.rejects(exportRows(data, { filter: `read_csv('/etc/passwd') IS NULL`, quick: new Map() }, target, 'csv'), /not allowed/);
    assert.ok(!readdirSync(dir).some((f) => f.startsWith('bad.csv') || f.startsWith('.bad.csv')));
  });

  it('copy as TSV quotes tabs/newlines/quotes; Markdown escapes pipes', () => {
    assert.equal(toTsv(['a', 'b'], [['x\ty', null], ['say "hi"', 'line\nbreak']]), 'a\tb\n"x\ty"\t\n"say ""hi"""\t"line\nbreak"');
    assert.equal(toTsv(['f'], [['=1+1'], [' pad'], ['-5'], ['-1e3']]), "f\n'=1+1\n\" pad\"\n-5\n-1e3", 'formulas are not run by a spreadsheet; edge spaces kept; numbers stay numbers');
    assert.equal(toMarkdown(['a|b', 'c'], [['1|2', null], ['x\ny', 'back\\slash']]), '| a\\|b | c |\n| --- | --- |\n| 1\\|2 |  |\n| x y | back\\\\slash |');
  });
});
