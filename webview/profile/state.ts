import type { ColumnKind, ColumnProfile, DatasetProfile } from '../../src/core/profile/types';
import type { ProfileSummary } from '../../src/shared/protocol';
import { finishProfile, mergeBatch } from './stream';

export type SortKey = 'index' | 'name' | 'kind' | 'missing' | 'distinct' | 'mean' | 'std' | 'min' | 'max';

export interface ProfileViewState {
  status: 'loading' | 'ready' | 'failed';
  profile?: DatasetProfile;
  /** A profile still running: the columns finished so far, of `total`, and how far the run is. */
  stream?: { columns: ColumnProfile[]; total?: number; fraction: number; stage: string };
  error?: string;
  sortKey: SortKey;
  descending: boolean;
  filter: string;
  kind: ColumnKind | 'all';
  selected?: string;
  /** The model "Explain this row" uses (file name), when one is configured. */
  explainModel?: string;
}

export type Action =
  | { type: 'loading' }
  | { type: 'snapshot'; profile: DatasetProfile }
  | { type: 'progress'; fraction: number; stage: string; total?: number }
  | { type: 'columns'; start: number; columns: ColumnProfile[]; total: number }
  | { type: 'done'; summary: ProfileSummary }
  | { type: 'failed'; message: string }
  | { type: 'sort'; key: SortKey }
  | { type: 'filter'; text: string }
  | { type: 'kind'; kind: ColumnKind | 'all' }
  | { type: 'select'; column: string | undefined }
  | { type: 'explainModel'; model: string | null };

export const initialState: ProfileViewState = { status: 'loading', sortKey: 'index', descending: false, filter: '', kind: 'all' };

/** Pure state transitions of the profile panel; unit-tested without a DOM. */
export function reduce(s: ProfileViewState, a: Action): ProfileViewState {
  switch (a.type) {
    case 'loading': {
      const { stream: _s, ...rest } = s;
      return { ...rest, status: 'loading' };
    }
    case 'snapshot': {
      const keep = s.selected && a.profile.columns.some((c) => c.name === s.selected) ? s.selected : undefined;
      const { error: _e, stream: _s, ...rest } = s;
      return { ...rest, status: 'ready', profile: a.profile, ...(keep ? { selected: keep } : { selected: undefined }) } as ProfileViewState;
    }
    case 'progress': {
      const prev = s.stream ?? { columns: [], fraction: 0, stage: '' };
      const total = a.total ?? prev.total;
      return { ...s, stream: { ...prev, fraction: a.fraction, stage: a.stage, ...(total !== undefined ? { total } : {}) } };
    }
    case 'columns': {
      const prev = s.stream ?? { columns: [], fraction: 0, stage: '' };
      return { ...s, stream: { ...prev, total: a.total, columns: mergeBatch(prev.columns, a.start, a.columns) } };
    }
    case 'done': {
      const profile = s.stream && finishProfile(a.summary, s.stream.columns);
      if (!profile) return { ...s, status: 'failed', error: `The profile arrived incomplete (${s.stream?.columns.length ?? 0} of ${a.summary.columnCount} columns). Refresh to compute it again.` };
      return reduce(s, { type: 'snapshot', profile });
    }
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'sort':
      return a.key === s.sortKey ? { ...s, descending: !s.descending } : { ...s, sortKey: a.key, descending: a.key === 'missing' || a.key === 'distinct' };
    case 'filter':
      return { ...s, filter: a.text };
    case 'kind':
      return { ...s, kind: a.kind };
    case 'select':
      return { ...s, selected: a.column === s.selected ? undefined : a.column } as ProfileViewState;
    case 'explainModel': {
      const { explainModel: _m, ...rest } = s;
      return a.model === null ? rest : { ...rest, explainModel: a.model };
    }
  }
}

function sortValue(c: ColumnProfile, key: SortKey, index: number): number | string | null {
  switch (key) {
    case 'index': return index;
    case 'name': return c.name.toLowerCase();
    case 'kind': return c.kind;
    case 'missing': return c.missing;
    case 'distinct': return c.distinct;
    default: return c.numeric ? c.numeric[key] : null;
  }
}

/** The columns to show: filtered by name substring (case-insensitive) and kind, then sorted; nulls last. */
export function visibleColumns(s: ProfileViewState): ColumnProfile[] {
  const all = shownColumns(s);
  const needle = s.filter.trim().toLowerCase();
  // Sort keys computed once per column (not per comparison): 10,000 columns sort in a few milliseconds.
  const rows = all
    .map((c, i) => ({ c, i, v: sortValue(c, s.sortKey, i) }))
    .filter(({ c }) => (s.kind === 'all' || c.kind === s.kind) && (!needle || c.name.toLowerCase().includes(needle)));
  rows.sort((a, b) => {
    const va = a.v;
    const vb = b.v;
    if (va === null && vb === null) return a.i - b.i;
    if (va === null) return 1;
    if (vb === null) return -1;
    const cmp = va < vb ? -1 : va > vb ? 1 : a.i - b.i;
    return s.descending ? -cmp : cmp;
  });
  return rows.map((r) => r.c);
}

/** The columns the table lists: the finished profile's, or those streamed so far. */
export function shownColumns(s: ProfileViewState): readonly ColumnProfile[] {
  return s.profile?.columns ?? s.stream?.columns ?? [];
}
