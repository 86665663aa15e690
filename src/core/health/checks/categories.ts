import { pairedColumns, pct, quoted, type Finding, type HealthCheck } from '../check';

/**
 * Categories unseen in the baseline covering at least `threshold` of the current values, and baseline
 * categories with at least `threshold` of the baseline's values that vanished.
 */
export const categoriesCheck: HealthCheck = {
  id: 'categories',
  title: 'Unseen and vanished categories',
  threshold: 'smallest share of values an unseen or vanished category set must cover to be reported (0.01 = 1%)',
  defaultThreshold: 0.01,
  severity: 'warning',
  run(ctx) {
    const out: Finding[] = [];
    for (const { base, cur } of pairedColumns(ctx)) {
      if (!base.categories || !cur.categories || base.count === 0) continue;
      const known = new Map(base.categories);
      const nowSet = new Map(cur.categories);
      const unseen = cur.categories.filter(([v]) => !known.has(v));
      const unseenShare = cur.count ? unseen.reduce((a, [, n]) => a + n, 0) / cur.count : 0;
      const vanished = base.categories.filter(([v, n]) => !nowSet.has(v) && n / base.count >= ctx.threshold);
      const u = unseenShare >= ctx.threshold && unseen.length > 0;
      if (u) {
        out.push({ column: base.name, violated: true, message: `column '${base.name}': ${pct(unseenShare)} of values are categories unseen in the baseline (${quoted(unseen.map(([v]) => v))}) — check upstream encoding`, observed: unseen.slice(0, 20), expected: base.categories.slice(0, 20).map(([v]) => v) });
      }
      if (vanished.length) {
        out.push({ column: base.name, violated: true, message: `column '${base.name}': baseline categories missing now: ${vanished.slice(0, 5).map(([v, n]) => `'${v}' (${pct(n / base.count)} of baseline)`).join(', ')}${vanished.length > 5 ? ` and ${vanished.length - 5} more` : ''}`, observed: cur.categories.slice(0, 20).map(([v]) => v), expected: vanished.slice(0, 20) });
      }
      if (!u && !vanished.length) {
        out.push({ column: base.name, violated: false, message: `column '${base.name}': ${cur.categories.length} categories, ${unseen.length} unseen (${pct(unseenShare)})`, observed: cur.categories.length, expected: base.categories.length });
      }
    }
    return out;
  },
};
