import { readdirSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { InputError } from '../errors';

const MAX_FILES = 100_000;

/**
 * One path segment of a glob as a RegExp: `*` any run of characters but `/`, `?` one character, `[abc]`, `[a-z]`,
 * `[!x]` a class, `{a,b}` alternatives; everything else literal. A leading `.` is only matched by a literal dot.
 */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) { re += '\\['; continue; }
      let body = segment.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') { re += '(?:'; depth++; }
    else if (c === '}' && depth > 0) { re += ')'; depth--; }
    else if (c === ',' && depth > 0) re += '|';
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  if (depth > 0) throw new InputError('BAD_GLOB', `glob pattern segment '${segment}' has an unclosed '{'.`, { segment });
  return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
}

const MAGIC = /[*?[{]/;

/**
 * Expands an explicit glob pattern (`glob:` datasets) to the sorted list of files it matches; `**` matches any
 * number of folders. Matching is done here, never by the engine, so each file found is later read as one literal
 * path. Symbolic links to folders are not followed (no loops). Returns the static base folder too (Hive keys
 * are read from the paths below it).
 */
export function expandGlob(pattern: string, cwd = process.cwd()): { base: string; files: string[] } {
  const abs = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
  const parts = abs.split(sep).filter((p, i) => p !== '' || i === 0);
  const firstMagic = parts.findIndex((p) => MAGIC.test(p));
  if (firstMagic < 0) throw new InputError('BAD_GLOB', `glob:${pattern} has no wildcard (*, ?, [..], {a,b}); name the file or folder without 'glob:'.`, { pattern });
  const base = parts.slice(0, firstMagic).join(sep) || sep;
  const rest = parts.slice(firstMagic);
  const files: string[] = [];
  const walk = (dir: string, i: number): void => {
    if (files.length > MAX_FILES) return;
    const seg = rest[i]!;
    const last = i === rest.length - 1;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (seg === '**') {
      if (last) for (const e of entries) { if (e.isFile() && !e.name.startsWith('.')) files.push(join(dir, e.name)); }
      else walk(dir, i + 1);
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) walk(join(dir, e.name), i);
      return;
    }
    const re = segmentRegExp(seg);
    for (const e of entries) {
      if (!re.test(e.name)) continue;
      const p = join(dir, e.name);
      if (last) { if (e.isFile() || e.isSymbolicLink()) files.push(p); } else if (e.isDirectory()) walk(p, i + 1);
    }
  };
  walk(base, 0);
  if (files.length > MAX_FILES) throw new InputError('TOO_MANY_FILES', `glob:${pattern} matches more than ${MAX_FILES.toLocaleString('en')} files; narrow the pattern.`, { pattern });
  return { base, files: [...new Set(files)].sort(naturalCompare) };
}

/** File order of multi-file datasets: by path, numbers compared by value (part-2 before part-10). */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
