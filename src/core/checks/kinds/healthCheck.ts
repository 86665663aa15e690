import { basename } from 'node:path';
import { readBaseline } from '../../health/baselineJson';
import { runHealth, type HealthSettings } from '../../health/runHealth';
import type { HealthSeverity } from '../../health/types';
import { dataFile } from '../config';
import type { CheckKind, Finding } from '../types';
import { openCheckData, tableText, type CheckTable } from '../checkTables';
import { healthCheckVerdict } from '../../verdict/health';

interface HealthCheckSpec {
  data: string;
  /** The dataset's table on a source (the health statistics are computed there). */
  table?: CheckTable;
  baseline: string;
  timeColumn?: string;
  now?: string;
  settings: HealthSettings;
}

const SEVERITY: Record<HealthSeverity, Finding['severity']> = { error: 'error', warning: 'warning', info: 'info' };

/**
 * `checks.health`: feature-pipeline health of a dataset against a saved baseline (`model-lens baseline`).
 * Fails when a check of severity error is violated, warns for warning/info violations, as `model-lens health`.
 */
export const healthCheck: CheckKind<HealthCheckSpec> = {
  section: 'health',
  kind: 'health',
  label: 'pipeline health',
  keys: ['dataset', 'data', 'baseline', 'timeColumn', 'now', 'thresholds', 'severities', 'disabled', 'distributionTest'],
  parse(r, p, ctx) {
    const d = dataFile(r, p, ctx, 'current', true);
    const baseline = r.file([...p, 'baseline'], true);
    const settings: HealthSettings = {};
    const thresholds = r.numMap([...p, 'thresholds']);
    if (thresholds) settings.thresholds = thresholds;
    const severities = r.strMap([...p, 'severities']);
    if (severities) {
      for (const [k, v] of Object.entries(severities)) if (!['error', 'warning', 'info'].includes(v)) r.problem([...p, 'severities', k], `severity must be error, warning or info; got '${v}'.`);
      settings.severities = severities as Record<string, HealthSeverity>;
    }
    const disabled = r.strList([...p, 'disabled']);
    if (disabled) settings.disabled = disabled;
    const test = r.str([...p, 'distributionTest']);
    if (test) settings.distributionTest = test;
    const now = r.str([...p, 'now']);
    if (now !== undefined && Number.isNaN(new Date(now).getTime())) r.problem([...p, 'now'], `'now' must be an ISO date or time, e.g. 2026-11-01T00:00:00Z.`);
    if (!d || !baseline) return undefined;
    const spec: HealthCheckSpec = { data: d.file, ...(d.table ? { table: d.table } : {}), baseline, settings };
    const time = r.str([...p, 'timeColumn']) ?? d.dataset?.timeColumn;
    if (time) spec.timeColumn = time;
    if (now) spec.now = now;
    return { name: d.dataset?.name ?? basename(d.file).replace(/\.[^.]+$/, ''), title: `Pipeline health: ${d.table ? tableText(d.table) : basename(d.file)}`, files: d.table ? [baseline] : [d.file, baseline], spec };
  },
  async run(spec, env) {
    const baseline = readBaseline(spec.baseline);
    const { target, ds, label, remote } = await openCheckData(env, spec.data, spec.table);
    try {
      const report = await runHealth(target, ds, baseline, {
        signal: env.signal, settings: spec.settings, datasetName: label, baselineName: spec.baseline,
        ...(spec.now ? { now: new Date(spec.now) } : {}), ...(spec.timeColumn ? { timeColumn: spec.timeColumn } : {}),
      });
      const bad = report.checks.filter((c) => c.status !== 'pass');
      const findings: Finding[] = bad.map((c) => ({ severity: c.status === 'fail' ? 'error' : SEVERITY[c.severity], message: c.message, ...(remote ? {} : { file: spec.data }), ...(c.column === null ? {} : { column: c.column }) }));
      const { pass, warn, fail } = report.summary;
      const verdict = healthCheckVerdict(report);
      return { status: verdict.status, summary: verdict.headline, verdict, findings, metrics: { pass, warn, fail }, report };
    } finally {
      await ds.release();
    }
  },
};
