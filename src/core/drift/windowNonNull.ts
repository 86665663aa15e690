import type { PlanRow } from '../plan/plan';
import type { ColumnPlan } from './columnPlan';
import type { ColumnScan } from './driftSide';
import type { NumericGrid } from './numericGrid';
import type { TimeWindow } from './windows';

/**
 * Every window's column scans (by TimeWindow.key, one ColumnScan per plan column) from what drift over time's
 * passes already hold, where one more statement grouped by window read them from the file; a window's
 * comparison reads only their non-NULL counts (compareSides), which are:
 * - a column of pass 1 (`gridColumns`, its window grids `grids[slot][j]`): its finite and dropped values, as
 *   pass 1 gave every non-NULL value to its window's grid;
 * - a text or boolean column counted by window (`counts`, countPlan: every non-NULL value counted): their sum.
 * Undefined when a plan column has neither (a numeric column counted without a grid: its counts leave NaN and
 * ±Infinity out); the caller then scans the windows.
 */
export async function windowNonNull(
  plans: readonly ColumnPlan[], windows: readonly TimeWindow[], gridColumns: readonly string[], grids: readonly (readonly NumericGrid[])[],
  counts: (column: string) => Promise<Map<string, PlanRow[]>>,
): Promise<Map<string, ColumnScan[]> | undefined> {
  const perColumn: ((slot: number) => number)[] = [];
  const gridIndex = new Map(gridColumns.map((c, j) => [c, j]));
  for (const p of plans) {
    const j = gridIndex.get(p.column) ?? -1;
    if (j >= 0 && grids.length === windows.length) {
      perColumn.push((slot) => grids[slot]![j]!.finite + grids[slot]![j]!.dropped);
    } else if (p.useCounts && p.counts && p.kind !== 'numeric') {
      const byWindow = await counts(p.column);
      perColumn.push((slot) => (byWindow.get(windows[slot]!.key) ?? []).reduce((s, r) => s + Number(r['n']), 0));
    } else return undefined;
  }
  return new Map(windows.map((win, slot) => [win.key, perColumn.map((nonNull) => ({ nonNull: nonNull(slot) }))]));
}
