/**
 * Escaping for the report renderers. XML 1.0 (§2.2) forbids most C0 control characters and lone surrogates even
 * as character references, so they become U+FFFD; `& < > " '` become entities, which is also correct for HTML
 * text and quoted attribute values.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
import { own } from '../dict';
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute content for XML and HTML. */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '\uFFFD').replace(/[&<>"']/g, (c) => own(ENTITIES, c)!);
}

/** An attribute value: like escapeXml, plus line breaks and tabs as references so parsers keep them. */
export function escapeXmlAttr(text: string): string {
  return escapeXml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** A Markdown table cell: pipes escaped, line breaks as spaces, HTML-significant characters escaped. */
export function markdownCell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Markdown code span that survives backticks in the text (CommonMark: a fence longer than any run inside). */
export function markdownCode(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const body = text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

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
