import type { SqlDialect } from '../../../src/core/plan/dialect';
import type { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import type { AggregatePlan, Source } from '../../../src/core/plan/plan';
import { renderPlan } from '../../../src/core/plan/render';

/**
 * The embedded engine's executor that also renders every plan in another dialect, with the dataset's relation
 * shown as the table sales.orders: the statements a warehouse would receive, in the order they are sent.
 */
export function recording(inner: DuckDbExecutor, dialect: SqlDialect, relation: Source): PlanExecutor & { sql: string[] } {
  const table: Source = { kind: 'table', path: ['sales', 'orders'] };
  const sql: string[] = [];
  const swap = (p: AggregatePlan): AggregatePlan => ({ ...p, source: JSON.stringify(p.source) === JSON.stringify(relation) ? table : p.source });
  return {
    sql, dialect: inner.dialect, engine: inner.engine, fast: {},
    run: (p, o) => { sql.push(renderPlan(swap(p), dialect)); return inner.run(p, o); },
    runAll: (ps, o) => { for (const p of ps) sql.push(renderPlan(swap(p), dialect)); return inner.runAll(ps, o); },
  };
}
