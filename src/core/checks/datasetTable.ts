import { isInputError } from '../errors';
import { parseSourceRef } from '../warehouse/sources/sourceRef';
import type { ConfigReader, YamlPath } from './configReader';
import type { DatasetSpec } from './types';

/** The source name of a reference (`pg` of pg:public.loans), or undefined when it does not parse (reported elsewhere). */
export function sourceNameOf(ref: string): string | undefined {
  try {
    return parseSourceRef(ref).source;
  } catch {
    return undefined;
  }
}

/**
 * A dataset's table keys: `source` (a table of a declared source; both sides), `currentSource` (another table
 * for the current side), `referenceWhere` / `currentWhere` (filters, checked against the table's columns when
 * it is opened). A table replaces files: `source` with `reference`/`current` is a located problem.
 */
export function readTableKeys(r: ConfigReader, p: YamlPath, d: DatasetSpec): void {
  const source = r.str([...p, 'source']);
  const currentSource = r.str([...p, 'currentSource']);
  const referenceWhere = r.str([...p, 'referenceWhere']);
  const currentWhere = r.str([...p, 'currentWhere']);
  for (const [k, v] of [['source', source], ['currentSource', currentSource]] as const) {
    if (v === undefined) continue;
    try {
      parseSourceRef(v);
    } catch (e) {
      if (!isInputError(e)) throw e;
      r.problem([...p, k], e.message.replace(/^--source /, ''));
    }
  }
  if (!source) {
    for (const k of ['currentSource', 'referenceWhere', 'currentWhere'] as const) if (r.has([...p, k])) r.problem([...p, k], `'${k}' goes with 'source: <source>:<schema>.<table>'.`);
    return;
  }
  if (d.reference || d.current) r.problem([...p, 'source'], `give either files ('reference', 'current') or a 'source' table, not both.`);
  if (currentSource && sourceNameOf(currentSource) !== sourceNameOf(source)) r.problem([...p, 'currentSource'], `the current table must come from the same source as '${source}'.`);
  d.source = source;
  if (currentSource) d.currentSource = currentSource;
  if (referenceWhere) d.referenceWhere = referenceWhere;
  if (currentWhere) d.currentWhere = currentWhere;
}
