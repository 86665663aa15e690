// The grid's paging core (issue 19): pages in file order, through a sort and through filters, for an engine table
// (CSV), a Parquet file (file_row_number) and a folder of Parquet files (file offsets). The reference is a plain JS
// sort/filter of the same generated rows, never the code under test.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { quoteLiteral } from '../../../src/core/data/sql';
import { InputError } from '../../../src/core/errors';
import { quickFilterSql } from '../../../src/core/viewer/quickFilter';
import { openSandboxed } from '../../../src/core/viewer/sandbox';
import { ViewerTable, type ViewSpec } from '../../../src/core/viewer/viewerTable';

interface Rec { id: number; score: number | null; city: string; day: string }
const N = 3000;
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const cities = ['Oslo', 'Rome', 'Lima', 'Pune'];
const recs: Rec[] = Array.from({ length: N }, (_, id) => ({
  id,
  score: rand() < 0.05 ? null : Math.round(rand() * 1000) / 10, // ties and nulls
  city: cities[Math.floor(rand() * 4)]!,
  day: `2026-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
}));
const dir = mkdtempSync(join(tmpdir(), 'model-lens-viewer-'));
// The file's fixtures go with the run (mocha's root hook: after every suite).
after(() => rmSync(dir, { recursive: true, force: true }));
const csv = join(dir, 'data.csv');
writeFileSync(csv, `id,score,city,day\n${recs.map((r) => `${r.id},${r.score ?? ''},${r.city},${r.day}`).join('\n')}\n`);
const parquet = join(dir, 'data.parquet');
const folder = join(dir, 'parts');

/** Reference order: the sort key ascending/descending with missing last, ties by file row. */
function sorted(key: 'score' | 'city', descending: boolean, rows = recs): Rec[] {
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null && y === null) return a.id - b.id;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return (descending ? -c : c) || a.id - b.id;
  });
}

const spec = (s: Partial<ViewSpec>): ViewSpec => ({ filter: '', quick: new Map(), ...s });

describe('viewer table: paging, sort and filters', function () {
  this.timeout(60000);
  before(async () => {
    const e = await Engine.create({ threads: 1 });
    await e.exec(`COPY (SELECT * FROM read_csv(${quoteLiteral(csv)})) TO ${quoteLiteral(parquet)} (FORMAT parquet, ROW_GROUP_SIZE 500)`);
    for (const [i, part] of [[0, 'city=Lima'], [1, 'city=Oslo']] as const) {
      mkdirSync(join(folder, part), { recursive: true });
      // two files per partition, in path order: rows are read file after file
      for (const k of [1, 2]) await e.exec(`COPY (SELECT id, score, day FROM read_csv(${quoteLiteral(csv)}) WHERE city = ${quoteLiteral(part.slice(5))} AND id % 2 = ${k - 1}) TO ${quoteLiteral(join(folder, part, `part-${k}.parquet`))} (FORMAT parquet)`);
      void i;
    }
    e.close();
  });

  for (const [label, file] of [['CSV (engine table)', () => csv], ['Parquet file', () => parquet]] as const) {
    describe(label, () => {
      let engine: Engine;
      let table: ViewerTable;
      before(async () => {
        const o = await openSandboxed(file(), { threads: 2 });
        engine = o.engine;
        table = await ViewerTable.create(engine, o.dataset);
      });
      after(async () => { await table.release(); engine.close(); });

      it('file order: any page is the rows at those positions', async () => {
        assert.equal(await table.setView(spec({})), N);
        for (const start of [0, 1234, N - 7]) {
          const page = await table.page(start, 50);
          assert.deepEqual(page.map((r) => r.row), recs.slice(start, start + 50).map((r) => r.id));
          assert.deepEqual(page.map((r) => r.cells[2]), recs.slice(start, start + 50).map((r) => r.city));
        }
        assert.deepEqual(await table.page(N, 10), []);
      });

      for (const [key, descending] of [['score', false], ['score', true], ['city', false]] as const) {
        it(`sort by ${key}${descending ? ' descending' : ''}: first page (top-N) and deep pages (order table) match the reference`, async () => {
          await table.setView(spec({ sort: { column: key, descending } }));
          const ref = sorted(key, descending).map((r) => r.id);
          assert.deepEqual((await table.page(0, 100)).map((r) => r.row), ref.slice(0, 100));
          assert.deepEqual((await table.page(150, 100)).map((r) => r.row), ref.slice(150, 250));
          assert.deepEqual((await table.page(N - 60, 100)).map((r) => r.row), ref.slice(N - 60));
        });
      }

      it('SQL filter + quick filter + sort: count and rows match the reference', async () => {
        const n = await table.setView(spec({ filter: "score > 20 AND city <> 'Rome'", quick: new Map([['day', '>= 2026-03-01']]), sort: { column: 'score', descending: true } }));
        const ref = sorted('score', true, recs.filter((r) => r.score !== null && r.score > 20 && r.city !== 'Rome' && r.day >= '2026-03-01')).map((r) => r.id);
        assert.equal(n, ref.length);
        assert.deepEqual((await table.page(0, 5000)).map((r) => r.row), ref);
      });

      it('a filter that matches nothing; a bad filter leaves the previous view', async () => {
        assert.equal(await table.setView(spec({ filter: 'score > 1e9' })), 0);
        assert.deepEqual(await table.page(0, 10), []);
        await assert.rejects(table.setView(spec({ filter: 'nope > 1' })), InputError);
        assert.equal(table.rows, 0);
      });

      it('record: every field of one file row', async () => {
        const r = recs[42]!;
        const got = await table.record(42);
        assert.deepEqual([got?.[0], got?.[1] === null ? null : Number(got?.[1]), got?.[2], got?.[3]], [String(r.id), r.score, r.city, r.day]);
      });
    });
  }

  describe('a partitioned folder', () => {
    let engine: Engine;
    let table: ViewerTable;
    const inFolder = ['Lima', 'Oslo'].flatMap((c) => [0, 1].flatMap((m) => recs.filter((r) => r.city === c && r.id % 2 === m)));
    before(async () => {
      const o = await openSandboxed(folder, { threads: 2 });
      engine = o.engine;
      table = await ViewerTable.create(engine, o.dataset);
    });
    after(async () => { await table.release(); engine.close(); });

    it('row ids run across the files in path order; pages that span two files', async () => {
      assert.equal(await table.setView(spec({})), inFolder.length);
      const cut = inFolder.filter((r) => r.city === 'Lima' && r.id % 2 === 0).length;
      const page = await table.page(cut - 3, 6);
      assert.deepEqual(page.map((r) => r.row), [cut - 3, cut - 2, cut - 1, cut, cut + 1, cut + 2]);
      assert.deepEqual(page.map((r) => Number(r.cells[0])), inFolder.slice(cut - 3, cut + 3).map((r) => r.id));
    });
    it('sorted and filtered on the partition column', async () => {
      await table.setView(spec({ filter: "city = 'Oslo'", sort: { column: 'score', descending: false } }));
      // ties by row id, which is the position in the folder's file order here
      const pos = new Map(inFolder.map((r, i) => [r.id, i]));
      const ref = sorted('score', false, inFolder.filter((r) => r.city === 'Oslo').map((r) => ({ ...r, id: pos.get(r.id)! })));
      const ids = new Map(inFolder.map((r, i) => [i, r.id]));
      const got = await table.page(0, 2000);
      assert.deepEqual(got.map((r) => Number(r.cells[0])), ref.map((r) => ids.get(r.id)));
    });
  });

  describe('quick filters', () => {
    it('turn typed text into conditions with quoted values; bad input names the column', () => {
      assert.equal(quickFilterSql('a b', 'DOUBLE', '> 5'), `"a b" > '5'::DOUBLE`);
      assert.equal(quickFilterSql('x', 'BIGINT', '1..10'), `"x" BETWEEN '1'::DOUBLE AND '10'::DOUBLE`);
      assert.equal(quickFilterSql('x', 'BIGINT', 'empty'), '"x" IS NULL');
      assert.equal(quickFilterSql('c', 'VARCHAR', "O'sl"), `contains(lower(CAST("c" AS VARCHAR)), 'o''sl')`);
      assert.equal(quickFilterSql('c', 'VARCHAR', '=Oslo'), `CAST("c" AS VARCHAR) = 'Oslo'`);
      assert.equal(quickFilterSql('d', 'DATE', '2026-01..2026-03'), `CAST("d" AS TIMESTAMP) BETWEEN CAST('2026-01-01' AS TIMESTAMP) AND CAST('2026-03-01' AS TIMESTAMP)`);
      assert.equal(quickFilterSql('f', 'BOOLEAN', 'yes'), '"f" = TRUE');
      assert.equal(quickFilterSql('x', 'DOUBLE', '  '), undefined);
      assert.throws(() => quickFilterSql('amount', 'DOUBLE', '> abc'), (e: unknown) => e instanceof InputError && e.code === 'QUICK_FILTER' && /'amount'/.test(e.message));
      assert.throws(() => quickFilterSql('d', 'DATE', "2026'; DROP"), /not understood/);
    });
  });
});
