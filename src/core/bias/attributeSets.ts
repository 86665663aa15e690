import { INTERSECTION_SEPARATOR } from './types';

/**
 * The attribute sets audited: every sensitive attribute alone, then (when two or more are given)
 * every intersection of two or more of them, in order of size and then of first appearance.
 * Each set is a list of indices into `attributes`; its name joins the names with " & ".
 */
export interface AttributeSet {
  name: string;
  indices: number[];
}

export function attributeSets(attributes: readonly string[]): AttributeSet[] {
  const k = attributes.length;
  const sets: number[][] = [];
  for (let mask = 1; mask < 1 << k; mask++) {
    const idx: number[] = [];
    for (let i = 0; i < k; i++) if (mask & (1 << i)) idx.push(i);
    sets.push(idx);
  }
  sets.sort((a, b) => a.length - b.length || compareIndexLists(a, b));
  return sets.map((indices) => ({ name: indices.map((i) => attributes[i]).join(INTERSECTION_SEPARATOR), indices }));
}

function compareIndexLists(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Deterministic group order shared by every path: numeric strings numerically, other strings in
 * natural order (digit runs compared as numbers: r2 < r10, then by code unit), "(missing)" last.
 */
export function compareGroupValues(a: string, b: string, missing: string): number {
  if (a === b) return 0;
  if (a === missing) return 1;
  if (b === missing) return -1;
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return naturalCompare(a, b);
}

function naturalCompare(a: string, b: string): number {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i] ?? '';
    const y = cb[i] ?? '';
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    }
    return x < y ? -1 : 1;
  }
  if (ca.length !== cb.length) return ca.length - cb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareValueLists(a: readonly string[], b: readonly string[], missing: string): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareGroupValues(a[i] ?? '', b[i] ?? '', missing);
    if (c !== 0) return c;
  }
  return 0;
}
