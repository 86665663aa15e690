import type { RunOptions } from '../data/engine';
import { mapLimit } from '../data/mapLimit';
import type { SqlDialect } from '../plan/dialect';
import type { EngineInfo, ExecutorFastPaths, PlanExecutor } from '../plan/executor';
import type { AggregatePlan, PlanRow } from '../plan/plan';
import { renderPlan } from '../plan/render';
import { guardScan, type ConfirmScan } from './costGuard';
import { dialectFor } from './dialects';
import type { WarehouseExecutor } from './types';
import { dict } from '../dict';

export interface WarehousePlanOptions {
  /** Ask before a statement the engine estimates above this many bytes (0: never ask). */
  maxScanBytes?: number;
  /** Answers the cost guard's question; without it, a scan above the limit is refused. */
  confirm?: ConfirmScan;
  /** What is being computed, for the cost guard's question ("profile of pg:public.features"). */
  what?: string;
}

const ENGINE_LABELS: Record<string, string> = { postgres: 'PostgreSQL', databricks: 'Databricks SQL', trino: 'Trino', bigquery: 'BigQuery', snowflake: 'Snowflake', athena: 'Amazon Athena' };

/**
 * Runs aggregate plans in a warehouse: renders each plan with the engine's dialect and sends the SELECT
 * through the engine's executor (read-only session, time limit, cancellation on the server). Output names
 * come back as the plan wrote them, whatever case the engine folds them to (Trino lower-cases). Before the
 * first statement the cost guard asks the engine's estimate; once a scan is confirmed, later statements of
 * the same analysis are not asked again (they read the same table). Up to 4 plans run at once.
 */
export class WarehousePlanExecutor implements PlanExecutor {
  readonly dialect: SqlDialect;
  readonly engine: EngineInfo;
  readonly fast: ExecutorFastPaths = { select: (sql, options) => this.select(sql, options) };
  /** Statements sent, in order (for reports, tests and the benchmark). */
  readonly statements: string[] = [];
  private approved = false;
  /** Boolean columns per table (JSON of its path), for engines without min/max over booleans. */
  private readonly booleans = new Map<string, Set<string>>();

  constructor(readonly warehouse: WarehouseExecutor, private readonly options: WarehousePlanOptions = {}) {
    this.dialect = dialectFor(warehouse.engine);
    this.engine = { name: warehouse.engine, local: false, label: warehouse.location.startsWith(ENGINE_LABELS[warehouse.engine] ?? '\u0000') ? warehouse.location : `${ENGINE_LABELS[warehouse.engine]}: ${warehouse.location}` };
  }

  sql(plan: AggregatePlan): string {
    return renderPlan(this.adapt(plan), this.dialect);
  }

  /** Tells the executor a table's column types (openSourceDataset does), for the rewrites in adapt(). */
  knowColumns(path: readonly string[], columns: readonly { name: string; type: string }[]): void {
    this.booleans.set(JSON.stringify(path), new Set(columns.filter((c) => c.type === 'BOOLEAN').map((c) => c.name)));
  }

  /**
   * Engine gaps closed by rewriting the plan, not the renderer: PostgreSQL has no min/max over booleans, so
   * min(b)/max(b) of a boolean column become min/max of its text ('false' < 'true', the same order), which
   * is what a varchar-typed output of min(b) holds on every engine.
   */
  private adapt(plan: AggregatePlan): AggregatePlan {
    if (this.warehouse.engine !== 'postgres' || plan.source.kind !== 'table' || plan.derive?.length) return plan;
    const bools = this.booleans.get(JSON.stringify(plan.source.path));
    if (!bools?.size) return plan;
    let changed = false;
    const aggregates = plan.aggregates.map((a) => {
      const g = a.agg;
      if ((g.fn === 'min' || g.fn === 'max' || g.fn === 'example') && g.arg.op === 'col' && bools.has(g.arg.name)) {
        changed = true;
        return { ...a, agg: { ...g, arg: { op: 'cast' as const, to: 'varchar' as const, arg: g.arg } } };
      }
      return a;
    });
    return changed ? { ...plan, aggregates } : plan;
  }

  async run(plan: AggregatePlan, options: RunOptions = {}): Promise<PlanRow[]> {
    const sql = this.sql(plan);
    if (!this.approved && (this.options.maxScanBytes ?? 0) > 0) {
      await guardScan(this.warehouse, sql, this.options.maxScanBytes!, this.options.confirm ?? (async () => false), { signal: options.signal, what: this.options.what ?? 'this analysis' });
      this.approved = true;
    }
    this.statements.push(sql);
    const result = await this.warehouse.query(sql, { signal: options.signal });
    const names = new Map<string, string>();
    for (const o of [...(plan.groupBy ?? []), ...plan.aggregates]) names.set(o.name.toLowerCase(), o.name);
    return result.rows.map((row) => {
      const out: PlanRow = dict();
      for (const [k, v] of Object.entries(row)) out[names.get(k.toLowerCase()) ?? k] = v;
      return out;
    });
  }

  /** A generated SELECT built from rendered plans (ExecutorFastPaths.select): the cost guard and SELECT-only guard apply as to plans. */
  async select(sql: string, options: RunOptions = {}): Promise<PlanRow[]> {
    if (!this.approved && (this.options.maxScanBytes ?? 0) > 0) {
      await guardScan(this.warehouse, sql, this.options.maxScanBytes!, this.options.confirm ?? (async () => false), { signal: options.signal, what: this.options.what ?? 'this analysis' });
      this.approved = true;
    }
    this.statements.push(sql);
    const result = await this.warehouse.query(sql, { signal: options.signal });
    return result.rows.map((row) => {
      const out: PlanRow = dict();
      for (const [k, v] of Object.entries(row)) out[k.toLowerCase()] = v;
      return out;
    });
  }

  async runAll(plans: readonly AggregatePlan[], options: RunOptions = {}): Promise<PlanRow[][]> {
    if (plans.length && !this.approved) {
      // The first plan goes alone so the cost guard asks once, before anything else is sent.
      const first = await this.run(plans[0]!, options);
      return [first, ...(await mapLimit([...plans.slice(1)], 4, (p) => this.run(p, options)))];
    }
    return mapLimit([...plans], 4, (p) => this.run(p, options));
  }
}
