import { InputError } from '../../errors';
import type { TableRef } from '../types';

/** A parsed `--source` reference: the source's name in modellens.yml and the table in it. */
export interface SourceRef {
  source: string;
  table: TableRef;
  /** The reference as written, for messages and reports. */
  text: string;
}

/**
 * Parses `name:part.part.table`, e.g. `pg:features`, `pg:public.features`, `warehouse:sales.orders`,
 * `pg:"My Schema"."odd.name"`. A part is a bare name (no '.', '"', whitespace or control characters) or a
 * double-quoted one ('""' is a quote). Parts are kept as data: dialects quote each one, so no text of a
 * reference ever becomes SQL syntax. At most 3 parts. Throws InputError BAD_SOURCE with the rule broken.
 */
export function parseSourceRef(text: string): SourceRef {
  const m = /^([A-Za-z][A-Za-z0-9_-]{0,39}):(.+)$/s.exec(text);
  if (!m) throw new InputError('BAD_SOURCE', `--source '${text.slice(0, 80)}' is not a source reference: write <source>:<table>, e.g. pg:public.features, with the source declared under 'sources:' in modellens.yml.`);
  const parts: string[] = [];
  const s = m[2]!;
  let i = 0;
  while (i <= s.length) {
    let part = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) throw new InputError('BAD_SOURCE', `--source '${text}': a quoted name is not closed.`);
        if (s[i] === '"') {
          if (s[i + 1] === '"') { part += '"'; i += 2; continue; }
          i++;
          break;
        }
        part += s[i++];
      }
    } else {
      while (i < s.length && s[i] !== '.') part += s[i++];
      if (/["\s]/.test(part)) throw new InputError('BAD_SOURCE', `--source '${text}': '${part}' must be double-quoted (it holds a quote or a space), e.g. "${part.replaceAll('"', '""')}".`);
    }
    if (!part.length) throw new InputError('BAD_SOURCE', `--source '${text}': an empty table or schema name.`);
    if (/[\u0000-\u001f\u007f]/.test(part)) throw new InputError('BAD_SOURCE', `--source '${JSON.stringify(text)}': a name holds a control character.`);
    if (part.length > 255) throw new InputError('BAD_SOURCE', `--source: a name is longer than 255 characters.`);
    parts.push(part);
    if (i >= s.length) break;
    if (s[i] !== '.') throw new InputError('BAD_SOURCE', `--source '${text}': expected '.' after the quoted name "${part}".`);
    i++;
    if (i === s.length) throw new InputError('BAD_SOURCE', `--source '${text}': ends with '.'.`);
  }
  if (parts.length > 3) throw new InputError('BAD_SOURCE', `--source '${text}': at most catalog.schema.table (3 parts); got ${parts.length}.`);
  return { source: m[1]!, table: { namespace: parts.slice(0, -1), name: parts.at(-1)! }, text };
}

/** Whether a dataset argument is a source reference (`name:…` where `name` is a declared source) rather than a file. */
export function looksLikeSourceRef(text: string, declared: ReadonlySet<string>): boolean {
  const m = /^([A-Za-z][A-Za-z0-9_-]{0,39}):/.exec(text);
  return !!m && declared.has(m[1]!);
}
