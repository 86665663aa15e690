import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { InputError } from '../../../src/core/errors';
import { readRulesFile } from '../../../src/core/rules/readRulesFile';
import { validateDataset } from '../../../src/core/rules/validateDataset';
import { root } from '../cli/modelCliHelpers';

const dir = mkdtempSync(join(tmpdir(), 'ml-read-msg-'));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

async function rejects(engine: Engine, path: string, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(loadDataset(engine, path), (e: unknown) => {
    assert.ok(e instanceof InputError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    assert.ok(e.message.includes(path), `names the file: ${e.message}`);
    return true;
  });
}

describe('reader messages say what, where and how to fix (issue 17 items 10, 11, 13, 14)', function () {
  this.timeout(120000);
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine.close());

  it('13: a named pipe or a character device is named as such, not "empty" (and nothing blocks)', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    await rejects(engine, fifo, 'NOT_A_FILE', /named pipe \(FIFO\)/);
    const dev = join(dir, 'zero.csv');
    execFileSync('ln', ['-s', '/dev/zero', dev]);
    await rejects(engine, dev, 'NOT_A_FILE', /character device/);
  });

  it('13: truncated Parquet and Arrow files are called incomplete, not "No magic bytes" or "Cannot read properties of null"', async () => {
    const parquet = readFileSync(join(root, 'sample/loans_reference.parquet'));
    const arrow = readFileSync(join(root, 'sample/loans_reference.arrow'));
    await rejects(engine, file('cut.parquet', parquet.subarray(0, parquet.length >> 1)), 'TRUNCATED', /incomplete Parquet file.*cut off/);
    await rejects(engine, file('cut.arrow', arrow.subarray(0, arrow.length >> 1)), 'TRUNCATED', /incomplete Arrow\/Feather file/);
  });

  it('13: malformed JSON Lines reports the line that is wrong', async () => {
    await rejects(engine, file('cut.jsonl', '{"a":1,"b":2}\n{"a":2,"b":3}\n{"a":3,"b":4}\n{"a":4,"b":\n{"a":5,"b":6}\n'), 'PARSE_ERROR', /, line 4: not valid JSON/);
    await rejects(engine, file('extra.jsonl', '{"a":1,"b":2}\n{"a":2,"b":3}\n{"a":3,"b":4}\n{"a":4,"b":5}}\n{"a":5,"b":6}\n'), 'PARSE_ERROR', /, line 4: not valid JSON/);
    await rejects(engine, file('first.jsonl', '{"a":1,\n{"a":2}\n'), 'PARSE_ERROR', /, line 1: not valid JSON/);
  });

  it('13: a line over 2 MB: the real line, DuckDB\'s reason intact, in the sniffed sample and beyond it', async () => {
    const long = `1,${'y'.repeat(2_500_000)}`;
    const head = ['a,b', ...Array.from({ length: 1000 }, (_, i) => `${i},x`)];
    const t0 = Date.now();
    await rejects(engine, file('long.csv', `${[...head, long, '2,x'].join('\n')}\n`), 'LINE_TOO_LONG', /, line 1002: a line of 2,500,002 bytes .*Maximum line size of 2000000 bytes exceeded\. ?Actual Size: ?2500003 bytes/);
    const many = ['a,b', ...Array.from({ length: 30000 }, (_, i) => `${i},x`)];
    await rejects(engine, file('late.csv', `${[...many, long, '2,x'].join('\n')}\n`), 'LINE_TOO_LONG', /, line 30002: .*Maximum line size/);
    assert.ok(Date.now() - t0 < 20000, `took ${Date.now() - t0} ms`);
  });

  it('14: a valid CRLF CSV with a newline inside a quoted header loads', async () => {
    for (const text of ['"a\nb",c\r\n1,2\r\n3,4\r\n', 'x,"first\nname"\r\n1,ann\r\n2,bob\r\n']) {
      const ds = await loadDataset(engine, file('crlf.csv', text));
      assert.equal(ds.rows, 2);
      assert.equal(ds.columns.length, 2);
      assert.deepEqual(ds.issues, []);
      await ds.release();
    }
  });

  it('11: text beyond the first rows of a numeric column (inside the sniffer\'s sample) is MIXED_TYPES with its line', async () => {
    const lines = ['id,x', ...Array.from({ length: 5000 }, (_, i) => `${i},${i === 4499 ? 'abc' : (i * 1.5).toString()}`)];
    const ds = await loadDataset(engine, file('mixed.csv', `${lines.join('\n')}\n`));
    const issue = ds.issues.find((i) => i.code === 'MIXED_TYPES');
    await ds.release();
    assert.ok(issue, JSON.stringify(ds.issues));
    assert.equal(issue.column, 'x');
    assert.match(issue.message, /first at line 4501/);
    // A column of text is not "mixed": no issue.
    const text = await loadDataset(engine, file('text.csv', `id,name\n${Array.from({ length: 50 }, (_, i) => `${i},n${i}`).join('\n')}\n`));
    assert.deepEqual(text.issues, []);
    await text.release();
  });

  it('10: column names that differ only in case: a DUPLICATE_COLUMNS issue, and rules say which name to use', async () => {
    const path = file('case.csv', 'a,A,label\n1,2,0\n3,4,1\n');
    const ds = await loadDataset(engine, path);
    assert.deepEqual(ds.columns.map((c) => c.name), ['a', 'A_1', 'label']);
    const dup = ds.issues.find((i) => i.code === 'DUPLICATE_COLUMNS');
    assert.ok(dup && /'a' and 'A', which differ only in case.*shown as 'A_1'/.test(dup.message), JSON.stringify(ds.issues));
    const rules = file('case.rules.yml', 'rules:\n  - id: r\n    expr: A >= 0\n');
    await assert.rejects(validateDataset(engine, ds, readRulesFile(rules).rules), /column 'A' not found.*differ only in case.*Use 'A_1'/);
    // The renamed column is the second one, as written: its values are 2 and 4.
    const v = await engine.run(`SELECT "A_1" AS v FROM ${ds.relation} ORDER BY v`);
    assert.deepEqual(v.map((r) => r['v']), [2, 4]);
    await ds.release();
  });

  it('10: an Arrow file with fields a and A loads both (A as A_1) with the same issue', async () => {
    const path = file('case.arrow', Buffer.from(tableToIPC(new Table({ a: vectorFromArray([1, 3]), A: vectorFromArray([2, 4]) }), 'file')));
    const ds = await loadDataset(engine, path);
    assert.deepEqual(ds.columns.map((c) => c.name), ['a', 'A_1']);
    assert.ok(ds.issues.some((i) => i.code === 'DUPLICATE_COLUMNS' && /differ only in case/.test(i.message)), JSON.stringify(ds.issues));
    await ds.release();
  });
});
