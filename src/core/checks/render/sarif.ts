import { SARIF_SCHEMA, sarifArtifactUri } from '../../rules/rulesSarif';
import type { ChecksReport, Finding } from '../types';

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0: one run of the `model-lens` driver whose rules are the configured checks; one result per finding
 * of every check that did not pass, located at its file (and line, when known). Paths under `cwd` are relative,
 * as code-scanning tools expect.
 */
export function checksToSarif(r: ChecksReport, options: { cwd: string; toolVersion?: string }): string {
  const rules = r.checks.map((c) => ({
    id: c.id,
    name: c.kind,
    shortDescription: { text: c.title },
    fullDescription: { text: c.summary },
    defaultConfiguration: { level: c.status === 'warn' ? 'warning' : 'error' },
    properties: { status: c.status, metrics: c.metrics },
  }));
  const artifacts = [...new Set(r.checks.flatMap((c) => c.findings.flatMap((f) => (f.file ? [f.file] : []))))];
  const results = r.checks.flatMap((c, ruleIndex) =>
    c.status === 'pass'
      ? []
      : c.findings.map((f) => ({
          ruleId: c.id,
          ruleIndex,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: f.file
            ? [{ physicalLocation: { artifactLocation: { uri: sarifArtifactUri(f.file, options.cwd), index: artifacts.indexOf(f.file) }, ...(f.line ? { region: { startLine: f.line } } : {}) } }]
            : [],
        })),
  );
  const driver = { name: 'model-lens', ...(options.toolVersion ? { version: options.toolVersion } : {}), rules };
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: { driver }, artifacts: artifacts.map((f) => ({ location: { uri: sarifArtifactUri(f, options.cwd) } })), results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
