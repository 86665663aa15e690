import { escapeXml as esc } from '../../rules/escape';
import { sig3 } from '../present';

/** A small inline SVG chart for self-contained HTML reports: lines, bands, points; no script, no fonts to load. */
export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
  /** A shaded interval per x. */
  band?: [number, number, number][];
  /** Draw dots instead of a line. */
  dots?: boolean;
  /** Points drawn larger, e.g. flagged windows. */
  highlight?: number[];
}

export interface ChartSpec {
  title: string;
  /** Text alternative read by screen readers. */
  description: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xRange?: [number, number];
  yRange?: [number, number];
  /** Category names for x = 0, 1, 2 … (windows). */
  xTicks?: string[];
  /** Horizontal reference lines. */
  hLines?: { y: number; label: string; color: string }[];
  diagonal?: boolean;
}

const W = 640;
const H = 300;
const L = 56;
const R = 16;
const T = 28;
const B = 48;

function extent(values: number[], pad: boolean): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const p = pad ? (hi - lo) * 0.08 : 0;
  return [lo - p, hi + p];
}

export function svgChart(c: ChartSpec): string {
  const xs = c.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = c.series.flatMap((s) => [...s.points.map((p) => p[1]), ...(s.band ?? []).flatMap((b) => [b[1], b[2]])]).concat((c.hLines ?? []).map((h) => h.y));
  const [x0, x1] = c.xRange ?? extent(xs, false);
  const [y0, y1] = c.yRange ?? extent(ys, true);
  const sx = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
  const sy = (y: number) => T + (1 - (y - y0) / (y1 - y0 || 1)) * (H - T - B);
  const parts: string[] = [];
  parts.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#8886"/>`);
  for (let k = 0; k <= 4; k++) {
    const y = y0 + ((y1 - y0) * k) / 4;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#8883"/><text x="${L - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end">${esc(sig3(y))}</text>`);
  }
  if (c.xTicks) {
    const every = Math.max(1, Math.ceil(c.xTicks.length / 8));
    c.xTicks.forEach((t, i) => { if (i % every === 0) parts.push(`<text x="${sx(i).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${esc(t)}</text>`); });
  } else {
    for (let k = 0; k <= 4; k++) {
      const x = x0 + ((x1 - x0) * k) / 4;
      parts.push(`<text x="${sx(x).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${esc(sig3(x))}</text>`);
    }
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">${esc(c.xLabel)}</text><text x="14" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(T + H - B) / 2})">${esc(c.yLabel)}</text>`);
  if (c.diagonal) parts.push(`<line x1="${sx(x0)}" y1="${sy(y0)}" x2="${sx(x1)}" y2="${sy(y1)}" stroke="#8888" stroke-dasharray="4 4"/>`);
  for (const h of c.hLines ?? []) parts.push(`<line x1="${L}" x2="${W - R}" y1="${sy(h.y).toFixed(1)}" y2="${sy(h.y).toFixed(1)}" stroke="${h.color}" stroke-dasharray="6 3"/><text x="${W - R - 4}" y="${(sy(h.y) - 4).toFixed(1)}" text-anchor="end" fill="${h.color}">${esc(h.label)}</text>`);
  for (const s of c.series) {
    if (s.band?.length) {
      const up = s.band.map((b) => `${sx(b[0]).toFixed(1)},${sy(b[2]).toFixed(1)}`);
      const down = s.band.slice().reverse().map((b) => `${sx(b[0]).toFixed(1)},${sy(b[1]).toFixed(1)}`);
      parts.push(`<polygon points="${[...up, ...down].join(' ')}" fill="${s.color}" fill-opacity="0.15" stroke="none"/>`);
    }
    const pts = s.points.filter((p) => Number.isFinite(p[1]));
    if (s.dots) parts.push(...pts.map((p) => `<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1]).toFixed(1)}" r="1.8" fill="${s.color}" fill-opacity="0.6"/>`));
    else if (pts.length) parts.push(`<polyline points="${pts.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const i of s.highlight ?? []) {
      const p = s.points.find((q) => q[0] === i);
      if (p && Number.isFinite(p[1])) parts.push(`<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1]).toFixed(1)}" r="5" fill="#c62828"/>`);
    }
  }
  const legend = c.series.map((s, i) => `<rect x="${L + i * 150}" y="8" width="12" height="4" fill="${s.color}"/><text x="${L + i * 150 + 16}" y="14">${esc(s.name)}</text>`).join('');
  return `<svg role="img" aria-label="${esc(c.description)}" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px"><title>${esc(c.title)}</title><desc>${esc(c.description)}</desc>${legend}${parts.join('')}</svg>`;
}
