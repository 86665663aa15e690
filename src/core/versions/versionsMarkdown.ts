import { formatNumber as f } from '../profile/formatNumber';
import type { VersionDiff } from './diffModels';
import { ciText, deltaText } from './verdict';

const cell = (v: unknown): string => String(v ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: unknown[][]): string => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
const SLICES_SHOWN = 15;
const pct = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);

/** The comparison as Markdown: verdict first, then metadata, metrics, predictions, slices, SHAP, parameters. */
export function versionsToMarkdown(d: VersionDiff): string {
  const out: string[] = [`# Model comparison: A = ${d.a.label}, B = ${d.b.label}`, '', `**${d.verdict.text}**`, ''];
  const info = (s: VersionDiff['a']) => Object.entries(s.info).map(([k, v]) => `${k}: ${v}`).join('; ');
  out.push(`- A: ${d.a.name} (${d.a.source}) ${info(d.a)}`, `- B: ${d.b.name} (${d.b.source}) ${info(d.b)}`, '');
  const m = d.metadata;
  out.push('## Metadata', '', table(['', 'A', 'B'], (Object.keys(m.a) as (keyof typeof m.a)[]).map((k) => [m.changed.includes(k) ? `**${k}**` : k, m.a[k], m.b[k]])), '');
  out.push(`Features: ${m.features.added.length ? `added ${m.features.added.join(', ')}` : 'none added'}; ${m.features.removed.length ? `removed ${m.features.removed.join(', ')}` : 'none removed'}${m.features.reordered ? '; shared features reordered' : ''}.`, '');
  if (d.evaluation) out.push(`## On ${d.evaluation.dataset}`, '', `${d.evaluation.rows} rows${d.evaluation.label ? `, label '${d.evaluation.label}' (${d.evaluation.labeledRows} labeled)` : ', no label'}; ${Math.round(d.evaluation.bootstrap.level * 100)}% paired bootstrap intervals (${d.evaluation.bootstrap.draws} draws, seed ${d.evaluation.bootstrap.seed}).`, '');
  if (d.metrics.length) {
    out.push('### Metric deltas (B − A)', '', table(['metric', 'A', 'B', 'delta', 'CI', 'better', 'significant'], d.metrics.map((x) => [x.name === d.evaluation?.primaryMetric ? `**${x.label}** (primary)` : x.label, f(x.a), f(x.b), deltaText(x.name, x.label, x.delta), ciText(x.name, x.ci), x.better, x.significant ?? 'no'])), '');
  }
  const p = d.predictions;
  if (p) {
    out.push('### Predictions', '', `Agreement ${pct(p.agreement)} (${p.agreementRule})${p.flipRate !== null ? `, flip rate ${pct(p.flipRate)}` : ''}; mean |B − A| ${f(p.meanAbsDiff)}, max ${f(p.maxAbsDiff)}, mean B − A ${f(p.meanDiff)}.`, '');
    out.push(`Prediction drift (B's outputs vs A's): ${p.drift.label} = ${f(p.drift.score)} (threshold ${p.drift.threshold}) → ${p.drift.drifted ? 'drifted' : 'not drifted'}.`, '');
    if (p.flipMatrix) out.push(table(['A \\ B', ...p.flipMatrix.classes.map((c) => `B=${c}`)], p.flipMatrix.counts.map((r, i) => [`A=${p.flipMatrix!.classes[i]}`, ...r])), '');
  }
  if (d.slices.length) {
    const shown = d.slices.slice(0, Math.max(SLICES_SHOWN, d.slices.filter((s) => s.worse).length));
    const label = (id: string) => d.metrics.find((x) => x.name === id)?.label ?? id;
    out.push('### Slices', '', `${d.slices.filter((s) => s.worse).length} of ${d.slices.length} slices significantly worse for B (Benjamini–Hochberg adjusted p < ${f(1 - (d.evaluation?.bootstrap.level ?? 0.95))}); the ${shown.length} with the largest drop:`, '',
      table(['slice', 'rows', 'A', 'B', 'delta', 'CI', 'adj. p', 'B worse'], shown.map((s) => [`${s.column}=${s.value}`, s.rows, f(s.a), f(s.b), deltaText(s.metric, label(s.metric), s.delta), ciText(s.metric, s.ci), f(s.adjustedP), s.worse ? '**yes**' : 'no'])), '');
  }
  if (d.shap) out.push(`### Global SHAP importance (mean |SHAP|, first ${d.evaluation?.shapRows ?? 0} rows)`, '', table(['feature', 'A', 'B', 'delta', 'rank A', 'rank B'], d.shap.map((s) => [s.feature, f(s.a), f(s.b), f(s.delta), s.rankA, s.rankB])), '');
  if (d.recordedMetrics.length) out.push('## Recorded metrics', '', table(['metric', 'A', 'B', 'delta', 'better', 'B improved'], d.recordedMetrics.map((r) => [r.name, f(r.a), f(r.b), f(r.delta), r.better ?? '?', r.improved === null ? '?' : r.improved ? 'yes' : 'no'])), '');
  if (d.params.length) out.push('## Parameters', '', table(['parameter', 'A', 'B'], d.params.map((r) => [r.changed ? `**${r.name}**` : r.name, r.a, r.b])), '');
  return `${out.join('\n')}\n`;
}
