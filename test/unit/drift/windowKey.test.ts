import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { groupByWindow, timeWindows, windowKeyValue } from '../../../src/core/drift/windows';
import { col, notNull } from '../../../src/core/plan/expr';
import { withFilter } from '../../../src/core/plan/target';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { AggregatePlan, PlanRow } from '../../../src/core/plan/plan';
import type { RunOptions } from '../../../src/core/data/engine';

class RecordingExecutor extends DuckDbExecutor {
  readonly sqls: string[] = [];
  override run(plan: AggregatePlan, options: RunOptions = {}): Promise<PlanRow[]> {
    this.sqls.push(this.sql(plan));
    return super.run(plan, options);
  }
}

/**
 * Issue 18, drift over time at 10M rows: every per-window pass groups rows by the window key's value (a timestamp,
 * a chunk number) and casts only each window's key to text; casting every row's timestamp to text cost 3.5× the CPU of
 * a count per window and category. The keys and counts are the windows' own.
 */
describe('drift over time: rows grouped by the window key before its cast to text', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    await engine.exec(`CREATE TABLE w AS SELECT DATE '2026-01-01' + (i % 40)::INTEGER AS day, CASE WHEN i % 11 = 0 THEN NULL ELSE (['a', 'b'])[1 + i % 2] END AS g FROM range(4000) t(i)`);
  });
  after(() => engine.close());

  for (const window of ['week', '3chunks'] as const) {
    it(`${window}: the same keys and counts, grouped by the value`, async () => {
      const exec = new RecordingExecutor(engine);
      const ds = { path: 'w', relation: 'w', columns: [{ name: 'day', type: 'DATE' }, { name: 'g', type: 'VARCHAR' }] };
      const w = await timeWindows(exec, ds, 'day', window === 'week' ? { unit: 'week' } : { chunks: 3 });
      try {
        assert.notDeepEqual(windowKeyValue(w.key), w.key);
        exec.sqls.length = 0;
        const byWindow = await groupByWindow(exec, w, { where: notNull(col('g')), groupBy: [{ name: 'k', expr: col('g'), type: 'varchar' }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] });
        const sql = exec.sqls.join('\n');
        const groupBy = sql.slice(sql.indexOf('GROUP BY'));
        assert.ok(sql.includes('GROUP BY') && !groupBy.includes('AS VARCHAR'), sql);
        assert.deepEqual([...byWindow.keys()], w.windows.map((x) => x.key));
        // Each window's counts from its own filter (the window-by-window way), independent of the key.
        for (const win of w.windows) {
          const own = await exec.run({ source: withFilter(w.base, win.where), where: notNull(col('g')), groupBy: [{ name: 'k', expr: col('g'), type: 'varchar' }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] });
          const sorted = (rows: PlanRow[]) => rows.map((r) => `${String(r['k'])}=${String(r['n'])}`).sort();
          assert.deepEqual(sorted(byWindow.get(win.key)!), sorted(own));
        }
        const total = [...byWindow.values()].flat().reduce((s, r) => s + Number(r['n']), 0);
        assert.equal(total, 4000 - Math.ceil(4000 / 11));
      } finally {
        await w.release();
      }
    });
  }
});
