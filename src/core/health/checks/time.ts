/** A DuckDB TIMESTAMP/DATE text ('2026-09-22 00:00:00' or '2026-09-22') as epoch ms, read as UTC. */
export function parseEngineTime(s: string | null | undefined): number | null {
  if (!s) return null;
  const iso = s.includes(' ') || s.includes('T') ? s.replace(' ', 'T') : `${s}T00:00:00`;
  const ms = Date.parse(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? null : ms;
}

export const DAY_MS = 86_400_000;

/** Calendar days from a to b inclusive (YYYY-MM-DD). */
export function daysBetween(a: string, b: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${b}T00:00:00Z`);
  for (let t = Date.parse(`${a}T00:00:00Z`); t <= end && out.length < 100_000; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
