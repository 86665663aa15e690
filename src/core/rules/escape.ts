// The escapers live in src/core/render/escape.ts (one per output format); re-exported for the rules renderers.
export { escapeXml, escapeXmlAttr, markdownCell, markdownCode } from '../render/escape';

/** A rate as a percentage: 2 decimals, or 2 significant digits when it is non-zero but below 0.01%. */
export function formatRate(rate: number): string {
  const pct = rate * 100;
  if (pct !== 0 && Math.abs(pct) < 0.01) return `${pct.toPrecision(2)}%`;
  return `${pct.toFixed(2)}%`;
}

/** An example's value as shown in a table: strings JSON-quoted, null as `null`. */
export function formatValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
