import { markdownCell } from '../../rules/escape';
import type { EvaluationReport } from '../types';
import { allTables, headerLines, type Table } from './reportRows';

const ICON = { pass: '✅', warn: '⚠️', fail: '❌' } as const;

function table(t: Table): string {
  return [`### ${t.title}`, '', `| ${t.head.map(markdownCell).join(' | ')} |`, `|${t.head.map(() => ' --- ').join('|')}|`, ...t.rows.map((r) => `| ${r.map(markdownCell).join(' | ')} |`), ...(t.note ? ['', markdownCell(t.note)] : [])].join('\n');
}

/** Markdown for a pull-request comment or a job summary: the verdict, then the tables. */
export function evaluationToMarkdown(r: EvaluationReport): string {
  return [
    `## ${ICON[r.verdict.status]} Model evaluation: ${markdownCell(r.verdict.text)}`, '',
    ...headerLines(r).map((l) => `${markdownCell(l)}  `), '',
    ...allTables(r).map((t) => `${table(t)}\n`),
    ...(r.issues.length ? ['### Notes', '', ...r.issues.map((i) => `- ${markdownCell(i.message)}`)] : []),
  ].join('\n').trimEnd() + '\n';
}
