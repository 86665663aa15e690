import type { DatasetProfile } from './types';
import { formatNumber as f } from './formatNumber';
import { escapeMarkdown as esc } from '../render/escape';
import { distinctText, duplicatesText, quantilesNote } from './estimateText';

/** The profile as Markdown: a summary, one table of all columns, then details per column kind. */
export function profileToMarkdown(p: DatasetProfile): string {
  const lines: string[] = [];
  lines.push(`# Profile: ${esc(p.path)}`, '');
  lines.push(`- Format: ${p.format}${p.delimiter ? ` (delimiter ${JSON.stringify(p.delimiter)})` : ''}`);
  lines.push(`- Rows: ${p.rows}`, `- Columns: ${p.columnCount}`, `- Duplicate rows: ${duplicatesText(p)}`);
  if (p.approximate) lines.push(`- Values marked ≈ are estimates at this size (± one standard error; quantiles: a bound on the rank error): ${p.duplicateRowsEstimate ? 'duplicate rows (a hash sample of distinct rows), ' : ''}distinct counts above 16,384 (a hash sample of 1 in 64 distinct values) and quantiles of numeric columns with more than 10,000 distinct values (fine histograms, or the engine's sketch). \`--exact\` computes everything exactly.`);
  lines.push('');
  if (p.issues.length) {
    lines.push('## Issues', '');
    for (const i of p.issues) lines.push(`- **${i.severity}** ${esc(i.message)}`);
    lines.push('');
  }
  lines.push('## Columns', '', '| column | kind | type | missing | missing % | distinct | min | max | mean | std | p50 |', '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of p.columns) {
    const n = c.numeric;
    const min = n ? f(n.min) : c.datetime?.min ?? '';
    const max = n ? f(n.max) : c.datetime?.max ?? '';
    lines.push(`| ${esc(c.name)} | ${c.kind} | ${c.type} | ${c.missing} | ${f(c.missingPct)} | ${distinctText(c)} | ${min} | ${max} | ${n ? f(n.mean) : ''} | ${n ? f(n.std) : ''} | ${n ? f(n.quantiles.p50) : ''} |`);
  }
  lines.push('');
  const numeric = p.columns.filter((c) => c.numeric);
  if (numeric.length) {
    lines.push('## Numeric quantiles', '', '| column | p1 | p5 | p25 | p50 | p75 | p95 | p99 | NaN/inf |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const c of numeric) {
      const q = c.numeric!.quantiles;
      lines.push(`| ${esc(c.name)}${c.numeric!.approximateQuantiles ? ` ≈ ${quantilesNote(c.numeric!)}` : ''} | ${f(q.p1)} | ${f(q.p5)} | ${f(q.p25)} | ${f(q.p50)} | ${f(q.p75)} | ${f(q.p95)} | ${f(q.p99)} | ${c.numeric!.nonFinite} |`);
    }
    lines.push('');
  }
  const withTop = p.columns.filter((c) => c.top && c.top.length);
  if (withTop.length) {
    lines.push('## Top values', '');
    for (const c of withTop) {
      lines.push(`- **${esc(c.name)}**${c.approximateTop ? " (estimated: merged from the parts' own top lists, counts are lower bounds)" : ''}: ${c.top!.map((t) => `${esc(t.value)} (${t.count}, ${f(t.pct)}%)`).join(', ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
