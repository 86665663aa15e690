import { categoryListText } from './categoryLists';
import { formatNumber as f } from '../profile/formatNumber';
import { driftVerdict } from '../verdict/drift';
import { STATUS_LABEL } from '../verdict/types';
import type { ColumnDrift, DriftReport, SideSummary } from './driftReport';
import { escapeMarkdown as esc } from '../render/escape';
import { sketchNotes } from './sketchNotes';
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const list = (xs: string[] | undefined, total?: number) => esc(categoryListText(xs, total));
const side = (s: SideSummary) => `${esc(s.path)} — ${s.rows} rows${s.start ? ` (${s.start} to ${s.end})` : ''}`;

function columnTable(columns: ColumnDrift[]): string[] {
  const out = ['| column | kind | test | statistic | p-value | score | threshold | drifted | missing (ref → cur) | unseen categories | vanished categories |', '|---|---|---|---:|---:|---:|---:|---|---|---|---|'];
  for (const c of columns) {
    const d = c.details;
    const drifted = d.error ? `error: ${esc(d.error.message)}` : c.approximate?.decision === 'undecided' ? '**undecided** (within the sketch error)' : c.drifted ? '**yes**' : 'no';
    // Figures from sketches are marked ≈ (their ranges are under "Figures from sketches").
    const a = c.approximate ? '≈ ' : '';
    out.push(`| ${esc(c.column)} | ${c.kind} | ${c.test} | ${a}${f(c.statistic)} | ${c.pValue === null ? f(c.pValue) : a + f(c.pValue)} | ${a}${f(c.score)} | ${f(c.threshold)} | ${drifted} | ${pct(d.referenceMissingRate)} → ${pct(d.currentMissingRate)} | ${list(d.unseenCategories, d.unseenCategoryCount)} | ${list(d.vanishedCategories, d.vanishedCategoryCount)} |`);
  }
  return out;
}

/** The drift report as Markdown: the one verdict, per-column table, target/prediction, windows, skipped columns, issues. */
export function driftToMarkdown(r: DriftReport): string {
  const v = driftVerdict(r); // the same status and headline as the panel, the Checks view and the CLI's exit code
  const d = r.dataset;
  const lines = ['# Drift report', '', `**${STATUS_LABEL[v.status]}:** ${esc(v.headline)}`, '', `- Reference: ${side(r.reference)}`, `- Current: ${side(r.current)}`,
    `- ${d.drifted ? 'Dataset drift' : 'No dataset drift'} over all rows: ${d.driftedColumns} of ${d.totalColumns} columns drifted (${pct(d.share)}; dataset drift at ${pct(d.driftShare)} or more)`, ''];
  lines.push('## Columns', '', ...columnTable(r.columns), '');
  const outputs = [r.target && { title: 'Target drift', c: r.target }, r.prediction && { title: 'Prediction drift', c: r.prediction }].filter((x) => !!x);
  for (const o of outputs) lines.push(`## ${o.title}`, '', ...columnTable([o.c]), '');
  if (r.windows && r.windowing) {
    lines.push(`## Drift over time (${esc(r.windowing.window)} windows of '${esc(r.windowing.timeColumn)}', compared with the ${r.windowing.reference})`, '');
    if (r.windowing.rowsWithoutTime) lines.push(`${r.windowing.rowsWithoutTime} rows without a time are in no window.`, '');
    lines.push('| start | end | rows | drifted columns | share | dataset drift | drifted |', '|---|---|---:|---:|---:|---|---|');
    for (const w of r.windows) {
      const names = w.columns.filter((c) => c.drifted).map((c) => esc(c.column)).join(', ');
      lines.push(`| ${w.start} | ${w.end} | ${w.rows} | ${w.dataset.driftedColumns}/${w.dataset.totalColumns} | ${pct(w.dataset.share)} | ${w.dataset.drifted ? '**yes**' : 'no'} | ${names} |`);
    }
    lines.push('');
  }
  if (r.approximate) lines.push('## Figures from sketches', '', ...sketchNotes(r).map((l) => (l.startsWith('  ') ? `- ${esc(l.trim())}` : esc(l))), '');
  if (r.skipped.length) {
    lines.push('## Not tested', '');
    for (const s of r.skipped) lines.push(`- ${esc(s.column)}: ${esc(s.reason)}`);
    lines.push('');
  }
  if (r.issues.length) {
    lines.push('## Issues', '');
    for (const i of r.issues) lines.push(`- **${i.severity}** ${esc(i.message)}`);
    lines.push('');
  }
  return lines.join('\n');
}
