import { fmt, type HealthCheck } from '../check';
import { DAY_MS, parseEngineTime } from './time';

/**
 * The latest timestamp of the time column is more than `threshold` days before now (the CLI's --now, or the
 * clock). The message also notes data no newer than the baseline's (a stale copy), which alone is not a
 * violation (checking the baseline's own file right after saving it must pass). Skipped without a time column.
 */
export const stalenessCheck: HealthCheck = {
  id: 'staleness',
  title: 'Staleness',
  threshold: 'largest allowed age of the latest timestamp, in days',
  defaultThreshold: 7,
  severity: 'error',
  run({ baseline, current, threshold, now }) {
    const t = current.stats.time;
    if (!baseline.time || !t) return [];
    const latest = parseEngineTime(t.max);
    if (latest === null) {
      return [{ column: t.column, violated: true, message: `time column '${t.column}' has no readable timestamps (baseline latest ${baseline.time.max ?? '—'})`, observed: null, expected: baseline.time.max }];
    }
    const ageDays = (now.getTime() - latest) / DAY_MS;
    const ageText = ageDays < 1 ? `${fmt(Math.round(ageDays * 24))} hours` : `${fmt(Math.floor(ageDays))} days`;
    const baseLatest = parseEngineTime(baseline.time.max);
    const notNewer = baseLatest !== null && latest <= baseLatest;
    const violated = ageDays > threshold;
    const copy = notNewer ? `; nothing is newer than the baseline's latest (${baseline.time.max}), a stale copy?` : '';
    const message = violated
      ? `latest '${t.column}' is ${t.max}, ${ageText} old (expected at most ${fmt(threshold)} days) — the pipeline may have stopped${copy}`
      : `latest '${t.column}' is ${t.max}, ${ageText} old${copy}`;
    return [{ column: t.column, violated, message, observed: { latest: t.max, ageDays: Number(ageDays.toFixed(2)) }, expected: { maxAgeDays: threshold, after: baseline.time.max } }];
  },
};
