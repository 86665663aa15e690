import { formatNumber as f } from '../profile/formatNumber';
import type { VersionDiff } from './diffModels';
import { ciText, deltaText } from './verdict';
import { escapeMarkdown as md } from '../render/escape';

/** A cell: the report's own markup and numbers as they are; text from models and data is escaped where it is put in. */
const cell = (v: unknown): string => (typeof v === 'string' ? v : md(String(v ?? '—')));
const text = (v: unknown): string => md(String(v ?? '—'));
const table = (head: string[], rows: unknown[][]): string => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
const SLICES_SHOWN = 15;
const pct = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);

/** The comparison as Markdown: verdict first, then metadata, metrics, predictions, slices, SHAP, parameters. */
export function versionsToMarkdown(d: VersionDiff): string {
  const out: string[] = [`# Model comparison: A = ${md(d.a.label)}, B = ${md(d.b.label)}`, '', `**${md(d.verdict.text)}**`, ''];
  const info = (s: VersionDiff['a']) => Object.entries(s.info).map(([k, v]) => `${md(k)}: ${md(String(v))}`).join('; ');
  out.push(`- A: ${md(d.a.name)} (${d.a.source}) ${info(d.a)}`, `- B: ${md(d.b.name)} (${d.b.source}) ${info(d.b)}`, '');
  const m = d.metadata;
  out.push('## Metadata', '', table(['', 'A', 'B'], (Object.keys(m.a) as (keyof typeof m.a)[]).map((k) => [m.changed.includes(k) ? `**${md(k)}**` : md(k), text(m.a[k]), text(m.b[k])])), '');
  out.push(`Features: ${m.features.added.length ? `added ${m.features.added.map(md).join(', ')}` : 'none added'}; ${m.features.removed.length ? `removed ${m.features.removed.map(md).join(', ')}` : 'none removed'}${m.features.reordered ? '; shared features reordered' : ''}.`, '');
  if (d.evaluation) out.push(`## On ${md(d.evaluation.dataset)}`, '', `${d.evaluation.rows} rows${d.evaluation.label ? `, label '${md(d.evaluation.label)}' (${d.evaluation.labeledRows} labeled)` : ', no label'}; ${Math.round(d.evaluation.bootstrap.level * 100)}% paired bootstrap intervals (${d.evaluation.bootstrap.draws} draws, seed ${d.evaluation.bootstrap.seed}).`, '');
  if (d.metrics.length) {
    out.push('### Metric deltas (B − A)', '', table(['metric', 'A', 'B', 'delta', 'CI', 'better', 'significant'], d.metrics.map((x) => [x.name === d.evaluation?.primaryMetric ? `**${md(x.label)}** (primary)` : md(x.label), f(x.a), f(x.b), md(deltaText(x.name, x.label, x.delta)), md(ciText(x.name, x.ci)), md(String(x.better)), md(String(x.significant ?? 'no'))])), '');
  }
  const p = d.predictions;
  if (p) {
    out.push('### Predictions', '', `Agreement ${pct(p.agreement)} (${md(p.agreementRule)})${p.flipRate !== null ? `, flip rate ${pct(p.flipRate)}` : ''}; mean |B − A| ${f(p.meanAbsDiff)}, max ${f(p.maxAbsDiff)}, mean B − A ${f(p.meanDiff)}.`, '');
    out.push(`Prediction drift (B's outputs vs A's): ${md(p.drift.label)} = ${f(p.drift.score)} (threshold ${p.drift.threshold}) → ${p.drift.drifted ? 'drifted' : 'not drifted'}.`, '');
    if (p.flipMatrix) out.push(table(['A \\ B', ...p.flipMatrix.classes.map((c) => `B=${md(String(c))}`)], p.flipMatrix.counts.map((r, i) => [`A=${md(String(p.flipMatrix!.classes[i]))}`, ...r])), '');
  }
  if (d.slices.length) {
    const shown = d.slices.slice(0, Math.max(SLICES_SHOWN, d.slices.filter((s) => s.worse).length));
    const label = (id: string) => d.metrics.find((x) => x.name === id)?.label ?? id;
    out.push('### Slices', '', `${d.slices.filter((s) => s.worse).length} of ${d.slices.length} slices significantly worse for B (Benjamini–Hochberg adjusted p < ${f(1 - (d.evaluation?.bootstrap.level ?? 0.95))}); the ${shown.length} with the largest drop:`, '',
      table(['slice', 'rows', 'A', 'B', 'delta', 'CI', 'adj. p', 'B worse'], shown.map((s) => [md(`${s.column}=${s.value}`), s.rows, f(s.a), f(s.b), md(deltaText(s.metric, label(s.metric), s.delta)), md(ciText(s.metric, s.ci)), f(s.adjustedP), s.worse ? '**yes**' : 'no'])), '');
  }
  if (d.shap) out.push(`### Global SHAP importance (mean |SHAP|, first ${d.evaluation?.shapRows ?? 0} rows)`, '', table(['feature', 'A', 'B', 'delta', 'rank A', 'rank B'], d.shap.map((s) => [md(s.feature), f(s.a), f(s.b), f(s.delta), s.rankA, s.rankB])), '');
  if (d.recordedMetrics.length) out.push('## Recorded metrics', '', table(['metric', 'A', 'B', 'delta', 'better', 'B improved'], d.recordedMetrics.map((r) => [md(r.name), f(r.a), f(r.b), f(r.delta), md(String(r.better ?? '?')), r.improved === null ? '?' : r.improved ? 'yes' : 'no'])), '');
  if (d.params.length) out.push('## Parameters', '', table(['parameter', 'A', 'B'], d.params.map((r) => [r.changed ? `**${md(r.name)}**` : md(r.name), text(r.a), text(r.b)])), '');
  return `${out.join('\n')}\n`;
}
