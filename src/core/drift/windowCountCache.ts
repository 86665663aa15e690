import type { Engine, RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import type { PlanRow } from '../plan/plan';
import { asExecutor } from '../plan/target';
import { countPlan } from './pullSamples';
import type { CountRequest } from './countColumns';
import { countWindowsAtOnce } from './windowCounts';
import { groupByWindow, type Windowing } from './windows';

/**
 * Every window's category counts of a column, counted once whoever asks (the plan's countBoth, the windows'
 * scans, the later windows' distinct values): one grouped statement for the columns asked for together
 * (prefetch), else one pass grouped by window per column.
 */
export class WindowCountCache {
  private readonly counted = new Map<string, Promise<Map<string, PlanRow[]>>>();

  constructor(private readonly engine: Engine | PlanExecutor, private readonly w: Windowing, private readonly options: RunOptions) {}

  /** Every window's category counts of these columns not yet asked for, from one statement (countWindowsAtOnce). */
  prefetch(requests: readonly CountRequest[]): void {
    const fresh = requests.filter((r, i) => !this.counted.has(countId(r)) && requests.findIndex((o) => countId(o) === countId(r)) === i);
    if (fresh.length < 2) return;
    const all = countWindowsAtOnce(asExecutor(this.engine), this.w, fresh, this.options);
    all.catch(() => undefined);
    fresh.forEach((r, i) => {
      const one = all.then((x) => x[i]!);
      one.catch(() => undefined); // awaited by whoever asks for the column; never an unhandled rejection meanwhile
      this.counted.set(countId(r), one);
    });
  }

  /** Every window's category counts of a column (groupByWindow of countPlan), by TimeWindow.key. */
  of(column: string, numeric: boolean): Promise<Map<string, PlanRow[]>> {
    const id = countId({ column, numeric });
    let p = this.counted.get(id);
    if (!p) {
      p = groupByWindow(this.engine, this.w, countPlan(column, numeric), this.options);
      this.counted.set(id, p);
    }
    return p;
  }
}

const countId = (r: CountRequest): string => `${r.numeric ? 'n' : 't'}:${r.column}`;
