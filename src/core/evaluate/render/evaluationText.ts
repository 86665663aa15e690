import type { EvaluationReport } from '../types';
import { allTables, headerLines, type Table } from './reportRows';

const WORD = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

function layout(t: Table): string {
  const widths = t.head.map((h, i) => Math.min(60, Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [t.title, line(t.head), ...t.rows.map(line), ...(t.note ? [t.note] : [])].join('\n');
}

/** The terminal report: the verdict first, then every table, plain text. */
export function evaluationToText(r: EvaluationReport): string {
  const issues = r.issues.map((i) => `- ${i.message}`);
  return [`${WORD[r.verdict.status]}: ${r.verdict.text}`, ...headerLines(r), '', ...allTables(r).map((t) => `${layout(t)}\n`), ...(issues.length ? ['Notes', ...issues] : [])].join('\n').trimEnd() + '\n';
}
