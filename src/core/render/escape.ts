/**
 * The one escaper per output format (issue 17 item 12). Every renderer puts text that comes from the user's files
 * (paths, column and category names, feature names, messages) through the function of its format, and nothing else
 * escapes (test/unit/render/escape.test.ts fails on a renderer with its own). Markup the renderer adds itself
 * (`**bold**`, table pipes, tags) is written around escaped text, never passed through.
 */

/** C0 controls (but tab, LF, CR), noncharacters and lone surrogates: not allowed in XML 1.0 even as references. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES = new Map([['&', '&amp;'], ['<', '&lt;'], ['>', '&gt;'], ['"', '&quot;'], ["'", '&#39;']]);

/** HTML/XML text or quoted attribute value (HTML reports, JUnit, SARIF-free XML): entities, forbidden controls as U+FFFD. */
export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES.get(c)!);
}

/** HTML is escaped exactly as XML text. */
export const escapeHtml = escapeXml;

/** An XML attribute value: like escapeXml, with line breaks and tabs as references so parsers keep them. */
export function escapeXmlAttr(text: string): string {
  return escapeXml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/**
 * Inline Markdown text that may start a line (a list item, a paragraph, a heading): it can neither end the line or the cell nor start
 * markup. Line breaks become spaces; a leading `-`, `+`, `=` or `1.` is escaped; `\` and the characters that open
 * emphasis, code, links, images, strikethrough, headings and table cells are backslash-escaped (CommonMark §2.4);
 * `< >` and an `&` that would start an entity become entities, so no raw HTML or autolink survives; control
 * characters become U+FFFD.
 */
export function escapeMarkdown(text: string): string {
  return markdownCell(text)
    .replace(/^(\s*)([-+=])/, '$1\\$2') // a list item or setext underline when the text starts a line
    .replace(/^(\s*\d+)([.)])/, '$1\\$2'); // an ordered list item
}

/**
 * A Markdown table cell: inline text (pipes and markup escaped, no line breaks). A cell never starts a block, so
 * a leading `-` or `7.` stays as written (`7.1` is not an ordered list item inside a table).
 */
export function markdownCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(XML_FORBIDDEN, '\uFFFD')
    .replace(/[\u0009]/g, ' ')
    .replace(/[\\`*[|~#]/g, '\\$&') // `[` opens every link and image; `]` alone opens nothing
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_') // intraword `_` (loans_current) never opens emphasis
    .replace(/&(?=#?[A-Za-z0-9]+;)|[<>]/g, (c) => ENTITIES.get(c)!); // a bare `&` is literal; `&lt;` would be an entity
}

/** A Markdown code span that survives backticks in the text (CommonMark: a fence longer than any run inside). */
export function markdownCode(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const body = text.replace(/[\r\n]+/g, ' ').replace(XML_FORBIDDEN, '\uFFFD').replace(/\|/g, '\\|');
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * One line of terminal / plain-text output: line breaks and control characters (ESC, OSC, DEL, C1) shown as escapes
 * (`\n`, `\x1b`), so a name cannot break the layout or drive the terminal.
 */
export function escapeTextLine(text: string): string {
  return text.replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/**
 * A CSV field (RFC 4180): quoted when it holds a separator, quote or line break, or starts/ends with a space; quotes
 * doubled. Text that a spreadsheet would run as a formula (starts with = + - @, tab or CR) is prefixed with `'`
 * (OWASP CSV injection); numbers are written as they are.
 */
export function escapeCsv(value: string | number | boolean | null | undefined, separator = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return text.includes(separator) || /["\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
