import { dirname } from 'node:path';
import type { ChecksReport } from '../types';
import { countsSentence, seconds, shownPath, STATUS_WORD } from './common';

/** Plain text for terminals and CI logs: one line per check, findings indented below failing ones. */
export function checksToText(r: ChecksReport): string {
  const base = dirname(r.config);
  const width = Math.max(...r.checks.map((c) => c.id.length), 4);
  const lines = [`Model Lens checks (${shownPath(r.config, process.cwd())}): ${STATUS_WORD[r.status]} — ${countsSentence(r)} in ${seconds(r.durationMs)}`, ''];
  for (const c of r.checks) {
    lines.push(`${STATUS_WORD[c.status].padEnd(5)}  ${c.id.padEnd(width)}  ${c.summary}`);
    if (c.status !== 'pass') {
      for (const f of c.findings.slice(0, 5)) lines.push(`${' '.repeat(width + 9)}- ${f.file ? `${shownPath(f.file, base)}${f.line ? `:${f.line}` : ''}: ` : ''}${f.message}`);
      if (c.findings.length > 5) lines.push(`${' '.repeat(width + 9)}… ${c.findings.length - 5} more`);
    }
  }
  return `${lines.join('\n')}\n`;
}
