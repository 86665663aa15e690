import type { BaselineColumn } from '../types';
import type { Finding, HealthCheck } from '../check';

/** Same kind and similar values: the quartiles within 10% of the baseline's IQR, or half the categories shared. */
function similar(a: BaselineColumn, b: BaselineColumn): boolean {
  if (a.kind !== b.kind || a.count === 0 || b.count === 0) return false;
  if (a.numeric && b.numeric) {
    const qa = a.numeric.quantiles;
    const qb = b.numeric.quantiles;
    const scale = Math.max(Math.abs((qa['p75'] ?? 0) - (qa['p25'] ?? 0)), 1e-9);
    return (['p25', 'p50', 'p75'] as const).every((k) => qa[k] !== null && qb[k] !== null && Math.abs(qa[k]! - qb[k]!) <= 0.1 * scale);
  }
  if (a.categories && b.categories) {
    const sa = new Set(a.categories.map(([v]) => v));
    const shared = b.categories.filter(([v]) => sa.has(v)).length;
    return shared / new Set([...sa, ...b.categories.map(([v]) => v)]).size >= 0.5;
  }
  if (a.datetime && b.datetime) return a.datetime.min === b.datetime.min || a.datetime.max === b.datetime.max;
  return false;
}

/** Columns removed, added, apparently renamed (a removed and an added column that look alike), or of another kind. */
export const schemaCheck: HealthCheck = {
  id: 'schema',
  title: 'Schema',
  threshold: 'not used (any change is reported)',
  defaultThreshold: 0,
  severity: 'error',
  run({ baseline, current }) {
    const now = current.stats.columns;
    const before = new Map(baseline.columns.map((c) => [c.name, c]));
    const after = new Map(now.map((c) => [c.name, c]));
    let removed = baseline.columns.filter((c) => !after.has(c.name));
    let added = now.filter((c) => !before.has(c.name));
    const out: Finding[] = [];
    for (const r of [...removed]) {
      const a = added.find((x) => similar(r, x));
      if (!a) continue;
      removed = removed.filter((x) => x !== r);
      added = added.filter((x) => x !== a);
      out.push({ column: r.name, violated: true, message: `column '${r.name}' seems renamed to '${a.name}' (same kind, similar values) — models and rules looking for '${r.name}' will not find it`, observed: a.name, expected: r.name });
    }
    for (const r of removed) out.push({ column: r.name, violated: true, message: `column '${r.name}' was removed (it is in the baseline)`, observed: null, expected: r.kind });
    for (const a of added) out.push({ column: a.name, violated: true, severity: 'warning', message: `column '${a.name}' is new (not in the baseline)`, observed: a.kind, expected: null });
    for (const b of baseline.columns) {
      const c = after.get(b.name);
      if (c && c.kind !== b.kind) out.push({ column: b.name, violated: true, message: `column '${b.name}' changed kind: ${c.kind} (${c.type}), baseline ${b.kind} (${b.type})`, observed: c.kind, expected: b.kind });
    }
    if (!out.length) out.push({ column: null, violated: false, message: `same ${now.length} columns as the baseline`, observed: now.map((c) => c.name), expected: baseline.columns.map((c) => c.name) });
    return out;
  },
};
