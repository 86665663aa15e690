import { relative } from 'node:path';
import type { CheckStatus, ChecksReport } from '../types';

export const STATUS_WORD: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };
export const STATUS_ICON: Record<CheckStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', error: '⛔' };

/** "6 checks: 3 passed, 1 warning, 1 failed, 1 could not run" (zero counts left out). */
export function countsSentence(r: ChecksReport): string {
  const parts: string[] = [];
  if (r.counts.pass) parts.push(`${r.counts.pass} passed`);
  if (r.counts.warn) parts.push(`${r.counts.warn} need${r.counts.warn === 1 ? 's' : ''} attention`);
  if (r.counts.fail) parts.push(`${r.counts.fail} failed`);
  if (r.counts.error) parts.push(`${r.counts.error} could not run`);
  return `${r.checks.length} check${r.checks.length === 1 ? '' : 's'}: ${parts.join(', ') || 'none configured'}`;
}

/**
 * The executive summary, in plain words for stakeholders: the verdict first, then one sentence per check that
 * is not passing, most severe first.
 */
export function executiveSummary(r: ChecksReport): string[] {
  const verdict: Record<CheckStatus, string> = {
    pass: 'Everything checked is within its thresholds.',
    warn: 'Nothing failed, but some results need a look before the next release.',
    fail: 'At least one check failed: do not ship until it is understood.',
    error: 'Some checks could not run, so the picture is incomplete.',
  };
  const out = [`${verdict[r.status]} ${countsSentence(r)}.`];
  const rank: Record<CheckStatus, number> = { error: 0, fail: 1, warn: 2, pass: 3 };
  for (const c of [...r.checks].sort((a, b) => rank[a.status] - rank[b.status])) {
    if (c.status !== 'pass') out.push(`${c.title}: ${c.summary}`);
  }
  return out;
}

/** A path as shown in reports: relative to the configuration's folder when inside it. */
export function shownPath(file: string, baseDir: string): string {
  const rel = relative(baseDir, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
