import { readInputFile } from '../io/inputFile';
import { InputError } from '../errors';
import { BASELINE_SCHEMA, BASELINE_VERSION, type Baseline } from './types';

/**
 * A baseline as JSON a person can read in a diff: 2-space indentation, keys in a fixed order (as built), and
 * short arrays of numbers/strings (sketch buckets, category pairs, histogram counts) on one line each.
 */
export function stringifyBaseline(b: Baseline): string {
  return `${write(b, '')}\n`;
}

function isFlat(v: unknown[]): boolean {
  return v.every((x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object')));
}

function flatLine(x: unknown): string {
  return Array.isArray(x) ? `[${x.map((y) => JSON.stringify(y)).join(', ')}]` : JSON.stringify(x);
}

function write(v: unknown, indent: string): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (isFlat(v) && v.every((x) => !Array.isArray(x))) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
    if (isFlat(v)) return `[\n${v.map((x) => `${inner}${flatLine(x)}`).join(',\n')}\n${indent}]`;
    return `[\n${v.map((x) => `${inner}${write(x, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** Reads and shape-checks a baseline file; InputError 'BAD_BASELINE' (or FILE_NOT_FOUND) says what is wrong. */
export function readBaseline(path: string): Baseline {
  const bytes = readInputFile(path, 'baseline', `Create one with 'model-lens baseline <dataset> --out ${path}' or "Model Lens: Save Health Baseline".`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new InputError('BAD_BASELINE', `baseline ${path} is not valid JSON (${e instanceof Error ? e.message : String(e)}); re-create it with 'model-lens baseline'.`, { path });
  }
  return parseBaseline(parsed, path);
}

export function parseBaseline(v: unknown, where: string): Baseline {
  const bad = (what: string) => new InputError('BAD_BASELINE', `${where} is not a Model Lens health baseline: ${what}. Re-create it with 'model-lens baseline'.`, { path: where });
  if (typeof v !== 'object' || v === null) throw bad('expected a JSON object');
  const b = v as Partial<Baseline>;
  if (b.schema !== BASELINE_SCHEMA) throw bad(`"schema" must be "${BASELINE_SCHEMA}"`);
  if (b.version !== BASELINE_VERSION) throw bad(`version ${String(b.version)} is not supported (this Model Lens reads version ${BASELINE_VERSION})`);
  if (typeof b.rows !== 'number' || !Array.isArray(b.columns)) throw bad('"rows" and "columns" are required');
  for (const c of b.columns) {
    if (typeof c?.name !== 'string' || typeof c.kind !== 'string' || typeof c.count !== 'number' || typeof c.missing !== 'number') throw bad(`column entries need name, kind, count and missing (at ${JSON.stringify(c)?.slice(0, 60)})`);
    if (c.kind === 'numeric' && (!c.numeric || !c.numeric.sketch)) throw bad(`numeric column '${c.name}' has no sketch`);
  }
  return b as Baseline;
}
