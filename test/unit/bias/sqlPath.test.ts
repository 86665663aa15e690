import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { confusionFromArrays } from '../../../src/core/bias/confusionFromArrays';
import { confusionFromSql, confusionSql } from '../../../src/core/bias/confusionSql';
import { loadTable, memoryDb } from './helpers';

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/bias/generated.json'), 'utf8')) as { data: Record<string, (string | number | null)[]> };

describe('confusion counts: SQL (one GROUPING SETS query) and in-memory paths agree exactly', () => {
  let db: Awaited<ReturnType<typeof memoryDb>>;
  const d = fixture.data;
  before(async () => {
    db = await memoryDb();
    await loadTable(db.execute, 'ds', {
      gender: { type: 'VARCHAR', values: d['gender'] ?? [] },
      region: { type: 'VARCHAR', values: d['region'] ?? [] },
      age: { type: 'VARCHAR', values: d['age'] ?? [] },
      y: { type: 'INTEGER', values: d['y'] ?? [] },
      pred: { type: 'INTEGER', values: d['pred'] ?? [] },
      score: { type: 'DOUBLE', values: d['score'] ?? [] },
    });
  });
  after(() => db.close());
  const attributes = { gender: d['gender'] ?? [], region: d['region'] ?? [], age: d['age'] ?? [] };

  it('with a prediction column', async () => {
    const sql = await confusionFromSql(db.execute, '"ds"', ['gender', 'region', 'age'], { label: 'y', labelFavorable: 1, prediction: 'pred', predictionFavorable: 1 }, 4000);
    const mem = confusionFromArrays({ attributes, label: d['y'] ?? [], favorable: 1, prediction: d['pred'] ?? [] });
    assert.deepEqual(sql, mem);
    const finest = await confusionFromSql(db.execute, '"ds"', ['gender', 'region', 'age'], { label: 'y', labelFavorable: 1, prediction: 'pred', predictionFavorable: 1 }, 4000, 'finest');
    assert.deepEqual(finest, mem);
    assert.equal(sql.groups.length, 3 + 20 + 4 + 60 + 12 + 80 + mem.groups.filter((g) => g.attributes.length === 3).length);
  });

  it('with a score column and threshold', async () => {
    const sql = await confusionFromSql(db.execute, '"ds"', ['gender', 'age'], { label: 'y', labelFavorable: 1, score: 'score', threshold: 0.62 }, 4000);
    const mem = confusionFromArrays({ attributes: { gender: attributes.gender, age: attributes.age }, label: d['y'] ?? [], favorable: 1, score: (d['score'] ?? []) as number[], threshold: 0.62 });
    assert.deepEqual(sql, mem);
  });

  it('quotes identifiers and literals: hostile names cannot break out of the query', async () => {
    await loadTable(db.execute, 'we"ird', {
      'a"b; DROP TABLE ds; --': { type: 'VARCHAR', values: ["it's", "it's", null, 'x'] },
      "lab'el": { type: 'VARCHAR', values: ["y'es", 'no', "y'es", 'no'] },
      p: { type: 'VARCHAR', values: ["y'es", "y'es", 'no', 'no'] },
    });
    const sqlText = confusionSql('"we""ird"', ['a"b; DROP TABLE ds; --'], { label: "lab'el", labelFavorable: "y'es", prediction: 'p', predictionFavorable: "y'es" });
    assert.ok(sqlText.includes('"a""b; DROP TABLE ds; --"'));
    const t = await confusionFromSql(db.execute, '"we""ird"', ['a"b; DROP TABLE ds; --'], { label: "lab'el", labelFavorable: "y'es", prediction: 'p', predictionFavorable: "y'es" }, 4);
    assert.deepEqual(t.overall, { n: 4, tp: 1, fp: 1, fn: 1, tn: 1 });
    assert.deepEqual(t.groups.map((g) => [g.group, g.counts.n]), [["it's", 2], ['x', 1], ['(missing)', 1]]);
    assert.equal((await db.execute('SELECT COUNT(*) AS n FROM ds'))[0]?.['n'], 4000n);
  });
});
