import type { RunOptions } from '../data/engine';
import { cast, col, notNull, when } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { PlanRow } from '../plan/plan';
import { renderExpr, renderSource } from '../plan/render';
import type { CountRequest } from './countColumns';
import { countPlan } from './pullSamples';
import { groupByWindow, windowKeyValue, type Windowing } from './windows';

/**
 * Every window's category counts of several columns (groupByWindow of countPlan for each: rows { k, n } by
 * TimeWindow.key, the same keys and numbers) from one statement on the embedded engine: one read of the data,
 * the window key computed once per row, and one GROUP BY GROUPING SETS ((window, k_i)) branch per column, where
 * one query per column read the file and truncated every row's time once per column (5 columns at 10M rows:
 * 5 reads). Elsewhere, and for a single column, groupByWindow per column.
 */
export async function countWindowsAtOnce(exec: PlanExecutor, w: Windowing, columns: readonly CountRequest[], options: RunOptions = {}): Promise<Map<string, PlanRow[]>[]> {
  const embedded = exec.capabilities?.embedded;
  if (!embedded || !exec.capabilities?.windowKeyByValue || columns.length < 2) {
    return Promise.all(columns.map((c) => groupByWindow(exec, w, countPlan(c.column, c.numeric), options)));
  }
  const d = embedded.dialect;
  const key = windowKeyValue(w.key);
  // countPlan's key and filter as one expression per column: the value's text, NULL where countPlan leaves it out.
  const keys = columns.map((c) => {
    const p = countPlan(c.column, c.numeric);
    return renderExpr(when([[p.where!, p.groupBy![0]!.expr]]), d);
  });
  const quoteIdent = (name: string) => d.quoteIdent(name);
  const k = (i: number) => quoteIdent(`k${i}`);
  const wk = quoteIdent('wk');
  const sql = `SELECT ${renderExpr(cast(col('wk'), 'varchar'), d)} AS ${quoteIdent('window_key')}, ${keys.map((_e, i) => k(i)).join(', ')}, count(*)::BIGINT AS ${quoteIdent('n')}
FROM (SELECT ${renderExpr(key, d)} AS ${wk}, ${keys.map((e, i) => `${e} AS ${k(i)}`).join(', ')} FROM ${renderSource(w.base, d)} WHERE ${renderExpr(notNull(key), d)}) AS q
GROUP BY GROUPING SETS (${keys.map((_e, i) => `(${wk}, ${k(i)})`).join(', ')})`;
  const out = columns.map(() => new Map<string, PlanRow[]>(w.windows.map((win) => [win.key, []])));
  // A row of set i has k_i set and every other k NULL; a row whose k_i is NULL too (values countPlan leaves out) is skipped.
  for (const r of await embedded.db.run(sql, options)) {
    const i = keys.findIndex((_e, j) => r[`k${j}`] !== null && r[`k${j}`] !== undefined);
    if (i >= 0) out[i]!.get(String(r['window_key']))?.push({ window_key: r['window_key'], k: r[`k${i}`], n: r['n'] });
  }
  return out;
}

