import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { quoteIdent, quoteLiteral } from '../../../src/core/data/sql';
import { isNotWhole } from '../../../src/core/data/csvWiden';
import { firstLines } from '../../../src/core/data/csvLines';

/**
 * Never silent wrong numbers: DuckDB's sniffer types a CSV column from its first ~20k rows, and its reader casts a
 * later '7.25' into the sniffed BIGINT as 7, with no reject. A load must read such a column as DOUBLE (the type a
 * sniff of the whole file gives) and say which column and line. The reference for every number is the file's
 * text, parsed here in JavaScript (Number), never the engine.
 */
describe('CSV integer columns with values after the sniffed sample that are not whole numbers', function () {
  this.timeout(300000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-csv-widen-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine.close());

  const ROWS = 32000; // the sniffer's sample is 20,480 rows
  /** Late values (row index → text) per column; 'note' holds a quoted line break at row 10, so later records start one line further down. */
  const LATE: Record<string, Map<number, string>> = {
    a: new Map([[25000, '7.25']]),
    b: new Map([[ROWS - 1, '-0.5']]),
    c: new Map([[22000, '1.5e0'], [28000, '2.75']]),
    big: new Map([[30000, '99999999999999999999']]),
    e: new Map([[27000, '5.0']]),
  };
  const INT_COLUMNS = ['id', 'a', 'b', 'c', 'big', 'e', 'clean'];

  /** The file's text, its cells by column (as written) and the physical line of each record. */
  function generate(fillers = 0): { text: string; cells: Map<string, string[]> } {
    const names = [...INT_COLUMNS, 'note', ...Array.from({ length: fillers }, (_, j) => `f${j}`)];
    const cells = new Map<string, string[]>(names.map((n) => [n, []]));
    const lines = [names.join(',')];
    for (let i = 0; i < ROWS; i++) {
      const row = names.map((n, j) => {
        const v = LATE[n]?.get(i) ?? (n === 'note' ? (i === 10 ? '"two\nlines"' : `n${i % 7}`) : n === 'big' ? String(i * 1000003) : String((i * (j + 3)) % 1000));
        cells.get(n)!.push(v);
        return v;
      });
      lines.push(row.join(','));
    }
    return { text: `${lines.join('\n')}\n`, cells };
  }
  /** Line of row r (0-based data row): header on line 1, and the quoted line break of row 10 adds one line after it. */
  const lineOf = (r: number) => r + 2 + (r > 10 ? 1 : 0);

  async function check(path: string, cells: Map<string, string[]>, eng: Engine, view: boolean, lines = true) {
    const ds = await loadDataset(eng, path, { allowFileView: true });
    try {
      assert.equal(ds.fileView === true, view, `read as a ${view ? 'view' : 'table'}`);
      assert.equal(ds.rows, ROWS);
      const types = new Map(ds.columns.map((c) => [c.name, c.type]));
      for (const c of ['a', 'b', 'c', 'big']) assert.equal(types.get(c), 'DOUBLE', c);
      for (const c of ['id', 'e', 'clean']) assert.equal(types.get(c), 'BIGINT', `${c}: whole numbers only ('5.0' is one) stay BIGINT`);
      const row = (await eng.run(`SELECT ${INT_COLUMNS.map((c, i) => `avg(${quoteIdent(c)})::DOUBLE AS mean${i}, max(${quoteIdent(c)})::DOUBLE AS max${i}, min(${quoteIdent(c)})::DOUBLE AS min${i}`).join(', ')} FROM ${ds.relation}`))[0]!;
      INT_COLUMNS.forEach((c, i) => {
        const values = cells.get(c)!.map(Number);
        const mean = values.reduce((s, v) => s + v, 0) / values.length;
        const max = values.reduce((m, v) => Math.max(m, v), -Infinity);
        const min = values.reduce((m, v) => Math.min(m, v), Infinity);
        assert.ok(Math.abs(Number(row[`mean${i}`]) - mean) <= 1e-9 * Math.max(1, Math.abs(mean)), `${c}: mean ${String(row[`mean${i}`])} vs ${mean}`);
        assert.equal(Number(row[`max${i}`]), max, `${c}: max`);
        assert.equal(Number(row[`min${i}`]), min, `${c}: min`);
      });
      const widened = ds.issues.filter((i) => /not a whole number/.test(i.message));
      assert.deepEqual(widened.map((i) => i.column).sort(), ['a', 'b', 'big', 'c'], JSON.stringify(ds.issues));
      for (const i of widened) {
        assert.equal(i.code, 'MIXED_TYPES');
        const first = Math.min(...LATE[i.column!]!.keys());
        if (lines) assert.match(i.message, new RegExp(`first at line ${lineOf(first)}\\)`), i.message);
        assert.match(i.message, new RegExp(`'${i.column}': ${LATE[i.column!]!.size} value`), i.message);
      }
      assert.equal(ds.issues.length, widened.length, JSON.stringify(ds.issues));
    } finally {
      await ds.release();
    }
  }

  it('table load: each late non-whole value is read exactly (mean, min, max as the text), with column and line', async () => {
    const { text, cells } = generate();
    const path = join(dir, 'late.csv');
    writeFileSync(path, text);
    await check(path, cells, engine, false);
  });

  it('gzip text: the same numbers and lines', async () => {
    const { text, cells } = generate();
    const path = join(dir, 'late.csv.gz');
    writeFileSync(path, gzipSync(text));
    await check(path, cells, engine, false);
  });

  it('a wide file read as a view over the file (its conversion read checks the columns): the same numbers and lines', async () => {
    const { text, cells } = generate(63); // 71 columns: a view at a 128 MB limit (loadDelimited.ts tooLargeForTable)
    const path = join(dir, 'wide-late.csv');
    writeFileSync(path, text);
    const small = await Engine.create({ memoryLimit: '128MB', threads: 1 });
    try {
      await check(path, cells, small, true);
    } finally {
      small.close();
    }
  });

  it('a clean file: no issue and the types of an auto-detecting read', async () => {
    const lines = ['id,n,x,d,t,h'];
    for (let i = 0; i < 30000; i++) lines.push(`${i},${(i % 97) - 40},${(i % 13) / 4},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${i % 2 === 0 ? 'true' : 'false'},${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`);
    lines.push('9223372036854775807,-9223372036854775808,1.5,2024-02-01,true,23:59:59.5');
    const path = join(dir, 'clean.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const ds = await loadDataset(engine, path);
    try {
      const auto = await engine.run(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM read_csv(${quoteLiteral(path)}, header = true))`);
      assert.deepEqual(ds.columns.map((c) => `${c.name}:${c.type}`), auto.map((r) => `${String(r['name'])}:${String(r['type'])}`));
      assert.deepEqual(ds.issues, []);
      assert.deepEqual(ds.columns.map((c) => c.type), ['BIGINT', 'BIGINT', 'DOUBLE', 'DATE', 'BOOLEAN', 'TIME']);
      const row = (await engine.run(`SELECT max(id)::VARCHAR AS hi, min(n)::VARCHAR AS lo FROM ${ds.relation}`))[0]!;
      assert.equal(row['hi'], '9223372036854775807', 'the extremes of BIGINT stay exact');
      assert.equal(row['lo'], '-9223372036854775808');
    } finally {
      await ds.release();
    }
  });

  it('a time with a UTC offset after the sample in a TIME column: read as text (TIME would drop the offset), with its line', async () => {
    const lines = ['id,at'];
    for (let i = 0; i < ROWS; i++) lines.push(`${i},${i === 25000 ? '10:00:00+02' : i === 26000 ? '11:30:00Z' : `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`}`);
    const path = join(dir, 'times.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const ds = await loadDataset(engine, path);
    try {
      assert.deepEqual(ds.columns.map((c) => c.type), ['BIGINT', 'VARCHAR']);
      const row = (await engine.run(`SELECT "at" FROM ${ds.relation} WHERE id = 25000`))[0]!;
      assert.equal(row['at'], '10:00:00+02', 'the value as written');
      assert.equal(ds.issues.length, 1, JSON.stringify(ds.issues));
      assert.equal(ds.issues[0]!.column, 'at');
      assert.match(ds.issues[0]!.message, /2 values are a time with a UTC offset .*first at line 25002\)/);
    } finally {
      await ds.release();
    }
  });

  it('first lines from the text: skipped lines, CRLF, doubled and escaped quotes, a quoted line break', async () => {
    const path = join(dir, 'lines.csv');
    writeFileSync(path, 'junk\r\nmore junk\r\nk;v\r\n1;"a ""q"" ;\r\nb"\r\n2;x\r\n3;7.5\r\n4;y\r\n');
    const dialect = { options: [], columns: [{ name: 'k', type: 'BIGINT' }, { name: 'v', type: 'VARCHAR' }], text: { delim: ';', quote: '"', escape: '"', skip: 2, header: true } };
    const found = await firstLines(path, dialect, new Map<string, (t: string) => boolean>([['v', (t) => t === '7.5'], ['k', (t) => t === '2']]));
    assert.deepEqual([...found!.entries()].sort(), [['k', 6], ['v', 7]]);
    const back = join(dir, 'escaped.csv');
    writeFileSync(back, 'k,v\n1,"a \\" , b"\n2,7.5\n');
    const escaped = await firstLines(back, { ...dialect, text: { delim: ',', quote: '"', escape: '\\', skip: 0, header: true } }, new Map([['v', (t: string) => t === '7.5']]));
    assert.deepEqual([...escaped!.entries()], [['v', 3]]);
    assert.equal(await firstLines(`${path}.zst`, dialect, new Map([['v', () => true]])), undefined, 'zstd: no line');
  });

  it('spellings only BIGINT reads (0x10) stay BIGINT, text still makes the column text with its line, as before', async () => {
    const lines = ['h,t'];
    for (let i = 0; i < ROWS; i++) lines.push(`${i === 25000 ? '0x10' : String(i % 50)},${i === 26000 ? 'oops' : String(i % 9)}`);
    const path = join(dir, 'spellings.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const ds = await loadDataset(engine, path);
    try {
      assert.deepEqual(ds.columns.map((c) => c.type), ['BIGINT', 'VARCHAR']);
      assert.equal(Number((await engine.run(`SELECT max(h) AS m FROM ${ds.relation}`))[0]!['m']), 49);
      assert.equal(Number((await engine.run(`SELECT h FROM ${ds.relation} WHERE t = 'oops'`))[0]!['h']), 0);
      assert.ok(ds.issues.length > 0 && ds.issues.every((i) => i.column === 't' && /line 26002/.test(i.message)), JSON.stringify(ds.issues));
    } finally {
      await ds.release();
    }
  });

  it('a number too large for a double late in an integer column (1e400) is located by its line', async () => {
    const rows = ['id,v'];
    for (let i = 0; i < 25000; i++) rows.push(`${i},${i % 50}`);
    rows.push('25000,1e400');
    const path = join(dir, 'huge.csv');
    writeFileSync(path, `${rows.join('\n')}\n`);
    const ds = await loadDataset(engine, path);
    try {
      assert.equal(ds.columns.find((c) => c.name === 'v')?.type, 'DOUBLE');
      const issue = ds.issues.find((i) => i.column === 'v' && /not a whole number/.test(i.message));
      assert.ok(issue, JSON.stringify(ds.issues));
      assert.match(issue.message, /first at line 25002\)/);
    } finally {
      await ds.release();
    }
  });

  it('the text rule: whole numbers (any spelling) pass, fractions and values beyond 64 bits do not', () => {
    for (const v of ['7', '-3', '+4', '5.0', '1e3', ' 12 ', '9223372036854775807', '-9223372036854775808', '', 'abc']) assert.equal(isNotWhole(v), false, v);
    for (const v of ['7.25', '-0.5', '.5', '1.5e0', ' 7.5 ', '9223372036854775808', '99999999999999999999', '1e19', '1e400', '-1E309']) assert.equal(isNotWhole(v), true, v);
  });
});
