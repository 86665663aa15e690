import { formatNumber as f } from '../profile/formatNumber';
import { biasVerdict } from '../verdict/bias';
import { STATUS_LABEL } from '../verdict/types';
import type { CheckedBiasReport } from './checks';
import { CHART_METRICS, pivotIntersection } from './pivot';
import type { AttributeReport, GroupReport } from './report';
import { own } from '../dict';
import { escapeMarkdown as esc } from '../render/escape';
const num = (v: unknown) => (typeof v === 'number' ? f(v) : '—');
const BAR = 20;

/** A text bar of width value × 20 (for rates in [0, 1]). */
const bar = (v: unknown) => (typeof v === 'number' ? '█'.repeat(Math.round(Math.max(0, Math.min(1, v)) * BAR)) : '');

function withCi(g: GroupReport, id: string): string {
  const ci = own(g['ci'] as Record<string, [number, number]> | undefined, id);
  return ci ? `${num(own(g, id))} [${f(ci[0])}, ${f(ci[1])}]` : num(own(g, id));
}

function groupTable(a: AttributeReport, score: boolean): string[] {
  const extra = score ? ['auc', 'brier'] : [];
  const head = ['group', 'n', ...CHART_METRICS.map((m) => m.label.toLowerCase()), 'disparate impact', ...extra, 'selection rate (bar)'];
  const out = [`| ${head.join(' | ')} |`, `|${head.map((_h, i) => (i === 0 || i === head.length - 1 ? '---' : '---:')).join('|')}|`];
  for (const g of a.groups) {
    const name = `${esc(g.group)}${g.group === a.reference.group ? ' (reference)' : ''}${g.small ? ' (small)' : ''}`;
    out.push(`| ${[name, String(g.n), ...CHART_METRICS.map((m) => withCi(g, m.id)), num(g['disparateImpact']), ...extra.map((k) => num(own(g, k))), bar(g['selectionRate'])].join(' | ')} |`);
  }
  out.push(`| overall | ${a.groups.reduce((s, g) => s + g.n, 0)} | ${CHART_METRICS.map((m) => num(own(a.overall, m.id))).join(' | ')} | | ${extra.map((k) => num(own(a.overall, k))).join(' | ')}${extra.length ? ' | ' : ''}${bar(a.overall['selectionRate'])} |`);
  return out;
}

/**
 * The bias audit as Markdown: checks and findings first, then per attribute a group table (rates
 * with bootstrap intervals when present, a text bar of the selection rate), the disparity metric
 * table, selection-rate grids of two-attribute intersections and the threshold sweep (scores only).
 */
export function biasToMarkdown(r: CheckedBiasReport): string {
  const model = r.score !== null ? `score \`${esc(r.score)}\` ≥ ${r.threshold ?? ''}` : `prediction \`${esc(r.prediction ?? '')}\``;
  const v = biasVerdict(r); // the same status and headline as the panel, the Checks view and the CLI's exit code
  const lines = ['# Bias audit', '', `**${STATUS_LABEL[v.status]}:** ${esc(v.headline)}`, '', `- Dataset: ${esc(r.dataset)} — ${r.rows} rows${r.droppedRows ? ` (${r.droppedRows} dropped: missing label or prediction)` : ''}`,
    `- Label \`${esc(r.label)}\` (favourable: ${esc(r.favorable)}), ${model}; minimum group size ${r.minGroupSize}`];
  if (r.bootstrap) lines.push(`- Intervals: ${Math.round(r.bootstrap.level * 100)}% ${esc(r.bootstrap.method)}, ${r.bootstrap.draws} draws, seed ${r.bootstrap.seed}`);
  const failed = r.checks.filter((c) => c.status === 'fail');
  const evaluated = r.checks.filter((c) => c.status !== 'notEvaluated').length;
  lines.push('', '## Checks', '', failed.length ? `**${failed.length} of ${evaluated} evaluated ${evaluated === 1 ? 'check' : 'checks'} failed.**` : 'No fairness check failed.', '', '| check | attribute | value | result |', '|---|---|---:|---|');
  for (const c of r.checks) lines.push(`| ${esc(c.check)} | ${esc(c.attribute)} | ${num(c.value)} | ${c.status === 'fail' ? '**fail**' : c.status === 'pass' ? 'pass' : `not evaluated${c.note ? `: ${esc(c.note)}` : ''}`} |`);
  lines.push('', '## Findings', '');
  for (const a of r.attributes) lines.push(`### ${esc(a.attribute)}`, '', ...a.findings.map((s) => `- ${esc(s)}`), '');
  lines.push('## Groups', '');
  for (const a of r.attributes) {
    lines.push(`### ${esc(a.attribute)}`, '', `Reference group: ${a.reference.group === null ? 'none' : esc(a.reference.group)} (${a.reference.chosen === 'given' ? 'given' : 'highest selection rate'}).`, '', ...groupTable(a, r.score !== null), '');
  }
  const ids = Object.keys(r.attributes[0]?.metrics ?? {});
  lines.push('## Disparity metrics', '', `| metric | ${r.attributes.map((a) => esc(a.attribute)).join(' | ')} |`, `|---|${r.attributes.map(() => '---:').join('|')}|`);
  for (const id of ids) lines.push(`| ${id} | ${r.attributes.map((a) => { const ci = own(a.metricCi, id); return ci ? `${num(own(a.metrics, id))} [${f(ci[0])}, ${f(ci[1])}]` : num(own(a.metrics, id)); }).join(' | ')} |`);
  for (const a of r.attributes) {
    const p = pivotIntersection(a, 'selectionRate');
    if (!p) continue;
    lines.push('', `## Selection rate by ${esc(p.rowAttribute)} × ${esc(p.columnAttribute)}`, '', `| ${esc(p.rowAttribute)} \\ ${esc(p.columnAttribute)} | ${p.columns.map(esc).join(' | ')} |`, `|---|${p.columns.map(() => '---:').join('|')}|`);
    p.rows.forEach((row, i) => lines.push(`| ${esc(row)} | ${p.columns.map((_c, j) => `${num(p.cells[i]?.[j])} (n=${p.n[i]?.[j] ?? 0})`).join(' | ')} |`));
  }
  for (const a of r.attributes) {
    if (!a.thresholdSweep || a.thresholdSweep.length === 0 || a.attribute.includes(' & ')) continue;
    lines.push('', `## Threshold sweep: ${esc(a.attribute)}`, '', '| threshold | demographic parity difference | demographic parity ratio | equalized odds difference |', '|---:|---:|---:|---:|');
    for (const s of a.thresholdSweep) lines.push(`| ${f(s.threshold)} | ${num(s.demographicParityDifference)} | ${num(s.demographicParityRatio)} | ${num(s.equalizedOddsDifference)} |`);
  }
  return `${lines.join('\n')}\n`;
}
