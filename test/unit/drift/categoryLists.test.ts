import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { LISTED_CATEGORIES, categoryListText } from '../../../src/core/drift/categoryLists';
import { driftToMarkdown } from '../../../src/core/drift/driftMarkdown';
import { runDrift } from '../../../src/core/drift/runDrift';
import { driftVerdict } from '../../../src/core/verdict/drift';
import { table } from './engineTable';

/**
 * A column of many categories (zip codes, user agents) lists at most LISTED_CATEGORIES names per list in the
 * report, with how many there are: 100 such columns of ~48k names made a 1,000-column report 180 MB, and the
 * Markdown listed every new category in one table cell.
 */
describe('drift: long category lists are capped, with their totals', function () {
  this.timeout(120000);

  it('keeps the first names and says how many, in the JSON, the Markdown and the verdict', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      // 'z' has 2,000 names on each side, 1,500 of the current's are new; 'few' has 3 and 1 new.
      const ref = await table(engine, 'lref', `SELECT 'r' || (i % 2000)::VARCHAR AS z, (['a', 'b', 'c'])[1 + (i % 3)::BIGINT] AS few FROM range(20000) t(i)`);
      const cur = await table(engine, 'lcur', `SELECT CASE WHEN i % 2000 < 500 THEN 'r' || (i % 2000)::VARCHAR ELSE 'n' || (i % 2000)::VARCHAR END AS z, (['a', 'b', 'd'])[1 + (i % 3)::BIGINT] AS few FROM range(20000) t(i)`);
      const report = await runDrift(engine, ref, cur, {});
      const z = report.columns.find((c) => c.column === 'z')!;
      assert.equal(z.kind, 'categorical');
      assert.equal(z.details.unseenCategories!.length, LISTED_CATEGORIES);
      assert.equal(z.details.unseenCategoryCount, 1500);
      assert.equal(z.details.vanishedCategories!.length, LISTED_CATEGORIES);
      assert.equal(z.details.vanishedCategoryCount, 1500);
      assert.deepEqual(z.details.unseenCategories!.slice(0, 2), ['n1000', 'n1001']);
      const test = z.details.test as { categories: unknown[]; categoryCount?: number };
      assert.equal(test.categories.length, LISTED_CATEGORIES);
      assert.equal(test.categoryCount, 3500);
      assert.equal(z.drifted, true);
      const few = report.columns.find((c) => c.column === 'few')!;
      assert.deepEqual(few.details.unseenCategories, ['d']);
      assert.equal(few.details.unseenCategoryCount, undefined);
      const md = driftToMarkdown(report);
      assert.match(md, /n1000, n1001, .* … and 1,480 more/);
      assert.doesNotMatch(md, /n1999/);
      const reasons = driftVerdict(report).reasons.join('\n');
      assert.match(reasons, /z: .*new categories 'n1000', 'n1001', 'n1002' and 1,497 more/);
    } finally {
      engine.close();
    }
  });

  it('words a list for a person: the first names and how many others', () => {
    assert.equal(categoryListText(['a', 'b', 'c'], 3, 2), 'a, b … and 1 more');
    assert.equal(categoryListText(['a', 'b'], 5000, 2), 'a, b … and 4,998 more');
    assert.equal(categoryListText(['a', 'b']), 'a, b');
    assert.equal(categoryListText(undefined), '');
  });
});
