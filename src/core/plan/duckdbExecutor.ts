import type { Engine, RunOptions } from '../data/engine';
import { traced } from '../data/engine';
import { engineMemoryBytes } from '../data/engineMemory';
import { nonNullDoubles, streamDoubleExprs } from '../data/streamDoubles';
import { duckdbDialect } from './duckdbDialect';
import type { DoubleColumnBatch, EngineInfo, ExecutorCapabilities, ExecutorFastPaths, PlanExecutor } from './executor';
import type { Expr, ScalarType } from './expr';
import type { AggregatePlan, PlanRow, Source } from './plan';
import { renderExpr, renderPlan, renderSource } from './render';
import { dict } from '../dict';

/**
 * The embedded DuckDB as a plan executor, over the existing Engine (its connections, cancellation, progress
 * and memory limit). runAll batches every plan whose outputs are all typed into one UNION ALL (one statement,
 * DuckDB overlaps the scans, as the hand-written SQL did); others run concurrently. Fast path: streamDoubles over DuckDB's own
 * double buffers (data/streamDoubles.ts). It declares every executor capability (itself as the embedded engine,
 * its memory limit, window keys grouped by value).
 */
export class DuckDbExecutor implements PlanExecutor {
  readonly dialect = duckdbDialect;
  readonly engine: EngineInfo = { name: 'duckdb', local: true, label: 'DuckDB (embedded)' };
  readonly fast: ExecutorFastPaths;
  readonly capabilities: ExecutorCapabilities;

  constructor(readonly db: Engine) {
    this.capabilities = {
      embedded: { db, dialect: this.dialect },
      memoryBytes: (options?: RunOptions) => engineMemoryBytes(db, options),
      windowKeyByValue: true,
    };
    this.fast = {
      streamDoubles: (source: Source, exprs: readonly Expr[], visit: (batch: DoubleColumnBatch[], rows: number) => void | Promise<void>, options?: RunOptions) =>
        streamDoubleExprs(db, renderSource(source, this.dialect), exprs.map((e) => renderExpr(e, this.dialect)), visit, options),
      doubleColumns: (plans: readonly AggregatePlan[], options?: RunOptions) => this.doubleColumns(plans, options),
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
    const typed = plans.flatMap((p, i) => (outputsOf(p) ? [i] : []));
    const alone = plans.flatMap((p, i) => (outputsOf(p) ? [] : [i]));
    const jobs: Promise<void>[] = alone.map(async (i) => { out[i] = await this.run(plans[i]!, options); });
    if (typed.length === 1) jobs.push(this.run(plans[typed[0]!]!, options).then((r) => { out[typed[0]!] = r; }));
    if (typed.length > 1) {
      // At most UNION_BRANCHES per statement, one statement at a time: each branch holds its own hash table.
      jobs.push((async () => {
        for (let s = 0; s < typed.length; s += UNION_BRANCHES) await this.union(plans, typed.slice(s, s + UNION_BRANCHES), out, options);
      })());
    }
    await Promise.all(jobs);
    return out;
  }

  /**
   * Plans with the same number of outputs in one UNION ALL statement, materialised (streaming it hung DuckDB at
   * 10M rows), then read chunk by chunk as DuckDB's double buffers (nonNullDoubles): thousands of rows per plan as
   * plan rows (an object per row and per UNION ALL slot) cost more JS time and garbage than the query.
   */
  private async doubleColumns(plans: readonly AggregatePlan[], options: RunOptions = {}): Promise<number[][][]> {
    const names = plans.map((p) => [...(p.groupBy ?? []), ...p.aggregates].map((o) => o.name));
    const width = names[0]?.length ?? 0;
    const out = plans.map(() => Array.from({ length: width }, (): number[] => []));
    if (!plans.length) return out;
    if (names.some((n) => n.length !== width)) throw new Error('doubleColumns: every plan needs the same number of outputs');
    const union = plans.map((p, k) => `SELECT ${k}::DOUBLE AS k, ${names[k]!.map((n, j) => `${this.dialect.quoteIdent(n)}::DOUBLE AS o${j}`).join(', ')} FROM (${this.sql(p)}) AS p${k}`).join('\nUNION ALL\n');
    await this.db.withConnection(options, (conn) => traced(union, async () => {
      const result = await conn.run(union);
      for (const chunk of await result.fetchAllChunks()) {
        const rows = chunk.rowCount;
        const cols = Array.from({ length: width + 1 }, (_x, j) => nonNullDoubles(chunk.getColumnVector(j), rows));
        const k = cols[0]!;
        for (let r = 0; r < rows; r++) {
          const o = out[k[r]!]!;
          for (let j = 0; j < width; j++) o[j]!.push(cols[j + 1]![r]!);
        }
      }
    }));
    return out;
  }

  /**
   * Typed plans in one UNION ALL statement (as the analyses' hand-written SQL was): every branch selects the
   * union of all outputs by position, NULL where it has none, and a plan number.
   */
  private async union(plans: readonly AggregatePlan[], idx: readonly number[], out: PlanRow[][], options: RunOptions): Promise<void> {
    const slots: string[] = [];
    const slotOf = new Map<string, number>();
    for (const i of idx) for (const o of outputsOf(plans[i]!)!) {
      const key = `${o.name}:${o.type}`;
      if (!slotOf.has(key)) { slotOf.set(key, slots.length); slots.push(key); }
    }
    const branch = (i: number, k: number) => {
      const mine = new Map(outputsOf(plans[i]!)!.map((o) => [slotOf.get(`${o.name}:${o.type}`)!, o.name]));
      const cols = slots.map((key, s) => (mine.has(s) ? `${this.dialect.quoteIdent(mine.get(s)!)} AS "s${s}"` : `${this.dialect.nullLiteral(key.slice(key.indexOf(':') + 1) as ScalarType)} AS "s${s}"`));
      return `SELECT ${k} AS "_plan", ${cols.join(', ')} FROM (${this.sql(plans[i]!)}) AS p${k}`;
    };
    const rows = await this.db.run(idx.map(branch).join('\nUNION ALL\n'), options);
    const names = idx.map((i) => new Map(outputsOf(plans[i]!)!.map((o) => [o.name, slotOf.get(`${o.name}:${o.type}`)!])));
    for (const row of rows) {
      const k = Number(row['_plan']);
      const r: PlanRow = dict();
      for (const [name, s] of names[k]!) r[name] = row[`s${s}`];
      out[idx[k]!]!.push(r);
    }
  }
}

/** Plans per UNION ALL statement: the hand-written SQL had one branch per column of a 20-column table. */
const UNION_BRANCHES = 64;

/** The outputs with their types when every output is typed and the plan's row order does not matter (then it can share a UNION ALL). */
function outputsOf(p: AggregatePlan): { name: string; type: ScalarType }[] | undefined {
  if (p.orderBy?.length) return undefined;
  const outs = [...(p.groupBy ?? []), ...p.aggregates];
  if (outs.some((o) => !o.type)) return undefined;
  return outs.map((o) => ({ name: o.name, type: o.type! }));
}
