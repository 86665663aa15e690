import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatRate, formatValue } from './escape';
import type { Severity } from './rule';
import { exampleWhere, type RulesReport } from './validate';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  /** `artifactLocation.uri` of the dataset (see sarifArtifactUri). */
  artifactUri: string;
  /** Physical line in the dataset file of each failing rule's first example, by rule id (CSV/TSV only). */
  firstLines?: ReadonlyMap<string, number>;
  toolVersion?: string;
}

/**
 * The rules report as SARIF 2.1.0 (OASIS, sarif-v2.1.0-os §3): one run whose `tool.driver.rules` lists every rule
 * (level from severity: error→error, warning→warning, info→note) and one `result` per failing rule, located at the
 * dataset file and, when known, at the line of its first violating row (`region.startLine`). Counts and examples
 * travel in `result.properties`.
 */
export function rulesToSarif(report: RulesReport, options: SarifOptions): string {
  const rules = report.rules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.description ?? r.expr },
    fullDescription: { text: r.when === undefined ? r.expr : `${r.expr} (when ${r.when})` },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { expr: r.expr, ...(r.when === undefined ? {} : { when: r.when }), maxRate: r.maxRate },
  }));
  const results = report.rules.flatMap((r, ruleIndex) => {
    if (r.status !== 'fail') return [];
    const first = r.examples[0];
    const line = options.firstLines?.get(r.id);
    const where = first === undefined ? '' : first.row !== undefined ? `; first at data row ${first.row}` : `; e.g. ${exampleWhere(first)} with ${Object.entries(first.values).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}`;
    return [{
      ruleId: r.id,
      ruleIndex,
      level: LEVEL[r.severity],
      message: { text: `${r.violations} of ${r.rows} rows (${formatRate(r.rate)}) violate '${r.expr}'; at most ${formatRate(r.maxRate)} allowed${where}.` },
      locations: [{ physicalLocation: { artifactLocation: { uri: options.artifactUri }, ...(line === undefined ? {} : { region: { startLine: line } }) } }],
      properties: { violations: r.violations, rows: r.rows, nullResults: r.nullResults, rate: r.rate, maxRate: r.maxRate, examples: r.examples },
    }];
  });
  const driver = { name: 'model-lens', ...(options.toolVersion ? { version: options.toolVersion } : {}), rules };
  const log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [{ tool: { driver }, artifacts: [{ location: { uri: options.artifactUri } }], results }] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * The dataset's URI for SARIF: a relative path with '/' separators when the file is under `cwd` (what code
 * scanning tools resolve against the repository root), otherwise an absolute file:// URI.
 */
export function sarifArtifactUri(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).map(encodeURIComponent).join('/');
  return pathToFileURL(path).href;
}
