import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { quoteLiteral } from '../../../src/core/data/sql';
import { CancelledError, InputError } from '../../../src/core/errors';
import { profileDataset } from '../../../src/core/profile/profileDataset';

const dir = mkdtempSync(join(tmpdir(), 'model-lens-load-'));
// The file's fixtures go with the run (mocha's root hook: after every suite).
after(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function rejects(engine: Engine, path: string, code: string, pattern?: RegExp): Promise<InputError> {
  try {
    await loadDataset(engine, path);
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return e;
  }
  assert.fail(`expected ${path} to be rejected with ${code}`);
}

describe('loadDataset: bad input gets a specific InputError', () => {
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine.close());

  it('a missing file', () => rejects(engine, join(dir, 'nope.csv'), 'FILE_NOT_FOUND', /not found/));
  it('an empty file', () => rejects(engine, file('empty.csv', ''), 'FILE_EMPTY', /empty \(0 bytes\)/));
  it('a header-only file', () => rejects(engine, file('header.csv', 'a,b,c\n'), 'NO_DATA_ROWS', /header \(3 columns\) but no data rows/));
  it('binary garbage with a .csv name', () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    return rejects(engine, file('garbage.csv', bytes), 'BINARY_FILE', /binary data/);
  });
  it('ragged rows, reporting their line numbers', async () => {
    const e = await rejects(engine, file('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n'), 'RAGGED_ROWS', /line\(s\) 3, 5/);
    assert.deepEqual(e.details['lines'], [3, 5]);
  });
  it('ragged rows after fields holding newlines: the file\'s lines, not the reader\'s record numbers (LF, CRLF, gzip)', async () => {
    // The reader's records 3 and 5 start on the file's lines 4 and 7: one and two quoted newlines come before them.
    const text = 'a,b,c\n1,"two\nlines",3\n4,5\n6,"x\ny",8\n9,10,11,12\n';
    const plain = await rejects(engine, file('ragged_quoted.csv', text), 'RAGGED_ROWS', /line\(s\) 4, 7/);
    assert.deepEqual(plain.details['lines'], [4, 7]);
    const crlf = await rejects(engine, file('ragged_quoted_crlf.csv', text.replace(/\n/g, '\r\n')), 'RAGGED_ROWS', /line\(s\) 4, 7/);
    assert.deepEqual(crlf.details['lines'], [4, 7]);
    const gz = await rejects(engine, file('ragged_quoted.csv.gz', gzipSync(text)), 'RAGGED_ROWS', /line\(s\) 4, 7/);
    assert.deepEqual(gz.details['lines'], [4, 7]);
  });
  it('text late in a numeric column after fields holding newlines is located on the file\'s line', async () => {
    const lines = ['v,note'];
    for (let i = 0; i < 30000; i++) lines.push(i % 1000 === 0 ? `${i},"a note\nover two lines"` : `${i},ok`);
    lines.push('oops,last');
    // 30,001 records after the header; 30 of them take two lines: the text sits on line 30002 + 30.
    const ds = await loadDataset(engine, file('mixed_quoted.csv', `${lines.join('\n')}\n`));
    const mixed = ds.issues.filter((i) => i.code === 'MIXED_TYPES' && i.column === 'v');
    assert.equal(mixed.length, 1, JSON.stringify(ds.issues));
    assert.match(mixed[0]!.message, /1 value is not a number .*line 30032\b/);
    await ds.release();
  });
  it('non-UTF-8 text, with the line of the first bad byte', () =>
    rejects(engine, file('latin1.csv', Buffer.from('name,city\nann,Paris\nbob,M\xfcnchen\n', 'latin1')), 'NOT_UTF8', /line 3: byte 0xFC/));
  it('UTF-16 text', () => rejects(engine, file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')])), 'NOT_UTF8', /UTF-16/));
  it('a .parquet file that is not Parquet', () => rejects(engine, file('fake.parquet', 'a,b\n1,2\n'), 'PARSE_ERROR', /not a Parquet file/));
  it('an unsupported extension', () => rejects(engine, file('data.sav', 'x'), 'UNSUPPORTED_FORMAT', /reads \.csv/)); // .xlsx is read since issue 19
  it('malformed JSON Lines', () => rejects(engine, file('bad.jsonl', '{"a":1}\n{"a":\n'), 'PARSE_ERROR', /bad\.jsonl/));

  it('a semicolon-delimited .csv is read, and the delimiter reported', async () => {
    const ds = await loadDataset(engine, file('semi.csv', 'a;b;c\n1;2;3\n4;5;6\n'));
    assert.deepEqual(ds.columns.map((c) => c.name), ['a', 'b', 'c']);
    assert.equal(ds.delimiter, ';');
    assert.ok(ds.issues.some((i) => i.code === 'DELIMITER'));
    await ds.release();
  });

  it('a comma file named .tsv is read with its real delimiter', async () => {
    const ds = await loadDataset(engine, file('commas.tsv', 'a,b\n1,2\n3,4\n'));
    assert.deepEqual(ds.columns.map((c) => c.name), ['a', 'b']);
    assert.ok(ds.issues.some((i) => i.code === 'DELIMITER' && /not a tab/.test(i.message)));
    await ds.release();
  });

  it('a file whose rows cannot be split consistently is rejected', () =>
    rejects(engine, file('onecol.csv', 'a;b;c\n1;2\n3\n4;5;6;7\nx\n'), 'RAGGED_ROWS'));

  it('duplicate column names are reported, and both columns kept', async () => {
    const ds = await loadDataset(engine, file('dup.csv', 'x,y,x\n1,2,3\n4,5,6\n'));
    assert.equal(ds.columns.length, 3);
    const issue = ds.issues.find((i) => i.code === 'DUPLICATE_COLUMNS');
    assert.ok(issue, 'a DUPLICATE_COLUMNS issue');
    assert.match(issue.message, /Columns 1 and 3 are both named 'x'; column 3 is shown as 'x_1'/);
    await ds.release();
  });

  it('text in a numeric column after the sniffed sample: read as text and reported, no row dropped', async () => {
    const lines = ['v,w'];
    for (let i = 0; i < 30000; i++) lines.push(`${i},${i % 7}`);
    lines.push('oops,1');
    const ds = await loadDataset(engine, file('mixed_types.csv', `${lines.join('\n')}\n`));
    assert.equal(ds.rows, 30001);
    assert.equal(ds.columns.find((c) => c.name === 'v')?.type, 'VARCHAR');
    // One issue for the column (the rejected cast and the stray-text search both saw it: once said, with the count).
    const mixed = ds.issues.filter((i) => i.code === 'MIXED_TYPES' && i.column === 'v');
    assert.equal(mixed.length, 1, JSON.stringify(ds.issues));
    assert.match(mixed[0]!.message, /1 value is not a number .*line 30002/);
    await ds.release();
  });

  it('an entirely empty column and NaN/Infinity strings are profiled, not fatal', async () => {
    const ds = await loadDataset(engine, file('nan.csv', 'a,b,c\n1,,NaN\n2,,Infinity\n3,,-inf\n4,,2.5\n'));
    const p = await profileDataset(engine, ds);
    const b = p.columns.find((c) => c.name === 'b')!;
    const c = p.columns.find((x) => x.name === 'c')!;
    assert.equal(b.missing, 4);
    assert.ok(p.issues.some((i) => i.code === 'EMPTY_COLUMN' && i.column === 'b'));
    assert.equal(c.numeric?.nonFinite, 3);
    assert.equal(c.numeric?.mean, 2.5);
    assert.ok(p.issues.some((i) => i.code === 'NON_FINITE' && i.column === 'c'));
    await ds.release();
  });

  it("a hostile file name (x'; DROP TABLE t; --.csv) and a column named a\"b just work", async () => {
    const p = file("x'; DROP TABLE t; --.csv", 'id,"a""b"\n1,2\n2,3\n');
    const ds = await loadDataset(engine, p);
    assert.deepEqual(ds.columns.map((c) => c.name), ['id', 'a"b']);
    const prof = await profileDataset(engine, ds);
    assert.equal(prof.columns[1]?.numeric?.mean, 2.5);
    await ds.release();
  });

  it('a categorical-looking column with a million distinct values stays bounded and is not a category', async () => {
    const p = join(dir, 'million.parquet');
    await engine.exec(`COPY (SELECT 'user_' || i::VARCHAR AS who, i % 3 AS grp FROM range(1000000) t(i)) TO ${quoteLiteral(p)} (FORMAT parquet)`);
    const ds = await loadDataset(engine, p);
    const prof = await profileDataset(engine, ds);
    const who = prof.columns.find((c) => c.name === 'who')!;
    // An estimate above 16,384 values (hash sample, standard error 0.8% here): within four of them.
    assert.equal(who.approximateDistinct, true);
    assert.ok(Math.abs(who.distinct - 1000000) <= 0.032 * 1000000, `distinct ${who.distinct}`);
    assert.equal(who.kind, 'identifier');
    assert.equal(prof.columns.find((c) => c.name === 'grp')!.distinct, 3);
    assert.equal(who.top, undefined);
    await ds.release();
  }).timeout(60000);

  it('never modifies the input file', async () => {
    const p = file('keep.csv', 'a,b\n1,2\n3,4\n');
    const before = { hash: createHash('sha256').update(readFileSync(p)).digest('hex'), mtime: statSync(p).mtimeMs };
    const ds = await loadDataset(engine, p);
    await profileDataset(engine, ds);
    await ds.release();
    assert.deepEqual({ hash: createHash('sha256').update(readFileSync(p)).digest('hex'), mtime: statSync(p).mtimeMs }, before);
  });

  it('an aborted signal cancels the load with CancelledError', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(loadDataset(engine, file('c.csv', 'a\n1\n'), { signal: controller.signal }), CancelledError);
  });

  it('cancelling a running query interrupts DuckDB', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = engine.run('SELECT count(*) FROM range(2000000000) a, range(10) b WHERE (a.range * b.range) % 7 = 3', { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(run, CancelledError);
    assert.ok(Date.now() - started < 10000, 'interrupted promptly');
  });
});
