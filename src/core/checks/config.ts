import { InputError } from '../errors';
import { readInputFile } from '../io/inputFile';
import { isStackOverflow, TOO_DEEP } from '../io/tooDeep';
import { basename, dirname, resolve } from 'node:path';
import { ConfigReader, type YamlPath } from './configReader';
import { CHECK_KINDS } from './registry';
import { readSources, type SourceConfig } from '../warehouse/sources/sourceConfig';
import { readTableKeys, sourceNameOf } from './datasetTable';
import type { ConfigContext, DatasetSpec, ModelSpec, PlannedCheck } from './types';
import { tableOf, type CheckTable } from './checkTables';
import { keepEntry, overriddenDataset, type DatasetOverride } from './sourceOverride';

export const CONFIG_FILE_NAME = 'modellens.yml';

export interface WorkspaceConfig {
  file: string;
  baseDir: string;
  context: ConfigContext;
  checks: PlannedCheck[];
  /** `sources:` (warehouse connections) by name, for checks whose dataset is a table. */
  sources: Map<string, SourceConfig>;
}

const TOP_KEYS = ['version', 'datasets', 'models', 'checks', 'sources'];
const DATASET_KEYS = ['reference', 'current', 'timeColumn', 'label', 'prediction', 'source', 'currentSource', 'referenceWhere', 'currentWhere'];
const MODEL_KEYS = ['path', 'data', 'label', 'card'];

/** `check --source`: one dataset read from a table; only the checks that read it are parsed (see sourceOverride.ts). */
export interface ConfigOptions {
  override?: DatasetOverride;
  only?: readonly string[];
}

/** Reads and validates modellens.yml. Every problem in the file is reported at once (InputError CONFIG_INVALID). */
export function loadConfig(file: string, options: ConfigOptions = {}): WorkspaceConfig {
  const path = resolve(file);
  const bytes = readInputFile(path, 'configuration', `Create a ${CONFIG_FILE_NAME} (see the README's "Run every check" section) or pass --config F.`);
  try {
    return parseConfig(bytes.toString('utf8'), path, options);
  } catch (e) {
    if (isStackOverflow(e)) throw new InputError('TOO_DEEP', `${path}: ${TOO_DEEP}.`, { path });
    throw e;
  }
}

export function parseConfig(text: string, file: string, options: ConfigOptions = {}): WorkspaceConfig {
  const override = options.override;
  // The unchanged configuration first: its own mistakes are reported as they are, and it names the entries.
  const origin = override ? parseConfig(text, file) : undefined;
  const baseDir = dirname(file);
  const r = new ConfigReader(text, basename(file), baseDir);
  r.throwIfProblems(); // YAML syntax errors first: nothing else is meaningful
  if (r.kindOf([]) !== 'map') {
    r.problem([], `the file must be a mapping with 'datasets', 'models' and 'checks' sections.`);
    r.throwIfProblems();
  }
  r.onlyKeys([], TOP_KEYS);
  const version = r.num(['version'], { integer: true });
  if (version !== undefined && version !== 1) r.problem(['version'], `version ${version} is not supported; this Model Lens reads version 1.`);

  const datasets = new Map<string, DatasetSpec>();
  for (const name of r.keys(['datasets'])) {
    const p: YamlPath = ['datasets', name];
    if (r.kindOf(p) !== 'map') { r.problem(p, `dataset '${name}' must be a mapping with 'reference' and/or 'current' files.`); continue; }
    r.onlyKeys(p, DATASET_KEYS);
    const d: DatasetSpec = { name };
    const ref = r.file([...p, 'reference']);
    const cur = r.file([...p, 'current']);
    if (ref) d.reference = ref;
    if (cur) d.current = cur;
    if (!ref && !cur && !r.has([...p, 'source'])) r.problem(p, `dataset '${name}' needs a 'reference' or a 'current' file, or a 'source' table.`);
    readTableKeys(r, p, d);
    for (const k of ['timeColumn', 'label', 'prediction'] as const) {
      const v = r.str([...p, k]);
      if (v) d[k] = v;
    }
    datasets.set(name, d);
  }
  const models = new Map<string, ModelSpec>();
  for (const name of r.keys(['models'])) {
    const p: YamlPath = ['models', name];
    if (r.kindOf(p) !== 'map') { r.problem(p, `model '${name}' must be a mapping with a 'path'.`); continue; }
    r.onlyKeys(p, MODEL_KEYS);
    const m: ModelSpec = { name, path: r.file([...p, 'path'], true) };
    const data = r.str([...p, 'data']);
    if (data && datasets.get(data)?.source) r.problem([...p, 'data'], `dataset '${data}' is a table of a source; a model scores rows on this machine, so its 'data' must be a file.`);
    else if (data) m.data = datasets.has(data) ? (datasets.get(data)!.current ?? datasets.get(data)!.reference!) : resolve(baseDir, data);
    const label = r.str([...p, 'label']);
    if (label) m.label = label;
    const card = r.file([...p, 'card']);
    if (card) m.card = card;
    models.set(name, m);
  }
  if (override && datasets.has(override.dataset)) datasets.set(override.dataset, overriddenDataset(datasets.get(override.dataset)!, override));
  const sources = readSources(r); // 'sources:' (warehouse connections) is checked here so its mistakes are reported with the rest
  for (const d of datasets.values()) {
    for (const k of ['source', 'currentSource'] as const) {
      const ref = d[k];
      if (ref === undefined) continue;
      const name = sourceNameOf(ref);
      if (name !== undefined && !sources.has(name)) r.problem(['datasets', d.name, k], `unknown source '${name}'; declared: ${[...sources.keys()].join(', ') || "(none): declare it under 'sources:'"}.`);
    }
  }
  const context: ConfigContext = { datasets, models };

  const checks: PlannedCheck[] = [];
  const sections = CHECK_KINDS.map((k) => k.section);
  r.onlyKeys(['checks'], sections);
  if (r.kindOf(['checks']) === 'absent') r.problem([], `no 'checks' section: add at least one, e.g.\nchecks:\n  drift:\n    - dataset: loans`);
  for (const kind of CHECK_KINDS) {
    const sp: YamlPath = ['checks', kind.section];
    const shape = r.kindOf(sp);
    if (shape === 'absent') continue;
    if (shape !== 'seq') { r.problem(sp, `'checks.${kind.section}' must be a list of ${kind.label} checks (items starting with '- ').`); continue; }
    for (let i = 0; i < r.length(sp); i++) {
      const p: YamlPath = [...sp, i];
      if (r.kindOf(p) !== 'map') { r.problem(p, `each ${kind.label} check must be a mapping.`); continue; }
      if (override && !keepEntry(r, p, kind.kind, override, options.only, (line, col) => origin!.checks.find((c) => c.at?.line === line && c.at.col === col)?.id)) continue;
      r.onlyKeys(p, [...kind.keys, 'name']);
      const parsed = kind.parse(r, p, context);
      if (!parsed) continue;
      const name = r.str([...p, 'name']) ?? parsed.name;
      const id = `${kind.kind}/${name}`;
      if (checks.some((c) => c.id === id)) { r.problem(p, `two ${kind.label} checks are both named '${name}'; give one a distinct 'name:'.`); continue; }
      checks.push({ id, kind: kind as PlannedCheck['kind'], title: parsed.title, files: parsed.files, spec: parsed.spec, at: r.position(p) });
    }
  }
  r.throwIfProblems();
  return { file, baseDir, context, checks, sources };
}

/**
 * The data file a check entry refers to: `data: file.csv` (a path) or `dataset: name` (that dataset's current
 * file, or its reference with `which: 'reference'`).
 */
export function dataFile(r: ConfigReader, p: YamlPath, ctx: ConfigContext, which: 'current' | 'reference' = 'current', allowSource = false): { file: string; dataset?: DatasetSpec; table?: CheckTable } | undefined {
  const named = r.str([...p, 'dataset']);
  const file = r.file([...p, 'data']);
  if (named && file) { r.problem([...p, 'data'], `give either 'dataset' or 'data', not both.`); return undefined; }
  if (named) {
    const d = ctx.datasets.get(named);
    if (!d) { r.problem([...p, 'dataset'], `unknown dataset '${named}'${ctx.datasets.size ? `; declared: ${[...ctx.datasets.keys()].join(', ')}` : `; declare it under 'datasets:'`}.`); return undefined; }
    const table = tableOf(d, which);
    if (table && !allowSource) { r.problem([...p, 'dataset'], `dataset '${named}' is a table of a source (${d.source}); this kind of check reads files only so far: give it a file dataset.`); return undefined; }
    if (table) return { file: table.ref, dataset: d, table };
    const f = which === 'current' ? (d.current ?? d.reference) : (d.reference ?? d.current);
    return { file: f!, dataset: d };
  }
  if (file) return { file };
  r.problem(p, `needs 'dataset: <name>' or 'data: <file>'.`);
  return undefined;
}
