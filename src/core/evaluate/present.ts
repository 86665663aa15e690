/**
 * How evaluation numbers read in sentences, reports and panels (the house design language, issue 22):
 * 3 significant digits, p-values as "< 0.001", counts with thousands separators. Pure; the CLI, the
 * HTML/Markdown reports and the webviews all use it. (To merge with the shared number formatter of issue 22.)
 */
export function sig3(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e6 || a < 1e-4 ? v.toExponential(2) : String(Number(v.toPrecision(3)));
  return text.replace(/^-/, '−');
}

export function pValueText(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  return p < 0.001 ? '< 0.001' : sig3(p);
}

export function countText(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function intervalText(ci: [number, number] | null | undefined): string {
  return ci ? `[${sig3(ci[0])}, ${sig3(ci[1])}]` : '';
}

export function signedText(v: number): string {
  return v > 0 ? `+${sig3(v)}` : sig3(v);
}

/** "week of 2026-09-07", "2026-09-07 → 2026-09-13" for chunks. */
export function windowName(w: { start: string; end: string }, unit: string | null): string {
  const day = (s: string) => s.slice(0, 10);
  if (unit === 'day') return day(w.start);
  if (unit === 'week') return `week of ${day(w.start)}`;
  if (unit === 'month') return day(w.start).slice(0, 7);
  return `${day(w.start)} → ${day(w.end)}`;
}
