import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sniffCsv } from '../../../src/core/data/csvDialect';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { HINT_ABOVE_FIELDS, wideHeaderDelimiter } from '../../../src/core/data/headerRecord';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { quoteLiteral } from '../../../src/core/data/sql';

/**
 * Issue 18: the sniffer of a wide delimited file is given the delimiter its header leaves no doubt about (it then
 * tries that delimiter's dialects only: 1,000 × 100k CSV 11.6 → 4.5 CPU-s). The reference is the sniffer without
 * the hint: the dialect and every column's name and type must be the same, whatever the file.
 */
describe('sniffer hint: the delimiter of a wide header', function () {
  this.timeout(600000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-sniff-hint-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 1 }); });
  after(() => engine.close());

  const WIDE = 100;
  const names = (d: string) => ['__proto__', `"a${d}b"`, '"q""x"', 'dup', 'dup', ...Array.from({ length: WIDE - 5 }, (_, j) => `c${j}`)];
  const cell = (i: number, j: number) => (j % 5 === 0 ? String(i * j) : j % 5 === 1 ? `${i}.${j}` : j % 5 === 2 ? `v${(i + j) % 4}` : j % 5 === 3 ? (i % 2 ? 'true' : 'false') : `2026-0${1 + (i % 9)}-1${j % 10}`);
  const file = (name: string, d: string, opts: { eol?: string; rows?: (i: number) => string; header?: string } = {}) => {
    const path = join(dir, name);
    const eol = opts.eol ?? '\n';
    const body = Array.from({ length: 40 }, (_, i) => opts.rows?.(i) ?? Array.from({ length: WIDE }, (_, j) => cell(i, j)).join(d));
    writeFileSync(path, `${opts.header ?? names(d).join(d)}${eol}${body.join(eol)}${eol}`);
    return path;
  };
  const sniff = (path: string, hint: ReturnType<typeof wideHeaderDelimiter>) => sniffCsv(engine, quoteLiteral(path), ['header = true', 'store_rejects = true'], {}, hint);

  const cases: [string, () => string][] = [
    ['commas', () => file('comma.csv', ',')],
    ['semicolons', () => file('semi.csv', ';')],
    ['tabs', () => file('tab.tsv', '\t')],
    ['pipes', () => file('pipe.csv', '|')],
    ['CRLF line ends', () => file('crlf.csv', ',', { eol: '\r\n' })],
    ['quoted values holding the delimiter and line breaks', () => file('quoted.csv', ',', { rows: (i) => Array.from({ length: WIDE }, (_, j) => (j === 7 ? `"x,${i}\ny"` : cell(i, j))).join(',') })],
    ['dates in a day-first format', () => file('dates.csv', ',', { rows: (i) => Array.from({ length: WIDE }, (_, j) => (j % 5 === 4 ? `${10 + (i % 18)}/0${1 + (i % 9)}/2026` : cell(i, j))).join(',') })],
    ['a header of commas over rows of semicolons', () => file('misleading.csv', ',', { rows: (i) => Array.from({ length: WIDE }, (_, j) => cell(i, j)).join(';') })],
  ];
  for (const [label, make] of cases) {
    it(`${label}: the hinted sniff gives the dialect and columns of the sniff without it`, async () => {
      const path = make();
      const hint = wideHeaderDelimiter(path);
      assert.ok(hint, 'a wide header with one delimiter gets a hint');
      assert.equal(hint.fields, WIDE);
      assert.deepEqual(await sniff(path, hint), await sniff(path, undefined));
    });
  }

  it('a hint the sniffer does not confirm (another delimiter, another width) is dropped: a second sniff without it', async () => {
    const path = file('unconfirmed.csv', ',');
    const plain = await sniff(path, undefined);
    for (const wrong of [{ delim: ';', fields: WIDE }, { delim: ',', fields: WIDE + 1 }]) {
      const seen: string[] = [];
      observeStatements((sql) => { if (/sniff_csv/.test(sql)) seen.push(sql); });
      try {
        assert.deepEqual(await sniff(path, wrong), plain, JSON.stringify(wrong));
      } finally {
        observeStatements(undefined);
      }
      assert.equal(seen.length, 2, JSON.stringify(wrong));
      assert.doesNotMatch(seen[1]!, /delim/);
    }
  });

  it('a hinted sniff out of memory is not tried again without the hint (that one needs more): ENGINE_LIMIT after one sniff', async () => {
    const cols = Array.from({ length: 1200 }, (_, j) => `c${j}`);
    const path = file('tight.csv', ',', { header: cols.join(','), rows: (i) => cols.map((_, j) => (j % 2 ? String(i + j) : `v${(i + j) % 3}`)).join(',') });
    const small = await Engine.create({ memoryLimit: '96MB', threads: 1 });
    const seen: string[] = [];
    observeStatements((sql) => { if (/sniff_csv/.test(sql)) seen.push(sql); });
    try {
      await assert.rejects(loadDataset(small, path), (e: Error & { code?: string }) => e.code === 'ENGINE_LIMIT' && /memoryLimit|MODEL_LENS_MEMORY_LIMIT/.test(e.message));
    } finally {
      observeStatements(undefined);
      small.close();
    }
    assert.equal(seen.length, 1, seen.join('\n'));
    assert.match(seen[0]!, /delim = ','/);
  });

  it('no hint for narrow, ambiguous or missing files', () => {
    assert.equal(wideHeaderDelimiter(file('narrow.csv', ',', { header: Array.from({ length: HINT_ABOVE_FIELDS - 1 }, (_, j) => `c${j}`).join(',') })), undefined);
    const both = Array.from({ length: WIDE }, (_, j) => `c${j};d${j}`).join(',');
    assert.equal(wideHeaderDelimiter(file('ambiguous.csv', ',', { header: both })), undefined);
    assert.equal(wideHeaderDelimiter(join(dir, 'missing.csv')), undefined);
    // A header past the first MiB read (200,000 columns): its width is unknown, so no hint (not a short count).
    assert.equal(wideHeaderDelimiter(file('huge.csv', ',', { header: Array.from({ length: 200_000 }, (_, j) => `col${j}`).join(','), rows: () => '1' })), undefined);
  });

  it('a wide file is loaded with one hinted sniff, a narrow one with one sniff as before', async () => {
    const seen: string[] = [];
    observeStatements((sql) => { if (/sniff_csv/.test(sql)) seen.push(sql); });
    try {
      const wide = await loadDataset(engine, file('load.csv', ';'));
      await wide.release();
      assert.equal(seen.length, 1, seen.join('\n'));
      assert.match(seen[0]!, /delim = ';'/);
      seen.length = 0;
      const narrow = await loadDataset(engine, file('loadNarrow.csv', ',', { header: 'a,b', rows: (i) => `${i},x${i}` }));
      await narrow.release();
      assert.equal(seen.length, 1);
      assert.doesNotMatch(seen[0]!, /delim/);
    } finally {
      observeStatements(undefined);
    }
  });
});
