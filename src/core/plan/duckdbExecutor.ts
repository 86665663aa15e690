import type { Engine, RunOptions } from '../data/engine';
import { streamDoubleExprs } from '../data/streamDoubles';
import { duckdbDialect } from './duckdbDialect';
import type { DoubleColumnBatch, EngineInfo, ExecutorFastPaths, PlanExecutor } from './executor';
import type { Expr } from './expr';
import type { AggregatePlan, PlanRow, Source } from './plan';
import { renderExpr, renderPlan, renderSource } from './render';

/**
 * The embedded DuckDB as a plan executor, over the existing Engine (its connections, cancellation, progress
 * and memory limit). runAll batches plans whose outputs are all typed and alike into one UNION ALL (one
 * statement, DuckDB overlaps the scans); others run concurrently. Fast path: streamDoubles over DuckDB's own
 * double buffers (data/streamDoubles.ts).
 */
export class DuckDbExecutor implements PlanExecutor {
  readonly dialect = duckdbDialect;
  readonly engine: EngineInfo = { name: 'duckdb', local: true, label: 'DuckDB (embedded)' };
  readonly fast: ExecutorFastPaths;

  constructor(readonly db: Engine) {
    this.fast = {
      streamDoubles: (source: Source, exprs: readonly Expr[], visit: (batch: DoubleColumnBatch[], rows: number) => void | Promise<void>, options?: RunOptions) =>
        streamDoubleExprs(db, renderSource(source, this.dialect), exprs.map((e) => renderExpr(e, this.dialect)), visit, options),
    };
  }

  sql(plan: AggregatePlan): string {
    return renderPlan(plan, this.dialect);
  }

  run(plan: AggregatePlan, options: RunOptions = {}): Promise<PlanRow[]> {
    return this.db.run(this.sql(plan), options);
  }

  async runAll(plans: readonly AggregatePlan[], options: RunOptions = {}): Promise<PlanRow[][]> {
    const out: PlanRow[][] = plans.map(() => []);
    const groups = new Map<string, number[]>();
    plans.forEach((p, i) => {
      const sig = signature(p);
      const key = sig ?? `#${i}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    await Promise.all([...groups.values()].map(async (idx) => {
      if (idx.length === 1) {
        out[idx[0]!] = await this.run(plans[idx[0]!]!, options);
        return;
      }
      const sql = idx.map((i, k) => `SELECT ${k} AS "_plan", * FROM (${this.sql(plans[i]!)})`).join('\nUNION ALL\n');
      for (const row of await this.db.run(sql, options)) {
        const k = Number(row['_plan']);
        delete row['_plan'];
        out[idx[k]!]!.push(row);
      }
    }));
    return out;
  }
}

/** Output names and types when every output is typed (then plans with equal signatures can share a UNION ALL). */
function signature(p: AggregatePlan): string | undefined {
  if (p.orderBy?.length || p.top?.partitionBy?.length) return undefined;
  const outs = [...(p.groupBy ?? []), ...p.aggregates];
  if (outs.some((o) => !o.type)) return undefined;
  return outs.map((o) => `${o.name}:${o.type}`).join(',');
}
