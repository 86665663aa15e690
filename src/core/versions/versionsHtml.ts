import type { VersionDiff } from './diffModels';
import { versionsToMarkdown } from './versionsMarkdown';
import { escapeHtml as esc } from '../render/escape';
const ENTITY = new Map([['amp', '&'], ['lt', '<'], ['gt', '>']]);
/** Markdown inline text back to plain text: backslash escapes (any ASCII punctuation) and the entities escapeMarkdown writes. */
const plain = (s: string): string => s.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&(amp|lt|gt);/g, (_, n: string) => ENTITY.get(n)!);
/** One line of the Markdown report as HTML: `**…**` (the report's own markup) becomes <strong>, the rest is text. */
const inline = (s: string): string => splitUnescaped(s, '**').map((part, i) => (i % 2 ? `<strong>${esc(plain(part))}</strong>` : esc(plain(part)))).join('');

/**
 * Splits at every `sep` outside a backslash escape. A lookbehind for one backslash is not enough: a cell ending in an
 * escaped backslash (`dir\\ | next`) must still split, and an escaped pipe (`a \\| b`) must not.
 */
export function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; ) {
    if (s[i] === '\\') i += 2;
    else if (s.startsWith(sep, i)) {
      out.push(s.slice(start, i));
      i += sep.length;
      start = i;
    } else i++;
  }
  out.push(s.slice(start));
  return out;
}

/** A standalone HTML page (no scripts, no remote resources) rendered from the Markdown report's structure. */
export function versionsToHtml(d: VersionDiff): string {
  const lines = versionsToMarkdown(d).split('\n');
  const body: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i]!.startsWith('|')) {
        rows.push(splitUnescaped(lines[i]!.slice(2, -2), ' | '));
        i++;
      }
      const [head, , ...rest] = rows;
      body.push(`<table><thead><tr>${head!.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${rest.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
      continue;
    }
    const h = /^(#+) (.*)$/.exec(l);
    if (h) body.push(`<h${h[1]!.length}>${inline(h[2]!)}</h${h[1]!.length}>`);
    else if (l.startsWith('- ')) body.push(`<p>${inline(l.slice(2))}</p>`);
    else if (l.trim()) body.push(`<p>${inline(l)}</p>`);
    i++;
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(`Model comparison: ${d.a.label} vs ${d.b.label}`)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}strong{color:${d.verdict.worse ? '#b00' : 'inherit'}}</style>
</head><body>
${body.join('\n')}
</body></html>
`;
}
