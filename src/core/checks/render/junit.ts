import { dirname } from 'node:path';
import { escapeXml, escapeXmlAttr } from '../../rules/escape';
import type { CheckOutcome, ChecksReport } from '../types';
import { shownPath } from './common';

/**
 * JUnit XML as CI systems read it (the Ant/Jenkins format): one <testsuite> per kind of check, one <testcase> per
 * check. fail → <failure>, error (could not run) → <error>, warn → a passing case with its findings in
 * <system-out>. Times in seconds.
 */
export function checksToJunit(r: ChecksReport): string {
  const base = dirname(r.config);
  const kinds = [...new Set(r.checks.map((c) => c.kind))];
  const count = (cs: CheckOutcome[], s: string) => cs.filter((c) => c.status === s).length;
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="model-lens" tests="${r.checks.length}" failures="${r.counts.fail}" errors="${r.counts.error}" time="${secs(r.durationMs)}">`];
  kinds.forEach((kind, id) => {
    const cs = r.checks.filter((c) => c.kind === kind);
    const time = cs.reduce((s, c) => s + c.durationMs, 0);
    out.push(`  <testsuite name="${escapeXmlAttr(kind)}" id="${id}" tests="${cs.length}" failures="${count(cs, 'fail')}" errors="${count(cs, 'error')}" skipped="0" time="${secs(time)}" timestamp="${r.startedAt.replace(/\.\d+Z$/, '')}">`);
    for (const c of cs) {
      const details = c.findings.map((f) => `${f.file ? `${shownPath(f.file, base)}${f.line ? `:${f.line}` : ''}: ` : ''}${f.message}`).join('\n');
      out.push(`    <testcase name="${escapeXmlAttr(c.id)}" classname="model-lens.${escapeXmlAttr(kind)}" time="${secs(c.durationMs)}">`);
      if (c.status === 'fail') out.push(`      <failure message="${escapeXmlAttr(c.summary)}" type="${escapeXmlAttr(kind)}">${escapeXml(details)}</failure>`);
      else if (c.status === 'error') out.push(`      <error message="${escapeXmlAttr(c.summary)}" type="input">${escapeXml(details)}</error>`);
      else if (c.status === 'warn') out.push(`      <system-out>${escapeXml(`WARN: ${c.summary}\n${details}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
