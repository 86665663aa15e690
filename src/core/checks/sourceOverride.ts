import type { ConfigReader, YamlPath } from './configReader';
import type { DatasetSpec } from './types';

/**
 * `model-lens check --source`: one declared dataset read from a table instead of its files. The table(s) and
 * filters take the place of the dataset's own keys, as if modellens.yml said
 * `source: <source>` (`currentSource`, `referenceWhere`, `currentWhere`); label, prediction and timeColumn stay.
 */
export interface DatasetOverride {
  /** The dataset of modellens.yml whose data the table replaces. */
  dataset: string;
  source: string;
  currentSource?: string;
  referenceWhere?: string;
  currentWhere?: string;
  /** How the user wrote it, for messages: `--source pg:public.loans`. */
  text: string;
}

/**
 * Kinds of checks that run on a table (aggregate plans); the others read files only so far. An evaluation check
 * runs as on a dataset declared with `source:` (evaluationOnTable.ts): what needs rows here (`model:`, `business:`)
 * is its own located problem.
 */
export const TABLE_KINDS: ReadonlySet<string> = new Set(['drift', 'health', 'fairness', 'rules', 'evaluation']);

/** The dataset with its data replaced by the table(s): files dropped, the table keys set. */
export function overriddenDataset(d: DatasetSpec, o: DatasetOverride): DatasetSpec {
  const { reference: _r, current: _c, source: _s, currentSource: _cs, referenceWhere: _rw, currentWhere: _cw, ...keep } = d;
  return {
    ...keep, source: o.source,
    ...(o.currentSource !== undefined ? { currentSource: o.currentSource } : {}),
    ...(o.referenceWhere !== undefined ? { referenceWhere: o.referenceWhere } : {}),
    ...(o.currentWhere !== undefined ? { currentWhere: o.currentWhere } : {}),
  };
}

/**
 * Whether a check entry is parsed under an override: only the entries that read the overridden dataset
 * (`dataset: <name>`) run. An entry of a kind that reads files only is a located problem unless --only leaves
 * it out (`idAt` names it by the id the unchanged configuration gives it).
 */
export function keepEntry(r: ConfigReader, p: YamlPath, kind: string, o: DatasetOverride, only: readonly string[] | undefined, idAt: (line: number, col: number) => string | undefined): boolean {
  if (r.str([...p, 'dataset']) !== o.dataset) return false;
  if (TABLE_KINDS.has(kind)) return true;
  const pos = r.position(p);
  const id = idAt(pos.line, pos.col);
  if (only && (id === undefined || !only.includes(id))) return false;
  r.problem(p, `${id ?? `this ${kind} check`} reads dataset '${o.dataset}', which ${o.text} replaces with a table, and ${kind} checks read files only so far. Leave it out with --only (drift, health, fairness, rules and evaluation checks run on tables), or run 'model-lens check' without --source for it.`);
  return false;
}
