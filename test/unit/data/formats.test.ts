// New input formats (issue 19): gzip/zstd text, Parquet folders with Hive partitions, explicit glob: lists, .xlsx.
// Each is compared with the same data read from a plain file, and each kind of bad input asserts its error code.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Engine } from '../../../src/core/data/engine';
import { expandGlob, segmentRegExp } from '../../../src/core/data/fileGlob';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { compressedFormat } from '../../../src/core/data/sources';
import { quoteLiteral } from '../../../src/core/data/sql';
import { InputError } from '../../../src/core/errors';
import { xlsxBytes } from './xlsxFixture';

const dir = mkdtempSync(join(tmpdir(), 'model-lens-formats-'));
// The file's fixtures go with the run (mocha's root hook: after every suite).
after(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
function put(name: string, content: string | Buffer): string {
  const p = at(name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
  return p;
}
const CSV = 'id,amount,city\n1,10.5,Oslo\n2,20.25,Rome\n3,,Lima\n';

async function rows(engine: Engine, file: string): Promise<unknown[]> {
  const ds = await loadDataset(engine, file);
  try {
    return (await engine.run(`SELECT * FROM ${ds.relation}`)).map((r) => JSON.stringify(r));
  } finally {
    await ds.release();
  }
}

async function rejects(engine: Engine, file: string, code: string, pattern?: RegExp): Promise<void> {
  await assert.rejects(loadDataset(engine, file), (e: unknown) => {
    assert.ok(e instanceof InputError, `expected InputError ${code}, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

describe('formats: compressed text, Parquet folders, glob:, xlsx', () => {
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine.close());

  describe('compressed text', () => {
    it('names: the inner extension is the format, the outer one the compression', () => {
      assert.deepEqual(compressedFormat('/a/b.CSV.GZ'), { format: 'csv', compression: 'gzip' });
      assert.deepEqual(compressedFormat('x.ndjson.zst'), { format: 'jsonl', compression: 'zstd' });
      assert.deepEqual(compressedFormat('x.tab.gz'), { format: 'tsv', compression: 'gzip' });
      assert.equal(compressedFormat('model.tar.gz'), undefined);
    });
    it('a .csv.gz reads exactly like the plain file, with the header checks of plain text', async () => {
      const plain = put('plain.csv', CSV);
      const gz = put('plain.csv.gz', gzipSync(CSV));
      assert.deepEqual(await rows(engine, gz), await rows(engine, plain));
      const dup = put('dup.csv.gz', gzipSync('a,a\n1,2\n'));
      const ds = await loadDataset(engine, dup);
      assert.equal(ds.compression, 'gzip');
      assert.ok(ds.issues.some((i) => i.code === 'DUPLICATE_COLUMNS'), 'duplicate header names are found in the decompressed head');
      await ds.release();
    });
    it('a .tsv.gz and a .jsonl.gz', async () => {
      assert.equal((await rows(engine, put('t.tsv.gz', gzipSync('a\tb\n1\tx\n2\ty\n')))).length, 2);
      assert.deepEqual(await rows(engine, put('j.jsonl.gz', gzipSync('{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n'))), ['{"a":1,"b":"x"}', '{"a":2,"b":"y"}']);
    });
    it('a truncated gzip file is refused (DuckDB alone returns fewer rows without an error)', async () => {
      const big = Array.from({ length: 20000 }, (_, i) => `${i},${i * 0.5},c${i % 7}`).join('\n');
      const whole = gzipSync(`id,amount,city\n${big}\n`);
      await rejects(engine, put('cut.csv.gz', whole.subarray(0, Math.floor(whole.length * 0.6))), 'TRUNCATED_GZIP', /truncated gzip file.*gzip -t/);
      await rejects(engine, put('cut-small.csv.gz', whole.subarray(0, 40)), 'TRUNCATED_GZIP');
    });
    it('a .gz name on plain text, and corrupt gzip data', async () => {
      await rejects(engine, put('notgz.csv.gz', CSV), 'NOT_COMPRESSED', /not gzip-compressed/);
      const bad = Buffer.from(gzipSync(CSV));
      bad[bad.length - 6] = (bad[bad.length - 6] ?? 0) ^ 0xff; // CRC
      await rejects(engine, put('crc.csv.gz', bad), 'CORRUPT_GZIP');
    });
    it('a gzip file of UTF-16 text gets the plain-text message', async () => {
      await rejects(engine, put('u16.csv.gz', gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, 'utf16le')]))), 'NOT_UTF8', /UTF-16/);
    });
    it('a .csv.zst reads like the plain file; a truncated one is refused (committed fixture, no zstd program needed)', async () => {
      const text = ['id,amount,city', ...Array.from({ length: 3000 }, (_, i) => `${i},${i * 0.5},c${i % 5}`)].join('\n') + '\n';
      const plain = put('z.csv', text);
      const whole = readFileSync(join(__dirname, '..', '..', 'fixtures', 'formats', 'rows3000.csv.zst'));
      const zst = put('z.csv.zst', whole);
      assert.deepEqual(await rows(engine, zst), await rows(engine, plain));
      await rejects(engine, put('zcut.csv.zst', whole.subarray(0, Math.floor(whole.length / 2))), 'TRUNCATED_ZSTD');
      await rejects(engine, put('znot.csv.zst', CSV), 'NOT_COMPRESSED');
    });
  });

  describe('Parquet folders and glob:', () => {
    async function writeParquet(path: string, select: string): Promise<void> {
      mkdirSync(join(path, '..'), { recursive: true });
      await engine.exec(`COPY (${select}) TO ${quoteLiteral(path)} (FORMAT parquet)`);
    }
    it('a Hive-partitioned folder: keys become columns, files are read in path order, _SUCCESS is ignored', async () => {
      const root = at('hive');
      await writeParquet(join(root, 'year=2025', 'month=12', 'part-0.parquet'), 'SELECT 1 AS id, 1.5 AS v');
      await writeParquet(join(root, 'year=2026', 'month=1', 'part-0.parquet'), 'SELECT 2 AS id, 2.5 AS v UNION ALL SELECT 3, 3.5');
      await writeParquet(join(root, 'year=2026', 'month=2', 'part-0.parquet'), 'SELECT 4 AS id, 4.5 AS v');
      put('hive/_SUCCESS', '');
      const ds = await loadDataset(engine, root);
      try {
        assert.equal(ds.format, 'parquet');
        assert.equal(ds.rows, 4);
        assert.deepEqual(ds.columns.map((c) => c.name), ['id', 'v', 'month', 'year']);
        assert.deepEqual(ds.multiFile?.partitionKeys, ['year', 'month']);
        const got = await engine.run(`SELECT id, year, month FROM ${ds.relation}`);
        assert.deepEqual(got.map((r) => [r['id'], r['year'], r['month']]), [[1, 2025, 12], [2, 2026, 1], [3, 2026, 1], [4, 2026, 2]]);
      } finally {
        await ds.release();
      }
    });
    it('an empty partition folder is refused by name', async () => {
      const root = at('emptypart');
      await writeParquet(join(root, 'day=1', 'a.parquet'), 'SELECT 1 AS x');
      mkdirSync(join(root, 'day=2'), { recursive: true });
      await rejects(engine, root, 'EMPTY_PARTITION', /day=2 is an empty partition/);
    });
    it('files with different schemas are refused, naming the column', async () => {
      const root = at('mixed');
      await writeParquet(join(root, 'a.parquet'), 'SELECT 1::BIGINT AS x, 2.0::DOUBLE AS y');
      await writeParquet(join(root, 'b.parquet'), "SELECT 1::BIGINT AS x, 'two' AS y");
      await rejects(engine, root, 'MIXED_SCHEMA', /column 'y' is DOUBLE in the first and VARCHAR in the second/);
      await writeParquet(join(at('missingcol'), 'a.parquet'), 'SELECT 1 AS x, 2 AS y');
      await writeParquet(join(at('missingcol'), 'b.parquet'), 'SELECT 1 AS x');
      await rejects(engine, at('missingcol'), 'MIXED_SCHEMA', /has no column 'y'/);
    });
    it('files at different partition depths, a folder without Parquet, a non-Parquet .parquet file', async () => {
      const root = at('depths');
      await writeParquet(join(root, 'k=1', 'a.parquet'), 'SELECT 1 AS x');
      await writeParquet(join(root, 'b.parquet'), 'SELECT 2 AS x');
      await rejects(engine, root, 'MIXED_PARTITIONS', /same partition folders/);
      put('nodata/readme.txt', 'hello');
      await rejects(engine, at('nodata'), 'NO_DATA_FILES', /no Parquet files/);
      await writeParquet(join(at('fake'), 'a.parquet'), 'SELECT 1 AS x');
      put('fake/b.parquet', 'not parquet');
      await rejects(engine, at('fake'), 'PARSE_ERROR', /b\.parquet is not a Parquet file/);
    });
    it('glob: is the only way to name several files; it matches here, not in the engine', async () => {
      await writeParquet(at('g/p-1.parquet'), 'SELECT 1 AS x');
      await writeParquet(at('g/p-2.parquet'), 'SELECT 2 AS x');
      await writeParquet(at('g/p-10.parquet'), 'SELECT 10 AS x');
      await writeParquet(at('g/q-1.parquet'), 'SELECT 99 AS x');
      const ds = await loadDataset(engine, `glob:${at('g')}/p-*.parquet`);
      try {
        assert.deepEqual((await engine.run(`SELECT x FROM ${ds.relation}`)).map((r) => r['x']), [1, 2, 10]);
      } finally {
        await ds.release();
      }
      await rejects(engine, `glob:${at('g')}/none-*.parquet`, 'NO_DATA_FILES');
      put('g/c.csv', 'a\n1\n');
      await rejects(engine, `glob:${at('g')}/*`, 'UNSUPPORTED_FORMAT', /not a Parquet file/);
      await rejects(engine, `glob:${at('g')}/p-1.parquet`, 'BAD_GLOB', /no wildcard/);
    });
    it('glob syntax: *, ?, [..], {a,b}, **; hidden names need a literal dot', () => {
      assert.ok(segmentRegExp('p-*.parquet').test('p-10.parquet'));
      assert.ok(!segmentRegExp('*.parquet').test('.hidden.parquet'));
      assert.ok(segmentRegExp('p-?.pq').test('p-1.pq') && !segmentRegExp('p-?.pq').test('p-10.pq'));
      assert.ok(segmentRegExp('[ab]-[!x].pq').test('a-y.pq') && !segmentRegExp('[ab]-[!x].pq').test('a-x.pq'));
      assert.ok(segmentRegExp('{red,blue}.pq').test('blue.pq') && !segmentRegExp('{red,blue}.pq').test('green.pq'));
      const { files } = expandGlob(`${at('hive')}/**/*.parquet`);
      assert.equal(files.length, 3);
    });
  });

  describe('xlsx', () => {
    it('reads the first sheet with typed columns', async () => {
      const p = put('book.xlsx', xlsxBytes([['name', 'age', 'score', 'member', 'joined'], ['Ann', 31, 1.5, true, new Date(Date.UTC(2024, 0, 15))], ['Bo', 42, 2, false, new Date(Date.UTC(2025, 5, 1))], ['Cy', null, 3.25, true, null]]));
      const ds = await loadDataset(engine, p);
      try {
        assert.equal(ds.format, 'xlsx');
        assert.deepEqual(ds.columns.map((c) => `${c.name} ${c.type}`), ['name VARCHAR', 'age BIGINT', 'score DOUBLE', 'member BOOLEAN', 'joined TIMESTAMP']);
        const got = await engine.run(`SELECT name, age, score, member, joined::DATE::VARCHAR AS joined FROM ${ds.relation}`);
        assert.deepEqual(got.map((r) => ({ ...r })), [
          { name: 'Ann', age: 31, score: 1.5, member: true, joined: '2024-01-15' },
          { name: 'Bo', age: 42, score: 2, member: false, joined: '2025-06-01' },
          { name: 'Cy', age: null, score: 3.25, member: true, joined: null },
        ]);
      } finally {
        await ds.release();
      }
    });
    it('mixed cells become text (reported); blank and repeated header names are fixed (reported)', async () => {
      const ds = await loadDataset(engine, put('mixed.xlsx', xlsxBytes([['a', 'a', null], [1, 'x', 1], ['two', 'y', 2]])));
      try {
        assert.deepEqual(ds.columns.map((c) => `${c.name} ${c.type}`), ['a VARCHAR', 'a_2 VARCHAR', 'column_3 BIGINT']);
        assert.ok(ds.issues.some((i) => i.code === 'MIXED_TYPES' && i.column === 'a'));
        assert.ok(ds.issues.some((i) => i.code === 'DUPLICATE_COLUMNS' && i.column === 'a_2'));
      } finally {
        await ds.release();
      }
    });
    it('bad workbooks get specific messages', async () => {
      await rejects(engine, put('legacy.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), 'UNSUPPORTED_FORMAT', /legacy Excel \(\.xls\) or password-protected/);
      await rejects(engine, put('text.xlsx', 'a,b\n1,2\n'), 'PARSE_ERROR', /not an \.xlsx workbook/);
      const book = xlsxBytes([['a'], [1]]);
      await rejects(engine, put('cut.xlsx', book.subarray(0, book.length - 30)), 'PARSE_ERROR', /truncated or damaged/);
      await rejects(engine, put('header-only.xlsx', xlsxBytes([['a', 'b']])), 'NO_DATA_ROWS');
    });
  });
});
