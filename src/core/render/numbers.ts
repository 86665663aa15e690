/**
 * Numbers as people read them: the one pure formatting module for panels, share pages, findings and the CLI's
 * plain-words lines. Every function is total (null, NaN and ±∞ give a readable string, never "NaN").
 *
 * - plain numbers: 3 significant digits, but never fewer digits than the integer part has (1,235 not 1,230),
 *   thousands separators of the locale, scientific only below 1e-4 ("1.23e-5");
 * - counts: integers with separators ("12,345");
 * - shares as percentages with sensible precision: "45.3%", "9.7%", "0.97%", "< 0.01%", "> 99.9%";
 * - p-values: "< 0.001" below 0.001, else 2 significant digits ("0.028", "0.72");
 * - changes always say what they are: "+10.2% relative", "−0.007 absolute", "−0.7 pp" (percentage points);
 * - "−" (U+2212) is the minus sign.
 *
 * The locale defaults to en-US (stable reports and tests); a webview sets the user's with setNumberLocale.
 */
let locale = 'en-US';
const cache = new Map<string, Intl.NumberFormat>();

export function setNumberLocale(l: string | undefined): void {
  if (!l) return;
  try {
    new Intl.NumberFormat(l);
    locale = l;
    cache.clear();
  } catch {
    // unknown locale tag: keep the current one
  }
}

function nf(minFrac: number, maxFrac: number, grouping = true): Intl.NumberFormat {
  const key = `${minFrac}/${maxFrac}/${grouping}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { minimumFractionDigits: minFrac, maximumFractionDigits: maxFrac, useGrouping: grouping });
    cache.set(key, f);
  }
  return f;
}

export const MINUS = '\u2212';
export const MISSING = '—';

const bad = (x: number | null | undefined): x is null | undefined => x === null || x === undefined || Number.isNaN(x);

function special(x: number): string | undefined {
  if (x === Infinity) return '∞';
  if (x === -Infinity) return `${MINUS}∞`;
  return undefined;
}

/** Fraction digits that give `sig` significant digits for |x| (at least 0, at most 12). */
function fractionDigits(a: number, sig: number): number {
  if (a === 0) return 0;
  const magnitude = Math.floor(Math.log10(a));
  return Math.max(0, Math.min(12, sig - 1 - magnitude));
}

/** Unsigned text of |x| (the caller adds the sign). */
function magnitudeText(a: number, sig: number): string {
  if (a !== 0 && a < 1e-4) {
    const [m, e] = a.toExponential(sig - 1).split('e');
    return `${nf(0, sig - 1).format(Number(m))}e${Number(e) < 0 ? MINUS : ''}${Math.abs(Number(e))}`;
  }
  if (a >= 1e15) return a.toExponential(sig - 1).replace('e+', 'e');
  const digits = fractionDigits(a, sig);
  // Round first, so 0.99951 with 3 digits reads 1 (not 1.000) and trailing zeros go.
  const rounded = Number(a.toFixed(digits));
  return nf(0, digits).format(rounded);
}

/** A number with `sig` significant digits (default 3), separators, and a real minus sign: "1,235", "0.0123", "−4.5". */
export function formatNumber(x: number | null | undefined, sig = 3): string {
  if (bad(x)) return MISSING;
  const s = special(x);
  if (s) return s;
  const text = magnitudeText(Math.abs(x), sig);
  return x < 0 && text !== '0' ? `${MINUS}${text}` : text;
}

/** An integer count with separators: "12,345". Non-integers are rounded. */
export function formatCount(x: number | null | undefined): string {
  if (bad(x)) return MISSING;
  const s = special(x);
  if (s) return s;
  const text = nf(0, 0).format(Math.abs(Math.round(x)));
  return x < 0 && text !== '0' ? `${MINUS}${text}` : text;
}

/**
 * A share in [0, 1] as a percentage: "0%", "100%", "45.3%", "9.7%", "0.97%", "0.05%", "< 0.01%", "> 99.9%".
 * Values outside [0, 1] (e.g. a relative change) are shown the same way with their sign.
 */
export function formatPercent(share: number | null | undefined): string {
  if (bad(share)) return MISSING;
  const s = special(share);
  if (s) return s;
  const p = 100 * share;
  const a = Math.abs(p);
  const sign = p < 0 ? MINUS : '';
  if (a === 0) return '0%';
  if (a < 0.01) return `${sign ? `> ${MINUS}` : '< '}0.01%`;
  if (share > 0.999 && share < 1) return '> 99.9%';
  if (a < 1) return `${sign}${nf(0, fractionDigits(a, 2)).format(Number(a.toFixed(fractionDigits(a, 2))))}%`;
  return `${sign}${nf(0, 1).format(Number(a.toFixed(1)))}%`;
}

/** A p-value: "< 0.001" below 0.001 (including underflow to 0), else 2 significant digits: "0.028", "0.72", "1". */
export function formatPValue(p: number | null | undefined): string {
  if (bad(p)) return MISSING;
  if (p < 0.001) return '< 0.001';
  return formatNumber(Math.min(1, p), 2);
}

/** "p < 0.001" or "p = 0.028": the p-value with its sign of relation, for sentences. */
export function pEquals(p: number | null | undefined): string {
  const t = formatPValue(p);
  return t.startsWith('<') ? `p ${t}` : `p = ${t}`;
}

/** A signed number: "+0.42", "−1,200", "±0". */
export function formatSigned(x: number | null | undefined, sig = 3): string {
  if (bad(x)) return MISSING;
  if (x === 0) return '±0';
  const t = formatNumber(x, sig);
  return x > 0 ? `+${t}` : t;
}

export type ChangeKind = 'absolute' | 'relative' | 'points';

/**
 * A change, always labelled with what kind it is:
 * - 'relative': a ratio − 1, "+10.2% relative";
 * - 'absolute': in the metric's own unit, "−0.007 absolute" or, with a unit, "+15 ms";
 * - 'points': a difference of two shares, in percentage points, "−0.7 pp".
 */
export function formatChange(delta: number | null | undefined, kind: ChangeKind, unit?: string): string {
  if (bad(delta)) return MISSING;
  if (kind === 'relative') {
    const t = formatPercent(delta);
    return `${delta > 0 ? '+' : ''}${t} relative`;
  }
  if (kind === 'points') return `${formatSigned(100 * delta, 2)} pp`;
  return `${formatSigned(delta)} ${unit ?? 'absolute'}`;
}

/** An interval: "[0.12, 0.31]" with the given element format (default formatNumber). */
export function formatInterval(ci: readonly [number, number] | null | undefined, f: (x: number) => string = (x) => formatNumber(x)): string {
  if (!ci) return MISSING;
  return `[${f(ci[0])}, ${f(ci[1])}]`;
}

/** A ratio as a multiple: "0.71×". */
export function formatRatio(x: number | null | undefined): string {
  if (bad(x)) return MISSING;
  return `${formatNumber(x, 2)}×`;
}

/** Parses what these functions print back into a number (tests, sorting): separators, U+2212, %, × removed. */
export function parseShown(text: string): number {
  const t = text.trim().replace(/\u2212/g, '-').replace(/[,\s%×]|pp$|relative|absolute/g, '').replace(/^[<>]=?/, '');
  return Number(t);
}
