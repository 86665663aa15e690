import { rollUp, addCounts } from './rollUp';
import { MISSING_GROUP, type CellValue, type ConfusionCounts, type ConfusionTable } from './types';
import { own } from '../dict';

/**
 * In-memory twin of `confusionFromSql` (used by tests and small inputs): the same counts from
 * plain arrays. A value is favourable when it equals `favorable` (numbers compared numerically,
 * booleans also as 1/0, everything else by its string form). Missing label/prediction rows are dropped and counted;
 * missing sensitive values form the group "(missing)".
 */
export interface ArrayInput {
  attributes: Record<string, readonly CellValue[]>;
  label: readonly CellValue[];
  favorable: CellValue;
  prediction?: readonly CellValue[];
  score?: readonly (number | null | undefined)[];
  threshold?: number;
}

export function isMissing(v: CellValue): v is null | undefined {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

export function matchesFavorable(v: CellValue, favorable: CellValue): boolean {
  if (isMissing(v) || isMissing(favorable)) return false;
  // booleans: true matches true/"true"/1/"1", false matches false/"false"/0/"0"
  if (typeof v === 'boolean') return String(favorable).toLowerCase() === String(v) || String(favorable) === (v ? '1' : '0');
  if (typeof favorable === 'boolean') return matchesFavorable(favorable, v);
  if ((typeof v === 'number' || typeof v === 'bigint') && (typeof favorable === 'number' || typeof favorable === 'bigint')) return Number(v) === Number(favorable);
  if (typeof v === 'number' || typeof v === 'bigint') return String(favorable).trim() !== '' && Number(v) === Number(favorable);
  return String(v) === String(favorable);
}

export function groupKey(v: CellValue): string {
  return isMissing(v) ? MISSING_GROUP : String(v);
}

export function confusionFromArrays(input: ArrayInput): ConfusionTable {
  const names = Object.keys(input.attributes);
  const cols = names.map((n) => own(input.attributes, n) ?? []);
  const cells = new Map<string, { values: string[]; counts: ConfusionCounts }>();
  let dropped = 0;
  for (let r = 0; r < input.label.length; r++) {
    const yv = input.label[r];
    let p: boolean;
    if (input.score !== undefined) {
      const s = input.score[r];
      if (isMissing(s) || isMissing(yv)) { dropped++; continue; }
      p = s >= (input.threshold ?? 0.5);
    } else {
      const pv = input.prediction?.[r];
      if (isMissing(pv) || isMissing(yv)) { dropped++; continue; }
      p = matchesFavorable(pv, input.favorable);
    }
    const y = matchesFavorable(yv, input.favorable);
    const values = cols.map((c) => groupKey(c[r]));
    const key = values.join('\u0000');
    const one: ConfusionCounts = { n: 1, tp: y && p ? 1 : 0, fp: !y && p ? 1 : 0, fn: y && !p ? 1 : 0, tn: !y && !p ? 1 : 0 };
    const cur = cells.get(key);
    if (cur) cur.counts = addCounts(cur.counts, one);
    else cells.set(key, { values, counts: one });
  }
  const { overall, groups } = rollUp(names, [...cells.values()]);
  return { attributes: names, overall, groups, droppedRows: dropped };
}
