import * as assert from 'node:assert/strict';
import { headerCell, headerCells } from '../../../src/core/data/headerCells';

describe('headerCells: where a column name sits in a CSV header (diagnostics on the header cell)', () => {
  it('finds plain, quoted and BOM-prefixed names with their offsets', () => {
    const line = '\uFEFFid,"name, full",age,"say ""hi"""';
    const cells = headerCells(line);
    assert.deepEqual(cells.map((c) => c.name), ['id', 'name, full', 'age', 'say "hi"']);
    assert.equal(line.slice(cells[1]!.start, cells[1]!.end), '"name, full"');
    assert.equal(line.slice(cells[2]!.start, cells[2]!.end), 'age');
  });

  it('matches the whole cell, not a substring (regression: indexOf put "age" inside "has_mortgage")', () => {
    const line = 'has_mortgage,age';
    const c = headerCell(line, 'age');
    assert.equal(c?.start, 13);
    assert.equal(headerCell(line, 'mort'), undefined);
  });

  it('splits on the given delimiter (TSV)', () => {
    assert.deepEqual(headerCells('a\tb c\td', '\t').map((c) => [c.name, c.start]), [['a', 0], ['b c', 2], ['d', 6]]);
  });
});
