import { attributeSets, compareValueLists } from './attributeSets';
import { INTERSECTION_SEPARATOR, MISSING_GROUP, type ConfusionCounts, type GroupCounts } from './types';

/** A cell of the finest partition: one value per sensitive attribute. */
export interface FinestCell {
  values: readonly string[];
  counts: ConfusionCounts;
}

export function addCounts(a: ConfusionCounts, b: ConfusionCounts): ConfusionCounts {
  return { n: a.n + b.n, tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn };
}

export const ZERO_COUNTS: ConfusionCounts = { n: 0, tp: 0, fp: 0, fn: 0, tn: 0 };

/**
 * Rolls the finest cells (full intersection of all attributes) up to every attribute set and the
 * overall population: confusion counts are additive, so a coarser group is the sum of its cells.
 * Same ordering as the SQL path (attribute set, then group values).
 */
export function rollUp(attributes: readonly string[], cells: readonly FinestCell[]): { overall: ConfusionCounts; groups: GroupCounts[] } {
  let overall = ZERO_COUNTS;
  for (const c of cells) overall = addCounts(overall, c.counts);
  const groups: GroupCounts[] = [];
  for (const set of attributeSets(attributes)) {
    const acc = new Map<string, { values: string[]; counts: ConfusionCounts }>();
    for (const c of cells) {
      const values = set.indices.map((i) => c.values[i] ?? MISSING_GROUP);
      const key = values.join('\u0000');
      const cur = acc.get(key);
      if (cur) cur.counts = addCounts(cur.counts, c.counts);
      else acc.set(key, { values, counts: c.counts });
    }
    const entries = [...acc.values()].sort((a, b) => compareValueLists(a.values, b.values, MISSING_GROUP));
    for (const e of entries) {
      groups.push({
        attribute: set.name,
        attributes: set.indices.map((i) => attributes[i] ?? ''),
        group: e.values.join(INTERSECTION_SEPARATOR),
        values: e.values,
        counts: e.counts,
      });
    }
  }
  return { overall, groups };
}

/** The finest cells of a table: the groups of the full intersection (or of the only attribute). */
export function finestCells(attributes: readonly string[], groups: readonly GroupCounts[]): FinestCell[] {
  return groups.filter((g) => g.attributes.length === attributes.length).map((g) => ({ values: g.values, counts: g.counts }));
}

/**
 * A precomputed roll-up for repeated use on the same cells (the bootstrap): which group of which
 * attribute set each finest cell belongs to, so each draw only adds numbers.
 */
export interface RollUpPlan {
  groups: Omit<GroupCounts, 'counts'>[];
  /** cellGroups[c] = indices into `groups` that cell c contributes to. */
  cellGroups: number[][];
}

export function planRollUp(attributes: readonly string[], cells: readonly FinestCell[]): RollUpPlan {
  const template = rollUp(attributes, cells).groups;
  const index = new Map(template.map((g, i) => [`${g.attribute}\u0000${g.group}`, i]));
  const sets = attributeSets(attributes);
  const cellGroups = cells.map((c) =>
    sets.map((set) => {
      const group = set.indices.map((i) => c.values[i] ?? MISSING_GROUP).join(INTERSECTION_SEPARATOR);
      return index.get(`${set.name}\u0000${group}`) ?? -1;
    }),
  );
  return { groups: template.map(({ counts: _c, ...rest }) => rest), cellGroups };
}

export function applyRollUp(plan: RollUpPlan, cells: readonly ConfusionCounts[]): { overall: ConfusionCounts; groups: GroupCounts[] } {
  const acc = plan.groups.map(() => ({ n: 0, tp: 0, fp: 0, fn: 0, tn: 0 }));
  const overall = { n: 0, tp: 0, fp: 0, fn: 0, tn: 0 };
  const add = (t: ConfusionCounts, c: ConfusionCounts): void => {
    t.n += c.n; t.tp += c.tp; t.fp += c.fp; t.fn += c.fn; t.tn += c.tn;
  };
  for (let ci = 0; ci < cells.length; ci++) {
    const c = cells[ci];
    if (!c) continue;
    add(overall, c);
    for (const gi of plan.cellGroups[ci] ?? []) {
      const t = acc[gi];
      if (t) add(t, c);
    }
  }
  return { overall, groups: plan.groups.map((g, i) => ({ ...g, counts: acc[i] ?? { ...ZERO_COUNTS } })) };
}
