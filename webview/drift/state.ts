import { formatPercent } from '../../src/core/render/numbers';
import type { ColumnDrift, DriftReport } from '../../src/core/drift/driftReport';

export type DriftSortKey = 'column' | 'kind' | 'test' | 'score' | 'threshold' | 'drifted';

export interface DriftViewState {
  status: 'loading' | 'ready' | 'failed';
  report?: DriftReport;
  error?: string;
  sortKey: DriftSortKey;
  descending: boolean;
  filter: string;
  onlyDrifted: boolean;
  selected?: string;
}

export type DriftAction =
  | { type: 'loading' }
  | { type: 'snapshot'; report: DriftReport }
  | { type: 'failed'; message: string }
  | { type: 'sort'; key: DriftSortKey }
  | { type: 'filter'; text: string }
  | { type: 'onlyDrifted'; value: boolean }
  | { type: 'select'; column: string | undefined };

export const initialDriftState: DriftViewState = { status: 'loading', sortKey: 'drifted', descending: true, filter: '', onlyDrifted: false };

/** Pure state transitions of the drift panel; unit-tested without a DOM. */
export function reduceDrift(s: DriftViewState, a: DriftAction): DriftViewState {
  switch (a.type) {
    case 'loading':
      return { ...s, status: 'loading' };
    case 'snapshot': {
      const keep = s.selected !== undefined && a.report.columns.some((c) => c.column === s.selected);
      const next: DriftViewState = { ...s, status: 'ready', report: a.report };
      delete next.error;
      if (!keep) delete next.selected;
      return next;
    }
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'sort':
      return a.key === s.sortKey ? { ...s, descending: !s.descending } : { ...s, sortKey: a.key, descending: a.key === 'drifted' };
    case 'filter':
      return { ...s, filter: a.text };
    case 'onlyDrifted':
      return { ...s, onlyDrifted: a.value };
    case 'select': {
      const next = { ...s };
      if (a.column === undefined || a.column === s.selected) delete next.selected;
      else next.selected = a.column;
      return next;
    }
  }
}

/** The plain-language verdict, e.g. "7 of 20 features drifted; dataset drift detected". */
export function verdict(r: DriftReport): string {
  const d = r.dataset;
  const head = `${d.driftedColumns} of ${d.totalColumns} feature${d.totalColumns === 1 ? '' : 's'} drifted`;
  const tail = d.drifted
    ? `dataset drift detected (share ${formatPercent(d.share)} ≥ ${formatPercent(d.driftShare)})`
    : `no dataset drift (share ${formatPercent(d.share)} < ${formatPercent(d.driftShare)})`;
  return `${head}; ${tail}`;
}

function key(c: ColumnDrift, k: DriftSortKey): number | string | null {
  switch (k) {
    case 'column': return c.column.toLowerCase();
    case 'kind': return c.kind;
    case 'test': return c.test;
    case 'score': return c.score;
    case 'threshold': return c.threshold;
    case 'drifted': return c.drifted ? 1 : 0;
  }
}

/** Filtered (name substring, only drifted) and sorted columns; ties keep report order; nulls last. */
export function visibleDriftColumns(s: DriftViewState): ColumnDrift[] {
  if (!s.report) return [];
  const needle = s.filter.trim().toLowerCase();
  const rows = s.report.columns.map((c, i) => ({ c, i })).filter(({ c }) => (!s.onlyDrifted || c.drifted) && (!needle || c.column.toLowerCase().includes(needle)));
  rows.sort((a, b) => {
    const va = key(a.c, s.sortKey);
    const vb = key(b.c, s.sortKey);
    if (va === null || vb === null) return va === vb ? a.i - b.i : va === null ? 1 : -1;
    const cmp = va < vb ? -1 : va > vb ? 1 : 0;
    return cmp === 0 ? a.i - b.i : s.descending ? -cmp : cmp;
  });
  return rows.map((r) => r.c);
}
