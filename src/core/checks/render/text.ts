import { dirname } from 'node:path';
import type { ChecksReport } from '../types';
import { countsSentence, seconds, shownPath, STATUS_WORD } from './common';
import { escapeTextLine as t } from '../../render/escape';

/** Plain text for terminals and CI logs: one line per check, findings indented below failing ones. */
export function checksToText(r: ChecksReport): string {
  const base = dirname(r.config);
  const width = Math.max(...r.checks.map((c) => t(c.id).length), 4);
  const lines = [`Model Lens checks (${t(shownPath(r.config, process.cwd()))}): ${STATUS_WORD[r.status]} — ${countsSentence(r)} in ${seconds(r.durationMs)}`, ''];
  for (const c of r.checks) {
    lines.push(`${STATUS_WORD[c.status].padEnd(5)}  ${t(c.id).padEnd(width)}  ${t(c.summary)}`);
    if (c.status !== 'pass') {
      for (const f of c.findings.slice(0, 5)) lines.push(`${' '.repeat(width + 9)}- ${f.file ? `${t(shownPath(f.file, base))}${f.line ? `:${f.line}` : ''}: ` : ''}${t(f.message)}`);
      if (c.findings.length > 5) lines.push(`${' '.repeat(width + 9)}… ${c.findings.length - 5} more`);
    }
  }
  return `${lines.join('\n')}\n`;
}
