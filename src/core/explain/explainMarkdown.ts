import type { ExplainDocument } from './explainDocument';
import { waterfall } from './explainDocument';

/** Rows given a waterfall table / a sentence line in the Markdown report (the JSON has them all). */
const WATERFALL_ROWS = 10;
const SENTENCE_ROWS = 1000;

const num = (x: number): string => String(Number(x.toPrecision(6)));
/** Markdown table cell: pipes and line breaks would break the table; backslash-escape the rest of the syntax. */
const cell = (s: string): string => s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
const pred = (p: number | number[]): string => (Array.isArray(p) ? `[${p.map(num).join(', ')}]` : num(p));

/** "tree (pathDependent TreeSHAP)", "kernel (Kernel SHAP, interventional, seed 0, 50 background rows)", … */
export function methodDescription(d: Pick<ExplainDocument, 'method' | 'algorithm' | 'sampling'>): string {
  const label = d.method === 'tree' ? `${d.algorithm} TreeSHAP` : d.method === 'linear' ? 'exact linear SHAP, interventional' : d.method === 'kernel' ? 'Kernel SHAP, interventional' : d.method === 'permutation' ? 'Permutation SHAP, antithetic, interventional' : 'LIME tabular surrogate';
  const s = d.sampling;
  const extra = s ? `, seed ${s.seed}, ${s.background} background rows${s.exact ? ', exact' : ''}` : '';
  return `${d.method} (${label}${extra})`;
}

/**
 * The explanation as Markdown: summary, global importance (mean |contribution|), one sentence per row and a
 * waterfall table (base value → each contribution → margin) for the first rows. Names are escaped.
 */
export function explainToMarkdown(d: ExplainDocument): string {
  const unit = d.unit ? ` (${d.unit})` : '';
  const base = Array.isArray(d.baseValue) ? `[${d.baseValue.map(num).join(', ')}]` : num(d.baseValue);
  const out = [
    `# Explanation: ${cell(d.model)} on ${cell(d.dataset)}`,
    '',
    `- Method: ${methodDescription(d)}`,
    `- Contributions in: ${d.output}${unit}`,
    `- Base value: ${base}`,
    `- Rows explained: ${d.rows.length}`,
    `- Additivity: max |Σ contributions + base − ${d.method === 'lime' ? 'prediction' : 'margin'}| = ${d.additivity.maxAbsError.toExponential(2)}${d.additivity.tolerance === undefined ? (d.method === 'lime' ? ' (LIME is a local surrogate, not additive)' : '') : d.additivity.ok ? ` (within ${d.additivity.tolerance.toExponential(1)})` : ` (EXCEEDS the tolerance ${d.additivity.tolerance.toExponential(1)})`}`,
    '',
    '## Global importance (mean |contribution| over the explained rows)',
    '',
    '| feature | mean abs |',
    '|---|---:|',
    ...d.global.map((g) => `| ${cell(g.feature)} | ${num(g.meanAbs)} |`),
    '',
    '## Rows',
    '',
    '| row | prediction | explanation |',
    '|---:|---:|---|',
    ...d.rows.slice(0, SENTENCE_ROWS).map((r) => `| ${r.index} | ${pred(r.prediction)} | ${cell(r.sentence)} |`),
  ];
  if (d.rows.length > SENTENCE_ROWS) out.push('', `(${d.rows.length - SENTENCE_ROWS} more rows in the JSON output)`);
  d.rows.slice(0, WATERFALL_ROWS).forEach((r, i) => {
    const cls = Array.isArray(r.prediction) ? r.prediction.indexOf(Math.max(...r.prediction)) : 0;
    const w = waterfall(d, i, cls);
    out.push('', `### Row ${r.index}${Array.isArray(r.prediction) ? ` (class ${cls})` : ''}: waterfall`, '', '| step | contribution | running total |', '|---|---:|---:|', `| base value | | ${num(w.base)} |`);
    for (const s of w.steps) out.push(`| ${cell(s.label)} | ${s.contribution >= 0 ? '+' : ''}${num(s.contribution)} | ${num(s.to)} |`);
    out.push(`| **margin** | | **${num(w.end)}** |`);
  });
  return `${out.join('\n')}\n`;
}
