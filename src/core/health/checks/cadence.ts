import { fmt, pct, type Finding, type HealthCheck } from '../check';
import { daysBetween } from './time';

/**
 * Cadence of the time column, per calendar day:
 * - gaps: days without rows inside the current data's range, when the baseline had rows on at least 90% of the
 *   days of its range (a daily feed);
 * - fewer rows per day: mean rows per day with data fell by at least `threshold` (a fraction) from the baseline's.
 */
export const cadenceCheck: HealthCheck = {
  id: 'cadence',
  title: 'Cadence',
  threshold: 'largest allowed drop in mean rows per day (0.5 = −50%)',
  defaultThreshold: 0.5,
  severity: 'warning',
  run({ baseline, current, threshold }) {
    const b = baseline.time;
    const c = current.stats.time;
    if (!b || !c || !b.daily.length || !c.daily.length) return [];
    const out: Finding[] = [];
    const bDays = daysBetween(b.daily[0]![0], b.daily[b.daily.length - 1]![0]);
    const coverage = b.daily.length / bDays.length;
    const have = new Set(c.daily.map(([d]) => d));
    const cDays = daysBetween(c.daily[0]![0], c.daily[c.daily.length - 1]![0]);
    const missing = cDays.filter((d) => !have.has(d));
    if (coverage >= 0.9) {
      let longest = 0;
      let run = 0;
      let start = '';
      let longestStart = '';
      for (const d of cDays) {
        if (have.has(d)) { run = 0; continue; }
        if (run === 0) start = d;
        run += 1;
        if (run > longest) { longest = run; longestStart = start; }
      }
      out.push({
        column: c.column,
        violated: missing.length > 0,
        message: missing.length
          ? `'${c.column}': ${missing.length} day(s) without rows between ${cDays[0]} and ${cDays[cDays.length - 1]} (longest gap ${longest} day(s) from ${longestStart}); the baseline had rows on ${pct(coverage)} of its days — the feed may have skipped runs`
          : `'${c.column}': rows on every day from ${cDays[0]} to ${cDays[cDays.length - 1]}`,
        observed: { daysWithoutRows: missing.length, firstMissing: missing.slice(0, 10) },
        expected: { coverage: Number(coverage.toFixed(4)) },
      });
    }
    const mean = (d: [string, number][]) => d.reduce((a, [, n]) => a + n, 0) / d.length;
    const was = mean(b.daily);
    const now = mean(c.daily);
    const drop = 1 - now / was;
    const violated = drop >= threshold;
    out.push({
      column: c.column,
      violated,
      message: violated
        ? `'${c.column}': ${fmt(Number(now.toPrecision(3)))} rows per day, baseline ${fmt(Number(was.toPrecision(3)))} (−${pct(drop)}) — fewer rows per period than usual`
        : `'${c.column}': ${fmt(Number(now.toPrecision(3)))} rows per day, baseline ${fmt(Number(was.toPrecision(3)))}`,
      observed: Number(now.toPrecision(6)),
      expected: Number(was.toPrecision(6)),
    });
    return out;
  },
};
