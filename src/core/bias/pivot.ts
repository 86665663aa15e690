import type { AttributeReport } from './report';
import { INTERSECTION_SEPARATOR } from './types';
import { own } from '../dict';

/**
 * A two-attribute intersection ("a & b") as a grid for a heatmap: rows are the values of a,
 * columns the values of b, cells the metric (null when the group is missing, small or the metric
 * is undefined there). Groups whose names cannot be split into exactly two parts (a value that
 * itself contains " & ") are left out and counted in `unplaced`.
 */
export interface Pivot {
  rowAttribute: string;
  columnAttribute: string;
  rows: string[];
  columns: string[];
  cells: (number | null)[][];
  n: number[][];
  unplaced: number;
}

export function pivotIntersection(a: AttributeReport, metric: string): Pivot | null {
  const names = a.attribute.split(INTERSECTION_SEPARATOR);
  if (names.length !== 2) return null;
  const rows: string[] = [];
  const columns: string[] = [];
  const placed: { r: string; c: string; v: number | null; n: number }[] = [];
  let unplaced = 0;
  for (const g of a.groups) {
    const parts = g.group.split(INTERSECTION_SEPARATOR);
    if (parts.length !== 2) {
      unplaced++;
      continue;
    }
    const [r = '', c = ''] = parts;
    if (!rows.includes(r)) rows.push(r);
    if (!columns.includes(c)) columns.push(c);
    const v = own(g, metric);
    placed.push({ r, c, v: !g.small && typeof v === 'number' ? v : null, n: g.n });
  }
  const cells = rows.map(() => columns.map((): number | null => null));
  const n = rows.map(() => columns.map(() => 0));
  for (const p of placed) {
    const i = rows.indexOf(p.r);
    const j = columns.indexOf(p.c);
    (cells[i] ?? [])[j] = p.v;
    (n[i] ?? [])[j] = p.n;
  }
  return { rowAttribute: names[0] ?? '', columnAttribute: names[1] ?? '', rows, columns, cells, n, unplaced };
}

/** Group-level metrics drawn as bar charts, in order. */
export const CHART_METRICS: readonly { id: string; label: string }[] = [
  { id: 'selectionRate', label: 'Selection rate' },
  { id: 'tpr', label: 'True positive rate' },
  { id: 'fpr', label: 'False positive rate' },
  { id: 'precision', label: 'Precision' },
  { id: 'accuracy', label: 'Accuracy' },
];
