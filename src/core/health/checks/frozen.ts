import { fmt, pairedColumns, type Finding, type HealthCheck } from '../check';

/**
 * A column that varied in the baseline but holds a single value now (overall), or across the latest time window
 * of `threshold` days (when there is a time column and the window holds at least 5 values of the column).
 */
export const frozenCheck: HealthCheck = {
  id: 'frozen',
  title: 'Constant or frozen feature',
  threshold: 'the latest time window in days checked for identical values',
  defaultThreshold: 1,
  severity: 'error',
  run(ctx) {
    const out: Finding[] = [];
    for (const { base, cur } of pairedColumns(ctx)) {
      if (ctx.baseline.time?.column === base.name) continue;
      const varied = base.numeric ? base.numeric.min !== null && base.numeric.min !== base.numeric.max : (base.categories?.length ?? 0) > 1;
      if (!varied) continue;
      const single = cur.numeric ? cur.count > 1 && cur.numeric.min !== null && cur.numeric.min === cur.numeric.max && cur.numeric.nonFinite === 0 : cur.categories?.length === 1 && cur.count > 1;
      const was = base.numeric ? `${fmt(base.numeric.min)} to ${fmt(base.numeric.max)}` : `${base.categories!.length} distinct values`;
      if (single) {
        const value = cur.numeric ? fmt(cur.numeric.min) : `'${cur.categories![0]![0]}'`;
        out.push({ column: base.name, violated: true, message: `column '${base.name}' stopped varying: all ${cur.count} values are ${value}; baseline ${was} — the feature may be frozen upstream`, observed: { distinct: 1, value }, expected: was });
        continue;
      }
      const w = ctx.current.latestWindow?.columns.get(base.name);
      if (w && w.values >= 5 && w.distinct === 1) {
        out.push({ column: base.name, violated: true, message: `column '${base.name}' holds one value (${w.example ?? 'null'}) across the latest ${ctx.current.latestWindow!.days} day(s) (${w.values} values after ${ctx.current.latestWindow!.from}); baseline ${was} — the feature may be frozen`, observed: { distinct: 1, values: w.values, value: w.example }, expected: was });
        continue;
      }
      out.push({ column: base.name, violated: false, message: `column '${base.name}' varies`, observed: w ? { latestWindowDistinct: w.distinct } : null, expected: was });
    }
    return out;
  },
};
